/**
 * `tostring(split(F, "\\")[-1])` is the last part of a Windows path, the file name (all of F where it holds no
 * backslash). Compared with names that hold no backslash, `… in~ ("cmd.exe", "pwsh.exe")` says exactly: F
 * is the name, or ends with a backslash and the name, which every dialect can say (`endswith`, `eq`). An
 * empty or missing F splits into one empty part, which no non-empty name equals, as the field tests agree.
 */
import type { Expr, Rule, Term } from '../ir/types.js';
import { not, or, predicate, str } from '../ir/build.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { columnOf, liftComputed, numberOf, stringList, stringOf, type Lifted } from './computed-lift.js';

/** `tostring(split(F, "\\")[-1])` (also without `tostring`): F. */
function basenameOf(term: Term | undefined): string | undefined {
  const inner =
    term?.kind === 'call' && term.name === 'tostring' && term.args.length === 1 ? term.args[0] : term;
  if (inner?.kind !== 'call' || inner.name !== '[]' || inner.args.length !== 2) return undefined;
  const [split, index] = inner.args;
  if (numberOf(index) !== -1) return undefined;
  if (split?.kind !== 'call' || split.name !== 'split' || split.args.length !== 2) return undefined;
  if (stringOf(split.args[1]) !== '\\') return undefined;
  return columnOf(split.args[0], false);
}

function liftTerm(term: Term): Lifted | undefined {
  let left: Term | undefined;
  let values: string[] | undefined;
  let cased: boolean;
  let negated: boolean;
  if (term.kind === 'binary' && (term.op === '==' || term.op === '!=')) {
    [left, values, cased, negated] = [term.left, [stringOf(term.right) ?? ''], true, term.op === '!='];
  } else if (term.kind === 'call' && /^!?(in~?|=~|!~)$/.test(term.name) && term.args.length >= 2) {
    const [first, ...rest] = term.args;
    left = first;
    values =
      term.name === '=~' || term.name === '!~'
        ? rest.length === 1
          ? [stringOf(rest[0]) ?? '']
          : undefined
        : stringList(rest);
    cased = term.name === 'in' || term.name === '!in';
    negated = term.name.startsWith('!');
  } else return undefined;
  const field = basenameOf(left);
  if (field === undefined || !values?.length || values.some((v) => v === '' || v.includes('\\')))
    return undefined;
  const names = [...new Set(values)];
  const test: Expr = or([
    predicate({ field, op: 'eq', values: names.map(str), cased }),
    predicate({ field, op: 'endswith', values: names.map((n) => str('\\' + n)), cased }),
  ]);
  return { expr: negated ? not(test) : test };
}

/** The rule with its comparisons of a path's file name (`split(F, "\\")[-1]`) written as field tests. */
export function liftBasename(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftComputed(rule, liftTerm, {
    code: 'kql/basename',
    message: () =>
      'a comparison of the last part of a path (split(F, "\\\\")[-1]) written as: F is the name, or ends with a backslash and the name',
  });
}
