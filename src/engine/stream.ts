/** What multi-event evaluation shares: prepared events, step tests, join keys, results. */
import type { JoinKey, Query, SearchQuery, Source, Step } from '../ir/types.js';
import { computedColumnsTested } from '../dialects/kql/computed-columns.js';
import { EngineError } from './errors.js';
import { compileExpr } from './expr.js';
import { MISSING, fieldReader, type FieldReader } from './fields.js';
import type { EventTest, PredicateOptions } from './predicate.js';
import { scalars, textOf } from './values.js';

export interface EventMatch {
  /** Position of the event in the input (before any sorting by time). */
  index: number;
  event: unknown;
}

/** One result of a multi-event query: the events that form it, in order, and the join-key values. */
export interface SequenceMatch {
  kind: 'sequence' | 'temporal' | 'aggregate';
  key: unknown[];
  events: EventMatch[];
  /** For aggregates: the measured value that met the threshold. */
  value?: number;
}

export interface PreparedEvent {
  index: number;
  event: unknown;
  /** Milliseconds since the epoch, when the event has a readable timestamp. */
  ts: number | undefined;
}

export interface StreamOptions extends PredicateOptions {
  /** Decides whether an event belongs to a search's source (source selection is the caller's business). */
  sourceFilter?: (source: Source, event: unknown) => boolean;
  /** Safety bound on pending partial matches per query (default 1,000,000); beyond it the oldest are dropped. */
  maxPending?: number;
  /**
   * Set by the evaluator: a test for a step that is itself a multi-event query (a Sigma correlation of
   * correlations). Such a step is matched by the last event of each result of the inner query.
   */
  nested?: (query: Query) => EventTest;
}

export function compileSearchTest(query: Query, options: StreamOptions, what: string): EventTest {
  if (query.kind !== 'search' && query.kind !== 'filter' && query.kind !== 'opaque' && options.nested) {
    return options.nested(query);
  }
  if (query.kind !== 'search') {
    throw new EngineError('unsupported', `${what} must be a single-event search, not a ${query.kind} query`);
  }
  refuseComputedColumns(query, what);
  const filter = compileExpr(query.filter, options);
  const hook = options.sourceFilter;
  if (!hook) return filter;
  const source = query.source;
  return (e) => hook(source, e) && filter(e);
}

/**
 * A KQL query that tests a column it computes (`extend X = tolower(Y) | where X == "a"`) would be evaluated as if
 * the event had a field X: refused rather than answered wrongly.
 */
function refuseComputedColumns(query: SearchQuery, what: string): void {
  const tested = computedColumnsTested(query);
  if (tested.length) {
    throw new EngineError(
      'unsupported',
      `${what} tests ${tested.join(', ')}, which the query computes: the evaluator reads events' own fields only`,
    );
  }
}

export function compileStepTests(steps: Step[], options: StreamOptions): EventTest[] {
  return steps.map((s, k) => compileSearchTest(s.query, options, `step ${k + 1}`));
}

/**
 * The join-key values of an event for step `stepIndex`: one string per combination (multi-valued keys give
 * their cartesian product, as Elasticsearch does), or none when a key is missing or null (such events join
 * nothing). Values compare as text, so 4688 and "4688" join.
 */
export class KeyReader {
  private readonly readers: FieldReader[][];

  constructor(keys: JoinKey[], stepCount: number) {
    this.readers = [];
    for (let step = 0; step < stepCount; step++) {
      this.readers.push(
        keys.map((k) => {
          const field = k.fields[step] ?? k.fields[0];
          if (field === undefined)
            throw new EngineError('unsupported', `join key has no field for step ${step + 1}`);
          return fieldReader(field);
        }),
      );
    }
  }

  keysOf(event: unknown, stepIndex: number): Array<{ id: string; values: unknown[] }> {
    const readers = this.readers[stepIndex] ?? [];
    let combos: unknown[][] = [[]];
    for (const read of readers) {
      const v = read(event);
      if (v === MISSING || v === null) return [];
      const options = scalars(v).filter((x) => x !== null && textOf(x) !== undefined);
      if (options.length === 0) return [];
      combos = combos.flatMap((prefix) => options.map((o) => [...prefix, o]));
    }
    return combos.map((values) => ({ id: values.map((x) => textOf(x)).join('\u0000'), values }));
  }
}

export function needTimestamp(e: PreparedEvent, why: string): number {
  if (e.ts === undefined) {
    throw new EngineError(
      'timestamp',
      `event ${e.index} has no readable timestamp, which ${why} needs (set options.timestampField)`,
    );
  }
  return e.ts;
}

export function asMatch(e: PreparedEvent): EventMatch {
  return { index: e.index, event: e.event };
}
