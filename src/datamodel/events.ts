import type { DataModel, ElementsField, HubLogsource } from './types.js';
import type { CategoryModel } from './types.js';
import { findCategory, inverseField, listHolding, modelField } from './map.js';

type Event = Record<string, unknown>;

/** A field's value as a list: a list as it is, a single value as a list of one, no value as none. */
function listValue(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return [...value];
  return value === undefined || value === null ? undefined : [value];
}

function basename(value: unknown, separator: string): unknown {
  return typeof value === 'string' ? value.slice(value.lastIndexOf(separator) + 1) : value;
}

/** A hub field's value as the model writes it (its first rewrite), or as it is. */
function modelValue(entry: CategoryModel, hub: string, value: unknown): unknown {
  const rewrite = entry.values?.[hub]?.find(
    (r) => String(r.hub).toLowerCase() === String(value).toLowerCase(),
  );
  return rewrite ? rewrite.model[0] : value;
}

/**
 * An event in the hub's field names (a Sigma-taxonomy event, such as a Sysmon record) as the target model
 * would record it: fields renamed, values rewritten, the selector fields the model's queries test set, and
 * basename fields derived, positions gathered into the list that holds them (a0, a1 … into `process.args`), a
 * list kept one item per field spread over those fields (Data into param1, param2 …).
 * Fields the model has no name for are left out: a translated rule cannot read them.
 * The evaluator reads fields a KQL query extracts from XML (`parse EventData …`) as fields of the event.
 * Used to check a translation on the same events as its source (`rulestone verify`).
 */
export function eventToModel(
  event: Event,
  model: DataModel | null,
  logsource: HubLogsource,
  chosen?: CategoryModel,
): Event | undefined {
  if (model === null) return event;
  // The entry the translation was written through, where it is known (a profile may hold several per source).
  const entry = chosen ?? findCategory(model, logsource, undefined, event);
  if (!entry) return undefined;
  const out: Event = {};
  for (const hub of Object.keys(event)) {
    const field = modelField(entry, hub);
    if (field === undefined || listHolding(entry, hub)) continue;
    out[field] = modelValue(entry, hub, event[hub]);
  }
  // The positions in order, those with a field of their own too (a0 is also process.args' first element).
  for (const list of entry.elements ?? []) {
    const items = list.of.flatMap((hub) =>
      event[hub] === undefined || event[hub] === null ? [] : [event[hub]],
    );
    if (items.length) out[list.field] = items;
  }
  // A list kept one item per field spread over them in order; items past the last field go nowhere.
  for (const spread of entry.positions ?? []) {
    if (entry.fields[spread.of] !== undefined) continue;
    (listValue(event[spread.of]) ?? []).slice(0, spread.fields.length).forEach((item, i) => {
      if (item !== null && item !== undefined)
        out[spread.fields[i] as string] = modelValue(entry, spread.of, item);
    });
  }
  // A value said by a field's presence: none for the absent value, some text for any other.
  for (const [hub, presence] of Object.entries(entry.presence ?? {})) {
    const value = event[hub];
    if (value === undefined || value === null) continue;
    if (String(value).toLowerCase() === presence.absent) delete out[presence.field];
    else out[presence.field] ??= String(value) || presence.present;
  }
  // The event's own values win: a hub event that says where it came from (Channel) keeps saying it.
  for (const condition of entry.source.where) out[condition.field] ??= condition.values[0];
  // The hub's ids are unique across devices, the model's within one: a hub event is read as of one device.
  for (const [id, scopes] of Object.entries(entry.keyScopes ?? {})) {
    if (out[id] !== undefined) out[scopes[0] as string] ??= 'device';
  }
  // A hub id the model says by several fields (Defender's process id and creation time): the fields the event
  // gives keep their values (a process's own id), the others are made from the id, so that the same id is the
  // same combination, and another id another.
  for (const [hub, parts] of Object.entries(entry.keyParts ?? {})) {
    const id = event[hub];
    if (id === undefined || id === null || modelField(entry, hub) !== undefined) continue;
    for (const part of parts.fields)
      out[part] ??= entry.types?.[part] === 'number' ? idNumber(String(id)) : String(id);
    if (parts.scopes) out[parts.scopes[0] as string] ??= 'device';
  }
  for (const b of entry.basenames ?? []) if (b.of in event) out[b.field] = basename(event[b.of], b.separator);
  for (const [modelField, hub] of Object.entries(entry.keyAliases ?? {}))
    if (hub in event) out[modelField] = event[hub];
  for (const [hub, keys] of Object.entries(entry.keyed ?? {})) {
    const list = event[hub];
    if (typeof list !== 'string') continue;
    const byKey = new Map(Object.entries(keys).map(([k, f]) => [k.toLowerCase(), f]));
    for (const pair of list.split(',')) {
      const cut = pair.indexOf('=');
      const field = cut > 0 ? byKey.get(pair.slice(0, cut).trim().toLowerCase()) : undefined;
      if (field !== undefined) out[field] = pair.slice(cut + 1).trim();
    }
  }
  return out;
}

