import type {
  AggregateQuery,
  Duration,
  FilterQuery,
  JoinKey,
  Query,
  Rule,
  RuleMeta,
  SearchQuery,
  SequenceQuery,
  Source,
  Step,
  TemporalQuery,
  Threshold,
} from '../../ir/types.js';
import { RuleError, type Diagnostic } from '../../report/diagnostics.js';
import { durationSeconds } from '../../ir/duration.js';
import type { PrintResult } from '../types.js';
import { map, scalar, seq, writeDocuments, type YMap, type YNode } from '../../util/yaml-writer.js';
import { printDetection } from './print-detection.js';
import { splitAuthors, type SigmaExtension } from './meta.js';

const strings = (items: string[]): YNode => seq(items.map((i) => scalar(i)));

function sigmaExtension(meta: RuleMeta): SigmaExtension {
  return (meta.extensions.sigma ?? {}) as SigmaExtension;
}

/** Metadata keys in SigmaHQ's order, split around the part that holds the logic. */
function metaEntries(
  meta: RuleMeta,
  model: string | undefined,
): { head: [string, YNode][]; tail: [string, YNode][] } {
  const ext = sigmaExtension(meta);
  const head: [string, YNode][] = [['title', scalar(meta.title)]];
  if (meta.id !== undefined) head.push(['id', scalar(meta.id)]);
  if (meta.related.length > 0) {
    head.push([
      'related',
      seq(
        meta.related.map((r) =>
          map([
            ['id', scalar(r.id)],
            ['type', scalar(r.type)],
          ]),
        ),
      ),
    ]);
  }
  if (meta.name !== undefined) head.push(['name', scalar(meta.name)]);
  const taxonomy = ext.taxonomy ?? (model !== undefined && model !== 'sigma' ? model : undefined);
  if (taxonomy !== undefined) head.push(['taxonomy', scalar(taxonomy)]);
  if (meta.status !== undefined) head.push(['status', scalar(meta.status)]);
  if (meta.description !== undefined) head.push(['description', scalar(meta.description)]);
  if (meta.references.length > 0) head.push(['references', strings(meta.references)]);
  if (ext.author !== undefined && splitAuthors(ext.author).join('\u0000') === meta.authors.join('\u0000')) {
    head.push(['author', scalar(ext.author)]);
  } else if (meta.authors.length > 0) head.push(['author', scalar(meta.authors.join(', '))]);
  if (meta.license !== undefined) head.push(['license', scalar(meta.license)]);
  const date = meta.created ?? ext.date;
  if (date !== undefined) head.push(['date', scalar(date, 'date')]);
  const modified = meta.modified ?? ext.modified;
  if (modified !== undefined) head.push(['modified', scalar(modified, 'date')]);
  if (meta.tags.length > 0) head.push(['tags', strings(meta.tags)]);

  const tail: [string, YNode][] = [];
  if (meta.output) tail.push(['fields', strings(meta.output.fields)]);
  if (meta.falsePositives.length > 0) tail.push(['falsepositives', strings(meta.falsePositives)]);
  const level = meta.severity ?? ext.level;
  if (level !== undefined) tail.push(['level', scalar(level)]);
  if (ext.scope !== undefined) tail.push(['scope', strings(ext.scope)]);
  if (ext.generate !== undefined) tail.push(['generate', scalar(ext.generate)]);
  for (const [key, value] of Object.entries(ext.custom ?? {})) tail.push([key, toNode(value)]);
  return { head, tail };
}

/** Any JSON-like value (custom fields, logsource) as YAML nodes. */
function toNode(value: unknown): YNode {
  if (Array.isArray(value)) return seq(value.map(toNode));
  if (value !== null && typeof value === 'object') {
    return map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toNode(v)]));
  }
  if (value === undefined) return scalar(null);
  return scalar(value as string | number | boolean | null);
}

function logsourceNode(source: Source): YNode {
  const native = source.native.logsource;
  if (native && typeof native === 'object') return toNode(native);
  const entries: [string, YNode][] = [];
  if (source.category) entries.push(['category', scalar(source.category)]);
  if (source.product) entries.push(['product', scalar(source.product)]);
  if (source.service) entries.push(['service', scalar(source.service)]);
  if (entries.length === 0) {
    throw new RuleError({
      code: 'sigma/no-logsource',
      message: `the rule's source (${source.model}${Object.keys(source.native).length ? ' ' + JSON.stringify(source.native) : ''}) names no Sigma log source category, product or service`,
    });
  }
  return map(entries);
}

