import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSigma, printSigma } from '../../src/dialects/sigma/index.js';
import { emptyMeta } from '../../src/ir/build.js';
import { firstDifference, normalizeExpr, sameExpr } from '../../src/ir/normalize.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import type { Expr, Pattern, Predicate, Rule, Value, ValueTransform } from '../../src/ir/types.js';

/**
 * Any expression Sigma can say survives printing and reading back: the printer is checked on rules unlike
 * any in the corpus, with awkward characters, wildcards, placeholders, modifiers and boolean shapes.
 */
const text = fc.string({
  unit: fc.constantFrom('a', 'B', '\\', '*', '?', "'", '"', ':', ' ', '#', '-', '%', 'é', '|'),
  minLength: 1,
  maxLength: 6,
});
const part = fc.oneof(text, fc.constant(ANY), fc.constant(ONE));
const pattern: fc.Arbitrary<Pattern> = fc.array(part, { minLength: 1, maxLength: 4 });
const literal: fc.Arbitrary<Pattern> = text.map((t) => [t]);
const field = fc.constantFrom('Image', 'CommandLine', 'process.name', 'Data Name', 'x-y', 'EventID');

const stringValue = (p: fc.Arbitrary<Pattern>): fc.Arbitrary<Value> =>
  p.map((pattern) => ({ type: 'string' as const, pattern }));

const predicate: fc.Arbitrary<Predicate> = fc.oneof(
  fc
    .record({
      field,
      op: fc.constantFrom('eq' as const, 'contains' as const, 'startswith' as const, 'endswith' as const),
      values: fc.array(stringValue(pattern), { minLength: 1, maxLength: 3 }),
      matchAll: fc.boolean(),
      cased: fc.boolean(),
    })
    .map((p) => ({ kind: 'predicate' as const, transforms: [] as ValueTransform[], ...p })),
  fc
    .record({
      field,
      values: fc.array(stringValue(literal), { minLength: 1, maxLength: 2 }),
      transforms: fc.constantFrom<ValueTransform[]>(
        ['base64offset'],
        ['wide', 'base64offset'],
        ['windash'],
        ['base64'],
      ),
    })
    .map((p) => ({
      kind: 'predicate' as const,
      op: 'contains' as const,
      matchAll: false,
      cased: false,
      ...p,
    })),
  fc
    .record({
      field,
      values: fc.array(
        fc.integer({ min: -5, max: 70000 }).map((value) => ({ type: 'number' as const, value })),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map((p) => ({
      kind: 'predicate' as const,
      op: 'eq' as const,
      matchAll: false,
      cased: false,
      transforms: [],
      ...p,
    })),
  fc
    .record({
      field,
      op: fc.constantFrom('lt' as const, 'lte' as const, 'gt' as const, 'gte' as const),
      value: fc.integer(),
    })
    .map((p) => ({
      kind: 'predicate' as const,
      field: p.field,
      op: p.op,
      values: [{ type: 'number' as const, value: p.value }],
      matchAll: false,
      cased: false,
      transforms: [],
    })),
  fc
    .record({
      field,
      flags: fc.record({ i: fc.boolean(), m: fc.boolean(), s: fc.boolean() }),
      source: fc.constantFrom('^a.*b$', 'x{2,3}', '[a-z]+\\.exe', "it's"),
    })
    .map((p) => ({
      kind: 'predicate' as const,
      field: p.field,
      op: 'regex' as const,
      values: [
        {
          type: 'regex' as const,
          pattern: p.source,
          flags: p.flags,
          flavour: 'pcre' as const,
          anchored: false,
        },
      ],
      matchAll: false,
      cased: true,
      transforms: [],
    })),
  fc
    .record({
      field,
      part: fc.constantFrom('hour' as const, 'month' as const),
      op: fc.constantFrom('eq' as const, 'gte' as const),
      value: fc.integer({ min: 0, max: 23 }),
    })
    .map((p) => ({
      kind: 'predicate' as const,
      field: p.field,
      op: p.op,
      values: [{ type: 'number' as const, value: p.value }],
      matchAll: false,
      cased: false,
      transforms: [],
      datePart: p.part,
    })),
  fc.record({ field, cidr: fc.constantFrom('10.0.0.0/8', '192.168.1.0/24', 'fd00::/8') }).map((p) => ({
    kind: 'predicate' as const,
    field: p.field,
    op: 'cidr' as const,
    values: [{ type: 'cidr' as const, cidr: p.cidr }],
    matchAll: false,
    cased: false,
    transforms: [],
  })),
  fc.record({ field, op: fc.constantFrom('exists' as const, 'null' as const) }).map((p) => ({
    kind: 'predicate' as const,
    ...p,
    values: [],
    matchAll: false,
    cased: false,
    transforms: [],
  })),
  fc.record({ field, other: field, op: fc.constantFrom('eq' as const, 'startswith' as const) }).map((p) => ({
    kind: 'predicate' as const,
    field: p.field,
    op: p.op,
    values: [{ type: 'fieldref' as const, field: p.other }],
    matchAll: false,
    cased: false,
    transforms: [],
  })),
  fc
    .record({
      values: fc.array(stringValue(pattern), { minLength: 1, maxLength: 3 }),
      op: fc.constantFrom('eq' as const, 'contains' as const),
    })
    .map((p) => ({
      kind: 'predicate' as const,
      field: null,
      matchAll: false,
      cased: false,
      transforms: [],
      ...p,
    })),
  fc.record({ field, name: fc.constantFrom('Servers', 'DomainControllers') }).map((p) => ({
    kind: 'predicate' as const,
    field: p.field,
    op: 'eq' as const,
    values: [{ type: 'string' as const, pattern: ['x', { placeholder: p.name }] as Pattern }],
    matchAll: false,
    cased: false,
    transforms: [],
  })),
);

/** Labels as Sigma sources give them, including names a condition cannot use. */
const label = fc.option(
  fc.constantFrom(
    'selection',
    'selection_img',
    'filter_main',
    'filter_optional',
    'sel-1',
    'and',
    'them',
    '1',
    'x y',
  ),
  { nil: undefined },
);

const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    predicate,
    fc
      .tuple(fc.array(tie('e'), { minLength: 1, maxLength: 3 }), label)
      .map(([items, name]): Expr => (name ? { kind: 'and', items, label: name } : { kind: 'and', items })),
    fc
      .tuple(fc.array(tie('e'), { minLength: 1, maxLength: 3 }), label)
      .map(([items, name]): Expr => (name ? { kind: 'or', items, label: name } : { kind: 'or', items })),
    tie('e').map((item): Expr => ({ kind: 'not', item })),
  ),
})).e;

