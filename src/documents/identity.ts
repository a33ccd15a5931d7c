/**
 * Ids and provenance of converted rules. A rule converted into another format gets a new id, derived
 * (UUIDv5) from its source id and the target, and a `related` link of type `derived` back to the source id,
 * as Sigma's specification does it. Converting into the format the rule came from keeps its id.
 */
import type { Rule } from '../ir/types.js';
import { derivedRuleId, uuidV5 } from './ids.js';

/** The platform family a document format belongs to: converting within a family keeps the id. */
export type Platform = 'sigma' | 'elastic' | 'sentinel';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function derivedFallbackId(rule: Rule): string {
  return uuidV5(`untitled:${rule.meta.title}`);
}

/** The family a rule was read from, from the side channels the readers leave. */
export function sourcePlatform(rule: Rule): Platform {
  if (rule.meta.extensions.elastic) return 'elastic';
  if (rule.meta.extensions.sentinel) return 'sentinel';
  if (rule.provenance.dialect === 'eql') return 'elastic';
  if (rule.provenance.dialect === 'kql') return 'sentinel';
  return 'sigma';
}

/**
 * The rule as it should be written into `target`: for another platform a fresh, stable id and a `derived`
 * link to the source id; the source platform's own side channel stays (it is ignored by other writers).
 */
export function forPlatform(rule: Rule, target: Platform): Rule {
  if (sourcePlatform(rule) === target) return rule;
  const meta = { ...rule.meta };
  const sourceId = meta.id;
  if (sourceId !== undefined) {
    // Each part of a source rule written as several gets an id of its own, all linked to the source.
    meta.id = derivedRuleId(
      sourceId,
      rule.provenance.part === undefined ? target : `${target}/${rule.provenance.part}`,
    );
    // Sigma's related ids are UUIDs; a source id that is not one (a detection-rules rule_id with a typo) still
    // fixes the derived id, but cannot be linked.
    const linkable = target !== 'sigma' || UUID.test(sourceId);
    if (linkable && !meta.related.some((r) => r.id === sourceId && r.type === 'derived'))
      meta.related = [...meta.related, { id: sourceId, type: 'derived' }];
  }
  return { ...rule, meta };
}
