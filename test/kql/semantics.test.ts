/**
 * KQL operator semantics, one by one: what each comparison lowers to, and what the printer writes for each IR
 * form (including forms only other dialects produce), checked by Kusto.Language.
 */
import { describe, expect, it } from 'vitest';
import type { Expr, Predicate, Rule, Value } from '../../src/ir/types.js';
import { and, emptyMeta, not, or, predicate, str } from '../../src/ir/build.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import { sameExpr } from '../../src/ir/normalize.js';
import { printKql } from '../../src/dialects/kql/index.js';
import { isRuleError } from '../../src/report/diagnostics.js';
import { hasShared } from '../support/shared.js';
import { filterOf, readError, readRule, roundTrip } from './helpers.js';
import { describeKusto, kustoDiagnostics } from './kusto.js';

const p = (init: Parameters<typeof predicate>[0]): Predicate => predicate(init);
const s = (text: string): Value => str(text);

describe('KQL comparisons lower to exact IR predicates', () => {
  const cases: [string, Expr][] = [
    ['Account == "a"', p({ field: 'Account', op: 'eq', values: [s('a')], cased: true })],
    ['Account =~ "a"', p({ field: 'Account', op: 'eq', values: [s('a')], cased: false })],
    ['Account != "a"', not(p({ field: 'Account', op: 'eq', values: [s('a')], cased: true }))],
    ['Account <> "a"', not(p({ field: 'Account', op: 'eq', values: [s('a')], cased: true }))],
    ['Account !~ "a"', not(p({ field: 'Account', op: 'eq', values: [s('a')], cased: false }))],
    ['"a" == Account', p({ field: 'Account', op: 'eq', values: [s('a')], cased: true })],
    ['Account == "a*b?"', p({ field: 'Account', op: 'eq', values: [s('a*b?')], cased: true })],
    ['CommandLine has "cmd"', p({ field: 'CommandLine', op: 'term', values: [s('cmd')] })],
    ['CommandLine has_cs "cmd"', p({ field: 'CommandLine', op: 'term', values: [s('cmd')], cased: true })],
    ['CommandLine !has "cmd"', not(p({ field: 'CommandLine', op: 'term', values: [s('cmd')] }))],
    [
      'CommandLine !has_cs "cmd"',
      not(p({ field: 'CommandLine', op: 'term', values: [s('cmd')], cased: true })),
    ],
    ['CommandLine has_any ("a", "b")', p({ field: 'CommandLine', op: 'term', values: [s('a'), s('b')] })],
    [
      'CommandLine has_all ("a", "b")',
      p({ field: 'CommandLine', op: 'term', values: [s('a'), s('b')], matchAll: true }),
    ],
    ['CommandLine contains "x"', p({ field: 'CommandLine', op: 'contains', values: [s('x')] })],
    [
      'CommandLine contains_cs "x"',
      p({ field: 'CommandLine', op: 'contains', values: [s('x')], cased: true }),
    ],
    [
      'CommandLine containscs "x"',
      p({ field: 'CommandLine', op: 'contains', values: [s('x')], cased: true }),
    ],
    ['CommandLine !contains "x"', not(p({ field: 'CommandLine', op: 'contains', values: [s('x')] }))],
    [
      'CommandLine !contains_cs "x"',
      not(p({ field: 'CommandLine', op: 'contains', values: [s('x')], cased: true })),
    ],
    ['CommandLine startswith "x"', p({ field: 'CommandLine', op: 'startswith', values: [s('x')] })],
    [
      'CommandLine startswith_cs "x"',
      p({ field: 'CommandLine', op: 'startswith', values: [s('x')], cased: true }),
    ],
    ['CommandLine !startswith "x"', not(p({ field: 'CommandLine', op: 'startswith', values: [s('x')] }))],
    [
      'CommandLine !startswith_cs "x"',
      not(p({ field: 'CommandLine', op: 'startswith', values: [s('x')], cased: true })),
    ],
    ['CommandLine endswith "x"', p({ field: 'CommandLine', op: 'endswith', values: [s('x')] })],
    [
      'CommandLine endswith_cs "x"',
      p({ field: 'CommandLine', op: 'endswith', values: [s('x')], cased: true }),
    ],
    ['CommandLine !endswith "x"', not(p({ field: 'CommandLine', op: 'endswith', values: [s('x')] }))],
    [
      'CommandLine !endswith_cs "x"',
      not(p({ field: 'CommandLine', op: 'endswith', values: [s('x')], cased: true })),
    ],
    ['Account in ("a", "b")', p({ field: 'Account', op: 'eq', values: [s('a'), s('b')], cased: true })],
    ['Account in~ ("a", "b")', p({ field: 'Account', op: 'eq', values: [s('a'), s('b')], cased: false })],
    ['Account !in ("a", "b")', not(p({ field: 'Account', op: 'eq', values: [s('a'), s('b')], cased: true }))],
    [
      'Account !in~ ("a", "b")',
      not(p({ field: 'Account', op: 'eq', values: [s('a'), s('b')], cased: false })),
    ],
    [
      'EventID in (4624, 4625)',
      p({
        field: 'EventID',
        op: 'eq',
        values: [
          { type: 'number', value: 4624 },
          { type: 'number', value: 4625 },
        ],
      }),
    ],
    ['EventID == 4688', p({ field: 'EventID', op: 'eq', values: [{ type: 'number', value: 4688 }] })],
    ['EventID > 5', p({ field: 'EventID', op: 'gt', values: [{ type: 'number', value: 5 }] })],
    ['EventID >= 5', p({ field: 'EventID', op: 'gte', values: [{ type: 'number', value: 5 }] })],
    ['5 > EventID', p({ field: 'EventID', op: 'lt', values: [{ type: 'number', value: 5 }] })],
    ['EventID <= -1', p({ field: 'EventID', op: 'lte', values: [{ type: 'number', value: -1 }] })],
    [
      'EventID between (1 .. 5)',
      and([
        p({ field: 'EventID', op: 'gte', values: [{ type: 'number', value: 1 }] }),
        p({ field: 'EventID', op: 'lte', values: [{ type: 'number', value: 5 }] }),
      ]),
    ],
    [
      'EventID !between (1 .. 5)',
      not(
        and([
          p({ field: 'EventID', op: 'gte', values: [{ type: 'number', value: 1 }] }),
          p({ field: 'EventID', op: 'lte', values: [{ type: 'number', value: 5 }] }),
        ]),
      ),
    ],
    [
      'CommandLine matches regex @"(?i)\\d+\\.exe"',
      p({
        field: 'CommandLine',
        op: 'regex',
        values: [
          {
            type: 'regex',
            pattern: '\\d+\\.exe',
            flags: { i: true, m: false, s: false },
            flavour: 're2',
            anchored: false,
          },
        ],
        cased: true,
      }),
    ],
    [
      'isempty(Account)',
      or([
        p({ field: 'Account', op: 'null' }),
        p({ field: 'Account', op: 'eq', values: [s('')], cased: true }),
      ]),
    ],
    [
      'isnotempty(Account)',
      not(
        or([
          p({ field: 'Account', op: 'null' }),
          p({ field: 'Account', op: 'eq', values: [s('')], cased: true }),
        ]),
      ),
    ],
    ['isnull(Account)', p({ field: 'Account', op: 'null' })],
    ['isnotnull(Account)', not(p({ field: 'Account', op: 'null' }))],
    [
      'ipv4_is_in_range(IpAddress, "10.0.0.0/8")',
      p({ field: 'IpAddress', op: 'cidr', values: [{ type: 'cidr', cidr: '10.0.0.0/8' }] }),
    ],
    [
      'ipv6_is_in_range(IpAddress, "fe80::/10")',
      p({ field: 'IpAddress', op: 'cidr', values: [{ type: 'cidr', cidr: 'fe80::/10' }] }),
    ],
    ['not(Account == "a")', not(p({ field: 'Account', op: 'eq', values: [s('a')], cased: true }))],
    [
      'Account == TargetUserName',
      p({ field: 'Account', op: 'eq', values: [{ type: 'fieldref', field: 'TargetUserName' }], cased: true }),
    ],
    [
      'Account =~ TargetUserName',
      p({
        field: 'Account',
        op: 'eq',
        values: [{ type: 'fieldref', field: 'TargetUserName' }],
        cased: false,
      }),
    ],
    [
      'Account startswith TargetUserName',
      p({
        field: 'Account',
        op: 'startswith',
        values: [{ type: 'fieldref', field: 'TargetUserName' }],
        cased: false,
      }),
    ],
    [
      'Account !endswith_cs TargetUserName',
      not(
        p({
          field: 'Account',
          op: 'endswith',
          values: [{ type: 'fieldref', field: 'TargetUserName' }],
          cased: true,
        }),
      ),
    ],
    ['true', { kind: 'const', value: true }],
  ];
  for (const [condition, expected] of cases) {
    it(condition, () => {
      const actual = filterOf(condition);
      expect(sameExpr(actual, expected), JSON.stringify(actual)).toBe(true);
    });
  }

  it('and binds tighter than or; not is a function', () => {
    const a = p({ field: 'Account', op: 'eq', values: [s('a')], cased: true });
    const b = p({ field: 'Computer', op: 'eq', values: [s('b')], cased: true });
    const c = p({ field: 'Process', op: 'eq', values: [s('c')], cased: true });
    expect(
      sameExpr(filterOf('Account == "a" or Computer == "b" and Process == "c"'), or([a, and([b, c])])),
    ).toBe(true);
    expect(
      sameExpr(filterOf('(Account == "a" or Computer == "b") and Process == "c"'), and([or([a, b]), c])),
    ).toBe(true);
  });

  it('several where stages are one conjunction', () => {
    const rule = readRule('SecurityEvent\n| where EventID == 4688\n| where Account == "a"');
    expect(
      rule.query.kind === 'search' && rule.query.filter.kind === 'and' && rule.query.filter.items.length,
    ).toBe(2);
  });

  it('inlines let constants and lists', () => {
    const viaLet = filterOf(
      'CommandLine has_any (list) and Account == name',
      'let list = dynamic(["a", "b"]);\nlet name = "x";\nSecurityEvent',
    );
    const direct = filterOf('CommandLine has_any ("a", "b") and Account == "x"');
    expect(sameExpr(viaLet, direct)).toBe(true);
  });

  it('keeps other conditions as computed KQL terms', () => {
    const f = filterOf('TimeGenerated > ago(1d) and trim(" ", Account) has "adm"');
    expect(f.kind).toBe('and');
    const items = f.kind === 'and' ? f.items : [];
    expect(items.map((i) => i.kind)).toEqual(['computed', 'computed']);
    expect(items[0]).toMatchObject({
      dialect: 'kql',
      term: {
        kind: 'binary',
        op: '>',
        left: { kind: 'field', field: 'TimeGenerated' },
        right: { kind: 'call', name: 'ago' },
      },
    });
    expect(items[1]).toMatchObject({
      term: { kind: 'call', name: 'has', args: [{ kind: 'call', name: 'trim' }, { kind: 'value' }] },
    });
  });

  it('reads a field folded to one case as a case-insensitive test where every value is in that case', () => {
    const same = (folded: string, plain: string): boolean => sameExpr(filterOf(folded), filterOf(plain));
    expect(same('tolower(Account) == "admin"', 'Account =~ "admin"')).toBe(true);
    expect(same('toupper(Account) != "ADMIN"', 'Account !~ "ADMIN"')).toBe(true);
    expect(same('tolower(Account) in ("a", "b")', 'Account in~ ("a", "b")')).toBe(true);
    expect(same('tolower(Account) !in ("a")', 'Account !in~ ("a")')).toBe(true);
    expect(same('tolower(Account) contains_cs "adm"', 'Account contains "adm"')).toBe(true);
    expect(same('tolower(Account) has "ADM"', 'Account has "ADM"')).toBe(true);
    expect(same('tolower(Account) in~ ("A")', 'Account in~ ("A")')).toBe(true);
    // A value in the other case never equals the folded text; a regex sees the folded text: both stay computed.
    expect(filterOf('tolower(Account) == "Admin"').kind).toBe('computed');
    expect(filterOf('tolower(Account) in ("a", "B")').kind).toBe('computed');
    expect(filterOf('tolower(Account) matches regex "adm"').kind).toBe('computed');
    expect(filterOf('tolower(Account) > 1').kind).toBe('computed');
  });

  it('reads tostring() of a dynamic path as that path, except against the empty string', () => {
    const same = (a: string, b: string): boolean => sameExpr(filterOf(a), filterOf(b));
    expect(same('tostring(Status.detail) == "MFA denied"', 'Status.detail == "MFA denied"')).toBe(true);
    expect(same('tostring(Status.detail) has "adm"', 'Status.detail has "adm"')).toBe(true);
    expect(same('tostring(Status.detail) in~ ("a")', 'Status.detail in~ ("a")')).toBe(true);
    // A column may be of any type, which the printed comparison would then not accept.
    expect(filterOf('tostring(Account) == "a"').kind).toBe('computed');
    // tostring() of a null is "": the field itself, null, does not equal it.
    expect(filterOf('tostring(Status.detail) == ""').kind).toBe('computed');
    expect(filterOf('tostring(Status.detail) in ("", "x")').kind).toBe('computed');
    expect(filterOf('tostring(parse_json(Data).x) == "y"').kind).toBe('computed');
  });

  it('decodes every kind of string literal', () => {
    const value = (literal: string): unknown => {
      const f = filterOf(`Account == ${literal}`);
      return f.kind === 'predicate' ? f.values[0] : undefined;
    };
    expect(value('"a\\\\b\\"c\\n"')).toEqual(s('a\\b"c\n'));
    expect(value("'it\\'s'")).toEqual(s("it's"));
    expect(value('@"C:\\Windows"')).toEqual(s('C:\\Windows'));
    expect(value('@"say ""hi"""')).toEqual(s('say "hi"'));
    expect(value('h"secret"')).toEqual(s('secret'));
    expect(value("H@'C:\\x'")).toEqual(s('C:\\x'));
    expect(value('"a" \'b\' @"c"')).toEqual(s('abc'));
    expect(value('"\\u0041\\x42"')).toEqual(s('AB'));
    expect(value('```multi\nline```')).toEqual(s('multi\nline'));
  });

  it('reads timespans, datetimes, dynamic and numbers', () => {
    const f = filterOf(
      'TimeGenerated between (datetime(2020-01-01 10:00) .. now()) and TimeGenerated > ago(1.5h) and EventID in (dynamic([1, 2]))',
    );
    expect(f.kind).toBe('and');
    const kinds = f.kind === 'and' ? f.items.map((i) => i.kind) : [];
    expect(kinds).toEqual(['computed', 'computed', 'predicate']);
  });
});

