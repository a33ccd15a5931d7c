/**
 * A KQL rule that limits itself to recent rows (`where TimeGenerated > ago(1d)`) says in its query what a
 * scheduled rule's look-back says: read the last day. Other dialects have no query form for it, but every rule
 * document has a look-back (Sentinel `queryPeriod`, Elastic `from`, Sigma's `rulestone.schedule`), so for a
 * one-search rule the condition moves there: the look-back becomes the shorter of the two, which selects the same
 * events on every run. Multi-event rules keep it (their steps may read different spans).
 */
import type { Duration, Expr, Rule, Term } from '../ir/types.js';
import { durationSeconds } from '../ir/duration.js';
import { allOf } from '../ir/build.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** The columns Sentinel's tables (TimeGenerated) and Defender's (Timestamp) keep the event's time in. */
const TIME_COLUMNS = new Set(['TimeGenerated', 'Timestamp']);

const UNITS: [RegExp, Duration['unit']][] = [
  [/^(?:d|days?)$/, 'd'],
  [/^(?:h|hrs?|hours?)$/, 'h'],
  [/^(?:m|min|minutes?)$/, 'm'],
  [/^(?:s|sec|seconds?)$/, 's'],
  [/^(?:ms|milli|millis|milliseconds?)$/, 'ms'],
];

/** A KQL timespan literal in whole units (`1d`, `30m`, `2hours`); fractions and ticks are not look-backs we write. */
function timespan(text: string): Duration | undefined {
  const match = /^(\d+)([a-z]+)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = UNITS.find(([re]) => re.test(match[2] as string))?.[1];
  return unit ? { value: Number(match[1]), unit } : undefined;
}

/** `ago(1d)` (the parser keeps the literal as `timespan("1d")`). */
function agoSpan(term: Term): Duration | undefined {
  if (term.kind !== 'call' || term.name !== 'ago' || term.args.length !== 1) return undefined;
  const [arg] = term.args as [Term];
  const literal = arg.kind === 'call' && arg.name === 'timespan' && arg.args.length === 1 ? arg.args[0] : arg;
  if (literal?.kind !== 'value' || literal.value.type !== 'string') return undefined;
  const [text] = literal.value.pattern;
  return typeof text === 'string' && literal.value.pattern.length === 1 ? timespan(text) : undefined;
}

/** The span a condition limits rows to: `TimeGenerated > ago(d)`, `>=`, or `ago(d) < TimeGenerated`. */
function windowOf(expr: Expr): Duration | undefined {
  if (expr.kind !== 'computed' || expr.dialect !== 'kql' || expr.term.kind !== 'binary') return undefined;
  const { op, left, right } = expr.term;
  if ((op === '>' || op === '>=') && left.kind === 'field' && TIME_COLUMNS.has(left.field))
    return agoSpan(right);
  if ((op === '<' || op === '<=') && right.kind === 'field' && TIME_COLUMNS.has(right.field))
    return agoSpan(left);
  return undefined;
}

function describe(d: Duration): string {
  return `${d.value}${d.unit}`;
}

/** The rule with its search's time-window conditions moved into its look-back, and a note saying so. */
export function liftTimeWindow(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  const query = rule.query;
  if (query.kind !== 'search') return { rule, diagnostics: [] };
  const items = query.filter.kind === 'and' ? query.filter.items : [query.filter];
  const windows = items.map(windowOf);
  const spans = windows.filter((w): w is Duration => w !== undefined);
  if (spans.length === 0) return { rule, diagnostics: [] };
  const rest = items.filter((_, i) => windows[i] === undefined);
  const span = spans.reduce((a, b) => (durationSeconds(b) < durationSeconds(a) ? b : a));
  const lookback = rule.meta.schedule?.lookback;
  const filter = allOf(rest);
  let meta = rule.meta;
  let message: string;
  if (lookback !== undefined && durationSeconds(lookback) <= durationSeconds(span)) {
    message = `the query's limit to rows of the last ${describe(span)} is within the rule's look-back of ${describe(lookback)} already: left out`;
  } else {
    meta = { ...rule.meta, schedule: { ...rule.meta.schedule, lookback: span } };
    message = `the query reads rows of the last ${describe(span)} only (TimeGenerated > ago(${describe(span)})): kept as the rule's look-back, which the target's query has no form for`;
  }
  return {
    rule: { ...rule, meta, query: { ...query, filter } },
    diagnostics: [{ severity: 'info', code: 'kql/time-window', message }],
  };
}
