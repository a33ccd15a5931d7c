import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOp, Expr, PatternPart, Term, Value } from '../../src/ir/types.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import { firstDifference, normalizeExpr, sameExpr } from '../../src/ir/normalize.js';
import { quote, unescapeQuoted } from '../../src/dialects/eql/strings.js';
import { readEqlQuery } from '../../src/dialects/eql/index.js';
import { filterOf, printRule, ruleWith } from './helpers.js';

/** Any text, including quotes, backslashes, controls, astral characters and lone surrogates. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '*', '?', '\n', '\t', '\u0000', '\u202e', '`'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 20,
});

/** Text without the wildcard characters, for chunks between wildcard tokens. */
const chunk = anyText.map((t) => t.replace(/[*?]/g, '')).filter((t) => t.length > 0);

const wildcardPattern = fc.array(fc.oneof(chunk, fc.constant(ANY), fc.constant(ONE)), {
  minLength: 1,
  maxLength: 6,
}) as fc.Arbitrary<PatternPart[]>;

const fieldName = fc.constantFrom(
  'process.name',
  'a',
  '@timestamp',
  'process.args[1]',
  'my field.x',
  'in',
  'sequence.by',
  'x-y',
);

const stringValue: fc.Arbitrary<Value> = fc.oneof(
  anyText.map((t) => ({ type: 'string', pattern: t === '' ? [] : [t] }) as Value),
  wildcardPattern.map((pattern) => ({ type: 'string', pattern }) as Value),
);

const numberValue: fc.Arbitrary<Value> = fc
  .oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  )
  .map((n) => ({ type: 'number', value: Object.is(n, -0) ? 0 : n }) as Value);

const predicateExpr: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .record({
      field: fieldName,
      values: fc.array(stringValue, { minLength: 1, maxLength: 3 }),
      cased: fc.boolean(),
      matchAll: fc.boolean(),
    })
    .map((p) => ({ kind: 'predicate', op: 'eq', transforms: [], ...p }) as Expr),
  fc
    .record({
      field: fieldName,
      op: fc.constantFrom('contains', 'startswith', 'endswith'),
      text: anyText,
      cased: fc.boolean(),
    })
    .map(
      (p) =>
        ({
          kind: 'predicate',
          field: p.field,
          op: p.op,
          values: [{ type: 'string', pattern: p.text === '' ? [] : [p.text] }],
          cased: p.cased,
          matchAll: false,
          transforms: [],
        }) as Expr,
    ),
  fc
    .record({ field: fieldName, op: fc.constantFrom('lt', 'lte', 'gt', 'gte', 'eq'), value: numberValue })
    .map(
      (p) =>
        ({
          kind: 'predicate',
          field: p.field,
          op: p.op,
          values: [p.value],
          cased: true,
          matchAll: false,
          transforms: [],
        }) as Expr,
    ),
  fieldName.map(
    (field) =>
      ({
        kind: 'predicate',
        field,
        op: 'null',
        values: [],
        cased: false,
        matchAll: false,
        transforms: [],
      }) as Expr,
  ),
  fc.record({ field: fieldName, pattern: anyText.filter((t) => t.length > 0), i: fc.boolean() }).map(
    (p) =>
      ({
        kind: 'predicate',
        field: p.field,
        op: 'regex',
        values: [
          {
            type: 'regex',
            pattern: p.pattern,
            flags: { i: p.i, m: false, s: false },
            flavour: 'lucene',
            anchored: true,
          },
        ],
        cased: true,
        matchAll: false,
        transforms: [],
      }) as Expr,
  ),
  fc
    .record({
      field: fieldName,
      cidrs: fc.array(
        fc.ipV4().map((ip) => `${ip}/24`),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(
      (p) =>
        ({
          kind: 'predicate',
          field: p.field,
          op: 'cidr',
          values: p.cidrs.map((cidr) => ({ type: 'cidr', cidr })),
          cased: true,
          matchAll: false,
          transforms: [],
        }) as Expr,
    ),
  fc.constantFrom<Expr>({ kind: 'const', value: true }, { kind: 'const', value: false }),
);

const tree: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    predicateExpr,
    fc.array(tie('expr'), { minLength: 2, maxLength: 4 }).map((items) => ({ kind: 'and', items }) as Expr),
    fc.array(tie('expr'), { minLength: 2, maxLength: 4 }).map((items) => ({ kind: 'or', items }) as Expr),
    tie('expr').map((item) => ({ kind: 'not', item }) as Expr),
  ),
})).expr;

