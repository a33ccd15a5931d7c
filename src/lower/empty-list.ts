/**
 * A membership test of an empty list: `x in (list)` with `let list = dynamic([])`, the placeholder rules leave
 * for an analyst to fill. Nothing is in an empty list, so `in`, `in~` and `has_any` are false and `!in`,
 * `!in~` true for every row, whatever x is. The condition becomes that constant,
 * which drops out of its junction: exact.
 */
import type { Rule, Term } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { liftComputed, stringList, type Lifted } from './computed-lift.js';

const CONSTANT: Record<string, boolean> = {
  in: false,
  'in~': false,
  has_any: false,
  '!in': true,
  '!in~': true,
};

function liftTerm(term: Term): Lifted | undefined {
  if (term.kind !== 'call' || !(term.name in CONSTANT) || term.args.length < 2) return undefined;
  const values = stringList(term.args.slice(1));
  if (values === undefined || values.length > 0) return undefined;
  return { expr: { kind: 'const', value: CONSTANT[term.name] as boolean } };
}

/** The rule with its membership tests of empty lists folded to the constants they are. */
export function liftEmptyList(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftComputed(rule, liftTerm, {
    code: 'kql/empty-list',
    message: () => 'a membership test of an empty list (dynamic([])) is constant: folded away',
  });
}
