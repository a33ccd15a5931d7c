import type { Expr } from './types.js';
import { sameExpr } from './normalize.js';

/** Constants folded into their junctions (`x and true` is `x`, `x or true` is `true`), at any depth. */
export function foldConstants(expr: Expr): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const items = expr.items.map(foldConstants);
      const absorbing = expr.kind === 'or';
      if (items.some((i) => i.kind === 'const' && i.value === absorbing))
        return { kind: 'const', value: absorbing };
      const rest = items.filter((i) => i.kind !== 'const');
      if (rest.length === 0) return { kind: 'const', value: !absorbing };
      if (rest.length === 1) return rest[0] as Expr;
      return { ...expr, items: rest };
    }
    case 'not': {
      const item = foldConstants(expr.item);
      return item.kind === 'const' ? { kind: 'const', value: !item.value } : { ...expr, item };
    }
    default:
      return expr;
  }
}

function unwrapped(expr: Expr): Expr {
  return (expr.kind === 'and' || expr.kind === 'or') && expr.items.length === 1
    ? unwrapped(expr.items[0] as Expr)
    : expr;
}

/** Whether a junction holds some item and that item's negation. */
function hasComplement(junctionItems: Expr[]): boolean {
  // A Sigma list of maps reads each map as a junction of its own, of one item here.
  const items = junctionItems.map(unwrapped);
  const negated = items.flatMap((i) => (i.kind === 'not' ? [i.item] : []));
  if (negated.length === 0) return false;
  return negated.some((n) => items.some((i) => i.kind !== 'not' && (i === n || sameExpr(i, n))));
}

/**
 * `x or not x` is true and `x and not x` false, whatever x tests: the IR's `not` is the complement (an event
 * without the field fails a test and passes its negation). Sigma has no constant, so rulestone writes a search
 * that matches every event as such a pair, and reads the pair back as the constant it stands for.
 */
export function foldComplements(expr: Expr): Expr {
  let found = false;
  const fold = (e: Expr): Expr => {
    if (e.kind === 'not') return { ...e, item: fold(e.item) };
    if (e.kind !== 'and' && e.kind !== 'or') return e;
    const items = e.items.map(fold);
    if (!hasComplement(items)) return { ...e, items };
    found = true;
    return { kind: 'const', value: e.kind === 'or' };
  };
  const folded = fold(expr);
  // Untouched where there was no pair: the reader's labels and positions stay as they were.
  return found ? foldConstants(folded) : expr;
}
