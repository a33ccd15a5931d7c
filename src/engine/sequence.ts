/**
 * Ordered multi-event matching with Elasticsearch EQL's state machine:
 * - per join-key value, each stage (number of steps matched so far) holds at most one pending sequence; a
 *   newer one overwrites the older (ES docs, "How sequence queries handle matches");
 * - an event is offered to the stages from the last to the first, so one event never advances a sequence it
 *   has just started (and `runs=N`, expanded into N equal steps, counts N distinct events);
 * - `maxspan` is measured from the first event of a sequence (inclusive); expired pending sequences are
 *   dropped, so memory is bounded by (keys seen within maxspan) × (steps);
 * - an `until` event with the same key discards that key's pending sequences.
 * Missing steps `![q]` (ES 8.9+), as Elasticsearch's own test vectors (test_missing_events.toml) pin them:
 * - one between two positive steps forbids an event matching q (same key) strictly between them;
 * - the leading and trailing ones are judged together: the sequence is dropped when every one of them has a
 *   matching event (before the first / after the last positive event) and the whole, those events included,
 *   still fits in maxspan. A sequence with a trailing missing step is therefore reported only once
 *   (first event + maxspan) has passed, or the input has ended.
 */
import type { SequenceQuery } from '../ir/types.js';
import { EngineError } from './errors.js';
import type { EventTest } from './predicate.js';
import { durationMs } from './time.js';
import {
  KeyReader,
  asMatch,
  compileSearchTest,
  needTimestamp,
  type PreparedEvent,
  type SequenceMatch,
  type StreamOptions,
} from './stream.js';

interface Partial {
  events: PreparedEvent[];
  key: unknown[];
}

interface Stage {
  test: EventTest;
  /** Index of the IR step (several stages share one under `runs`), which selects the join-key fields. */
  step: number;
}

interface MissingStep {
  test: EventTest;
  step: number;
  /** The number of positive stages before it: 0 = leading, stages.length = trailing. */
  after: number;
  /** Events that matched it, per key value: what could break a sequence. */
  seen: Map<string, PreparedEvent[]>;
}

interface Deferred {
  seq: Partial;
  keyId: string;
  deadline: number;
}