/** Arithmetic and function terms of EQL, as the reader builds them (unary minus is 0 - x). */
const term: fc.Arbitrary<Term> = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldName.map((field) => ({ kind: 'field', field }) as Term),
    numberValue.map((value) => ({ kind: 'value', value }) as Term),
    fc
      .record({
        op: fc.constantFrom<BinaryOp>('+', '-', '*', '/', '%'),
        left: tie('term'),
        right: tie('term'),
      })
      .map((b) => ({ kind: 'binary', ...b }) as Term),
    tie('term').map((t) => ({ kind: 'call', name: 'length', args: [t] }) as Term),
    fc
      .tuple(tie('term'), tie('term'))
      .map(([a, b]) => ({ kind: 'call', name: 'concat', args: [a, b] }) as Term),
    tie('term').map(
      (t) =>
        ({
          kind: 'binary',
          op: '-',
          left: { kind: 'value', value: { type: 'number', value: 0 } },
          right: t,
        }) as Term,
    ),
  ),
})).term;

describe('EQL property tests', () => {
  it('computed comparisons of generated terms round-trip exactly (precedence and parentheses)', () => {
    fc.assert(
      fc.property(
        term,
        fc.constantFrom<BinaryOp>('==', '!=', '<', '<=', '>', '>='),
        term,
        (left, op, right) => {
          // The left side is a call, so that the comparison is never one the reader makes a predicate of.
          const call: Term = { kind: 'call', name: 'length', args: [left] };
          const expr: Expr = {
            kind: 'computed',
            dialect: 'eql',
            term: { kind: 'binary', op, left: call, right },
          };
          const printed = printRule(ruleWith(expr));
          expect(filterOf(printed), printed).toEqual(expr);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('generates trees that exercise the printer (sanity check of the generator)', () => {
    const samples = fc.sample(tree, { numRuns: 200, seed: 7 }).map((e) => printRule(ruleWith(e)));
    expect(samples.some((t) => t.includes(' like '))).toBe(true);
    expect(samples.some((t) => t.includes(' in~ '))).toBe(true);
    expect(samples.some((t) => t.includes('regex'))).toBe(true);
    expect(samples.some((t) => t.includes('not '))).toBe(true);
    expect(samples.some((t) => t.includes('`'))).toBe(true);
    expect(samples.some((t) => t.includes('\n'))).toBe(true);
  });

  it('any text survives quote → unescape', () => {
    fc.assert(
      fc.property(anyText, (text) => unescapeQuoted(quote(text)) === text),
      { numRuns: 500 },
    );
  });

  it('any string literal round-trips through print and parse', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, cased) => {
        const expr: Expr = {
          kind: 'predicate',
          field: 'a',
          op: 'eq',
          values: [{ type: 'string', pattern: text === '' ? [] : [text] }],
          cased,
          matchAll: false,
          transforms: [],
        };
        const back = filterOf(printRule(ruleWith(expr)));
        return sameExpr(back, expr);
      }),
      { numRuns: 300 },
    );
  });

  it('generated predicate trees round-trip (same normal form) and printing is a fixed point', () => {
    fc.assert(
      fc.property(tree, (expr) => {
        const printed = printRule(ruleWith(expr));
        const back = filterOf(printed);
        const difference = firstDifference(normalizeExpr(expr), normalizeExpr(back));
        expect(difference, printed).toBeNull();
        expect(printRule(ruleWith(back))).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any input: a rule or a positioned diagnostic', () => {
    const seed =
      'sequence by a with maxspan=1m [process where x : ("a*", "b") and not length(y) > 2] ![file where ?z == null] | head 1';
    const mutated = fc
      .tuple(
        fc.integer({ min: 0, max: seed.length }),
        fc.integer({ min: 0, max: 5 }),
        fc.string({ maxLength: 4 }),
      )
      .map(([at, cut, insert]) => seed.slice(0, at) + insert + seed.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 60 })), (text) => {
        const parsed = readEqlQuery(text, { title: 'fuzz' });
        if (parsed.rule) return true;
        const d = parsed.diagnostics[0];
        return (
          d !== undefined &&
          d.severity === 'error' &&
          (d.line ?? 0) >= 1 &&
          (d.column ?? 0) >= 1 &&
          d.message.length > 0
        );
      }),
      { numRuns: 1000 },
    );
  });
});
