/**
 * The multi-event shapes the KQL printer writes (print-joins.ts), read back into the IR: a join of `let`
 * steps on their keys within a window (a sequence when the steps are ordered, a temporal correlation when
 * only their spread is bounded), and a `summarize` threshold per group and time bin (an aggregate). Other
 * joins and summaries stay what they were: not searches.
 */
import type { IToken } from 'chevrotain';
import type {
  AggregateFunction,
  Duration,
  JoinKey,
  Rule,
  SearchQuery,
  Step,
  Threshold,
} from '../../ir/types.js';
import type * as A from './ast.js';
import { tokenText } from './text.js';
import type { LowerOrigin } from './lower.js';

type LowerSearch = (ast: A.QueryAst, tokens: IToken[], origin: LowerOrigin) => Rule;

const STEP = /^step(\d+)$/;
const TIME = 'TimeGenerated';

function durationOf(text: string): Duration | undefined {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  return m ? { value: Number(m[1]), unit: m[2] as Duration['unit'] } : undefined;
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function pipeOf(expr: A.Expr): A.PipeExpr | undefined {
  if (expr.kind === 'paren') return pipeOf(expr.inner);
  return expr.kind === 'pipe' ? expr : undefined;
}

function nameOf(expr: A.Expr): string | undefined {
  if (expr.kind === 'paren') return nameOf(expr.inner);
  return expr.kind === 'name' ? expr.name : undefined;
}

/** The text of a column reference (`DeviceName`, `['Event Name']`, `EventData.User`) as a field name. */
function columnOf(expr: A.Expr, text: (s: A.Span) => string): string | undefined {
  if (expr.kind === 'name') return expr.name;
  if (expr.kind === 'path') {
    const target = columnOf(expr.target, text);
    return target === undefined ? undefined : `${target}.${expr.member}`;
  }
  return undefined;
}

/** A search from the same statements with a different tabular expression. */
function searchOf(
  statements: A.Statement[],
  expr: A.Expr,
  tokens: IToken[],
  origin: LowerOrigin,
  lower: LowerSearch,
): SearchQuery | undefined {
  const rule = lower({ statements: [...statements, { ...expr, kind: 'expr', expr }] }, tokens, origin);
  return rule.query.kind === 'search' && rule.output.length === 0 ? rule.query : undefined;
}

/** A pipe without its last `n` operators. */
function withoutLast(pipe: A.PipeExpr, n: number): A.Expr {
  const ops = pipe.ops.slice(0, pipe.ops.length - n);
  return ops.length ? { ...pipe, ops } : pipe.source;
}

interface StepKeys {
  time: string;
  keys: { name: string; field: string }[];
}

/** `project TimeN = TimeGenerated, K = F …, EventN = pack_all()` of step n. */
function stepProjection(op: A.Operator, n: number, text: (s: A.Span) => string): StepKeys | undefined {
  if (op.op !== 'project') return undefined;
  const [first, ...rest] = op.items;
  const last = rest.pop();
  if (first?.name !== `Time${n}` || nameOf(first.value) !== TIME) return undefined;
  if (
    last?.name !== `Event${n}` ||
    last.value.kind !== 'call' ||
    last.value.name !== 'pack_all' ||
    last.value.args.length
  ) {
    return undefined;
  }
  const keys: { name: string; field: string }[] = [];
  for (const item of rest) {
    // A key compared as text (`K = tostring(F)`, as the printer writes keys of mixed columns) reads F.
    const only = item.value.kind === 'call' && item.value.name === 'tostring' ? item.value.args : [];
    const value = only.length === 1 && only[0]?.name === undefined ? only[0].value : item.value;
    const field = columnOf(value, text);
    if (field === undefined && item.name === 'AnyKey') continue;
    if (field === undefined) return undefined;
    keys.push({ name: item.name ?? field, field });
  }
  return { time: `Time${n}`, keys };
}

function readJoin(
  ast: A.QueryAst,
  tokens: IToken[],
  origin: LowerOrigin,
  lower: LowerSearch,
): Rule | undefined {
  const text = (s: A.Span) => tokenText(tokens, s.start, s.end);
  const main = ast.statements.find((s) => s.kind === 'expr');
  const pipe = main?.kind === 'expr' ? pipeOf(main.expr) : undefined;
  if (!pipe || nameOf(pipe.source) !== 'step1') return undefined;
  const joins = pipe.ops.slice(0, -1);
  const where = pipe.ops[pipe.ops.length - 1];
  if (joins.length === 0 || where?.op !== 'where') return undefined;
  const others = ast.statements.filter((s) => s.kind !== 'expr' && !(s.kind === 'let' && STEP.test(s.name)));
  const lets = new Map(
    ast.statements.flatMap((s) =>
      s.kind === 'let' && STEP.test(s.name) ? [[s.name, s.value] as const] : [],
    ),
  );
  const count = joins.length + 1;
  if (lets.size !== count) return undefined;
  let on: string | undefined;
  for (const [i, join] of joins.entries()) {
    if (join.op !== 'join' || nameOf(join.right) !== `step${i + 2}`) return undefined;
    if (join.params.length !== 1 || join.params[0]?.name !== 'kind' || join.params[0].value !== 'inner')
      return undefined;
    const names = join.on.map((e) => nameOf(e) ?? '?').join(', ');
    if (on !== undefined && names !== on) return undefined;
    on = names;
  }
  const steps: Step[] = [];
  const perStep: StepKeys[] = [];
  for (let n = 1; n <= count; n++) {
    const value = lets.get(`step${n}`);
    const body = value && value.kind !== 'function' ? pipeOf(value) : undefined;
    if (!body) return undefined;
    const last = body.ops[body.ops.length - 1];
    const guard = last?.op === 'where' ? 1 : 0;
    const projection = body.ops[body.ops.length - 1 - guard];
    const keys = projection && stepProjection(projection, n, text);
    if (!keys) return undefined;
    const query = searchOf(others, withoutLast(body, 1 + guard), tokens, origin, lower);
    if (!query) return undefined;
    steps.push({ query });
    perStep.push(keys);
  }
  const names = (perStep[0] as StepKeys).keys.map((k) => k.name);
  if (perStep.some((s) => s.keys.map((k) => k.name).join() !== names.join())) return undefined;
  if ((names.length ? names.join(', ') : 'AnyKey') !== on) return undefined;
  const keys: JoinKey[] = names.map((name, j) => {
    const fields = perStep.map((s) => (s.keys[j] as { field: string }).field);
    const same = fields.every((f) => f === fields[0]);
    if (same && fields[0] === name) return { fields: [name] };
    return same ? { alias: name, fields: [fields[0] as string] } : { alias: name, fields };
  });
  const condition = squash(text(where.predicate));
  const times = perStep.map((s) => s.time);
  const spanText = /<= (\S+)$/.exec(condition)?.[1];
  const span = spanText === undefined ? undefined : durationOf(spanText);
  if (!span) return undefined;
  const ordered =
    [
      ...times.slice(1).map((t, i) => `${times[i]} < ${t}`),
      `${times[times.length - 1]} - Time1 <= ${spanText}`,
    ].join(' and ') === condition;
  const spread = `max_of(${times.join(', ')}) - min_of(${times.join(', ')}) <= ${spanText}` === condition;
  if (!ordered && !spread) return undefined;
  const query = ordered
    ? { kind: 'sequence' as const, keys, maxspan: span, steps }
    : { kind: 'temporal' as const, keys, window: span, steps };
  return ruleOf(query, origin, main as A.Statement);
}

const MEASURES: Record<string, [string, AggregateFunction]> = {
  EventCount: ['count', 'count'],
  ValueCount: ['count_distinct', 'distinct_count'],
  ValueSum: ['sum', 'sum'],
  ValueAvg: ['avg', 'avg'],
};

function readSummarize(
  ast: A.QueryAst,
  tokens: IToken[],
  origin: LowerOrigin,
  lower: LowerSearch,
): Rule | undefined {
  const text = (s: A.Span) => tokenText(tokens, s.start, s.end);
  const main = ast.statements.find((s) => s.kind === 'expr');
  const pipe = main?.kind === 'expr' ? pipeOf(main.expr) : undefined;
  if (!pipe || pipe.ops.length < 2) return undefined;
  const threshold = pipe.ops[pipe.ops.length - 1];
  const summarize = pipe.ops[pipe.ops.length - 2];
  if (threshold?.op !== 'where' || summarize?.op !== 'summarize' || summarize.aggregates.length !== 1)
    return undefined;
  const measure = summarize.aggregates[0] as A.NamedExpr;
  const known = measure.name === undefined ? undefined : MEASURES[measure.name];
  if (!known || measure.value.kind !== 'call' || measure.value.name !== known[0]) return undefined;
  const field =
    known[1] === 'count' ? undefined : columnOf((measure.value.args[0] as A.CallArg)?.value, text);
  if (known[1] !== 'count' && field === undefined) return undefined;
  let window: Duration | undefined;
  const names: string[] = [];
  for (const [i, item] of summarize.by.entries()) {
    const v = item.value;
    if (i === 0 && v.kind === 'call' && v.name === 'bin' && nameOf((v.args[0] as A.CallArg).value) === TIME) {
      window = durationOf(text((v.args[1] as A.CallArg).value));
      if (!window) return undefined;
      continue;
    }
    const name = columnOf(v, text);
    if (name === undefined || item.name !== undefined) return undefined;
    names.push(name);
  }
  const condition: Threshold = {};
  for (const part of squash(text(threshold.predicate)).split(' and ')) {
    const m = new RegExp(`^${measure.name} (>=|>) (\\d+)$`).exec(part);
    if (!m) return undefined;
    condition[m[1] === '>=' ? 'gte' : 'gt'] = Number(m[2]);
  }
  const others = ast.statements.filter((s) => s.kind !== 'expr');
  const head = withoutLast(pipe, 2);
  const sources = head.kind === 'union' ? head.items : [head];
  const steps: Step[] = [];
  const perStep: Map<string, string>[] = [];
  for (const source of sources) {
    const p = pipeOf(source);
    const last = p?.ops[p.ops.length - 1];
    const renames = new Map<string, string>();
    let body: A.Expr = source;
    if (p && last?.op === 'extend') {
      for (const item of last.items) {
        const f = columnOf(item.value, text);
        if (item.name === undefined || f === undefined) return undefined;
        renames.set(item.name, f);
      }
      if (!names.some((n) => renames.has(n))) return undefined;
      body = withoutLast(p, 1);
    }
    const query = searchOf(others, body, tokens, origin, lower);
    if (!query) return undefined;
    steps.push({ query });
    perStep.push(renames);
  }
  const keys: JoinKey[] = names.map((name) => {
    const fields = perStep.map((r) => r.get(name) ?? name);
    const same = fields.every((f) => f === fields[0]);
    if (same && fields[0] === name) return { fields: [name] };
    return same ? { alias: name, fields: [fields[0] as string] } : { alias: name, fields };
  });
  return ruleOf(
    {
      kind: 'aggregate',
      function: known[1],
      ...(field !== undefined ? { field } : {}),
      keys,
      ...(window ? { window } : {}),
      steps,
      condition,
    },
    origin,
    main as A.Statement,
  );
}

function ruleOf(query: Rule['query'], origin: LowerOrigin, main: A.Statement): Rule {
  return {
    meta: {} as Rule['meta'],
    query,
    output: [],
    provenance: {
      dialect: 'kql',
      ...(origin.file !== undefined ? { file: origin.file } : {}),
      ...(origin.document !== undefined ? { document: origin.document } : {}),
      pos: { line: main.line + (origin.lineOffset ?? 0), column: main.column },
    },
  };
}

/** The rule a query states in one of the printer's multi-event shapes, or undefined for any other query. */
export function lowerMultiEvent(
  ast: A.QueryAst,
  tokens: IToken[],
  origin: LowerOrigin,
  lower: LowerSearch,
): Rule | undefined {
  try {
    return readJoin(ast, tokens, origin, lower) ?? readSummarize(ast, tokens, origin, lower);
  } catch {
    // A step that is not a search makes the whole query no multi-event shape of ours.
    return undefined;
  }
}
