/**
 * Microsoft Sentinel scheduled analytic rules ⇄ IR, in the Azure-Sentinel repository's YAML vocabulary
 * (the ARM reader and writer translate ARM properties to and from it, see arm.ts).
 *
 * Side channel inside the document: a rule derived from another carries a tag `{Id: <source id>, version}`,
 * the convention the Azure-Sentinel repository uses for rules derived from others. Everything else the IR
 * does not model (kind, requiredDataConnectors, trigger, incident settings …) is kept in
 * `meta.extensions.sentinel`.
 */
import type { Rule, RuleMeta } from '../ir/types.js';
import { emptyMeta } from '../ir/build.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { sentinelTactic, tacticFromSentinel } from './attack.js';
import { fromSeconds, parseSentinelDuration, seconds, shortDuration } from './duration.js';
import {
  asRecord,
  asString,
  asStrings,
  flatten,
  makeContext,
  readGroups,
  unique,
  unmodeled,
  writeGroups,
  type FieldContext,
  type FieldGroup,
  type RawFields,
} from './fields.js';
import { derivedFallbackId } from './identity.js';
import { readQuery, writeQuery } from './query.js';
import { sentinelSeverity, severityFromSentinel } from './severity.js';

export interface SentinelExtension {
  source: 'sentinel-yaml' | 'arm';
  /** Unmodeled top-level keys, in their order. */
  doc: Record<string, unknown>;
  original: RawFields;
  order?: string[];
  queryFingerprint?: string;
  /** ARM-only facts (arm.ts). */
  arm?: Record<string, unknown>;
}

const MIN_SECONDS = 5 * 60;
const MAX_SECONDS = 14 * 86400;

/** Sentinel stores descriptions as `'…'` inside a block scalar; the quotes are layout, not text. */
function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1) : text;
}

const COLUMN = /^[a-zA-Z_]+\w*$/;

/** Well-known columns and the entity each identifies: enough for common rules, never a guess beyond them. */
const ENTITY_COLUMNS: Record<string, [string, string]> = {
  Computer: ['Host', 'FullName'],
  DeviceName: ['Host', 'FullName'],
  HostName: ['Host', 'HostName'],
  Account: ['Account', 'FullName'],
  AccountName: ['Account', 'Name'],
  UserPrincipalName: ['Account', 'FullName'],
  TargetUserName: ['Account', 'Name'],
  SubjectUserName: ['Account', 'Name'],
  User: ['Account', 'FullName'],
  IpAddress: ['IP', 'Address'],
  IPAddress: ['IP', 'Address'],
  SourceIP: ['IP', 'Address'],
  RemoteIP: ['IP', 'Address'],
  CommandLine: ['Process', 'CommandLine'],
  ProcessCommandLine: ['Process', 'CommandLine'],
  FileName: ['File', 'Name'],
};

function entityMappings(fields: string[]): unknown[] | undefined {
  const byType = new Map<string, { identifier: string; columnName: string }[]>();
  for (const field of fields) {
    const hit = ENTITY_COLUMNS[field];
    if (!hit) continue;
    const list = byType.get(hit[0]) ?? [];
    if (list.length < 3 && !list.some((m) => m.identifier === hit[1]))
      list.push({ identifier: hit[1], columnName: field });
    byType.set(hit[0], list);
  }
  const out = [...byType.entries()]
    .slice(0, 5)
    .map(([entityType, fieldMappings]) => ({ entityType, fieldMappings }));
  return out.length > 0 ? out : undefined;
}

function customDetails(fields: string[], ctx: FieldContext): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const field of fields) {
    if (!COLUMN.test(field)) {
      ctx.note(
        'warning',
        'documents/field-not-a-column',
        `output field '${field}' is not a Sentinel column name; it is left out of customDetails`,
      );
      continue;
    }
    if (Object.values(out).includes(field)) continue;
    if (Object.keys(out).length >= 20) {
      ctx.note(
        'warning',
        'documents/too-many-details',
        `Sentinel allows 20 custom details; '${field}' is left out`,
      );
      continue;
    }
    // Keys start with a letter and hold at most 20 characters; a clash gets a number, so no field is lost.
    const base = (field.replace(/^[^a-zA-Z]+/, '').replace(/\W/g, '') || 'Field').slice(0, 20);
    let key = base;
    for (let n = 2; out[key] !== undefined; n++) key = base.slice(0, 20 - String(n).length) + String(n);
    out[key] = field;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function clampDuration(total: number, what: string, ctx: FieldContext): number {
  if (total < MIN_SECONDS || total > MAX_SECONDS) {
    const clamped = Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, total));
    ctx.note(
      'warning',
      'documents/schedule-clamped',
      `Sentinel's ${what} must lie between 5 minutes and 14 days; ${total}s becomes ${clamped}s`,
    );
    return clamped;
  }
  return total;
}

