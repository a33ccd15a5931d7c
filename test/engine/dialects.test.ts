/** Each dialect's own semantics, through the real front ends: the IR they produce, evaluated. */
import { describe, expect, it } from 'vitest';
import { evaluate, EngineError } from '../../src/engine/index.js';
import { eqlRule, kqlRule } from './helpers.js';

const process = {
  process: { name: 'cmd.exe', args: ['cmd.exe', '/c', 'dir'], pid: 4, parent: { name: 'explorer.exe' } },
  source: { ip: '10.1.2.3' },
  a: 'x',
  b: 'y',
  path: 'C:\\Windows\\System32\\cmd.exe',
};
const eql = (query: string, event: unknown = process) => evaluate(eqlRule(query), [event]).count === 1;

describe('EQL (Elasticsearch semantics)', () => {
  it('== and in are case-sensitive; :, like~, in~ and ~ functions are not', () => {
    expect(eql('process where process.name == "cmd.exe"')).toBe(true);
    expect(eql('process where process.name == "CMD.EXE"')).toBe(false);
    expect(eql('process where process.name in ("CMD.EXE")')).toBe(false);
    expect(eql('process where process.name in~ ("CMD.EXE")')).toBe(true);
    expect(eql('process where process.name : "CMD*"')).toBe(true);
    expect(eql('process where process.name like "CMD*"')).toBe(false);
    expect(eql('process where process.name like~ "CMD*"')).toBe(true);
    expect(eql('process where startsWith(process.name, "CMD")')).toBe(false);
    expect(eql('process where startsWith~(process.name, "CMD")')).toBe(true);
  });

  it('== treats * as a character', () => {
    expect(eql('process where process.name == "cmd*"')).toBe(false);
    expect(eql('process where process.name == "cmd*"', { process: { name: 'cmd*' } })).toBe(true);
  });

  it('regex is Lucene, whole value; regex~ folds case', () => {
    expect(eql('process where process.name regex "cmd\\\\.exe"')).toBe(true);
    expect(eql('process where process.name regex "cmd"')).toBe(false);
    expect(eql('process where process.name regex~ "CMD.*"')).toBe(true);
  });

  it('multi-valued fields match when any value does', () => {
    expect(eql('process where process.args : "/C"')).toBe(true);
    expect(eql('process where process.args == "/x"')).toBe(false);
  });

  it('functions: length, substring, concat, between, indexOf, number, string, arithmetic, cidrMatch', () => {
    for (const q of [
      'process where length(process.args) == 3',
      'process where length(process.name) == 7',
      'process where substring(process.name, 0, 3) == "cmd"',
      'process where substring(process.name, -3) == "exe"',
      'process where concat(a, b) == "xy"',
      'process where between(path, "System32\\\\", ".exe") == "cmd"',
      'process where indexOf(process.name, "exe") == 4',
      'process where number("10") == 10',
      'process where string(process.pid) == "4"',
      'process where divide(5, 2) == 2',
      'process where modulo(7, 3) == 1',
      'process where process.pid + 1 == 5',
      'process where cidrMatch(source.ip, "10.0.0.0/8", "192.168.0.0/16")',
      'process where stringContains(process.parent.name, "plor")',
    ]) {
      expect(eql(q), q).toBe(true);
    }
    expect(eql('process where cidrMatch(source.ip, "192.168.0.0/16")')).toBe(false);
    expect(eql('process where substring(process.name, 0, 3) == "CMD"')).toBe(false);
  });

  it('three-valued logic: a comparison on a missing field is unknown, and so is its negation', () => {
    // Elasticsearch's own expectations (test_queries.toml, fakeFieldWithHead2: "`not null` is still null").
    expect(eql('process where not (fake_field : "*")')).toBe(false);
    expect(eql('process where process.missing != "x"')).toBe(false);
    expect(eql('process where process.name != "x"')).toBe(true);
    expect(eql('process where process.missing != "x" or process.name == "cmd.exe"')).toBe(true);
    expect(eql('process where not (length(process.missing) > 0)')).toBe(false);
    // existence tests are never unknown
    expect(eql('process where process.missing == null')).toBe(true);
    expect(eql('process where not (process.missing != null)')).toBe(true);
    // the caller may choose two-valued logic
    expect(
      evaluate(eqlRule('process where process.missing != "x"'), [process], { logic: 'two-valued' }).count,
    ).toBe(1);
  });

  it('null: == null tests absence; functions of null are null, never true', () => {
    expect(eql('process where ?process.args_count == null')).toBe(true);
    expect(eql('process where process.pid == null')).toBe(false);
    expect(eql('process where length(process.missing) > 0')).toBe(false);
    expect(eql('process where add(process.missing, 1) == 1')).toBe(false);
  });
});

const security = {
  CommandLine: 'C:\\Windows\\cmd.exe /c whoami 123',
  Account: 'CORP\\Bob',
  EventID: 4688,
  IpAddress: '10.0.0.5',
  Empty: '',
};
const kql = (query: string, event: unknown = security) => evaluate(kqlRule(query), [event]).count === 1;

