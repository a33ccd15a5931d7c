/**
 * An EQL sequence of one step repeated N times (`sequence by k with maxspan=10s [a] with runs=3`) finds N events of
 * that step per group within the span: what a count of at least N per group within the window finds (Sigma
 * `event_count`, KQL `summarize count()`), which dialects without `runs` can say.
 *
 * In a sequence of several steps, a repeated step becomes such a count, ordered before or after the other steps
 * (a Sigma temporal_ordered correlation of an event_count correlation and rules: Sigma lets correlations refer
 * to correlations). That is broader: the N events must fall within the span of each other, and the count within
 * the span of the other steps, so the whole may span up to twice the sequence's.
 */
import type { AggregateQuery, Duration, JoinKey, Query, Rule, SequenceQuery, Step } from '../ir/types.js';
import { durationSeconds } from '../ir/duration.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** A repeated step as a count of at least that many of its events per group, within the sequence's span. */
function repeatedCount(step: Step, keys: JoinKey[], maxspan: Duration | undefined): AggregateQuery {
  const { runs, ...once } = step;
  return {
    kind: 'aggregate',
    function: 'count',
    keys,
    ...(maxspan ? { window: maxspan } : {}),
    steps: [once],
    condition: { gte: runs as number },
  };
}

function asCount(query: Query): AggregateQuery | undefined {
  if (query.kind !== 'sequence' || query.until || query.steps.length !== 1) return undefined;
  const [step] = query.steps;
  if (!step || step.missing || (step.runs ?? 1) < 2) return undefined;
  return repeatedCount(step, query.keys, query.maxspan);
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

/** A repeated step of a sequence as a count of its events, grouped by the step's own key fields. */
function stepAsCount(step: Step, index: number, sequence: SequenceQuery): Step {
  if ((step.runs ?? 1) < 2) return step;
  const keys = sequence.keys.map((key) => ({ fields: [key.fields[index] as string] }));
  return { query: repeatedCount(step, keys, sequence.maxspan) };
}

/**
 * The rule with every repeated step written as a count: a one-step sequence becomes the count itself, a longer
 * one keeps its order over counts (broader, said), for targets that order correlations of correlations (Sigma).
 */
export function runsAsCounts(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  const single = runsAsCount(rule);
  if (single.rule !== rule) return single;
  const query = rule.query;
  if (query.kind !== 'sequence' || query.until || query.steps.some((s) => s.missing)) {
    return { rule, diagnostics: [] };
  }
  const repeated = query.steps.filter((s) => (s.runs ?? 1) > 1);
  if (repeated.length === 0) return { rule, diagnostics: [] };
  const steps = query.steps.map((step, i) => stepAsCount(step, i, query));
  return {
    rule: { ...rule, query: { ...query, steps } },
    diagnostics: [
      {
        severity: 'warning',
        code: 'lower/runs-as-count',
        message:
          'a repeated sequence step (EQL runs) is written as a count of at least that many such events within the span, ordered with the other steps: the count and the other steps each fall within the span, so the whole may span up to twice it',
        fidelity: 'broader',
      },
    ],
  };
}

/** A count step that says what EQL's `runs` says: at least N events of one step, by the sequence's keys. */
function countAsRuns(step: Step, index: number, sequence: SequenceQuery): Step | undefined {
  const count = step.query;
  if (count.kind !== 'aggregate' || count.function !== 'count' || step.runs !== undefined) return undefined;
  const { gte, ...others } = count.condition;
  const [inner] = count.steps;
  if (gte === undefined || gte < 2 || Object.keys(others).length || count.steps.length !== 1 || !inner) {
    return undefined;
  }
  if (inner.runs !== undefined || inner.missing || inner.query.kind !== 'search') return undefined;
  const sameKeys =
    count.keys.length === sequence.keys.length &&
    count.keys.every((key, k) => key.fields[0] === sequence.keys[k]?.fields[index]);
  const sameSpan =
    count.window === undefined ||
    (sequence.maxspan !== undefined && durationSeconds(count.window) === durationSeconds(sequence.maxspan));
  if (!sameKeys || !sameSpan) return undefined;
  return { ...inner, runs: gte };
}

/**
 * The rule with every step that counts at least N events of one step by the sequence's keys (a Sigma
 * temporal_ordered correlation of an event_count correlation) written as that step repeated N times (EQL
 * `runs`): narrower, as the repeated events and the other steps then fall within one span together.
 */
export function countsAsRuns(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  const query = rule.query;
  if (query.kind !== 'sequence') return { rule, diagnostics: [] };
  let changed = false;
  const steps = query.steps.map((step, i) => {
    const repeated = countAsRuns(step, i, query);
    if (!repeated) return step;
    changed = true;
    return repeated;
  });
  if (!changed) return { rule, diagnostics: [] };
  return {
    rule: { ...rule, query: { ...query, steps } },
    diagnostics: [
      {
        severity: 'warning',
        code: 'lower/count-as-runs',
        message:
          'a counted step of the ordered correlation is written as that step repeated (EQL runs): the repeated events and the other steps then fall within one span together, where the count and the other steps each fell within the span',
        fidelity: 'narrower',
      },
    ],
  };
}
