import type { Rule } from '../ir/types.js';
import type { DialectModule } from '../dialects/types.js';
import { fidelityOf, type Diagnostic, type Fidelity } from '../report/diagnostics.js';
import { compareResults, evaluate, windowsEventView, EngineError, type Comparison } from '../engine/index.js';
import { eventToModel, HUB } from '../datamodel/index.js';
import { translateRule } from './convert.js';
import type { MappingOptions } from './mapping.js';

export interface Verification {
  ok: boolean;
  /** What the conversion claims: exact unless a step reported a broader or narrower translation. */
  expected: Fidelity;
  comparison?: Comparison;
  sourceMatches?: number;
  translationMatches?: number;
  diagnostics: Diagnostic[];
}

/** Whether a measured relation keeps the promise: exact must be same; broader a superset; narrower a subset. */
function keeps(expected: Fidelity, relation: Comparison['relation']): boolean {
  if (relation === 'same') return true;
  if (expected === 'broader') return relation === 'broader';
  if (expected === 'narrower') return relation === 'narrower';
  return expected === 'unsupported';
}

/**
 * Converts a Sigma rule, reads the printed translation back, and runs both over the same events: the source
 * over events in Sigma's taxonomy (SigmaHQ's rendering of Windows events is read as such), the translation
 * over those events as the target's data model records them. The translation must select the same events
 * when the conversion claimed exactness, a superset when it said broader, a subset when narrower.
 */
export function verifyRule(
  rule: Rule,
  target: DialectModule,
  events: unknown[],
  mapping: MappingOptions = {},
): Verification {
  const fail = (code: string, message: string, more: Diagnostic[] = []): Verification => ({
    ok: false,
    expected: 'exact',
    diagnostics: [...more, { severity: 'error', code, message }],
  });
  if (rule.query.kind !== 'search' || rule.query.source.model !== HUB) {
    return fail('verify/unsupported', 'verify checks single-event rules written in Sigma’s taxonomy for now');
  }
  const source = rule.query.source;
  const translation = translateRule(rule, target, mapping);
  if (!translation.rule)
    return fail(
      'verify/no-translation',
      `the rule could not be converted to ${target.dialect}`,
      translation.diagnostics,
    );
  const expected = fidelityOf(translation.diagnostics);
  const viewed = events.map(windowsEventView);
  const logsource = {
    ...(source.category ? { category: source.category } : {}),
    ...(source.product ? { product: source.product } : {}),
    ...(source.service ? { service: source.service } : {}),
  };
  const mapped = viewed.map(
    (e) => eventToModel(e as Record<string, unknown>, translation.model, logsource) ?? {},
  );
  try {
    const before = evaluate(rule, viewed);
    const after = evaluate(translation.rule, mapped);
    const comparison = compareResults(before, after);
    return {
      ok: keeps(expected, comparison.relation),
      expected,
      comparison,
      sourceMatches: before.count,
      translationMatches: after.count,
      diagnostics: translation.diagnostics,
    };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return fail(`engine/${error.code}`, error.message, translation.diagnostics);
  }
}
