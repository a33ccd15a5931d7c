import { describe, expect, it } from 'vitest';
import type { Expr, Predicate, RegexValue, Rule, Value } from '../../src/ir/types.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import { and, not, or, predicate } from '../../src/ir/build.js';
import { sameRule } from '../../src/ir/normalize.js';
import { RuleError } from '../../src/report/diagnostics.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { printRule, readRule, ruleWith } from './helpers.js';

const s = (...pattern: Array<string | typeof ANY>): Value => ({ type: 'string', pattern });

function where(filter: Expr): string {
  return printRule(ruleWith(filter)).replace(/^process where /, '');
}

function printError(rule: Rule): RuleError {
  try {
    eqlDialect.print(rule);
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error('expected a RuleError');
}

function sigmaRegex(pattern: string, i = false): RegexValue {
  return { type: 'regex', pattern, flags: { i, m: false, s: false }, flavour: 'pcre', anchored: false };
}

describe('EQL printer: operators', () => {
  it('writes case-insensitive equality and wildcards with :, lists grouped', () => {
    expect(where(predicate({ field: 'process.name', op: 'eq', values: [s('a.exe'), s('b.exe')] }))).toBe(
      'process.name : ("a.exe", "b.exe")',
    );
    expect(
      where(
        or([
          predicate({ field: 'a', op: 'eq', values: [s('x', ANY)] }),
          predicate({ field: 'a', op: 'eq', values: [s('y')] }),
        ]),
      ),
    ).toBe('a : ("x*", "y")');
    expect(
      where(predicate({ field: 'a', op: 'eq', values: [{ type: 'string', pattern: [ONE, ':\\x'] }] })),
    ).toBe('a : "?:\\\\x"');
  });

  it('writes case-sensitive exact values with == and in, case-sensitive wildcards with like', () => {
    expect(where(predicate({ field: 'a', op: 'eq', values: [s('x*y')], cased: true }))).toBe('a == "x*y"');
    expect(
      where(predicate({ field: 'a', op: 'eq', values: [s('x'), { type: 'number', value: 5 }], cased: true })),
    ).toBe('a in ("x", 5)');
    expect(where(predicate({ field: 'a', op: 'eq', values: [s('x', ANY)], cased: true }))).toBe(
      'a like "x*"',
    );
  });

  it('writes a case-insensitive literal * or ? with in~, never with : (where it would be a wildcard)', () => {
    expect(where(predicate({ field: 'a', op: 'eq', values: [s('what?')] }))).toBe('a in~ ("what?")');
  });

  it('writes Sigma contains|cased as like "*x*", never == with a *', () => {
    const text = where(
      predicate({ field: 'CommandLine', op: 'contains', values: [s('-Embedding')], cased: true }),
    );
    expect(text).toBe('CommandLine like "*-Embedding*"');
    expect(where(predicate({ field: 'a', op: 'endswith', values: [s('\\mmc.exe')] }))).toBe(
      'a : "*\\\\mmc.exe"',
    );
  });

  it('keeps a trailing backslash before an added wildcard a backslash (pySigma #431)', () => {
    const text = where(predicate({ field: 'a', op: 'contains', values: [s('\\Desktop\\')] }));
    expect(text).toBe('a : "*\\\\Desktop\\\\*"');
    const back = readRule(`process where ${text}`);
    expect(back.query.kind === 'search' && back.query.filter).toMatchObject({
      values: [{ pattern: [ANY, '\\Desktop\\', ANY] }],
    });
  });

  it('writes substring operators on literals containing * or ? with the functions, which compare literally', () => {
    expect(where(predicate({ field: 'a', op: 'startswith', values: [s('x*')], cased: true }))).toBe(
      'startsWith(a, "x*")',
    );
    expect(where(predicate({ field: 'a', op: 'contains', values: [s('?')] }))).toBe(
      'stringContains~(a, "?")',
    );
  });

  it('says so when a literal * inside a wildcard pattern has to become ?', () => {
    const rule = ruleWith(predicate({ field: 'a', op: 'eq', values: [s('x*', ANY)] }));
    const result = eqlDialect.print(rule);
    expect(result.text).toBe('process where a : "x?*"');
    expect(result.diagnostics).toMatchObject([{ code: 'eql/literal-wildcard', fidelity: 'broader' }]);
  });

  it('writes negations with != and not in where they exist, not … elsewhere', () => {
    expect(where(not(predicate({ field: 'a', op: 'eq', values: [s('x')], cased: true })))).toBe('a != "x"');
    expect(where(not(predicate({ field: 'a', op: 'eq', values: [s('x'), s('y')], cased: true })))).toBe(
      'a not in ("x", "y")',
    );
    expect(where(not(predicate({ field: 'a', op: 'eq', values: [s('x')] })))).toBe('not a : "x"');
    expect(where(not(predicate({ field: 'a', op: 'null' })))).toBe('a != null');
    expect(
      where(not(and([predicate({ field: 'a', op: 'null' }), predicate({ field: 'b', op: 'null' })]))),
    ).toBe('not (a == null and b == null)');
  });

  it('writes numbers, booleans, cidr, ordering, exists and field references', () => {
    expect(where(predicate({ field: 'a', op: 'gte', values: [{ type: 'number', value: -1.5 }] }))).toBe(
      'a >= -1.5',
    );
    expect(where(predicate({ field: 'a', op: 'eq', values: [{ type: 'boolean', value: true }] }))).toBe(
      'a == true',
    );
    expect(
      where(
        predicate({
          field: 'ip',
          op: 'cidr',
          values: [
            { type: 'cidr', cidr: '10.0.0.0/8' },
            { type: 'cidr', cidr: '::1' },
          ],
        }),
      ),
    ).toBe('cidrMatch(ip, "10.0.0.0/8", "::1")');
    const exists = eqlDialect.print(ruleWith(predicate({ field: 'a', op: 'exists' })));
    expect(exists.text).toBe('process where a != null');
    expect(exists.diagnostics[0]).toMatchObject({ code: 'eql/exists', fidelity: 'narrower' });
    expect(
      where(predicate({ field: 'a', op: 'eq', values: [{ type: 'fieldref', field: 'b' }], cased: true })),
    ).toBe('a == b');
  });

  it('compares two fields case-insensitively only as ==, and says what that changes under each polarity', () => {
    const caseless = predicate({ field: 'a', op: 'eq', values: [{ type: 'fieldref', field: 'b' }] });
    const plain = eqlDialect.print(ruleWith(caseless));
    expect(plain.text).toBe('process where a == b');
    expect(plain.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'eql/fieldref-case', fidelity: 'narrower' }),
    );
    const negated = eqlDialect.print(ruleWith(not(caseless)));
    expect(negated.text).toBe('process where a != b');
    expect(negated.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'eql/fieldref-case', fidelity: 'broader' }),
    );
    const cased = eqlDialect.print(ruleWith({ ...caseless, cased: true }));
    expect(cased.diagnostics.map((d) => d.code)).not.toContain('eql/fieldref-case');
    // A substring comparison of two fields is EQL's function of two fields (`~` where uncased).
    const contains = predicate({ field: 'a', op: 'contains', values: [{ type: 'fieldref', field: 'b' }] });
    expect(eqlDialect.print(ruleWith(contains)).text).toBe('process where stringContains~(a, b)');
    const startsCased = predicate({
      field: 'a',
      op: 'startswith',
      values: [{ type: 'fieldref', field: 'b' }],
      cased: true,
    });
    expect(eqlDialect.print(ruleWith(not(startsCased))).text).toBe('process where not startsWith(a, b)');
  });

  it('says a negation misses events without the field, unless each test stands beside a presence test', () => {
    const a = predicate({ field: 'a', op: 'contains', values: [s('x')] });
    const b = predicate({ field: 'b', op: 'contains', values: [s('x')] });
    const present = (field: string) => predicate({ field, op: 'exists' });
    const codes = (filter: Expr) => eqlDialect.print(ruleWith(filter)).diagnostics.map((d) => d.code);
    expect(codes(not(a))).toContain('eql/not-missing-field');
    const guarded = not(or([and([present('a'), a]), and([present('b'), b])]));
    expect(codes(guarded)).not.toContain('eql/not-missing-field');
    // One alternative unguarded is null on an event without b, and so is its negation.
    expect(codes(not(or([and([present('a'), a]), b])))).toContain('eql/not-missing-field');
  });

  it('escapes strings only when printing: quotes, backslashes, controls, invisible characters', () => {
    const text = where(predicate({ field: 'a', op: 'eq', values: [s('q"\\\n\t\u0001\u202E')], cased: true }));
    expect(text).toBe('a == "q\\"\\\\\\n\\t\\u{01}\\u{202E}"');
  });

  it('writes backticks around names that need them, and ? for optional fields', () => {
    const rule = ruleWith(predicate({ field: 'my field.x[0].in', op: 'eq', values: [s('v')], cased: true }));
    if (rule.query.kind === 'search') rule.query.source.native.optionalFields = ['my field.x[0].in'];
    expect(printRule(rule)).toBe('process where ?`my field`.x[0].`in` == "v"');
  });

  it('adds parentheses for precedence and around and inside or', () => {
    const a = predicate({ field: 'a', op: 'eq', values: [s('1')], cased: true });
    const b = predicate({ field: 'b', op: 'eq', values: [s('2')], cased: true });
    const c = predicate({ field: 'c', op: 'eq', values: [s('3')], cased: true });
    expect(where(and([or([a, b]), c]))).toBe('(a == "1" or b == "2") and c == "3"');
    expect(where(or([and([a, b]), c]))).toBe('(a == "1" and b == "2") or c == "3"');
  });
});

