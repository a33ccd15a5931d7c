import { foldComplements } from '../../ir/fold.js';
import type { Expr, Predicate, RegexValue, Value } from '../../ir/types.js';
import { RuleError } from '../../report/diagnostics.js';
import { hasWildcards } from '../../ir/pattern.js';
import { ModifierError, parseFieldSpec, type FieldSpec } from './modifiers.js';
import { ConditionSyntaxError, parseCondition, type ConditionNode } from './condition.js';
import { parseSigmaString } from './strings.js';

export type YamlPath = (string | number)[];

/** Where warnings go while a detection is read; errors are thrown as RuleError. */
export interface DetectionContext {
  warn(code: string, message: string, path: YamlPath): void;
}

function fail(code: string, message: string, path: YamlPath): never {
  throw new RuleError({ code, message, path });
}

/**
 * The path of an item: its map's path and its key there (`entry`), or, with no entry, the path of a search
 * identifier holding keywords. Paths are spelled out only for messages: most items never need one.
 */
function itemPath(parent: YamlPath, entry: string | undefined): YamlPath {
  return entry === undefined ? parent : [...parent, entry];
}

/** The path of a value: its item's path, and its index when it is one of a list. */
function valuePath(parent: YamlPath, entry: string | undefined, index: number | undefined): YamlPath {
  const path = itemPath(parent, entry);
  return index === undefined ? path : [...path, index];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CIDR = /^(?:(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:\/\d{1,3})?)$/;

function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  return null;
}

function scalarText(
  raw: unknown,
  parent: YamlPath,
  entry: string | undefined,
  index: number | undefined,
): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return fail(
    'sigma/bad-value',
    `expected a string, found ${describe(raw)}`,
    valuePath(parent, entry, index),
  );
}

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'a map';
  return `${typeof raw} ${JSON.stringify(raw)}`;
}

/** One YAML value under a key, typed by what the key's modifiers say it is. */
function readValue(
  spec: Readonly<FieldSpec>,
  raw: unknown,
  parent: YamlPath,
  entry: string | undefined,
  index: number | undefined,
): Value {
  // Paths are built only when something fails: most values never need one.
  switch (spec.op) {
    case 'regex': {
      const regex: RegexValue = {
        type: 'regex',
        pattern: scalarText(raw, parent, entry, index),
        flags: { ...spec.regexFlags },
        flavour: 'pcre',
        anchored: false,
      };
      return regex;
    }
    case 'cidr': {
      const cidr = scalarText(raw, parent, entry, index).trim();
      if (!CIDR.test(cidr))
        fail(
          'sigma/bad-cidr',
          `'${cidr}' is not an IPv4 or IPv6 network in CIDR notation`,
          valuePath(parent, entry, index),
        );
      return { type: 'cidr', cidr };
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const n = toNumber(raw);
      if (n === null)
        fail(
          'sigma/bad-number',
          `'${spec.op}' compares with a number, found ${describe(raw)}`,
          valuePath(parent, entry, index),
        );
      return { type: 'number', value: n };
    }
    case 'fieldref': {
      const field = scalarText(raw, parent, entry, index);
      if (/[*?]/.test(field))
        fail(
          'sigma/bad-fieldref',
          `'fieldref' takes a field name without wildcards, found '${field}'`,
          valuePath(parent, entry, index),
        );
      return { type: 'fieldref', field };
    }
    default: {
      if (spec.datePart) {
        const n = toNumber(raw);
        if (n === null)
          fail(
            'sigma/bad-number',
            `date part '${spec.datePart}' compares with a number, found ${describe(raw)}`,
            valuePath(parent, entry, index),
          );
        return { type: 'number', value: n };
      }
      if (typeof raw === 'number' && spec.op === 'eq' && spec.transforms.length === 0 && !spec.cased) {
        return { type: 'number', value: raw };
      }
      if (typeof raw === 'boolean' && spec.op === 'eq' && spec.transforms.length === 0) {
        return { type: 'boolean', value: raw };
      }
      const pattern = parseSigmaString(scalarText(raw, parent, entry, index), spec.expand);
      if (
        (spec.transforms.includes('base64') || spec.transforms.includes('base64offset')) &&
        hasWildcards(pattern)
      ) {
        fail(
          'sigma/wildcard-in-base64',
          `base64 encodings cannot carry wildcards: ${JSON.stringify(raw)}`,
          valuePath(parent, entry, index),
        );
      }
      return { type: 'string', pattern };
    }
  }
}

