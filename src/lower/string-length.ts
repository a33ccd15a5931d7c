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
import type { Expr, Query, Rule, Term } from '../ir/types.js';
import { predicate } from '../ir/build.js';
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
  return term.kind === 'value' && term.value.type === 'number' && Number.isInteger(term.value.value)
    ? term.value.value
    : undefined;
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
    return predicate({ field: test.field, op: 'eq', values: [{ type: 'string', pattern: [''] }], cased: true });
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

function mapSearches(query: Query, lift: (filter: Expr) => Expr): Query {
  if (query.kind === 'search') return { ...query, filter: lift(query.filter) };
  if (query.kind === 'sequence' || query.kind === 'temporal' || query.kind === 'aggregate') {
    return {
      ...query,
      steps: query.steps.map((s) => ({ ...s, query: mapSearches(s.query, lift) })),
    } as Query;
  }
  return query;
}

/** The rule with its EQL length tests written as field tests, and what that changes. */
export function liftStringLength(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  let found = false;
  // Fields whose "at least n" test stands un-negated (narrower where EQL counts longer) or negated (broader).
  const asserted = new Set<string>();
  const denied = new Set<string>();
  const walk = (expr: Expr, negated: boolean): Expr => {
    switch (expr.kind) {
      case 'and':
      case 'or':
        return { ...expr, items: expr.items.map((i) => walk(i, negated)) };
      case 'not':
        return { ...expr, item: walk(expr.item, !negated) };
      case 'computed': {
        if (expr.dialect !== 'eql') return expr;
        const test = lengthTest(expr.term);
        if (!test) return expr;
        found = true;
        if (test.kind === 'at least') (negated ? denied : asserted).add(test.field);
        return fieldTest(test);
      }
      default:
        return expr;
    }
  };
  const query = mapSearches(rule.query, (filter) => walk(filter, false));
  if (!found) return { rule, diagnostics: [] };
  const note = (field: string, fidelity: 'narrower' | 'broader'): Diagnostic => ({
    severity: 'info',
    code: 'eql/length',
    message: `length(${field}) compared with a number is written as a regex of that many characters; EQL counts UTF-16 units, so a value with characters beyond the Basic Multilingual Plane (an emoji) counts longer there`,
    fidelity,
  });
  const diagnostics = [
    ...[...asserted].map((f) => note(f, 'narrower')),
    ...[...denied].map((f) => note(f, 'broader')),
  ];
  return { rule: { ...rule, query }, diagnostics };
}