describe('EQL printer: regexes', () => {
  const regex = (value: RegexValue) =>
    where(predicate({ field: 'a', op: 'regex', values: [value], cased: true }));

  it('rewrites Sigma (PCRE, substring) regexes to Lucene (whole value)', () => {
    expect(regex(sigmaRegex('foo\\d+'))).toBe('a regex ".*foo[0-9]+.*"');
    expect(regex(sigmaRegex('^abc$'))).toBe('a regex "abc"');
    expect(regex(sigmaRegex('^a\\.b'))).toBe('a regex """a\\.b.*"""');
    expect(regex(sigmaRegex('a|b'))).toBe('a regex ".*(a|b).*"');
    expect(regex(sigmaRegex('(?i)^x@y$'))).toBe('a regex~ """x\\@y"""');
    expect(regex(sigmaRegex('^[\\w.]+\\s$', true))).toBe(
      'a regex~ "[A-Za-z0-9_.]+[ \\t\\n\\r\\u{0C}\\u{0B}]"',
    );
  });

  it('refuses line anchors under the m flag, and notes that Lucene . also matches line breaks', () => {
    const m: RegexValue = { ...sigmaRegex('^a$'), flags: { i: false, m: true, s: false } };
    expect(
      printError(ruleWith(predicate({ field: 'a', op: 'regex', values: [m], cased: true }))).message,
    ).toMatch(/line anchors/);
    const result = eqlDialect.print(
      ruleWith(predicate({ field: 'a', op: 'regex', values: [sigmaRegex('a.b')], cased: true })),
    );
    expect(result.text).toBe('process where a regex ".*a.b.*"');
    expect(result.diagnostics).toMatchObject([{ code: 'eql/regex-dot', fidelity: 'broader' }]);
  });

  it('keeps Lucene regexes and their case flag', () => {
    const lucene: RegexValue = {
      type: 'regex',
      pattern: '[0-9]{15}.*',
      flags: { i: true, m: false, s: false },
      flavour: 'lucene',
      anchored: true,
    };
    expect(regex(lucene)).toBe('a regex~ "[0-9]{15}.*"');
  });

  it('refuses what Lucene cannot express, naming the construct', () => {
    const cases: Array<[string, RegExp]> = [
      ['a(?=b)', /lookahead/],
      ['(a)\\1', /back-reference/],
      ['\\bword\\b', /word boundary/],
      ['a^b', /anchor \^ inside/],
      ['^a|b', /anchor on one alternative/],
    ];
    for (const [pattern, message] of cases) {
      const error = printError(
        ruleWith(predicate({ field: 'a', op: 'regex', values: [sigmaRegex(pattern)], cased: true })),
      );
      expect(error.diagnostic.code).toBe('eql/regex');
      expect(error.message).toMatch(message);
    }
  });
});