const secondsText = (total: number): string => shortDuration(fromSeconds(total));

export const SENTINEL_GROUPS: FieldGroup[] = [
  {
    keys: ['doc.id'],
    read: (raw, meta) => {
      const v = asString(raw['doc.id']);
      if (v !== undefined) meta.id = v;
    },
    slice: (meta) => meta.id,
    write: (meta) => ({ 'doc.id': meta.id }),
  },
  {
    keys: ['doc.name'],
    read: (raw, meta) => {
      const v = asString(raw['doc.name']);
      if (v !== undefined) meta.title = v;
    },
    slice: (meta) => meta.title,
    write: (meta) => ({ 'doc.name': meta.title }),
  },
  {
    keys: ['doc.description'],
    read: (raw, meta) => {
      const v = asString(raw['doc.description']);
      if (v !== undefined) meta.description = unquote(v);
    },
    slice: (meta) => meta.description,
    // The validator requires a description: a rule without one (or with a blank one) is described by its title.
    write: (meta) => ({
      'doc.description':
        meta.description !== undefined && meta.description.trim() !== '' ? meta.description : meta.title,
    }),
  },
  {
    keys: ['doc.severity'],
    read: (raw, meta, ctx) => {
      const s = severityFromSentinel(raw['doc.severity']);
      if (s) meta.severity = s;
      else if (raw['doc.severity'] !== undefined)
        ctx.note(
          'warning',
          'documents/bad-severity',
          `severity '${String(raw['doc.severity'])}' is not Informational, Low, Medium or High`,
          'severity',
        );
    },
    slice: (meta) => (meta.severity === 'critical' ? 'high' : meta.severity),
    write: (meta, ctx) => {
      if (meta.severity === 'critical')
        ctx.note('info', 'documents/severity-lowered', 'Sentinel has no Critical severity: written as High');
      return { 'doc.severity': sentinelSeverity(meta.severity ?? 'medium') };
    },
  },
  {
    keys: ['doc.tactics', 'doc.relevantTechniques'],
    read: (raw, meta) => {
      meta.attack = {
        tactics: unique(asStrings(raw['doc.tactics']).map(tacticFromSentinel)),
        techniques: unique(asStrings(raw['doc.relevantTechniques']).map((t) => t.trim().toUpperCase())),
      };
    },
    slice: (meta) => ({
      tactics: unique(meta.attack.tactics.map(sentinelTactic)),
      techniques: meta.attack.techniques,
    }),
    write: (meta) => {
      const tactics = unique(meta.attack.tactics.map(sentinelTactic));
      return {
        'doc.tactics': tactics.length > 0 ? tactics : undefined,
        'doc.relevantTechniques': meta.attack.techniques.length > 0 ? meta.attack.techniques : undefined,
      };
    },
  },
  {
    keys: ['doc.queryFrequency', 'doc.queryPeriod'],
    read: (raw, meta) => {
      const f = asString(raw['doc.queryFrequency']);
      const p = asString(raw['doc.queryPeriod']);
      const interval = f !== undefined ? parseSentinelDuration(f) : undefined;
      const lookback = p !== undefined ? parseSentinelDuration(p) : undefined;
      if (interval || lookback)
        meta.schedule = { ...(interval ? { interval } : {}), ...(lookback ? { lookback } : {}) };
    },
    slice: (meta) => meta.schedule,
    write: (meta, ctx) => {
      const interval = meta.schedule?.interval;
      const lookback = meta.schedule?.lookback;
      if (!interval && !lookback)
        ctx.note(
          'info',
          'documents/default-schedule',
          'the rule has no schedule: it runs every hour over the last hour',
        );
      const frequency = clampDuration(
        interval ? seconds(interval) : lookback ? seconds(lookback) : 3600,
        'queryFrequency',
        ctx,
      );
      let period = clampDuration(lookback ? seconds(lookback) : frequency, 'queryPeriod', ctx);
      if (period < frequency) {
        ctx.note(
          'warning',
          'documents/schedule-clamped',
          'Sentinel needs queryPeriod ≥ queryFrequency: the period is raised to the frequency',
        );
        period = frequency;
      }
      return { 'doc.queryFrequency': secondsText(frequency), 'doc.queryPeriod': secondsText(period) };
    },
  },
  {
    keys: ['doc.entityMappings', 'doc.customDetails'],
    read: (raw, meta) => {
      const fields: string[] = [];
      for (const m of Array.isArray(raw['doc.entityMappings']) ? raw['doc.entityMappings'] : []) {
        const maps = asRecord(m)?.fieldMappings;
        for (const f of Array.isArray(maps) ? maps : []) {
          const column = asString(asRecord(f)?.columnName);
          if (column) fields.push(column);
        }
      }
      for (const column of Object.values(asRecord(raw['doc.customDetails']) ?? {}))
        if (typeof column === 'string') fields.push(column);
      if (raw['doc.entityMappings'] !== undefined || raw['doc.customDetails'] !== undefined)
        meta.output = { fields: unique(fields) };
    },
    slice: (meta) => meta.output?.fields,
    write: (meta, ctx) => {
      const fields = meta.output?.fields ?? [];
      return {
        'doc.entityMappings': entityMappings(fields),
        'doc.customDetails': customDetails(fields, ctx),
      };
    },
  },
  {
    keys: ['doc.tags'],
    read: (raw, meta) => {
      const tags = Array.isArray(raw['doc.tags']) ? raw['doc.tags'] : [];
      meta.tags = tags.filter((t): t is string => typeof t === 'string');
      for (const t of tags) {
        const id = asString(asRecord(t)?.Id);
        if (id !== undefined) meta.related.push({ id, type: 'derived' });
      }
    },
    slice: (meta) => [meta.tags, meta.related.filter((r) => r.type === 'derived').map((r) => r.id)],
    write: (meta, ctx) => {
      // Sigma's attack.* tags are the tactics and relevantTechniques of a Sentinel rule.
      const tags: unknown[] = meta.tags.filter((t) => !/^attack\./i.test(t));
      const versions = new Map<string, unknown>();
      const originalTags = ctx.original?.['doc.tags'];
      for (const t of Array.isArray(originalTags) ? originalTags : []) {
        const record = asRecord(t);
        if (record?.Id !== undefined) versions.set(String(record.Id), record.version);
        else if (record) tags.push(record);
      }
      for (const r of meta.related)
        if (r.type === 'derived') tags.push({ Id: r.id, version: versions.get(r.id) ?? '1.0.0' });
      return { 'doc.tags': tags.length > 0 ? tags : undefined };
    },
  },
  {
    keys: ['doc.metadata'],
    read: (raw, meta) => {
      const name = asString(asRecord(asRecord(raw['doc.metadata'])?.author)?.name);
      if (name !== undefined)
        meta.authors = name
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== '');
    },
    slice: (meta) => meta.authors,
    write: (meta, ctx) => {
      const original = { ...(asRecord(ctx.original?.['doc.metadata']) ?? {}) };
      if (meta.authors.length > 0)
        original.author = { ...(asRecord(original.author) ?? {}), name: meta.authors.join(', ') };
      else delete original.author;
      return { 'doc.metadata': Object.keys(original).length > 0 ? original : undefined };
    },
  },
];

