/**
 * KQL conditions → IR expressions, with Kusto's exact semantics:
 *
 *   a == "x"  eq cased        a =~ "x"  eq uncased      a != / !~   not(eq)     (no wildcards in KQL)
 *   has / has_cs              term (uncased / cased)    has_any / has_all  term with matchAll false / true
 *   contains, startswith, endswith (+ _cs, + !)         substring ops, uncased unless _cs; `!` → not
 *   in / in~ / !in / !in~     eq with several values, cased / uncased; `!` → not
 *   matches regex "r"         regex {flavour re2, anchored false}; a leading (?i)/(?s)/(?m) becomes flags
 *   between (a .. b)          and(gte a, lte b); !between → not
 *   < <= > >= with a number   lt lte gt gte
 *   isempty(f)                or(null f, eq f "")       (KQL: true for null or the empty string)
 *   isnotempty(f)             not(isempty)              isnull / isnotnull → null / not(null)
 *   ipv4_is_in_range(f, "c")  cidr (also ipv6_is_in_range)
 *   not(x)                    not
 * Any other condition is a ComputedExpr {dialect:'kql'} whose term the KQL printer writes back exactly:
 * functions keep their names, KQL operators that are not IR BinaryOps become calls named by the operator
 * (`has`, `matches regex`, `in~`, `and` …), literals the IR has no value type for become calls `timespan`,
 * `datetime`, `guid`, `dynamic` holding their source text.
 */
import type {
  BinaryOp,
  Expr as IrExpr,
  Pattern,
  Predicate,
  PredicateOp,
  RegexValue,
  Term,
  Value,
} from '../../ir/types.js';
import { and, not, or, predicate, str } from '../../ir/build.js';
import { ANY, ONE } from '../../ir/pattern.js';
import type * as A from './ast.js';
import type { LowerContext } from './lower.js';

type Binding = A.Expr | A.FunctionDef;

/** The `let` names visible at a point of the query. */
export class Scope {
  private readonly bindings: { name: string; value: Binding }[];

  constructor(
    readonly ctx: LowerContext,
    bindings: { name: string; value: Binding }[] = [],
  ) {
    this.bindings = bindings;
  }

  bind(name: string, value: Binding): void {
    this.bindings.push({ name, value });
  }

  lookup(name: string): Binding | undefined {
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      const b = this.bindings[i] as { name: string; value: Binding };
      if (b.name === name) return b.value;
    }
    return undefined;
  }

  /** The scope in which the latest binding of `name` was defined (its own definition may not see itself). */
  outer(name: string): Scope {
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      if ((this.bindings[i] as { name: string }).name === name)
        return new Scope(this.ctx, this.bindings.slice(0, i));
    }
    return this;
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Bool literals Kusto reads besides `true` and `false` (Kusto.Language lexes these as BooleanLiteralToken, not
 * as names; `FaLse` is a name): `ipv4_is_private(ip) == False` compares with a bool, not a column.
 */