describe('EQL printer: what EQL cannot say', () => {
  it('refuses keyword (field-less) searches instead of printing an invalid query', () => {
    const error = printError(ruleWith(predicate({ field: null, op: 'contains', values: [s('mimikatz')] })));
    expect(error.diagnostic.code).toBe('eql/keyword-search');
  });

  it('writes a KQL term match as a substring match, broader, or narrower under a negation', () => {
    const term = predicate({ field: 'a', op: 'term', values: [s('x')] });
    const asserted = eqlDialect.print(ruleWith(term));
    expect(asserted.text).toBe('process where a : "*x*"');
    expect(asserted.diagnostics.map((d) => [d.code, d.fidelity])).toContainEqual([
      'eql/term-as-contains',
      'broader',
    ]);
    const denied = eqlDialect.print(
      ruleWith(and([predicate({ field: 'b', op: 'eq', values: [s('y')] }), not(term)])),
    );
    expect(denied.diagnostics.map((d) => [d.code, d.fidelity])).toContainEqual([
      'eql/term-as-contains',
      'narrower',
    ]);
  });

  it('refuses placeholders, date parts and foreign computed expressions', () => {
    expect(
      printError(
        ruleWith(
          predicate({
            field: 'a',
            op: 'eq',
            values: [{ type: 'string', pattern: [{ placeholder: 'admins' }] }],
          }),
        ),
      ).diagnostic.code,
    ).toBe('eql/placeholder');
    const p: Predicate = {
      ...predicate({ field: 'a', op: 'eq', values: [{ type: 'number', value: 3 }] }),
      datePart: 'hour',
    };
    expect(printError(ruleWith(p)).diagnostic.code).toBe('eql/date-part');
    expect(
      printError(ruleWith({ kind: 'computed', dialect: 'kql', term: { kind: 'field', field: 'a' } }))
        .diagnostic.code,
    ).toBe('eql/computed');
  });

  it('refuses aggregates, windows on samples, and months as maxspan', () => {
    const base = ruleWith(predicate({ field: 'a', op: 'null' }));
    const step = { query: base.query };
    expect(
      printError({
        ...base,
        query: { kind: 'aggregate', function: 'count', keys: [], steps: [step], condition: { gt: 5 } },
      }).diagnostic.code,
    ).toBe('eql/aggregate');
    expect(
      printError({
        ...base,
        query: { kind: 'temporal', keys: [], window: { value: 5, unit: 'm' }, steps: [step, step] },
      }).diagnostic.code,
    ).toBe('eql/sample-window');
    expect(
      printError({
        ...base,
        query: { kind: 'sequence', keys: [], maxspan: { value: 1, unit: 'M' }, steps: [step, step] },
      }).diagnostic.code,
    ).toBe('eql/duration');
  });
});

