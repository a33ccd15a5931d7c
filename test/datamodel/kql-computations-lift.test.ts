/**
 * KQL computations lifted into field tests before mapping (src/lower/kql-computations.ts): each lift must select
 * what the computation selects (checked with the engine, which evaluates the KQL computation itself), or a
 * superset/subset exactly where its note says broader/narrower; the translations must read back.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { liftKqlComputations } from '../../src/lower/kql-computations.js';
import { replaceGroup } from '../../src/lower/extract.js';
import { mustParse } from '../support/sigma.js';
import { computedLeft, selected } from '../support/lifts.js';
import { dialect, kqlRule } from '../support/rules.js';
import { kustoDiagnostics, describeKusto } from '../kql/kusto.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

/**
 * The lifted rule, with the relation of what it selects to what the source selects on the events: measured by
 * the engine, or given where the engine does not evaluate the source (`split`; KQL's `~` operators, which its
 * call table reads as their cased forms).
 */
function lift(query: string, events: Record<string, unknown>[], given?: number[]) {
  const source = kqlRule(query);
  const lifted = liftKqlComputations(source);
  if (lifted.rule.query.kind !== 'search') throw new Error('not a search');
  const before = given ?? selected(source, events);
  const after = selected(lifted.rule, events);
  const superset = before.every((i) => after.includes(i));
  const subset = after.every((i) => before.includes(i));
  const relation = superset && subset ? 'same' : superset ? 'broader' : subset ? 'narrower' : 'other';
  return { lifted, before, after, relation, computed: computedLeft(lifted.rule.query.filter) };
}

describe('hasprefix / hassuffix', () => {
  const events = [
    { Process: 'C:\\tools\\AdFind.exe' },
    { Process: 'C:\\tools\\adfind.exe -f x' },
    { Process: 'C:\\tools\\NotAdFind.exe' },
    { Process: 'C:\\tools\\AdFind.exe2' },
    { Process: 'C:\\tools\\AdFind.exe.bak' },
    {},
  ];

  it('hassuffix is a regex of the term edge: exact, also without case', () => {
    const r = lift('T | where Process hassuffix "AdFind.exe"', events);
    expect(r.computed).toBe(false);
    expect(r.relation).toBe('same');
    // A term suffix: "NotAdFind.exe" ends a term with it, "AdFind.exe2" does not.
    expect(r.before).toEqual([0, 1, 2, 4]);
    expect(r.lifted.diagnostics.map((d) => [d.code, d.fidelity])).toEqual([['kql/term-affix', undefined]]);
  });

  it('negated and case-sensitive forms stay exact', () => {
    expect(lift('T | where Process !hassuffix "AdFind.exe"', events).relation).toBe('same');
    const cased = lift('T | where Process hassuffix_cs "AdFind.exe"', events);
    expect(cased.relation).toBe('same');
    expect(cased.before).toEqual([0, 2, 4]);
    const prefix = lift('T | where Process hasprefix "Ad"', events);
    expect(prefix.relation).toBe('same');
    expect(prefix.before).toEqual([0, 1, 3, 4]);
  });

  it('is left where the needle has punctuation at the edge it tests', () => {
    expect(lift('T | where Process hassuffix "exe."', events).computed).toBe(true);
  });

  it('converts to Sigma and EQL as a regex that reads back', () => {
    const rule = kqlRule('SecurityEvent | where EventID == 4688 and NewProcessName hassuffix "AdFind.exe"');
    const printed = renderRule(rule, sigma);
    expect(printed.text).toContain("NewProcessName|re|i|s: 'AdFind\\.exe([^0-9A-Za-z].*)?$'");
    expect(mustParse(printed.text ?? '')).toBeDefined();
    expect(renderRule(rule, eql).text).toContain('regex~ """.*AdFind\\.exe([^0-9A-Za-z].*)?"""');
  });
});

