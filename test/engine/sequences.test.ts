import { describe, expect, it } from 'vitest';
import type {
  AggregateQuery,
  Expr,
  JoinKey,
  SequenceQuery,
  Step,
  TemporalQuery,
} from '../../src/ir/types.js';
import { predicate } from '../../src/ir/build.js';
import { compileRule, EngineError, evaluate } from '../../src/engine/index.js';
import { eqlRule, lit, ruleOf, step } from './helpers.js';

const isType = (t: string): Expr => predicate({ field: 'type', op: 'eq', values: [lit(t)] });
const shared = (field: string, steps: number): JoinKey => ({
  fields: Array.from({ length: steps }, () => field),
});
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ev = (type: string, user: string, second: number, extra: Record<string, unknown> = {}) => ({
  type,
  user,
  '@timestamp': at(second),
  ...extra,
});

function seq(steps: Step[], extra: Partial<SequenceQuery> = {}): SequenceQuery {
  return { kind: 'sequence', keys: [shared('user', steps.length + (extra.until ? 1 : 0))], steps, ...extra };
}
const indexes = (r: ReturnType<typeof evaluate>) => r.sequences.map((s) => s.events.map((e) => e.index));

describe('sequence', () => {
  const ab = seq([step(isType('a')), step(isType('b'))]);

  it('matches ordered steps with the same join key', () => {
    const r = evaluate(ruleOf(ab), [ev('a', 'u1', 0), ev('b', 'u2', 1), ev('b', 'u1', 2)]);
    expect(indexes(r)).toEqual([[0, 2]]);
    expect(r.sequences[0]?.key).toEqual(['u1']);
    expect(r.count).toBe(1);
  });

  it('does not match steps in the wrong order', () => {
    expect(evaluate(ruleOf(ab), [ev('b', 'u1', 0), ev('a', 'u1', 1)]).count).toBe(0);
  });

  it('does not join events whose key is missing', () => {
    expect(evaluate(ruleOf(ab), [{ type: 'a' }, { type: 'b' }]).count).toBe(0);
  });

  it('a newer pending sequence overwrites the older one in the same state', () => {
    const r = evaluate(ruleOf(ab), [ev('a', 'u1', 0), ev('a', 'u1', 1), ev('b', 'u1', 2)]);
    expect(indexes(r)).toEqual([[1, 2]]);
  });

  it('maxspan is counted from the first event, inclusive', () => {
    const within = seq([step(isType('a')), step(isType('b'))], { maxspan: { value: 5, unit: 's' } });
    expect(evaluate(ruleOf(within), [ev('a', 'u1', 0), ev('b', 'u1', 5)]).count).toBe(1);
    expect(evaluate(ruleOf(within), [ev('a', 'u1', 0), ev('b', 'u1', 6)]).count).toBe(0);
  });

  it('maxspan needs timestamps', () => {
    const within = seq([step(isType('a')), step(isType('b'))], { maxspan: { value: 5, unit: 's' } });
    expect(() => evaluate(ruleOf(within), [{ type: 'a', user: 'u' }])).toThrow(EngineError);
  });

  it('until discards pending sequences of its key only', () => {
    const q = seq([step(isType('a')), step(isType('b'))], { until: step(isType('stop')) });
    expect(evaluate(ruleOf(q), [ev('a', 'u1', 0), ev('stop', 'u1', 1), ev('b', 'u1', 2)]).count).toBe(0);
    expect(evaluate(ruleOf(q), [ev('a', 'u1', 0), ev('stop', 'u2', 1), ev('b', 'u1', 2)]).count).toBe(1);
  });

  it('runs=N needs N distinct matching events', () => {
    const q = seq([step(isType('a'), { runs: 3 })]);
    expect(evaluate(ruleOf(q), [ev('a', 'u', 0), ev('a', 'u', 1)]).count).toBe(0);
    expect(indexes(evaluate(ruleOf(q), [ev('a', 'u', 0), ev('a', 'u', 1), ev('a', 'u', 2)]))).toEqual([
      [0, 1, 2],
    ]);
  });

  it('a missing step between two steps forbids a matching event in between', () => {
    const q = seq([step(isType('a')), step(isType('c'), { missing: true }), step(isType('b'))], {
      maxspan: { value: 1, unit: 'm' },
    });
    expect(evaluate(ruleOf(q), [ev('a', 'u', 0), ev('c', 'u', 1), ev('b', 'u', 2)]).count).toBe(0);
    expect(evaluate(ruleOf(q), [ev('a', 'u', 0), ev('c', 'other', 1), ev('b', 'u', 2)]).count).toBe(1);
    expect(evaluate(ruleOf(q), [ev('c', 'u', 0), ev('a', 'u', 1), ev('b', 'u', 2)]).count).toBe(1);
  });

  it('a trailing missing step waits until maxspan has passed', () => {
    const q = seq([step(isType('a')), step(isType('c'), { missing: true })], {
      maxspan: { value: 10, unit: 's' },
    });
    expect(evaluate(ruleOf(q), [ev('a', 'u', 0), ev('c', 'u', 5)]).count).toBe(0);
    expect(evaluate(ruleOf(q), [ev('a', 'u', 0), ev('c', 'u', 11)]).count).toBe(1);
    expect(evaluate(ruleOf(q), [ev('a', 'u', 0), ev('x', 'u', 20)]).count).toBe(1);
    expect(evaluate(ruleOf(q), [ev('a', 'u', 0)]).count).toBe(1);
  });

  it('per-step join keys read a different field in each step', () => {
    const q: SequenceQuery = {
      kind: 'sequence',
      keys: [{ fields: ['process.entity_id', 'process.parent.entity_id'] }],
      steps: [step(isType('start')), step(isType('child'))],
    };
    const events = [
      { type: 'start', process: { entity_id: 'p1' } },
      { type: 'child', process: { parent: { entity_id: 'p2' } } },
      { type: 'child', process: { parent: { entity_id: 'p1' } } },
    ];
    expect(indexes(evaluate(ruleOf(q), events))).toEqual([[0, 2]]);
  });

  it('sorts by a timestamp field when one is given', () => {
    const events = [ev('b', 'u', 5), ev('a', 'u', 1)];
    expect(evaluate(ruleOf(ab), events).count).toBe(0);
    expect(indexes(evaluate(ruleOf(ab), events, { timestampField: '@timestamp' }))).toEqual([[1, 0]]);
  });

  it('multi-valued join keys join on any of their values', () => {
    const events = [
      { type: 'a', user: ['x', 'y'] },
      { type: 'b', user: 'y' },
    ];
    expect(evaluate(ruleOf(ab), events).count).toBe(1);
  });

  it('an EQL sequence parsed from text', () => {
    const rule = eqlRule(
      'sequence by user.name with maxspan=1m [process where process.name == "cmd.exe"] [network where destination.port == 443]',
    );
    const events = [
      { '@timestamp': at(0), user: { name: 'bob' }, process: { name: 'cmd.exe' } },
      { '@timestamp': at(10), user: { name: 'bob' }, destination: { port: 443 } },
      { '@timestamp': at(20), user: { name: 'eve' }, process: { name: 'CMD.EXE' } },
      { '@timestamp': at(30), user: { name: 'eve' }, destination: { port: 443 } },
      { '@timestamp': at(40), user: { name: 'amy' }, process: { name: 'cmd.exe' } },
      { '@timestamp': at(120), user: { name: 'amy' }, destination: { port: 443 } },
    ];
    // eve: `==` is case-sensitive in Elasticsearch EQL; amy: outside maxspan.
    expect(indexes(evaluate(rule, events))).toEqual([[0, 1]]);
  });

  it('compileRule refuses multi-event rules', () => {
    expect(() => compileRule(ruleOf(ab))).toThrow(EngineError);
  });

  it('head and tail apply to results', () => {
    const rule = { ...ruleOf(ab), output: [{ kind: 'tail' as const, count: 1 }] };
    const events = [ev('a', 'u1', 0), ev('b', 'u1', 1), ev('a', 'u2', 2), ev('b', 'u2', 3)];
    expect(indexes(evaluate(rule, events))).toEqual([[2, 3]]);
    expect(indexes(evaluate({ ...rule, output: [{ kind: 'head', count: 1 }] }, events))).toEqual([[0, 1]]);
  });
});