const BOOL_WORDS = new Map([
  ['True', true],
  ['TRUE', true],
  ['False', false],
  ['FALSE', false],
]);
const COMPARISON_OPS: Record<string, BinaryOp> = {
  '==': '==',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const ARITHMETIC_OPS = new Set(['+', '-', '*', '/', '%']);
const ORDER_OPS: Record<string, PredicateOp> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const FLIPPED_ORDER: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** String operators: IR op, case sensitivity, negation. */
const STRING_OPS: Record<string, { op: PredicateOp; cased: boolean; negated: boolean }> = {};
for (const [words, op] of [
  [['has', 'has_cs'], 'term'],
  [['contains', 'contains_cs'], 'contains'],
  [['startswith', 'startswith_cs'], 'startswith'],
  [['endswith', 'endswith_cs'], 'endswith'],
] as const) {
  const [uncased, cased] = words;
  STRING_OPS[uncased] = { op, cased: false, negated: false };
  STRING_OPS['!' + uncased] = { op, cased: false, negated: true };
  STRING_OPS[cased] = { op, cased: true, negated: false };
  STRING_OPS['!' + cased] = { op, cased: true, negated: true };
}
STRING_OPS['containscs'] = { op: 'contains', cased: true, negated: false };
STRING_OPS['!containscs'] = { op: 'contains', cased: true, negated: true };
STRING_OPS['notcontains'] = { op: 'contains', cased: false, negated: true };
STRING_OPS['notcontainscs'] = { op: 'contains', cased: true, negated: true };
STRING_OPS['nothas'] = { op: 'term', cased: false, negated: true };

/** The IR reading of a KQL string operator (`has`, `!startswith_cs` …): op, case, negation; undefined for others. */
export function stringOperator(
  name: string,
): { op: PredicateOp; cased: boolean; negated: boolean } | undefined {
  return Object.prototype.hasOwnProperty.call(STRING_OPS, name) ? STRING_OPS[name] : undefined;
}

export function lowerCondition(expr: A.Expr, scope: Scope): IrExpr {
  return new ConditionLowering(scope).condition(expr);
}

/** Every field a condition reads (the root column of a dotted path). */
export function conditionFields(expr: IrExpr): string[] {
  const out = new Set<string>();
  const term = (t: Term): void => {
    if (t.kind === 'field') out.add(rootColumn(t.field));
    else if (t.kind === 'call') t.args.forEach(term);
    else if (t.kind === 'binary') (term(t.left), term(t.right));
    else if (t.value.type === 'fieldref') out.add(rootColumn(t.value.field));
  };
  const walk = (e: IrExpr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        e.items.forEach(walk);
        break;
      case 'not':
        walk(e.item);
        break;
      case 'predicate':
        if (e.field !== null) out.add(rootColumn(e.field));
        for (const v of e.values) if (v.type === 'fieldref') out.add(rootColumn(v.field));
        break;
      case 'computed':
        term(e.term);
        break;
      case 'const':
        break;
    }
  };
  walk(expr);
  return [...out];
}

export function rootColumn(field: string): string {
  const dot = field.indexOf('.');
  return dot < 0 ? field : field.slice(0, dot);
}

/** A leading `(?flags)` group of an RE2 pattern, as IR flags. */
export function regexValue(source: string): RegexValue {
  const m = /^\(\?([ims]+)\)/.exec(source);
  const flags = { i: false, m: false, s: false };
  let pattern = source;
  if (m) {
    for (const f of m[1] as string) flags[f as 'i' | 'm' | 's'] = true;
    pattern = source.slice(m[0].length);
  }
  return { type: 'regex', pattern, flags, flavour: 're2', anchored: false };
}

/**
 * The anchored regex the printer writes for a wildcard pattern — `(?s)^…$` or `(?is)^…$` over escaped literal
 * text, `.*` and `.` — read back as that pattern: under `matches regex` both select exactly the same values.
 */
export function wildcardFromRegex(source: string): { pattern: Pattern; cased: boolean } | undefined {
  const m = /^\(\?(is|si|s)\)\^(.*)\$$/s.exec(source);
  if (!m) return undefined;
  const body = m[2] as string;
  const pattern: Pattern = [];
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || !/[\\^$.|?*+()[\]{}]/.test(next)) return undefined;
      text += next;
      i++;
    } else if (c === '.') {
      if (text) pattern.push(text);
      text = '';
      if (body[i + 1] === '*') {
        pattern.push(ANY);
        i++;
      } else pattern.push(ONE);
    } else if (/[\^$|?*+()[\]{}]/.test(c)) {
      return undefined;
    } else text += c;
  }
  if (text) pattern.push(text);
  if (!pattern.some((part) => typeof part !== 'string')) return undefined;
  return { pattern, cased: !(m[1] as string).includes('i') };
}

class ConditionLowering {
  constructor(private readonly scope: Scope) {}

  private get ctx(): LowerContext {
    return this.scope.ctx;
  }

  /** Follows scalar let names and parentheses to the expression they stand for. */
  private resolve(expr: A.Expr, depth = 0): A.Expr {
    if (depth > 50)
      throw this.ctx.error('kql/let-cycle', `'let' definitions refer to each other in a cycle`, expr);
    if (expr.kind === 'paren') return this.resolve(expr.inner, depth + 1);
    if (expr.kind === 'name') {
      const bound = this.scope.lookup(expr.name);
      if (bound === undefined) return expr;
      if (bound.kind === 'function')
        throw this.ctx.error(
          'kql/function-let',
          `'${expr.name}' at ${this.ctx.at(expr)} is a function defined by 'let': not supported`,
          expr,
        );
      return new ConditionLowering(this.scope.outer(expr.name)).resolve(bound, depth + 1);
    }
    return expr;
  }

