/**
 * The machinery every document format shares: a format's fields are split into groups, each of which maps a
 * few document keys to one slice of RuleMeta and back. The reader applies `read`; the writer compares the
 * rule's slice with what the original keys (kept in the extension) would read as, and writes the original
 * keys verbatim when they agree. That is what makes X → IR → X exact while edits to the IR still win.
 */
import type { RuleMeta } from '../ir/types.js';
import { emptyMeta } from '../ir/build.js';
import { stableStringify } from '../ir/stable-json.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** Document keys as dotted paths from the document root: `rule.name`, `metadata.maturity`. */
export type RawFields = Record<string, unknown>;

export interface FieldContext {
  diagnostics: Diagnostic[];
  /** The document's original raw fields, when the rule was read from this format. */
  original?: RawFields;
  note(severity: Diagnostic['severity'], code: string, message: string, path?: string): void;
}

export interface FieldGroup {
  keys: string[];
  read(raw: RawFields, meta: RuleMeta, ctx: FieldContext): void;
  slice(meta: RuleMeta): unknown;
  write(meta: RuleMeta, ctx: FieldContext): RawFields;
}

export function same(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

export function makeContext(base: Partial<Diagnostic> = {}, original?: RawFields): FieldContext {
  const diagnostics: Diagnostic[] = [];
  return {
    diagnostics,
    ...(original ? { original } : {}),
    note(severity, code, message, path) {
      const d: Diagnostic = { ...base, severity, code, message };
      if (path !== undefined) d.path = path.split('.');
      diagnostics.push(d);
    },
  };
}

/** Raw values of the group keys that are present in the document. */
export function pickRaw(raw: RawFields, keys: string[]): RawFields {
  const out: RawFields = {};
  for (const key of keys) if (raw[key] !== undefined) out[key] = raw[key];
  return out;
}

export function readGroups(
  groups: FieldGroup[],
  raw: RawFields,
  meta: RuleMeta,
  ctx: FieldContext,
): RawFields {
  const original: RawFields = {};
  for (const group of groups) {
    group.read(raw, meta, ctx);
    Object.assign(original, pickRaw(raw, group.keys));
  }
  return original;
}

/** Each group's keys: the original values when the rule's slice is unchanged, else freshly written ones. */
export function writeGroups(
  groups: FieldGroup[],
  meta: RuleMeta,
  original: RawFields | undefined,
  ctx: FieldContext,
): RawFields {
  const out: RawFields = {};
  for (const group of groups) {
    // Keys the original lacked count too: a rule that still reads the same from their absence writes none.
    const kept = original ? pickRaw(original, group.keys) : {};
    if (original) {
      const again = emptyMeta(meta.title);
      group.read(kept, again, makeContext());
      if (same(group.slice(again), group.slice(meta))) {
        Object.assign(out, kept);
        continue;
      }
    }
    for (const [key, value] of Object.entries(group.write(meta, ctx)))
      if (value !== undefined) out[key] = value;
  }
  return out;
}

// --- small readers for loosely typed document values ------------------------------------------------------

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
}

export function asStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value))
    return value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  return typeof value === 'string' ? [value] : [];
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** `2020/11/06` (detection-rules) or `2020-11-06` → `2020-11-06`. */
export function isoDate(value: unknown): string | undefined {
  const text = asString(value);
  const match = text !== undefined ? /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(text.trim()) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** Flattens selected tables of a document into dotted keys, one level deep (`rule.name`). */
export function flatten(tables: Record<string, Record<string, unknown> | undefined>): RawFields {
  const out: RawFields = {};
  for (const [table, record] of Object.entries(tables)) {
    if (!record) continue;
    for (const [key, value] of Object.entries(record)) out[`${table}.${key}`] = value;
  }
  return out;
}

/** The keys of `record` that no group models, in their original order. */
export function unmodeled(
  record: Record<string, unknown> | undefined,
  table: string,
  groups: FieldGroup[],
): Record<string, unknown> {
  const modeled = new Set(groups.flatMap((g) => g.keys));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record ?? {}))
    if (!modeled.has(`${table}.${key}`)) out[key] = value;
  return out;
}

/** Puts dotted keys back into their tables. */
export function unflatten(raw: RawFields): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, value] of Object.entries(raw)) {
    const dot = path.indexOf('.');
    const table = path.slice(0, dot);
    (out[table] ??= {})[path.slice(dot + 1)] = value;
  }
  return out;
}
