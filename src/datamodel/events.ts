import type { DataModel, HubLogsource } from './types.js';
import { findCategory, modelField } from './map.js';

type Event = Record<string, unknown>;

function basename(value: unknown, separator: string): unknown {
  return typeof value === 'string' ? value.slice(value.lastIndexOf(separator) + 1) : value;
}

/**
 * An event in the hub's field names (a Sigma-taxonomy event, such as a Sysmon record) as the target model
 * would record it: fields renamed, values rewritten, the selector fields the model's queries test set, and
 * basename fields derived. Fields the model has no name for are left out: a translated rule cannot read them.
 * The evaluator reads fields a KQL query extracts from XML (`parse EventData …`) as fields of the event.
 * Used to check a translation on the same events as its source (`rulestone verify`).
 */
export function eventToModel(
  event: Event,
  model: DataModel | null,
  logsource: HubLogsource,
): Event | undefined {
  if (model === null) return event;
  const entry = findCategory(model, logsource);
  if (!entry) return undefined;
  const out: Event = {};
  for (const hub of Object.keys(event)) {
    const field = modelField(entry, hub);
    if (field === undefined) continue;
    const value = event[hub];
    const rewrite = entry.values?.[hub]?.find(
      (r) => String(r.hub).toLowerCase() === String(value).toLowerCase(),
    );
    out[field] = rewrite ? rewrite.model[0] : value;
  }
  // The event's own values win: a hub event that says where it came from (Channel) keeps saying it.
  for (const condition of entry.source.where) out[condition.field] ??= condition.values[0];
  for (const b of entry.basenames ?? []) if (b.of in event) out[b.field] = basename(event[b.of], b.separator);
  for (const [modelField, hub] of Object.entries(entry.keyAliases ?? {}))
    if (hub in event) out[modelField] = event[hub];
  return out;
}
