import type { RuleMeta, Severity } from '../../ir/types.js';
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

/** A Sigma date as YYYY-MM-DD (older rules write YYYY/MM/DD too), or undefined where the text is no date. */
function normalDate(text: string): string | undefined {
  const trimmed = text.trim();
  if (!DATE.test(trimmed)) return undefined;
  // The usual spelling is kept as it is; others are respelled with dashes.
  return trimmed.charCodeAt(4) === 0x2d && trimmed.charCodeAt(7) === 0x2d
    ? trimmed
    : `${trimmed.slice(0, 4)}-${trimmed.slice(5, 7)}-${trimmed.slice(8, 10)}`;
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
function attackFromTags(tags: string[]): RuleMeta['attack'] {
  // Sized for every tag and cut to what is found, in place: the IR keeps these arrays.
  const tactics = new Array<string>(tags.length);
  const techniques = new Array<string>(tags.length);
  let tacticCount = 0;
  let techniqueCount = 0;
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith('attack.')) continue;
    const name = lower.slice(7);
    if (TECHNIQUE.test(name)) techniques[techniqueCount++] = name.toUpperCase();
    else if (TACTIC.test(name) && !/^[gs]\d{4}$/.test(name)) {
      tactics[tacticCount++] = name.includes('_') ? name.replace(/_/g, '-') : name;
    }
  }
  tactics.length = tacticCount;
  techniques.length = techniqueCount;
  return { tactics, techniques };
}

function readRelated(raw: unknown): RuleMeta['related'] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw new RuleError({
      code: 'sigma/bad-related',
      message: "'related' must be a list of {id, type}",
      path: ['related'],
    });
  }
  return raw.map((r, i) => {
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
}

export function readMeta(doc: Record<string, unknown>, ctx: DetectionContext): RuleMeta {
  const title = doc.title;
  if (typeof title !== 'string' || title.trim() === '') {
    throw new RuleError({ code: 'sigma/missing-title', message: "the rule has no 'title'", path: [] });
  }
  const sigma: SigmaExtension = {};
  let authors: string[] = [];
  if (doc.author !== undefined && doc.author !== null) {
    const author = Array.isArray(doc.author) ? doc.author.map(String).join(', ') : String(doc.author);
    authors = splitAuthors(author);
    const rejoined = authors.length === 1 ? authors[0] : authors.join(', ');
    if (Array.isArray(doc.author) || rejoined !== author) sigma.author = author;
  }
  const tags = stringList(doc.tags);
  // Built whole, the fields every rule has first (in the order of ir/build's emptyMeta), rather than filled
  // in from placeholders that would only be thrown away.
  const meta: RuleMeta = {
    title,
    authors,
    references: stringList(doc.references),
    related: readRelated(doc.related),
    tags,
    attack: attackFromTags(tags),
    falsePositives: stringList(doc.falsepositives),
    extensions: {},
  };
  if (doc.id !== undefined && doc.id !== null) meta.id = String(doc.id);
  if (doc.name !== undefined && doc.name !== null) meta.name = String(doc.name);
  const description = optionalString(doc.description);
  if (description !== undefined) meta.description = description;
  if (doc.license !== undefined && doc.license !== null) meta.license = String(doc.license);
  if (doc.status !== undefined && doc.status !== null) meta.status = String(doc.status);
  const date = optionalString(doc.date);
  const created = date === undefined ? undefined : normalDate(date);
  if (created !== undefined) meta.created = created;
  else if (date) sigma.date = date;
  const modifiedText = optionalString(doc.modified);
  const modified = modifiedText === undefined ? undefined : normalDate(modifiedText);
  if (modified !== undefined) meta.modified = modified;
  else if (modifiedText) sigma.modified = modifiedText;
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
