/**
 * EQL syntax tree → IR, with Elasticsearch's semantics made explicit:
 * - `==`, `!=`, `in`, `not in`: case-sensitive, no wildcards (a `*` is literal text);
 * - `:` and `like~`: case-insensitive wildcards; `like`: case-sensitive wildcards; `in~`: case-insensitive list;
 * - `regex` / `regex~`: Lucene regex matching the whole value, case-sensitive / not;
 * - `x == null` tests absence; `startsWith`, `endsWith`, `stringContains`, `cidrMatch` on a field with
 *   literals are ordinary predicates; everything else that computes becomes a ComputedExpr kept in EQL terms.
 */
import type {
  BinaryOp,
  Duration,
  Expr,
  JoinKey,
  OutputStage,
  Pattern,
  PatternPart,
  Predicate,
  PredicateOp,
  Query,
  SearchQuery,
  Source,
  Step,
  Term,
  Value,
} from '../../ir/types.js';
import { ANY, ONE, literal } from '../../ir/pattern.js';
import { and, not, or, predicate } from '../../ir/build.js';
import type { EventQueryNode, ExprNode, FieldNode, Pos, QueryNode, QueryWithPipes, StepNode } from './ast.js';
import { lookupFunction } from './functions.js';

/** A construct that parses but has no meaning in Elasticsearch EQL (or no place in the IR). */
export class LoweringError extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
  ) {
    super(message);
  }
}

/** `:` / `like` text → pattern: `*` and `?` are wildcards (EQL has no escape for them). */
export function wildcardPattern(text: string): Pattern {
  const parts: PatternPart[] = [];
  let chunk = '';
  for (const ch of text) {
    if (ch === '*' || ch === '?') {
      if (chunk) parts.push(chunk);
      chunk = '';
      parts.push(ch === '*' ? ANY : ONE);
    } else chunk += ch;
  }
  if (chunk) parts.push(chunk);
  return parts;
}

const FLIPPED: Record<string, BinaryOp> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};
const ORDER_OPS: Record<string, PredicateOp> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const SUBSTRING_FUNCTIONS: Record<string, PredicateOp> = {
  startswith: 'startswith',
  endswith: 'endswith',
  stringcontains: 'contains',
};

type LiteralNode = Extract<ExprNode, { k: 'string' | 'number' | 'boolean' | 'null' }>;

function isLiteral(node: ExprNode): node is LiteralNode {
  return node.k === 'string' || node.k === 'number' || node.k === 'boolean' || node.k === 'null';
}

function literalValue(node: LiteralNode): Value {
  switch (node.k) {
    case 'string':
      return { type: 'string', pattern: literal(node.value) };
    case 'number':
      return { type: 'number', value: node.value };
    case 'boolean':
      return { type: 'boolean', value: node.value };
    case 'null':
      return { type: 'null' };
  }
}

/** Lowers the expressions of one event query; collects the fields written with `?`. */
class ExprLowering {
  readonly optionalFields = new Set<string>();

  field(node: FieldNode): string {
    if (node.optional) this.optionalFields.add(node.path);
    return node.path;
  }

  expr(node: ExprNode): Expr {
    switch (node.k) {
      case 'and':
        return and(node.items.map((i) => this.expr(i)));
      case 'or':
        return or(node.items.map((i) => this.expr(i)));
      case 'not':
        return not(this.expr(node.item));
      case 'boolean':
        return { kind: 'const', value: node.value };
      case 'compare':
        return this.compare(node);
      case 'in':
        return this.inList(node);
      case 'match':
        return this.match(node);
      case 'call':
        return this.callCondition(node);
      case 'field':
        throw new LoweringError(
          `a field alone is not a condition: compare ${node.path} with something`,
          node.pos,
        );
      default:
        throw new LoweringError('this is a value, not a condition: compare it with something', node.pos);
    }
  }

  private withPos(p: Predicate, pos: Pos): Predicate {
    p.pos = { line: pos.line, column: pos.column };
    return p;
  }

  private compare(node: Extract<ExprNode, { k: 'compare' }>): Expr {
    let { left, right } = node;
    let op: BinaryOp = node.op;
    if (isLiteral(left) && right.k === 'field') {
      [left, right] = [right, left];
      op = FLIPPED[op] as BinaryOp;
    }
    if (left.k === 'field' && isLiteral(right)) {
      const field = this.field(left);
      if (op === '==' || op === '!=') {
        const p =
          right.k === 'null'
            ? predicate({ field, op: 'null' })
            : predicate({ field, op: 'eq', values: [literalValue(right)], cased: true });
        this.withPos(p, node.pos);
        return op === '==' ? p : not(p);
      }
      if (right.k === 'number') {
        return this.withPos(
          predicate({ field, op: ORDER_OPS[op] as PredicateOp, values: [literalValue(right)], cased: true }),
          node.pos,
        );
      }
    }
    if (left.k === 'field' && right.k === 'field' && (op === '==' || op === '!=')) {
      const p = predicate({
        field: this.field(left),
        op: 'eq',
        values: [{ type: 'fieldref', field: this.field(right) }],
        cased: true,
      });
      this.withPos(p, node.pos);
      return op === '==' ? p : not(p);
    }
    return this.computed({ kind: 'binary', op, left: this.term(left), right: this.term(right) });
  }

