import type { SearchQuery } from '../../ir/types.js';
import { fieldsOf } from '../../ir/normalize.js';
import type { KqlStage } from './lower.js';

/**
 * The columns a KQL search computes in its stages (`extend X = tolower(Y)`, `parse … with X`) and then tests.
 * Columns read out of the event's XML (`extract(…, EventData)`, `parse EventData`) are the event's own data
 * fields, not computed. Other dialects, data models and the evaluator know events' own fields only.
 */
export function computedColumnsTested(search: SearchQuery): string[] {
  const stages = (search.source.native.stages ?? []) as KqlStage[];
  const computed = new Set<string>();
  for (const stage of stages) {
    const data = new Set(stage.eventDataFields ?? []);
    for (const column of stage.defines) if (!data.has(column)) computed.add(column);
  }
  if (computed.size === 0) return [];
  return [...fieldsOf(search.filter)].filter((field) => computed.has(field.split('.')[0] as string));
}
