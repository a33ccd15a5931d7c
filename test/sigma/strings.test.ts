import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSigmaString, printSigmaString } from '../../src/dialects/sigma/strings.js';
import { ANY, ONE, normalizePattern } from '../../src/ir/pattern.js';
import type { Pattern, PatternPart } from '../../src/ir/types.js';

describe('Sigma string escaping (specification table, pySigma algorithm)', () => {
  const cases: [string, Pattern][] = [
    ['C:\\Windows', ['C:\\Windows']],
    ['C:\\\\Windows', ['C:\\Windows']],
    ['\\*', ['*']],
    ['\\?', ['?']],
    ['foo\\*bar', ['foo*bar']],
    ['\\\\*', ['\\', ANY]],
    ['\\\\\\*', ['\\*']],
    ['\\\\\\\\', ['\\\\']],
    ['trail\\', ['trail\\']],
    ['\\Desktop\\', ['\\Desktop\\']],
    ['prog?.exe', ['prog', ONE, '.exe']],
    ['*\\mmc.exe', [ANY, '\\mmc.exe']],
    ['a**b', ['a', ANY, 'b']],
    ['%windir%\\x', ['%windir%\\x']],
    ['', []],
  ];
  it.each(cases)('%s', (written, pattern) => {
    expect(parseSigmaString(written)).toEqual(pattern);
  });

  it('reads placeholders only under expand, and \\% as a literal percent sign there', () => {
    expect(parseSigmaString('%Servers%', true)).toEqual([{ placeholder: 'Servers' }]);
    expect(parseSigmaString('a\\%b%c%', true)).toEqual(['a%b', { placeholder: 'c' }]);
    expect(parseSigmaString('100%', true)).toEqual(['100%']);
  });

  it('prints backslashes single where they escape nothing, doubled before wildcards', () => {
    expect(printSigmaString(['C:\\Windows\\', ANY])).toBe('C:\\Windows\\\\*');
    expect(printSigmaString(['\\Desktop\\'])).toBe('\\Desktop\\');
    expect(printSigmaString(['a*b?c'])).toBe('a\\*b\\?c');
    expect(printSigmaString(['\\\\server'])).toBe('\\\\\\server');
  });

  const part: fc.Arbitrary<PatternPart> = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'B', '\\', '*', '?', '%', ' ', 'é', '-') }),
    fc.constant(ANY),
    fc.constant(ONE),
  );

  it('print then parse gives back any pattern (property)', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const pattern = normalizePattern(parts);
        expect(parseSigmaString(printSigmaString(pattern))).toEqual(pattern);
      }),
      { numRuns: 2000 },
    );
  });

  it('print then parse gives back any pattern with placeholders under expand (property)', () => {
    const withPlaceholder = fc.oneof(
      part,
      fc.constantFrom({ placeholder: 'Servers' }, { placeholder: 'x_1' }),
    );
    fc.assert(
      fc.property(fc.array(withPlaceholder, { maxLength: 8 }), (parts) => {
        const pattern = normalizePattern(parts);
        expect(parseSigmaString(printSigmaString(pattern, true), true)).toEqual(pattern);
      }),
      { numRuns: 1000 },
    );
  });

  it('parse then print then parse is stable for any written string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\\', '*', '?', 'x', ' ') }), (written) => {
        const once = parseSigmaString(written);
        expect(parseSigmaString(printSigmaString(once))).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });
});
