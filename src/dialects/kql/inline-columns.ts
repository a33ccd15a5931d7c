/**
 * Columns computed by `extend` in front of a filter, substituted into the filters that read them:
 * `extend Sender = tolower(SrcUserName) | where Sender == "ceo"` filters on `tolower(SrcUserName) == "ceo"`.
 * The search then tests the event's own fields, which every dialect, data model and the evaluator know; the
 * stage itself moves after the filters (it still defines the column for the output stages).
 */
import type * as A from './ast.js';
import type { LowerContext } from './lower.js';

type ExtendOp = A.Operator & { items: A.NamedExpr[] };

/**
 * Functions whose value depends on the rows around it or on chance: an `extend` using them cannot be
 * substituted into a filter, which sees other rows (or other draws).
 */
const ROW_DEPENDENT = new Set([
  'prev',
  'next',
  'row_number',
  'row_cumsum',
  'row_rank_dense',
  'row_rank_min',
  'row_window_session',
  'rand',
  'new_guid',
]);

/**
 * The `extend` stages in front of the filters whose columns are substituted. Not substituted: the XML
 * extraction idioms (those columns are the event's data fields), tuple items, row-dependent functions, and a
 * stage that a later stage staying in front of the filters depends on (reads its columns, or redefines a
 * column it reads or defines): moving it after the filters would change that stage.
 */
export function inlinedStages(
  ops: A.Operator[],
  ctx: LowerContext,
  isExtraction: (op: ExtendOp) => boolean,
): Set<A.Operator> {
  const stages: A.Operator[] = [];
  for (const op of ops) {
    if (op.op === 'where') continue;
    if (op.op === 'extend' || (op.op === 'parse' && op.keyword === 'parse')) stages.push(op);
    else break;
  }
  const inlined = new Set<A.Operator>();
  /** The names the later stages that stay in front of the filters read, and the columns they define. */
  const keptReads = new Set<string>();
  const keptDefines = new Set<string>();
  for (const op of [...stages].reverse()) {
    // Every identifier of the stage: the columns it reads and defines (and function names, harmlessly).
    const names = ctx.names(op);
    if (op.op === 'extend' && substitutable(op, isExtraction)) {
      const free = ![...names].some((name) => keptReads.has(name) || keptDefines.has(name));
      if (free) {
        inlined.add(op);
        continue;
      }
    }
    for (const name of names) keptReads.add(name);
    if (op.op === 'parse') {
      for (const item of op.pattern) if (item.kind === 'column') keptDefines.add(item.name);
    } else if (op.op === 'extend') {
      for (const item of op.items) if (item.name !== undefined) keptDefines.add(item.name);
    }
  }
  return inlined;
}

function substitutable(op: ExtendOp, isExtraction: (op: ExtendOp) => boolean): boolean {
  if (isExtraction(op)) return false;
  return op.items.every(
    (item) =>
      item.names === undefined &&
      (item.name !== undefined || item.value.kind === 'name') &&
      !callsAny(item.value, ROW_DEPENDENT),
  );
}

function callsAny(expr: A.Expr, names: Set<string>): boolean {
  let found = false;
  mapExpr(expr, (node) => {
    if (node.kind === 'call' && names.has(node.name)) found = true;
    return undefined;
  });
  return found;
}

/** The substituted columns so far, each as an expression over the event's own columns. */
export class InlinedColumns {
  private readonly columns = new Map<string, A.Expr>();

  /** Reads the stage's items in order: each may use the columns defined before it, even in the same stage. */
  define(op: A.Operator): void {
    if (op.op !== 'extend') return;
    for (const item of op.items) {
      if (item.name !== undefined) this.columns.set(item.name, this.substitute(item.value));
    }
  }

  /** Columns a stage that stays in front of the filters defines: the filters read them as they are. */
  forget(names: string[]): void {
    for (const name of names) this.columns.delete(name);
  }

  substitute(expr: A.Expr): A.Expr {
    if (this.columns.size === 0) return expr;
    return mapExpr(expr, (node) => {
      if (node.kind !== 'name') return undefined;
      const column = this.columns.get(node.name);
      // Parenthesised, so operators keep their precedence wherever the expression lands.
      return (
        column && {
          kind: 'paren',
          inner: column,
          start: node.start,
          end: node.end,
          line: node.line,
          column: node.column,
        }
      );
    });
  }
}

/**
 * A copy of a scalar expression with the nodes `replace` returns a value for replaced (and not walked into).
 * Tabular expressions inside are left as they are: their names are another table's columns.
 */
function mapExpr(expr: A.Expr, replace: (node: A.Expr) => A.Expr | undefined): A.Expr {
  const replaced = replace(expr);
  if (replaced) return replaced;
  const map = (e: A.Expr): A.Expr => mapExpr(e, replace);
  switch (expr.kind) {
    case 'call':
      return { ...expr, args: expr.args.map((a) => ({ ...a, value: map(a.value) })) };
    case 'path':
      return { ...expr, target: map(expr.target) };
    case 'index':
      return { ...expr, target: map(expr.target), index: map(expr.index) };
    case 'unary':
      return { ...expr, operand: map(expr.operand) };
    case 'binary':
      return { ...expr, left: map(expr.left), right: map(expr.right) };
    case 'in':
      return { ...expr, left: map(expr.left), items: expr.items.map(map) };
    case 'between':
      return { ...expr, left: map(expr.left), low: map(expr.low), high: map(expr.high) };
    case 'array':
      return { ...expr, items: expr.items.map(map) };
    case 'bag':
      return { ...expr, entries: expr.entries.map((e) => ({ ...e, value: map(e.value) })) };
    case 'paren':
      return { ...expr, inner: map(expr.inner) };
    default:
      return expr;
  }
}
