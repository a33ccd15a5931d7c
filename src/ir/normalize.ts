import type { Expr, Predicate, Query, Rule, SearchQuery, Step, Value } from './types.js';
import { normalizePattern, wrapPattern } from './pattern.js';
import { stableStringify } from './stable-json.js';

/**
 * The canonical normal form of an expression: boolean structure flattened, single-value predicates,
 * substring operators spelled as wildcard patterns, children sorted and deduplicated, labels and positions
 * dropped. Two expressions that select the same events by construction have the same normal form; the
 * converse is not attempted (that would be a solver).
 */
export function normalizeExpr(expr: Expr): Expr {
  switch (expr.kind) {
    case 'const':
      return { kind: 'const', value: expr.value };
    case 'computed':
      return { kind: 'computed', dialect: expr.dialect, term: expr.term };
    case 'predicate':
      return normalizePredicate(expr);
    case 'not': {
      const inner = normalizeExpr(expr.item);
      if (inner.kind === 'not') return inner.item;
      if (inner.kind === 'const') return { kind: 'const', value: !inner.value };
      return { kind: 'not', item: inner };
    }
    case 'and':
    case 'or':
      return normalizeJunction(expr.kind, expr.items.map(normalizeExpr));
  }
}

function normalizeJunction(kind: 'and' | 'or', items: Expr[]): Expr {
  const identity = kind === 'and';
  const flat: Expr[] = [];
  for (const item of items) {
    if (item.kind === kind) flat.push(...item.items);
    else if (item.kind === 'const') {
      if (item.value !== identity) return { kind: 'const', value: !identity };
    } else flat.push(item);
  }
  const byKey = new Map<string, Expr>();
  for (const item of flat) byKey.set(stableStringify(item), item);
  const sorted = [...byKey.keys()].sort().map((k) => byKey.get(k) as Expr);
  if (sorted.length === 0) return { kind: 'const', value: identity };
  if (sorted.length === 1) return sorted[0] as Expr;
  return { kind, items: sorted };
}

function normalizeValue(value: Value): Value {
  switch (value.type) {
    case 'string':
      return { type: 'string', pattern: normalizePattern(value.pattern) };
    case 'regex':
      return {
        type: 'regex',
        pattern: value.pattern,
        flags: { i: value.flags.i, m: value.flags.m, s: value.flags.s },
        flavour: value.flavour,
        anchored: value.anchored,
      };
    default:
      return { ...value };
  }
}

function hasLetterCase(value: Value): boolean {
  if (value.type !== 'string') return true;
  return value.pattern.some((part) => typeof part === 'string' && part.toLowerCase() !== part.toUpperCase());
}

function isStringLike(value: Value): boolean {
  return value.type === 'string' || value.type === 'fieldref';
}

function normalizePredicate(p: Predicate): Expr {
  const single = (value: Value | undefined): Predicate => {
    let op = p.op;
    let normalized = value === undefined ? undefined : normalizeValue(value);
    if (
      normalized?.type === 'string' &&
      p.transforms.length === 0 &&
      (op === 'contains' || op === 'startswith' || op === 'endswith')
    ) {
      normalized = { type: 'string', pattern: wrapPattern(normalized.pattern, op) };
      op = 'eq';
    }
    // Case only matters where strings are compared as text and hold letters that have two cases; a regex
    // carries its own `i` flag.
    const cased =
      op === 'regex'
        ? true
        : normalized !== undefined && isStringLike(normalized) && hasLetterCase(normalized)
          ? p.cased
          : false;
    const out: Predicate = {
      kind: 'predicate',
      field: p.field,
      op,
      values: normalized === undefined ? [] : [normalized],
      matchAll: false,
      cased,
      transforms: [...p.transforms],
    };
    if (p.datePart !== undefined) out.datePart = p.datePart;
    return out;
  };
  if (p.values.length <= 1) return single(p.values[0]);
  return normalizeJunction(
    p.matchAll ? 'and' : 'or',
    p.values.map((v) => single(v)),
  );
}

