/**
 * The walk every computation lift shares: each `computed` condition of one dialect, in every search of a rule
 * (the steps of a multi-event rule too), is offered to a lifter, which either leaves it or gives the ordinary
 * expression that says it, with how that expression differs where the condition is asserted. Under a negation
 * the difference turns round (a broader test, denied, selects less), so the walk keeps the polarity and reports
 * each direction met once.
 */
import { foldConstants } from '../ir/fold.js';
import type { Dialect, Expr, Query, Rule, Term } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { not, or, predicate, str } from '../ir/build.js';
import { regexValue, stringOperator } from '../dialects/kql/condition.js';

export type Direction = 'broader' | 'narrower';

export interface Lifted {
  expr: Expr;
  /** How `expr` differs from the condition where the condition is asserted; absent when exact. */
  asserted?: Direction;
  /**
   * How it differs where the condition is denied, when that is not the opposite of `asserted` (a difference in
   * which rows are null, say, that only the denial shows).
   */
  denied?: Direction | 'exact';
}

export interface LiftNote {
  code: string;
  /** The note's text for an exact lift (`undefined`) or for the direction the rule's meaning moved. */
  message: (fidelity: Direction | undefined) => string;
}

function flip(d: Direction): Direction {
  return d === 'broader' ? 'narrower' : 'broader';
}

/** The query with every search's filter rewritten, through the steps of a multi-event query. */
function mapFilters(query: Query, rewrite: (filter: Expr) => Expr): Query {
  switch (query.kind) {
    case 'search':
      return { ...query, filter: rewrite(query.filter) };
    case 'sequence':
      return {
        ...query,
        steps: query.steps.map((s) => ({ ...s, query: mapFilters(s.query, rewrite) })),
        ...(query.until ? { until: { ...query.until, query: mapFilters(query.until.query, rewrite) } } : {}),
      };
    case 'temporal':
    case 'aggregate':
      return { ...query, steps: query.steps.map((s) => ({ ...s, query: mapFilters(s.query, rewrite) })) };
    default:
      return query;
  }
}

/** The rule with every computed condition of the dialect the lifter reads replaced, and one note per direction met. */
export function liftComputed(
  rule: Rule,
  lifter: (term: Term) => Lifted | undefined,
  note: LiftNote,
  dialect: Dialect = 'kql',
): { rule: Rule; diagnostics: Diagnostic[] } {
  let found = false;
  const directions = new Set<Direction>();
  const walk = (expr: Expr, negated: boolean): Expr => {
    switch (expr.kind) {
      case 'and':
      case 'or':
        return { ...expr, items: expr.items.map((i) => walk(i, negated)) };
      case 'not':
        return { ...expr, item: walk(expr.item, !negated) };
      case 'computed': {
        if (expr.dialect !== dialect) return expr;
        const lifted = lifter(expr.term);
        if (!lifted) return expr;
        found = true;
        const moved = !negated
          ? lifted.asserted
          : lifted.denied !== undefined
            ? lifted.denied === 'exact'
              ? undefined
              : lifted.denied
            : lifted.asserted && flip(lifted.asserted);
        if (moved) directions.add(moved);
        return lifted.expr;
      }
      default:
        return expr;
    }
  };
  const query = mapFilters(rule.query, (filter) => foldConstants(walk(filter, false)));
  if (!found) return { rule, diagnostics: [] };
  const diagnostics: Diagnostic[] =
    directions.size === 0
      ? [{ severity: 'info', code: note.code, message: note.message(undefined) }]
      : [...directions].map((fidelity) => ({
          severity: 'warning' as const,
          code: note.code,
          message: note.message(fidelity),
          fidelity,
        }));
  return { rule: { ...rule, query }, diagnostics };
}

/** A term's string literal, or undefined. */
export function stringOf(term: Term | undefined): string | undefined {
  if (term?.kind !== 'value' || term.value.type !== 'string') return undefined;
  const parts = term.value.pattern;
  return parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
}

/** A term's number literal, or undefined. */
export function numberOf(term: Term | undefined): number | undefined {
  return term?.kind === 'value' && term.value.type === 'number' ? term.value.value : undefined;
}

/**
 * The strings of a list operand: string literals, or `dynamic([...])` (kept as its source text) holding only
 * strings, in double or single quotes as Kusto allows. Undefined for anything else.
 */
export function stringList(items: Term[]): string[] | undefined {
  const out: string[] = [];
  for (const item of items) {
    const text = stringOf(item);
    if (text !== undefined) {
      out.push(text);
      continue;
    }
    if (item.kind !== 'call' || item.name !== 'dynamic' || item.args.length !== 1) return undefined;
    const array = dynamicStrings(stringOf(item.args[0]) ?? '');
    if (!array) return undefined;
    out.push(...array);
  }
  return out;
}

