/**
 * KQL syntax tree → IR. A query whose logic is "one source, filtered" becomes a SearchQuery:
 *
 *   Source [| where …] [| extend … | parse …]* [| where …]* [| any output stage]*
 *
 * - `let` scalars, lists and tabular expressions are inlined where they are used; `let` functions are not.
 * - `where` filters are ANDed into the search's filter; `extend` and `parse` stages between them are kept in
 *   `source.native.stages` (they define the columns later filters read) and printed back before the filters
 *   that read those columns. The Sysmon idiom `Event | parse EventData with * 'Image">' Image "<" …` is
 *   recognised as field extraction (`native.stages[i].eventDataFields`).
 * - everything after the last `where` (summarize, project, extend, sort …) is an output stage.
 * - a `where` after an operator that changes the rows (summarize, join, take …) is not a search filter:
 *   RuleError naming the operator and its position; so are joins, unions of tables and function lets.
 * The comparison semantics are in lowerCondition (condition.ts).
 */
import { asimParameterFilters } from './asim-parameters.js';
import type { IToken } from 'chevrotain';
import type { Expr as IrExpr, OutputStage, Rule, Source } from '../../ir/types.js';
import { and, emptyMeta } from '../../ir/build.js';
import { RuleError } from '../../report/diagnostics.js';
import type * as A from './ast.js';
import { firstTokenAt, tokenText } from './text.js';
import { DashedWord, Identifier } from './tokens.js';
import { Scope, lowerCondition, conditionFields } from './condition.js';
import { lowerMultiEvent } from './lower-joins.js';
import { InlinedColumns, inlinedStages } from './inline-columns.js';

export interface LowerOrigin {
  title: string;
  file?: string;
  document?: number;
  /** Added to positions, for a query embedded in a larger file (JSONL line). */
  lineOffset?: number;
}

/** How the KQL printer writes a search's source back, kept in `Source.native`. */
export interface KqlNativeSource extends Record<string, unknown> {
  table?: string;
  function?: string;
  /** Arguments of a function source, as KQL text (`commandline_has_any=dynamic(["x"])`). */
  args?: string[];
  /** `let` / `declare` statements that kept text refers to, as KQL text without the final `;`. */
  statements?: string[];
  /** Column-defining stages between the filters, in source order. */
  stages?: KqlStage[];
}

export interface KqlStage {
  /** `extend …` or `parse …`, one line of KQL without the leading `|`. */
  text: string;
  /** Columns the stage defines (filters that read them go after it). */
  defines: string[];
  /** An extend item without a name (Kusto names the column itself); such a stage cannot precede a filter. */
  unnamed?: boolean;
  /**
   * For the extraction idioms (`parse EventData with * 'Name">' Name "<" …`, `extend Name = extract(…)`): the
   * columns they extract from the event's XML.
   */
  eventDataFields?: string[];
  /** For `extend Name = extract(@'<regex>', 1, EventData)`: each column's regex, which names its XML element. */
  eventDataPatterns?: Record<string, string>;
}

const ASIM_FUNCTION = /^(_?[Ii]m_?|_?ASim|vim)[A-Z]/;