  condition(raw: A.Expr): IrExpr {
    const expr = this.resolve(raw);
    switch (expr.kind) {
      case 'binary':
        if (expr.op === 'and' || expr.op === 'or') {
          // `a or b or c` is one junction; an `or` that stands for something else (isempty) stays nested.
          const items = [expr.left, expr.right].flatMap((side) => {
            const lowered = this.condition(side);
            const raw = this.resolve(side);
            return raw.kind === 'binary' &&
              raw.op === expr.op &&
              (lowered.kind === 'and' || lowered.kind === 'or') &&
              lowered.kind === expr.op
              ? lowered.items
              : [lowered];
          });
          return expr.op === 'and' ? and(items) : or(items);
        }
        return this.comparison(expr) ?? this.computed(expr);
      case 'in':
        return this.membership(expr) ?? this.computed(expr);
      case 'between':
        return this.between(expr) ?? this.computed(expr);
      case 'call':
        return this.callCondition(expr) ?? this.computed(expr);
      case 'literal':
        if (expr.type === 'bool') return { kind: 'const', value: expr.value as boolean };
        return this.computed(expr);
      default:
        return this.computed(expr);
    }
  }

  private computed(expr: A.Expr): IrExpr {
    return { kind: 'computed', dialect: 'kql', term: this.term(expr) };
  }

  /** The field an operand names: a column, a dotted path of names, or `['quoted name']`. */
  private field(raw: A.Expr): string | undefined {
    const expr = this.resolve(raw);
    if (expr.kind === 'name') return BOOL_WORDS.has(expr.name) ? undefined : expr.name;
    if (expr.kind === 'path') {
      // Only members that are plain identifiers: `a.b.c` names the same thing when printed back.
      const base = this.field(expr.target);
      return base === undefined || !IDENTIFIER.test(expr.member) ? undefined : `${base}.${expr.member}`;
    }
    if (expr.kind === 'call' && expr.args.every((a) => a.name === undefined)) {
      // A dynamic value's text, as Kusto's string operators and comparisons read the value itself. Only for
      // dotted paths, which are dynamic for sure: a column may be of any type (a datetime is no string).
      const [only] = expr.args;
      const inner = only && expr.args.length === 1 ? this.resolve(only.value) : undefined;
      if (expr.name === 'tostring' && inner?.kind === 'path') return this.field(inner);
    }
    // `['column name']`
    const only = expr.kind === 'array' && expr.items.length === 1 ? expr.items[0] : undefined;
    if (only?.kind === 'literal' && only.type === 'string' && !String(only.value).includes('.'))
      return String(only.value);
    return undefined;
  }

  /** `tolower(F)` / `toupper(F)` of a field: the field and the case it folds to. */
  private folded(raw: A.Expr): { inner: A.Expr; fold: 'lower' | 'upper' } | undefined {
    const expr = this.resolve(raw);
    if (expr.kind !== 'call' || expr.args.length !== 1 || expr.args[0]?.name !== undefined) return undefined;
    if (expr.name !== 'tolower' && expr.name !== 'toupper') return undefined;
    const inner = (expr.args[0] as A.CallArg).value;
    if (this.field(inner) === undefined) return undefined;
    return { inner, fold: expr.name === 'tolower' ? 'lower' : 'upper' };
  }

  /** A constant operand as an IR value (strings, numbers, booleans). */
  private constant(raw: A.Expr): Value | undefined {
    const expr = this.resolve(raw);
    if (expr.kind === 'name' && BOOL_WORDS.has(expr.name))
      return { type: 'boolean', value: BOOL_WORDS.get(expr.name) as boolean };
    if (expr.kind === 'literal') {
      if (expr.type === 'string') return str(expr.value as string);
      if (expr.type === 'long' || expr.type === 'real')
        return { type: 'number', value: expr.value as number };
      if (expr.type === 'bool') return { type: 'boolean', value: expr.value as boolean };
      return undefined;
    }
    if (expr.kind === 'unary' && expr.op === '-') {
      const inner = this.constant(expr.operand);
      if (inner?.type === 'number') return { type: 'number', value: -inner.value };
    }
    return undefined;
  }

