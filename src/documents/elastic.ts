/**
 * Elastic detection rules ⇄ IR. One mapping serves both Elastic formats: the `[rule]` table of a
 * detection-rules TOML file has the same keys as a Kibana rule object (import NDJSON, API); TOML adds the
 * `[metadata]` table (dates, maturity) and tool tables such as `[transform]`.
 *
 * Side channel inside the document: Kibana's free `meta` object gets `meta.rulestone` with what Elastic has
 * no field for (the Sigma level `informational`, provenance links), so conversions through Elastic keep them.
 * Everything else that the IR does not model is kept in `meta.extensions.elastic`.
 */
import type { Rule, RuleMeta, Severity } from '../ir/types.js';
import { emptyMeta } from '../ir/build.js';
import type { Diagnostic } from '../report/diagnostics.js';
import {
  isSubtechnique,
  parentTechnique,
  tacticByShortname,
  tacticFromElastic,
  tacticUrl,
  technique,
  techniqueInTactic,
  techniqueUrl,
} from './attack.js';
import { parseElasticFrom, parseShortDuration, seconds, shortDuration } from './duration.js';
import {
  asRecord,
  asString,
  asStrings,
  flatten,
  isoDate,
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
import { elasticRiskScore, elasticSeverity, severityFromElastic } from './severity.js';

export interface ElasticExtension {
  /** The format the rule was read from. */
  source: 'toml' | 'ndjson';
  /** Unmodeled keys of the rule object / `[rule]` table, in their order. */
  rule: Record<string, unknown>;
  /** Unmodeled keys of `[metadata]` (TOML). */
  metadata?: Record<string, unknown>;
  /** Other top-level TOML tables (`[transform]`), verbatim. */
  tables?: Record<string, unknown>;
  /** Raw values of the modeled keys, written back when the rule's meta still reads the same from them. */
  original: RawFields;
  /** Key order of the rule object, to write it back in the same order. */
  order?: string[];
  queryFingerprint?: string;
}

/** Maturity (detection-rules) ⇄ status (the IR uses Sigma's status words). */
const STATUS_OF_MATURITY: Record<string, string> = {
  production: 'stable',
  beta: 'test',
  experimental: 'experimental',
  development: 'experimental',
  deprecated: 'deprecated',
};
const MATURITY_OF_STATUS: Record<string, string> = {
  stable: 'production',
  test: 'beta',
  experimental: 'experimental',
  deprecated: 'deprecated',
  unsupported: 'development',
};

const text = (
  key: string,
  set: (meta: RuleMeta, v: string) => void,
  get: (meta: RuleMeta) => string | undefined,
): FieldGroup => ({
  keys: [key],
  read: (raw, meta) => {
    const v = asString(raw[key]);
    if (v !== undefined) set(meta, v);
  },
  slice: get,
  write: (meta) => ({ [key]: get(meta) }),
});

const list = (
  key: string,
  get: (meta: RuleMeta) => string[],
  set: (meta: RuleMeta, v: string[]) => void,
  writeEmpty = false,
): FieldGroup => ({
  keys: [key],
  read: (raw, meta) => set(meta, asStrings(raw[key])),
  slice: get,
  write: (meta) => ({ [key]: get(meta).length > 0 || writeEmpty ? get(meta) : undefined }),
});

interface ThreatEntry {
  framework: string;
  tactic: { id: string; name: string; reference: string };
  technique?: {
    id: string;
    name: string;
    reference: string;
    subtechnique?: { id: string; name: string; reference: string }[];
  }[];
}

function readThreat(value: unknown, meta: RuleMeta, ctx: FieldContext): void {
  const tactics: string[] = [];
  const techniques: string[] = [];
  if (!Array.isArray(value)) return;
  for (const entry of value) {
    const e = asRecord(entry);
    const tactic = asRecord(e?.tactic);
    const known = tacticFromElastic(asString(tactic?.id), asString(tactic?.name));
    if (known) tactics.push(known.shortname);
    else
      ctx.note(
        'warning',
        'documents/unknown-tactic',
        `threat tactic ${asString(tactic?.id) ?? '?'} ${asString(tactic?.name) ?? ''} is not an ATT&CK Enterprise tactic; it is kept only for Elastic`,
        'rule.threat',
      );
    for (const t of Array.isArray(e?.technique) ? e.technique : []) {
      const id = asString(asRecord(t)?.id);
      if (id) techniques.push(id.toUpperCase());
      const subs = asRecord(t)?.subtechnique;
      for (const s of Array.isArray(subs) ? subs : []) {
        const sid = asString(asRecord(s)?.id);
        if (sid) techniques.push(sid.toUpperCase());
      }
    }
  }
  meta.attack = { tactics: unique(tactics), techniques: unique(techniques) };
}

/**
 * IR ATT&CK → `threat[]`: one entry per tactic, each with the techniques the ATT&CK table files under it.
 * A technique no listed tactic covers gets its own entry under its first table tactic, so nothing is lost.
 */
export function writeThreat(attack: RuleMeta['attack'], ctx: FieldContext): ThreatEntry[] | undefined {
  const entries: { tactic: string; techniques: string[] }[] = [];
  for (const shortname of attack.tactics) {
    if (!tacticByShortname(shortname)) {
      ctx.note(
        'warning',
        'documents/unknown-tactic',
        `tactic '${shortname}' is not in the ATT&CK table; it is left out of threat[]`,
      );
      continue;
    }
    if (!entries.some((e) => e.tactic === shortname)) entries.push({ tactic: shortname, techniques: [] });
  }
  for (const id of attack.techniques) {
    const info = technique(id);
    const homes = entries.filter((e) => techniqueInTactic(info, e.tactic));
    if (homes.length > 0) {
      for (const home of homes) home.techniques.push(id);
      continue;
    }
    const fallback = info.tactics[0];
    if (fallback === undefined) {
      // Not in the offline table (a newer ATT&CK id): filed under the rule's first tactic rather than lost.
      const first = entries[0];
      if (first === undefined) {
        ctx.note(
          'warning',
          'documents/unknown-technique',
          `technique ${id} is not in the ATT&CK table and the rule has no tactic to file it under; it is left out of threat[]`,
        );
        continue;
      }
      ctx.note(
        'warning',
        'documents/unknown-technique',
        `technique ${id} is not in the offline ATT&CK table; it is filed under '${first.tactic}' and named by its id`,
      );
      first.techniques.push(id);
      continue;
    }
    ctx.note(
      'info',
      'documents/attack-tactic-added',
      `technique ${id} belongs to none of the rule's tactics; written under its ATT&CK tactic '${fallback}'`,
    );
    const existing = entries.find((e) => e.tactic === fallback);
    if (existing) existing.techniques.push(id);
    else entries.push({ tactic: fallback, techniques: [id] });
  }
  if (entries.length === 0) return undefined;
  return entries.map(({ tactic, techniques }) => {
    let t = tacticByShortname(tactic) as NonNullable<ReturnType<typeof tacticByShortname>>;
    if (t.shortname === 'stealth' || t.shortname === 'defense-impairment') {
      // detection-rules and Kibana still use ATT&CK 18, where both v19 tactics are Defense Evasion.
      ctx.note(
        'info',
        'documents/attack-v19-tactic',
        `ATT&CK v19 tactic '${t.shortname}' is written as Defense Evasion (TA0005), the ATT&CK 18 tactic Elastic uses`,
      );
      t = tacticByShortname('defense-evasion') as typeof t;
    }
    const entry: ThreatEntry = {
      framework: 'MITRE ATT&CK',
      tactic: { id: t.id as string, name: t.name, reference: tacticUrl(t.id as string) },
    };
    const parents = unique(techniques.map(parentTechnique));
    if (parents.length > 0) {
      entry.technique = parents.map((parent) => {
        const subs = techniques.filter((id) => isSubtechnique(id) && parentTechnique(id) === parent);
        // Elastic requires a name; an id the offline table cannot name is named by itself (warned above).
        const out: NonNullable<ThreatEntry['technique']>[number] = {
          id: parent,
          name: technique(parent).name ?? parent,
          reference: techniqueUrl(parent),
        };
        if (subs.length > 0)
          out.subtechnique = subs.map((id) => ({
            id,
            name: technique(id).name ?? id,
            reference: techniqueUrl(id),
          }));
        return out;
      });
    }
    return entry;
  });
}

/** Kibana's `meta.rulestone`: provenance links and the Sigma level Elastic cannot say. */
interface RulestoneMeta {
  related?: { id: string; type: string }[];
  severity?: Severity;
}

const ELASTIC_GROUPS: FieldGroup[] = [
  text(
    'rule.rule_id',
    (m, v) => (m.id = v),
    (m) => m.id,
  ),
  text(
    'rule.name',
    (m, v) => (m.title = v),
    (m) => m.title,
  ),
  text(
    'rule.description',
    (m, v) => (m.description = v),
    (m) => m.description,
  ),
  list(
    'rule.author',
    (m) => m.authors,
    (m, v) => (m.authors = v),
    true,
  ),
  list(
    'rule.references',
    (m) => m.references,
    (m, v) => (m.references = v),
  ),
  list(
    'rule.false_positives',
    (m) => m.falsePositives,
    (m, v) => (m.falsePositives = v),
  ),
  text(
    'rule.note',
    (m, v) => (m.note = v),
    (m) => m.note,
  ),
  text(
    'rule.license',
    (m, v) => (m.license = v),
    (m) => m.license,
  ),
  {
    keys: ['rule.tags'],
    read: (raw, meta) => (meta.tags = asStrings(raw['rule.tags'])),
    slice: (meta) => meta.tags,
    // Sigma's `attack.*` tags are the threat[] of an Elastic rule; writing them twice would only disagree later.
    write: (meta) => {
      const tags = meta.tags.filter((t) => !/^attack\.(t\d{4}|[a-z][a-z_-]+$)/i.test(t));
      return { 'rule.tags': tags.length > 0 ? tags : undefined };
    },
  },
  {
    keys: ['rule.severity', 'rule.risk_score'],
    read: (raw, meta, ctx) => {
      const severity = severityFromElastic(raw['rule.severity']);
      if (severity) meta.severity = severity;
      else if (raw['rule.severity'] !== undefined)
        ctx.note(
          'warning',
          'documents/bad-severity',
          `severity '${String(raw['rule.severity'])}' is not low, medium, high or critical`,
          'rule.severity',
        );
      const score = raw['rule.risk_score'];
      // Out-of-range scores stay in the kept original only: the IR's riskScore is 0–100 by its schema.
      if (typeof score === 'number' && score >= 0 && score <= 100) meta.riskScore = score;
      else if (score !== undefined)
        ctx.note(
          'warning',
          'documents/bad-risk-score',
          `risk_score ${String(score)} is not a number 0–100`,
          'rule.risk_score',
        );
    },
    slice: (meta) => [meta.severity === 'informational' ? 'low' : meta.severity, meta.riskScore],
    write: (meta) => {
      const severity = meta.severity ?? 'low';
      return {
        'rule.severity': elasticSeverity(severity),
        'rule.risk_score': elasticRiskScore(severity, meta.riskScore),
      };
    },
  },
  {
    keys: ['rule.meta'],
    read: (raw, meta) => {
      const side = asRecord(asRecord(raw['rule.meta'])?.rulestone) as RulestoneMeta | undefined;
      if (Array.isArray(side?.related))
        meta.related = side.related
          .filter((r) => r && typeof r.id === 'string')
          .map((r) => ({ id: r.id, type: String(r.type ?? 'derived') }));
      if (side?.severity === 'informational' && (meta.severity === undefined || meta.severity === 'low'))
        meta.severity = 'informational';
    },
    slice: (meta) => [meta.related, meta.severity === 'informational'],
    write: (meta, ctx) => {
      const side: RulestoneMeta = {};
      if (meta.related.length > 0) side.related = meta.related;
      if (meta.severity === 'informational') side.severity = 'informational';
      const others = { ...(asRecord(ctx.original?.['rule.meta']) ?? {}) };
      delete others.rulestone;
      const value = Object.keys(side).length > 0 ? { ...others, rulestone: side } : others;
      return { 'rule.meta': Object.keys(value).length > 0 ? value : undefined };
    },
  },
  {
    keys: ['rule.threat'],
    read: (raw, meta, ctx) => readThreat(raw['rule.threat'], meta, ctx),
    slice: (meta) => meta.attack,
    write: (meta, ctx) => ({ 'rule.threat': writeThreat(meta.attack, ctx) }),
  },
  {
    keys: ['rule.interval', 'rule.from'],
    read: (raw, meta) => {
      const interval = asString(raw['rule.interval']);
      const from = asString(raw['rule.from']);
      const schedule: NonNullable<RuleMeta['schedule']> = {};
      // Kibana's defaults (every 5 minutes, from now-6m) are what a rule without these keys runs with.
      const i = parseShortDuration(interval ?? '5m');
      const f = parseElasticFrom(from ?? 'now-6m');
      if (i) schedule.interval = i;
      if (f) schedule.lookback = f;
      if (i || f) meta.schedule = schedule;
    },
    slice: (meta) => meta.schedule,
    write: (meta, ctx) => {
      const s = meta.schedule;
      if (s?.interval && s.lookback && seconds(s.lookback) < seconds(s.interval)) {
        ctx.note(
          'warning',
          'documents/lookback-shorter',
          'the look-back is shorter than the interval: events between runs are never searched',
        );
      }
      return {
        'rule.interval': s?.interval ? shortDuration(s.interval) : undefined,
        'rule.from': s?.lookback ? `now-${shortDuration(s.lookback)}` : undefined,
      };
    },
  },
  {
    keys: ['rule.investigation_fields'],
    read: (raw, meta) => {
      const fields = asRecord(raw['rule.investigation_fields'])?.field_names;
      if (Array.isArray(fields)) meta.output = { fields: asStrings(fields) };
    },
    slice: (meta) => meta.output?.fields,
    write: (meta) => ({
      'rule.investigation_fields':
        meta.output && meta.output.fields.length > 0 ? { field_names: meta.output.fields } : undefined,
    }),
  },
];

/** `[metadata]` of detection-rules TOML. */
const METADATA_GROUPS: FieldGroup[] = [
  {
    keys: ['metadata.creation_date'],
    read: (raw, meta) => {
      const d = isoDate(raw['metadata.creation_date']);
      if (d) meta.created = d;
    },
    slice: (meta) => meta.created,
    write: (meta) => ({ 'metadata.creation_date': meta.created?.replace(/-/g, '/') }),
  },
  {
    keys: ['metadata.updated_date'],
    read: (raw, meta) => {
      const d = isoDate(raw['metadata.updated_date']);
      if (d) meta.modified = d;
    },
    slice: (meta) => meta.modified,
    write: (meta) => ({ 'metadata.updated_date': (meta.modified ?? meta.created)?.replace(/-/g, '/') }),
  },
  {
    keys: ['metadata.maturity'],
    read: (raw, meta) => {
      const m = asString(raw['metadata.maturity']);
      if (m !== undefined) meta.status = STATUS_OF_MATURITY[m] ?? m;
    },
    slice: (meta) => meta.status,
    write: (meta) => ({
      'metadata.maturity':
        meta.status !== undefined ? (MATURITY_OF_STATUS[meta.status] ?? 'development') : 'development',
    }),
  },
];

const QUERY_KEYS = ['language', 'query', 'type'];

export interface ElasticInput {
  rule: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  tables?: Record<string, unknown>;
  source: 'toml' | 'ndjson';
  file?: string;
  document?: number;
  /** Line of the document where the query text starts. */
  queryLine?: number;
}

export interface ElasticRead {
  rule?: Rule;
  diagnostics: Diagnostic[];
}

function groupsFor(source: 'toml' | 'ndjson'): FieldGroup[] {
  return source === 'toml' ? [...ELASTIC_GROUPS, ...METADATA_GROUPS] : ELASTIC_GROUPS;
}

export function readElasticRule(input: ElasticInput): ElasticRead {
  const where: Partial<Diagnostic> = {};
  if (input.file !== undefined) where.file = input.file;
  if (input.document !== undefined) where.document = input.document;
  const ctx = makeContext(where);
  const name = asString(input.rule.name);
  if (name === undefined || name.trim() === '') {
    return {
      diagnostics: [
        {
          ...where,
          severity: 'error',
          code: 'documents/missing-name',
          message: 'the rule has no name',
          path: ['rule', 'name'],
        },
      ],
    };
  }
  const meta = emptyMeta(name);
  const groups = groupsFor(input.source);
  const raw = flatten({ rule: input.rule, ...(input.metadata ? { metadata: input.metadata } : {}) });
  const original = readGroups(groups, raw, meta, ctx);

  const language = asString(input.rule.language) ?? (input.rule.type === 'machine_learning' ? '' : 'kuery');
  const queryText = asString(input.rule.query) ?? '';
  const read = readQuery(queryText, language, {
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.document !== undefined ? { document: input.document } : {}),
    ...(input.queryLine !== undefined ? { line: input.queryLine } : {}),
  });
  for (const key of QUERY_KEYS) if (input.rule[key] !== undefined) original[`rule.${key}`] = input.rule[key];

  const rest = unmodeled(input.rule, 'rule', groups);
  for (const key of QUERY_KEYS) delete rest[key];
  const ext: ElasticExtension = {
    source: input.source,
    rule: rest,
    original,
    order: Object.keys(input.rule),
    queryFingerprint: read.fingerprint,
  };
  if (input.metadata) ext.metadata = unmodeled(input.metadata, 'metadata', groups);
  if (input.tables && Object.keys(input.tables).length > 0) ext.tables = input.tables;
  meta.extensions.elastic = ext as unknown as Record<string, unknown>;

  const rule: Rule = {
    meta,
    query: read.query,
    output: read.output,
    provenance: { dialect: read.dialect ?? 'eql' },
  };
  if (input.file !== undefined) rule.provenance.file = input.file;
  if (input.document !== undefined) rule.provenance.document = input.document;
  return { rule, diagnostics: [...ctx.diagnostics, ...read.diagnostics] };
}