describe('KQL errors name the construct and its position', () => {
  it('syntax errors', () => {
    const d = readError('SecurityEvent\n| where Account == "C:\\Windows"');
    expect(d.code).toBe('kql/syntax');
    expect(d.line).toBe(2);
    expect(d.message).toMatch(/escape/);
    expect(readError('SecurityEvent | where a = = 1').code).toBe('kql/syntax');
    expect(readError('SecurityEvent | where !(a == 1)').message).toMatch(/not\(/);
  });

  it('filters after a reshaping stage', () => {
    const d = readError('SecurityEvent\n| summarize c = count() by Account\n| where c > 5');
    expect(d.code).toBe('kql/filter-after-stage');
    expect(d.message).toContain("follows 'summarize' at 2:3");
    expect(d).toMatchObject({ line: 3, column: 3 });
  });

  it('unions, function lets, tabular conditions', () => {
    expect(readError('union SecurityEvent, Event | where EventID == 1').code).toBe('kql/union');
    expect(readError('let f = (x:string) { SecurityEvent | where Account == x };\nf("a")').code).toBe(
      'kql/function-let',
    );
    expect(readError('SecurityEvent | where Account in ((Event | project UserName))').message).toMatch(
      /tabular expression at 1:/,
    );
  });
});

/** A rule over SecurityEvent with the given filter. */
function ruleWith(filter: Expr, output: Rule['output'] = []): Rule {
  return {
    meta: emptyMeta('printed'),
    query: { kind: 'search', source: { model: 'sentinel', native: { table: 'SecurityEvent' } }, filter },
    output,
    provenance: { dialect: 'sigma' },
  };
}

const printFilter = (filter: Expr): string => {
  const text = printKql(ruleWith(filter)).text;
  return text.split('\n').slice(1).join('\n').trim();
};

describe('the KQL printer chooses exact operators', () => {
  const cases: [string, Expr, string][] = [
    [
      'cased equality',
      p({ field: 'Account', op: 'eq', values: [s('a')], cased: true }),
      '| where Account == "a"',
    ],
    ['uncased equality', p({ field: 'Account', op: 'eq', values: [s('a')] }), '| where Account =~ "a"'],
    [
      'uncased list',
      p({ field: 'Account', op: 'eq', values: [s('a'), s('b')] }),
      '| where Account in~ ("a", "b")',
    ],
    [
      'cased list',
      p({ field: 'Account', op: 'eq', values: [s('a'), s('b')], cased: true }),
      '| where Account in ("a", "b")',
    ],
    [
      'negated list',
      not(p({ field: 'Account', op: 'eq', values: [s('a'), s('b')] })),
      '| where Account !in~ ("a", "b")',
    ],
    [
      'contains',
      p({ field: 'CommandLine', op: 'contains', values: [s('x')] }),
      '| where CommandLine contains "x"',
    ],
    [
      // A group of one (a Sigma selection holding one multi-value item) keeps its item's `or` bracketed.
      'a one-item group of alternatives under and',
      {
        kind: 'and',
        items: [
          p({ field: 'A', op: 'eq', values: [s('a')], cased: true }),
          { kind: 'or', items: [p({ field: 'B', op: 'contains', values: [s('x'), s('y')] })] },
        ],
      },
      '| where A == "a"\n    and (B contains "x" or B contains "y")',
    ],
    [
      'contains_cs',
      p({ field: 'CommandLine', op: 'contains', values: [s('x')], cased: true }),
      '| where CommandLine contains_cs "x"',
    ],
    [
      'wildcards as contains',
      p({ field: 'CommandLine', op: 'eq', values: [{ type: 'string', pattern: [ANY, 'x', ANY] }] }),
      '| where CommandLine contains "x"',
    ],
    [
      'startswith',
      p({ field: 'CommandLine', op: 'eq', values: [{ type: 'string', pattern: ['x', ANY] }] }),
      '| where CommandLine startswith "x"',
    ],
    [
      'endswith_cs',
      p({ field: 'CommandLine', op: 'endswith', values: [s('x')], cased: true }),
      '| where CommandLine endswith_cs "x"',
    ],
    [
      '!endswith',
      not(p({ field: 'CommandLine', op: 'endswith', values: [s('.exe')] })),
      '| where CommandLine !endswith ".exe"',
    ],
    [
      'wildcard in the middle → anchored regex',
      p({
        field: 'CommandLine',
        op: 'eq',
        values: [{ type: 'string', pattern: ['a.b', ANY, 'c(', ONE, 'd'] }],
      }),
      '| where CommandLine matches regex @"(?is)^a\\.b.*c\\(.d$"',
    ],
    [
      'cased wildcard in a substring',
      p({
        field: 'CommandLine',
        op: 'contains',
        values: [{ type: 'string', pattern: ['a', ANY, 'b'] }],
        cased: true,
      }),
      '| where CommandLine matches regex "(?s)^.*a.*b.*$"',
    ],
    ['term', p({ field: 'CommandLine', op: 'term', values: [s('cmd')] }), '| where CommandLine has "cmd"'],
    [
      'term list',
      p({ field: 'CommandLine', op: 'term', values: [s('a'), s('b')], matchAll: true }),
      '| where CommandLine has_all ("a", "b")',
    ],
    [
      'cased term list',
      p({ field: 'CommandLine', op: 'term', values: [s('a'), s('b')], cased: true }),
      '| where CommandLine has_cs "a" or CommandLine has_cs "b"',
    ],
    [
      'several substrings',
      p({ field: 'CommandLine', op: 'contains', values: [s('a'), s('b')] }),
      '| where CommandLine contains "a" or CommandLine contains "b"',
    ],
    [
      'pcre regex with flags',
      p({
        field: 'CommandLine',
        op: 'regex',
        values: [
          {
            type: 'regex',
            pattern: 'a(?<n>b)',
            flags: { i: true, m: false, s: true },
            flavour: 'pcre',
            anchored: false,
          },
        ],
        cased: true,
      }),
      '| where CommandLine matches regex "(?is)a(?P<n>b)"',
    ],
    [
      'lucene regex is anchored',
      p({
        field: 'CommandLine',
        op: 'regex',
        values: [
          {
            type: 'regex',
            pattern: 'ab+',
            flags: { i: false, m: false, s: false },
            flavour: 'lucene',
            anchored: true,
          },
        ],
        cased: true,
      }),
      '| where CommandLine matches regex "(?s)^(?:ab+)$"',
    ],
    [
      'ipv4 cidr',
      p({ field: 'IpAddress', op: 'cidr', values: [{ type: 'cidr', cidr: '10.0.0.0/8' }] }),
      '| where ipv4_is_in_range(IpAddress, "10.0.0.0/8")',
    ],
    [
      'ipv6 cidr',
      p({ field: 'IpAddress', op: 'cidr', values: [{ type: 'cidr', cidr: 'fe80::/10' }] }),
      '| where ipv6_is_in_range(IpAddress, "fe80::/10")',
    ],
    [
      'isempty',
      or([p({ field: 'Account', op: 'null' }), p({ field: 'Account', op: 'eq', values: [s('')] })]),
      '| where isempty(Account)',
    ],
    [
      'isnotempty',
      not(or([p({ field: 'Account', op: 'null' }), p({ field: 'Account', op: 'eq', values: [s('')] })])),
      '| where isnotempty(Account)',
    ],
    ['exists', p({ field: 'Account', op: 'exists' }), '| where isnotempty(Account)'],
    // Kusto text is never null: a null test from another dialect is an emptiness test (reported broader).
    ['null', p({ field: 'Account', op: 'null' }), '| where isempty(Account)'],
    [
      'numbers',
      p({ field: 'EventID', op: 'gte', values: [{ type: 'number', value: 4624 }] }),
      '| where EventID >= 4624',
    ],
    [
      'precedence',
      and([
        or([
          p({ field: 'Account', op: 'eq', values: [s('a')] }),
          p({ field: 'Computer', op: 'eq', values: [s('b')] }),
        ]),
        p({ field: 'EventID', op: 'eq', values: [{ type: 'number', value: 1 }] }),
      ]),
      '| where (Account =~ "a" or Computer =~ "b")\n    and EventID == 1',
    ],
    [
      'base64offset expanded',
      p({ field: 'CommandLine', op: 'contains', values: [s('http')], transforms: ['base64offset'] }),
      '| where CommandLine contains "aHR0c" or CommandLine contains "h0dH" or CommandLine contains "odHRw"',
    ],
    [
      'windash expanded',
      p({ field: 'CommandLine', op: 'contains', values: [s(' -enc')], transforms: ['windash'] }),
      '| where CommandLine contains " -enc" or CommandLine contains " /enc" or CommandLine contains " –enc" or CommandLine contains " —enc" or CommandLine contains " ―enc"',
    ],
    [
      'backslashes verbatim',
      p({ field: 'NewProcessName', op: 'endswith', values: [s('\\cmd.exe')] }),
      '| where NewProcessName endswith @"\\cmd.exe"',
    ],
    [
      'quotes escaped',
      p({ field: 'CommandLine', op: 'contains', values: [s('say "hi"\n')] }),
      '| where CommandLine contains "say \\"hi\\"\\n"',
    ],
  ];
  for (const [name, filter, expected] of cases) {
    it(name, () => {
      expect(printFilter(filter)).toBe(expected);
    });
  }

  it('refuses what KQL cannot say exactly', () => {
    const refused: [Expr, RegExp][] = [
      [p({ field: null, op: 'contains', values: [s('x')] }), /keyword/],
      [p({ field: 'CommandLine', op: 'contains', values: [s('x')], transforms: ['wide'] }), /UTF-16 bytes/],
      [
        p({
          field: 'CommandLine',
          op: 'contains',
          values: [{ type: 'string', pattern: ['a', ANY] }],
          transforms: ['base64'],
        }),
        /wildcards/,
      ],
      [
        p({
          field: 'CommandLine',
          op: 'eq',
          values: [{ type: 'string', pattern: [{ placeholder: 'admins' }] }],
        }),
        /placeholder/,
      ],
      [
        p({
          field: 'CommandLine',
          op: 'regex',
          values: [
            {
              type: 'regex',
              pattern: '(?=a)',
              flags: { i: false, m: false, s: false },
              flavour: 'pcre',
              anchored: false,
            },
          ],
        }),
        /lookaround/,
      ],
      [
        p({
          field: 'CommandLine',
          op: 'regex',
          values: [
            {
              type: 'regex',
              pattern: 'a++b',
              flags: { i: false, m: false, s: false },
              flavour: 'pcre',
              anchored: false,
            },
          ],
        }),
        /possessive/,
      ],
      [
        p({ field: 'CommandLine', op: 'term', values: [{ type: 'string', pattern: ['a', ANY] }] }),
        /literal text/,
      ],
      [{ kind: 'computed', dialect: 'eql', term: { kind: 'field', field: 'x' } }, /eql/],
    ];
    for (const [filter, message] of refused) {
      let error: unknown;
      try {
        printKql(ruleWith(filter));
      } catch (e) {
        error = e;
      }
      expect(isRuleError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('an optional character class before an escape is no possessive quantifier (SigmaHQ hktl_wsass)', () => {
    const printed = printKql(
      ruleWith(
        p({
          field: 'CommandLine',
          op: 'regex',
          values: [
            {
              type: 'regex',
              pattern: `\\.exe["']?\\s+[*+]x`,
              flags: { i: true, m: false, s: false },
              flavour: 'pcre',
              anchored: false,
            },
          ],
        }),
      ),
    );
    expect(printed.text).toContain('matches regex');
  });

  it("null tests: isempty() for other dialects, reported; KQL's own isnull() kept", () => {
    const printed = printKql(ruleWith(not(p({ field: 'Account', op: 'null' }))));
    expect(printed.text).toContain('| where isnotempty(Account)');
    expect(printed.diagnostics.map((d) => [d.code, d.fidelity])).toEqual([['kql/null-as-empty', 'narrower']]);
    const own = ruleWith(p({ field: 'Account', op: 'null' }));
    own.provenance = { dialect: 'kql' };
    expect(printKql(own).text).toContain('| where isnull(Account)');
  });

  it('a rule without a KQL table is refused', () => {
    const rule = ruleWith({ kind: 'const', value: true });
    rule.query = {
      kind: 'search',
      source: { model: 'sigma', category: 'process_creation', native: {} },
      filter: { kind: 'const', value: true },
    };
    expect(() => printKql(rule)).toThrow(/no KQL table/);
  });
});

describe.skipIf(!hasShared)('printed operators pass Kusto.Language and read back', () => {
  it('every printer case', () => {
    const filters: Expr[] = [
      p({ field: 'Account', op: 'eq', values: [s('a'), s('b')] }),
      not(p({ field: 'CommandLine', op: 'endswith', values: [s('.exe')] })),
      p({
        field: 'CommandLine',
        op: 'eq',
        values: [{ type: 'string', pattern: ['a.b', ANY, 'c(', ONE, 'd'] }],
      }),
      p({ field: 'CommandLine', op: 'term', values: [s('a'), s('b')], matchAll: true }),
      p({
        field: 'CommandLine',
        op: 'regex',
        values: [
          {
            type: 'regex',
            pattern: 'a(?<n>b)',
            flags: { i: true, m: false, s: true },
            flavour: 'pcre',
            anchored: false,
          },
        ],
        cased: true,
      }),
      p({
        field: 'IpAddress',
        op: 'cidr',
        values: [
          { type: 'cidr', cidr: 'fe80::/10' },
          { type: 'cidr', cidr: '10.0.0.0/8' },
        ],
      }),
      not(
        or([
          p({ field: 'Account', op: 'null' }),
          p({ field: 'Account', op: 'eq', values: [s('')], cased: true }),
        ]),
      ),
      and([
        or([
          p({ field: 'Account', op: 'eq', values: [s('a')] }),
          p({ field: 'Computer', op: 'startswith', values: [s('b')], cased: true }),
        ]),
        p({ field: 'EventID', op: 'eq', values: [{ type: 'number', value: 4688 }] }),
        not(p({ field: 'EventID', op: 'gt', values: [{ type: 'number', value: 2 }] })),
      ]),
    ];
    for (const filter of filters) {
      // Rules from other dialects (a PCRE regex, wildcard patterns) may change form when printed; the printed
      // text must then be a fixed point: read back and printed again, it is the same text.
      const rule = ruleWith(filter, [
        { kind: 'project', fields: ['Account', 'Computer'] },
        { kind: 'head', count: 10 },
      ]);
      const text = printKql(rule).text;
      expect(roundTrip(readRule(text))).toBe(text);
      const errors = kustoDiagnostics(text);
      expect(errors, `${text}\n${describeKusto(errors)}`).toEqual([]);
    }
  });
});