describe('the file name of a path: tostring(split(F, "\\\\")[-1])', () => {
  const events = [
    { ActingProcessName: 'C:\\Windows\\System32\\cmd.exe' },
    { ActingProcessName: 'CMD.EXE' },
    { ActingProcessName: 'C:\\x\\notcmd.exe' },
    { ActingProcessName: 'C:\\cmd.exe\\other.exe' },
    { ActingProcessName: '' },
    {},
  ];

  it('in~ is eq or endswith a backslash and the name: exact', () => {
    const r = lift(
      'T | where tostring(split(ActingProcessName, "\\\\")[-1]) in~ ("cmd.exe", "pwsh.exe")',
      events,
      [0, 1],
    );
    expect(r.computed).toBe(false);
    expect(r.relation).toBe('same');
  });

  it('!in is its negation, and in is cased: exact', () => {
    const denied = 'T | where tostring(split(ActingProcessName, "\\\\")[-1]) !in~ ("cmd.exe")';
    expect(lift(denied, events, [2, 3, 4, 5]).relation).toBe('same');
    const cased = 'T | where tostring(split(ActingProcessName, "\\\\")[-1]) in ("cmd.exe")';
    expect(lift(cased, events, [0]).relation).toBe('same');
  });

  it('is left for names holding a backslash or another index', () => {
    for (const query of [
      'T | where tostring(split(A, "\\\\")[-1]) in~ ("a\\\\b")',
      'T | where tostring(split(A, "\\\\")[0]) in~ ("a")',
    ]) {
      const lifted = liftKqlComputations(kqlRule(query)).rule.query;
      expect(lifted.kind === 'search' && computedLeft(lifted.filter)).toBe(true);
    }
  });
});

describe('extract() compared with constants', () => {
  it('replaces the compared group by the values', () => {
    expect(replaceGroup('\\.(\\w+)$', 1, ['ps1', 'a.b'])).toBe('\\.(ps1|a\\.b)$');
    expect(replaceGroup('(?i)SELECT(.*?)FROM\\s(.*?)\\s', 2, ['t'])).toBe('(?i)SELECT(.*?)FROM\\s(t)\\s');
    expect(replaceGroup('(?:x)[(](a)(?P<n>b)', 2, ['c'])).toBe('(?:x)[(](a)(?P<n>c)');
    // A repeated group captures its last round only: refused.
    expect(replaceGroup('a(?:x(\\d))+', 1, ['2'])).toBeUndefined();
    expect(replaceGroup('a(\\d\\d){2}', 1, ['20'])).toBeUndefined();
    expect(replaceGroup('a(\\d)?', 1, ['2'])).toBe('a(2)?');
  });

  const urls = [
    { Url: '/etc/passwd' },
    { Url: '/a/passwd.bak' },
    { Url: '/passwd/x' },
    { Url: 'PASSWD' },
    { Url: '/etc/hosts' },
    {},
  ];

  it('== / in is a broader regex test, said so', () => {
    const r = lift('T | where extract(@"(.*\\/)?(.*)", 2, tostring(Url)) in ("passwd", "shadow")', urls);
    expect(r.computed).toBe(false);
    expect(r.before).toEqual([0]);
    expect(r.relation).toBe('broader');
    expect(r.lifted.diagnostics.map((d) => [d.code, d.fidelity])).toEqual([['kql/extract', 'broader']]);
  });

  it('=~ / in~ compare without case', () => {
    const r = lift('T | where extract(@"(.*\\/)?(.*)", 2, Url) =~ "passwd"', urls, [0, 3]);
    expect(r.after).toEqual([0, 1, 2, 3]);
    expect(r.relation).toBe('broader');
  });

  it('is exact where the regex has one match only (a file extension)', () => {
    const files = [{ F: 'a.ps1' }, { F: 'a.ps1.txt' }, { F: 'a.PS1' }, { F: 'ps1' }, {}];
    const r = lift('T | where extract(@"\\.(\\w+)$", 1, F) in ("ps1", "bat")', files);
    expect(r.before).toEqual([0]);
    expect(r.relation).toBe('same');
  });

  it('is narrower where denied, and both directions together say both', () => {
    const events = [{ D: 'v20' }, { D: 'v1 v20' }, { D: 'x' }, {}];
    // The first run of digits is not "20": v20 has it, "v1 v20" and "x" (no digits) do not.
    const denied = lift('T | where extract(@"(\\d+)", 1, D) !~ "20"', events, [1, 2, 3]);
    expect(denied.relation).toBe('narrower');
    expect(denied.lifted.diagnostics.map((d) => d.fidelity)).toEqual(['narrower']);
    const both = lift(
      'T | where extract(@"(\\d+)", 1, D) != "20" and extract(@"(\\d+)", 1, D) == "1"',
      events,
      [1],
    );
    expect(both.lifted.diagnostics.map((d) => d.fidelity).sort()).toEqual(['broader', 'narrower']);
  });

  it('is left for an empty value, a group that is not there, or a repeated group', () => {
    expect(lift('T | where extract(@"(a)", 1, F) == ""', [], []).computed).toBe(true);
    expect(lift('T | where extract(@"(a)", 2, F) == "a"', [], []).computed).toBe(true);
    expect(lift('T | where extract(@"(?:x(\\d))+", 1, F) == "2"', [], []).computed).toBe(true);
  });

  it("converts to Sigma, whose KQL passes Microsoft's analyzer", () => {
    const rule = kqlRule(
      'Syslog | where Facility == "auth" and extract(@"GRANT ROLE\\s(\\S+)\\sto", 1, SyslogMessage) in~ ("SYSADMIN")',
    );
    const printed = renderRule(rule, sigma);
    expect(printed.text).toContain("|re|i: 'GRANT ROLE\\s(SYSADMIN)\\sto'");
    expect(printed.diagnostics.find((d) => d.code === 'kql/extract')?.fidelity).toBe('broader');
    const back = renderRule(mustParse(printed.text ?? ''), kql).text ?? '';
    expect(back).toContain('matches regex');
    expect(describeKusto(kustoDiagnostics(back))).toBe('');
  });
});

