import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, not, or, predicate } from '../../src/ir/build.js';
import { normalizeExpr, sameExpr } from '../../src/ir/normalize.js';
import { ANY, ONE, normalizePattern } from '../../src/ir/pattern.js';
import type { Expr } from '../../src/ir/types.js';

const eq = (field: string, ...pattern: (string | typeof ANY)[]) =>
  predicate({ field, op: 'eq', values: [{ type: 'string', pattern }] });

describe('IR normal form', () => {
  it('flattens, sorts and deduplicates boolean structure and drops labels', () => {
    const a = eq('A', 'x');
    const b = eq('B', 'y');
    expect(normalizeExpr(and([b, and([a, a], 'sel')], 'top'))).toEqual(normalizeExpr(and([a, b])));
    expect(normalizeExpr(or([a]))).toEqual(normalizeExpr(a));
    expect(normalizeExpr(not(not(a)))).toEqual(normalizeExpr(a));
  });

  it('treats substring operators as the wildcard patterns they are', () => {
    expect(
      sameExpr(
        predicate({ field: 'F', op: 'contains', values: [{ type: 'string', pattern: ['x'] }] }),
        eq('F', ANY, 'x', ANY),
      ),
    ).toBe(true);
    expect(
      sameExpr(
        predicate({ field: 'F', op: 'contains', values: [{ type: 'string', pattern: ['x'] }], cased: true }),
        eq('F', ANY, 'x', ANY),
      ),
    ).toBe(false);
  });

  it('keeps case sensitivity, value types and transforms apart', () => {
    expect(
      sameExpr(eq('F', '1'), predicate({ field: 'F', op: 'eq', values: [{ type: 'number', value: 1 }] })),
    ).toBe(false);
    expect(
      sameExpr(
        predicate({
          field: 'F',
          op: 'contains',
          values: [{ type: 'string', pattern: ['x'] }],
          transforms: ['base64offset'],
        }),
        eq('F', ANY, 'x', ANY),
      ),
    ).toBe(false);
  });

  it('multi-value predicates equal their OR / AND of single values', () => {
    const multi = predicate({
      field: 'F',
      op: 'eq',
      values: [
        { type: 'string', pattern: ['a'] },
        { type: 'string', pattern: ['b'] },
      ],
    });
    expect(sameExpr(multi, or([eq('F', 'b'), eq('F', 'a')]))).toBe(true);
    expect(sameExpr({ ...multi, matchAll: true }, and([eq('F', 'a'), eq('F', 'b')]))).toBe(true);
  });

  it('canonicalises wildcard runs', () => {
    expect(normalizePattern(['a', ANY, '', ANY, ONE, 'b'])).toEqual(['a', ONE, ANY, 'b']);
  });

  const leaf = fc.constantFrom<Expr>(eq('A', 'x'), eq('B', ANY, 'y'), eq('C', 'z'), {
    kind: 'const',
    value: true,
  });
  const tree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((items) => and(items)),
      fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((items) => or(items)),
      tie('e').map((e) => not(e)),
    ),
  })).e;

  it('is idempotent and insensitive to the order of and/or children (property)', () => {
    fc.assert(
      fc.property(tree, (e) => {
        const n = normalizeExpr(e);
        expect(normalizeExpr(n)).toEqual(n);
        if (e.kind === 'and' || e.kind === 'or') {
          expect(normalizeExpr({ ...e, items: [...e.items].reverse() })).toEqual(n);
        }
      }),
      { numRuns: 500 },
    );
  });
});