/** A number made from an id, the same for the same id (a process id for a hub process's GUID). */
function idNumber(id: string): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return (hash >>> 0) % 4194304;
}

/** An event's fields by dotted path: nested objects are walked, arrays and scalars are values. */
function flatten(event: Event, prefix = '', out: Event = {}): Event {
  for (const [key, value] of Object.entries(event)) {
    const path = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      flatten(value as Event, `${path}.`, out);
    else out[path] = value;
  }
  return out;
}

/**
 * Whether an event is one of the entry's: no selector or recognised field says otherwise (a process event
 * whose `event.action` is `fork` is no process start). A field the event lacks says nothing.
 */
function isOfEntry(flat: Event, entry: CategoryModel): boolean {
  // An EQL category is the event's `event.category` (ECS keeps a list): a file event is no process event.
  const category = entry.source.eqlCategory;
  if (category !== undefined && category !== 'any' && 'event.category' in flat) {
    const value = flat['event.category'];
    const given = (Array.isArray(value) ? value : [value]).map((v) => String(v).toLowerCase());
    if (!given.includes(category.toLowerCase())) return false;
  }
  const conditions = [...entry.source.where, ...(entry.source.recognised ?? [])];
  return conditions.every((c) => {
    if (!(c.field in flat)) return true;
    const value = flat[c.field];
    const given = (Array.isArray(value) ? value : [value]).map((v) =>
      c.cased ? String(v) : String(v).toLowerCase(),
    );
    const allowed = [...entry.source.where, ...(entry.source.recognised ?? [])]
      .filter((o) => o.field === c.field)
      .flatMap((o) => o.values.map((v) => (c.cased ? String(v) : String(v).toLowerCase())));
    return given.some((v) => allowed.includes(v));
  });
}

function hubValue(entry: CategoryModel, hub: string, value: unknown, field: string): unknown {
  const copy = entry.copies?.[field];
  const rewrites = (typeof copy === 'object' ? copy.values : undefined) ?? entry.values?.[hub];
  const rewrite = rewrites?.find((r) =>
    r.model.some((m) => String(m).toLowerCase() === String(value).toLowerCase()),
  );
  return rewrite ? rewrite.hub : value;
}

/** `whole` with its last part (after `separator`) being `part`: a path's file name, a file name's extension. */
function withLastPart(whole: string, part: string, separator: string): string {
  // An extension is the end of the last path component only.
  const from = separator === '.' ? Math.max(whole.lastIndexOf('\\'), whole.lastIndexOf('/')) + 1 : 0;
  const cut = whole.lastIndexOf(separator);
  if (cut >= from && cut >= 0) return whole.slice(0, cut + 1) + part;
  return `${whole}${separator}${part}`;
}

/**
 * A model event made consistent the way real events are, for checking translations on generated events: a
 * field that holds the last part of another (`process.name` of `process.executable`) or one part of it
 * (`process.args` of `process.command_line`) agrees with it. Where the whole is missing, it is made from the
 * part — unless the rule reads the whole (`process.executable != null`), in which case its absence is the
 * point and the part goes too. A list of positions and the fields that hold some of its positions on their own
 * (`process.args` and `process.executable`, both a0) agree the same way; see `consistentElements`. Returns the
 * event flattened to dotted paths.
 */
export function consistentEvent(event: Event, entry: CategoryModel, reads: ReadonlySet<string>): Event {
  const flat = flatten(event);
  for (const b of entry.basenames ?? []) {
    const name = flat[b.field];
    const wholeField = modelField(entry, b.of);
    if (typeof name !== 'string' || wholeField === undefined) continue;
    const whole = flat[wholeField];
    if (typeof whole === 'string') {
      if (!whole.endsWith(b.separator + name)) flat[wholeField] = withLastPart(whole, name, b.separator);
    } else if (reads.has(wholeField)) delete flat[b.field];
    else flat[wholeField] = b.separator + name;
  }
  for (const p of entry.parts ?? []) {
    const value = flat[p.field];
    const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
    const wholeField = modelField(entry, p.of);
    if (parts.length === 0 || wholeField === undefined) continue;
    const whole = flat[wholeField];
    if (typeof whole === 'string') {
      const missing = parts.filter((part) => !whole.includes(part));
      if (missing.length) flat[wholeField] = [whole, ...missing].join(' ');
    } else if (reads.has(wholeField)) delete flat[p.field];
    else flat[wholeField] = parts.join(' ');
  }
  for (const list of entry.elements ?? []) consistentElements(flat, entry, list, reads);
  return flat;
}