function detectionNode(
  query: SearchQuery | FilterQuery,
  diagnostics: Diagnostic[],
  reserved: string[],
): YMap {
  const printed = printDetection(query.filter, reserved);
  diagnostics.push(...printed.diagnostics);
  return map([...printed.identifiers, ['condition', scalar(printed.condition)]]);
}

function durationText(d: Duration): string {
  if (['s', 'm', 'h', 'd'].includes(d.unit)) return `${d.value}${d.unit}`;
  const total = durationSeconds(d);
  if (Number.isInteger(total)) return `${total}s`;
  throw new RuleError({
    code: 'sigma/unsupported',
    message: `a timespan of ${d.value}${d.unit} has no Sigma form (whole seconds, minutes, hours or days)`,
  });
}

function thresholdNode(t: Threshold, extra: [string, YNode][] = []): YMap {
  const entries: [string, YNode][] = [];
  for (const key of ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const) {
    const v = t[key];
    if (v !== undefined) entries.push([key, scalar(v)]);
  }
  return map([...entries, ...extra]);
}

interface StepDocs {
  refs: string[];
  docs: YMap[];
  names: string[];
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'rule'
  );
}

/**
 * The rules a correlation correlates: a step that refers to a rule of its own is referenced by name or id;
 * a step without one (a sequence read from EQL, say) becomes a rule document written before the correlation.
 */
function stepDocuments(rule: Rule, steps: Step[], diagnostics: Diagnostic[]): StepDocs {
  const out: StepDocs = { refs: [], docs: [], names: [] };
  const base = slug(rule.meta.name ?? rule.meta.title);
  steps.forEach((step, i) => {
    if (step.missing || step.runs !== undefined) {
      throw new RuleError({
        code: 'sigma/unsupported',
        message: `sequence step ${i + 1} uses ${step.missing ? 'a missing-event check' : `runs=${step.runs}`}, which Sigma correlations cannot express`,
      });
    }
    if (step.ref) {
      const key = step.ref.name ?? step.ref.id;
      if (key === undefined)
        throw new RuleError({
          code: 'sigma/unsupported',
          message: `correlated rule ${i + 1} has neither name nor id to refer to it by`,
        });
      out.refs.push(key);
      out.names.push(step.ref.name ?? key);
      return;
    }
    const name = `${base}_step_${i + 1}`;
    const title = `${rule.meta.title} (step ${i + 1})`;
    const subRule: Rule = {
      meta: { ...rule.meta, id: undefined, name, title, related: [], extensions: {} },
      query: step.query,
      output: [],
      provenance: rule.provenance,
    };
    if (step.query.kind !== 'search') {
      const nested = printDocuments(subRule, diagnostics);
      out.docs.push(...nested);
    } else {
      out.docs.push(...printDocuments(subRule, diagnostics));
    }
    out.refs.push(name);
    out.names.push(name);
  });
  return out;
}

function keysNodes(keys: JoinKey[], names: string[]): { groupBy: YNode; aliases: YNode | null } {
  const aliasEntries: [string, YNode][] = [];
  const groupBy = keys.map((key, k) => {
    const uniform = key.fields.every((f) => f === key.fields[0]);
    if (uniform && key.alias === undefined) return scalar(key.fields[0] as string);
    const alias = key.alias ?? `key_${k + 1}`;
    aliasEntries.push([alias, map(key.fields.map((f, i) => [names[i] as string, scalar(f)]))]);
    return scalar(alias);
  });
  return { groupBy: seq(groupBy), aliases: aliasEntries.length ? map(aliasEntries) : null };
}

const AGGREGATE_TYPES: Record<AggregateQuery['function'], string> = {
  count: 'event_count',
  distinct_count: 'value_count',
  sum: 'value_sum',
  avg: 'value_avg',
  percentile: 'value_percentile',
  median: 'value_median',
};

