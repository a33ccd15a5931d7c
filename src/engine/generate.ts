import type { Expr, Pattern, Predicate, Value } from '../ir/types.js';
import { conjuncts, isWildcard, normalizeExpr, normalizePattern } from '../ir/index.js';
import { expandTransforms } from '../lower/transforms.js';

/**
 * Events made from a rule's filter: one that matches, and near misses that each break one condition of it.
 * They let `verify` check a translation on any single-event rule without hand-written fixtures. Generation
 * is best effort (a regex, say, yields no event); the caller runs the evaluator to keep only events that do
 * what they claim.
 */
export type Event = Record<string, unknown>;

/** A value that no ordinary pattern matches, for "this field must not match". */
const NO_MATCH = 'rulestone-no-match-\u0394';

function instantiate(pattern: Pattern): string {
  return normalizePattern(pattern)
    .map((part) =>
      typeof part === 'string' ? part : isWildcard(part) ? (part.wildcard === '?' ? 'x' : '') : 'x',
    )
    .join('');
}

function firstAddress(cidr: string): string {
  return cidr.split('/')[0] as string;
}

/** A value that satisfies one value of a predicate, or undefined when none can be made. */
function satisfying(p: Predicate, value: Value): unknown {
  switch (value.type) {
    case 'string': {
      const patterns = p.transforms.length ? expandTransforms(value.pattern, p.transforms) : [value.pattern];
      const pattern = patterns[0];
      if (!pattern) return undefined;
      const text = instantiate(pattern);
      if (p.op === 'contains') return `a${text}z`;
      if (p.op === 'startswith') return `${text}z`;
      if (p.op === 'endswith') return `a${text}`;
      return p.op === 'eq' || p.op === 'term' ? text : undefined;
    }
    case 'number':
      if (p.op === 'gt') return value.value + 1;
      if (p.op === 'lt') return value.value - 1;
      return value.value;
    case 'boolean':
      return value.value;
    case 'cidr':
      return firstAddress(value.cidr);
    default:
      return undefined;
  }
}

/**
 * One field's part in an event. `soft` marks what only keeps a negated condition false: a hard constraint on
 * the same field wins, and the evaluator later drops the event if that made it wrong.
 */
type Constraint = ({ field: string; value: unknown } | { field: string; absent: true }) & { soft?: boolean };

/** Constraints that make a predicate true (or false, when negated), or null when none can be made. */
function constraintsFor(p: Predicate, negated: boolean): Constraint[] | null {
  if (p.field === null || p.datePart !== undefined) return null;
  const field = p.field;
  if (p.op === 'exists') return [negated ? { field, absent: true } : { field, value: 'x' }];
  if (p.op === 'null') return [negated ? { field, value: 'x' } : { field, absent: true }];
  if (negated) {
    if (p.op === 'lt' || p.op === 'lte' || p.op === 'gt' || p.op === 'gte') {
      const n = p.values[0]?.type === 'number' ? p.values[0].value : 0;
      return [{ field, value: p.op === 'lt' || p.op === 'lte' ? n + 1 : n - 1, soft: true }];
    }
    if (p.op === 'cidr') return [{ field, value: '203.0.113.77', soft: true }];
    if (p.values.some((v) => v.type === 'fieldref')) return null;
    return [{ field, value: NO_MATCH, soft: true }];
  }
  const first = p.values[0];
  if (!first) return null;
  if (first.type === 'fieldref')
    return [
      { field, value: 'same' },
      { field: first.field, value: 'same' },
    ];
  if (p.matchAll && p.values.length > 1) {
    // Every value at once: their texts side by side satisfy substring patterns.
    const parts = p.values.map((v) => satisfying(p, v));
    if (parts.some((x) => typeof x !== 'string')) return null;
    return [{ field, value: parts.join(' ') }];
  }
  const value = satisfying(p, first);
  return value === undefined ? null : [{ field, value }];
}

/** Constraints for an expression to be true (negated: false), pushing negation inwards. */
function solve(expr: Expr, negated: boolean): Constraint[] | null {
  switch (expr.kind) {
    case 'const':
      return expr.value !== negated ? [] : null;
    case 'computed':
      return null;
    case 'predicate':
      return constraintsFor(expr, negated);
    case 'not':
      return solve(expr.item, !negated);
    case 'and':
    case 'or': {
      const conjunction = (expr.kind === 'and') !== negated;
      if (conjunction) {
        const all: Constraint[] = [];
        for (const item of expr.items) {
          const c = solve(item, negated);
          if (!c) return null;
          all.push(...c);
        }
        return consistent(all) ? all : null;
      }
      for (const item of expr.items) {
        const c = solve(item, negated);
        if (c) return c;
      }
      return null;
    }
  }
}

function consistent(constraints: Constraint[]): boolean {
  const seen = new Map<string, string>();
  for (const c of constraints) {
    if (c.soft) continue;
    const key = 'absent' in c ? '<absent>' : JSON.stringify(c.value);
    const before = seen.get(c.field);
    if (before !== undefined && before !== key) return false;
    seen.set(c.field, key);
  }
  return true;
}

function toEvent(constraints: Constraint[]): Event {
  const event: Event = {};
  const hard = new Set(constraints.filter((c) => !c.soft).map((c) => c.field));
  for (const c of constraints) {
    if (c.soft && hard.has(c.field)) continue;
    if ('absent' in c) delete event[c.field];
    else event[c.field] = c.value;
  }
  return event;
}

export interface GeneratedEvents {
  /** An event the filter should select, or undefined when none could be made. */
  match?: Event;
  /** Events equal to `match` but for one top-level condition, made false. */
  nearMisses: Event[];
}

export function generateEvents(filter: Expr): GeneratedEvents {
  const normal = normalizeExpr(filter);
  const positive = solve(normal, false);
  if (!positive) return { nearMisses: [] };
  const match = toEvent(positive);
  const nearMisses: Event[] = [];
  const parts = conjuncts(normal);
  if (parts.length > 1) {
    parts.forEach((part, i) => {
      const others = parts.filter((_, k) => k !== i).map((p) => solve(p, false));
      const broken = solve(part, true);
      if (!broken || others.some((o) => o === null)) return;
      const all = [...(others.flat() as Constraint[]), ...broken];
      if (consistent(all)) nearMisses.push(toEvent(all));
    });
  } else {
    const broken = solve(normal, true);
    if (broken) nearMisses.push(toEvent(broken));
  }
  return { match, nearMisses };
}