export function lowerQuery(ast: A.QueryAst, tokens: IToken[], origin: LowerOrigin): Rule {
  const multi = lowerMultiEvent(ast, tokens, origin, lowerQuery);
  if (multi) return { ...multi, meta: emptyMeta(origin.title) };
  const ctx = new LowerContext(tokens, origin);
  const scope = new Scope(ctx);
  let main: A.Expr | undefined;
  /** Statements by the names they define, for keeping those that text we keep verbatim refers to. */
  const definitions = new Map<string, A.Statement[]>();
  const define = (name: string, statement: A.Statement): void => {
    definitions.set(name, [...(definitions.get(name) ?? []), statement]);
  };
  for (const statement of ast.statements) {
    switch (statement.kind) {
      case 'let':
        scope.bind(statement.name, statement.value);
        define(statement.name, statement);
        break;
      case 'declare':
        // A scheduled Sentinel rule never receives parameters, so each one stands for its default value.
        for (const param of statement.params) {
          if (!param.default) {
            throw ctx.error(
              'kql/query-parameter',
              `query parameter '${param.name}' at ${ctx.at(statement)} has no default value`,
              statement,
            );
          }
          scope.bind(param.name, param.default);
          define(param.name, statement);
        }
        break;
      case 'set':
        throw ctx.error(
          'kql/unsupported-statement',
          `'set' statement: request options are not supported`,
          statement,
        );
      case 'expr':
        if (main)
          throw ctx.error('kql/several-queries', 'more than one tabular expression statement', statement);
        main = statement.expr;
        break;
    }
  }
  if (!main) throw ctx.error('kql/no-query', 'the text has no tabular expression statement', undefined);

  const { source, ops, verbatim } = flattenPipeline(main, scope, ctx);
  const native: KqlNativeSource = source.native;
  const filters: IrExpr[] = [];
  const stages: KqlStage[] = [];
  const output: OutputStage[] = [];
  const inlined = inlinedStages(ops, ctx, (op) => eventDataExtracts(op) !== undefined);
  const columns = new InlinedColumns();
  /** Column stages not (yet) placed before a filter, in source order; inlined ones never are. */
  let pending: { op: A.Operator; stage: KqlStage; inlined: boolean }[] = [];
  /** Columns read by the filters so far: a later stage may not redefine them. */
  const read = new Set<string>();
  let outputSince: A.Operator | undefined;
  /**
   * Stages that keep every row and every column a later filter can read (project of plain names, project-away,
   * project-keep, project-reorder, sort): a filter after them selects the same rows when moved before them, so
   * they become output stages and the filter phase goes on.
   */
  let deferred: A.Operator[] = [];

  for (const op of ops) {
    if (op.op === 'where') {
      if (outputSince) {
        throw ctx.error(
          'kql/filter-after-stage',
          `'where' at ${ctx.at(op)} follows '${outputSince.keyword}' at ${ctx.at(outputSince)}: a filter after a stage that reshapes rows is not a search`,
          op,
        );
      }
      const waiting: typeof pending = [];
      for (const p of pending) {
        if (p.inlined) {
          // Its columns are substituted into the filters, which then read the columns it reads: it moves
          // after them, to the output, where later stages may still show what it computes.
          waiting.push(p);
          continue;
        }
        if (p.stage.unnamed) {
          // Kusto names such columns itself (Column1 …); a filter could read them under a name we cannot know.
          throw ctx.error(
            'kql/unnamed-column',
            `'extend' at ${ctx.at(p.op)} before a filter defines a column without a name`,
            p.op,
          );
        }
        // The stage stays in front of a later filter, so it must not change what an earlier filter read.
        const clash = p.stage.defines.find((name) => read.has(name));
        if (clash) {
          throw ctx.error(
            'kql/redefined-column',
            `'${p.op.keyword}' at ${ctx.at(p.op)} redefines column '${clash}', which an earlier 'where' reads`,
            p.op,
          );
        }
        stages.push(p.stage);
      }
      pending = waiting;
      const condition = lowerCondition(columns.substitute(op.predicate), scope);
      for (const field of conditionFields(condition)) read.add(field);
      if (condition.kind === 'and') filters.push(...condition.items);
      else filters.push(condition);
      continue;
    }
    if (
      !outputSince &&
      deferred.length === 0 &&
      (op.op === 'extend' || (op.op === 'parse' && op.keyword === 'parse'))
    ) {
      const stage = columnStage(op, ctx, source);
      const inline = inlined.has(op);
      if (inline) columns.define(op);
      else columns.forget(stage.defines);
      pending.push({ op, stage, inlined: inline });
      verbatim.push(op);
      continue;
    }
    if (!outputSince && keepsRows(op)) {
      deferred.push(op);
      continue;
    }
    if (!outputSince) {
      for (const p of pending) output.push(outputStage(p.op, ctx));
      for (const d of deferred) output.push(outputStage(d, ctx));
      pending = [];
      deferred = [];
      outputSince = op;
    }
    output.push(outputStage(op, ctx));
  }
  for (const p of pending) output.push(outputStage(p.op, ctx));
  for (const d of deferred) output.push(outputStage(d, ctx));

  if (stages.length > 0) native.stages = stages;
  verbatim.push(...ops.filter((op) => output.some((o) => o.kind === 'opaque' && o.text === ctx.text(op))));
  const kept = keptStatements(verbatim, definitions, ctx);
  if (kept.length > 0) native.statements = kept;
  const filter: IrExpr =
    filters.length === 1
      ? (filters[0] as IrExpr)
      : filters.length === 0
        ? { kind: 'const', value: true }
        : and(filters);
  return {
    meta: emptyMeta(origin.title),
    query: { kind: 'search', source, filter },
    output,
    provenance: {
      dialect: 'kql',
      ...(origin.file !== undefined ? { file: origin.file } : {}),
      ...(origin.document !== undefined ? { document: origin.document } : {}),
      ...(main ? { pos: { line: main.line + (origin.lineOffset ?? 0), column: main.column } } : {}),
    },
  };
}

