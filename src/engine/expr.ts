/** Boolean structure of a filter, compiled into one closure per node (two-valued logic; see docs/engine.md). */
import type { Expr } from '../ir/types.js';
import { compileComputed, compileComputedTruth } from './computed/index.js';
import { MISSING, fieldReader } from './fields.js';
import { EngineError } from './errors.js';
import { compilePredicate, type EventTest, type PredicateOptions } from './predicate.js';

/** Deeper boolean nesting than this is refused rather than risking the call stack at compile or match time. */
export const MAX_EXPR_DEPTH = 2000;

export function compileExpr(expr: Expr, options: PredicateOptions = {}, depth = 0): EventTest {
  if (options.logic === 'three-valued' && depth === 0) {
    const truth = compileTruth(expr, options, 0);
    return (e) => truth(e) === TRUE;
  }
  if (depth > MAX_EXPR_DEPTH)
    throw new EngineError('unsupported', `filter nests deeper than ${MAX_EXPR_DEPTH} levels`);
  switch (expr.kind) {
    case 'const': {
      const value = expr.value;
      return () => value;
    }
    case 'predicate':
      return compilePredicate(expr, options);
    case 'computed':
      return compileComputed(expr, options.now);
    case 'not': {
      const inner = compileExpr(expr.item, options, depth + 1);
      return (e) => !inner(e);
    }
    case 'and': {
      const items = expr.items.map((i) => compileExpr(i, options, depth + 1));
      if (items.length === 1) return items[0] as EventTest;
      if (items.length === 2) {
        const [a, b] = items as [EventTest, EventTest];
        return (e) => a(e) && b(e);
      }
      if (items.length === 3) {
        const [a, b, c] = items as [EventTest, EventTest, EventTest];
        return (e) => a(e) && b(e) && c(e);
      }
      return (e) => {
        for (const t of items) if (!t(e)) return false;
        return true;
      };
    }
    case 'or': {
      const items = expr.items.map((i) => compileExpr(i, options, depth + 1));
      if (items.length === 1) return items[0] as EventTest;
      return (e) => {
        for (const t of items) if (t(e)) return true;
        return false;
      };
    }
  }
}

// Three-valued (Kleene) logic, as Elasticsearch EQL evaluates conditions.
const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Truth = 0 | 1 | 2;
type TruthTest = (event: unknown) => Truth;

/** Predicates that compare a value are unknown when the field is missing or null; exists/null never are. */
function predicateTruth(p: Extract<Expr, { kind: 'predicate' }>, options: PredicateOptions): TruthTest {
  const test = compilePredicate(p, options);
  if (p.field === null || p.op === 'exists' || p.op === 'null') return (e) => (test(e) ? TRUE : FALSE);
  const read = fieldReader(p.field);
  return (e) => {
    const v = read(e);
    if (v === MISSING || v === null) return UNKNOWN;
    return test(e) ? TRUE : FALSE;
  };
}

function compileTruth(expr: Expr, options: PredicateOptions, depth: number): TruthTest {
  if (depth > MAX_EXPR_DEPTH)
    throw new EngineError('unsupported', `filter nests deeper than ${MAX_EXPR_DEPTH} levels`);
  switch (expr.kind) {
    case 'const': {
      const value: Truth = expr.value ? TRUE : FALSE;
      return () => value;
    }
    case 'predicate':
      return predicateTruth(expr, options);
    case 'computed':
      return compileComputedTruth(expr, options.now);
    case 'not': {
      const inner = compileTruth(expr.item, options, depth + 1);
      return (e) => {
        const t = inner(e);
        return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
      };
    }
    case 'and': {
      const items = expr.items.map((i) => compileTruth(i, options, depth + 1));
      return (e) => {
        let result: Truth = TRUE;
        for (const t of items) {
          const v = t(e);
          if (v === FALSE) return FALSE;
          if (v === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    case 'or': {
      const items = expr.items.map((i) => compileTruth(i, options, depth + 1));
      return (e) => {
        let result: Truth = FALSE;
        for (const t of items) {
          const v = t(e);
          if (v === TRUE) return TRUE;
          if (v === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
  }
}