  private inList(node: Extract<ExprNode, { k: 'in' }>): Expr {
    let result: Expr;
    if (node.left.k === 'field' && node.items.every(isLiteral)) {
      const values = (node.items as LiteralNode[]).map(literalValue);
      if (values.some((v) => v.type === 'null')) {
        throw new LoweringError(
          'null in an in (…) list compares nothing: write field == null instead',
          node.pos,
        );
      }
      result = this.withPos(
        predicate({ field: this.field(node.left), op: 'eq', values, cased: !node.insensitive }),
        node.pos,
      );
    } else {
      result = this.computed(this.term({ ...node, negated: false }));
    }
    return node.negated ? not(result) : result;
  }

  private match(node: Extract<ExprNode, { k: 'match' }>): Expr {
    if (node.left.k !== 'field') return this.computed(this.term(node));
    const field = this.field(node.left);
    if (node.op === 'regex' || node.op === 'regex~') {
      const values: Value[] = node.patterns.map((pattern) => ({
        type: 'regex',
        pattern,
        flags: { i: node.op === 'regex~', m: false, s: false },
        flavour: 'lucene',
        anchored: true,
      }));
      return this.withPos(predicate({ field, op: 'regex', values, cased: true }), node.pos);
    }
    const values: Value[] = node.patterns.map((text) => ({ type: 'string', pattern: wildcardPattern(text) }));
    return this.withPos(predicate({ field, op: 'eq', values, cased: node.op === 'like' }), node.pos);
  }

  /** A function call used as a condition. */
  private callCondition(node: Extract<ExprNode, { k: 'call' }>): Expr {
    const fn = this.checkCall(node);
    const lower = fn.name.toLowerCase();
    const [first, ...rest] = node.args;
    const substringOp = SUBSTRING_FUNCTIONS[lower];
    if (substringOp && first?.k === 'field' && rest.length === 1 && rest[0]?.k === 'string') {
      return this.withPos(
        predicate({
          field: this.field(first),
          op: substringOp,
          values: [{ type: 'string', pattern: literal(rest[0].value) }],
          cased: !node.insensitive,
        }),
        node.pos,
      );
    }
    if (substringOp && first?.k === 'field' && rest.length === 1 && rest[0]?.k === 'field') {
      // Two fields: Sigma's fieldref with the same substring modifier.
      return this.withPos(
        predicate({
          field: this.field(first),
          op: substringOp,
          values: [{ type: 'fieldref', field: this.field(rest[0]) }],
          cased: !node.insensitive,
        }),
        node.pos,
      );
    }
    if (lower === 'cidrmatch' && first?.k === 'field' && rest.every((a) => a.k === 'string')) {
      const values: Value[] = rest.map((a) => ({ type: 'cidr', cidr: (a as { value: string }).value }));
      return this.withPos(predicate({ field: this.field(first), op: 'cidr', values, cased: true }), node.pos);
    }
    return this.computed(this.term(node));
  }

  private checkCall(node: Extract<ExprNode, { k: 'call' }>) {
    const fn = lookupFunction(node.name);
    if (!fn)
      throw new LoweringError(
        `unknown function ${node.name}: Elasticsearch EQL has no such function`,
        node.pos,
      );
    if (node.insensitive && !fn.insensitiveForm) {
      throw new LoweringError(`${fn.name} has no case-insensitive form ${fn.name}~`, node.pos);
    }
    if (node.args.length < fn.minArgs || node.args.length > fn.maxArgs) {
      const range =
        fn.maxArgs === Infinity
          ? `at least ${fn.minArgs}`
          : fn.minArgs === fn.maxArgs
            ? `${fn.minArgs}`
            : `${fn.minArgs} to ${fn.maxArgs}`;
      throw new LoweringError(`${fn.name} takes ${range} argument(s), not ${node.args.length}`, node.pos);
    }
    return fn;
  }

  private computed(term: Term): Expr {
    return { kind: 'computed', dialect: 'eql', term };
  }