/** What a new Sentinel rule needs that the IR has no opinion on (the validator requires these keys). */
const REQUIRED_DEFAULTS: Record<string, unknown> = {
  kind: 'Scheduled',
  requiredDataConnectors: [],
  triggerOperator: 'gt',
  triggerThreshold: 0,
  version: '1.0.0',
};

/** Key order of Azure-Sentinel templates, for new documents. */
export const SENTINEL_KEY_ORDER = [
  'id',
  'name',
  'description',
  'severity',
  'status',
  'requiredDataConnectors',
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
  'tactics',
  'relevantTechniques',
  'query',
  'entityMappings',
  'customDetails',
  'alertDetailsOverride',
  'eventGroupingSettings',
  'incidentConfiguration',
  'version',
  'kind',
  'tags',
  'metadata',
];

export interface SentinelInput {
  doc: Record<string, unknown>;
  source: 'sentinel-yaml' | 'arm';
  file?: string;
  document?: number;
  queryLine?: number;
  arm?: Record<string, unknown>;
}

export function readSentinelRule(input: SentinelInput): { rule?: Rule; diagnostics: Diagnostic[] } {
  const where: Partial<Diagnostic> = {};
  if (input.file !== undefined) where.file = input.file;
  if (input.document !== undefined) where.document = input.document;
  const ctx = makeContext(where);
  const name = asString(input.doc.name);
  if (name === undefined || name.trim() === '') {
    return {
      diagnostics: [
        {
          ...where,
          severity: 'error',
          code: 'documents/missing-name',
          message: "the rule has no 'name'",
          path: ['name'],
        },
      ],
    };
  }
  const meta: RuleMeta = emptyMeta(name);
  const raw = flatten({ doc: input.doc });
  const original = readGroups(SENTINEL_GROUPS, raw, meta, ctx);
  const queryText = asString(input.doc.query) ?? '';
  const read = readQuery(queryText, 'kql', {
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.document !== undefined ? { document: input.document } : {}),
    ...(input.queryLine !== undefined ? { line: input.queryLine } : {}),
  });
  if (input.doc.query !== undefined) original['doc.query'] = input.doc.query;
  const rest = unmodeled(input.doc, 'doc', SENTINEL_GROUPS);
  delete rest.query;
  const ext: SentinelExtension = {
    source: input.source,
    doc: rest,
    original,
    order: Object.keys(input.doc),
    queryFingerprint: read.fingerprint,
  };
  if (input.arm) ext.arm = input.arm;
  meta.extensions.sentinel = ext as unknown as Record<string, unknown>;
  const rule: Rule = {
    meta,
    query: read.query,
    output: read.output,
    provenance: { dialect: read.dialect ?? 'kql' },
  };
  if (input.file !== undefined) rule.provenance.file = input.file;
  if (input.document !== undefined) rule.provenance.document = input.document;
  return { rule, diagnostics: [...ctx.diagnostics, ...read.diagnostics] };
}

