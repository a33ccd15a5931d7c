/**
 * The seed rule "Lateral Movement via DCOM" (Sentinel): its KQL query reads into a search over `Event` with the
 * Sysmon EventData extraction recognised, prints back, reads back to the same rule, and passes Kusto.Language.
 */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { sameRule } from '../../src/ir/normalize.js';
import { kqlDialect, printKql } from '../../src/dialects/kql/index.js';
import type { KqlNativeSource } from '../../src/dialects/kql/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { readRule, roundTrip, stripPositions } from './helpers.js';
import { describeKusto, kustoDiagnostics } from './kusto.js';

describe.skipIf(!hasShared)('the DCOM rule', () => {
  const query = hasShared
    ? (
        yaml.load(readFileSync(sharedPath('dcom', 'sentinel_LateralMovementViaDCOM.yaml'), 'utf8')) as {
          query: string;
        }
      ).query
    : '';

  it('lowers to a search over Event with the Sysmon parse recognised', () => {
    const rule = readRule(query, 'Lateral Movement via DCOM');
    expect(rule.query.kind).toBe('search');
    if (rule.query.kind !== 'search') return;
    const native = rule.query.source.native as KqlNativeSource;
    expect(rule.query.source).toMatchObject({ model: 'sentinel', product: 'windows', service: 'sysmon' });
    expect(native.table).toBe('Event');
    expect(native.stages?.[0]?.eventDataFields).toEqual(['CommandLine', 'ParentCommandLine']);
    expect(stripPositions(rule.query.filter)).toEqual({
      kind: 'and',
      items: [
        {
          kind: 'predicate',
          field: 'EventLog',
          op: 'eq',
          values: [{ type: 'string', pattern: ['Microsoft-Windows-Sysmon/Operational'] }],
          matchAll: false,
          cased: true,
          transforms: [],
        },
        {
          kind: 'predicate',
          field: 'EventID',
          op: 'eq',
          values: [{ type: 'number', value: 1 }],
          matchAll: false,
          cased: false,
          transforms: [],
        },
        {
          kind: 'predicate',
          field: 'ParentCommandLine',
          op: 'eq',
          values: [{ type: 'string', pattern: ['C:\\Windows\\System32\\svchost.exe -k DcomLaunch'] }],
          matchAll: false,
          cased: true,
          transforms: [],
        },
        {
          kind: 'predicate',
          field: 'CommandLine',
          op: 'eq',
          values: [{ type: 'string', pattern: ['C:\\Windows\\System32\\mmc.exe -Embedding'] }],
          matchAll: false,
          cased: true,
          transforms: [],
        },
      ],
    });
    // The second parse and the summarize only shape the alert: output stages.
    expect(rule.output.map((o) => o.kind)).toEqual(['opaque', 'opaque']);
    expect(rule.output[1]).toMatchObject({
      kind: 'opaque',
      dialect: 'kql',
      text: expect.stringMatching(/^summarize StartTime = min\(TimeGenerated\)/),
    });
  });

  it('prints canonical KQL that reads back to the same rule and is a fixed point', () => {
    const rule = readRule(query, 'dcom');
    const text = roundTrip(rule);
    expect(text.split('\n').slice(0, 6)).toEqual([
      'Event',
      '| where EventLog == "Microsoft-Windows-Sysmon/Operational"',
      '    and EventID == 1',
      `| parse EventData with * 'CommandLine">' CommandLine "<" * 'ParentCommandLine">' ParentCommandLine "<" *`,
      '| where ParentCommandLine == @"C:\\Windows\\System32\\svchost.exe -k DcomLaunch"',
      '    and CommandLine == @"C:\\Windows\\System32\\mmc.exe -Embedding"',
    ]);
    expect(printKql(readRule(text, 'dcom')).text).toBe(text);
    expect(sameRule(readRule(text, 'dcom'), rule)).toBe(true);
  });

  it('the printed query has no Kusto.Language syntax or semantic error', () => {
    const text = printKql(readRule(query)).text;
    const errors = kustoDiagnostics(text);
    expect(errors, describeKusto(errors)).toEqual([]);
  });

  it('reads through the dialect module, as a file and as JSONL', () => {
    const [file] = kqlDialect.parse([{ text: query, file: 'dcom.kql' }]);
    expect(file?.rules[0]?.rule?.provenance).toMatchObject({ dialect: 'kql', file: 'dcom.kql' });
    expect(file?.rules[0]?.rule?.meta.title).toBe('dcom');
    const jsonl = [
      JSON.stringify({ id: 'dcom', query }),
      JSON.stringify({ id: 'bad', query: 'Event | where a = = 1' }),
    ].join('\n');
    expect(kqlDialect.sniff(jsonl)).toBe(true);
    expect(kqlDialect.sniff(query)).toBe(true);
    expect(kqlDialect.sniff('title: x\ndetection:\n  sel: {}')).toBe(false);
    expect(kqlDialect.sniff('process where process.name == "x"')).toBe(false);
    expect(kqlDialect.sniff(JSON.stringify({ id: 'eql', query: 'process where process.name == "x"' }))).toBe(
      false,
    );
    const [records] = kqlDialect.parse([{ text: jsonl, file: 'rules.jsonl' }]);
    expect(records?.rules).toHaveLength(2);
    expect(records?.rules[0]?.rule?.meta.title).toBe('dcom');
    expect(records?.rules[1]?.rule).toBeUndefined();
    expect(records?.rules[1]?.diagnostics[0]).toMatchObject({
      code: 'kql/syntax',
      line: 2,
      document: 1,
      file: 'rules.jsonl',
    });
    expect(records?.rules[1]?.diagnostics[0]?.message).toMatch(/query line 1, column 17/);
  });
});
