/**
 * A rule whose one query reads several log sources (an EQL `any where` over file and process events), for a
 * target whose rules have one log source each (Sigma) or whose queries read one table each (KQL, which unions
 * them): one rule per event category, each the query as it reads that category's events. Together they alert on
 * exactly what the source alerts on.
 */
import type { Rule } from '../ir/types.js';
import { byCategory } from '../datamodel/map.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** The code of the mapping error that asks for a split. */
export const SEVERAL_LOGSOURCES = 'mapping/several-logsources';

/** The rule per event category it reads, or undefined where it is not such a rule. */
export function splitByCategory(rule: Rule): Rule[] | undefined {
  if (rule.query.kind !== 'search') return undefined;
  const parts = byCategory(rule.query);
  if (parts.length < 2) return undefined;
  return parts.map(({ category, query }) => ({
    ...rule,
    meta: { ...rule.meta, title: `${rule.meta.title} (${category} events)` },
    query,
    provenance: { ...rule.provenance, part: category },
  }));
}

export function splitNote(parts: Rule[], dialect: string): Diagnostic {
  const categories = parts.map((p) => p.provenance.part).join(', ');
  const written =
    dialect === 'kql'
      ? `the union of ${parts.length} queries, one per category (each of its own table)`
      : `${parts.length} rules, one per category, which together alert on what it alerts on: deploy them together`;
  return {
    severity: 'warning',
    code: `${dialect}/split-by-logsource`,
    message: `the query reads several log sources at once (event categories ${categories}); a ${dialect} query of one log source reads one, so it is written as ${written}`,
  };
}