describe('temporal (unordered)', () => {
  const q: TemporalQuery = {
    kind: 'temporal',
    keys: [shared('user', 2)],
    window: { value: 10, unit: 's' },
    steps: [step(isType('a')), step(isType('b'))],
  };

  it('matches all steps in any order within the window', () => {
    expect(indexes(evaluate(ruleOf(q), [ev('b', 'u', 0), ev('a', 'u', 3)]))).toEqual([[0, 1]]);
  });

  it('not outside the window, nor across keys', () => {
    expect(evaluate(ruleOf(q), [ev('b', 'u', 0), ev('a', 'u', 11)]).count).toBe(0);
    expect(evaluate(ruleOf(q), [ev('b', 'u', 0), ev('a', 'v', 1)]).count).toBe(0);
  });

  it('needs a distinct event per step', () => {
    const both: TemporalQuery = { ...q, steps: [step(isType('a')), step(isType('a'))] };
    expect(evaluate(ruleOf(both), [ev('a', 'u', 0)]).count).toBe(0);
    expect(evaluate(ruleOf(both), [ev('a', 'u', 0), ev('a', 'u', 1)]).count).toBe(1);
  });
});

describe('aggregate', () => {
  const base: AggregateQuery = {
    kind: 'aggregate',
    function: 'count',
    keys: [shared('user', 1)],
    window: { value: 60, unit: 's' },
    steps: [step(isType('fail'))],
    condition: { gte: 3 },
  };

  it('counts per key in a sliding window and reports once per burst', () => {
    const events = [
      ev('fail', 'u', 0),
      ev('fail', 'u', 30),
      ev('fail', 'v', 31),
      ev('fail', 'u', 59),
      ev('fail', 'u', 60),
    ];
    const r = evaluate(ruleOf(base), events);
    expect(r.count).toBe(1);
    expect(r.sequences[0]).toMatchObject({ kind: 'aggregate', key: ['u'], value: 3 });
  });

  it('does not count events outside the window', () => {
    expect(evaluate(ruleOf(base), [ev('fail', 'u', 0), ev('fail', 'u', 40), ev('fail', 'u', 80)]).count).toBe(
      0,
    );
  });

  it('distinct_count of a field', () => {
    const q: AggregateQuery = { ...base, function: 'distinct_count', field: 'host', condition: { gt: 1 } };
    const same = [
      ev('fail', 'u', 0, { host: 'a' }),
      ev('fail', 'u', 1, { host: 'a' }),
      ev('fail', 'v', 2, { host: 'b' }),
    ];
    expect(evaluate(ruleOf(q), same).count).toBe(0);
    // Distinct values are compared exactly, as Elasticsearch's cardinality and Kusto's dcount do.
    expect(
      evaluate(ruleOf(q), [ev('fail', 'u', 0, { host: 'a' }), ev('fail', 'u', 1, { host: 'A' })]).count,
    ).toBe(1);
    expect(evaluate(ruleOf(q), [...same, ev('fail', 'u', 3, { host: 'b' })]).count).toBe(1);
  });

  it('upper bounds are checked on whole tumbling windows', () => {
    const q: AggregateQuery = { ...base, condition: { lt: 2 } };
    const events = [ev('fail', 'u', 0), ev('fail', 'u', 10), ev('fail', 'v', 20), ev('fail', 'u', 100)];
    const r = evaluate(ruleOf(q), events);
    // u's first window holds 2 events (no), v's holds 1 (yes), u's second holds 1 (yes).
    const found = r.sequences.map((s) => [s.key[0], s.value, s.events.map((e) => e.index)]);
    expect(found).toHaveLength(2);
    expect(found).toContainEqual(['u', 1, [3]]);
    expect(found).toContainEqual(['v', 1, [2]]);
  });

  it('a long burst under the threshold costs linear time (running aggregates, window queue)', () => {
    const events = Array.from({ length: 100_000 }, (_, k) => ({
      type: 'fail',
      user: 'u',
      host: `h${k % 50}`,
      '@timestamp': k * 10,
    }));
    for (const q of [
      { ...base, condition: { gte: 1_000_000 } },
      { ...base, function: 'distinct_count' as const, field: 'host', condition: { gt: 50 } },
    ]) {
      const t0 = performance.now();
      expect(evaluate(ruleOf(q), events).count).toBe(0);
      expect(performance.now() - t0).toBeLessThan(5000);
    }
  });

  it('sum, avg, median, percentile', () => {
    const events = [1, 2, 3, 10].map((n, k) => ev('fail', 'u', k, { bytes: n }));
    const value = (fn: AggregateQuery['function'], extra: Partial<AggregateQuery> = {}) =>
      evaluate(
        ruleOf({ ...base, function: fn, field: 'bytes', condition: { gte: 0 }, window: undefined, ...extra }),
        events,
        {},
      ).sequences[0]?.value;
    // A lower bound is checked at every event: `sum >= 0` already holds at the first one.
    expect(value('sum')).toBe(1);
    expect(
      evaluate(ruleOf({ ...base, function: 'sum', field: 'bytes', condition: { gt: 15 } }), events)
        .sequences[0]?.value,
    ).toBe(16);
    expect(
      evaluate(ruleOf({ ...base, function: 'avg', field: 'bytes', condition: { eq: 4 } }), events)
        .sequences[0]?.value,
    ).toBe(4);
    expect(
      evaluate(ruleOf({ ...base, function: 'median', field: 'bytes', condition: { eq: 2.5 } }), events)
        .sequences[0]?.value,
    ).toBe(2.5);
    expect(
      evaluate(
        ruleOf({ ...base, function: 'percentile', percentile: 100, field: 'bytes', condition: { eq: 10 } }),
        events,
      ).sequences[0]?.value,
    ).toBe(10);
  });
});
