import { describe, expect, it } from 'vitest';
import { parseSigma, printSigma } from '../../src/dialects/sigma/index.js';
import { sameRule } from '../../src/ir/normalize.js';
import type { Rule } from '../../src/ir/types.js';

const base = (name: string, id: string, eventId: number) => `title: ${name}
id: ${id}
name: ${name}
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: ${eventId}
    condition: selection
`;

const failed = base('failed_login', '53ba33fd-3a50-4468-a5ef-c583635cfa92', 4625);
const success = base('successful_login', '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8', 4624);

function rules(text: string, more: string[] = []): Rule[] {
  return parseSigma([{ text, file: 'c.yml' }, ...more.map((t, i) => ({ text: t, file: `m${i}.yml` }))])
    .flatMap((f) => f.rules)
    .map((r) => {
      if (!r.rule) throw new Error(JSON.stringify(r.diagnostics));
      return r.rule;
    });
}

describe('Sigma correlation rules', () => {
  it('temporal_ordered with aliases becomes a sequence with per-step keys', () => {
    const text = `title: brute force then success
correlation:
    type: temporal_ordered
    rules:
        - failed_login
        - successful_login
    aliases:
        account:
            failed_login: TargetUserName
            successful_login: SubjectUserName
    group-by:
        - account
        - Computer
    timespan: 10m
level: high
---
${failed}---
${success}`;
    const [corr] = rules(text);
    expect(corr?.query.kind).toBe('sequence');
    if (corr?.query.kind !== 'sequence') return;
    expect(corr.query.keys).toEqual([
      { alias: 'account', fields: ['TargetUserName', 'SubjectUserName'] },
      { fields: ['Computer', 'Computer'] },
    ]);
    expect(corr.query.maxspan).toEqual({ value: 10, unit: 'm' });
    expect(corr.query.steps.map((s) => s.ref?.name)).toEqual(['failed_login', 'successful_login']);
    expect(corr.query.steps[0]?.query.kind).toBe('search');
  });

  it('event_count, value_count and chained correlations; references by id or name, across files', () => {
    const count = `title: many failures
name: many_failures
correlation:
    type: event_count
    rules: 53ba33fd-3a50-4468-a5ef-c583635cfa92
    group-by: [TargetUserName]
    timespan: 1h
    condition:
        gte: 10
---
title: many users
correlation:
    type: value_count
    rules: [failed_login]
    group-by: [IpAddress]
    timespan: 5m
    condition:
        field: TargetUserName
        gt: 3
        lte: 100
---
title: chain
correlation:
    type: temporal
    rules: [many_failures, successful_login]
    group-by: [TargetUserName]
    timespan: 2h
`;
    const [c1, c2, c3] = rules(count, [failed, success]);
    expect(c1?.query).toMatchObject({
      kind: 'aggregate',
      function: 'count',
      condition: { gte: 10 },
      window: { value: 1, unit: 'h' },
    });
    expect(c2?.query).toMatchObject({
      kind: 'aggregate',
      function: 'distinct_count',
      field: 'TargetUserName',
      condition: { gt: 3, lte: 100 },
    });
    expect(c3?.query.kind).toBe('temporal');
    if (c3?.query.kind === 'temporal') expect(c3.query.steps[0]?.query.kind).toBe('aggregate');
  });

  it('an unknown reference is an error with its position', () => {
    const [file] = parseSigma([
      {
        text: `title: x\ncorrelation:\n    type: temporal\n    rules:\n        - nope\n    timespan: 5m\n`,
        file: 'x.yml',
      },
    ]);
    const d = file?.rules[0]?.diagnostics[0];
    expect(d?.code).toBe('sigma/unknown-reference');
    expect([d?.line, d?.column]).toEqual([5, 11]);
  });

  it('a correlation prints back as a correlation document that reads back the same', () => {
    const text = `title: seq\nname: seq\ncorrelation:\n    type: temporal_ordered\n    rules: [failed_login, successful_login]\n    group-by: [TargetUserName]\n    timespan: 90s\n---\n${failed}---\n${success}`;
    const all = rules(text);
    const printed = all.map((r) => printSigma(r).text);
    const again = parseSigma(printed.map((t, i) => ({ text: t, file: `p${i}.yml` }))).flatMap((f) =>
      f.rules.map((r) => r.rule),
    );
    all.forEach((r, i) => expect(sameRule(r, again[i] as Rule)).toBe(true));
    expect(printed[0]).toContain('type: temporal_ordered');
    expect(printed[0]).toContain('timespan: 90s');
  });
});

describe('Sigma meta filters', () => {
  it('read as a filter query and print back', () => {
    const text = `title: Filter admins
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - f1f3bf22-deb2-418d-8cce-e1a45e46a5bd
    selection:
        User|startswith: 'adm_'
    condition: not selection
`;
    const [rule] = rules(text);
    expect(rule?.query).toMatchObject({
      kind: 'filter',
      appliesTo: ['f1f3bf22-deb2-418d-8cce-e1a45e46a5bd'],
    });
    expect(printSigma(rule as Rule).text).toBe(text);
  });
});