/** Positions and errors for one query. */
export class LowerContext {
  constructor(
    readonly tokens: IToken[],
    readonly origin: LowerOrigin,
  ) {}

  text(node: A.Span): string {
    return tokenText(this.tokens, node.start, node.end);
  }

  /** The identifiers inside a span. */
  names(node: A.Span): Set<string> {
    const out = new Set<string>();
    for (let i = firstTokenAt(this.tokens, node.start); i < this.tokens.length; i++) {
      const tok = this.tokens[i] as IToken;
      if (tok.startOffset >= node.end) break;
      if (tok.tokenType === Identifier || tok.tokenType === DashedWord) out.add(tok.image);
    }
    return out;
  }

  at(node: A.Span): string {
    return `${node.line + (this.origin.lineOffset ?? 0)}:${node.column}`;
  }

  error(code: string, message: string, node: A.Span | undefined): RuleError {
    return new RuleError({
      code,
      message,
      ...(this.origin.file !== undefined ? { file: this.origin.file } : {}),
      ...(this.origin.document !== undefined ? { document: this.origin.document } : {}),
      ...(node ? { line: node.line + (this.origin.lineOffset ?? 0), column: node.column } : {}),
    });
  }
}

/** The source of the main pipeline and all its operators, with tabular lets and parentheses inlined. */
function flattenPipeline(
  expr: A.Expr,
  scope: Scope,
  ctx: LowerContext,
): { source: Source & { native: KqlNativeSource }; ops: A.Operator[]; verbatim: A.Span[] } {
  switch (expr.kind) {
    case 'pipe': {
      const inner = flattenPipeline(expr.source, scope, ctx);
      return { source: inner.source, ops: [...inner.ops, ...expr.ops], verbatim: inner.verbatim };
    }
    case 'paren':
      return flattenPipeline(expr.inner, scope, ctx);
    case 'name': {
      const bound = scope.lookup(expr.name);
      if (bound) {
        if (bound.kind === 'function') {
          // A function without parameters whose body is one tabular expression is a tabular let.
          const [only] = bound.body;
          if (!bound.parameterless || bound.body.length !== 1 || only?.kind !== 'expr') {
            throw ctx.error(
              'kql/function-let',
              `'${expr.name}' at ${ctx.at(expr)} is a function defined by 'let': not supported`,
              expr,
            );
          }
          return flattenPipeline(only.expr, scope.outer(expr.name), ctx);
        }
        return flattenPipeline(bound, scope.outer(expr.name), ctx);
      }
      return { source: sourceOf(expr.name, undefined), ops: [], verbatim: [] };
    }
    case 'call': {
      const bound = scope.lookup(expr.name);
      if (bound?.kind === 'function' && bound.parameterless && expr.args.length === 0) {
        return flattenPipeline({ ...expr, kind: 'name', name: expr.name }, scope, ctx);
      }
      if (bound)
        throw ctx.error(
          'kql/function-let',
          `'${expr.name}(…)' at ${ctx.at(expr)} calls a function defined by 'let': not supported`,
          expr,
        );
      // materialize(T) caches T; it selects the same rows.
      if (expr.name === 'materialize' && expr.args.length === 1 && expr.args[0]?.name === undefined) {
        return flattenPipeline((expr.args[0] as A.CallArg).value, scope, ctx);
      }
      const filters = asimParameterFilters(expr);
      if (filters) return { source: sourceOf(expr.name, undefined), ops: filters, verbatim: [] };
      const args = expr.args.map((a) => (a.name !== undefined ? `${a.name}=` : '') + ctx.text(a.value));
      return { source: sourceOf(expr.name, args), ops: [], verbatim: expr.args.map((a) => a.value) };
    }
    case 'union':
      throw ctx.error(
        'kql/union',
        `'union' at ${ctx.at(expr)}: a union of several sources is not one search`,
        expr,
      );
    case 'opaque':
      throw ctx.error(
        'kql/inline-data',
        `'${expr.keyword}' at ${ctx.at(expr)}: inline or external data is not an event source`,
        expr,
      );
    default:
      throw ctx.error(
        'kql/not-tabular',
        `the query at ${ctx.at(expr)} does not start with a table or function`,
        expr,
      );
  }
}

