import type { Expr, Predicate, RegexValue, Value } from '../../ir/types.js';
import { endsWithAny, hasPlaceholders, normalizePattern, startsWithAny } from '../../ir/pattern.js';
import { RuleError, type Diagnostic } from '../../report/diagnostics.js';
import { map, quoted, scalar, seq, type YMap, type YNode } from '../../util/yaml-writer.js';
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
  identifiers: [string, YNode][];
  condition: string;
  diagnostics: Diagnostic[];
}

type CondTree =
  | { kind: 'name'; slot: { name: string } }
  | { kind: 'and' | 'or'; items: CondTree[] }
  | { kind: 'not'; item: CondTree };

/** A map entry of one search identifier: key with modifiers, and its value node. */
interface Entry {
  key: string;
  value: YNode;
  /** The field and modifiers without the trailing `|all`, so entries of one key can merge into a list. */
  mergeKey: string;
  single: YNode | null;
  /** For `|neq` entries: the values whose negations several entries of the key may join into one list. */
  alternatives?: YNode[];
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

function valueNode(value: Value, expand: boolean, notes: Diagnostic[]): YNode {
  switch (value.type) {
    case 'string':
      return quoted(printSigmaString(normalizePattern(value.pattern), expand));
    case 'number':
      return scalar(value.value);
    case 'boolean':
      return scalar(value.value);
    case 'null':
      return scalar(null);
    case 'regex':
      return quoted(sigmaRegex(value, notes));
    case 'cidr':
      return quoted(value.cidr);
    case 'fieldref':
      return quoted(value.field);
  }
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

function modifiersOf(p: Predicate, notes: Diagnostic[]): string[] {
  const mods: string[] = [];
  if (p.datePart) mods.push(p.datePart);
  const trailingWindash = p.transforms.length > 0 && p.transforms[p.transforms.length - 1] === 'windash';
  if (p.transforms.length > 0) mods.push(...(trailingWindash ? p.transforms.slice(0, -1) : p.transforms));
  const first = p.values[0];
  const isFieldref = first?.type === 'fieldref';
  if (isFieldref) mods.push('fieldref');
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
      mods.push(p.op);
      break;
    case 'term':
      // Sigma has no whole-term match: `contains` selects every event `has` selects, and more.
      notes.push({
        severity: 'warning',
        code: 'sigma/term-as-contains',
        message: `term match on ${p.field ?? 'keywords'} written as 'contains', which also matches inside longer words`,
        fidelity: 'broader',
      });
      mods.push('contains');
      break;
    case 'regex': {
      mods.push('re');
      const flags = first?.type === 'regex' ? first.flags : { i: false, m: false, s: false };
      if (flags.i) mods.push('i');
      if (flags.m) mods.push('m');
      if (flags.s) mods.push('s');
      break;
    }
    case 'exists':
      mods.push('exists');
      break;
    case 'null':
      break;
  }
  if (trailingWindash) mods.push('windash');
  if (p.cased && p.op !== 'regex' && p.values.some(isString) && p.values.some(hasCase)) mods.push('cased');
  if (p.values.some((v) => v.type === 'string' && hasPlaceholders(v.pattern))) mods.push('expand');
  return mods;
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
    const node = scalar(!negated);
    return { key, value: node, mergeKey: key + (negated ? ':false' : ':true'), single: null };
  }
  if (p.op === 'null') return { key: field, value: scalar(null), mergeKey: `${field}:null`, single: null };
  const mods = modifiersOf(p, notes);
  const expand = mods.includes('expand');
  const nodes = p.values.map((v) => valueNode(v, expand, notes));
  const base = mods.length === 0 ? field : `${field}|${mods.join('|')}`;
  if (nodes.length === 0) return null;
  if (nodes.length === 1)
    return { key: base, value: nodes[0] as YNode, mergeKey: base, single: nodes[0] as YNode };
  const allKey = p.matchAll ? [p.field, ...insertAll(mods)].join('|') : base;
  return {
    key: allKey,
    value: seq(nodes),
    mergeKey: p.matchAll ? base + '#all' : base + '#any',
    single: null,
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
      : positive.value.kind === 'seq'
        ? positive.value.items
        : [positive.value];
  return {
    key,
    value: positive.value,
    mergeKey: key + '#neq',
    single: null,
    ...(alternatives ? { alternatives } : {}),
  };
}

/** `all` goes after the operator and windash, before `cased`/`expand`, as SigmaHQ rules write it. */
function insertAll(mods: string[]): string[] {
  const at = mods.findIndex((m) => m === 'cased' || m === 'expand');
  return at < 0 ? [...mods, 'all'] : [...mods.slice(0, at), 'all', ...mods.slice(at)];
}

/** AND of entries → one map, merging repeated keys into `|all` lists; null when keys still collide. */
function mapOf(entries: Entry[]): YMap | null {
  const merged = new Map<string, Entry[]>();
  for (const e of entries) {
    const group = merged.get(e.mergeKey);
    if (group) group.push(e);
    else merged.set(e.mergeKey, [e]);
  }
  const out: [string, YNode][] = [];
  const seen = new Set<string>();
  for (const group of merged.values()) {
    const first = group[0] as Entry;
    let key = first.key;
    let value = first.value;
    if (group.length > 1 && group.every((e) => e.alternatives !== undefined)) {
      value = seq(group.flatMap((e) => e.alternatives as YNode[]));
    } else if (group.length > 1) {
      if (group.some((e) => e.single === null)) return null;
      const mods = first.key.split('|');
      key = [mods[0], ...insertAll(mods.slice(1))].join('|');
      value = seq(group.map((e) => e.single as YNode));
    }
    if (seen.has(key)) return null;
    seen.add(key);
    out.push([key, value]);
  }
  return map(out);
}

function asEntries(expr: Expr, notes: Diagnostic[]): Entry[] | null {
  if (expr.kind === 'predicate') {
    const h = homogenize(expr);
    if (h !== expr) return asEntries(h, notes);
    const e = entryOf(expr, false, notes);
    return e ? [e] : null;
  }
  if (expr.kind === 'not' && expr.item.kind === 'predicate' && homogenize(expr.item) === expr.item) {
    const e = entryOf(expr.item, true, notes);
    return e ? [e] : null;
  }
  if (expr.kind === 'and') {
    const entries: Entry[] = [];
    for (const item of expr.items) {
      const sub = asEntries(item, notes);
      if (!sub) return null;
      entries.push(...sub);
    }
    return entries;
  }
  return null;
}

/** A keyword (field-less) predicate as list items, or a `'|mods': […]` map. */
function keywordBody(p: Predicate, notes: Diagnostic[]): YNode | null {
  if (p.field !== null || p.values.length === 0) return null;
  const mods = modifiersOf(p, notes);
  const expand = mods.includes('expand');
  const nodes = p.values.map((v) => valueNode(v, expand, notes));
  if (mods.length === 0 && !p.matchAll) return seq(nodes);
  const key = '|' + (p.matchAll ? insertAll(mods) : mods).join('|');
  return map([[key, nodes.length === 1 && !p.matchAll ? (nodes[0] as YNode) : seq(nodes)]]);
}

/** The search-identifier body for an expression, or null when it needs a condition to combine parts. */
function bodyOf(expr: Expr, notes: Diagnostic[]): YNode | null {
  const local: Diagnostic[] = [];
  const body = bodyOfInner(expr, local);
  if (body) notes.push(...local);
  return body;
}

/** Parts the source named stay separate identifiers, so a printed rule keeps its author's structure. */
function hasLabeledChild(expr: Expr): boolean {
  if (expr.kind === 'not') return isLabeledOrHasLabeledChild(expr.item);
  if (expr.kind !== 'and' && expr.kind !== 'or') return false;
  for (const c of expr.items) if (isLabeledOrHasLabeledChild(c)) return true;
  return false;
}

function isLabeledOrHasLabeledChild(c: Expr): boolean {
  return (
    ((c.kind === 'and' || c.kind === 'or' || c.kind === 'not') && c.label !== undefined) || hasLabeledChild(c)
  );
}

function bodyOfInner(expr: Expr, notes: Diagnostic[]): YNode | null {
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
      const mods = keywords.map((k) => modifiersOf(k, []).join('|'));
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
        if (merged) return map([[merged.key, merged.value]]);
      }
    }
    const maps: YNode[] = [];
    for (const item of items) {
      const entries = asEntries(item, notes);
      const m = entries ? mapOf(entries) : null;
      if (!m) return null;
      maps.push(m);
    }
    return seq(maps);
  }
  const entries = asEntries(expr, notes);
  return entries ? mapOf(entries) : null;
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
  body: YNode;
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
  register(
    expr: Expr,
    body: YNode,
    label: string | undefined,
    role: Slot['role'],
    hint: string | null,
  ): Slot {
    const existing = this.byExpr.get(expr);
    if (existing) return existing;
    const slot: Slot = { body, label, role, hint, name: '' };
    this.byExpr.set(expr, slot);
    this.slots.push(slot);
    return slot;
  }

  assign(): [string, YNode][] {
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

export function printDetection(expr: Expr, reserved: string[] = []): PrintedDetection {
  const diagnostics: Diagnostic[] = [];
  const namer = new Namer(reserved);
  const tree = buildTree(expr, namer, 'selection', diagnostics);
  const identifiers = namer.assign();
  const names = identifiers.map(([n]) => n);
  return { identifiers, condition: render(tree, names, null), diagnostics };
}
