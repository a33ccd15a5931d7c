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
import { YamlWriter, type Scalar } from '../../util/yaml-writer.js';
import { printDetection, writeIdentifiers, type PrintedDetection } from './print-detection.js';
import { splitAuthors, type SigmaExtension } from './meta.js';

function sigmaExtension(meta: RuleMeta): SigmaExtension {
  return (meta.extensions.sigma ?? {}) as SigmaExtension;
}

/** The metadata written before the part that holds the logic, in SigmaHQ's order. */
function writeHead(w: YamlWriter, meta: RuleMeta, model: string | undefined): void {
  const ext = sigmaExtension(meta);
  w.scalar(0, 'title', meta.title);
  if (meta.id !== undefined) w.scalar(0, 'id', meta.id);
  if (meta.related.length > 0) {
    w.open(0, 'related');
    for (const r of meta.related) {
      w.itemMap(4);
      w.scalar(6, 'id', r.id);
      w.scalar(6, 'type', r.type);
    }
  }
  if (meta.name !== undefined) w.scalar(0, 'name', meta.name);
  const taxonomy = ext.taxonomy ?? (model !== undefined && model !== 'sigma' ? model : undefined);
  if (taxonomy !== undefined) w.scalar(0, 'taxonomy', taxonomy);
  if (meta.status !== undefined) w.scalar(0, 'status', meta.status);
  if (meta.description !== undefined) w.scalar(0, 'description', meta.description);
  if (meta.references.length > 0) w.strings(0, 'references', meta.references);
  if (ext.author !== undefined && splitAuthors(ext.author).join('\u0000') === meta.authors.join('\u0000')) {
    w.scalar(0, 'author', ext.author);
  } else if (meta.authors.length > 0) w.scalar(0, 'author', meta.authors.join(', '));
  if (meta.license !== undefined) w.scalar(0, 'license', meta.license);
  const date = meta.created ?? ext.date;
  if (date !== undefined) w.scalar(0, 'date', date, 'date');
  const modified = meta.modified ?? ext.modified;
  if (modified !== undefined) w.scalar(0, 'modified', modified, 'date');
  if (meta.tags.length > 0) w.strings(0, 'tags', meta.tags);
}

/** The metadata written after the logic, then the custom fields in their order. */
function writeTail(w: YamlWriter, meta: RuleMeta): void {
  const ext = sigmaExtension(meta);
  if (meta.output) w.strings(0, 'fields', meta.output.fields);
  if (meta.falsePositives.length > 0) w.strings(0, 'falsepositives', meta.falsePositives);
  const level = meta.severity ?? ext.level;
  if (level !== undefined) w.scalar(0, 'level', level);
  if (ext.scope !== undefined) w.strings(0, 'scope', ext.scope);
  if (ext.generate !== undefined) w.scalar(0, 'generate', ext.generate);
  const custom = ext.custom;
  if (custom !== undefined) for (const key of Object.keys(custom)) w.any(0, key, custom[key]);
}

/** The log source as the rule had it (any shape), else its category, product and service. */
function writeLogsource(w: YamlWriter, source: Source): void {
  const native = source.native.logsource;
  if (native && typeof native === 'object') {
    w.any(0, 'logsource', native);
    return;
  }
  const entries: [string, string][] = [];
  if (source.category) entries.push(['category', source.category]);
  if (source.product) entries.push(['product', source.product]);
  if (source.service) entries.push(['service', source.service]);
  if (entries.length === 0) {
    throw new RuleError({
      code: 'sigma/no-logsource',
      message: `the rule's source (${source.model}${Object.keys(source.native).length ? ' ' + JSON.stringify(source.native) : ''}) names no Sigma log source category, product or service`,
    });
  }
  w.map(0, 'logsource', entries);
}

/**
 * A field every event of a carried platform's log sources has, for a search that matches them all: Log
 * Analytics stamps every row with TimeGenerated, and Elastic's data streams every document with @timestamp.
 */
const PRESENT_FIELDS: Record<string, string> = { sentinel: 'TimeGenerated', elastic: '@timestamp' };

/** The detection (or filter) logic, its notes gathered; printed before anything is written. */
function detectionOf(
  query: SearchQuery | FilterQuery,
  diagnostics: Diagnostic[],
  reserved: string[],
  presentField?: string,
): PrintedDetection {
  const printed = printDetection(
    query.filter,
    reserved,
    presentField ?? PRESENT_FIELDS[query.source.product ?? ''],
  );
  diagnostics.push(...printed.diagnostics);
  return printed;
}

/** Search identifiers, then the condition, `column` deep. */
function writeDetection(w: YamlWriter, column: number, printed: PrintedDetection): void {
  writeIdentifiers(w, column, printed.identifiers);
  w.scalar(column, 'condition', printed.condition);
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

function thresholdEntries(t: Threshold): [string, Scalar][] {
  const entries: [string, Scalar][] = [];
  for (const key of ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const) {
    const v = t[key];
    if (v !== undefined) entries.push([key, v]);
  }
  return entries;
}

/** How a correlation names the rules it correlates: `refs` in its `rules` list, `names` in its aliases. */
interface StepNames {
  refs: string[];
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
 * a step without one (a sequence read from EQL, say) becomes a rule document, written here, before the
 * correlation.
 */
function writeStepDocuments(
  w: YamlWriter,
  rule: Rule,
  steps: Step[],
  keys: JoinKey[],
  diagnostics: Diagnostic[],
): StepNames {
  const out: StepNames = { refs: [], names: [] };
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
    // The correlation groups this step's events by its key fields, so they are fields its events have.
    writeDocuments(w, subRule, diagnostics, keys[0]?.fields[i]);
    out.refs.push(name);
    out.names.push(name);
  });
  return out;
}