function sourceOf(name: string, args: string[] | undefined): Source & { native: KqlNativeSource } {
  const asim = ASIM_FUNCTION.test(name) && !name.endsWith('_CL');
  if (args === undefined && !asim) return { model: 'sentinel', native: { table: name } };
  const native: KqlNativeSource = { function: name };
  if (args !== undefined) native.args = args;
  return { model: asim ? 'asim' : 'sentinel', native };
}

/**
 * The `let` and `declare` statements that text kept verbatim (stages, opaque output stages, function
 * arguments) refers to, directly or through other kept statements, in source order, as text without `;`.
 */
function keptStatements(
  verbatim: A.Span[],
  definitions: Map<string, A.Statement[]>,
  ctx: LowerContext,
): string[] {
  const kept = new Set<A.Statement>();
  const work = [...verbatim];
  while (work.length > 0) {
    const span = work.pop() as A.Span;
    for (const name of ctx.names(span)) {
      for (const statement of definitions.get(name) ?? []) {
        if (kept.has(statement) || (statement.start <= span.start && span.end <= statement.end)) continue;
        kept.add(statement);
        work.push(statement);
      }
    }
  }
  return [...kept].sort((a, b) => a.start - b.start).map((s) => ctx.text(s));
}

/** An extend or parse stage before a filter: its text and the columns it defines. */
function columnStage(
  op: A.Operator,
  ctx: LowerContext,
  source: Source & { native: KqlNativeSource },
): KqlStage {
  const text = ctx.text(op);
  if (op.op === 'extend') {
    const defines: string[] = [];
    let unnamed = false;
    for (const item of op.items) {
      if (item.name !== undefined) defines.push(item.name);
      else if (item.names) defines.push(...item.names);
      else if (item.value.kind === 'name') defines.push(item.value.name);
      else unnamed = true;
    }
    if (unnamed) return { text, defines, unnamed };
    const patterns = eventDataExtracts(op);
    return patterns
      ? { text, defines, eventDataFields: Object.keys(patterns), eventDataPatterns: patterns }
      : { text, defines };
  }
  if (op.op !== 'parse') throw ctx.error('kql/internal', `unexpected stage '${op.keyword}'`, op);
  const defines = op.pattern.flatMap((item) => (item.kind === 'column' ? [item.name] : []));
  const stage: KqlStage = { text, defines };
  const extracted = eventDataElements(op);
  if (extracted && source.native.table === 'Event') {
    stage.eventDataFields = extracted;
    source.product = 'windows';
    source.service = 'sysmon';
  }
  // SecurityEvent keeps the data fields that have no column of their own in the same XML.
  if (extracted && source.native.table === 'SecurityEvent') stage.eventDataFields = extracted;
  return stage;
}

