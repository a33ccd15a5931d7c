/**
 * Comparing what two rules select over the same events, for `rulestone verify`: a translation must select
 * the same results as its source, a broader one a superset, a narrower one a subset. Results are identified
 * by the input positions of their events (one position for a single-event match, the tuple for a sequence).
 */
import type { EvaluationResult } from './evaluate.js';

export type Relation = 'same' | 'broader' | 'narrower' | 'different';

export interface Comparison {
  /** How the second result relates to the first: `broader` means it selects everything the first does and more. */
  relation: Relation;
  /** Results only the first selected, and only the second, as event-position tuples. */
  onlyFirst: number[][];
  onlySecond: number[][];
  common: number;
}

function identities(result: EvaluationResult): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of result.matches) out.set(String(m.index), [m.index]);
  for (const s of result.sequences) {
    const indexes = s.events.map((e) => e.index);
    out.set(indexes.join(','), indexes);
  }
  return out;
}

export function compareResults(first: EvaluationResult, second: EvaluationResult): Comparison {
  const a = identities(first);
  const b = identities(second);
  const onlyFirst = [...a].filter(([k]) => !b.has(k)).map(([, v]) => v);
  const onlySecond = [...b].filter(([k]) => !a.has(k)).map(([, v]) => v);
  return {
    relation: relationOf(onlyFirst, onlySecond),
    onlyFirst,
    onlySecond,
    common: a.size - onlyFirst.length,
  };
}

/** How a second result relates to a first, from what each alone selects. */
export function relationOf(onlyFirst: unknown[], onlySecond: unknown[]): Relation {
  if (onlyFirst.length === 0) return onlySecond.length === 0 ? 'same' : 'broader';
  return onlySecond.length === 0 ? 'narrower' : 'different';
}