export function writeSentinelRule(
  rule: Rule,
  target: 'sentinel-yaml' | 'arm' = 'sentinel-yaml',
): { doc: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const ext = rule.meta.extensions.sentinel as unknown as SentinelExtension | undefined;
  const ctx = makeContext({}, ext?.original);
  const meta = { ...rule.meta };
  if (meta.id === undefined) {
    meta.id = derivedFallbackId(rule);
    ctx.note(
      'info',
      'documents/id-assigned',
      `the rule had no id; it gets ${meta.id}, derived from its title`,
    );
  }
  const raw = writeGroups(SENTINEL_GROUPS, meta, ext?.original, ctx);
  // A rule read from Sentinel YAML keeps exactly its keys; any other gets what the validator requires.
  // A rule read from Sentinel keeps exactly its keys (an NRT rule has no trigger); a new one gets what the
  // validator requires.
  const doc: Record<string, unknown> = ext ? { ...ext.doc } : { ...REQUIRED_DEFAULTS };
  if (ext?.source === 'arm' && target === 'sentinel-yaml' && doc.requiredDataConnectors === undefined)
    doc.requiredDataConnectors = [];
  for (const [path, value] of Object.entries(raw)) doc[path.slice('doc.'.length)] = value;
  const q = writeQuery(rule, 'kql', { text: ext?.original['doc.query'], fingerprint: ext?.queryFingerprint });
  ctx.diagnostics.push(...q.diagnostics);
  if (q.text !== '' || ext?.original['doc.query'] !== undefined) doc.query = q.text;
  if (meta.references.length > 0 && !ext)
    ctx.note(
      'info',
      'documents/dropped-references',
      'Sentinel rules have no references field: the references are not written',
    );
  if (meta.falsePositives.length > 0 && !ext)
    ctx.note(
      'info',
      'documents/dropped-false-positives',
      'Sentinel rules have no false-positives field: they are not written',
    );
  const previous = ext?.order ?? SENTINEL_KEY_ORDER;
  const keys = Object.keys(doc);
  const ordered = [...previous.filter((k) => keys.includes(k)), ...keys.filter((k) => !previous.includes(k))];
  return { doc: Object.fromEntries(ordered.map((k) => [k, doc[k]])), diagnostics: ctx.diagnostics };
}