/** Kibana fields that exist only in exports of saved rules, not in what one writes or imports as new. */
export const EXPORT_ONLY_KEYS = [
  'id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'immutable',
  'rule_source',
  'execution_summary',
  'output_index',
  'revision',
];

export interface ElasticDocument {
  rule: Record<string, unknown>;
  metadata: Record<string, unknown>;
  tables: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

const LANGUAGES = ['eql', 'kuery', 'lucene', 'esql', ''];

function ruleType(language: string, original: RawFields | undefined): string {
  const originalType = asString(original?.['rule.type']);
  const originalLanguage = asString(original?.['rule.language']) ?? '';
  if (originalType !== undefined && originalLanguage === language) return originalType;
  return language === 'eql'
    ? 'eql'
    : language === 'esql'
      ? 'esql'
      : language === ''
        ? 'machine_learning'
        : 'query';
}

/** The order detection-rules writes a new rule in: alphabetical, the long texts last. */
function order(keys: string[], previous: string[] | undefined): string[] {
  const last = ['query', 'note', 'setup'];
  const fresh = keys.filter((k) => !previous?.includes(k));
  fresh.sort((a, b) => last.indexOf(a) - last.indexOf(b) || a.localeCompare(b));
  const kept = (previous ?? []).filter((k) => keys.includes(k));
  return [...kept, ...fresh];
}

export function writeElasticRule(rule: Rule, target: 'toml' | 'ndjson'): ElasticDocument {
  const ext = rule.meta.extensions.elastic as unknown as ElasticExtension | undefined;
  const ctx = makeContext({}, ext?.original);
  const groups = groupsFor(target);
  const meta = { ...rule.meta };
  if (meta.id === undefined) {
    meta.id = derivedFallbackId(rule);
    ctx.note(
      'info',
      'documents/id-assigned',
      `the rule had no id; it gets ${meta.id}, derived from its title`,
    );
  }
  const raw = writeGroups(groups, meta, ext?.original, ctx);
  const tables = { rule: { ...(ext?.rule ?? {}) }, metadata: { ...(ext?.metadata ?? {}) } };
  if (target === 'toml') for (const key of EXPORT_ONLY_KEYS) delete tables.rule[key];
  for (const [path, value] of Object.entries(raw)) {
    const [table, key] = [path.slice(0, path.indexOf('.')), path.slice(path.indexOf('.') + 1)];
    if (table === 'rule' || table === 'metadata') tables[table][key] = value;
  }
  // A parsed query is printed as EQL; a query kept verbatim keeps its own Elastic language (kuery, esql …).
  const q = writeQuery(
    rule,
    'eql',
    { text: ext?.original['rule.query'], fingerprint: ext?.queryFingerprint },
    LANGUAGES,
  );
  ctx.diagnostics.push(...q.diagnostics);
  if (q.language !== '') tables.rule.language = q.language;
  if (q.text !== '' || ext?.original['rule.query'] !== undefined) tables.rule.query = q.text;
  tables.rule.type = ruleType(q.language, ext?.original);
  const sorted: Record<string, unknown> = {};
  for (const key of order(Object.keys(tables.rule), ext?.order)) sorted[key] = tables.rule[key];
  return {
    rule: sorted,
    metadata: tables.metadata,
    tables: { ...(ext?.tables ?? {}) },
    diagnostics: ctx.diagnostics,
  };
}
