/**
 * Unordered multi-event matching (Sigma `temporal` correlation, EQL `sample`): per join-key value, every
 * step must be matched by a distinct event, in any order, all within the window (no window: anywhere in the
 * input). With a `condition`, it bounds the number of distinct steps matched instead of requiring all.
 * When a group matches it is reported once and that key starts afresh, so one burst gives one result.
 */
import type { Threshold, TemporalQuery } from '../ir/types.js';
import { WindowQueue } from './deque.js';
import { durationMs } from './time.js';
import {
  KeyReader,
  asMatch,
  compileStepTests,
  needTimestamp,
  type PreparedEvent,
  type SequenceMatch,
  type StreamOptions,
} from './stream.js';

export function meetsThreshold(value: number, t: Threshold): boolean {
  return (
    (t.gt === undefined || value > t.gt) &&
    (t.gte === undefined || value >= t.gte) &&
    (t.lt === undefined || value < t.lt) &&
    (t.lte === undefined || value <= t.lte) &&
    (t.eq === undefined || value === t.eq) &&
    (t.neq === undefined || value !== t.neq)
  );
}

interface Group {
  key: unknown[];
  /** Per step, the events that matched it within the window, oldest first. */
  perStep: Array<WindowQueue<PreparedEvent>>;
}

/** Picks a distinct event for as many steps as possible (latest first per step); greedy, in step order. */
function assign(group: Group): PreparedEvent[] {
  const used = new Set<number>();
  const chosen: PreparedEvent[] = [];
  for (const list of group.perStep) {
    for (const e of list.newestFirst()) {
      if (!used.has(e.index)) {
        used.add(e.index);
        chosen.push(e);
        break;
      }
    }
  }
  return chosen;
}

export function evaluateTemporal(
  query: TemporalQuery,
  events: PreparedEvent[],
  options: StreamOptions,
): SequenceMatch[] {
  const tests = compileStepTests(query.steps, options);
  const keys = new KeyReader(query.keys, query.steps.length);
  const window = query.window ? durationMs(query.window) : undefined;
  const groups = new Map<string, Group>();
  const results: SequenceMatch[] = [];
  const enough = (n: number) =>
    query.condition ? meetsThreshold(n, query.condition) : n === query.steps.length;

  for (const e of events) {
    const now = window !== undefined ? needTimestamp(e, 'a time window') : undefined;
    const touched = new Map<string, Group>();
    tests.forEach((test, step) => {
      if (!test(e.event)) return;
      for (const { id, values } of keys.keysOf(e.event, step)) {
        let group = groups.get(id);
        if (!group) {
          group = { key: values, perStep: query.steps.map(() => new WindowQueue<PreparedEvent>()) };
          groups.set(id, group);
        }
        (group.perStep[step] as WindowQueue<PreparedEvent>).push(e);
        touched.set(id, group);
      }
    });
    for (const [id, group] of touched) {
      if (now !== undefined && window !== undefined) {
        for (const list of group.perStep) list.dropBefore(now - window);
      }
      const chosen = assign(group);
      if (enough(chosen.length)) {
        chosen.sort((a, b) => a.index - b.index);
        results.push({ kind: 'temporal', key: group.key, events: chosen.map(asMatch) });
        groups.delete(id);
      }
    }
    if (window !== undefined && now !== undefined && groups.size > 10_000) {
      for (const [id, group] of groups) {
        for (const list of group.perStep) list.dropBefore(now - window);
        if (group.perStep.every((list) => list.length === 0)) groups.delete(id);
      }
    }
  }
  return results;
}
