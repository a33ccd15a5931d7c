import type { Expr, Predicate, RegexValue, Value } from '../../ir/types.js';
import { endsWithAny, hasPlaceholders, normalizePattern, startsWithAny } from '../../ir/pattern.js';
import { foldConstants } from '../../ir/fold.js';
import { fidelityNotes } from '../../report/fidelity-notes.js';
import { RuleError, type Diagnostic } from '../../report/diagnostics.js';
import type { Scalar, YamlWriter } from '../../util/yaml-writer.js';
import { printSigmaString } from './strings.js';
import { selectIdentifiers } from './detection.js';

/**
 * IR expression → Sigma detection: named search identifiers plus a condition over them.
 *
 * Any part of the expression that one search identifier can say (a map of field conditions, a list of maps,
 * a list of keywords) becomes one, named after the label the source gave it or after its role and first
 * field; the boolean structure above those parts becomes the condition, with `1 of x*` / `all of x*` where a
 * pattern names exactly the identifiers meant.
 */
export interface PrintedDetection {
  identifiers: [string, Body][];
  condition: string;
  diagnostics: Diagnostic[];
}

/** A value in a detection: strings are written quoted, numbers, booleans and null plain. */
type DetectionValue = Scalar;

/** What a key of a search identifier holds: one value, or a list of them. */
type KeyValue = DetectionValue | DetectionValue[];

/** A search identifier's map: keys (a field and its modifiers) in order. */
type FieldMap = [string, KeyValue][];

/** What one search identifier says: a map (AND), a list of keywords (OR), or a list of maps (OR of ANDs). */
export type Body =
  | { kind: 'map'; entries: FieldMap }
  | { kind: 'keywords'; values: DetectionValue[] }
  | { kind: 'maps'; maps: FieldMap[] };

type CondTree =
  | { kind: 'name'; slot: { name: string } }
  | { kind: 'and' | 'or'; items: CondTree[] }
  | { kind: 'not'; item: CondTree };

/** A map entry of one search identifier: key with modifiers, and its value. */
interface Entry {
  key: string;
  value: KeyValue;
  /** The field and modifiers without the trailing `|all`, so entries of one key can merge into a list. */
  mergeKey: string;
  /** Whether the value is one value that entries of the same key may gather into an `|all` list. */
  single: boolean;
  /** For `|neq` entries: the values whose negations several entries of the key may join into one list. */
  alternatives?: DetectionValue[];
}

const RESERVED = new Set(['and', 'or', 'not', 'of', 'them', 'all', 'any', '1', 'condition']);
const VALID_NAME = /^[A-Za-z0-9_-]+$/;

function fail(message: string): never {
  throw new RuleError({ code: 'sigma/unsupported', message });
}

/** The Sigma spelling of a regex: restricted PCRE, searched anywhere in the value. */
function sigmaRegex(value: RegexValue, notes: Diagnostic[]): string {
  if (value.flavour === 'lucene' || value.anchored) {
    notes.push({
      severity: 'info',
      code: 'sigma/regex-anchored',
      message: `the whole-value regex /${value.pattern}/ is anchored with ^(?:…)$ to keep its meaning as a Sigma substring regex`,
      fidelity: 'exact',
    });
    return `^(?:${value.pattern})$`;
  }
  return value.pattern;
}

function detectionValue(value: Value, expand: boolean, notes: Diagnostic[]): DetectionValue {
  switch (value.type) {
    case 'string':
      return printSigmaString(normalizePattern(value.pattern), expand);
    case 'number':
      return value.value;
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'regex':
      return sigmaRegex(value, notes);
    case 'cidr':
      return value.cidr;
    case 'fieldref':
      return value.field;
  }
}

/** A predicate's values as written, in an array of their number. */
function detectionValues(values: Value[], expand: boolean, notes: Diagnostic[]): DetectionValue[] {
  const out = new Array<DetectionValue>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = detectionValue(values[i] as Value, expand, notes);
  return out;
}

