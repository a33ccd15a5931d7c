import type { Expr, Predicate } from '../ir/types.js';
import { fidelitiesUnder } from '../ir/normalize.js';
import type { Diagnostic, Severity } from './diagnostics.js';

type Direction = 'broader' | 'narrower';

/**
 * One note for each fidelity a change to some predicates gives the filters: its own where a changed predicate is
 * asserted, the opposite under a negation. `message` is asked after every filter has been walked.
 */
export function fidelityNotes(
  filters: Expr[],
  change: (p: Predicate) => Direction | undefined,
  note: { code: string; severity: Severity; message: (fidelity: Direction) => string },
): Diagnostic[] {
  const found = new Set<Direction>();
  for (const filter of filters) for (const fidelity of fidelitiesUnder(filter, change)) found.add(fidelity);
  return [...found].map((fidelity) => ({
    severity: note.severity,
    code: note.code,
    message: note.message(fidelity),
    fidelity,
  }));
}
