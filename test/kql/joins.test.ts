/**
 * Multi-event rules as KQL: Sigma correlations (and EQL sequences, through the same IR) become joins within
 * a window or summarize thresholds, which Kusto.Language accepts; what KQL cannot state is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { readBatch } from '../../src/pipeline/batch.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { dialectModule } from '../../src/dialects/registry.js';
import { describeKusto, kustoDiagnostics } from './kusto.js';

const BASE = `title: whoami
name: whoami
logsource: {product: windows, category: process_creation}
detection:
  sel: {Image|endswith: '\\whoami.exe'}
  condition: sel
---
title: net
name: net
logsource: {product: windows, category: process_creation}
detection:
  sel: {Image|endswith: '\\net.exe'}
  condition: sel
`;

function toKql(correlation: string, from: 'sigma' | 'eql' = 'sigma') {
  const text = from === 'sigma' ? `${BASE}---\n${correlation}` : correlation;
  const outcomes = readBatch([{ text, file: 'rule', dialect: from }]);
  const rule = outcomes[outcomes.length - 1]?.rule;
  if (!rule) throw new Error(JSON.stringify(outcomes[outcomes.length - 1]?.diagnostics));
  return renderRule(rule, dialectModule('kql')!, {}, {});
}

function expectValid(text: string | undefined): string {
  expect(text).toBeDefined();
  const found = kustoDiagnostics(text as string);
  expect(found, describeKusto(found)).toEqual([]);
  return text as string;
}

describe('multi-event rules as KQL', () => {
  it('an ordered correlation is a join on its keys, in order, within the window', () => {
    const printed = toKql(`title: whoami then net
correlation:
  type: temporal_ordered
  rules: [whoami, net]
  group-by: [Computer]
  timespan: 5m
`);
    const text = expectValid(printed.text);
    expect(text).toContain('let step1 = DeviceProcessEvents');
    expect(text).toContain('| project Time2 = TimeGenerated, DeviceName, Event2 = pack_all()');
    expect(text).toContain('| join kind=inner (step2) on DeviceName');
    expect(text).toContain('| where Time1 < Time2 and Time2 - Time1 <= 5m');
  });

  it('an unordered correlation bounds the spread of the events, not their order', () => {
    const text = expectValid(
      toKql(`title: both
correlation:
  type: temporal
  rules: [whoami, net]
  group-by: [Computer]
  timespan: 2h
`).text,
    );
    expect(text).toContain('| where max_of(Time1, Time2) - min_of(Time1, Time2) <= 2h');
    expect(text).not.toContain('Time1 < Time2');
  });

  it('an EQL sequence with different keys per step joins on a named key', () => {
    const text = expectValid(
      toKql(
        `sequence by host.id with maxspan=1m
  [process where host.os.type == "windows" and event.type == "start" and process.name : "mmc.exe"] by process.pid
  [process where host.os.type == "windows" and event.type == "start" and process.parent.name : "mmc.exe"] by process.parent.pid`,
        'eql',
      ).text,
    );
    expect(text).toMatch(/\| join kind=inner \(step2\) on DeviceName, \w+/);
    expect(text).toContain('Time2 - Time1 <= 1m');
  });

  it('event and value counts are summarize thresholds in time bins, reported as narrower', () => {
    const count = toKql(`title: many
correlation:
  type: event_count
  rules: [whoami]
  group-by: [Computer, User]
  timespan: 1h
  condition: {gte: 10}
`);
    expect(expectValid(count.text)).toContain(
      '| summarize EventCount = count() by bin(TimeGenerated, 1h), DeviceName, AccountName\n| where EventCount >= 10',
    );
    expect(count.diagnostics.find((d) => d.code === 'kql/fixed-bins')?.fidelity).toBe('narrower');
    const values = toKql(`title: users
correlation:
  type: value_count
  rules: [whoami]
  group-by: [Computer]
  timespan: 1h
  condition: {field: User, gt: 3}
`);
    expect(expectValid(values.text)).toContain('ValueCount = count_distinct(AccountName)');
  });

  it('refuses what a join or a bin cannot state', () => {
    const noWindowUpper = toKql(`title: few
correlation:
  type: event_count
  rules: [whoami]
  group-by: [Computer]
  timespan: 1h
  condition: {lt: 3}
`);
    expect(noWindowUpper.text).toBeUndefined();
    expect(noWindowUpper.diagnostics[0]?.code).toBe('kql/unsupported-query');
    const until = toKql(
      `sequence by host.id with maxspan=1m
  [process where host.os.type == "windows" and event.type == "start" and process.name : "a.exe"]
  [process where host.os.type == "windows" and event.type == "start" and process.name : "b.exe"]
until [process where host.os.type == "windows" and event.type == "start" and process.name : "c.exe"]`,
      'eql',
    );
    expect(until.text).toBeUndefined();
    expect(until.diagnostics[0]?.message).toContain('until');
  });
});

describe('multi-event KQL read back', () => {
  const correlations = {
    ordered: `title: o
correlation: {type: temporal_ordered, rules: [whoami, net], group-by: [Computer], timespan: 5m}
`,
    unordered: `title: u
correlation: {type: temporal, rules: [whoami, net], group-by: [Computer, User], timespan: 2h}
`,
    count: `title: c
correlation: {type: event_count, rules: [whoami, net], group-by: [Computer], timespan: 1h, condition: {gte: 10}}
`,
    values: `title: v
correlation: {type: value_count, rules: [whoami], group-by: [Computer], timespan: 1d, condition: {field: User, gt: 3}}
`,
  };
  const kql = dialectModule('kql')!;

  it.each(Object.entries(correlations))(
    '%s: reads back to the same query and prints the same text',
    (_, text) => {
      const printed = expectValid(toKql(text).text);
      const [file] = kql.parse([{ text: printed, file: 'printed.kql' }]);
      const rule = file?.rules[0]?.rule;
      expect(rule, JSON.stringify(file?.rules[0]?.diagnostics)).toBeDefined();
      expect(['sequence', 'temporal', 'aggregate']).toContain(rule!.query.kind);
      expect(kql.print(rule!).text).toBe(printed);
    },
  );

  it('an EQL sequence through KQL keeps its kind, keys and window', () => {
    const printed = expectValid(
      toKql(
        `sequence by host.id with maxspan=1m
  [process where host.os.type == "windows" and event.type == "start" and process.name : "mmc.exe"] by process.pid
  [process where host.os.type == "windows" and event.type == "start" and process.parent.name : "mmc.exe"] by process.parent.pid`,
        'eql',
      ).text,
    );
    const rule = kql.parse([{ text: printed }])[0]!.rules[0]!.rule!;
    expect(rule.query).toMatchObject({
      kind: 'sequence',
      maxspan: { value: 1, unit: 'm' },
      keys: [{ fields: ['DeviceName'] }, { fields: ['ProcessId', 'InitiatingProcessId'] }],
    });
  });

  it('a join of another shape is no sequence', () => {
    const [file] = kql.parse([
      {
        text: 'DeviceProcessEvents | join kind=leftouter (DeviceNetworkEvents) on DeviceId | where Timestamp > ago(1d)',
      },
    ]);
    expect(file?.rules[0]?.rule).toBeUndefined();
  });
});

describe('a join after the filters', () => {
  it('is kept in KQL, and said to match more where another dialect leaves it out', () => {
    const kql = dialectModule('kql')!;
    const [file] = kql.parse([
      {
        text: 'DeviceProcessEvents\n| where FolderPath endswith @"\\x.exe"\n| join kind=inner (DeviceNetworkEvents | where RemotePort == 4444) on DeviceId',
      },
    ]);
    const rule = file!.rules[0]!.rule!;
    expect(rule.output[0]).toMatchObject({ kind: 'opaque', narrows: true });
    expect(kql.print(rule).text).toContain('| join kind=inner');
    const sigma = renderRule(rule, dialectModule('sigma')!, {}, {});
    expect(sigma.text).toBeDefined();
    expect(sigma.diagnostics.find((d) => d.code === 'sigma/output-stage-dropped')?.fidelity).toBe('broader');
  });
});