/** The elements of a dynamic array literal of strings (`["a", 'b']`), or undefined. */
function dynamicStrings(source: string): string[] | undefined {
  const text = source.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  const out: string[] = [];
  let i = 1;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  skip();
  if (text[i] === ']') return i === text.length - 1 ? out : undefined;
  for (;;) {
    skip();
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return undefined;
    let value = '';
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) return undefined;
      if (c === quote) break;
      if (c === '\\') {
        const next = text[i + 1];
        const escaped: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
        if (next === undefined || escaped[next] === undefined) return undefined;
        value += escaped[next];
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    out.push(value);
    skip();
    if (text[i] === ',') {
      i++;
      continue;
    }
    return text[i] === ']' && i === text.length - 1 ? out : undefined;
  }
}

/** A column operand: the field itself, or `tostring(field)` when `text` allows it (its text is what is read). */
export function columnOf(term: Term | undefined, text: boolean): string | undefined {
  if (term?.kind === 'field') return term.field;
  if (text && term?.kind === 'call' && term.name === 'tostring' && term.args.length === 1)
    return columnOf(term.args[0], false);
  return undefined;
}

/**
 * A KQL comparison of one operand with string constants, as the field test it is once the operand is read as a
 * field: `==` / `!=` / `<>`, `=~` / `!~`, the string operators (`has`, `!contains_cs` …), `in` / `in~` / `!in` /
 * `!in~`, `has_any` / `has_all`, `matches regex`, and with `emptiness` also `isempty` / `isnotempty`. The tests
 * are those the KQL lowering gives the same operators on a column (src/dialects/kql/condition.ts). `operandOf`
 * says which field an operand stands for. Empty strings are refused: Kusto reads a missing string as "", which
 * a field test of "" does not select. Undefined for anything else.
 */
export function stringComparison(
  term: Term,
  operandOf: (operand: Term | undefined) => string | undefined,
  options: { emptiness?: boolean } = {},
): { field: string; expr: Expr } | undefined {
  const text = (t: Term | undefined): string | undefined => {
    const value = stringOf(t);
    return value === '' ? undefined : value;
  };
  const equality = (field: string, value: string | undefined, cased: boolean, negated: boolean) => {
    if (value === undefined) return undefined;
    const test = predicate({ field, op: 'eq', values: [str(value)], cased });
    return { field, expr: negated ? not(test) : test };
  };
  if (term.kind === 'binary') {
    if (term.op !== '==' && term.op !== '!=') return undefined;
    const left = operandOf(term.left);
    const field = left ?? operandOf(term.right);
    if (field === undefined) return undefined;
    return equality(field, text(left !== undefined ? term.right : term.left), true, term.op === '!=');
  }
  if (term.kind !== 'call' || term.args.length === 0) return undefined;
  const [first, ...rest] = term.args;
  const field = operandOf(first);
  if (field === undefined) return undefined;
  const one = rest.length === 1 ? text(rest[0]) : undefined;
  switch (term.name) {
    case '<>':
      return equality(field, one, true, true);
    case '=~':
    case '!~':
      return equality(field, one, false, term.name === '!~');
    case 'in':
    case '!in':
    case 'in~':
    case '!in~':
    case 'has_any':
    case 'has_all': {
      const values = stringList(rest);
      if (!values?.length || values.some((v) => v === '')) return undefined;
      const unique = [...new Set(values)].map(str);
      if (term.name.startsWith('has_')) {
        const matchAll = term.name === 'has_all';
        return { field, expr: predicate({ field, op: 'term', values: unique, matchAll, cased: false }) };
      }
      const test = predicate({ field, op: 'eq', values: unique, cased: !term.name.endsWith('~') });
      return { field, expr: term.name.startsWith('!') ? not(test) : test };
    }
    case 'matches regex':
      return one === undefined
        ? undefined
        : { field, expr: predicate({ field, op: 'regex', values: [regexValue(one)], cased: true }) };
    case 'isempty':
    case 'isnotempty': {
      if (!options.emptiness || rest.length !== 0) return undefined;
      const empty = or([
        predicate({ field, op: 'null' }),
        predicate({ field, op: 'eq', values: [str('')], cased: true }),
      ]);
      return { field, expr: term.name === 'isempty' ? empty : not(empty) };
    }
    default: {
      const s = stringOperator(term.name);
      if (!s || one === undefined) return undefined;
      const test = predicate({ field, op: s.op, values: [str(one)], cased: s.cased });
      return { field, expr: s.negated ? not(test) : test };
    }
  }
}
