import type { Rule, SearchQuery } from '../ir/types.js';
import type { DialectModule } from '../dialects/types.js';
import { fidelityOf, type Diagnostic, type Fidelity } from '../report/diagnostics.js';
import {
  compareResults,
  relationOf,
  compileRule,
  evaluate,
  windowsEventView,
  EngineError,
  type Comparison,
  type EvaluationResult,
} from '../engine/index.js';
import {
  consistentEvent,
  DATA_MODELS,
  eventIsWhen,
  extractedFields,
  eventToHub,
  eventToModel,
  HUB,
  modelForSource,
  recogniseEntry,
} from '../datamodel/index.js';
import type { CategoryModel, HubLogsource } from '../datamodel/types.js';
import { categoryStated } from '../datamodel/map.js';
import { translateRule } from './convert.js';
import { splitByCategory } from './split.js';
import { fieldsOf, searchesOf } from '../ir/normalize.js';
import { withCarriedSourcesRead, type MappingOptions } from './mapping.js';

export interface Verification {
  ok: boolean;
  /** What the conversion claims: exact unless a step reported a broader or narrower translation. */
  expected: Fidelity;
  comparison?: Comparison;
  sourceMatches?: number;
  translationMatches?: number;
  diagnostics: Diagnostic[];
}

/**
 * The check of a rule written as several, one per log source, from the checks of its parts: the results the
 * source alone selects, and those the translation alone selects, gathered over the parts.
 */
function combined(checks: Verification[]): Verification {
  const diagnostics = checks.flatMap((c) => c.diagnostics);
  const failed = checks.find((c) => !c.comparison);
  if (failed) return { ...failed, diagnostics };
  const expected = fidelityOf(diagnostics);
  const onlyFirst = checks.flatMap((c) => c.comparison?.onlyFirst ?? []);
  const onlySecond = checks.flatMap((c) => c.comparison?.onlySecond ?? []);
  const relation = relationOf(onlyFirst, onlySecond);
  const comparison: Comparison = {
    relation,
    onlyFirst,
    onlySecond,
    common: checks.reduce((n, c) => n + (c.comparison?.common ?? 0), 0),
  };
  return {
    ok: keeps(expected, relation),
    expected,
    comparison,
    sourceMatches: checks.reduce((n, c) => n + (c.sourceMatches ?? 0), 0),
    translationMatches: checks.reduce((n, c) => n + (c.translationMatches ?? 0), 0),
    diagnostics,
  };
}

/** Whether a measured relation keeps the promise: exact must be same; broader a superset; narrower a subset. */
function keeps(expected: Fidelity, relation: Comparison['relation']): boolean {
  if (relation === 'same') return true;
  if (expected === 'broader') return relation === 'broader';
  if (expected === 'narrower') return relation === 'narrower';
  return expected === 'unsupported';
}

/** A result over a subset of the events, with each event's position in the whole. */
function atPositions(result: EvaluationResult, positions: number[]): EvaluationResult {
  const at = (m: { index: number; event: unknown }) => ({ ...m, index: positions[m.index] as number });
  return {
    ...result,
    matches: result.matches.map(at),
    sequences: result.sequences.map((s) => ({ ...s, events: s.events.map(at) })),
  };
}

/** The hub log source of a hub search. */
function logsourceOf(query: SearchQuery): HubLogsource {
  const { category, product, service } = query.source;
  return {
    ...(category ? { category } : {}),
    ...(product ? { product } : {}),
    ...(service ? { service } : {}),
  };
}

/** A search alone, as a rule of its own (to ask which step of a multi-event rule an event belongs to). */
function searchRule(rule: Rule, query: SearchQuery): Rule {
  return { ...rule, query, output: [] };
}

type Event = Record<string, unknown>;

/**
 * How the rule's events look in the hub: each event is taken as the log source of the first search of the
 * rule that selects it (or of the first search), and read back from the source's model where it has one.
 */
interface EventReading {
  /** The event as the source rule sees it (made consistent where the source is a model's: consistentEvent). */
  source: Event;
  /** The event in the hub, undefined when it is not of the log source the rule was mapped to. */
  hub: Event | undefined;
  logsource: HubLogsource;
}

/**
 * An event of a query of one EQL category with the event category it has (`file where` selects events whose
 * event.category is file, which the evaluator takes as given), where the entry says it in the hub (`when`).
 */
function withCategory(event: Event, entry: CategoryModel): Event {
  const [stated] = categoryStated(entry);
  if (!stated || event['event.category'] !== undefined) return event;
  return { ...event, 'event.category': stated.values[0] };
}