describe('KQL (Kusto semantics)', () => {
  it('has is a whole-term match; contains a substring', () => {
    expect(kql('SecurityEvent | where CommandLine has "cmd.exe"')).toBe(true);
    expect(kql('SecurityEvent | where CommandLine has "whoam"')).toBe(false);
    expect(kql('SecurityEvent | where CommandLine contains "whoam"')).toBe(true);
    expect(kql('SecurityEvent | where CommandLine !has "cmd"')).toBe(false);
    expect(kql('SecurityEvent | where CommandLine has_any ("whoami", "net")')).toBe(true);
    expect(kql('SecurityEvent | where CommandLine has_all ("whoami", "net")')).toBe(false);
  });

  it('== and _cs are case-sensitive; =~ is not', () => {
    expect(kql('SecurityEvent | where Account == "corp\\\\bob"')).toBe(false);
    expect(kql('SecurityEvent | where Account =~ "corp\\\\BOB"')).toBe(true);
    expect(kql('SecurityEvent | where CommandLine contains_cs "CMD"')).toBe(false);
    expect(kql('SecurityEvent | where CommandLine contains "CMD"')).toBe(true);
  });

  it('matches regex is RE2, a substring search', () => {
    expect(kql('SecurityEvent | where CommandLine matches regex @"\\d+"')).toBe(true);
    expect(kql('SecurityEvent | where CommandLine matches regex @"^\\d+"')).toBe(false);
  });

  it('strings are never null: isempty covers missing, null and ""', () => {
    expect(kql('SecurityEvent | where isempty(Empty)')).toBe(true);
    expect(kql('SecurityEvent | where isempty(Missing)')).toBe(true);
    expect(kql('SecurityEvent | where isempty(Account)')).toBe(false);
  });

  it('functions and ranges', () => {
    for (const q of [
      'SecurityEvent | where strlen(CommandLine) > 5',
      'SecurityEvent | where tolower(Account) == "corp\\\\bob"',
      'SecurityEvent | where ipv4_is_in_range(IpAddress, "10.0.0.0/8")',
      'SecurityEvent | where EventID in (4688, 1)',
      'SecurityEvent | where EventID between (4000 .. 5000)',
      'SecurityEvent | where not(Account == "x")',
    ]) {
      expect(kql(q), q).toBe(true);
    }
    expect(kql('SecurityEvent | where EventID between (1 .. 5)')).toBe(false);
  });

  it('time: ago() counts back from the latest event, datetime ranges, timespan arithmetic', () => {
    const events = [
      { TimeGenerated: '2026-01-01T00:00:00Z', StartTime: '2025-12-31T23:30:00Z' },
      { TimeGenerated: '2026-01-01T05:00:00Z', StartTime: '2026-01-01T04:59:00Z' },
      { TimeGenerated: '2026-01-02T00:00:00Z', StartTime: '2026-01-01T23:00:00Z' },
    ];
    const count = (q: string) => evaluate(kqlRule(q), events).count;
    expect(count('T | where TimeGenerated > ago(20h)')).toBe(2);
    expect(count('T | where TimeGenerated > ago(20h)')).toBe(2);
    expect(count('T | where TimeGenerated between (datetime(2026-01-01) .. 6h)')).toBe(2);
    expect(count('T | where TimeGenerated - StartTime > 10m')).toBe(2);
    expect(
      evaluate(kqlRule('T | where TimeGenerated > ago(1h)'), events, { now: Date.UTC(2026, 0, 1, 5, 30) })
        .count,
    ).toBe(2);
  });

  it('hasprefix, hassuffix, ipv4_is_private', () => {
    expect(kql('SecurityEvent | where CommandLine hasprefix "who"')).toBe(true);
    expect(kql('SecurityEvent | where CommandLine hasprefix "hoami"')).toBe(false);
    expect(kql('SecurityEvent | where CommandLine hassuffix "ami"')).toBe(true);
    expect(kql('SecurityEvent | where ipv4_is_private(IpAddress)')).toBe(true);
    expect(kql('SecurityEvent | where ipv4_is_private(IpAddress)', { IpAddress: '8.8.8.8' })).toBe(false);
  });

  it('dynamic values: parse_json, indexing, dynamic literals; datetime_part', () => {
    const event = { Props: '{"user": "bob", "ids": [3, 4]}', TimeGenerated: '2026-01-01T22:15:00Z' };
    expect(kql('T | where parse_json(Props)["user"] == "bob"', event)).toBe(true);
    expect(kql('T | where parse_json(Props)["ids"][1] == 4', event)).toBe(true);
    expect(kql('T | where parse_json(Props)["user"] == "amy"', event)).toBe(false);
    expect(kql("T | where array_length(dynamic(['a', 'b'])) == 2", event)).toBe(true);
    expect(kql('T | where datetime_part("hour", TimeGenerated) >= 22', event)).toBe(true);
  });

  it('=~, !~ and in~ of a computed value are case-insensitive (KQL operators, not EQL ~ functions)', () => {
    expect(kql('SecurityEvent | where tostring(Account) =~ "corp\\\\BOB"')).toBe(true);
    expect(kql('SecurityEvent | where tostring(Account) !~ "corp\\\\BOB"')).toBe(false);
    expect(kql('SecurityEvent | where tostring(Account) in~ ("CORP\\\\BOB", "x")')).toBe(true);
    expect(kql('SecurityEvent | where tostring(Account) in ("CORP\\\\BOB", "x")')).toBe(false);
    expect(kql('SecurityEvent | where tostring(Account) !in~ ("corp\\\\bob")')).toBe(false);
  });

  it('split cuts text at a delimiter, and picks one part by index', () => {
    expect(kql('SecurityEvent | where tostring(split(Account, "\\\\")[-1]) == "Bob"')).toBe(true);
    expect(kql('SecurityEvent | where array_length(split(CommandLine, " ")) == 4')).toBe(true);
    expect(kql('SecurityEvent | where tostring(split(CommandLine, " ", 1)[0]) == "/c"')).toBe(true);
    expect(kql('SecurityEvent | where array_length(split(CommandLine, " ", 9)) == 0')).toBe(true);
  });

  it('an unknown function is an error, not a silent false', () => {
    expect(() => kql('SecurityEvent | where base64_decode_tostring(CommandLine) == "x"')).toThrow(
      EngineError,
    );
  });
});