function ruleOf(filter: Expr): Rule {
  return {
    meta: emptyMeta('generated'),
    query: {
      kind: 'search',
      source: { model: 'sigma', native: { logsource: { category: 'process_creation', product: 'windows' } } },
      filter,
    },
    output: [],
    provenance: { dialect: 'sigma' },
  };
}

/**
 * The expression with every negation pushed down to its predicates (De Morgan, in normal form first, so that a
 * multi-valued predicate counts as the junction it stands for).
 */
function negationsInward(expr: Expr, negated = false): Expr {
  const e = normalizeExpr(expr);
  if (e.kind === 'not') return negationsInward(e.item, !negated);
  if (e.kind === 'and' || e.kind === 'or') {
    const kind = negated ? (e.kind === 'and' ? 'or' : 'and') : e.kind;
    return { kind, items: e.items.map((i) => negationsInward(i, negated)) };
  }
  return negated ? { kind: 'not', item: e } : e;
}

describe('Sigma printer on generated rules (property)', () => {
  it('print → read gives the same expression, and printing again the same text', () => {
    fc.assert(
      fc.property(expr, (filter) => {
        // A tree that normalises to a constant has no Sigma form: the printer must refuse it, not guess.
        const normal = normalizeExpr(filter);
        if (normal.kind === 'const') {
          expect(() => printSigma(ruleOf(filter))).toThrow();
          return;
        }
        const text = printSigma(ruleOf(filter)).text;
        const [file] = parseSigma([{ text, file: 'generated.yml' }]);
        const back = file?.rules[0]?.rule;
        if (!back || back.query.kind !== 'search')
          throw new Error(`did not read back:\n${text}\n${JSON.stringify(file)}`);
        // The printer may state a negation by De Morgan (`not a and not b` as `neq: [a, b]`): the same expression.
        if (!sameExpr(negationsInward(filter), negationsInward(back.query.filter))) {
          throw new Error(
            `changed: ${firstDifference(normalizeExpr(negationsInward(filter)), normalizeExpr(negationsInward(back.query.filter)))}\n${text}`,
          );
        }
        expect(printSigma(back).text).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('Sigma reader on arbitrary input (property)', () => {
  const key = fc.constantFrom(
    'Image',
    'Image|contains',
    'F|re|i',
    'F|cidr',
    'F|exists',
    'F|all',
    '|all',
    'F|nope',
    'F|gt',
    'F|base64',
    'condition',
    'x|fieldref',
  );
  const scalarValue = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null));
  const yamlValue = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      scalarValue,
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(key, tie('v'), { maxKeys: 3 }),
    ),
  })).v;
  const detection = fc.record({
    selection: yamlValue,
    condition: fc.oneof(
      fc.constantFrom('selection', 'not selection', '1 of sel*', 'selection and', 'all of them'),
      fc.string({ maxLength: 8 }),
      scalarValue,
    ),
  });

  it('never throws: every document becomes a rule or positioned errors', async () => {
    const jsYaml = (await import('js-yaml')).default;
    fc.assert(
      fc.property(detection, (det) => {
        const text = jsYaml.dump({ title: 'fuzz', logsource: { product: 'windows' }, detection: det });
        const [file] = parseSigma([{ text, file: 'fuzz.yml' }]);
        for (const r of file?.rules ?? []) {
          if (r.rule) continue;
          const error = r.diagnostics.find((d) => d.severity === 'error');
          expect(error).toBeDefined();
          expect(error?.line).toBeGreaterThan(0);
          expect(error?.column).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
