/**
 * Aggregates per join-key value within a window (Sigma event_count / value_count / value_sum …, KQL
 * `summarize … | where`, Elastic threshold rules), compared with a threshold.
 * - A condition made only of lower bounds (gt/gte) can only become true as events arrive: it is checked at
 *   every event over the sliding window ending there, and reported the first time it holds; the key then
 *   starts afresh, so one burst gives one result.
 * - Any other condition (lt, lte, eq, neq) is about the whole window: windows are tumbling per key, opened
 *   by the key's first event and closed when an event beyond it arrives or input ends; checked on close.
 * - No window: one window per key over the whole input.
 */
import type { AggregateQuery } from '../ir/types.js';
import { EngineError } from './errors.js';
import { MISSING, fieldReader } from './fields.js';
import { WindowQueue } from './deque.js';
import { meetsThreshold } from './temporal.js';
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
import { numberOf, scalars, textOf } from './values.js';

/** One event of a group, with the measured field's values read once. */
interface Entry {
  event: PreparedEvent;
  ts: number | undefined;
  values: unknown[];
}

/**
 * The aggregate of a group, kept up to date as events enter and leave its window, so a long burst costs
 * O(1) per event (median and percentile sort their window when asked).
 */
class Accumulator {
  private count = 0;
  private sum = 0;
  private numbers = 0;
  private readonly distinct = new Map<string, number>();

  constructor(
    private readonly query: AggregateQuery,
    private readonly entries: () => Entry[],
  ) {}

  add(entry: Entry): void {
    this.count++;
    this.update(entry, 1);
  }

  remove(entry: Entry): void {
    this.count--;
    this.update(entry, -1);
  }

  private update(entry: Entry, sign: 1 | -1): void {
    for (const v of entry.values) {
      const n = numberOf(v);
      if (n !== undefined) {
        this.sum += sign * n;
        this.numbers += sign;
      }
      if (this.query.function === 'distinct_count') {
        const key = textOf(v) as string;
        const seen = (this.distinct.get(key) ?? 0) + sign;
        if (seen <= 0) this.distinct.delete(key);
        else this.distinct.set(key, seen);
      }
    }
  }

  value(): number | undefined {
    switch (this.query.function) {
      case 'count':
        return this.count;
      case 'distinct_count':
        return this.distinct.size;
      case 'sum':
        return this.sum;
      case 'avg':
        return this.numbers === 0 ? undefined : this.sum / this.numbers;
      case 'median':
      case 'percentile': {
        const rank = this.query.function === 'median' ? 50 : this.query.percentile;
        if (rank === undefined) throw new EngineError('unsupported', 'percentile without a rank');
        const all = this.entries().flatMap((e) =>
          e.values.map((v) => numberOf(v)).filter((n): n is number => n !== undefined),
        );
        return percentileOf(all, rank);
      }
    }
  }
}

interface Bucket {
  key: unknown[];
  start: number;
  queue: WindowQueue<Entry>;
  acc: Accumulator;
}

function percentileOf(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank on a linear interpolation between closest ranks (the common definition, as numpy's default).
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
}

export function evaluateAggregate(
  query: AggregateQuery,
  events: PreparedEvent[],
  options: StreamOptions,
): SequenceMatch[] {
  const tests = compileStepTests(query.steps, options);
  const keys = new KeyReader(query.keys, query.steps.length);
  const window = query.window ? durationMs(query.window) : undefined;
  if (query.function !== 'count' && query.field === undefined) {
    throw new EngineError('unsupported', `${query.function} needs a field`);
  }
  const read = query.field !== undefined ? fieldReader(query.field) : undefined;
  const valuesOf = (e: PreparedEvent): unknown[] => {
    const v = read ? read(e.event) : MISSING;
    return v === MISSING || v === null ? [] : scalars(v).filter((x) => x !== null);
  };

  const c = query.condition;
  const rising = c.lt === undefined && c.lte === undefined && c.eq === undefined && c.neq === undefined;
  const buckets = new Map<string, Bucket>();
  const results: SequenceMatch[] = [];
  const open = (key: unknown[], start: number): Bucket => {
    const queue = new WindowQueue<Entry>();
    return { key, start, queue, acc: new Accumulator(query, () => queue.toArray()) };
  };
  const report = (bucket: Bucket): boolean => {
    const value = bucket.acc.value();
    if (value === undefined || !meetsThreshold(value, c)) return false;
    const matched = bucket.queue.toArray().map((entry) => asMatch(entry.event));
    results.push({ kind: 'aggregate', key: bucket.key, events: matched, value });
    return true;
  };

  for (const e of events) {
    const now = window !== undefined ? needTimestamp(e, 'a time window') : (e.ts ?? 0);
    const seen = new Set<string>();
    tests.forEach((test, step) => {
      if (!test(e.event)) return;
      for (const { id, values: keyValues } of keys.keysOf(e.event, step)) {
        if (seen.has(id)) continue; // an event counts once per group even if several steps match it
        seen.add(id);
        let bucket = buckets.get(id);
        if (bucket && !rising && window !== undefined && now - bucket.start > window) {
          report(bucket);
          bucket = undefined;
        }
        if (!bucket) {
          bucket = open(keyValues, now);
          buckets.set(id, bucket);
        }
        const entry: Entry = { event: e, ts: e.ts, values: valuesOf(e) };
        bucket.queue.push(entry);
        bucket.acc.add(entry);
        if (rising) {
          const acc = bucket.acc;
          if (window !== undefined) bucket.queue.dropBefore(now - window, (old) => acc.remove(old));
          if (report(bucket)) buckets.delete(id);
        }
      }
    });
  }
  if (!rising) for (const bucket of buckets.values()) report(bucket);
  return results;
}