/** A join key by its field where every rule names it alike, else by an alias mapping each rule to a field. */
interface KeyNames {
  groupBy: string[];
  aliases: [string, [string, string][]][];
}

function keyNames(keys: JoinKey[], names: string[]): KeyNames {
  const aliases: KeyNames['aliases'] = [];
  const groupBy = keys.map((key, k) => {
    const uniform = key.fields.every((f) => f === key.fields[0]);
    if (uniform && key.alias === undefined) return key.fields[0] as string;
    const alias = key.alias ?? `key_${k + 1}`;
    aliases.push([alias, key.fields.map((f, i): [string, string] => [names[i] as string, f])]);
    return alias;
  });
  return { groupBy, aliases };
}

const AGGREGATE_TYPES: Record<AggregateQuery['function'], string> = {
  count: 'event_count',
  distinct_count: 'value_count',
  sum: 'value_sum',
  avg: 'value_avg',
  percentile: 'value_percentile',
  median: 'value_median',
};

/**
 * The window a correlation needs: Sigma has no correlation without one. A query without its own bound (an EQL
 * sequence without maxspan) is bounded by what each run of the rule reads, its look-back: that becomes the
 * window. A scheduled run only finds events that fall in one look-back, where the correlation also finds those a
 * run boundary would have split: broader.
 */
function correlationTimespan(
  query: SequenceQuery | TemporalQuery | AggregateQuery,
  rule: Rule,
  diagnostics: Diagnostic[],
): string {
  const own = query.kind === 'sequence' ? query.maxspan : query.window;
  const lookback = rule.meta.schedule?.lookback;
  if (!own && lookback) {
    diagnostics.push({
      severity: 'warning',
      code: 'sigma/timespan-from-lookback',
      message: `the query has no time bound of its own; the rule's look-back (${durationText(lookback)}) bounds what each run reads and is written as the correlation's timespan, which also finds events that two runs would have seen apart`,
      fidelity: 'broader',
    });
  }
  const window = own ?? lookback;
  if (!window) {
    throw new RuleError({
      code: 'sigma/unsupported',
      message:
        'a Sigma correlation needs a timespan, and this multi-event query has no time bound (EQL maxspan)',
    });
  }
  return durationText(window);
}

function writeCorrelation(
  w: YamlWriter,
  rule: Rule,
  query: SequenceQuery | TemporalQuery | AggregateQuery,
  steps: StepNames,
  diagnostics: Diagnostic[],
): void {
  const ext = sigmaExtension(rule.meta);
  const type =
    query.kind === 'sequence'
      ? 'temporal_ordered'
      : query.kind === 'temporal'
        ? 'temporal'
        : AGGREGATE_TYPES[query.function];
  const { groupBy, aliases } = keyNames(query.keys, steps.names);
  const timespan = correlationTimespan(query, rule, diagnostics);
  w.open(0, 'correlation');
  w.scalar(4, 'type', type);
  w.strings(4, 'rules', steps.refs);
  if (aliases.length > 0) {
    w.open(4, 'aliases');
    for (const [alias, fields] of aliases) w.map(8, alias, fields);
  }
  if (query.keys.length > 0) w.strings(4, 'group-by', groupBy);
  w.scalar(4, 'timespan', timespan);
  if (query.kind === 'aggregate') {
    const entries = thresholdEntries(query.condition);
    if (query.field !== undefined) entries.push(['field', query.field]);
    if (query.percentile !== undefined) entries.push(['percentile', query.percentile]);
    w.map(4, 'condition', entries);
  } else if (query.kind === 'temporal' && query.condition) {
    w.map(4, 'condition', thresholdEntries(query.condition));
  }
  if (ext.correlationGenerate !== undefined) w.scalar(4, 'generate', ext.correlationGenerate);
}

/** Writes a rule's documents: one, or a correlation after the rules of its own that it correlates. */
function writeDocuments(w: YamlWriter, rule: Rule, diagnostics: Diagnostic[], presentField?: string): void {
  const query: Query = rule.query;
  const model = query.kind === 'search' || query.kind === 'filter' ? query.source.model : undefined;
  switch (query.kind) {
    case 'search': {
      w.document();
      writeHead(w, rule.meta, model);
      writeLogsource(w, query.source);
      const printed = detectionOf(query, diagnostics, [], presentField);
      w.open(0, 'detection');
      writeDetection(w, 4, printed);
      writeTail(w, rule.meta);
      return;
    }
    case 'filter': {
      // The filter's logic is printed first: where both fail, its error is the one reported.
      const printed = detectionOf(query, diagnostics, ['rules']);
      w.document();
      writeHead(w, rule.meta, model);
      writeLogsource(w, query.source);
      w.open(0, 'filter');
      if (query.appliesTo === 'any') w.scalar(4, 'rules', 'any');
      else w.strings(4, 'rules', query.appliesTo);
      writeDetection(w, 4, printed);
      writeTail(w, rule.meta);
      return;
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
      const steps = writeStepDocuments(w, rule, query.steps, query.keys, diagnostics);
      w.document();
      writeHead(w, rule.meta, model);
      writeCorrelation(w, rule, query, steps, diagnostics);
      writeTail(w, rule.meta);
      return;
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
  const w = new YamlWriter();
  writeDocuments(w, rule, diagnostics);
  return { text: w.text(), diagnostics };
}