describe('EQL printer: value transforms', () => {
  const expand = (p: Predicate) => where(p);

  it('expands base64offset|contains as Sigma defines it', () => {
    expect(
      expand({
        ...predicate({ field: 'a', op: 'contains', values: [s('http')] }),
        transforms: ['base64offset'],
      }),
    ).toBe('a : ("*aHR0c*", "*h0dH*", "*odHRw*")');
    expect(
      expand({
        ...predicate({ field: 'a', op: 'contains', values: [s('ping')] }),
        transforms: ['wide', 'base64offset'],
      }),
    ).toBe('a : ("*cABpAG4AZw*", "*AAaQBuAGcA*", "*wAGkAbgBnA*")');
  });

  it('expands base64 and windash', () => {
    expect(
      expand({ ...predicate({ field: 'a', op: 'eq', values: [s('cmd.exe')] }), transforms: ['base64'] }),
    ).toBe('a : "Y21kLmV4ZQ=="');
    expect(
      expand({ ...predicate({ field: 'a', op: 'contains', values: [s(' -enc')] }), transforms: ['windash'] }),
    ).toBe('a : ("* -enc*", "* /enc*", "* \u2013enc*", "* \u2014enc*", "* \u2015enc*")');
  });

  it('refuses what cannot be encoded, saying which transform', () => {
    const error = printError(
      ruleWith({ ...predicate({ field: 'a', op: 'eq', values: [s('x', ANY)] }), transforms: ['base64'] }),
    );
    expect(error.message).toMatch(/a\|base64/);
    expect(
      printError(ruleWith({ ...predicate({ field: 'a', op: 'eq', values: [s('x')] }), transforms: ['wide'] }))
        .message,
    ).toMatch(/UTF-16/);
  });
});