export function evaluateSequence(
  query: SequenceQuery,
  events: PreparedEvent[],
  options: StreamOptions,
): SequenceMatch[] {
  const maxspan = query.maxspan ? durationMs(query.maxspan) : undefined;
  const stages: Stage[] = [];
  const missing: MissingStep[] = [];
  query.steps.forEach((step, k) => {
    const test = compileSearchTest(step.query, options, `sequence step ${k + 1}`);
    if (step.missing) {
      // ES accepts runs on a missing step; N missing events in a row are found whenever one is.
      missing.push({ test, step: k, after: stages.length, seen: new Map() });
      return;
    }
    const runs = step.runs ?? 1;
    if (!(runs >= 1 && runs <= 1000)) throw new EngineError('unsupported', `runs=${runs}`);
    for (let r = 0; r < runs; r++) stages.push({ test, step: k });
  });
  if (stages.length === 0) throw new EngineError('unsupported', 'a sequence without a positive step');
  const inner = missing.filter((m) => m.after > 0 && m.after < stages.length);
  const leading = missing.filter((m) => m.after === 0);
  const trailing = missing.filter((m) => m.after === stages.length);
  const untilTest = query.until ? compileSearchTest(query.until.query, options, 'until') : undefined;
  const keys = new KeyReader(query.keys, query.steps.length + (query.until ? 1 : 0));
  const maxPending = options.maxPending ?? 1_000_000;
  const timed = maxspan !== undefined;

  const pending: Array<Map<string, Partial>> = stages.map(() => new Map());
  const deferred: Deferred[] = [];
  const results: SequenceMatch[] = [];

  const expired = (p: Partial, now: number | undefined): boolean =>
    maxspan !== undefined &&
    now !== undefined &&
    now - ((p.events[0] as PreparedEvent).ts as number) > maxspan;

  const innerViolated = (keyId: string, seq: PreparedEvent[]): boolean =>
    inner.some((m) => {
      const before = seq[m.after - 1] as PreparedEvent;
      const next = seq[m.after] as PreparedEvent;
      return (m.seen.get(keyId) ?? []).some((h) => h.index > before.index && h.index < next.index);
    });

  /** Leading and trailing missing steps: dropped when all are found and everything fits in maxspan. */
  const edgesFound = (keyId: string, seq: PreparedEvent[]): boolean => {
    const first = seq[0] as PreparedEvent;
    const last = seq[seq.length - 1] as PreparedEvent;
    let start = first.ts;
    let end = last.ts;
    for (const m of leading) {
      // The latest such event before the sequence keeps the span smallest.
      let best: PreparedEvent | undefined;
      for (const h of m.seen.get(keyId) ?? []) if (h.index < first.index) best = h;
      if (!best) return false;
      if (best.ts !== undefined && start !== undefined) start = Math.min(start, best.ts);
    }
    for (const m of trailing) {
      const best = (m.seen.get(keyId) ?? []).find((h) => h.index > last.index);
      if (!best) return false;
      if (best.ts !== undefined && end !== undefined) end = Math.max(end, best.ts);
    }
    return maxspan === undefined || start === undefined || end === undefined || end - start <= maxspan;
  };

  const emit = (seq: Partial): void => {
    results.push({ kind: 'sequence', key: seq.key, events: seq.events.map(asMatch) });
  };

  const complete = (seq: Partial, keyId: string): void => {
    if (innerViolated(keyId, seq.events)) return;
    if (trailing.length > 0) {
      const firstTs = (seq.events[0] as PreparedEvent).ts;
      const deadline = maxspan !== undefined && firstTs !== undefined ? firstTs + maxspan : Infinity;
      deferred.push({ seq, keyId, deadline });
      return;
    }
    if (leading.length > 0 && edgesFound(keyId, seq.events)) return;
    emit(seq);
  };

  const releaseDeferred = (now: number | undefined, atEnd: boolean): void => {
    for (let k = 0; k < deferred.length;) {
      const d = deferred[k] as Deferred;
      if (atEnd || (now !== undefined && now > d.deadline)) {
        deferred.splice(k, 1);
        if (!edgesFound(d.keyId, d.seq.events)) emit(d.seq);
      } else k++;
    }
  };

  let sinceSweep = 0;
  for (const e of events) {
    const now = timed ? needTimestamp(e, 'maxspan') : e.ts;
    if (deferred.length > 0) releaseDeferred(now, false);

    if (untilTest && untilTest(e.event)) {
      for (const { id } of keys.keysOf(e.event, query.steps.length))
        for (const stage of pending) stage.delete(id);
    }

    for (const m of missing) {
      if (!m.test(e.event)) continue;
      for (const { id } of keys.keysOf(e.event, m.step)) {
        const list = m.seen.get(id);
        if (list) list.push(e);
        else m.seen.set(id, [e]);
      }
    }

    for (let s = stages.length - 1; s >= 0; s--) {
      const stage = stages[s] as Stage;
      if (!stage.test(e.event)) continue;
      for (const { id, values } of keys.keysOf(e.event, stage.step)) {
        let seq: Partial;
        if (s === 0) seq = { events: [e], key: values };
        else {
          const previous = pending[s - 1] as Map<string, Partial>;
          const prior = previous.get(id);
          if (!prior) continue;
          previous.delete(id);
          if (expired(prior, now)) continue;
          seq = { events: [...prior.events, e], key: prior.key };
        }
        if (s === stages.length - 1) complete(seq, id);
        else {
          const map = pending[s] as Map<string, Partial>;
          map.delete(id); // re-insert so Map order stays oldest-first for the size bound below
          map.set(id, seq);
          if (map.size > maxPending) map.delete(map.keys().next().value as string);
        }
      }
    }

    // Expired state goes in sweeps, so memory stays bounded by what maxspan can still complete. Missing-step
    // history is kept for two maxspans: a leading one looks back one maxspan from a sequence that may itself
    // have started one maxspan ago.
    if (maxspan !== undefined && ++sinceSweep >= 4096) {
      sinceSweep = 0;
      const horizon = (now as number) - 2 * maxspan;
      for (const map of pending) for (const [id, p] of map) if (expired(p, now)) map.delete(id);
      for (const m of missing) {
        for (const [id, list] of m.seen) {
          const kept = list.filter((h) => (h.ts as number) >= horizon);
          if (kept.length === 0) m.seen.delete(id);
          else m.seen.set(id, kept);
        }
      }
    }
  }
  releaseDeferred(undefined, true);
  return results;
}
