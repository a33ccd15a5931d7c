/**
 * What a regex's groups capture in the first match (Kusto's `extract`), as RE2 and backtracking matchers report
 * it: leftmost, greedy or lazy per repeat, first alternative first.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RegexValue } from '../../src/ir/types.js';
import { compileExtractor } from '../../src/engine/regex/capture.js';
import { evaluate } from '../../src/engine/index.js';
import { kqlRule } from '../support/rules.js';

const re2 = (pattern: string): RegexValue => ({
  type: 'regex',
  pattern,
  flags: { i: false, m: false, s: false },
  flavour: 're2',
  anchored: false,
});
const extract = (pattern: string, text: string) => compileExtractor(re2(pattern))(text);

describe('regex captures', () => {
  it('finds the leftmost match, its groups as greedy and lazy repeats take them', () => {
    expect(extract('@(.*)$', 'a@b@c')).toEqual(['@b@c', 'b@c']);
    expect(extract('\\A(.*?)@', 'a@b@c')).toEqual(['a@', 'a']);
    expect(extract('.*(\\.\\w+)$', 'x.tar.gz')).toEqual(['x.tar.gz', '.gz']);
    expect(extract('(.*\\/)?(.*)', 'a/b/c.php')).toEqual(['a/b/c.php', 'a/b/', 'c.php']);
    expect(extract('(a|ab)(c|bcd)', 'abcd')).toEqual(['abcd', 'a', 'bcd']);
    expect(extract('(\\d+)\\syears', 'age 12 years')).toEqual(['12 years', '12']);
  });

  it('leaves a group that took no part undefined, and gives undefined where nothing matches', () => {
    expect(extract('(a)|(b)', 'b')).toEqual(['b', undefined, 'b']);
    expect(extract('x(y)', 'abc')).toBeUndefined();
  });

  it('reads inline flags, named groups and multiline anchors', () => {
    expect(extract('(?i)select(.*?)from', 'SELECT a FROM t')).toEqual(['SELECT a FROM', ' a ']);
    expect(extract('(?P<user>\\w+)@', 'mail bob@x')).toEqual(['bob@', 'bob']);
    expect(extract('(?m)^b(\\w)', 'a\nbc')).toEqual(['bc', 'c']);
  });

  it('refuses what it cannot capture exactly', () => {
    expect(() => extract('(?U)(a+)', 'aa')).toThrow(/\(\?U\)/);
  });

  it('agrees with a backtracking matcher on random texts', () => {
    // Patterns whose JS and RE2 readings agree (no classes JS spells differently).
    const patterns = ['(a+)(b*)', '(a|ab)(b?)c', '(.*?)b(.*)', 'x*(a{1,2}?)(a*)', '([ab]+)c|(b)', '(a*)*b'];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.stringMatching(/^[abcx]{0,12}$/), (pattern, text) => {
        const js = new RegExp(pattern.replace(/\(\?P</g, '(?<')).exec(text);
        const ours = extract(pattern, text);
        if (js === null) return ours === undefined;
        return JSON.stringify(ours) === JSON.stringify([...js]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('KQL extract() in the evaluator', () => {
  it('tests a column an extend computes with extract', () => {
    const rule = kqlRule(
      'CiscoSEGEvent\n| extend Domain = extract(@"@(.*)$", 1, SrcUserName)\n| where Domain == "evil.example"',
    );
    const events = [
      { SrcUserName: 'a@evil.example' },
      { SrcUserName: 'b@good.example', Domain: 'evil.example' },
    ];
    expect(evaluate(rule, events).count).toBe(1);
  });

  it('gives the empty string where nothing matches, as Kusto', () => {
    const rule = kqlRule('T\n| where isempty(extract("x(y)", 1, Name))');
    expect(evaluate(rule, [{ Name: 'abc' }, { Name: 'xy' }]).count).toBe(1);
  });
});
