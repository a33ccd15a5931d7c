/**
 * EQL's `length(field) > n` tests how long a text value is, which Sigma (and a data model's mapping) can only
 * say as a field test. "At least n characters" is the regex `^.{n,}` with `.` matching line breaks, which every
 * dialect has (Sigma `|re|s`, EQL `regex`, KQL `matches regex`), and "empty" is the test of the empty string.
 * Like EQL, both tests fail where the field is missing.
 *
 * What differs: EQL counts a string's UTF-16 units and a regex its characters, so a value with characters outside
 * the Basic Multilingual Plane (an emoji) counts longer in EQL: such a value may pass `length > n` and not the
 * regex (narrower, broader under a negation). A multi-valued field's length is its number of values, not a text
 * length: the ECS fields that hold lists are left as they are, as are tests of an upper bound, whose regex would
 * need an end anchor that Sigma's regexes and KQL's treat differently before a final line break.
 */
import type { Expr, Rule, Term } from '../ir/types.js';
import { predicate } from '../ir/build.js';
import { liftComputed, numberOf, type Lifted } from './computed-lift.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** ECS fields whose values are lists (keyword arrays), whose `length` counts items. */
const LIST_FIELDS = new Set([
  'process.args',
  'process.parent.args',
  'registry.data.strings',
  'dns.answers',
  'dns.resolved_ip',
  'event.category',
  'event.type',
  'tags',
]);
const isList = (field: string): boolean => LIST_FIELDS.has(field) || field.startsWith('related.');

/** RE2 (KQL) refuses a repetition count above 1000. */
const MAX_REPEAT = 1000;

type LengthTest = { field: string; kind: 'at least'; count: number } | { field: string; kind: 'empty' };

function lengthOf(term: Term): string | undefined {
  if (term.kind !== 'call' || term.name !== 'length' || term.args.length !== 1) return undefined;
  const [arg] = term.args as [Term];
  return arg.kind === 'field' && !isList(arg.field) ? arg.field : undefined;
}

function integer(term: Term): number | undefined {
  const n = numberOf(term);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** The test a comparison of a length with a whole number states, where it has a field-test form. */
function lengthTest(term: Term): LengthTest | undefined {
  if (term.kind !== 'binary') return undefined;
  // `n < length(f)` reads as `length(f) > n`.
  const flipped: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==' };
  const direct = lengthOf(term.left);
  const field = direct ?? lengthOf(term.right);
  const count = direct !== undefined ? integer(term.right) : integer(term.left);
  const op = direct !== undefined ? term.op : flipped[term.op];
  if (field === undefined || count === undefined || count < 0) return undefined;
  const atLeast = op === '>' ? count + 1 : op === '>=' ? count : undefined;
  if (atLeast !== undefined) {
    return atLeast <= MAX_REPEAT ? { field, kind: 'at least', count: atLeast } : undefined;
  }
  return op === '==' && count === 0 ? { field, kind: 'empty' } : undefined;
}

function fieldTest(test: LengthTest): Expr {
  if (test.kind === 'empty') {
    return predicate({
      field: test.field,
      op: 'eq',
      values: [{ type: 'string', pattern: [''] }],
      cased: true,
    });
  }
  return predicate({
    field: test.field,
    op: 'regex',
    values: [
      {
        type: 'regex',
        pattern: `^.{${test.count},}`,
        flags: { i: false, m: false, s: true },
        flavour: 'pcre',
        anchored: false,
      },
    ],
    cased: true,
  });
}

/** A length comparison as the field test that says it: "at least n" narrower where EQL counts longer. */
function liftTerm(term: Term): Lifted | undefined {
  const test = lengthTest(term);
  if (!test) return undefined;
  return test.kind === 'empty' ? { expr: fieldTest(test) } : { expr: fieldTest(test), asserted: 'narrower' };
}

/** The rule with its EQL length tests written as field tests, and what that changes. */
export function liftStringLength(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftComputed(
    rule,
    liftTerm,
    {
      code: 'eql/length',
      message: (fidelity) =>
        fidelity === undefined
          ? 'length() compared with 0 is written as the test of the empty string'
          : `length() compared with a number is written as a regex of that many characters; EQL counts UTF-16 units, so a value with characters beyond the Basic Multilingual Plane (an emoji) counts longer there: ${fidelity}`,
    },
    'eql',
  );
}
