/**
 * The syntax tree of a KQL query, as the parser builds it. Scalar and tabular expressions share one type
 * (`Expr`) because KQL only knows which is which after name resolution (`let x = …` may be either).
 * Every node records where it starts (offset, 1-based line and column) and where it ends (offset, exclusive),
 * so that diagnostics can point at it and opaque parts can be reproduced from the tokens they cover.
 */

export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface NameRef extends Span {
  kind: 'name';
  name: string;
}

export type LiteralType = 'string' | 'long' | 'real' | 'bool' | 'timespan' | 'datetime' | 'guid';

export interface Literal extends Span {
  kind: 'literal';
  type: LiteralType;
  /** Decoded value: the text of a string, a number, a boolean; for timespan/datetime/guid the source text. */
  value: string | number | boolean;
}

export interface CallArg {
  /** A named argument `name = value` (ASIM parser parameters). */
  name?: string;
  value: Expr;
}

export interface CallExpr extends Span {
  kind: 'call';
  name: string;
  args: CallArg[];
}

/** `target.member` (dynamic property or a dotted name). */
export interface PathExpr extends Span {
  kind: 'path';
  target: Expr;
  member: string;
}

/** `target[index]`. */
export interface IndexExpr extends Span {
  kind: 'index';
  target: Expr;
  index: Expr;
}

export interface UnaryExpr extends Span {
  kind: 'unary';
  op: '-' | '+';
  operand: Expr;
}

/** Every two-operand operator: `and`, `or`, `==`, `<`, `+`, `=~`, `has`, `matches regex` … as written. */
export interface BinaryExpr extends Span {
  kind: 'binary';
  op: string;
  left: Expr;
  right: Expr;
}

/** `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all` with a parenthesised list. */
export interface InExpr extends Span {
  kind: 'in';
  op: string;
  left: Expr;
  items: Expr[];
}

export interface BetweenExpr extends Span {
  kind: 'between';
  negated: boolean;
  left: Expr;
  low: Expr;
  high: Expr;
}

export interface ArrayExpr extends Span {
  kind: 'array';
  items: Expr[];
}

export interface BagExpr extends Span {
  kind: 'bag';
  entries: { key: string; value: Expr }[];
}

/** `*` as an argument (`arg_max(TimeGenerated, *)`). */
export interface StarExpr extends Span {
  kind: 'star';
}

/** A parenthesised expression, kept so that printing opaque text and positions stay faithful. */
export interface ParenExpr extends Span {
  kind: 'paren';
  inner: Expr;
}

/** A tabular expression: a source and its pipeline. */
export interface PipeExpr extends Span {
  kind: 'pipe';
  source: Expr;
  ops: Operator[];
}

export interface UnionExpr extends Span {
  kind: 'union';
  params: Param[];
  items: Expr[];
}

/** `datatable(…)[…]`, `externaldata(…)[…]`: kept as text. */
export interface OpaqueExpr extends Span {
  kind: 'opaque';
  keyword: string;
}

export type Expr =
  | NameRef
  | Literal
  | CallExpr
  | PathExpr
  | IndexExpr
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | BetweenExpr
  | ArrayExpr
  | BagExpr
  | StarExpr
  | ParenExpr
  | PipeExpr
  | UnionExpr
  | OpaqueExpr;

/** An operator parameter such as `kind=inner`, `isfuzzy=true`, `hint.strategy=shuffle`. */
export interface Param {
  name: string;
  value: string;
}

/** `name = expr` or a bare `expr` (extend, project, summarize). */
export interface NamedExpr {
  name?: string;
  /** `(a, b) = expr` */
  names?: string[];
  value: Expr;
}

export interface SortItem {
  value: Expr;
  order?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/** One element of a `parse` pattern: `*`, a constant, or a captured column with an optional type. */
export type ParsePatternItem =
  { kind: 'skip' } | { kind: 'const'; value: string } | { kind: 'column'; name: string; type?: string };

interface OpBase extends Span {
  /** The operator as written (`where` or `filter`, `sort` or `order`, `take` or `limit` …). */
  keyword: string;
}

export type Operator =
  | (OpBase & { op: 'where'; predicate: Expr })
  | (OpBase & { op: 'extend' | 'project'; items: NamedExpr[] })
  | (OpBase & { op: 'project-away' | 'project-keep' | 'project-reorder'; items: string[] })
  | (OpBase & { op: 'project-rename'; pairs: { to: string; from: string }[] })
  | (OpBase & { op: 'summarize'; aggregates: NamedExpr[]; by: NamedExpr[] })
  | (OpBase & { op: 'join' | 'lookup'; params: Param[]; right: Expr; on: Expr[] })
  | (OpBase & { op: 'union'; params: Param[]; items: Expr[] })
  | (OpBase & { op: 'parse'; params: Param[]; source: Expr; pattern: ParsePatternItem[] })
  | (OpBase & { op: 'top'; count: Expr; by: SortItem })
  | (OpBase & { op: 'sort'; items: SortItem[] })
  | (OpBase & { op: 'distinct'; items: Expr[] })
  | (OpBase & { op: 'take'; count: Expr })
  | (OpBase & { op: 'count' })
  | (OpBase & { op: 'opaque' });

export interface FunctionDef extends Span {
  kind: 'function';
  /** `() { … }` or `view () { … }`: a function without parameters. */
  parameterless: boolean;
  body: Statement[];
}

export type Statement =
  | (Span & { kind: 'let'; name: string; value: Expr | FunctionDef })
  | (Span & { kind: 'declare'; params: QueryParameter[] })
  | (Span & { kind: 'set' })
  | (Span & { kind: 'expr'; expr: Expr });

/** A parameter of `declare query_parameters(name:type [= default], …)`. */
export interface QueryParameter {
  name: string;
  type: string;
  default?: Expr;
}

export interface QueryAst {
  statements: Statement[];
}