/** The values of a predicate grouped by the modifiers their types need, so each group is one Sigma item. */
function valueGroupKey(value: Value): string {
  if (value.type === 'regex') return `regex:${value.flags.i}${value.flags.m}${value.flags.s}`;
  if (value.type === 'string' || value.type === 'number' || value.type === 'boolean') return 'plain';
  return value.type;
}

/** Splits predicates whose values need different modifiers (a regex and a string, say) into several. */
function homogenize(p: Predicate): Expr {
  if (p.values.length <= 1) return p;
  const firstKey = valueGroupKey(p.values[0] as Value);
  if (p.values.every((v) => valueGroupKey(v) === firstKey)) return p;
  const groups = new Map<string, Value[]>();
  for (const v of p.values) {
    const key = valueGroupKey(v);
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  if (groups.size <= 1) return p;
  return { kind: p.matchAll ? 'and' : 'or', items: [...groups.values()].map((values) => ({ ...p, values })) };
}

function isString(v: Value): boolean {
  return v.type === 'string' || v.type === 'fieldref';
}

/** Whether case sensitivity can change what a value matches: it holds a letter with two cases. */
export function hasCase(value: Value): boolean {
  if (value.type === 'fieldref') return true;
  if (value.type !== 'string') return false;
  return value.pattern.some((part) => typeof part === 'string' && part.toLowerCase() !== part.toUpperCase());
}

/** Whether the detection being printed has a whole-term match (so that only then is it walked for notes). */
let sawTerm = false;

/** Modifiers are gathered here, then copied out at their exact size: most predicates have one or two. */
const gatheredModifiers: string[] = [];

function modifiersOf(p: Predicate): string[] {
  const mods = gatheredModifiers;
  let count = 0;
  if (p.datePart) mods[count++] = p.datePart;
  const trailingWindash = p.transforms.length > 0 && p.transforms[p.transforms.length - 1] === 'windash';
  const transforms = trailingWindash ? p.transforms.length - 1 : p.transforms.length;
  for (let i = 0; i < transforms; i++) mods[count++] = p.transforms[i] as string;
  const first = p.values[0];
  const isFieldref = first?.type === 'fieldref';
  if (isFieldref) mods[count++] = 'fieldref';
  switch (p.op) {
    case 'eq':
      break;
    case 'contains':
    case 'startswith':
    case 'endswith':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
    case 'cidr':
      mods[count++] = p.op;
      break;
    case 'term':
      // Sigma has no whole-term match: `contains` selects every event `has` selects, and more (said once for
      // the whole detection by termNotes, which knows whether the test stands under a negation).
      sawTerm = true;
      mods[count++] = 'contains';
      break;
    case 'regex': {
      mods[count++] = 're';
      const flags = first?.type === 'regex' ? first.flags : { i: false, m: false, s: false };
      if (flags.i) mods[count++] = 'i';
      if (flags.m) mods[count++] = 'm';
      if (flags.s) mods[count++] = 's';
      break;
    }
    case 'exists':
      mods[count++] = 'exists';
      break;
    case 'null':
      break;
  }
  if (trailingWindash) mods[count++] = 'windash';
  if (p.cased && p.op !== 'regex' && p.values.some(isString) && p.values.some(hasCase))
    mods[count++] = 'cased';
  if (p.values.some((v) => v.type === 'string' && hasPlaceholders(v.pattern))) mods[count++] = 'expand';
  return mods.slice(0, count);
}

type Shape = 'contains' | 'startswith' | 'endswith';

function shapeOf(value: Value): Shape | null {
  if (value.type !== 'string' || value.pattern.length < 2) return null;
  const leading = startsWithAny(value.pattern);
  const trailing = endsWithAny(value.pattern);
  return leading && trailing ? 'contains' : leading ? 'endswith' : trailing ? 'startswith' : null;
}

function stripShape(value: Value, shape: Shape): Value {
  if (value.type !== 'string') return value;
  const from = shape === 'startswith' ? 0 : 1;
  const to = shape === 'endswith' ? value.pattern.length : value.pattern.length - 1;
  return { type: 'string', pattern: value.pattern.slice(from, to) };
}

/**
 * Sigma authors write `|contains: 'x'`, not `'*x*'`: an equality whose every value is wildcarded the same
 * way at its ends is printed with the modifier that says so. Same meaning, the idiomatic spelling.
 */
function idiomatic(original: Predicate): Predicate {
  // Patterns are printed in canonical spelling (`**` as `*`), so that printing is a fixed point.
  const p = original.values.some((v) => v.type === 'string' && normalizePattern(v.pattern) !== v.pattern)
    ? {
        ...original,
        values: original.values.map((v) =>
          v.type === 'string' ? { type: 'string' as const, pattern: normalizePattern(v.pattern) } : v,
        ),
      }
    : original;
  if (p.op !== 'eq' || p.transforms.length > 0 || p.values.length === 0) return p;
  const shapes = p.values.map(shapeOf);
  const shape = shapes[0];
  if (!shape || shapes.some((s) => s !== shape)) return p;
  return { ...p, op: shape, values: p.values.map((v) => stripShape(v, shape)) };
}

/** One predicate (already homogeneous) as a map entry, or null when a map cannot say it. */
function entryOf(original: Predicate, negated: boolean, notes: Diagnostic[]): Entry | null {
  const field = original.field;
  if (field === null) return null;
  const p = idiomatic(original);
  if (negated && p.op !== 'exists') return negatedEntry(p, notes);
  if (p.op === 'exists') {
    const key = `${p.field}|exists`;
    return { key, value: !negated, mergeKey: key + (negated ? ':false' : ':true'), single: false };
  }
  if (p.op === 'null') return { key: field, value: null, mergeKey: `${field}:null`, single: false };
  const mods = modifiersOf(p);
  const expand = mods.includes('expand');
  const values = detectionValues(p.values, expand, notes);
  const base = mods.length === 0 ? field : `${field}|${mods.join('|')}`;
  if (values.length === 0) return null;
  if (values.length === 1)
    return { key: base, value: values[0] as DetectionValue, mergeKey: base, single: true };
  const allKey = p.matchAll ? [p.field, ...insertAll(mods)].join('|') : base;
  return {
    key: allKey,
    value: values,
    mergeKey: p.matchAll ? base + '#all' : base + '#any',
    single: false,
  };
}

/**
 * `Field|mods|neq` (Sigma 2.1): the negation of the whole item, as pySigma reads it. Never merged with other
 * entries of the key: `not a and not b` is `neq: [a, b]`, which an `|all` merge would get wrong.
 */
function negatedEntry(p: Predicate, notes: Diagnostic[]): Entry | null {
  if (p.op === 'null' || p.values.length === 0) return null;
  const positive = entryOf(p, false, notes);
  if (!positive) return null;
  const key = positive.key + '|neq';
  // `not (a or b) and not c` is `neq: [a, b, c]`; a negated `all` list cannot join others.
  const alternatives =
    p.matchAll && p.values.length > 1
      ? undefined
      : Array.isArray(positive.value)
        ? positive.value
        : [positive.value];
  return {
    key,
    value: positive.value,
    mergeKey: key + '#neq',
    single: false,
    ...(alternatives ? { alternatives } : {}),
  };
}

/** `all` goes after the operator and windash, before `cased`/`expand`, as SigmaHQ rules write it. */
function insertAll(mods: string[]): string[] {
  const at = mods.findIndex((m) => m === 'cased' || m === 'expand');
  return at < 0 ? [...mods, 'all'] : [...mods.slice(0, at), 'all', ...mods.slice(at)];
}

/**
 * AND of entries → one map, merging repeated keys into `|all` lists; null when keys still collide. A map
 * holds a handful of entries, so groups are found by scanning rather than hashing.
 */
function mapOf(entries: Entry[]): FieldMap | null {
  // Sized for one key per entry and cut to the keys written: the map is kept for printing.
  const out: FieldMap = new Array<[string, KeyValue]>(entries.length);
  let count = 0;
  let merged: boolean[] | undefined;
  for (let i = 0; i < entries.length; i++) {
    if (merged?.[i]) continue;
    const first = entries[i] as Entry;
    let group: Entry[] | undefined;
    for (let j = i + 1; j < entries.length; j++) {
      const other = entries[j] as Entry;
      if (other.mergeKey !== first.mergeKey) continue;
      (group ??= [first]).push(other);
      (merged ??= [])[j] = true;
    }
    let key = first.key;
    let value = first.value;
    if (group !== undefined && group.every((e) => e.alternatives !== undefined)) {
      value = group.flatMap((e) => e.alternatives as DetectionValue[]);
    } else if (group !== undefined) {
      if (group.some((e) => !e.single)) return null;
      const mods = first.key.split('|');
      key = [mods[0], ...insertAll(mods.slice(1))].join('|');
      value = group.map((e) => e.value as DetectionValue);
    }
    for (let k = 0; k < count; k++) if ((out[k] as [string, KeyValue])[0] === key) return null;
    out[count++] = [key, value];
  }
  out.length = count;
  return out;
}

/** The entries of an AND of predicates, in order, or null when one part cannot be a map entry. */
function asEntries(expr: Expr, notes: Diagnostic[]): Entry[] | null {
  // Sized for the usual AND of predicates, one entry each, and cut to what was gathered.
  const entries = new Array<Entry>(expr.kind === 'and' ? expr.items.length : 1);
  const count = gatherEntries(expr, notes, entries, 0);
  if (count < 0) return null;
  entries.length = count;
  return entries;
}

/** Adds the entries of `expr` to `out` from `count` on; the new count, or -1 when a part is no entry. */
function gatherEntries(expr: Expr, notes: Diagnostic[], out: Entry[], count: number): number {
  if (expr.kind === 'predicate') {
    const h = homogenize(expr);
    if (h !== expr) return gatherEntries(h, notes, out, count);
    return addEntry(entryOf(expr, false, notes), out, count);
  }
  if (expr.kind === 'not' && expr.item.kind === 'predicate' && homogenize(expr.item) === expr.item) {
    return addEntry(entryOf(expr.item, true, notes), out, count);
  }
  if (expr.kind === 'and') {
    for (const item of expr.items) {
      count = gatherEntries(item, notes, out, count);
      if (count < 0) return -1;
    }
    return count;
  }
  return -1;
}

function addEntry(entry: Entry | null, out: Entry[], count: number): number {
  if (entry === null) return -1;
  out[count] = entry;
  return count + 1;
}

/** A keyword (field-less) predicate as list items, or a `'|mods': […]` map. */
function keywordBody(p: Predicate, notes: Diagnostic[]): Body | null {
  if (p.field !== null || p.values.length === 0) return null;
  const mods = modifiersOf(p);
  const expand = mods.includes('expand');
  const values = detectionValues(p.values, expand, notes);
  if (mods.length === 0 && !p.matchAll) return { kind: 'keywords', values };
  const key = '|' + (p.matchAll ? insertAll(mods) : mods).join('|');
  const value = values.length === 1 && !p.matchAll ? (values[0] as DetectionValue) : values;
  return { kind: 'map', entries: [[key, value]] };
}

/** The search-identifier body for an expression, or null when it needs a condition to combine parts. */
function bodyOf(expr: Expr, notes: Diagnostic[]): Body | null {
  // Notes count only for a body that is written: those of an attempt that fails are taken back.
  const mark = notes.length;
  const body = bodyOfInner(expr, notes);
  if (!body) notes.length = mark;
  return body;
}

/** Parts the source named stay separate identifiers, so a printed rule keeps its author's structure. */
function hasLabeledChild(expr: Expr): boolean {
  if (expr.kind === 'not') return isLabeledOrHasLabeledChild(expr.item);
  if (expr.kind !== 'and' && expr.kind !== 'or') return false;
  // Predicates, most children, carry no label and hold nothing that could.
  for (const c of expr.items) if (c.kind !== 'predicate' && isLabeledOrHasLabeledChild(c)) return true;
  return false;
}

function isLabeledOrHasLabeledChild(c: Expr): boolean {
  return (
    ((c.kind === 'and' || c.kind === 'or' || c.kind === 'not') && c.label !== undefined) || hasLabeledChild(c)
  );
}

function bodyOfInner(expr: Expr, notes: Diagnostic[]): Body | null {
  if (hasLabeledChild(expr)) return null;
  // A group of one is its member (a Sigma map holding one keyword item reads back that way).
  if ((expr.kind === 'and' || expr.kind === 'or') && expr.items.length === 1)
    return bodyOfInner(expr.items[0] as Expr, notes);
  if (expr.kind === 'predicate' && expr.field === null) {
    const h = homogenize(expr);
    return h === expr ? keywordBody(expr, notes) : null;
  }
  if (expr.kind === 'or' && expr.items.length > 0) {
    const items = flattenOr(expr.items);
    if (items.every((i) => i.kind === 'predicate' && i.field === null && !i.matchAll)) {
      const keywords = items as Predicate[];
      const mods = keywords.map((k) => modifiersOf(k).join('|'));
      if (mods.every((m) => m === mods[0]) && keywords.every((k) => homogenize(k) === k)) {
        return keywordBody(
          { ...(keywords[0] as Predicate), values: keywords.flatMap((k) => k.values) },
          notes,
        );
      }
      return null;
    }
    // Alternatives of one field with the same modifiers: one key with a list of values.
    if (
      items.every((i) => i.kind === 'predicate' && i.field !== null && (i.values.length === 1 || !i.matchAll))
    ) {
      const preds = items as Predicate[];
      const entries = preds.map((p) => entryOf(p, false, notes));
      if (
        entries.every((e) => e !== null && e.mergeKey === entries[0]?.mergeKey && !e.mergeKey.includes(':'))
      ) {
        const values = preds.flatMap((p) => p.values);
        const merged = entryOf({ ...(preds[0] as Predicate), values, matchAll: false }, false, notes);
        if (merged) return { kind: 'map', entries: [[merged.key, merged.value]] };
      }
    }
    const maps: FieldMap[] = [];
    for (const item of items) {
      const entries = asEntries(item, notes);
      const m = entries ? mapOf(entries) : null;
      if (!m) return null;
      maps.push(m);
    }
    return { kind: 'maps', maps };
  }
  const entries = asEntries(expr, notes);
  const map = entries ? mapOf(entries) : null;
  return map ? { kind: 'map', entries: map } : null;
}

function flattenOr(items: Expr[], out: Expr[] = []): Expr[] {
  for (const i of items) {
    if (i.kind === 'or' && i.label === undefined) flattenOr(i.items, out);
    else out.push(i);
  }
  return out;
}

function fieldHint(expr: Expr): string | null {
  if (expr.kind === 'predicate') return expr.field;
  if (expr.kind === 'not') return fieldHint(expr.item);
  if (expr.kind === 'and' || expr.kind === 'or') {
    for (const item of expr.items) {
      const hint = fieldHint(item);
      if (hint) return hint;
    }
  }
  return null;
}

function slug(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
}

interface Slot {
  body: Body;
  label: string | undefined;
  role: 'selection' | 'filter';
  hint: string | null;
  name: string;
}

/**
 * Names search identifiers once all are known: the source's own label where it is usable, else the role
 * ('selection', or 'filter' under a `not`) alone when it is the only one of its role, else the role and the
 * first field it tests.
 */
class Namer {
  private readonly slots: Slot[] = [];
  private readonly byExpr = new Map<Expr, Slot>();

  constructor(private readonly reserved: string[] = []) {}

  /** One identifier per expression node: a search identifier the condition names twice is still one. */
  register(expr: Expr, body: Body, label: string | undefined, role: Slot['role'], hint: string | null): Slot {
    const existing = this.byExpr.get(expr);
    if (existing) return existing;
    const slot: Slot = { body, label, role, hint, name: '' };
    this.byExpr.set(expr, slot);
    this.slots.push(slot);
    return slot;
  }

  assign(): [string, Body][] {
    const used = new Set<string>(this.reserved);
    const free = (name: string): boolean => VALID_NAME.test(name) && !RESERVED.has(name) && !used.has(name);
    for (const slot of this.slots) {
      if (slot.label !== undefined && free(slot.label)) {
        slot.name = slot.label;
        used.add(slot.name);
      }
    }
    const unnamed = this.slots.filter((s) => s.name === '');
    for (const slot of unnamed) {
      const alone = unnamed.filter((s) => s.role === slot.role).length === 1;
      const base =
        alone || !slot.hint
          ? slot.role
          : `${slot.role}_${slug(slot.hint.split('.').pop() ?? slot.hint) || 'x'}`;
      let name = base;
      for (let n = 2; !free(name); n++) name = `${base}_${n}`;
      slot.name = name;
      used.add(name);
    }
    return this.slots.map((s) => [s.name, s.body]);
  }
}

function buildTree(expr: Expr, namer: Namer, role: 'selection' | 'filter', notes: Diagnostic[]): CondTree {
  const body = bodyOf(expr, notes);
  if (body) {
    const label = expr.kind === 'and' || expr.kind === 'or' || expr.kind === 'not' ? expr.label : undefined;
    return { kind: 'name', slot: namer.register(expr, body, label, role, fieldHint(expr)) };
  }
  switch (expr.kind) {
    case 'and':
    case 'or': {
      if (expr.items.length === 0) fail(`an empty ${expr.kind} has no Sigma form`);
      const items = expr.items.map((i) => buildTree(i, namer, role, notes));
      return items.length === 1 ? (items[0] as CondTree) : { kind: expr.kind, items };
    }
    case 'not':
      return {
        kind: 'not',
        item: buildTree(expr.item, namer, role === 'selection' ? 'filter' : 'selection', notes),
      };
    case 'predicate': {
      const h = homogenize(expr);
      if (h !== expr) return buildTree(h, namer, role, notes);
      if (expr.values.length === 0 && expr.field === null)
        fail(`a keyword search without values has no Sigma form`);
      return fail(`the condition on ${expr.field ?? 'keywords'} (${expr.op}) has no Sigma form`);
    }
    case 'const':
      return fail(`a constant ${expr.value ? 'true' : 'false'} condition has no Sigma form`);
    case 'computed':
      return fail(`a computed ${expr.dialect.toUpperCase()} expression has no Sigma form`);
  }
}

/** Longest common prefix of names, cut back to an identifier-safe pattern stem. */
function commonPrefix(names: string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const stem = prefix.replace(/[^A-Za-z0-9_]+$/, '');
  return /^[A-Za-z0-9_]+$/.test(stem) ? stem : '';
}

/** `a and (b and c)` is `a and b and c`: nested groups of one kind are one group, however deep. */
function flattenSame(items: CondTree[], kind: 'and' | 'or', out: CondTree[] = []): CondTree[] {
  for (const i of items) {
    if (i.kind === kind) flattenSame(i.items, kind, out);
    else out.push(i);
  }
  return out;
}

function render(tree: CondTree, all: string[], parent: 'and' | 'or' | 'not' | null): string {
  switch (tree.kind) {
    case 'name':
      return tree.slot.name;
    case 'not':
      return `not ${render(tree.item, all, 'not')}`;
    case 'and':
    case 'or': {
      const flat = flattenSame(tree.items, tree.kind);
      if (flat.length >= 2 && flat.every((i) => i.kind === 'name')) {
        const names = flat.map((i) => (i as { slot: { name: string } }).slot.name);
        const prefix = commonPrefix(names);
        if (prefix !== '') {
          const selected = selectIdentifiers(all, prefix + '*');
          const wanted = new Set(names);
          if (selected.length === wanted.size && selected.every((n) => wanted.has(n))) {
            return `${tree.kind === 'or' ? '1' : 'all'} of ${prefix}*`;
          }
        }
      }
      const text = flat.map((i) => render(i, all, tree.kind)).join(` ${tree.kind} `);
      // `and` inside `or` needs no brackets by precedence; they are written anyway, for the reader.
      const needsParens = parent === 'not' || (parent !== null && parent !== tree.kind);
      return needsParens ? `(${text})` : text;
    }
  }
}

/**
 * Whole-term matches (KQL `has`) written as `contains`, which also matches inside longer words: broader where
 * the test is asserted, narrower where it is denied.
 */
function termNotes(expr: Expr): Diagnostic[] {
  const fields = new Set<string>();
  const term = (p: Predicate) => {
    if (p.op !== 'term') return undefined;
    fields.add(p.field ?? 'keywords');
    return 'broader' as const;
  };
  return fidelityNotes([expr], term, {
    code: 'sigma/term-as-contains',
    severity: 'warning',
    message: (fidelity) => {
      const list = [...fields].join(', ');
      return fidelity === 'broader'
        ? `term match on ${list} written as 'contains', which also matches inside longer words`
        : `negated term match on ${list} written as 'contains', which also rules out events where the word is only part of a longer one`;
    },
  });
}

/**
 * Sigma has no constant: a search that matches every event (all its tests were the log source's selector) is
 * written as `F|exists: true or F|exists: false` and read back as the constant; a search that matches nothing, as
 * the same pair under `and`. The pair holds whatever F is; F is one the log source's events have, so that other
 * tools' field mappings know it.
 */
function constantAsPair(value: boolean, presentField: string | undefined, notes: Diagnostic[]): Expr {
  if (presentField === undefined)
    fail(
      `a constant ${value ? 'true' : 'false'} condition has no Sigma form (no field is known to be on every event of the log source)`,
    );
  const present: Expr = {
    kind: 'predicate',
    field: presentField,
    op: 'exists',
    values: [],
    matchAll: false,
    cased: false,
    transforms: [],
  };
  notes.push({
    severity: 'info',
    code: 'sigma/constant-search',
    message: `the search matches ${value ? 'every event' : 'no event'} of its log source: written as ${presentField}|exists true ${value ? 'or' : 'and'} false, which Sigma has for a constant`,
    fidelity: 'exact',
  });
  return { kind: value ? 'or' : 'and', items: [present, { kind: 'not', item: present }] };
}

/** `presentField`: a field every event of the log source has, for a search that is a constant. */
export function printDetection(expr: Expr, reserved: string[] = [], presentField?: string): PrintedDetection {
  const diagnostics: Diagnostic[] = [];
  const namer = new Namer(reserved);
  sawTerm = false;
  const folded = foldConstants(expr);
  if (folded.kind === 'const') expr = constantAsPair(folded.value, presentField, diagnostics);
  const tree = buildTree(expr, namer, 'selection', diagnostics);
  if (sawTerm) diagnostics.unshift(...termNotes(expr));
  const identifiers = namer.assign();
  const names = identifiers.map(([n]) => n);
  return { identifiers, condition: render(tree, names, null), diagnostics };
}

/** Search identifiers as `name:` keys `column` deep, each with its map or list below it. */
export function writeIdentifiers(w: YamlWriter, column: number, identifiers: [string, Body][]): void {
  for (const [name, body] of identifiers) {
    switch (body.kind) {
      case 'map':
        writeFieldMap(w, column, name, body.entries);
        break;
      case 'keywords':
        w.list(column, name, body.values, 'quoted');
        break;
      case 'maps':
        writeMaps(w, column, name, body.maps);
        break;
    }
  }
}

/** `name:` and a map of keys, or `name: {}`. */
function writeFieldMap(w: YamlWriter, column: number, name: string, entries: FieldMap): void {
  if (entries.length === 0) {
    w.map(column, name, []);
    return;
  }
  w.open(column, name);
  writeEntries(w, column + 4, entries);
}

function writeEntries(w: YamlWriter, column: number, entries: FieldMap): void {
  for (const [key, value] of entries) {
    if (Array.isArray(value)) w.list(column, key, value, 'quoted');
    else w.scalar(column, key, value, 'quoted');
  }
}

/** `name:` and a list of maps, each map's first key on its dash's line. */
function writeMaps(w: YamlWriter, column: number, name: string, maps: FieldMap[]): void {
  if (maps.length === 0) {
    w.list(column, name, [], 'quoted');
    return;
  }
  w.open(column, name);
  for (const entries of maps) {
    if (entries.length === 0) w.anyItem(column + 4, {});
    else {
      w.itemMap(column + 4);
      writeEntries(w, column + 6, entries);
    }
  }
}
