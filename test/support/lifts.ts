/** Shared by the computation-lift suites: what a rule selects, and whether a computation is left in it. */
import { evaluate } from '../../src/engine/index.js';
import type { Expr, Rule } from '../../src/ir/types.js';

/** Which of the events a rule selects, by index. */
export function selected(rule: Rule, events: Record<string, unknown>[]): number[] {
  return evaluate(rule, events)
    .matches.map((m) => m.index)
    .sort((a, b) => a - b);
}

/** Whether an expression still holds a computation no lift turned into a field test. */
export function computedLeft(expr: Expr): boolean {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.items.some(computedLeft);
    case 'not':
      return computedLeft(expr.item);
    default:
      return expr.kind === 'computed';
  }
}
