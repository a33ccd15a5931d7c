/** Sigma correlation rules, parsed by the Sigma front end and evaluated end to end. */
import { describe, expect, it } from 'vitest';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import type { Rule } from '../../src/ir/types.js';
import { evaluate } from '../../src/engine/index.js';

const CHAINED = `title: Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`;

function outerRule(): Rule {
  const rules = parseSigma([{ text: CHAINED }])[0]?.rules ?? [];
  const rule = rules.find((r) => r.rule?.meta.title.startsWith('Multiple Failed Logins'))?.rule;
  if (!rule) throw new Error('correlation did not parse');
  return rule;
}

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 0, 1, 0, minute, second)).toISOString();
const failures = (user: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, k) => ({ EventID: 4625, User: user, '@timestamp': at(from, k) }));

describe('Sigma correlations', () => {
  it('temporal_ordered over an event_count: ten failures, then a success, per user', () => {
    const events = [...failures('bob', 10), { EventID: 4624, User: 'bob', '@timestamp': at(2) }];
    const r = evaluate(outerRule(), events);
    expect(r.count).toBe(1);
    expect(r.sequences[0]?.key).toEqual(['bob']);
    expect(r.sequences[0]?.events.map((e) => e.index)).toEqual([9, 10]);
  });

  it('near misses: nine failures; a success of another user; a success before the failures', () => {
    expect(
      evaluate(outerRule(), [...failures('bob', 9), { EventID: 4624, User: 'bob', '@timestamp': at(2) }])
        .count,
    ).toBe(0);
    expect(
      evaluate(outerRule(), [...failures('bob', 10), { EventID: 4624, User: 'amy', '@timestamp': at(2) }])
        .count,
    ).toBe(0);
    expect(
      evaluate(outerRule(), [{ EventID: 4624, User: 'bob', '@timestamp': at(0) }, ...failures('bob', 10, 1)])
        .count,
    ).toBe(0);
  });

  it('the success must come within the timespan', () => {
    expect(
      evaluate(outerRule(), [...failures('bob', 10), { EventID: 4624, User: 'bob', '@timestamp': at(11) }])
        .count,
    ).toBe(0);
  });
});

const VALUE_COUNT = `title: Password spraying
id: 0d0b9a2e-4a4e-4d55-9f3b-1f2a3b4c5d6e
correlation:
    type: value_count
    rules:
        - failed_logon
    group-by:
        - IpAddress
    timespan: 5m
    condition:
        gte: 3
        field: TargetUserName
---
title: Failed logon
id: 1e1c0b3f-5b5f-4e66-8a4c-2a3b4c5d6e7f
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
`;

describe('Sigma value_count', () => {
  const rule = () => {
    const rules = parseSigma([{ text: VALUE_COUNT }])[0]?.rules ?? [];
    const found = rules.find((r) => r.rule?.meta.title === 'Password spraying')?.rule;
    if (!found) throw new Error(`did not parse: ${JSON.stringify(rules.map((r) => r.diagnostics))}`);
    return found;
  };
  const failure = (ip: string, user: string, minute: number) => ({
    EventID: 4625,
    IpAddress: ip,
    TargetUserName: user,
    '@timestamp': at(minute),
  });

  it('three distinct users from one address within 5 minutes', () => {
    const events = [
      failure('10.0.0.1', 'amy', 0),
      failure('10.0.0.1', 'bob', 1),
      failure('10.0.0.1', 'cat', 2),
    ];
    expect(evaluate(rule(), events).sequences.map((s) => [s.key, s.value])).toEqual([[['10.0.0.1'], 3]]);
  });

  it('near misses: the same user thrice; spread over more than 5 minutes; different addresses', () => {
    expect(
      evaluate(rule(), [failure('a', 'amy', 0), failure('a', 'amy', 1), failure('a', 'amy', 2)]).count,
    ).toBe(0);
    expect(
      evaluate(rule(), [failure('a', 'amy', 0), failure('a', 'bob', 3), failure('a', 'cat', 6)]).count,
    ).toBe(0);
    expect(
      evaluate(rule(), [failure('a', 'amy', 0), failure('b', 'bob', 1), failure('c', 'cat', 2)]).count,
    ).toBe(0);
  });
});
