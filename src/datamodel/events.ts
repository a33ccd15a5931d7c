import type { DataModel, HubLogsource } from './types.js';
import type { CategoryModel } from './types.js';
import { findCategory, inverseField, modelField } from './map.js';

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

/** An event's fields by dotted path: nested objects are walked, arrays and scalars are values. */
function flatten(event: Event, prefix = '', out: Event = {}): Event {
  for (const [key, value] of Object.entries(event)) {
    const path = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Event, `${path}.`, out);
    else out[path] = value;
  }
  return out;
}

function hubValue(entry: CategoryModel, hub: string, value: unknown): unknown {
  const rewrite = entry.values?.[hub]?.find((r) =>
    r.model.some((m) => String(m).toLowerCase() === String(value).toLowerCase()),
  );
  return rewrite ? rewrite.hub : value;
}

/**
 * An event of a model (an ECS document, a Sentinel row) as the hub would record it, the inverse of
 * `eventToModel` for the entry a rule reads: fields renamed, values rewritten, selector fields dropped. A
 * field that holds the last part of a hub field (`process.name`) or one part of it (`process.args`) makes the
 * hub field end with it or contain it, so the event stays what it was to the rule. Fields the hub has no name
 * for are left out.
 */
export function eventToHub(event: Event, entry: CategoryModel, extracted: readonly string[] = []): Event {
  const flat = flatten(event);
  const out: Event = {};
  const selectors = new Set(entry.source.where.map((c) => c.field));
  for (const [field, value] of Object.entries(flat)) {
    if (selectors.has(field)) continue;
    const hub = inverseField(entry, field) ?? (extracted.includes(field) ? field : undefined);
    if (hub !== undefined) out[hub] = hubValue(entry, hub, value);
  }
  for (const b of entry.basenames ?? []) {
    const name = flat[b.field];
    if (typeof name !== 'string') continue;
    const path = out[b.of];
    const folder = typeof path === 'string' && path.includes(b.separator) ? path.slice(0, path.lastIndexOf(b.separator)) : '';
    if (typeof path !== 'string' || !path.endsWith(b.separator + name)) out[b.of] = `${folder}${b.separator}${name}`;
  }
  for (const p of entry.parts ?? []) {
    const parts = flat[p.field];
    const list = Array.isArray(parts) ? parts.map(String) : typeof parts === 'string' ? [parts] : [];
    if (list.length === 0) continue;
    const whole = typeof out[p.of] === 'string' ? (out[p.of] as string) : '';
    const missing = list.filter((part) => !whole.includes(part));
    if (missing.length) out[p.of] = [whole, ...missing].filter(Boolean).join(' ');
  }
  return out;
}
