import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pattern, PatternPart } from '../../src/ir/types.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import { compileRegex, compileTerm, compileWildcard } from '../../src/engine/index.js';

const text = fc.string({
  unit: fc.constantFrom('a', 'B', 'c', '*', '?', '\\', '-', ' ', '.', 'é', 'Z', '1'),
  maxLength: 20,
});
const asciiText = fc.string({
  unit: fc.constantFrom('a', 'b', 'C', 'd', '1', ' ', '.', '*', '?', '_'),
  maxLength: 20,
});

/** A reference wildcard matcher built on a (fine for short inputs) JS RegExp. */
function reference(pattern: Pattern, cased: boolean): (t: string) => boolean {
  const source = pattern
    .map((p) =>
      typeof p === 'string'
        ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        : 'wildcard' in p
          ? p.wildcard === '*'
            ? '[\\s\\S]*'
            : '[\\s\\S]'
          : '',
    )
    .join('');
  const re = new RegExp(`^${source}$`, cased ? 'su' : 'isu');
  return (t) => re.test(t);
}

const part: fc.Arbitrary<PatternPart> = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'C', '.', '*'), minLength: 1, maxLength: 3 }),
  fc.constant(ANY),
  fc.constant(ONE),
);

describe('properties', () => {
  it('a literal pattern always matches itself (cased or not), even with * ? \\ inside', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (value, cased) => {
        expect(compileWildcard(value === '' ? [] : [value], cased)(value)).toBe(true);
      }),
    );
  });

  it('uncased matching does not change when the event value changes case (ASCII)', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), asciiText, (pattern, value) => {
        const test = compileWildcard(pattern, false);
        expect(test(value.toUpperCase())).toBe(test(value));
        expect(test(value.toLowerCase())).toBe(test(value));
      }),
    );
  });

  it('the wildcard matcher agrees with a regex reference', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), asciiText, fc.boolean(), (pattern, value, cased) => {
        expect(compileWildcard(pattern, cased)(value)).toBe(reference(pattern, cased)(value));
      }),
      { numRuns: 500 },
    );
  });

  it('the regex engine agrees with JavaScript RegExp on the common syntax', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '(a|b)', '(ab)', 'x');
    const quant = fc.constantFrom('', '*', '+', '?', '{1,2}');
    const regex = fc
      .array(fc.tuple(atom, quant), { minLength: 1, maxLength: 5 })
      .map((xs) => xs.map(([a, q]) => a + q).join(''));
    fc.assert(
      fc.property(
        regex,
        fc.string({ unit: fc.constantFrom('a', 'b', '1', 'x', '\n'), maxLength: 12 }),
        (source, value) => {
          const ours = compileRegex({
            type: 'regex',
            pattern: source,
            flags: { i: false, m: false, s: false },
            flavour: 're2',
            anchored: false,
          });
          expect(ours(value)).toBe(new RegExp(source).test(value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('anchored (Lucene) matching agrees with a whole-value JavaScript RegExp', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '(a|b)', '(ab)', 'x');
    const quant = fc.constantFrom('', '*', '+', '?', '{1,2}');
    const regex = fc
      .array(fc.tuple(atom, quant), { minLength: 1, maxLength: 5 })
      .map((xs) => xs.map(([a, q]) => a + q).join(''));
    fc.assert(
      fc.property(
        regex,
        fc.string({ unit: fc.constantFrom('a', 'b', 'x', '\n'), maxLength: 10 }),
        (source, value) => {
          const ours = compileRegex({
            type: 'regex',
            pattern: source,
            flags: { i: false, m: false, s: false },
            flavour: 'lucene',
            anchored: true,
          });
          expect(ours(value)).toBe(new RegExp(`^(?:${source})$`, 's').test(value));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a regex whose DFA would be too large falls back to the NFA and stays correct', () => {
    const source = '(a|b)*a(a|b){12}';
    const ours = compileRegex({
      type: 'regex',
      pattern: source,
      flags: { i: false, m: false, s: false },
      flavour: 're2',
      anchored: false,
    });
    const reference = new RegExp(source);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 10, maxLength: 40 }), (value) => {
        expect(ours(value)).toBe(reference.test(value));
      }),
      { numRuns: 300 },
    );
  });

  it('has finds every alphanumeric term of a value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(' ', '.', '\\', '-'),
        (terms, sep) => {
          const value = terms.join(sep);
          for (const t of terms) expect(compileTerm(t.toUpperCase(), false)(value)).toBe(true);
        },
      ),
    );
  });
});
