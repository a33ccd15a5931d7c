import type { RuleMeta, Severity } from '../../ir/types.js';
import { emptyMeta } from '../../ir/build.js';
import { RuleError } from '../../report/diagnostics.js';
import type { DetectionContext } from './detection.js';

/** Top-level keys the reader understands; everything else is carried verbatim as a custom field. */
export const KNOWN_KEYS = new Set([
  'title',
  'id',
  'related',
  'name',
  'taxonomy',
  'status',
  'description',
  'license',
  'author',
  'references',
  'date',
  'modified',
  'tags',
  'logsource',
  'detection',
  'correlation',
  'filter',
  'fields',
  'falsepositives',
  'level',
  'scope',
  'generate',
]);

const SEVERITIES = new Set<string>(['informational', 'low', 'medium', 'high', 'critical']);

/** The Sigma-only facts a rule carries, under `meta.extensions.sigma`. */
export interface SigmaExtension {
  /** The author string when splitting at commas and joining with ', ' would not give it back. */
  author?: string;
  scope?: string[];
  taxonomy?: string;
  generate?: boolean;
  /** A `level` outside the specification's five, kept as written. */
  level?: string;
  /** A `date`/`modified` that is not a YYYY-MM-DD or YYYY/MM/DD date, kept as written. */
  date?: string;
  modified?: string;
  /** `generate` written inside `correlation` (pySigma's place) rather than at the top (the schema's). */
  correlationGenerate?: boolean;
  /** Unknown top-level keys, in order. */
  custom?: Record<string, unknown>;
}

function stringList(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return [String(raw)];
  // The usual list holds strings only: one exact-size copy.
  let strings = true;
  for (let i = 0; i < raw.length && strings; i++) strings = typeof raw[i] === 'string';
  if (strings) return raw.slice() as string[];
  return raw.filter((x) => x !== null && x !== undefined).map((x) => String(x));
}

function optionalString(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  return typeof raw === 'string' ? raw : String(raw);
}

const DATE = /^\d{4}[-/]\d{2}[-/]\d{2}$/;

/** Sigma dates: YYYY-MM-DD, and the YYYY/MM/DD that older rules still use. */
function readDate(raw: unknown): { date?: string; verbatim?: string } {
  const text = optionalString(raw);
  if (text === undefined) return {};
  const trimmed = text.trim();
  if (!DATE.test(trimmed)) return { verbatim: text };
  // The usual spelling is kept as it is; others are respelled with dashes.
  return trimmed.charCodeAt(4) === 0x2d && trimmed.charCodeAt(7) === 0x2d
    ? { date: trimmed }
    : { date: `${trimmed.slice(0, 4)}-${trimmed.slice(5, 7)}-${trimmed.slice(8, 10)}` };
}

export function splitAuthors(author: string): string[] {
  if (!author.includes(',')) {
    const one = author.trim();
    return one === '' ? [] : [one];
  }
  const authors = author.split(',').map((a) => a.trim());
  return authors.includes('') ? authors.filter((a) => a !== '') : authors;
}

const TACTIC = /^[a-z][a-z_-]+$/;
const TECHNIQUE = /^t\d{4}(?:\.\d{3})?$/;

/** ATT&CK tactics and techniques named by `attack.*` tags; other `attack.` tags (groups, software) are not. */
export function attackFromTags(tags: string[]): RuleMeta['attack'] {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith('attack.')) continue;
    const name = lower.slice(7);
    if (TECHNIQUE.test(name)) techniques.push(name.toUpperCase());
    else if (TACTIC.test(name) && !/^[gs]\d{4}$/.test(name)) {
      tactics.push(name.includes('_') ? name.replace(/_/g, '-') : name);
    }
  }
  // Exact-size copies: the IR keeps them, and pushing leaves room for more.
  return {
    tactics: tactics.length === 0 ? tactics : tactics.slice(),
    techniques: techniques.length === 0 ? techniques : techniques.slice(),
  };
}

export function readMeta(doc: Record<string, unknown>, ctx: DetectionContext): RuleMeta {
  const title = doc.title;
  if (typeof title !== 'string' || title.trim() === '') {
    throw new RuleError({ code: 'sigma/missing-title', message: "the rule has no 'title'", path: [] });
  }
  const meta = emptyMeta(title);
  const sigma: SigmaExtension = {};
  if (doc.id !== undefined && doc.id !== null) meta.id = String(doc.id);
  if (doc.name !== undefined && doc.name !== null) meta.name = String(doc.name);
  const description = optionalString(doc.description);
  if (description !== undefined) meta.description = description;
  if (doc.license !== undefined && doc.license !== null) meta.license = String(doc.license);
  if (doc.status !== undefined && doc.status !== null) meta.status = String(doc.status);
  if (doc.author !== undefined && doc.author !== null) {
    const author = Array.isArray(doc.author) ? doc.author.map(String).join(', ') : String(doc.author);
    meta.authors = splitAuthors(author);
    const rejoined = meta.authors.length === 1 ? meta.authors[0] : meta.authors.join(', ');
    if (Array.isArray(doc.author) || rejoined !== author) sigma.author = author;
  }
  meta.references = stringList(doc.references);
  if (Array.isArray(doc.related)) {
    meta.related = doc.related.map((r, i) => {
      const entry = (r ?? {}) as Record<string, unknown>;
      if (entry.id === undefined || entry.type === undefined) {
        throw new RuleError({
          code: 'sigma/bad-related',
          message: "a 'related' entry needs 'id' and 'type'",
          path: ['related', i],
        });
      }
      return { id: String(entry.id), type: String(entry.type) };
    });
  } else if (doc.related !== undefined && doc.related !== null) {
    throw new RuleError({
      code: 'sigma/bad-related',
      message: "'related' must be a list of {id, type}",
      path: ['related'],
    });
  }
  const created = readDate(doc.date);
  if (created.date) meta.created = created.date;
  if (created.verbatim) sigma.date = created.verbatim;
  const modified = readDate(doc.modified);
  if (modified.date) meta.modified = modified.date;
  if (modified.verbatim) sigma.modified = modified.verbatim;
  meta.tags = stringList(doc.tags);
  meta.attack = attackFromTags(meta.tags);
  meta.falsePositives = stringList(doc.falsepositives);
  if (doc.fields !== undefined && doc.fields !== null) meta.output = { fields: stringList(doc.fields) };
  if (doc.level !== undefined && doc.level !== null) {
    const level = String(doc.level);
    if (SEVERITIES.has(level)) meta.severity = level as Severity;
    else {
      sigma.level = level;
      ctx.warn('sigma/unknown-level', `level '${level}' is not one of ${[...SEVERITIES].join(', ')}`, [
        'level',
      ]);
    }
  }
  if (doc.scope !== undefined && doc.scope !== null) sigma.scope = stringList(doc.scope);
  if (typeof doc.taxonomy === 'string') sigma.taxonomy = doc.taxonomy;
  if (doc.generate !== undefined) sigma.generate = Boolean(doc.generate);
  let custom: Record<string, unknown> | undefined;
  for (const key in doc) {
    if (KNOWN_KEYS.has(key) || !Object.hasOwn(doc, key)) continue;
    custom ??= {};
    custom[key] = doc[key];
  }
  if (custom !== undefined) sigma.custom = custom;
  for (const _ in sigma) {
    meta.extensions.sigma = sigma as Record<string, unknown>;
    break;
  }
  return meta;
}
