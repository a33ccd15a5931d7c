/**
 * The EQL syntax tree: what the parser recognised, as written, before any meaning is given to it.
 * String values are already unescaped; field paths are plain text (`a.b[0]`, backticks removed).
 */

export interface Pos {
  line: number;
  column: number;
}

export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type MatchOp = ':' | 'like' | 'like~' | 'regex' | 'regex~';

export interface FieldNode {
  k: 'field';
  path: string;
  optional: boolean;
  pos: Pos;
}

export type ExprNode =
  | { k: 'string'; value: string; pos: Pos }
  | { k: 'number'; value: number; pos: Pos }
  | { k: 'boolean'; value: boolean; pos: Pos }
  | { k: 'null'; pos: Pos }
  | FieldNode
  | { k: 'call'; name: string; insensitive: boolean; args: ExprNode[]; pos: Pos }
  | { k: 'negate'; operand: ExprNode; pos: Pos }
  | { k: 'arith'; op: ArithOp; left: ExprNode; right: ExprNode; pos: Pos }
  | { k: 'compare'; op: CompareOp; left: ExprNode; right: ExprNode; pos: Pos }
  | { k: 'in'; negated: boolean; insensitive: boolean; left: ExprNode; items: ExprNode[]; pos: Pos }
  | { k: 'match'; op: MatchOp; left: ExprNode; patterns: string[]; pos: Pos }
  | { k: 'and'; items: ExprNode[]; pos: Pos }
  | { k: 'or'; items: ExprNode[]; pos: Pos }
  | { k: 'not'; item: ExprNode; pos: Pos };

export interface EventQueryNode {
  category: string;
  where: ExprNode;
  pos: Pos;
}

export interface StepNode {
  query: EventQueryNode;
  keys: FieldNode[];
  runs?: number;
  missing: boolean;
  pos: Pos;
}

export type TimeUnit = 'ms' | 's' | 'm' | 'h' | 'd';

export type QueryNode =
  | { k: 'event'; event: EventQueryNode }
  | {
      k: 'sequence';
      keys: FieldNode[];
      maxspan?: { value: number; unit: TimeUnit };
      steps: StepNode[];
      until?: StepNode;
      pos: Pos;
    }
  | { k: 'sample'; keys: FieldNode[]; steps: StepNode[]; pos: Pos };

export interface PipeNode {
  name: 'head' | 'tail';
  count: number;
  pos: Pos;
}

export interface QueryWithPipes {
  query: QueryNode;
  pipes: PipeNode[];
}
