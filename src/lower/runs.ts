/**
 * An EQL sequence of one step repeated N times (`sequence by k with maxspan=10s [a] with runs=3`) finds N events of
 * that step per group within the span: what a count of at least N per group within the window finds (Sigma
 * `event_count`, KQL `summarize count()`), which dialects without `runs` can say. Sequences of several steps
 * keep their runs (a count cannot say where in the order they stand).
 */
import type { AggregateQuery, Query, Rule } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';

function asCount(query: Query): AggregateQuery | undefined {
  if (query.kind !== 'sequence' || query.until || query.steps.length !== 1) return undefined;
  const [step] = query.steps;
  if (!step || step.missing || (step.runs ?? 1) < 2) return undefined;
  const { runs, ...once } = step;
  return {
    kind: 'aggregate',
    function: 'count',
    keys: query.keys,
    ...(query.maxspan ? { window: query.maxspan } : {}),
    steps: [once],
    condition: { gte: runs as number },
  };
}

/** The rule with a one-step repeated sequence written as a count, and a note saying so. */
export function runsAsCount(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  const query = asCount(rule.query);
  if (!query) return { rule, diagnostics: [] };
  return {
    rule: { ...rule, query },
    diagnostics: [
      {
        severity: 'info',
        code: 'lower/runs-as-count',
        message: `a sequence of one step repeated ${query.condition.gte} times (EQL runs) is written as a count of at least ${query.condition.gte} such events per group within the window`,
      },
    ],
  };
}