function eventMapper(rule: Rule, mapping: MappingOptions): ((event: Event) => EventReading) | string {
  const searches = searchesOf(rule.query);
  if (searches.length === 0) return `a ${rule.query.kind} query has no events to check`;
  const family = searches[0]?.source.model as string;
  const models = mapping.models ?? DATA_MODELS;
  const found = family === HUB ? null : modelForSource(family, searches[0]?.source.native ?? {}, models);
  // As the conversion reads them.
  const model = found && withCarriedSourcesRead(found, searches, models);
  if (family !== HUB && !model) return `no data model maps ${family} events to the hub`;
  const reads = new Set<string>();
  for (const search of searches) fieldsOf(search.filter, reads);
  const steps = searches.map((query) => {
    if (!model) {
      return { query, logsource: logsourceOf(query), read: (e: Event) => ({ source: e, hub: e }) };
    }
    const entry = recogniseEntry(model, query);
    if (!entry) return undefined;
    const extracted = [...extractedFields(query, entry)];
    const read = (e: Event) => {
      const source = withCategory(consistentEvent(e, entry, reads), entry);
      return { source, hub: eventToHub(source, entry, extracted) };
    };
    return { query, logsource: entry.logsource, read };
  });
  if (steps.some((s) => s === undefined))
    return 'a search of the rule reads events no hub log source stands for';
  const known = steps as NonNullable<(typeof steps)[number]>[];
  const tests = known.length > 1 ? known.map((step) => compileRule(searchRule(rule, step.query))) : [];
  return (event) => {
    const step = known[tests.findIndex((t) => t.matches(event))] ?? (known[0] as (typeof known)[number]);
    return { ...step.read(event), logsource: step.logsource };
  };
}

/**
 * Converts a rule, reads the printed translation back, and runs both over the same events: the source over
 * the events as given (SigmaHQ's rendering of Windows events is read in Sigma's taxonomy), the translation
 * over those events as the target's data model records them (through the hub, from the source's model).
 * The translation must select the same events when the conversion claimed exactness, a superset when it said
 * broader, a subset when narrower.
 */
export function verifyRule(
  rule: Rule,
  target: DialectModule,
  events: unknown[],
  mapping: MappingOptions = {},
): Verification {
  const fail = (code: string, message: string, more: Diagnostic[] = []): Verification => ({
    ok: false,
    expected: 'exact',
    diagnostics: [...more, { severity: 'error', code, message }],
  });
  const translation = translateRule(rule, target, mapping);
  // Written as one rule per log source: each is checked against the source's query for that source.
  const parts = translation.diagnostics.some((d) => d.code === `${target.dialect}/split-by-logsource`)
    ? splitByCategory(rule)
    : undefined;
  if (parts) return combined(parts.map((part) => verifyRule(part, target, events, mapping)));
  const mapper = eventMapper(rule, mapping);
  if (typeof mapper === 'string') return fail('verify/unsupported', mapper);
  if (!translation.rule)
    return fail(
      'verify/no-translation',
      `the rule could not be converted to ${target.dialect}`,
      translation.diagnostics,
    );
  const expected = fidelityOf(translation.diagnostics);
  try {
    const readings = events.map((e) => mapper(windowsEventView(e) as Event));
    // Events that are not of the hub log source the rule was mapped to are not there for the translation.
    const positions: number[] = [];
    const mapped: Event[] = [];
    const model = translation.model;
    // The entry each search reads as, then the model's other entries of the same table or function: a query
    // of a parser that serves several log sources (imProcessCreate) reads as the first, which may not be the
    // events' own.
    const written = model
      ? searchesOf(translation.rule.query).flatMap((q) => {
          const source = q.source.native.table ?? q.source.native.function;
          const sameSource = model.categories.filter(
            (c) => source !== undefined && (c.source.table ?? c.source.function) === source,
          );
          const read = recogniseEntry(model, q);
          return read ? [read, ...sameSource] : sameSource;
        })
      : [];
    const same = (a: HubLogsource, b: HubLogsource) =>
      a.category === b.category && a.product === b.product && a.service === b.service;
    readings.forEach(({ hub, logsource }, index) => {
      if (hub === undefined) return;
      positions.push(index);
      const entry = written.find(
        (e) => same(e.logsource, logsource) && (!e.when || eventIsWhen(hub, e.when)),
      );
      mapped.push(model === null ? hub : (eventToModel(hub, model, logsource, entry) ?? {}));
    });
    const before = evaluate(
      rule,
      readings.map((r) => r.source),
    );
    const after = atPositions(evaluate(translation.rule, mapped), positions);
    const comparison = compareResults(before, after);
    return {
      ok: keeps(expected, comparison.relation),
      expected,
      comparison,
      sourceMatches: before.count,
      translationMatches: after.count,
      diagnostics: translation.diagnostics,
    };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return fail(`engine/${error.code}`, error.message, translation.diagnostics);
  }
}