  term(node: ExprNode): Term {
    switch (node.k) {
      case 'field':
        return { kind: 'field', field: this.field(node) };
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
        return { kind: 'value', value: literalValue(node) };
      case 'call': {
        const fn = this.checkCall(node);
        return {
          kind: 'call',
          name: fn.name.toLowerCase() + (node.insensitive ? '~' : ''),
          args: node.args.map((a) => this.term(a)),
        };
      }
      case 'negate':
        // EQL's unary minus on a non-literal; 0 - x has the same value and needs no Term of its own.
        return {
          kind: 'binary',
          op: '-',
          left: { kind: 'value', value: { type: 'number', value: 0 } },
          right: this.term(node.operand),
        };
      case 'arith':
      case 'compare':
        return { kind: 'binary', op: node.op, left: this.term(node.left), right: this.term(node.right) };
      case 'in':
        if (node.negated)
          throw new LoweringError('not in cannot be used inside a function argument', node.pos);
        return {
          kind: 'call',
          name: node.insensitive ? 'in~' : 'in',
          args: [this.term(node.left), ...node.items.map((i) => this.term(i))],
        };
      case 'match':
        return {
          kind: 'call',
          name: node.op,
          args: [
            this.term(node.left),
            ...node.patterns.map(
              (text) => ({ kind: 'value', value: { type: 'string', pattern: literal(text) } }) as Term,
            ),
          ],
        };
      default:
        throw new LoweringError(`${node.k} cannot be used inside a computed value`, node.pos);
    }
  }
}

function search(event: EventQueryNode, extraOptional: string[]): SearchQuery {
  const lowering = new ExprLowering();
  const filter = lowering.expr(event.where);
  for (const f of extraOptional) lowering.optionalFields.add(f);
  const native: Record<string, unknown> = { category: event.category };
  if (lowering.optionalFields.size > 0) native.optionalFields = [...lowering.optionalFields].sort();
  const source: Source = { model: 'ecs', native };
  return { kind: 'search', source, filter };
}

/**
 * The join keys of a sequence or sample: shared keys first, then each step's own, index-aligned with the
 * steps. The IR has no place for the keys of an `until` step, so when there is one its key is the last field
 * of each join key (fields.length = steps + 1).
 */
function joinKeys(shared: FieldNode[], steps: StepNode[], until: StepNode | undefined): JoinKey[] {
  const perStep = steps[0]?.keys.length ?? 0;
  for (const step of steps) {
    if (step.keys.length !== perStep) {
      throw new LoweringError(
        `every step must have the same number of by keys (the first has ${perStep}, this one ${step.keys.length})`,
        step.pos,
      );
    }
  }
  if (until && until.keys.length !== perStep && !(until.keys.length === 0 && perStep === 0)) {
    throw new LoweringError(
      `the until step must have the same number of by keys as the others (${perStep})`,
      until.pos,
    );
  }
  const all = until ? [...steps, until] : steps;
  const keys: JoinKey[] = shared.map((key) => ({ fields: all.map(() => key.path) }));
  for (let i = 0; i < perStep; i++) keys.push({ fields: all.map((s) => (s.keys[i] as FieldNode).path) });
  return keys;
}

function lowerStep(step: StepNode, shared: FieldNode[]): Step {
  const optional = [...shared, ...step.keys].filter((k) => k.optional).map((k) => k.path);
  const out: Step = { query: search(step.query, optional) };
  if (step.runs !== undefined) out.runs = step.runs;
  if (step.missing) out.missing = true;
  return out;
}

function lowerQueryNode(node: QueryNode): Query {
  switch (node.k) {
    case 'event':
      return search(node.event, []);
    case 'sequence': {
      const query: Query = {
        kind: 'sequence',
        keys: joinKeys(node.keys, node.steps, node.until),
        steps: node.steps.map((s) => lowerStep(s, node.keys)),
      };
      if (node.maxspan)
        query.maxspan = { value: node.maxspan.value, unit: node.maxspan.unit } satisfies Duration;
      if (node.until) query.until = lowerStep(node.until, node.keys);
      return query;
    }
    case 'sample':
      if (node.steps.length < 2)
        throw new LoweringError('a sample needs at least two [ … ] filters', node.pos);
      return {
        kind: 'temporal',
        keys: joinKeys(node.keys, node.steps, undefined),
        steps: node.steps.map((s) => lowerStep(s, node.keys)),
      };
  }
}

/** The IR query and output stages of a parsed EQL statement. Throws LoweringError. */
export function lowerStatement(tree: QueryWithPipes): { query: Query; output: OutputStage[] } {
  return {
    query: lowerQueryNode(tree.query),
    output: tree.pipes.map((p) => ({ kind: p.name, count: p.count })),
  };
}