function predicateFor(spec: Readonly<FieldSpec>, values: Value[]): Predicate {
  const op = spec.op === 'fieldref' ? (spec.fieldrefOp ?? 'eq') : spec.op;
  const p: Predicate = {
    kind: 'predicate',
    field: spec.field,
    op,
    values,
    matchAll: spec.matchAll,
    cased: spec.op === 'regex' ? true : spec.cased,
    transforms: spec.transforms.length === 0 ? [] : [...spec.transforms],
  };
  if (spec.datePart) p.datePart = spec.datePart;
  return p;
}

/** `Field|mods: value-or-list`, the entry `key` of the map at `mapPath`, → an expression. */
function readItem(key: string, raw: unknown, mapPath: YamlPath, ctx: DetectionContext): Expr {
  let spec: Readonly<FieldSpec>;
  try {
    spec = parseFieldSpec(key);
  } catch (error) {
    if (error instanceof ModifierError)
      fail('sigma/unknown-modifier', error.message, [...mapPath, key, '@key']);
    throw error;
  }
  const expr = readItemWithSpec(spec, key, raw, mapPath, key, ctx);
  return spec.negated ? { kind: 'not', item: expr } : expr;
}

/** An item's value or list of values, read under its modifiers; `parent` and `entry` locate it (itemPath). */
function readItemWithSpec(
  spec: Readonly<FieldSpec>,
  key: string,
  raw: unknown,
  parent: YamlPath,
  entry: string | undefined,
  ctx: DetectionContext,
): Expr {
  if (spec.op === 'exists') {
    if (typeof raw !== 'boolean')
      fail(
        'sigma/bad-value',
        `'exists' takes true or false, found ${describe(raw)}`,
        itemPath(parent, entry),
      );
    const exists = predicateFor(spec, []);
    return raw ? exists : { kind: 'not', item: exists };
  }
  const isList = Array.isArray(raw);
  const length = isList ? raw.length : 1;
  if (length === 0) fail('sigma/empty-list', `'${key}' has an empty list of values`, itemPath(parent, entry));
  if (spec.matchAll && length < 2) {
    ctx.warn('sigma/all-single-value', `'all' on a single value has no effect`, itemPath(parent, entry));
  }
  // Sized up front (and cut down if nulls leave room): the IR keeps these arrays.
  const values: Value[] = new Array<Value>(length);
  let count = 0;
  let hasNull = false;
  for (let index = 0; index < length; index++) {
    const item: unknown = isList ? raw[index] : raw;
    const at = isList ? index : undefined;
    if (item === null) hasNull = true;
    else if (Array.isArray(item) || isPlainObject(item)) {
      fail(
        'sigma/bad-value',
        `a value of '${key}' must be a scalar, found ${describe(item)}`,
        valuePath(parent, entry, at),
      );
    } else values[count++] = readValue(spec, item, parent, entry, at);
  }
  if (count !== values.length) values.length = count;
  if (!hasNull) return predicateFor(spec, values);
  if (spec.op !== 'eq' || spec.transforms.length > 0) {
    fail('sigma/bad-null', `null cannot be combined with modifiers in '${key}'`, itemPath(parent, entry));
  }
  const isNull = predicateFor({ ...spec, matchAll: false, cased: false }, []);
  isNull.op = 'null';
  if (values.length === 0) return isNull;
  ctx.warn(
    'sigma/null-in-list',
    `null mixed into a value list: the specification wants it in a selection of its own`,
    itemPath(parent, entry),
  );
  const rest = predicateFor(spec, values);
  return { kind: spec.matchAll ? 'and' : 'or', items: [rest, isNull] };
}

function readMap(map: Record<string, unknown>, path: YamlPath, ctx: DetectionContext, label?: string): Expr {
  const keys = Object.keys(map);
  if (keys.length === 0) fail('sigma/empty-selection', 'a selection map is empty', path);
  const items = keys.map((key) => readItem(key, map[key], path, ctx));
  return label === undefined ? { kind: 'and', items } : { kind: 'and', items, label };
}