describe('EQL printer: queries', () => {
  it('writes sequences with shared keys first and per-step keys after each step', () => {
    const text = eqlDialect.print(
      readRule(
        'sequence by host.id with maxspan=1m [network where a == 1] by process.entity_id [process where b == 2] by process.parent.entity_id',
      ),
    ).text;
    expect(text).toBe(
      'sequence by host.id with maxspan=1m\n  [network where a == 1] by process.entity_id\n  [process where b == 2] by process.parent.entity_id',
    );
  });

  it('writes a sequence built elsewhere (weeks become days, a until step reuses shared keys)', () => {
    const base = ruleWith(predicate({ field: 'a', op: 'null' }));
    const step = { query: base.query };
    const rule: Rule = {
      ...base,
      query: {
        kind: 'sequence',
        keys: [{ alias: 'host', fields: ['h', 'h'] }],
        maxspan: { value: 1, unit: 'w' },
        steps: [step, { ...step, runs: 2 }],
        until: step,
      },
    };
    expect(printRule(rule)).toBe(
      'sequence by h with maxspan=7d\n  [process where a == null]\n  [process where a == null] with runs=2\nuntil [process where a == null]',
    );
  });

  it('writes runs as given (1 included) and refuses runs outside 1 to 100', () => {
    expect(printRule(readRule('sequence [a where true] with runs=1 [b where true]'))).toBe(
      'sequence\n  [a where true] with runs=1\n  [b where true]',
    );
    const base = ruleWith(predicate({ field: 'a', op: 'null' }));
    const rule: Rule = {
      ...base,
      query: { kind: 'sequence', keys: [], steps: [{ query: base.query, runs: 101 }] },
    };
    expect(printError(rule).diagnostic.code).toBe('eql/runs');
  });

  it('chooses the event category: EQL native, else from the canonical category, else any with a note', () => {
    const sigma = ruleWith(predicate({ field: 'Image', op: 'null' }), 'sigma');
    if (sigma.query.kind === 'search') sigma.query.source.category = 'process_creation';
    expect(printRule(sigma)).toBe('process where Image == null');
    const unknown = eqlDialect.print(ruleWith(predicate({ field: 'x', op: 'null' }), 'sigma'));
    expect(unknown.text).toBe('any where x == null');
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'eql/any-category', severity: 'info' });
    expect(printRule(readRule('"my category" where true'))).toBe('"my category" where true');
  });

  it('writes head and tail, drops other output stages with a note', () => {
    const rule = readRule('process where true | head 3');
    expect(printRule(rule)).toBe('process where true\n| head 3');
    const result = eqlDialect.print({ ...rule, output: [{ kind: 'project', fields: ['a'] }] });
    expect(result.text).toBe('process where true');
    expect(result.diagnostics[0]?.code).toBe('eql/output-dropped');
  });

  it('breaks long conditions and lists over lines of at most 100 characters, and reads them back the same', () => {
    const values = Array.from({ length: 40 }, (_, i) => s(`value-number-${i}.exe`));
    const rule = ruleWith(
      and([
        predicate({ field: 'process.name', op: 'eq', values }),
        predicate({ field: 'process.args', op: 'contains', values: values.slice(0, 10), matchAll: true }),
      ]),
    );
    const text = printRule(rule);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text.split('\n').length).toBeGreaterThan(5);
    const back = readRule(text);
    expect(sameRule({ ...back, meta: rule.meta }, rule)).toBe(true);
  });
});

describe('EQL printer: keys', () => {
  it('writes until steps with per-step keys, and optional keys with ?', () => {
    const text =
      'sequence by ?host.id with maxspan=1h\n  [a where true] by x\n  [b where true] by y\nuntil [c where true] by z';
    const rule = readRule(text);
    expect(rule.query.kind === 'sequence' && rule.query.keys).toEqual([
      { fields: ['host.id', 'host.id', 'host.id'] },
      { fields: ['x', 'y', 'z'] },
    ]);
    expect(printRule(rule)).toBe(text);
  });

  it('writes a key that is the same in every step as a shared key, after shared keys only', () => {
    const rule = readRule('sequence [a where true] by k, x [b where true] by k, y');
    expect(printRule(rule)).toBe('sequence by k\n  [a where true] by x\n  [b where true] by y');
    const mixed = readRule('sequence [a where true] by x, k [b where true] by y, k');
    expect(printRule(mixed)).toBe('sequence\n  [a where true] by x, k\n  [b where true] by y, k');
  });
});

describe('EQL printer: computed expressions read back exactly', () => {
  const cases = [
    'length(process.args) > 3',
    'substring(a, 0, -1) == "x"',
    'not startsWith~(string(destination.ip), string(host.ip))',
    'indexOf(string(host.ip), string(source.ip)) == null',
    'string(a) : ("x*", "y")',
    'length(a) in (1, 2)',
    'not string(a) in~ ("x")',
    'a - (b + 1) > 2 * -c',
    'modulo(a, 2) != 0',
    'a + b == c',
  ];
  for (const condition of cases) {
    it(condition, () => {
      const text = `process where ${condition}`;
      const rule = readRule(text);
      const printed = printRule(rule);
      expect(sameRule(readRule(printed), rule)).toBe(true);
      expect(printRule(readRule(printed))).toBe(printed);
    });
  }

  it('writes the functions in their documented spelling', () => {
    expect(
      printRule(readRule('process where cidrmatch(string(a), "10.0.0.0/8") and stringcontains~(a, b)')),
    ).toBe('process where cidrMatch(string(a), "10.0.0.0/8") and stringContains~(a, b)');
  });
});
