import { describe, expect, it } from 'vitest';
import type { RegexFlavour } from '../../src/ir/types.js';
import { compileRegex, EngineError } from '../../src/engine/index.js';
import { sigma } from './helpers.js';

function re(
  pattern: string,
  flavour: RegexFlavour,
  flags: Partial<{ i: boolean; m: boolean; s: boolean }> = {},
) {
  return compileRegex({
    type: 'regex',
    pattern,
    flags: { i: false, m: false, s: false, ...flags },
    flavour,
    anchored: flavour === 'lucene',
  });
}

describe('pcre (Sigma re)', () => {
  it('searches for a substring, case-sensitively by default', () => {
    expect(re('\\s-c\\s', 'pcre')('curl -c jar')).toBe(true);
    expect(re('\\s-c\\s', 'pcre')('curl -C jar')).toBe(false);
    expect(re('\\s-c\\s', 'pcre', { i: true })('curl -C jar')).toBe(true);
  });

  it('supports classes, counted repetition, alternation, groups and inline flags', () => {
    const ip = re('://[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}', 'pcre');
    expect(ip('curl http://10.20.30.40/x')).toBe(true);
    expect(ip('curl http://host/x')).toBe(false);
    expect(re('(?i)\\s(-u|--user)\\s*:', 'pcre')('curl --USER :')).toBe(true);
    expect(re('(?:ab){2,3}$', 'pcre')('xababab')).toBe(true);
    expect(re('^(?:ab){2}$', 'pcre')('ababab')).toBe(false);
    expect(re('[^a-c]x', 'pcre')('cx')).toBe(false);
    expect(re('[^a-c]x', 'pcre')('dx')).toBe(true);
    expect(re('(?P<n>a)b', 'pcre')('ab')).toBe(true);
  });

  it('anchors: $ also before a final newline; m and s flags', () => {
    expect(re('abc$', 'pcre')('abc\n')).toBe(true);
    expect(re('^b', 'pcre')('a\nb')).toBe(false);
    expect(re('^b', 'pcre', { m: true })('a\nb')).toBe(true);
    expect(re('a.b', 'pcre')('a\nb')).toBe(false);
    expect(re('a.b', 'pcre', { s: true })('a\nb')).toBe(true);
    expect(re('\\bcmd\\b', 'pcre')('run cmd now')).toBe(true);
    expect(re('\\bcmd\\b', 'pcre')('runcmdnow')).toBe(false);
  });

  it('works through a Sigma rule with |re|i', () => {
    const rule = sigma(`sel:\n    CommandLine|re|i: 'werfault(secure)?\\.exe'\ncondition: sel`);
    expect(rule({ CommandLine: 'C:\\WerFaultSecure.EXE 123' })).toBe(true);
    expect(rule({ CommandLine: 'C:\\notepad.exe' })).toBe(false);
  });
});

describe('re2 (Kusto matches regex)', () => {
  it('searches; $ only at the very end without m', () => {
    expect(re('b+c', 're2')('abbbcd')).toBe(true);
    expect(re('abc$', 're2')('abc\n')).toBe(false);
    expect(re('\\Qa.b\\E', 're2')('xa.by')).toBe(true);
    expect(re('\\Qa.b\\E', 're2')('xaxby')).toBe(false);
  });
});

describe('lucene (EQL regex)', () => {
  it('matches the whole value', () => {
    expect(re('ab.d', 'lucene')('abcd')).toBe(true);
    expect(re('ab.d', 'lucene')('xabcd')).toBe(false);
    expect(re('.*cmd.*', 'lucene')('run cmd now')).toBe(true);
  });

  it('has no anchors and no \\d: ^, $ and \\d are characters', () => {
    expect(re('^a$', 'lucene')('^a$')).toBe(true);
    expect(re('^a$', 'lucene')('a')).toBe(false);
    expect(re('\\d', 'lucene')('d')).toBe(true);
    expect(re('\\d', 'lucene')('1')).toBe(false);
  });

  it('quotes strings and matches . across newlines; regex~ is case-insensitive', () => {
    expect(re('"a.b"c', 'lucene')('a.bc')).toBe(true);
    expect(re('"a.b"c', 'lucene')('axbc')).toBe(false);
    expect(re('a.b', 'lucene')('a\nb')).toBe(true);
    expect(re('CMD', 'lucene', { i: true })('cmd')).toBe(true);
  });

  it('refuses the optional operators it does not implement', () => {
    expect(() => re('a&b', 'lucene')).toThrow(EngineError);
    expect(re('a\\&b', 'lucene')('a&b')).toBe(true);
  });
});

describe('safety', () => {
  it('a catastrophic-backtracking pattern finishes fast on a long hostile input', () => {
    const hostile = 'a'.repeat(50_000) + '!';
    for (const flavour of ['pcre', 're2'] as const) {
      const t0 = performance.now();
      expect(re('(a+)+$', flavour)(hostile)).toBe(false);
      expect(re('(a|aa)*b', flavour)(hostile)).toBe(false);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
    const t0 = performance.now();
    expect(re('(a+)+', 'lucene')(hostile)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('deep nesting is an error, not a stack overflow', () => {
    const deep = '('.repeat(100_000) + 'a' + ')'.repeat(100_000);
    expect(() => re(deep, 'pcre')).toThrow(EngineError);
  });

  it('a huge expansion is refused', () => {
    expect(() => re('(a{1000}){1000}', 'pcre')).toThrow(EngineError);
  });

  it('unsupported constructs are errors, never guesses', () => {
    for (const p of ['(?=a)', '(?<!a)b', '(a)\\1', '\\p{L}', 'a++']) {
      expect(() => re(p, 'pcre'), p).toThrow(EngineError);
    }
  });
});