  /** The constants of a list operand: `("a", "b")`, `(list)` with `let list = dynamic([…])`. */
  private constantList(items: A.Expr[]): Value[] | undefined {
    const out: Value[] = [];
    for (const raw of items) {
      const item = this.resolve(raw);
      const array = dynamicArray(item);
      if (array) {
        for (const element of array) {
          const v = this.constant(element);
          if (!v) return undefined;
          out.push(v);
        }
        continue;
      }
      const v = this.constant(item);
      if (!v) return undefined;
      out.push(v);
    }
    return out;
  }

  private comparison(expr: A.BinaryExpr): IrExpr | undefined {
    let left = expr.left;
    let right = expr.right;
    let op = expr.op;
    const folded = this.folded(left);
    if (folded) {
      const value = this.constant(right);
      const uncased = value?.type === 'string' ? foldedOperator(op, [value], folded.fold) : undefined;
      if (uncased === undefined) return undefined;
      [left, op] = [folded.inner, uncased];
    }
    // tostring() of a null is "", which the field itself never equals.
    const text = this.resolve(left);
    if (text.kind === 'call' && text.name === 'tostring' && this.constant(right)?.type === 'string') {
      if (literalOf(this.constant(right) as Value) === '') return undefined;
    }
    // Symmetric and order operators may have the constant on the left.
    if (
      this.field(left) === undefined &&
      this.field(right) !== undefined &&
      this.constant(left) !== undefined
    ) {
      if (op in FLIPPED_ORDER) op = FLIPPED_ORDER[op] as string;
      else if (!['==', '!=', '<>', '=~', '!~'].includes(op)) return undefined;
      [left, right] = [right, left];
    }
    const field = this.field(left);
    if (field === undefined) return undefined;
    const value = this.constant(right);
    const otherField = value === undefined ? this.field(right) : undefined;
    const operand: Value | undefined =
      value ?? (otherField !== undefined ? { type: 'fieldref', field: otherField } : undefined);
    if (!operand) return undefined;
    const pos = { line: expr.line + (this.ctx.origin.lineOffset ?? 0), column: expr.column };
    const make = (p: PredicateOp, cased: boolean, v: Value): Predicate => ({
      ...predicate({ field, op: p, values: [v], cased }),
      pos,
    });

    switch (op) {
      case '==':
      case '!=':
      case '<>':
      case '=~':
      case '!~': {
        const cased = op !== '=~' && op !== '!~';
        if (
          operand.type === 'string' ||
          operand.type === 'fieldref' ||
          operand.type === 'number' ||
          operand.type === 'boolean'
        ) {
          const p = make(
            'eq',
            operand.type === 'number' || operand.type === 'boolean' ? false : cased,
            operand,
          );
          return op === '==' || op === '=~' ? p : not(p);
        }
        return undefined;
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        return operand.type === 'number' ? make(ORDER_OPS[op] as PredicateOp, false, operand) : undefined;
      case 'matches regex': {
        if (operand.type !== 'string') return undefined;
        const source = literalOf(operand);
        const wildcard = wildcardFromRegex(source);
        if (wildcard) return make('eq', wildcard.cased, { type: 'string', pattern: wildcard.pattern });
        return make('regex', true, regexValue(source));
      }
      default: {
        const s = STRING_OPS[op];
        // Another column on the right: a substring comparison of two fields (not a term match).
        const fieldOperand = operand.type === 'fieldref' && s !== undefined && s.op !== 'term';
        if (!s || (operand.type !== 'string' && !fieldOperand)) return undefined;
        const p = make(s.op, s.cased, operand);
        return s.negated ? not(p) : p;
      }
    }
  }

  private membership(expr: A.InExpr): IrExpr | undefined {
    const folded = this.folded(expr.left);
    const field = this.field(folded ? folded.inner : expr.left);
    if (field === undefined) return undefined;
    const values = this.constantList(expr.items);
    if (!values || values.length === 0) return undefined;
    const text = this.resolve(expr.left);
    if (
      text.kind === 'call' &&
      text.name === 'tostring' &&
      values.some((v) => v.type === 'string' && literalOf(v) === '')
    )
      return undefined;
    if (folded) {
      const uncased = foldedOperator(expr.op, values, folded.fold);
      if (uncased === undefined) return undefined;
      return this.membership({ ...expr, left: folded.inner, op: uncased as A.InExpr['op'] });
    }
    const pos = { line: expr.line + (this.ctx.origin.lineOffset ?? 0), column: expr.column };
    if (expr.op === 'has_any' || expr.op === 'has_all') {
      if (!values.every((v) => v.type === 'string')) return undefined;
      return {
        ...predicate({ field, op: 'term', values, matchAll: expr.op === 'has_all', cased: false }),
        pos,
      };
    }
    const uncased = expr.op.endsWith('~');
    const allStrings = values.every((v) => v.type === 'string');
    const allNumbers = values.every((v) => v.type === 'number');
    if (!allStrings && !allNumbers) return undefined;
    const p: Predicate = { ...predicate({ field, op: 'eq', values, cased: allStrings && !uncased }), pos };
    return expr.op.startsWith('!') ? not(p) : p;
  }

  private between(expr: A.BetweenExpr): IrExpr | undefined {
    const field = this.field(expr.left);
    const low = this.constant(expr.low);
    const high = this.constant(expr.high);
    if (field === undefined || low?.type !== 'number' || high?.type !== 'number') return undefined;
    const range = and([
      predicate({ field, op: 'gte', values: [low] }),
      predicate({ field, op: 'lte', values: [high] }),
    ]);
    return expr.negated ? not(range) : range;
  }

  private callCondition(expr: A.CallExpr): IrExpr | undefined {
    const args = expr.args;
    if (args.some((a) => a.name !== undefined)) return undefined;
    const first = args[0]?.value;
    switch (expr.name) {
      case 'not':
        return args.length === 1 && first ? not(this.condition(first)) : undefined;
      case 'isempty':
      case 'isnotempty':
      case 'isnull':
      case 'isnotnull': {
        const field = args.length === 1 && first ? this.field(first) : undefined;
        if (field === undefined) return undefined;
        const isNull = predicate({ field, op: 'null' });
        if (expr.name === 'isnull') return isNull;
        if (expr.name === 'isnotnull') return not(isNull);
        const empty = or([isNull, predicate({ field, op: 'eq', values: [str('')], cased: true })]);
        return expr.name === 'isempty' ? empty : not(empty);
      }
      case 'ipv4_is_in_range':
      case 'ipv6_is_in_range': {
        const field = args.length === 2 && first ? this.field(first) : undefined;
        const range = args[1] ? this.constant(args[1].value) : undefined;
        if (field === undefined || range?.type !== 'string') return undefined;
        const cidr = literalOf(range);
        if (!/\//.test(cidr) || (expr.name === 'ipv4_is_in_range') === cidr.includes(':')) return undefined;
        return predicate({ field, op: 'cidr', values: [{ type: 'cidr', cidr }] });
      }
      default:
        return undefined;
    }
  }

  /** Any scalar expression as an IR term, exactly. */
  term(raw: A.Expr): Term {
    const expr = this.resolve(raw);
    switch (expr.kind) {
      case 'name':
        if (BOOL_WORDS.has(expr.name))
          return { kind: 'value', value: { type: 'boolean', value: BOOL_WORDS.get(expr.name) as boolean } };
        return { kind: 'field', field: expr.name };
      case 'literal':
        switch (expr.type) {
          case 'string':
            return { kind: 'value', value: str(expr.value as string) };
          case 'long':
          case 'real':
            return { kind: 'value', value: { type: 'number', value: expr.value as number } };
          case 'bool':
            return { kind: 'value', value: { type: 'boolean', value: expr.value as boolean } };
          default:
            return {
              kind: 'call',
              name: expr.type,
              args: [{ kind: 'value', value: str(String(expr.value)) }],
            };
        }
      case 'path': {
        const field = this.field(expr);
        if (field !== undefined) return { kind: 'field', field };
        return {
          kind: 'call',
          name: '.',
          args: [this.term(expr.target), { kind: 'value', value: str(expr.member) }],
        };
      }
      case 'index':
        return { kind: 'call', name: '[]', args: [this.term(expr.target), this.term(expr.index)] };
      case 'unary': {
        const value = this.constant(expr);
        if (value) return { kind: 'value', value };
        return expr.op === '+'
          ? this.term(expr.operand)
          : { kind: 'call', name: '-', args: [this.term(expr.operand)] };
      }
      case 'binary': {
        const op =
          COMPARISON_OPS[expr.op] ?? (ARITHMETIC_OPS.has(expr.op) ? (expr.op as BinaryOp) : undefined);
        if (op && expr.op !== '<>')
          return { kind: 'binary', op, left: this.term(expr.left), right: this.term(expr.right) };
        return { kind: 'call', name: expr.op, args: [this.term(expr.left), this.term(expr.right)] };
      }
      case 'in':
        return {
          kind: 'call',
          name: expr.op,
          args: [this.term(expr.left), ...expr.items.map((i) => this.term(i))],
        };
      case 'between':
        return {
          kind: 'call',
          name: expr.negated ? '!between' : 'between',
          args: [this.term(expr.left), this.term(expr.low), this.term(expr.high)],
        };
      case 'call': {
        if (expr.name === 'dynamic' && expr.args.length === 1 && !expr.args[0]?.name) {
          return {
            kind: 'call',
            name: 'dynamic',
            args: [{ kind: 'value', value: str(this.ctx.text((expr.args[0] as A.CallArg).value)) }],
          };
        }
        return {
          kind: 'call',
          name: expr.name,
          args: expr.args.map((a) =>
            a.name !== undefined
              ? { kind: 'call', name: '=', args: [{ kind: 'field', field: a.name }, this.term(a.value)] }
              : this.term(a.value),
          ),
        };
      }
      case 'star':
        return { kind: 'field', field: '*' };
      case 'array': {
        const field = this.field(expr);
        if (field !== undefined) return { kind: 'field', field };
        return { kind: 'call', name: '[...]', args: expr.items.map((i) => this.term(i)) };
      }
      default:
        throw this.ctx.error(
          'kql/unsupported-expression',
          `${describe(expr)} at ${this.ctx.at(expr)} cannot be part of a search condition`,
          expr,
        );
    }
  }
}

function describe(expr: A.Expr): string {
  switch (expr.kind) {
    case 'pipe':
    case 'union':
    case 'opaque':
      return 'a tabular expression';
    case 'bag':
      return 'a property bag';
    default:
      return `a '${expr.kind}' expression`;
  }
}

/** `dynamic([…])` or a bare `[…]`: its elements. */
function dynamicArray(expr: A.Expr): A.Expr[] | undefined {
  if (expr.kind === 'array') return expr.items;
  if (expr.kind === 'call' && expr.name === 'dynamic' && expr.args.length === 1) {
    const arg = expr.args[0]?.value;
    if (arg?.kind === 'array') return arg.items;
  }
  return undefined;
}

/**
 * The operator that tests a field as `op` tests the field folded to one case (`tolower(F) == "x"` is
 * `F =~ "x"`): case-insensitive operators need no change, case-sensitive ones become case-insensitive when every
 * value is already in the folded case. Otherwise undefined (a value in the other case never matches; regexes
 * and orderings see the folded text): the comparison stays computed.
 */
function foldedOperator(op: string, values: Value[], fold: 'lower' | 'upper'): string | undefined {
  if (UNCASED_OPS.has(op)) return op;
  const inCase = values.every((v) => {
    if (v.type !== 'string') return false;
    const text = literalOf(v);
    return text === (fold === 'lower' ? text.toLowerCase() : text.toUpperCase());
  });
  const uncased = UNCASED_TWIN[op];
  return uncased !== undefined && inCase ? uncased : undefined;
}

/** The case-insensitive operators. */
const UNCASED_OPS = new Set([
  '=~',
  '!~',
  'in~',
  '!in~',
  'has_any',
  'has_all',
  ...Object.entries(STRING_OPS).flatMap(([name, s]) => (s.cased ? [] : [name])),
]);

/** Each case-sensitive operator's case-insensitive twin (`==` → `=~`, `has_cs` → `has`). */
const UNCASED_TWIN: Record<string, string> = {
  '==': '=~',
  '!=': '!~',
  '<>': '!~',
  in: 'in~',
  '!in': '!in~',
  ...Object.fromEntries(
    Object.entries(STRING_OPS).flatMap(([name, s]) => {
      const twin = Object.entries(STRING_OPS).find(
        ([, t]) => !t.cased && t.op === s.op && t.negated === s.negated,
      );
      return s.cased && twin ? [[name, twin[0]]] : [];
    }),
  ),
};

function literalOf(value: Value): string {
  return value.type === 'string' ? value.pattern.map((p) => (typeof p === 'string' ? p : '')).join('') : '';
}
