/**
 * Fields a KQL model reads out of an XML column (the Event and SecurityEvent tables' EventData) in multi-event
 * rules: a group-by or join key must be extracted like the filter's fields, and a System-header field, which
 * EventData does not hold, is not read from it at all.
 */
import { describe, expect, it } from 'vitest';
import { dialectModule } from '../../src/dialects/registry.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { readEqlQuery } from '../../src/dialects/eql/index.js';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

const kql = dialectModule('kql');
if (!kql) throw new Error('no kql');

const CORRELATION = `title: base
name: base_rule
logsource:
    product: windows
    service: system
detection:
    selection:
        EventID: 7045
        ImagePath|contains: 'temp'
    condition: selection
---
title: Many services
correlation:
    type: event_count
    rules:
        - base_rule
    group-by:
        - ServiceName
    timespan: 1h
    condition:
        gte: 3
`;

describe('extracted fields in multi-event rules', () => {
  it('extracts a group-by field of the Event table, so the summarize can use it', () => {
    const rules = parseSigma([{ text: CORRELATION }])[0]?.rules ?? [];
    const correlation = rules[1]?.rule;
    if (!correlation) throw new Error('no correlation');
    const printed = renderRule(correlation, kql);
    expect(printed.text).toContain(`ServiceName = extract(@'<Data Name="ServiceName">`);
    expect(describeKusto(kustoDiagnostics(printed.text ?? ''))).toBe('');
  });

  it('does not read a System-header field out of EventData: a SecurityEvent join on it is refused', () => {
    const rule = readEqlQuery(
      `sequence by winlog.computer_name, winlog.process.pid with maxspan=1s
  [any where host.os.type == "windows" and event.code == "5382"]
  [any where host.os.type == "windows" and event.code == "5382"]`,
      { title: 'Header key' },
    ).rule;
    if (!rule) throw new Error('no rule');
    const printed = renderRule(rule, kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.message).toContain('Execution_ProcessID');
  });

  it('compares a key read from columns of different types as text on every side (int LocalPort, string IpPort)', () => {
    const rule = readEqlQuery(
      `sequence by source.port, source.ip with maxspan=3s
  [network where host.os.type == "windows" and event.type == "start" and destination.port == 88]
  [authentication where host.os.type == "windows" and event.code == "4769"]`,
      { title: 'Mixed key columns' },
    ).rule;
    if (!rule) throw new Error('no rule');
    const printed = renderRule(rule, kql);
    expect(printed.text).toContain('tostring(LocalPort)');
    expect(describeKusto(kustoDiagnostics(printed.text ?? ''))).toBe('');
    const back = kql.parse([{ text: printed.text ?? '' }])[0]?.rules[0]?.rule;
    expect(back?.query.kind).toBe('sequence');
  });
});