/** A search identifier's value: a map (AND), a list of maps (OR of ANDs) or a list of keywords (OR). */
export function readSearchIdentifier(
  name: string,
  raw: unknown,
  path: YamlPath,
  ctx: DetectionContext,
): Expr {
  if (isPlainObject(raw)) return readMap(raw, path, ctx, name);
  if (Array.isArray(raw)) {
    if (raw.length === 0) fail('sigma/empty-selection', `search identifier '${name}' is an empty list`, path);
    if (raw.every(isPlainObject)) {
      return {
        kind: 'or',
        items: raw.map((m, i) => readMap(m as Record<string, unknown>, [...path, i], ctx)),
        label: name,
      };
    }
    if (raw.some((x) => isPlainObject(x) || Array.isArray(x))) {
      fail('sigma/mixed-list', `search identifier '${name}' mixes keywords with maps`, path);
    }
    const keywords = readItemWithSpec(parseFieldSpec(''), name, raw, path, undefined, ctx);
    return { kind: 'or', items: [keywords], label: name };
  }
  if (typeof raw === 'string' || typeof raw === 'number') {
    // A lone keyword; pySigma accepts it. Kept, with a list when printed.
    const keyword = readItemWithSpec(parseFieldSpec(''), name, raw, path, undefined, ctx);
    return { kind: 'or', items: [keyword], label: name };
  }
  return fail(
    'sigma/bad-selection',
    `search identifier '${name}' must be a map or a list, found ${describe(raw)}`,
    path,
  );
}

/** Identifiers a `x of pattern` selector covers: `*` matches any run of characters, `them` all but `_…`. */
const selectorRegexes = new Map<string, RegExp>();

export function selectIdentifiers(names: string[], pattern: string | null): string[] {
  if (pattern === null) return names.filter((n) => !n.startsWith('_'));
  let regex = selectorRegexes.get(pattern);
  if (!regex) {
    regex = new RegExp(
      '^' +
        pattern
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*') +
        '$',
    );
    if (selectorRegexes.size > 10_000) selectorRegexes.clear();
    selectorRegexes.set(pattern, regex);
  }
  const matcher = regex;
  return names.filter((n) => matcher.test(n));
}

/**
 * The detection section → one expression: each search identifier read once, then the condition (or the
 * OR of a list of conditions) built over them.
 */
export function readDetection(
  detection: unknown,
  basePath: YamlPath,
  ctx: DetectionContext,
  conditionKey = 'condition',
): Expr {
  if (!isPlainObject(detection))
    fail('sigma/bad-detection', `'${String(basePath.at(-1))}' must be a map`, basePath);
  const identifiers = new Map<string, Expr>();
  for (const name of Object.keys(detection)) {
    if (name === conditionKey) continue;
    identifiers.set(name, readSearchIdentifier(name, detection[name], [...basePath, name], ctx));
  }
  const condition = detection[conditionKey];
  const conditionPath = [...basePath, conditionKey];
  if (condition === undefined || condition === null) {
    fail('sigma/missing-condition', `the detection has no '${conditionKey}'`, basePath);
  }
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0)
    fail('sigma/missing-condition', 'the list of conditions is empty', conditionPath);
  const exprs = conditions.map((c, i) => {
    const path = Array.isArray(condition) ? [...conditionPath, i] : conditionPath;
    if (typeof c !== 'string')
      fail('sigma/bad-condition', `a condition must be a string, found ${describe(c)}`, path);
    return conditionToExpr(c, identifiers, path);
  });
  // A search written as `x or not x` (how rulestone writes one that matches every event) is that constant.
  return foldComplements(exprs.length === 1 ? (exprs[0] as Expr) : { kind: 'or', items: exprs });
}

function conditionToExpr(text: string, identifiers: Map<string, Expr>, path: YamlPath): Expr {
  let tree: ConditionNode;
  try {
    tree = parseCondition(text);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) {
      fail('sigma/bad-condition', `${error.message} at character ${error.offset + 1} of '${text}'`, [
        ...path,
        `@offset:${error.offset}`,
      ]);
    }
    throw error;
  }
  const names = [...identifiers.keys()];
  const build = (node: ConditionNode): Expr => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { kind: node.kind, items: node.items.map(build) };
      case 'not':
        return { kind: 'not', item: build(node.item) };
      case 'ref': {
        const expr = identifiers.get(node.name);
        if (!expr) {
          fail(
            'sigma/unknown-identifier',
            `the condition names '${node.name}', which the detection does not define (it has: ${names.join(', ') || 'none'})`,
            [...path, `@offset:${node.offset}`],
          );
        }
        return expr;
      }
      case 'of': {
        const selected = selectIdentifiers(names, node.pattern);
        if (selected.length === 0) {
          fail(
            'sigma/empty-selector',
            `'${node.all ? 'all' : '1'} of ${node.pattern ?? 'them'}' matches no search identifier`,
            [...path, `@offset:${node.offset}`],
          );
        }
        return { kind: node.all ? 'and' : 'or', items: selected.map((n) => identifiers.get(n) as Expr) };
      }
    }
  };
  return build(tree);
}
