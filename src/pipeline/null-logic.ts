import type { Expr, Query } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { conjuncts, searchesOf } from '../ir/normalize.js';

/** Whether a predicate only tests presence (`x != null`, `x|exists`), which both logics answer alike. */
function isPresenceTest(expr: Expr): boolean {
  return expr.kind === 'predicate' && (expr.op === 'exists' || expr.op === 'null');
}

/** Fields a search requires to be present at its top level (`process.executable != null and …`). */
function requiredFields(filter: Expr): Set<string> {
  const out = new Set<string>();
  for (const c of conjuncts(filter)) {
    const inner = c.kind === 'not' ? c.item : c;
    if (inner.kind !== 'predicate' || inner.field === null) continue;
    if ((c.kind === 'not' && inner.op === 'null') || (c.kind === 'predicate' && inner.op === 'exists')) {
      out.add(inner.field);
    }
  }
  return out;
}

function negatedFields(expr: Expr, negated: boolean, out: Set<string>): Set<string> {
  if (expr.kind === 'and' || expr.kind === 'or') for (const i of expr.items) negatedFields(i, negated, out);
  else if (expr.kind === 'not') negatedFields(expr.item, !negated, out);
  else if (expr.kind === 'predicate' && negated && expr.field !== null && !isPresenceTest(expr))
    out.add(expr.field);
  return out;
}

/**
 * EQL compares a missing field as null and its `not` of null is null, so `not process.name : "x"` does not
 * select events without `process.name`; Sigma and KQL negations do. A rule read from EQL and written in a
 * two-valued dialect is therefore broader wherever it negates a condition on a field it does not require.
 */
export function nullLogicNotes(query: Query, from: string, to: string): Diagnostic[] {
  if (from !== 'eql' || to === 'eql') return [];
  const fields = new Set<string>();
  for (const { filter } of searchesOf(query)) {
    const required = requiredFields(filter);
    for (const f of negatedFields(filter, false, new Set())) if (!required.has(f)) fields.add(f);
  }
  if (fields.size === 0) return [];
  const list = [...fields].slice(0, 3).join(', ') + (fields.size > 3 ? ' …' : '');
  return [
    {
      severity: 'info',
      code: 'fidelity/missing-under-not',
      message: `a negated condition on ${list} also selects events that lack the field in ${to}, where EQL compares a missing field as null and does not select them`,
      fidelity: 'broader',
    },
  ];
}