function correlationNode(
  rule: Rule,
  query: SequenceQuery | TemporalQuery | AggregateQuery,
  stepDocs: StepDocs,
): YMap {
  const ext = sigmaExtension(rule.meta);
  const entries: [string, YNode][] = [];
  const type =
    query.kind === 'sequence'
      ? 'temporal_ordered'
      : query.kind === 'temporal'
        ? 'temporal'
        : AGGREGATE_TYPES[query.function];
  entries.push(['type', scalar(type)]);
  entries.push(['rules', seq(stepDocs.refs.map((r) => scalar(r)))]);
  const { groupBy, aliases } = keysNodes(query.keys, stepDocs.names);
  if (aliases) entries.push(['aliases', aliases]);
  if (query.keys.length > 0) entries.push(['group-by', groupBy]);
  const window = query.kind === 'sequence' ? query.maxspan : query.window;
  if (!window) {
    throw new RuleError({
      code: 'sigma/unsupported',
      message:
        'a Sigma correlation needs a timespan, and this multi-event query has no time bound (EQL maxspan)',
    });
  }
  entries.push(['timespan', scalar(durationText(window))]);
  if (query.kind === 'aggregate') {
    const extra: [string, YNode][] = [];
    if (query.field !== undefined) extra.push(['field', scalar(query.field)]);
    if (query.percentile !== undefined) extra.push(['percentile', scalar(query.percentile)]);
    entries.push(['condition', thresholdNode(query.condition, extra)]);
  } else if (query.kind === 'temporal' && query.condition) {
    entries.push(['condition', thresholdNode(query.condition)]);
  }
  if (ext.correlationGenerate !== undefined) entries.push(['generate', scalar(ext.correlationGenerate)]);
  return map(entries);
}

function printDocuments(rule: Rule, diagnostics: Diagnostic[]): YMap[] {
  const query: Query = rule.query;
  const model = query.kind === 'search' || query.kind === 'filter' ? query.source.model : undefined;
  const { head, tail } = metaEntries(rule.meta, model);
  switch (query.kind) {
    case 'search':
      return [
        map([
          ...head,
          ['logsource', logsourceNode(query.source)],
          ['detection', detectionNode(query, diagnostics, [])],
          ...tail,
        ]),
      ];
    case 'filter': {
      const filter = detectionNode(query, diagnostics, ['rules']);
      const rules: YNode = query.appliesTo === 'any' ? scalar('any') : strings(query.appliesTo);
      return [
        map([
          ...head,
          ['logsource', logsourceNode(query.source)],
          ['filter', map([['rules', rules], ...filter.entries])],
          ...tail,
        ]),
      ];
    }
    case 'opaque':
      throw new RuleError({
        code: 'sigma/opaque-query',
        message: `the rule's query is ${query.language}, which rulestone carries but does not translate`,
      });
    case 'sequence':
    case 'temporal':
    case 'aggregate': {
      if (query.kind === 'sequence' && query.until) {
        throw new RuleError({
          code: 'sigma/unsupported',
          message: "the sequence ends early on an 'until' event, which Sigma correlations cannot express",
        });
      }
      const stepDocs = stepDocuments(rule, query.steps, diagnostics);
      return [
        ...stepDocs.docs,
        map([...head, ['correlation', correlationNode(rule, query, stepDocs)], ...tail]),
      ];
    }
  }
}

/** IR rule → Sigma YAML: one document, or several for a correlation with rules of its own. */
export function printSigma(rule: Rule): PrintResult {
  const diagnostics: Diagnostic[] = [];
  for (const stage of rule.output) {
    const narrows = stage.kind === 'opaque' && stage.narrows === true;
    diagnostics.push({
      severity: 'warning',
      code: 'sigma/output-stage-dropped',
      message: narrows
        ? `the stage '${stage.text.split('\n')[0]}' has no Sigma form and is left out; it also drops rows, so the rule matches more without it`
        : `the output stage '${stage.kind}' has no Sigma form and is left out; it changes what is shown, not what matches`,
      fidelity: narrows ? 'broader' : 'exact',
    });
  }
  const docs = printDocuments(rule, diagnostics);
  return { text: writeDocuments(docs), diagnostics };
}