/** The element regexes of the extraction idiom: a `<Data Name="…">` element, or an element of UserData. */
const EVENT_DATA_PATTERN = /^(?:<Data Name="[^"<>]+">|<[A-Za-z_][\w.-]*>)\(\[\^<\]\*\)<$/;

/**
 * The per-field extraction idiom: `extend Name = extract(@'<Data Name="Name">([^<]*)<', 1, EventData), …`
 * (or `@'<Name>([^<]*)<'` for data kept in UserData), each column the text of one element of the event's XML,
 * wherever it is. Returns each column's regex: the data model decides which field that element holds.
 */
function eventDataExtracts(op: A.Operator & { items: A.NamedExpr[] }): Record<string, string> | undefined {
  const patterns: Record<string, string> = {};
  for (const item of op.items) {
    const call = item.value;
    if (item.name === undefined || call.kind !== 'call' || call.name !== 'extract') return undefined;
    const [pattern, group, column] = call.args.map((a) => a.value);
    if (pattern?.kind !== 'literal' || typeof pattern.value !== 'string') return undefined;
    if (!EVENT_DATA_PATTERN.test(pattern.value)) return undefined;
    if (group?.kind !== 'literal' || group.value !== 1) return undefined;
    if (column?.kind !== 'name' || column.name !== 'EventData' || call.args.length !== 3) return undefined;
    patterns[item.name] = pattern.value;
  }
  return Object.keys(patterns).length > 0 ? patterns : undefined;
}

/**
 * The extraction idiom of Sysmon queries (and of Security-log fields without a column):
 * `parse EventData with * 'Name">' Name "<" * 'Other">' Other "<" *` — each captured column is the text of the
 * `<Data Name="Name">` element of the event's XML.
 */
function eventDataElements(op: A.Operator & { op: 'parse' }): string[] | undefined {
  if (op.params.length > 0 || op.source.kind !== 'name' || op.source.name !== 'EventData') return undefined;
  const fields: string[] = [];
  const items = op.pattern;
  let i = 0;
  while (i < items.length) {
    const skip = items[i];
    const open = items[i + 1];
    const column = items[i + 2];
    const close = items[i + 3];
    if (skip?.kind !== 'skip') return undefined;
    if (open === undefined) break;
    if (open.kind !== 'const' || column?.kind !== 'column' || close?.kind !== 'const') return undefined;
    if (open.value !== `${column.name}">` || !close.value.startsWith('<')) return undefined;
    fields.push(column.name);
    i += 4;
  }
  return fields.length > 0 ? fields : undefined;
}

function keepsRows(op: A.Operator): boolean {
  switch (op.op) {
    case 'project':
      return op.items.every(
        (item) => item.name === undefined && item.names === undefined && item.value.kind === 'name',
      );
    case 'project-away':
    case 'project-keep':
    case 'project-reorder':
    case 'sort':
      return true;
    default:
      return false;
  }
}

function outputStage(op: A.Operator, ctx: LowerContext): OutputStage {
  if (
    op.op === 'project' &&
    op.items.every((item) => item.name === undefined && item.value.kind === 'name')
  ) {
    return { kind: 'project', fields: op.items.map((item) => (item.value as A.NameRef).name) };
  }
  if (op.op === 'take' && op.count.kind === 'literal' && op.count.type === 'long') {
    return { kind: 'head', count: op.count.value as number };
  }
  const stage: OutputStage = { kind: 'opaque', dialect: 'kql', text: ctx.text(op) };
  return dropsRows(op) ? { ...stage, narrows: true } : stage;
}

/** Operators after the filters that can also remove rows: joins that keep only matches, `mv-expand`. */
function dropsRows(op: A.Operator): boolean {
  if (op.op === 'join') {
    const kind = op.params.find((p) => p.name === 'kind')?.value ?? 'innerunique';
    return !['leftouter', 'fullouter'].includes(kind);
  }
  return op.op === 'opaque' && /^mv-expand\b/.test(op.keyword);
}
