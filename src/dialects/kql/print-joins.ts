/**
 * Multi-event queries as KQL. Sequences and temporal correlations become one `let` per step (its filter, then
 * its time, join keys and whole row), joined on the keys and filtered to the window (and to the order, for
 * sequences). Counting correlations become `summarize` per group and time bin with a threshold.
 *
 * Why these shapes: a join states "there are events e1, e2, … with equal keys within the window", which is
 * what an EQL sequence or a Sigma temporal correlation detects; `pack_all()` keeps each event's columns for
 * triage without the column-name clashes a join of whole rows causes.
 */
import { withArticle } from '../../util/words.js';
import type {
  AggregateQuery,
  Duration,
  JoinKey,
  Query,
  SearchQuery,
  SequenceQuery,
  Step,
  TemporalQuery,
  Threshold,
} from '../../ir/types.js';
import type { KqlPrinter } from './print.js';
import { quoteName } from './strings.js';

/** The ingestion-time column every Log Analytics table has. */
const TIME = 'TimeGenerated';

export function multiEventLines(query: Query, printer: KqlPrinter): string[] {
  switch (query.kind) {
    case 'sequence':
    case 'temporal':
      return joinLines(query, printer);
    case 'aggregate':
      return summarizeLines(query, printer);
    default:
      return printer.refuse('kql/unsupported-query', `a ${query.kind} query cannot be printed as KQL`);
  }
}

/** A KQL timespan literal; months and years have no fixed length and no KQL unit. */
function timespan(d: Duration, printer: KqlPrinter): string {
  switch (d.unit) {
    case 'ms':
    case 's':
    case 'm':
    case 'h':
    case 'd':
      return `${d.value}${d.unit}`;
    case 'w':
      return `${d.value * 7}d`;
    default:
      return printer.refuse(
        'kql/timespan',
        `a window of ${d.value}${d.unit} has no fixed length, so KQL cannot state it as a timespan`,
      );
  }
}

function stepSearch(step: Step, printer: KqlPrinter): SearchQuery {
  if (step.missing) {
    printer.refuse('kql/unsupported-query', 'a missing-event step (EQL `![…]`) has no KQL join form yet');
  }
  if ((step.runs ?? 1) > 1) {
    printer.refuse('kql/unsupported-query', 'a repeated step (EQL `with runs`) has no KQL join form yet');
  }
  if (step.query.kind !== 'search') {
    printer.refuse(
      'kql/unsupported-query',
      `${withArticle(step.query.kind)} query inside a multi-event query`,
    );
  }
  return step.query;
}

/** One column name per join key: its alias, or the field it reads in every step. */
function keyNames(keys: JoinKey[]): string[] {
  const taken = new Set<string>();
  return keys.map((key) => {
    let name = (key.alias ?? (key.fields[0] as string)).replace(/[^A-Za-z0-9_]+/g, '_');
    for (let n = 2; taken.has(name); n++) name = `${name}_${n}`;
    taken.add(name);
    return name;
  });
}

/** The field a key reads in step `i` (a key of one field reads it in every step). */
function keyField(key: JoinKey, i: number): string {
  return (key.fields.length === 1 ? key.fields[0] : key.fields[i]) as string;
}

/** A step's search lines, with its own `let` statements lifted out (a `let` body cannot hold them). */
function splitStatements(lines: string[]): { statements: string[]; body: string[] } {
  const statements = lines.filter((l) => l.endsWith(';'));
  return { statements, body: lines.filter((l) => !l.endsWith(';')) };
}