function normalizeStep(step: Step): Step {
  const out: Step = { query: normalizeQuery(step.query) };
  if (step.runs !== undefined) out.runs = step.runs;
  if (step.missing) out.missing = true;
  if (step.ref !== undefined) {
    // How a referenced rule was written (inline or by reference) is layout, not meaning; its identity stays.
    out.ref = {
      inline: true,
      ...(step.ref.id ? { id: step.ref.id } : {}),
      ...(step.ref.name ? { name: step.ref.name } : {}),
    };
  }
  return out;
}

export function normalizeQuery(query: Query): Query {
  switch (query.kind) {
    case 'search':
      return { kind: 'search', source: query.source, filter: normalizeExpr(query.filter) };
    case 'filter':
      return { ...query, filter: normalizeExpr(query.filter) };
    case 'sequence':
      return {
        ...query,
        steps: query.steps.map(normalizeStep),
        ...(query.until ? { until: normalizeStep(query.until) } : {}),
      };
    case 'temporal':
    case 'aggregate':
      return { ...query, steps: query.steps.map(normalizeStep) };
    case 'opaque':
      return { ...query };
  }
}

/** A rule in normal form; provenance (file, position) is not part of a rule's meaning and is dropped. */
export function normalizeRule(rule: Rule): Omit<Rule, 'provenance'> {
  return { meta: rule.meta, query: normalizeQuery(rule.query), output: rule.output };
}

/** Structural equality of two rules' normal forms. */
export function sameRule(a: Rule, b: Rule): boolean {
  return stableStringify(normalizeRule(a)) === stableStringify(normalizeRule(b));
}

export function sameExpr(a: Expr, b: Expr): boolean {
  return stableStringify(normalizeExpr(a)) === stableStringify(normalizeExpr(b));
}

/** The first place two normal forms differ, as a JSON path with both sides, for test failures and reports. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (stableStringify(a) === stableStringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    for (const key of [...keys].sort()) {
      const diff = firstDifference(ra[key], rb[key], Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
      if (diff) return diff;
    }
  }
  return `${path}: ${stableStringify(a)} ≠ ${stableStringify(b)}`;
}

/** The searches of a query, through every step of a multi-event query (none for opaque queries and filters). */
export function searchesOf(query: Query): SearchQuery[] {
  if (query.kind === 'search') return [query];
  if (query.kind === 'sequence' || query.kind === 'temporal' || query.kind === 'aggregate') {
    return query.steps.flatMap((s) => searchesOf(s.query));
  }
  return [];
}

/** Every field an expression reads: the fields its predicates test and those they compare with. */
export function fieldsOf(expr: Expr, out: Set<string> = new Set()): Set<string> {
  if (expr.kind === 'and' || expr.kind === 'or') for (const i of expr.items) fieldsOf(i, out);
  else if (expr.kind === 'not') fieldsOf(expr.item, out);
  else if (expr.kind === 'predicate') {
    if (expr.field !== null) out.add(expr.field);
    for (const v of expr.values) if (v.type === 'fieldref') out.add(v.field);
  }
  return out;
}

/**
 * The fidelity a change to one predicate gives the whole expression, for each predicate `changes` names: its own
 * where the predicate stands un-negated, the opposite under an odd number of negations (a test that finds less
 * makes its negation find more). Each fidelity is given once.
 */
export function fidelitiesUnder(
  expr: Expr,
  changes: (p: Predicate) => 'broader' | 'narrower' | undefined,
): Set<'broader' | 'narrower'> {
  const found = new Set<'broader' | 'narrower'>();
  const walk = (e: Expr, negated: boolean): void => {
    if (e.kind === 'and' || e.kind === 'or') for (const i of e.items) walk(i, negated);
    else if (e.kind === 'not') walk(e.item, !negated);
    else if (e.kind === 'predicate') {
      const own = changes(e);
      if (own) found.add(negated ? (own === 'broader' ? 'narrower' : 'broader') : own);
    }
  };
  walk(expr, false);
  return found;
}

/** The top-level conditions of an expression, nested `and`s flattened: each must hold for it to hold. */
export function conjuncts(expr: Expr): Expr[] {
  return expr.kind === 'and' ? expr.items.flatMap(conjuncts) : [expr];
}