/**
 * A list of positions made to agree with the fields that hold some of its positions on their own: the field's
 * value is put at its position where the list has another there (a generated `process.args` of ["-i"] with
 * `process.executable` "chattr" is ["chattr", "-i"]), the list made from the field where missing, the field from
 * the list. Where the rule reads what is missing, its absence is the point: a list without its field keeps the
 * position unknown (null, as a truncated audit record leaves it), a field without its list goes.
 */
function consistentElements(
  flat: Event,
  entry: CategoryModel,
  list: ElementsField,
  reads: ReadonlySet<string>,
): void {
  let items = listValue(flat[list.field]);
  list.of.forEach((hub, i) => {
    const own = entry.fields[hub];
    if (own === undefined || own === list.field) return;
    const value = flat[own];
    const missing = value === undefined || value === null;
    if (items === undefined) {
      if (missing) return;
      if (reads.has(list.field)) delete flat[own];
      else items = [value];
    } else if (missing) {
      if (reads.has(own)) items.splice(i, 0, null);
      else if (i < items.length && items[i] !== null) flat[own] = items[i];
    } else if (items[i] !== value) items.splice(Math.min(i, items.length), 0, value);
  });
  if (items !== undefined) flat[list.field] = items;
}

/**
 * An event of a model (an ECS document, a Sentinel row) as the hub would record it, the inverse of
 * `eventToModel` for the entry a rule reads: fields renamed, values rewritten, items kept one per field gathered
 * into their list (a selector field with a hub name,
 * such as the event id, is kept: a rule may still test it).
 * Undefined for an event that is not of the entry's log source (a selector or recognised field says
 * otherwise). A field that only holds part of a hub field (`process.name`) is left to the field it is part of
 * (see `consistentEvent`); fields the hub has no name for are left out.
 */
export function eventToHub(
  event: Event,
  entry: CategoryModel,
  extracted: readonly string[] = [],
): Event | undefined {
  const flat = flatten(event);
  if (!isOfEntry(flat, entry)) return undefined;
  const out: Event = {};
  for (const [field, value] of Object.entries(flat)) {
    const hub = inverseField(entry, field) ?? (extracted.includes(field) ? field : undefined);
    if (hub !== undefined) out[hub] = hubValue(entry, hub, value, field);
  }
  // A list of positions spread back into them; a position with a field of its own has its value already.
  for (const list of entry.elements ?? []) {
    (listValue(flat[list.field]) ?? []).slice(0, list.of.length).forEach((item, i) => {
      if (item !== null && item !== undefined) out[list.of[i] as string] ??= item;
    });
  }
  // A list kept one item per field gathered back, in order.
  for (const spread of entry.positions ?? []) {
    if (entry.fields[spread.of] !== undefined) continue;
    const items = spread.fields.flatMap((f) =>
      flat[f] === undefined || flat[f] === null ? [] : [hubValue(entry, spread.of, flat[f], f)],
    );
    if (items.length && out[spread.of] === undefined) out[spread.of] = items;
  }
  // A process said by several fields (on its device), where the model has no one field for it: one id, the same
  // for the same combination.
  for (const [hub, parts] of Object.entries(entry.keyParts ?? {})) {
    if (out[hub] !== undefined || modelField(entry, hub) !== undefined) continue;
    if (!parts.fields.every((f) => flat[f] !== undefined && flat[f] !== null && flat[f] !== '')) continue;
    const scope = parts.scopes ? [flat[parts.scopes[0] as string] ?? ''] : [];
    out[hub] = [...scope, ...parts.fields.map((f) => flat[f])].map(String).join('|');
  }
  // A KEY=value list (Sysmon's Hashes) from the fields the model keeps per key.
  for (const [hub, keys] of Object.entries(entry.keyed ?? {})) {
    const pairs = Object.entries(keys).flatMap(([key, f]) =>
      typeof flat[f] === 'string' ? [`${key}=${flat[f] as string}`] : [],
    );
    if (pairs.length && out[hub] === undefined) out[hub] = pairs.join(',');
  }
  return out;
}