function joinLines(query: SequenceQuery | TemporalQuery, printer: KqlPrinter): string[] {
  if (query.kind === 'sequence' && query.until) {
    printer.refuse('kql/unsupported-query', 'a sequence with `until` has no KQL join form yet');
  }
  if (query.kind === 'temporal' && query.condition) {
    printer.refuse(
      'kql/unsupported-query',
      'a temporal correlation with a count condition has no KQL form yet',
    );
  }
  const own = query.kind === 'sequence' ? query.maxspan : query.window;
  // Without a window of its own, the query is bounded by what each run reads: the rule's look-back, which the
  // Sentinel rule's queryPeriod also is, so every pair a run sees is within it anyway.
  const span = own ?? printer.lookback;
  if (!span) {
    printer.refuse(
      'kql/unsupported-query',
      'a multi-event query without a time window would join every pair of events ever recorded',
    );
  }
  if (!own) {
    printer.note({
      severity: 'info',
      code: 'kql/window-from-lookback',
      message: `the query has no time window of its own; the rule's look-back (${span.value}${span.unit}), which bounds each run, is written as the join's window`,
    });
  }
  const window = timespan(span, printer);
  const names = keyNames(query.keys);
  const statements: string[] = [];
  const lets: string[] = [];
  query.steps.forEach((step, i) => {
    const n = i + 1;
    const { statements: own, body } = splitStatements(printer.searchLines(stepSearch(step, printer)));
    statements.push(...own);
    const columns = query.keys.length
      ? names.map((name, j) => {
          const key = query.keys[j] as JoinKey;
          const path = keyField(key, i);
          const field = quoteName(path);
          // A join needs a key of one type on both sides. Where the steps read it from different columns (an int
          // LocalPort and a string IpPort), or from a path into a dynamic column, it is compared as text.
          const mixed = key.fields.some((f) => f !== key.fields[0]) || path.includes('.');
          if (mixed) return `${name} = tostring(${field})`;
          return field === name ? name : `${name} = ${field}`;
        })
      : ['AnyKey = 1'];
    const lines = [`let step${n} = ${body[0]}`, ...body.slice(1)];
    lines.push(`| project Time${n} = ${TIME}, ${columns.join(', ')}, Event${n} = pack_all()`);
    // Events without a key value are in no group (a join would put them all in one).
    if (query.keys.length) lines.push(`| where ${names.map((k) => `isnotempty(${k})`).join(' and ')}`);
    lets.push(lines.join('\n') + ';');
  });
  const on = query.keys.length ? names.join(', ') : 'AnyKey';
  const main = ['step1'];
  for (let n = 2; n <= query.steps.length; n++) main.push(`| join kind=inner (step${n}) on ${on}`);
  const times = query.steps.map((_, i) => `Time${i + 1}`);
  if (query.kind === 'sequence') {
    const order = times.slice(1).map((t, i) => `${times[i]} < ${t}`);
    main.push(`| where ${[...order, `${times[times.length - 1]} - Time1 <= ${window}`].join(' and ')}`);
  } else {
    main.push(`| where max_of(${times.join(', ')}) - min_of(${times.join(', ')}) <= ${window}`);
  }
  printer.note({
    severity: 'info',
    code: 'kql/join-rows',
    message:
      'the KQL join returns one row per combination of matching events, where the source reports each event in one match',
  });
  return [...new Set(statements), ...lets, ...main];
}

function thresholdText(column: string, t: Threshold, printer: KqlPrinter): string {
  const parts: string[] = [];
  if (t.gt !== undefined) parts.push(`${column} > ${t.gt}`);
  if (t.gte !== undefined) parts.push(`${column} >= ${t.gte}`);
  if (t.lt !== undefined || t.lte !== undefined || t.eq !== undefined || t.neq !== undefined) {
    printer.refuse(
      'kql/unsupported-query',
      'only "at least" thresholds have a KQL form: counted in fixed time bins, an upper bound or an exact count would hold where a sliding window breaks it',
    );
  }
  return parts.join(' and ');
}

function summarizeLines(query: AggregateQuery, printer: KqlPrinter): string[] {
  const names = keyNames(query.keys);
  const statements: string[] = [];
  const sources = query.steps.map((step, i) => {
    const { statements: own, body } = splitStatements(printer.searchLines(stepSearch(step, printer)));
    statements.push(...own);
    const renamed = query.keys
      .map((key, j) => [names[j] as string, keyField(key, i)] as const)
      .filter(([name, field]) => name !== field);
    if (renamed.length) body.push(`| extend ${renamed.map(([n, f]) => `${n} = ${quoteName(f)}`).join(', ')}`);
    return body;
  });
  const lines =
    sources.length === 1
      ? (sources[0] as string[])
      : ['union', ...sources.map((s, i) => `    (${s.join('\n    ')})${i < sources.length - 1 ? ',' : ''}`)];
  let measure: string;
  switch (query.function) {
    case 'count':
      measure = 'EventCount = count()';
      break;
    case 'distinct_count':
      // dcount() is an estimate; count_distinct() counts exactly.
      measure = `ValueCount = count_distinct(${quoteName(query.field as string)})`;
      break;
    case 'sum':
      measure = `ValueSum = sum(${quoteName(query.field as string)})`;
      break;
    case 'avg':
      measure = `ValueAvg = avg(${quoteName(query.field as string)})`;
      break;
    default:
      return printer.refuse(
        'kql/unsupported-query',
        `KQL computes ${query.function} as an estimate, which would not decide the same groups`,
      );
  }
  const column = measure.slice(0, measure.indexOf(' '));
  const by = [...(query.window ? [`bin(${TIME}, ${timespan(query.window, printer)})`] : []), ...names];
  lines.push(`| summarize ${measure}${by.length ? ` by ${by.join(', ')}` : ''}`);
  lines.push(`| where ${thresholdText(column, query.condition, printer)}`);
  if (query.window) {
    printer.note({
      severity: 'warning',
      code: 'kql/fixed-bins',
      message:
        'KQL counts in fixed time bins: a group that reaches the threshold only across a bin boundary is not found',
      fidelity: 'narrower',
    });
  }
  return [...new Set(statements), ...lines];
}
