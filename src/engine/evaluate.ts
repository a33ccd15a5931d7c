/** The evaluator's entry points: a compiled single-event matcher, and evaluation of any rule over events. */
import type { AggregateQuery, OutputStage, Rule, SequenceQuery, TemporalQuery } from '../ir/types.js';
import { evaluateAggregate } from './aggregate.js';
import { EngineError } from './errors.js';
import { evaluateSequence } from './sequence.js';
import {
  asMatch,
  compileSearchTest,
  type EventMatch,
  type PreparedEvent,
  type SequenceMatch,
  type StreamOptions,
} from './stream.js';
import { evaluateTemporal } from './temporal.js';
import { DEFAULT_TIMESTAMP_FIELDS, timestampReader } from './time.js';

export interface EngineOptions extends StreamOptions {
  /**
   * The field(s) holding each event's time. When given, events are sorted by it (stably) before
   * evaluation; otherwise they are taken in input order and their time, where a window needs it, is read
   * from the first present of DEFAULT_TIMESTAMP_FIELDS.
   */
  timestampField?: string | string[];
  /** A view applied to each event before matching (e.g. `windowsEventView`); results carry the original. */
  view?: (event: unknown) => unknown;
}

export interface Matcher {
  matches(event: unknown): boolean;
}

export interface EvaluationResult {
  /** Single-event rules: the matching events, in input order or, with timestampField, time order (after head/tail). */
  matches: EventMatch[];
  /** Multi-event rules: each sequence, sample or aggregate group found (after head/tail). */
  sequences: SequenceMatch[];
  /** The number of results: matches for a search, sequences otherwise. */
  count: number;
}

/** Options completed from the rule: its dialect's boolean logic unless the caller chose one. */
function withRuleDefaults(rule: Rule, options: EngineOptions): EngineOptions {
  if (options.logic !== undefined) return options;
  return { ...options, logic: rule.provenance.dialect === 'eql' ? 'three-valued' : 'two-valued' };
}

/** A single-event rule compiled once; `matches` is then a plain function call per event. */
export function compileRule(rule: Rule, given: EngineOptions = {}): Matcher {
  const options = withRuleDefaults(rule, given);
  if (rule.query.kind !== 'search') {
    throw new EngineError(
      'not-single-event',
      `'${rule.meta.title}' is a ${rule.query.kind} query: use evaluate()`,
    );
  }
  const test = compileSearchTest(rule.query, options, 'the rule');
  const view = options.view;
  return { matches: view ? (e) => test(view(e)) : test };
}

/**
 * Events with their view and time. Times are read when something needs them: an explicit timestamp field
 * (then events are sorted by it), a multi-event query, or a KQL rule (whose ago()/now() default to the latest
 * event time); a plain search skips the work.
 */
function prepare(events: readonly unknown[], options: EngineOptions, needTimes: boolean): PreparedEvent[] {
  const explicit =
    options.timestampField === undefined ? undefined : ([] as string[]).concat(options.timestampField);
  const readTime =
    explicit || needTimes ? timestampReader(explicit ?? DEFAULT_TIMESTAMP_FIELDS) : () => undefined;
  const view = options.view;
  const prepared: PreparedEvent[] = events.map((original, index) => {
    const event = view ? view(original) : original;
    return { index, event, ts: readTime(event) };
  });
  if (explicit) {
    for (const e of prepared) {
      if (e.ts === undefined)
        throw new EngineError('timestamp', `event ${e.index} has no readable ${explicit.join(' / ')}`);
    }
    prepared.sort((a, b) => (a.ts as number) - (b.ts as number) || a.index - b.index);
  }
  return prepared;
}

/**
 * Runs a multi-event query. A step that is itself a multi-event query (Sigma correlations chained by name)
 * is evaluated first; each of its results then counts as one event of the outer query: its last event,
 * at that event's place in time.
 */
function runMultiEvent(
  query: SequenceQuery | TemporalQuery | AggregateQuery,
  prepared: PreparedEvent[],
  options: StreamOptions,
): SequenceMatch[] {
  const withNested: StreamOptions = {
    ...options,
    nested: (inner) => {
      if (inner.kind !== 'sequence' && inner.kind !== 'temporal' && inner.kind !== 'aggregate') {
        throw new EngineError('unsupported', `a ${inner.kind} query as a step`);
      }
      const results = runMultiEvent(inner, prepared, options);
      const last = new Set(results.map((r) => r.events[r.events.length - 1]?.event));
      return (event) => last.has(event);
    },
  };
  if (query.kind === 'sequence') return evaluateSequence(query, prepared, withNested);
  if (query.kind === 'temporal') return evaluateTemporal(query, prepared, withNested);
  return evaluateAggregate(query, prepared, withNested);
}

function applyOutput<T>(items: T[], stages: OutputStage[]): T[] {
  let out = items;
  for (const stage of stages) {
    if (stage.kind === 'head') out = out.slice(0, Math.max(0, stage.count));
    else if (stage.kind === 'tail') out = stage.count <= 0 ? [] : out.slice(-stage.count);
    // project and opaque stages change what is shown, not which events match.
  }
  return out;
}

export function evaluate(
  rule: Rule,
  events: readonly unknown[],
  given: EngineOptions = {},
): EvaluationResult {
  let options = withRuleDefaults(rule, given);
  const query = rule.query;
  if (query.kind === 'filter') {
    throw new EngineError(
      'unsupported',
      'a Sigma meta filter selects no events of its own: apply it to a rule first',
    );
  }
  if (query.kind === 'opaque') {
    throw new EngineError('unsupported', `a query kept as ${query.language} text cannot be evaluated`);
  }
  const prepared = prepare(events, options, query.kind !== 'search' || rule.provenance.dialect === 'kql');
  if (options.now === undefined) {
    // KQL ago()/now() read "now" as the latest event time, so recorded logs evaluate as they did live.
    let latest: number | undefined;
    for (const e of prepared)
      if (e.ts !== undefined && (latest === undefined || e.ts > latest)) latest = e.ts;
    if (latest !== undefined) options = { ...options, now: latest };
  }
  const originals = (matches: EventMatch[]): EventMatch[] =>
    options.view ? matches.map((m) => ({ index: m.index, event: events[m.index] })) : matches;
  if (query.kind === 'search') {
    const test = compileSearchTest(query, options, 'the rule');
    const found = prepared.filter((e) => test(e.event)).map(asMatch);
    const matches = applyOutput(originals(found), rule.output);
    return { matches, sequences: [], count: matches.length };
  }
  const found = runMultiEvent(query, prepared, options);
  const sequences = applyOutput(
    found.map((s) => ({ ...s, events: originals(s.events) })),
    rule.output,
  );
  return { matches: [], sequences, count: sequences.length };
}
