/**
 * Property tests: any string survives quoting and reading; any predicate tree of the forms KQL expresses
 * prints to text that reads back to the same normal form, prints again to the same text, and (on a sample)
 * passes Kusto.Language.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr, Pattern, Predicate, Rule, Value } from '../../src/ir/types.js';
import { emptyMeta } from '../../src/ir/build.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import { firstDifference, normalizeExpr } from '../../src/ir/normalize.js';
import { printKql, readKqlQuery } from '../../src/dialects/kql/index.js';
import { quoteString } from '../../src/dialects/kql/strings.js';
import { hasShared } from '../support/shared.js';
import { filterOf, readRule } from './helpers.js';
import { describeKusto, kustoDiagnostics } from './kusto.js';

const awkward = fc.constantFrom(
  '\\',
  '"',
  "'",
  '*',
  '?',
  '.',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  '^',
  '$',
  '+',
  '\n',
  '\r',
  '\t',
  ' ',
  'é',
  '€',
  '😀',
  '\u2028',
  '\u0001',
  '@',
  '`',
);
const text = (minLength = 0): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(awkward, fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), {
      minLength,
      maxLength: 6,
    })
    .map((parts) => parts.join(''))
    .filter((s) => s.length >= minLength);

const stringColumns = [
  'Account',
  'CommandLine',
  'Computer',
  'NewProcessName',
  'ParentProcessName',
  'Process',
  'TargetUserName',
];
const column = fc.constantFrom(...stringColumns);
const str = (s: string): Value => ({ type: 'string', pattern: s === '' ? [] : [s] });

const wildcardPattern: fc.Arbitrary<Pattern> = fc
  .array(fc.oneof(text(1), fc.constant(ANY), fc.constant(ONE)), { minLength: 1, maxLength: 5 })
  .filter((parts) => parts.some((p) => typeof p !== 'string'));

const pred = (init: Partial<Predicate> & Pick<Predicate, 'field' | 'op' | 'values'>): Predicate => ({
  kind: 'predicate',
  matchAll: false,
  cased: false,
  transforms: [],
  ...init,
});

const predicateArb: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .record({ field: column, cased: fc.boolean(), values: fc.array(text(), { minLength: 1, maxLength: 3 }) })
    .map(({ field, cased, values }) => pred({ field, op: 'eq', cased, values: values.map(str) })),
  fc
    .record({ field: column, cased: fc.boolean(), pattern: wildcardPattern })
    .map(({ field, cased, pattern }) =>
      pred({ field, op: 'eq', cased, values: [{ type: 'string', pattern }] }),
    ),
  fc
    .record({
      field: column,
      cased: fc.boolean(),
      op: fc.constantFrom('contains' as const, 'startswith' as const, 'endswith' as const),
      values: fc.array(text(1), { minLength: 1, maxLength: 2 }),
    })
    .map(({ field, cased, op, values }) => pred({ field, op, cased, values: values.map(str) })),
  fc
    .record({
      field: column,
      matchAll: fc.boolean(),
      values: fc.array(text(1), { minLength: 1, maxLength: 3 }),
    })
    .map(({ field, matchAll, values }) => pred({ field, op: 'term', matchAll, values: values.map(str) })),
  fc
    .record({ field: column, value: text(1) })
    .map(({ field, value }) => pred({ field, op: 'term', cased: true, values: [str(value)] })),
  fc
    .record({
      op: fc.constantFrom('eq' as const, 'lt' as const, 'lte' as const, 'gt' as const, 'gte' as const),
      n: fc.integer({ min: -100000, max: 100000 }),
    })
    .map(({ op, n }) => pred({ field: 'EventID', op, values: [{ type: 'number', value: n }] })),
  fc
    .record({ a: fc.integer({ min: 0, max: 255 }), bits: fc.integer({ min: 0, max: 32 }) })
    .map(({ a, bits }) =>
      pred({ field: 'IpAddress', op: 'cidr', values: [{ type: 'cidr', cidr: `${a}.0.0.0/${bits}` }] }),
    ),
  fc
    .record({ field: column, i: fc.boolean(), word: fc.stringMatching(/^[a-z0-9]{1,6}$/) })
    .map(({ field, i, word }) =>
      pred({
        field,
        op: 'regex',
        cased: true,
        values: [
          {
            type: 'regex',
            pattern: `${word}\\d+[a-z]*`,
            flags: { i, m: false, s: false },
            flavour: 're2',
            anchored: false,
          },
        ],
      }),
    ),
  column.map((field) => pred({ field, op: 'null', values: [] })),
  column.map((field): Expr => ({
    kind: 'or',
    items: [
      pred({ field, op: 'null', values: [] }),
      pred({ field, op: 'eq', cased: true, values: [str('')] }),
    ],
  })),
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    predicateArb,
    fc.record({ kind: fc.constant('not' as const), item: tie('expr') }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      items: fc.array(tie('expr'), { minLength: 2, maxLength: 3 }),
    }),
  ),
})).expr;

function ruleOf(filter: Expr): Rule {
  return {
    meta: emptyMeta('property'),
    query: { kind: 'search', source: { model: 'sentinel', native: { table: 'SecurityEvent' } }, filter },
    output: [],
    provenance: { dialect: 'kql' },
  };
}

describe('KQL literals and predicate trees (fast-check)', () => {
  it('any string survives quoting and reading back', () => {
    fc.assert(
      fc.property(text(), (value) => {
        const f = filterOf(`Account == ${quoteString(value)}`);
        expect(f).toMatchObject({ kind: 'predicate', values: [str(value)] });
      }),
      { numRuns: 300 },
    );
  });

  it('any predicate tree prints, reads back to the same normal form, and prints again identically', () => {
    fc.assert(
      fc.property(exprArb, (filter) => {
        const text = printKql(ruleOf(filter)).text;
        const back = readRule(text, 'property');
        if (back.query.kind !== 'search') throw new Error('not a search');
        const diff = firstDifference(normalizeExpr(filter), normalizeExpr(back.query.filter));
        expect(diff, text).toBeNull();
        expect(printKql(back).text).toBe(text);
      }),
      { numRuns: 400 },
    );
  });

  it('any text either reads or is refused with a KQL diagnostic (never an internal error)', () => {
    const fragment = fc.constantFrom(
      'SecurityEvent',
      '|',
      'where',
      'extend',
      'x',
      '=',
      '==',
      '"a"',
      '(',
      ')',
      ',',
      'and',
      'or',
      'has',
      'in~',
      '[',
      ']',
      'summarize',
      'by',
      'count()',
      'let',
      ';',
      '1d',
      '!',
      '@"\\"',
      'between',
      '..',
      'parse',
      'with',
      '*',
      'not(',
      '{',
      '}',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 14 }), (parts) => {
        const parsed = readKqlQuery(parts.join(' '), { title: 'fuzz' });
        if (parsed.rule) return;
        expect(parsed.diagnostics[0]?.code).toMatch(/^kql\/(?!internal)/);
      }),
      { numRuns: 500 },
    );
  });

  it.skipIf(!hasShared)('printed predicate trees pass Kusto.Language', () => {
    fc.assert(
      fc.property(exprArb, (filter) => {
        const text = printKql(ruleOf(filter)).text;
        const errors = kustoDiagnostics(text);
        expect(errors, `${text}\n${describeKusto(errors)}`).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