describe('membership of an empty list', () => {
  it('!in of dynamic([]) holds for every row: folded away, exact', () => {
    const events = [
      { Q: 'vip1 search', E: 'a' },
      { Q: 'other', E: 'b' },
    ];
    const r = lift('let allowed = dynamic([]);\nT | where Q has "vip1" and E !in (allowed)', events);
    expect(r.computed).toBe(false);
    expect(r.relation).toBe('same');
    expect(r.before).toEqual([0]);
    expect(r.lifted.diagnostics.map((d) => d.code)).toEqual(['kql/empty-list']);
  });

  it('in of dynamic([]) holds for none', () => {
    const r = lift('let bad = dynamic([]);\nT | where Q has "x" and E in (bad)', [{ Q: 'x', E: '' }]);
    expect(r.lifted.rule.query).toMatchObject({ filter: { kind: 'const', value: false } });
  });
});

describe('bool literals in other cases', () => {
  it('False is the bool false, not a column: ipv4_is_private(ip) == False is a denied CIDR test', () => {
    const rule = kqlRule('CiscoSEGEvent | where ipv4_is_private(SrcIpAddr) == False');
    expect(JSON.stringify(rule.query)).not.toContain('"field":"False"');
    const printed = renderRule(rule, sigma);
    expect(printed.text).toContain('SrcIpAddr|cidr|neq:');
    expect(printed.diagnostics.find((d) => d.code === 'kql/ipv4-is-private')?.fidelity).toBe('broader');
  });

  it('a KQL rule keeps its meaning written back', () => {
    const text = renderRule(kqlRule('T | where Flag == TRUE and ipv4_is_private(A) == False'), kql).text;
    expect(text).toContain('Flag == true');
    expect(text).toContain('ipv4_is_private(A) == false');
  });
});
