import type {
  Expr,
  JoinKey,
  Pattern,
  Predicate,
  Query,
  RegexValue,
  Rule,
  SearchQuery,
  Source,
  Step,
  Value,
} from '../ir/types.js';
import { literalText, ANY, isPlaceholder, normalizePattern } from '../ir/pattern.js';
import { compileWildcard } from '../engine/wildcard.js';
import { conjuncts, fidelitiesUnder, fieldsOf, normalizeExpr } from '../ir/normalize.js';
import { allOf, anyOf } from '../ir/build.js';
import { stableStringify } from '../ir/stable-json.js';
import { RuleError, type Diagnostic } from '../report/diagnostics.js';
import type {
  BasenameField,
  CategoryModel,
  DataModel,
  ElementsField,
  HubLogsource,
  PositionsField,
  SelectorCondition,
} from './types.js';

/** The hub: Sigma's taxonomy. Every mapping goes model → hub → model. */
export const HUB = 'sigma';

export interface MapOptions {
  /** 'keep' writes a field without a mapping as it is, with a warning; 'error' (the default) refuses the rule. */
  unmapped: 'error' | 'keep';
}

interface Context {
  rule: Rule;
  options: MapOptions;
  notes: Diagnostic[];
  /** The category of the rule's first search on each side, for the fields it shows (output fields). */
  fromEntry?: CategoryModel;
  toEntry?: CategoryModel;
}

function fail(code: string, message: string): never {
  throw new RuleError({ code, message });
}

function describeLogsource(l: HubLogsource): string {
  return [l.product, l.category, l.service].filter(Boolean).join('/') || 'no log source';
}

// ---------------------------------------------------------------------------------------------------------
// Selectors

function selectorPredicate(condition: SelectorCondition): Predicate {
  return {
    kind: 'predicate',
    field: condition.field,
    op: 'eq',
    values: condition.values.map((v): Value =>
      typeof v === 'number' ? { type: 'number', value: v } : { type: 'string', pattern: [v] },
    ),
    matchAll: false,
    cased: condition.cased,
    transforms: [],
  };
}

function predicateValues(p: Predicate): (string | number)[] | null {
  if (p.op !== 'eq' || (p.matchAll && p.values.length > 1)) return null;
  const out: (string | number)[] = [];
  for (const v of p.values) {
    if (v.type === 'number') out.push(v.value);
    else if (v.type === 'string') {
      const text = literalText(v.pattern);
      if (text === null) return null;
      out.push(text);
    } else return null;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Hub → model

/** A field whose values the model holds differently (a user name without its domain), said where it is tested. */
function noteField(entry: CategoryModel, hubField: string, negated: boolean, ctx: Context): void {
  const note = entry.fieldNotes?.[hubField];
  if (!note) return;
  const flipped = note.fidelity === 'broader' ? 'narrower' : 'broader';
  ctx.notes.push({
    severity: 'warning',
    code: 'mapping/field-values',
    message: `${hubField}: ${note.message}`,
    fidelity: negated ? flipped : note.fidelity,
  });
}

/** What an entry's events differ in, with the fidelity of the direction the rule goes through it. */
function noteCaveat(entry: CategoryModel, model: DataModel, ctx: Context, direction: 'write' | 'read'): void {
  const caveat = entry.caveat;
  if (!caveat) return;
  const fidelity =
    direction === 'write'
      ? caveat.fidelity
      : (caveat.read ?? (caveat.fidelity === 'broader' ? 'narrower' : 'broader'));
  const how = direction === 'write' ? '' : ` read as ${HUB}`;
  ctx.notes.push({
    severity: 'warning',
    code: `mapping/${fidelity}-source`,
    message: `${model.id}, ${describeLogsource(entry.logsource)}${how}: ${caveat.message}`,
    fidelity,
  });
}

function logsourceOf(source: Source): HubLogsource {
  const out: HubLogsource = {};
  if (source.category) out.category = source.category;
  if (source.product) out.product = source.product;
  if (source.service) out.service = source.service;
  return out;
}

/** The model's entry for a hub log source (an entry without a service covers every service). */
export function findCategory(
  model: DataModel,
  logsource: HubLogsource,
  filter?: Expr,
  event?: Record<string, unknown>,
): CategoryModel | undefined {
  return model.categories.find((c) => serves(c, logsource, filter, event));
}

/**
 * Whether an entry stands for a hub log source (an entry without a service covers every service), for a rule
 * (`filter`) or an event that meets its `when`.
 */
function serves(
  c: CategoryModel,
  logsource: HubLogsource,
  filter?: Expr,
  event?: Record<string, unknown>,
): boolean {
  return (
    (c.logsource.category ?? undefined) === logsource.category &&
    (c.logsource.product ?? undefined) === logsource.product &&
    (c.logsource.service === undefined || c.logsource.service === logsource.service) &&
    (c.when === undefined ||
      (filter !== undefined && statesWhen(filter, c.when)) ||
      (event !== undefined && eventIsWhen(event, c.when)))
  );
}

/** Whether an event has one of the values an entry's `when` names. */
export function eventIsWhen(
  event: Record<string, unknown>,
  when: NonNullable<CategoryModel['when']>,
): boolean {
  const value = event[when.field];
  return (
    value !== undefined && when.values.some((v) => String(v).toLowerCase() === String(value).toLowerCase())
  );
}

/** Whether a model keeps a field for every key a test of a `KEY=value` list names (Defender has no IMPHASH). */
function keepsEveryKey(keys: Record<string, string>, expr: Predicate): boolean {
  const kept = new Set(Object.keys(keys).map((k) => k.toLowerCase()));
  return expr.values.every((v) => {
    const text = v.type === 'string' ? literalText(v.pattern) : null;
    const cut = text?.indexOf('=') ?? -1;
    return text !== null && (cut <= 0 || kept.has(text.slice(0, cut).toLowerCase()));
  });
}

/** Whether an entry has a name for every field a hub filter reads (keywords need its text field). */
function covers(entry: CategoryModel, filter: Expr): boolean {
  const walk = (expr: Expr): boolean => {
    switch (expr.kind) {
      case 'and':
      case 'or':
        return expr.items.every(walk);
      case 'not':
        return walk(expr.item);
      case 'predicate':
        if (expr.field === null) return entry.keywordField !== undefined;
        if (entry.keyed?.[expr.field])
          return keepsEveryKey(entry.keyed[expr.field] as Record<string, string>, expr);
        return (
          (modelField(entry, expr.field) !== undefined || positionsOf(entry, expr.field) !== undefined) &&
          expr.values.every((v) => v.type !== 'fieldref' || modelField(entry, v.field) !== undefined)
        );
      default:
        return true;
    }
  };
  return walk(filter);
}

/**
 * The entry a hub search is written through: the first for its log source that names every field the rule
 * reads (a profile may hold several: Defender's table, then Sysmon's events in the Event table), else the
 * first, whose error then names the field. Taking a later one is said, with the reason.
 */
function coveringCategory(
  model: DataModel,
  logsource: HubLogsource,
  filter: Expr,
  ctx: Context,
): CategoryModel | undefined {
  const [first, ...rest] = model.categories.filter((c) => serves(c, logsource, filter));
  if (!first || covers(first, filter)) return first;
  const later = rest.find((c) => covers(c, filter));
  if (!later) return first;
  const where = (c: CategoryModel) => c.source.table ?? c.source.function ?? c.source.eqlCategory ?? '?';
  ctx.notes.push({
    severity: 'info',
    code: 'mapping/other-source',
    message: `written for ${where(later)}: ${where(first)}, the ${model.id} model's first source of ${describeLogsource(logsource)} events, lacks a field the rule reads`,
  });
  return later;
}

/**
 * Whether a hub filter requires a field to have one of the entry's `when` values: a conjunct says so, or every
 * alternative does (`1 of selection*` where each selection names the same record type).
 */
function statesWhen(filter: Expr, when: NonNullable<CategoryModel['when']>): boolean {
  const wanted = when.values.map((v) => String(v).toLowerCase());
  return conjuncts(filter).some((c) => {
    if (c.kind === 'or') return c.items.length > 0 && c.items.every((i) => statesWhen(i, when));
    if (c.kind !== 'predicate' || c.field !== when.field || c.transforms.length) return false;
    const values = predicateValues(c);
    return (
      values !== null && values.length > 0 && values.every((v) => wanted.includes(String(v).toLowerCase()))
    );
  });
}

/**
 * The `event.category` test an entry's EQL category says, where its `when` requires that category (`network
 * where` selects the events whose event.category is network: ecs-datasets' entries).
 */
export function categoryStated(entry: CategoryModel): SelectorCondition[] {
  const category = entry.source.eqlCategory;
  const when = entry.when;
  if (category === undefined || when?.field !== 'event.category') return [];
  return when.values.map(String).includes(category)
    ? [{ field: 'event.category', values: [category], cased: false }]
    : [];
}

/** What an entry with `when` reads, said again in the hub: its `when` condition. */
function whenPredicate(entry: CategoryModel): Predicate | undefined {
  return entry.when ? selectorPredicate({ ...entry.when, cased: false }) : undefined;
}

function mapValueToModel(entry: CategoryModel, hubField: string, value: Value, ctx: Context): Value[] {
  const rewrites = entry.values?.[hubField];
  if (!rewrites) return [value];
  const text =
    value.type === 'string'
      ? literalText(value.pattern)
      : value.type === 'boolean' || value.type === 'number'
        ? String(value.value)
        : null;
  const rewrite =
    text === null ? undefined : rewrites.find((r) => String(r.hub).toLowerCase() === text.toLowerCase());
  if (!rewrite) {
    fail(
      'mapping/unmapped-value',
      `the value ${JSON.stringify(text ?? value)} of ${hubField} has no equivalent in this data model (known: ${rewrites.map((r) => JSON.stringify(r.hub)).join(', ')}) in rule '${ctx.rule.meta.title}'`,
    );
  }
  return rewrite.model.map((m): Value =>
    typeof m === 'string'
      ? { type: 'string', pattern: [m] }
      : typeof m === 'number'
        ? { type: 'number', value: m }
        : { type: 'boolean', value: m },
  );
}

/**
 * The model's name of a hub field: named in `fields`, or the list that holds it as an element, or kept under the
 * model's prefix, or extracted.
 */
export function modelField(entry: CategoryModel, field: string): string | undefined {
  const mapped = entry.fields[field];
  if (mapped !== undefined) return mapped;
  // A list kept over several fields has no one name (see PositionsField).
  if (positionsOf(entry, field)) return undefined;
  const list = listHolding(entry, field);
  if (list) return list.field;
  if (entry.fieldPrefix !== undefined) {
    const prefixed = entry.fieldPrefix + field;
    // `param1` under the prefix is one item of a list, not a hub field of that name.
    return positionHolding(entry, prefixed) ? undefined : prefixed;
  }
  if (entry.extract && !entry.extract.order && KQL_NAME.test(field) && !SYSTEM_HEADER.has(field))
    return field;
  return undefined;
}

/** The list whose elements a hub field is one of, where `fields` gives the field no name of its own (`a1`). */
export function listHolding(entry: CategoryModel, field: string): ElementsField | undefined {
  if (entry.fields[field] !== undefined) return undefined;
  return entry.elements?.find((e) => e.of.includes(field));
}

/** The hub list a model keeps one item per field (Sigma's Data as param1, param2 …), where `fields` names it not. */
export function positionsOf(entry: CategoryModel, field: string): PositionsField | undefined {
  if (entry.fields[field] !== undefined) return undefined;
  return entry.positions?.find((p) => p.of === field);
}

/** The hub list one of whose items a model field holds (`param2` of Data). */
export function positionHolding(entry: CategoryModel, field: string): PositionsField | undefined {
  return entry.positions?.find((p) => p.fields.includes(field) && entry.fields[p.of] === undefined);
}

/** The fields a list is kept in, for messages: `param1…param32`. */
function spreadOver(spread: PositionsField): string {
  const first = spread.fields[0] as string;
  const last = spread.fields[spread.fields.length - 1] as string;
  if (spread.fields.length === 1) return first;
  const path = first.slice(0, first.lastIndexOf('.') + 1);
  return `${first}…${path && last.startsWith(path) ? last.slice(path.length) : last}`;
}

/** The positions a list holds, for messages: `a0…a31`. */
function positions(list: ElementsField): string {
  const first = list.of[0] as string;
  return list.of.length === 1 ? first : `${first}…${list.of[list.of.length - 1] as string}`;
}

/**
 * A test of one position written as a test of the list that holds it (see ElementsField): any element now
 * passes it (broader), and under a negation none may (narrower); a test that the position is missing is one
 * that the list is, which holds for fewer events (narrower).
 */
function noteElement(list: ElementsField, expr: FieldPredicate, negated: boolean, ctx: Context): void {
  const broader = (expr.op === 'null') === negated;
  ctx.notes.push({
    severity: 'warning',
    code: 'mapping/list-element',
    message: `${expr.field} is written as a test of any element of ${list.field}, the list of ${positions(list)}: the position is lost`,
    fidelity: broader ? 'broader' : 'narrower',
  });
}

/** Event-data names that can be a KQL column of their own. */
const KQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Sigma's names for a Windows event's System header (evtx renderings: src/engine/windows.ts). The header is not
 * in EventData, so an entry that reads other fields out of EventData cannot read these there.
 */
const SYSTEM_HEADER = new Set([
  'Execution_ProcessID',
  'Execution_ThreadID',
  'Security_UserID',
  'Correlation_ActivityID',
  'Correlation_RelatedActivityID',
  'TimeCreated_SystemTime',
  'EventRecordID',
  'Provider_Guid',
  'Provider_EventSourceName',
  'Keywords',
  'Level',
  'Task',
  'Opcode',
  'Version',
]);

function mapFieldToModel(entry: CategoryModel, model: DataModel, field: string, ctx: Context): string {
  const mapped = modelField(entry, field);
  if (mapped !== undefined) return mapped;
  const spread = positionsOf(entry, field);
  if (spread) {
    fail(
      'mapping/unmapped-field',
      `the field ${field} of rule '${ctx.rule.meta.title}' is a list the ${model.id} data model keeps one item per field (${spreadOver(spread)}) for ${describeLogsource(entry.logsource)} events: its items can be tested, but it cannot be compared with another field or group events`,
    );
  }
  if (ctx.options.unmapped === 'keep') {
    ctx.notes.push({
      severity: 'warning',
      code: 'mapping/unmapped-field',
      message: `${field} has no ${model.id} name for ${describeLogsource(entry.logsource)} events and is written as it is`,
      fidelity: 'unsupported',
    });
    return field;
  }
  return fail(
    'mapping/unmapped-field',
    `the field ${field} of rule '${ctx.rule.meta.title}' has no mapping in the ${model.id} data model for ${describeLogsource(entry.logsource)} events (--unmapped keep writes it as it is)`,
  );
}

/** Rewrites every predicate of an expression; structure is kept, computed expressions cannot be mapped. */
/** A predicate on a named field (keyword searches have no field and need no mapping). */
type FieldPredicate = Predicate & { field: string };

function mapPredicates(
  expr: Expr,
  mapPredicate: (p: FieldPredicate, negated: boolean) => Expr,
  negated = false,
): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { ...expr, items: expr.items.map((i) => mapPredicates(i, mapPredicate, negated)) };
    case 'not':
      return { ...expr, item: mapPredicates(expr.item, mapPredicate, !negated) };
    case 'const':
      return expr;
    case 'computed':
      return fail(
        'mapping/computed',
        `a computed ${expr.dialect} expression cannot be mapped between data models yet`,
      );
    case 'predicate':
      return expr.field === null ? expr : mapPredicate(expr as FieldPredicate, negated);
  }
}

/** A test of a `KEY=value` list field (Sysmon's Hashes) as tests of the model's field for each key. */
function mapKeyed(
  expr: Predicate & { field: string },
  keyed: Record<string, string>,
  entry: CategoryModel,
  negated: boolean,
  ctx: Context,
): Expr {
  const byKey = new Map(Object.entries(keyed).map(([k, f]) => [k.toLowerCase(), f]));
  const dropped: string[] = [];
  const tests: Expr[] = [];
  const unusable = (): never =>
    fail(
      'mapping/unmapped-field',
      `the field ${expr.field} of rule '${ctx.rule.meta.title}' holds KEY=value pairs; only an equality or substring test of whole values maps to ${describeLogsource(entry.logsource)} events`,
    );
  if ((expr.op !== 'contains' && expr.op !== 'eq') || expr.transforms.length || expr.matchAll) unusable();
  for (const value of expr.values) {
    const text = value.type === 'string' ? literalText(value.pattern) : null;
    if (text === null) unusable();
    const cut = (text as string).indexOf('=');
    const key = cut > 0 ? (text as string).slice(0, cut).toLowerCase() : undefined;
    const rest = cut > 0 ? (text as string).slice(cut + 1) : (text as string);
    const predicate = (field: string, op: Predicate['op']): Predicate => ({
      ...expr,
      field,
      op,
      values: [{ type: 'string', pattern: [rest] }],
    });
    if (key === undefined) tests.push(...[...new Set(byKey.values())].map((f) => predicate(f, 'contains')));
    // `SHA256=` alone in a substring test: the list names the key, so the model has its field.
    else if (byKey.has(key) && rest === '' && expr.op === 'contains') {
      tests.push({ ...expr, field: byKey.get(key) as string, op: 'exists', values: [] });
    } else if (byKey.has(key)) tests.push(predicate(byKey.get(key) as string, 'eq'));
    else dropped.push(key.toUpperCase());
  }
  if (dropped.length) {
    ctx.notes.push({
      severity: 'warning',
      code: 'mapping/keyed-value-left-out',
      message: `${expr.field}: the ${[...new Set(dropped)].join(', ')} values have no field in this data model and are left out`,
      fidelity: negated ? 'broader' : 'narrower',
    });
  }
  if (tests.length === 0) {
    fail(
      'mapping/unmapped-field',
      `the field ${expr.field} of rule '${ctx.rule.meta.title}' tests only ${[...new Set(dropped)].join(', ')} values, which the data model does not keep for ${describeLogsource(entry.logsource)} events`,
    );
  }
  return tests.length === 1 ? (tests[0] as Expr) : { kind: 'or', items: tests };
}

/**
 * Keyword searches (Sigma keyword lists) on the model's field that holds the event's text, where it has one
 * (Syslog's message): a keyword is looked for anywhere in a hub event, there only in that field.
 */
function mapKeywords(expr: Expr, entry: CategoryModel, ctx: Context, negated = false): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { ...expr, items: expr.items.map((i) => mapKeywords(i, entry, ctx, negated)) };
    case 'not':
      return { ...expr, item: mapKeywords(expr.item, entry, ctx, !negated) };
    case 'predicate': {
      if (expr.field !== null || entry.keywordField === undefined) return expr;
      ctx.notes.push({
        severity: 'warning',
        code: 'mapping/keyword-field',
        message: `keywords are looked for in ${entry.keywordField} only, where Sigma looks in every field of the event`,
        fidelity: negated ? 'broader' : 'narrower',
      });
      return { ...expr, field: entry.keywordField, op: expr.op === 'eq' ? 'contains' : expr.op };
    }
    default:
      return expr;
  }
}

function mapExprToModel(expr: Expr, entry: CategoryModel, model: DataModel, ctx: Context): Expr {
  const mapped = mapPredicates(expr, (expr, negated) => {
    const keyed = entry.keyed?.[expr.field];
    if (keyed) return mapKeyed(expr, keyed, entry, negated, ctx);
    noteField(entry, expr.field, negated, ctx);
    const spread = positionsOf(entry, expr.field);
    if (spread) return positionsToModel(expr, spread, entry, model, negated, ctx);
    const presence = entry.presence?.[expr.field];
    if (presence) return presenceToModel(expr, presence, ctx);
    const list = listHolding(entry, expr.field);
    if (list) noteElement(list, expr, negated, ctx);
    const field = mapFieldToModel(entry, model, expr.field, ctx);
    const mapped = entry.values?.[expr.field]
      ? expr.values.flatMap((v) => mapValueToModel(entry, expr.field as string, v, ctx))
      : expr.values.map((v) => mapFieldRef(v, entry, model, ctx));
    // A numeric field never holds the empty string (KQL's isempty() reads as null or ""): that value passes no event.
    const values =
      entry.types?.[field] === 'number' && expr.op === 'eq' ? mapped.filter((v) => !isEmptyText(v)) : mapped;
    if (values.length === 0 && mapped.length > 0) return { kind: 'const', value: false };
    return { ...expr, field, values: typedValues(expr, field, values, entry, ctx) };
  });
  return mapKeywords(mapped, entry, ctx);
}

/** A test of a hub field the model says by a field's presence (see CategoryModel.presence). */
function presenceToModel(
  expr: FieldPredicate,
  presence: NonNullable<CategoryModel['presence']>[string],
  ctx: Context,
): Expr {
  const tests = expr.values.map((value): Expr => {
    const text = value.type === 'string' ? literalText(value.pattern)?.toLowerCase() : undefined;
    if (expr.op !== 'eq' || (text !== presence.present && text !== presence.absent)) {
      return fail(
        'mapping/unmapped-value',
        `${expr.field} of rule '${ctx.rule.meta.title}' is written as whether ${presence.field} has a value: only ${expr.field} equal to '${presence.present}' or '${presence.absent}' can be`,
      );
    }
    // Missing or empty: one test, as KQL's isempty() says it.
    const field = presence.field;
    const missing: Expr = {
      kind: 'or',
      items: [
        { ...expr, field, op: 'null', values: [], cased: false },
        { ...expr, field, op: 'eq', values: [{ type: 'string', pattern: [''] }], cased: false },
      ],
    };
    return text === presence.absent ? missing : { kind: 'not', item: missing };
  });
  if (tests.length === 0) return fail('mapping/unmapped-value', `${expr.field} is tested without a value`);
  return expr.matchAll ? allOf(tests) : anyOf(tests);
}

/** Operators that compare text, which a numeric column cannot answer. */
const TEXT_OPS: Predicate['op'][] = ['contains', 'startswith', 'endswith', 'term', 'regex'];

/** Values as the model field's type needs them; a text match on a numeric field is refused. */
const isEmptyText = (v: Value): boolean => v.type === 'string' && literalText(v.pattern) === '';

function typedValues(
  expr: Predicate,
  field: string,
  values: Value[],
  entry: CategoryModel,
  ctx: Context,
): Value[] {
  const type = entry.types?.[field];
  if (type === 'number' && TEXT_OPS.includes(expr.op)) {
    fail(
      'mapping/value-type',
      `${field} holds numbers, which a text match (${expr.op}) in rule '${ctx.rule.meta.title}' cannot test`,
    );
  }
  return type ? values.map((v) => coerce(v, type, field, ctx)) : values;
}

/**
 * A test of a hub list written as the same test of each field that holds one of its items (see PositionsField):
 * or-ed; with `|all`, every value passed by some item; a test that the list is missing, every position missing.
 * Under a negation each position's test requires the position, so that a position the event lacks leaves the
 * test false rather than unknown (EQL's null logic) and the negation true.
 */
function positionsToModel(
  expr: FieldPredicate,
  spread: PositionsField,
  entry: CategoryModel,
  model: DataModel,
  negated: boolean,
  ctx: Context,
): Expr {
  const hub = expr.field;
  const values = entry.values?.[hub]
    ? expr.values.flatMap((v) => mapValueToModel(entry, hub, v, ctx))
    : expr.values.map((v) => mapFieldRef(v, entry, model, ctx));
  const count = spread.fields.length;
  if (expr.op !== 'exists') {
    // A null test of the first items passes where a later one has a value; a value test misses that one.
    const broader = (expr.op === 'null') !== negated;
    ctx.notes.push({
      severity: 'info',
      code: 'mapping/list-positions',
      message: `${hub} is written as a test of each of its first ${count} items (${spreadOver(spread)}): items past the ${ordinal(count)} are not looked at`,
      fidelity: broader ? 'broader' : 'narrower',
    });
  }
  const at = (field: string, vs: Value[], matchAll: boolean): Expr => {
    const test: Predicate = { ...expr, field, values: typedValues(expr, field, vs, entry, ctx), matchAll };
    if (!negated || expr.op === 'null' || expr.op === 'exists') return test;
    return { kind: 'and', items: [{ kind: 'not', item: presence(field, 'null') }, test] };
  };
  if (expr.op === 'null') return { kind: 'and', items: spread.fields.map((f) => at(f, values, false)) };
  const atAnyPosition = (vs: Value[], matchAll: boolean): Expr => ({
    kind: 'or',
    items: spread.fields.map((f) => at(f, vs, matchAll)),
  });
  // Every value passed by some item, not necessarily all by one.
  if (expr.matchAll && values.length > 1)
    return { kind: 'and', items: values.map((v) => atAnyPosition([v], false)) };
  return atAnyPosition(values, expr.matchAll);
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** A value as the model's column type wants it: numbers as text for text columns, numeric text as numbers. */
function coerce(value: Value, type: 'number' | 'string' | undefined, field: string, ctx: Context): Value {
  if (type === 'string' && value.type === 'number') return { type: 'string', pattern: [String(value.value)] };
  if (type === 'number' && value.type === 'string') {
    const text = literalText(value.pattern);
    if (text !== null && /^-?\d+(\.\d+)?$/.test(text.trim())) return { type: 'number', value: Number(text) };
    return fail(
      'mapping/value-type',
      `${field} holds numbers, and ${JSON.stringify(text ?? value.pattern)} of rule '${ctx.rule.meta.title}' is no number`,
    );
  }
  return value;
}

function mapFieldRef(value: Value, entry: CategoryModel, model: DataModel, ctx: Context): Value {
  return value.type === 'fieldref'
    ? { type: 'fieldref', field: mapFieldToModel(entry, model, value.field, ctx) }
    : value;
}

/**
 * The KQL stage that extracts the fields a filter reads from an XML column. With the XML's field order known,
 * one `parse` (which finds each delimiter after the previous one, so the order must be the document's);
 * without, one `extract()` per field, which finds its element wherever it is.
 */
interface ExtractionStage {
  text: string;
  defines: string[];
  eventDataFields: string[];
}

function extractionStage(
  entry: CategoryModel,
  filter: Expr,
  alsoShown: readonly string[] = [],
): ExtractionStage | undefined {
  const extract = entry.extract;
  if (!extract) return undefined;
  const used = fieldsOf(filter);
  for (const f of alsoShown) used.add(f);
  if (extract.order) {
    const fields = extract.order.filter((f) => used.has(f));
    if (fields.length === 0) return undefined;
    const pattern = fields.map((f) => `* '${f}">' ${f} "<"`).join(' ');
    return { text: `parse ${extract.column} with ${pattern} *`, defines: fields, eventDataFields: fields };
  }
  const columns = new Set(Object.values(entry.fields));
  for (const c of entry.source.where) columns.add(c.field);
  const fields = [...used].filter((f) => !columns.has(f) && KQL_NAME.test(f)).sort();
  if (fields.length === 0) return undefined;
  const items = fields.map((f) => `${f} = extract(@'${eventDataPattern(entry, f)}', 1, ${extract.column})`);
  return { text: `extend ${items.join(', ')}`, defines: fields, eventDataFields: fields };
}

/** A search written to a model with its extraction stage covering `shown` as well as its filter's fields. */
function withExtraction(query: SearchQuery, entry: CategoryModel, shown: string[]): SearchQuery {
  const stage = extractionStage(entry, query.filter, shown);
  const native: Record<string, unknown> = { ...query.source.native };
  if (stage) native.stages = [stage];
  else delete native.stages;
  return { ...query, source: { ...query.source, native } };
}

/**
 * Fields extracted from an event's XML hold its escaped text (`&amp;`, `&lt;`, `&gt;`): a value with & < or >
 * is not found as written (narrower; broader under a negation).
 */
function noteEscapedInXml(filter: Expr, extracted: readonly string[], ctx: Context): void {
  const fields = new Set(extracted);
  const escaped = (p: Predicate) =>
    p.field !== null &&
    fields.has(p.field) &&
    p.values.some(
      (v) =>
        v.type === 'string' && v.pattern.some((chunk) => typeof chunk === 'string' && /[&<>]/.test(chunk)),
    )
      ? 'narrower'
      : undefined;
  const found = fidelitiesUnder(filter, escaped);
  for (const fidelity of found) {
    ctx.notes.push({
      severity: 'warning',
      code: 'mapping/xml-escaped',
      message:
        'a value with & < or > is tested on a field read from the event XML, which holds them escaped (&amp; &lt; &gt;): it is not found as written',
      fidelity,
    });
  }
}

/**
 * The hub fields a query's columns hold, extracted from the event's XML (`parse EventData …`, `extend F =
 * extract(…)`): a column counts where its regex reads the element the entry keeps that field in.
 */
export function extractedFields(query: SearchQuery, entry: CategoryModel): Set<string> {
  type Stage = { eventDataFields?: string[]; eventDataPatterns?: Record<string, string> };
  const out = new Set<string>();
  if (!entry.extract) return out;
  for (const stage of (query.source.native.stages ?? []) as Stage[]) {
    for (const column of stage.eventDataFields ?? []) {
      const pattern = stage.eventDataPatterns?.[column];
      if (pattern === undefined || pattern === eventDataPattern(entry, column)) out.add(column);
    }
  }
  return out;
}

/**
 * The regex that captures a field's text in an event's XML: its `<Data Name="…">` element, or for the
 * `elements` layout the element of its name.
 */
export function eventDataPattern(entry: CategoryModel, field: string): string {
  const name = entry.extract?.names?.[field] ?? field;
  return entry.extract?.layout === 'elements' ? `<${name}>([^<]*)<` : `<Data Name="${name}">([^<]*)<`;
}

/** A Sigma rule whose logsource names several categories (allowed by readers, not by the spec). */
function listedCategories(source: Source): string[] | undefined {
  const logsource = (source.native as { logsource?: { category?: unknown } }).logsource;
  const category = logsource?.category;
  return Array.isArray(category) && category.every((c) => typeof c === 'string') ? category : undefined;
}

/**
 * What a condition says about the events of one entry, whose selectors fix some fields: a test of a selector
 * field is always true or always false there (`event.code == "800"` among 4104 events), which is folded away.
 */
function foldUnder(expr: Expr, selectors: SelectorCondition[]): Expr {
  switch (expr.kind) {
    case 'predicate': {
      const selector = selectors.find((c) => c.field === expr.field);
      const values = selector && expr.op === 'eq' && !expr.transforms.length ? predicateValues(expr) : null;
      if (!selector || !values) return expr;
      const norm = (v: string | number) => (expr.cased ? String(v) : String(v).toLowerCase());
      const given = new Set(values.map(norm));
      const fixed = selector.values.map(norm);
      if (fixed.every((v) => given.has(v))) return { kind: 'const', value: true };
      if (!fixed.some((v) => given.has(v))) return { kind: 'const', value: false };
      return expr;
    }
    case 'not': {
      const item = foldUnder(expr.item, selectors);
      return item.kind === 'const' ? { kind: 'const', value: !item.value } : { ...expr, item };
    }
    case 'and':
    case 'or': {
      const unit = expr.kind === 'and';
      const items: Expr[] = [];
      for (const item of expr.items.map((i) => foldUnder(i, selectors))) {
        if (item.kind !== 'const') items.push(item);
        else if (item.value !== unit) return { kind: 'const', value: !unit };
      }
      if (items.length === 0) return { kind: 'const', value: unit };
      return items.length === 1 ? (items[0] as Expr) : { ...expr, items };
    }
    default:
      return expr;
  }
}

/**
 * A rule over several hub categories at once as one model query: each category's events (its selectors) with
 * the condition as it reads there, or-ed. The entries must share the model's event source (one EQL category,
 * or `any`; one KQL table).
 */
function multiSearchToModel(
  query: SearchQuery,
  categories: string[],
  model: DataModel,
  ctx: Context,
): { query: SearchQuery; entry: CategoryModel } {
  const base = logsourceOf(query.source);
  const entries = categories.map((category) => {
    const entry = findCategory(model, { ...base, category }, query.filter);
    if (!entry) {
      fail(
        'mapping/unmapped-logsource',
        `the ${model.id} data model has no mapping for ${describeLogsource({ ...base, category })} events, one of the log sources of rule '${ctx.rule.meta.title}'`,
      );
    }
    return entry;
  });
  const tables = new Set(entries.map((e) => e.source.table ?? e.source.function));
  if (tables.size > 1) {
    fail(
      'mapping/several-sources',
      `rule '${ctx.rule.meta.title}' reads ${[...tables].join(', ')} at once, which needs a union of tables (not written yet)`,
    );
  }
  const read: { entry: CategoryModel; filter: Expr }[] = [];
  const branches: Expr[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    noteCaveat(entry, model, ctx, 'write');
    // Settle the hub tests the category decides (its EventID) first: a branch for another category's events
    // may name fields this one does not have.
    const hubSelectors = entry.source.where.flatMap((c) => {
      const hub = inverseField(entry, c.field);
      return hub === undefined ? [] : [{ ...c, field: hub }];
    });
    const settled = foldUnder(query.filter, hubSelectors);
    if (settled.kind === 'const' && !settled.value) continue;
    let mapped: Expr;
    try {
      mapped = mapExprToModel(settled, entry, model, ctx);
    } catch (error) {
      // One log source the model cannot read: the rule still reads the others, and says what it leaves out.
      if (!(error instanceof RuleError) || error.diagnostic.code !== 'mapping/unmapped-field') throw error;
      skipped.push(
        `${describeLogsource(entry.logsource)} (${error.diagnostic.message.split(' of rule')[0]})`,
      );
      continue;
    }
    const filter = foldUnder(mapped, entry.source.where);
    if (filter.kind === 'const' && !filter.value) continue;
    read.push({ entry, filter });
  }
  const eqlCategories = new Set(read.map((r) => r.entry.source.eqlCategory));
  for (const { entry, filter } of read) {
    const selectors = entry.source.where.map(selectorPredicate);
    // Under `any where`, a branch of another EQL category says which (`event.category == "process"`).
    const category = entry.source.eqlCategory;
    if (eqlCategories.size > 1 && category !== undefined && category !== 'any') {
      selectors.unshift(selectorPredicate({ field: 'event.category', values: [category], cased: true }));
    }
    branches.push(selectors.length ? { kind: 'and', items: [...selectors, filter] } : filter);
  }
  if (skipped.length === entries.length) {
    fail(
      'mapping/unmapped-field',
      `rule '${ctx.rule.meta.title}' reads no log source the ${model.id} data model can write: ${skipped.join('; ')}`,
    );
  }
  for (const what of skipped) {
    ctx.notes.push({
      severity: 'warning',
      code: 'mapping/log-source-left-out',
      message: `the ${model.id} query leaves out the rule's ${what}`,
      fidelity: 'narrower',
    });
  }
  const first = (read[0]?.entry ?? entries[0]) as CategoryModel;
  const native: Record<string, unknown> = {};
  if (first.source.eqlCategory) native.category = eqlCategories.size > 1 ? 'any' : first.source.eqlCategory;
  if (first.source.table) native.table = first.source.table;
  if (first.source.function) native.function = first.source.function;
  const filter = anyOf(branches);
  const stage = entries.map((e) => extractionStage(e, filter)).find((s) => s !== undefined);
  if (stage) {
    native.stages = [stage];
    noteEscapedInXml(filter, stage.defines, ctx);
  }
  const source: Source = { model: model.family ?? model.id, ...base, native };
  return { query: { kind: 'search', source, filter }, entry: first };
}

function searchToModel(
  query: SearchQuery,
  model: DataModel,
  ctx: Context,
): { query: SearchQuery; entry: CategoryModel } {
  const categories = listedCategories(query.source);
  if (categories && query.source.category === undefined)
    return multiSearchToModel(query, categories, model, ctx);
  const logsource = logsourceOf(query.source);
  const entry = coveringCategory(model, logsource, query.filter, ctx);
  if (!entry) {
    fail(
      'mapping/unmapped-logsource',
      `the ${model.id} data model has no mapping for ${describeLogsource(logsource)} events (rule '${ctx.rule.meta.title}')`,
    );
  }
  noteCaveat(entry, model, ctx, 'write');
  // A test the selectors settle (Initiated, written as the ActionType the entry selects) goes, as does one of the
  // event category the entry's EQL category says.
  const filter = foldUnder(mapExprToModel(query.filter, entry, model, ctx), [
    ...entry.source.where,
    ...categoryStated(entry),
  ]);
  const selectors = entry.source.where.map(selectorPredicate);
  const native: Record<string, unknown> = {};
  if (entry.source.eqlCategory) native.category = entry.source.eqlCategory;
  if (entry.source.table) native.table = entry.source.table;
  if (entry.source.function) native.function = entry.source.function;
  const stage = extractionStage(entry, filter);
  if (stage) {
    native.stages = [stage];
    noteEscapedInXml(filter, stage.defines, ctx);
  }
  const source: Source = { model: model.family ?? model.id, ...logsource, native };
  return {
    query: {
      kind: 'search',
      source,
      filter: selectors.length ? { kind: 'and', items: [...selectors, filter] } : filter,
    },
    entry,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Model → hub

/** How a conjunct of a query relates to a selector condition on the same field. */
/**
 * `within`: the query says what the condition says (maybe in another producer's words); `part`: it picks some of
 * the condition's values (Sysmon pipe events are 17 or 18, the query wants 17), so it stays in the filter;
 * `overlaps`: it also admits other values; `contradicts`: none of them.
 */
type Relation = 'within' | 'part' | 'overlaps' | 'contradicts' | 'unrelated';

function relation(expr: Expr, condition: SelectorCondition, also: SelectorCondition[]): Relation {
  if (expr.kind !== 'predicate' || expr.field !== condition.field || expr.transforms.length > 0)
    return 'unrelated';
  const known = (c: SelectorCondition) => c.values.map((v) => String(v).toLowerCase());
  const wanted = known(condition);
  const values = predicateValues(expr);
  if (!values) return wildcardRelation(expr, wanted);
  if (values.length === 0) return 'unrelated';
  const accepted = new Set([...wanted, ...also.filter((c) => c.field === condition.field).flatMap(known)]);
  const given = values.map((v) => String(v).toLowerCase());
  if (given.every((v) => accepted.has(v))) {
    const picked = wanted.filter((w) => given.includes(w));
    return picked.length > 0 && picked.length < wanted.length ? 'part' : 'within';
  }
  if (given.some((v) => wanted.includes(v))) return 'overlaps';
  return 'contradicts';
}

/**
 * A test with wildcards (`event.action : "Image loaded*"`, as Elastic's rules match Winlogbeat's `Image loaded
 * (rule: …)` and the Sysmon integration's `Image loaded` alike): where some value it admits is one the
 * condition names, it `overlaps` the condition (it may admit others too, which is said where read); otherwise
 * nothing is known of it (its values may be ones the model does not list).
 */
function wildcardRelation(expr: Predicate, wanted: string[]): Relation {
  if (expr.op !== 'eq' || (expr.matchAll && expr.values.length > 1)) return 'unrelated';
  const matchers: ((text: string) => boolean)[] = [];
  for (const v of expr.values) {
    // A placeholder's values are unknown here.
    if (v.type !== 'string' || v.pattern.some(isPlaceholder)) return 'unrelated';
    matchers.push(compileWildcard(v.pattern, false));
  }
  return wanted.some((w) => matchers.some((m) => m(w))) ? 'overlaps' : 'unrelated';
}

/**
 * How a negated conjunct (`event.type != "deletion"`) relates to the values an entry reads a selector field
 * with: `implied` where none of them is excluded (every event of the entry passes it, so it says nothing more),
 * `contradicts` where all are (no event of the entry does); anything else, or another shape, is `unrelated`.
 */
function negatedRelation(expr: Expr, field: string, values: (string | number)[]): Relation | 'implied' {
  if (expr.kind !== 'not') return 'unrelated';
  const item = expr.item;
  if (item.kind !== 'predicate' || item.field !== field || item.transforms.length > 0) return 'unrelated';
  const excluded = predicateValues(item)?.map((v) => String(v).toLowerCase());
  if (!excluded || excluded.length === 0) return 'unrelated';
  const read = values.map((v) => String(v).toLowerCase());
  if (read.every((v) => !excluded.includes(v))) return 'implied';
  return read.every((v) => excluded.includes(v)) ? 'contradicts' : 'unrelated';
}

/** The values an entry reads a selector field with: its condition's and those other producers use for it. */
function valuesRead(entry: CategoryModel, field: string): (string | number)[] {
  const conditions = [...entry.source.where, ...(entry.source.recognised ?? [])];
  return conditions.filter((c) => c.field === field).flatMap((c) => c.values);
}

/**
 * Which of two entries a query reads, `a` coming after `b` in the model: one whose conditions it states at all
 * before one it states none of (an entry selected by a data stream alone claims nothing a query does not say),
 * then one through which the query maps, then the fewest conditions left unstated, then the most stated.
 */
function ranksBefore(a: Recognition, b: Recognition): boolean {
  const statesA = a.used.size + a.stated > 0;
  const statesB = b.used.size + b.stated > 0;
  if (statesA !== statesB) return statesA;
  // Among entries a query states as much of, the model's order says which it reads first; one that names every
  // field the query reads keeps its place against a later one that does not, whatever that one leaves unstated
  // (`network where process.name : "mshta.exe"` is a connection, not a DNS log, which has no process). A later
  // entry that names them does not displace an earlier one for it: the order says what a query stating nothing
  // reads (an authentication query without a host stays with the cloud entries).
  if (b.maps() && !a.maps()) return false;
  // Nor, among entries a query states something of, does an earlier one it does not map through keep its place
  // against a later one it does and states no less of (Auditbeat's syscall events, `process where
  // host.os.type == "linux" and auditd.data.syscall == "prctl"`, against Defend's process starts).
  if (statesA && a.maps() && !b.maps() && a.missing.length <= b.missing.length) return true;
  if (a.missing.length !== b.missing.length) return a.missing.length < b.missing.length;
  // An entry the query states exactly before one it only overlaps (EventID 12–14 is registry_event, not _set).
  if (a.wider.length !== b.wider.length) return a.wider.length < b.wider.length;
  if (a.used.size !== b.used.size) return a.used.size > b.used.size;
  return a.stated > b.stated;
}

interface Recognition {
  entry: CategoryModel;
  used: Set<Expr>;
  missing: SelectorCondition[];
  /** Conjuncts that also admit events the entry does not read (`event.type in ("creation", "change")`). */
  wider: Expr[];
  /** Conditions the query states by picking some of their values, kept in its filter. */
  stated: number;
  /** Whether the rest of the query has a hub name for every field through this entry (worked out when asked). */
  maps: () => boolean;
}

/**
 * The model entry a query reads: the one whose selector conditions it states (or restates in another
 * producer's words), never one it contradicts (`host.os.type == "linux"` is no Windows entry). Among the rest,
 * the one with the fewest conditions left unstated.
 */
/**
 * Whether a query can say it reads an entry's events: an entry with no table, function or EQL category of its
 * own and no selector condition (logs no integration marks, such as custom application logs) is only written.
 */
function isRecognisable(entry: CategoryModel): boolean {
  const { source } = entry;
  return (
    source.table !== undefined ||
    source.function !== undefined ||
    (source.eqlCategory !== undefined && source.eqlCategory !== 'any') ||
    source.where.length > 0 ||
    (source.recognised?.length ?? 0) > 0
  );
}

const OS_FIELD = 'host.os.type';

/**
 * Whether an entry that only reads (a later entry of a log source an earlier one writes: another producer's
 * events, such as Auditbeat's syscalls in category process) is no reading of a query: one that states none of
 * its conditions (the operating system aside), names none of the fields only it names and does not map through
 * it is some other producer's query, which the entry must not claim (nor name in the refusal).
 */
function readOnlyUnread(found: Recognition, items: Expr[], model: DataModel, ctx: Context): boolean {
  const { entry } = found;
  // The operating system says nothing of which producer wrote an event.
  const own = entry.source.where.filter((c) => c.field !== OS_FIELD);
  const missing = found.missing.filter((c) => c.field !== OS_FIELD);
  if (own.length === 0 || found.stated > 0 || missing.length < own.length) return false;
  if (ctx.options.unmapped === 'keep') return false;
  // The entry that writes the log source: the first without a `when` (those serve some rules only).
  if (writes(model, entry)) return false;
  // Nor one that names a field of the query no entry writing such events names (Auditbeat's
  // auditd.data.syscall, not the process fields every producer has): that query is the producer's, and its
  // refusal names the field the entry lacks.
  const tested = items.filter((i) => !found.used.has(i)).flatMap((i) => [...fieldsOf(i)]);
  const onlyHere = (f: string) =>
    namesField(entry, f) &&
    !model.categories.some(
      (c) =>
        c !== entry &&
        c.source.eqlCategory === entry.source.eqlCategory &&
        writes(model, c) &&
        namesField(c, f),
    );
  return !tested.some(onlyHere) && !found.maps();
}

/** Whether an entry is the one hub rules of its log source are written through (the first without a `when`). */
function writes(model: DataModel, entry: CategoryModel): boolean {
  return model.categories.find((c) => !c.when && sameLogsource(c.logsource, entry.logsource)) === entry;
}

function recognise(model: DataModel, query: SearchQuery, ctx: Context): { entry: CategoryModel; rest: Expr } {
  const native = query.source.native;
  const items = conjuncts(query.filter);
  const candidates = model.categories.filter(
    (c) =>
      isRecognisable(c) &&
      (c.source.eqlCategory === undefined || c.source.eqlCategory === native.category) &&
      (c.source.table === undefined || c.source.table === native.table) &&
      (c.source.function === undefined ||
        (c.source.function === native.function && !(native.args as unknown[] | undefined)?.length)),
  );
  let best: Recognition | undefined;
  const all: Recognition[] = [];
  candidates: for (const entry of candidates) {
    const also = entry.source.recognised ?? [];
    let maps: boolean | undefined;
    const found: Recognition = {
      entry,
      used: new Set(),
      missing: [],
      wider: [],
      stated: 0,
      maps: () => (maps ??= mapsThrough(entry, items, found.used, model, query, ctx)),
    };
    for (const condition of entry.source.where) {
      const relations = items.map((i) => (found.used.has(i) ? 'unrelated' : relation(i, condition, also)));
      if (relations.includes('contradicts')) continue candidates;
      const within = relations.indexOf('within');
      const overlaps = relations.indexOf('overlaps');
      const hit = within >= 0 ? within : overlaps;
      if (hit < 0 && relations.includes('part')) found.stated++;
      else if (hit < 0) found.missing.push(condition);
      else {
        found.used.add(items[hit] as Expr);
        if (hit === overlaps) found.wider.push(items[hit] as Expr);
      }
    }
    for (const condition of also) {
      if (entry.source.where.some((w) => w.field === condition.field)) continue;
      // Each value of a recognised condition is one producer's word for the same events: any subset says it.
      const relations = items.map((i) => (found.used.has(i) ? 'unrelated' : relation(i, condition, [])));
      let hit = relations.findIndex((r) => r === 'within' || r === 'part');
      // A condition that states a selector in other words and also admits other values (`event.action in
      // ("rename", "creation")` for a file creation) says it too, for more events than the entry reads.
      const overlaps = condition.insteadOf !== undefined ? relations.indexOf('overlaps') : -1;
      if (hit < 0 && overlaps >= 0) {
        hit = overlaps;
        found.wider.push(items[hit] as Expr);
      }
      if (hit < 0) continue;
      found.used.add(items[hit] as Expr);
      // A condition that states the same as a selector in another producer's words stands in for it.
      if (condition.insteadOf !== undefined) {
        found.missing = found.missing.filter((m) => m.field !== condition.insteadOf);
      }
    }
    // A negated test of a selector field that no event of the entry fails (`event.type != "deletion"` among
    // file creations) says nothing the entry does not: it goes. One every event fails rules the entry out.
    // Only for fields the entry selects by, or states in other words (a recognised condition with insteadOf).
    const negatable = new Set([
      ...entry.source.where.map((c) => c.field),
      ...also.filter((c) => c.insteadOf !== undefined).map((c) => c.field),
    ]);
    for (const field of negatable) {
      const read = valuesRead(entry, field);
      for (const item of items) {
        if (found.used.has(item)) continue;
        const r = negatedRelation(item, field, read);
        if (r === 'contradicts') continue candidates;
        if (r === 'implied') found.used.add(item);
      }
    }
    all.push(found);
  }
  // A query that states nothing of any entry is read as the model's order says; one that states something is
  // none of a read-only entry it says nothing of and does not map through (see readOnlyUnread).
  const stating = all.some((f) => f.used.size + f.stated > 0);
  for (const found of all) {
    if (stating && readOnlyUnread(found, items, model, ctx)) continue;
    if (!best || ranksBefore(found, best)) best = found;
  }
  if (!best) {
    fail(
      'mapping/unmapped-source',
      `no ${HUB} log source is known for ${model.id} events of category ${JSON.stringify(native.category ?? native.table ?? native.function ?? '?')} with these conditions (rule '${ctx.rule.meta.title}')`,
    );
  }
  const where = describeLogsource(best.entry.logsource);
  for (const condition of best.missing) {
    ctx.notes.push({
      severity: 'warning',
      code: 'mapping/narrower-source',
      message: `the ${model.id} query does not require ${condition.field} to be ${condition.values.join(' or ')}; as a ${where} rule it reads only those events`,
      fidelity: 'narrower',
    });
  }
  for (const expr of best.wider) {
    const field = (expr as Predicate).field as string;
    ctx.notes.push({
      severity: 'warning',
      code: 'mapping/narrower-source',
      message: `the ${model.id} query also reads other values of ${field}; as a ${where} rule it reads only ${valuesRead(best.entry, field).join(' or ')} events`,
      fidelity: 'narrower',
    });
  }
  const rest = items.filter((i) => !best.used.has(i));
  const restExpr: Expr = rest.length === 1 ? (rest[0] as Expr) : { kind: 'and', items: rest };
  // Read as the entry's events only (said above), the query's nested tests of what the entry selects by are
  // settled: among file creations, `(event.type == "creation" and …) or (event.type == "start" and …)` is its
  // first branch.
  const settled = best.missing.length > 0 ? foldUnder(restExpr, best.missing) : restExpr;
  return { entry: best.entry, rest: settleProducerTests(settled, best.entry, ctx) };
}

/**
 * The conditions by which a query can tell an entry's producers apart: recognised conditions on a field the entry
 * neither selects by nor maps (`data_stream.dataset`, the integration that wrote the event; each producer's word
 * for a process start in `event.action`). Each value is one producer's; the first is the entry's own (the
 * producer whose field names the entry follows: Elastic Defend's, for ECS).
 */
function producerConditions(entry: CategoryModel): SelectorCondition[] {
  return (entry.source.recognised ?? []).filter(
    (c) =>
      !entry.source.where.some((w) => w.field === c.field) &&
      inverseField(entry, c.field) === undefined &&
      !entry.basenames?.some((b) => b.field === c.field) &&
      !entry.parts?.some((b) => b.field === c.field),
  );
}

/**
 * A query's tests of which producer wrote an event, wherever they stand (Elastic's rules over several
 * integrations leave one integration out of an exclusion: `not (user.id == "S-1-5-18" and not
 * data_stream.dataset : "windows.sysmon_operational")`), settled as the entry's own producer's events answer
 * them: the hub does not say which producer wrote an event. Only tests of values the entry lists (a value it does
 * not know may be another kind of event, not another producer's word: Defend's `event.action == "fork"`). Where
 * another listed producer would answer differently, the rule reads that producer's events differently, which is
 * said: a test settled false drops the events it let through (narrower), one settled true lets through those it
 * stopped (broader), and the other way round under a negation.
 */
function settleProducerTests(expr: Expr, entry: CategoryModel, ctx: Context, negated = false): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const items = expr.items.map((i) => settleProducerTests(i, entry, ctx, negated));
      return items.every((i, n) => i === expr.items[n]) ? expr : foldUnder({ ...expr, items }, []);
    }
    case 'not': {
      const item = settleProducerTests(expr.item, entry, ctx, !negated);
      return item === expr.item ? expr : foldUnder({ ...expr, item }, []);
    }
    case 'predicate': {
      if (expr.field === null || expr.transforms.length > 0) return expr;
      const condition = producerConditions(entry).find((c) => c.field === expr.field);
      const values = condition ? predicateValues(expr) : null;
      if (!condition || !values || values.length === 0) return expr;
      const norm = (v: string | number) => String(v).toLowerCase();
      const known = condition.values.map(norm);
      const given = new Set(values.map(norm));
      if (![...given].every((v) => known.includes(v))) return expr;
      const own = given.has(known[0] as string);
      if (known.some((k) => given.has(k) !== own)) {
        const others = condition.values.filter((v) => given.has(norm(v)) !== own);
        const fewer = own === negated;
        ctx.notes.push({
          severity: 'warning',
          code: 'mapping/producer-test',
          message: `${expr.field} tells the producers of ${describeLogsource(entry.logsource)} events apart, which the ${HUB} rule does not: its test is read as on events where it is ${condition.values[0]}, so the rule reads ${fewer ? 'fewer' : 'more'} events where it is ${others.join(' or ')} than the query`,
          fidelity: fewer ? 'narrower' : 'broader',
        });
      }
      return { kind: 'const', value: own };
    }
    default:
      return expr;
  }
}

/** Whether a query's conjuncts, less those an entry's selectors took, read into the hub through the entry. */
function mapsThrough(
  entry: CategoryModel,
  items: Expr[],
  used: Set<Expr>,
  model: DataModel,
  query: SearchQuery,
  ctx: Context,
): boolean {
  const rest = items.filter((i) => !used.has(i));
  const scratch: Context = { rule: ctx.rule, options: { unmapped: 'error' }, notes: [] };
  try {
    mapExprToHub(
      settleProducerTests({ kind: 'and', items: rest }, entry, scratch),
      entry,
      model,
      extractedFields(query, entry),
      scratch,
      absentFields(query, entry, model),
    );
    return true;
  } catch (error) {
    if (error instanceof RuleError) return false;
    throw error;
  }
}

/**
 * The entry of a model that one of its searches reads, as the mapping to the hub would choose it; undefined
 * where it would fail.
 */
export function recogniseEntry(model: DataModel, query: SearchQuery): CategoryModel | undefined {
  const ctx: Context = { rule: { meta: { title: '' } } as Rule, options: { unmapped: 'keep' }, notes: [] };
  try {
    // As searchToHub reads it: an `any where` query of one event category as that category's; of several,
    // only where every category's events are one entry's.
    const read = byCategory(query);
    if (read.length === 1) query = (read[0] as { query: SearchQuery }).query;
    if (read.length > 1) {
      const entries = new Set(read.map((r) => recognise(model, r.query, ctx).entry));
      return entries.size === 1 ? [...entries][0] : undefined;
    }
    return recognise(model, query, ctx).entry;
  } catch {
    return undefined;
  }
}

/** The `KEY=value` list hub field a model field holds one key of, with the key. */
function keyedHubField(entry: CategoryModel, modelField: string): { field: string; key: string } | undefined {
  for (const [field, keys] of Object.entries(entry.keyed ?? {})) {
    for (const [key, f] of Object.entries(keys)) if (f === modelField) return { field, key };
  }
  return undefined;
}

export function inverseField(entry: CategoryModel, field: string): string | undefined {
  for (const [hub, modelField] of Object.entries(entry.fields)) if (modelField === field) return hub;
  const copy = entry.copies?.[field];
  if (copy !== undefined) return typeof copy === 'string' ? copy : copy.field;
  // One item of a list has no hub name of its own (see PositionsField).
  if (positionHolding(entry, field)) return undefined;
  const prefix = entry.fieldPrefix;
  if (prefix !== undefined && field.startsWith(prefix) && field.length > prefix.length) {
    return field.slice(prefix.length);
  }
  return undefined;
}

function mapValueToHub(
  entry: CategoryModel,
  hubField: string,
  modelField: string,
  values: Value[],
  ctx: Context,
): Value[] {
  const copy = entry.copies?.[modelField];
  const copied = typeof copy === 'object' ? copy.values : undefined;
  const rewrites = copied ?? entry.values?.[hubField];
  if (!rewrites) return values;
  const out: Value[] = [];
  for (const value of values) {
    const text =
      value.type === 'string'
        ? literalText(value.pattern)
        : value.type === 'number' || value.type === 'boolean'
          ? String(value.value)
          : null;
    // A copy's word that several hub values share (Elastic's `added-member-to-group`, Security events 4728,
    // 4732 and 4756) reads as all of them; a written value reads as the first hub value written that way.
    const found =
      text === null
        ? []
        : rewrites.filter((r) => r.model.some((m) => String(m).toLowerCase() === text.toLowerCase()));
    const matching = copied ? found : found.slice(0, 1);
    if (matching.length === 0)
      fail(
        'mapping/unmapped-value',
        `the value ${JSON.stringify(text ?? value)} of ${modelField} has no ${HUB} equivalent for ${hubField} (rule '${ctx.rule.meta.title}')`,
      );
    for (const rewrite of matching) {
      const hubValue: Value =
        typeof rewrite.hub === 'string'
          ? { type: 'string', pattern: [rewrite.hub] }
          : typeof rewrite.hub === 'number'
            ? { type: 'number', value: rewrite.hub }
            : { type: 'boolean', value: rewrite.hub };
      if (!out.some((o) => JSON.stringify(o) === JSON.stringify(hubValue))) out.push(hubValue);
    }
  }
  const wanted = new Set(
    rewrites.flatMap((r) =>
      out.some((o) => o.type === 'string' && literalText(o.pattern) === String(r.hub))
        ? r.model.map((m) => String(m).toLowerCase())
        : [],
    ),
  );
  const given = new Set(
    values.map((v) => (v.type === 'string' ? (literalText(v.pattern) ?? '') : '').toLowerCase()),
  );
  if ([...wanted].some((w) => !given.has(w))) {
    ctx.notes.push({
      severity: 'info',
      code: 'mapping/value-family',
      message: `${modelField} ${[...given].join('/')} is read as ${hubField} ${out.map((o) => (o.type === 'string' ? literalText(o.pattern) : '')).join('/')}, which also covers ${[...wanted].filter((w) => !given.has(w)).join(', ')}: other spellings of the same direction`,
      fidelity: 'broader',
    });
  }
  return out;
}

/**
 * A test of a list read as the same test of each position it holds (see ElementsField): or-ed, as any element
 * passing passes the list; and-ed for a test that the list is missing. A value test misses elements beyond the
 * last position (narrower; broader under a negation).
 */
function elementsToHub(
  expr: FieldPredicate,
  list: ElementsField,
  entry: CategoryModel,
  negated: boolean,
  ctx: Context,
): Expr {
  const values = expr.values.map((v): Value =>
    v.type === 'fieldref' ? { type: 'fieldref', field: inverseField(entry, v.field) ?? v.field } : v,
  );
  const at = (field: string, vs: Value[], matchAll: boolean): Predicate => ({
    ...expr,
    field,
    values: vs,
    matchAll,
  });
  if (expr.op === 'null') return { kind: 'and', items: list.of.map((f) => at(f, values, expr.matchAll)) };
  if (expr.op !== 'exists') {
    ctx.notes.push({
      severity: 'info',
      code: 'mapping/list-positions',
      message: `${expr.field} is read as its elements ${positions(list)}: elements past the first ${list.of.length} are not looked at`,
      fidelity: negated ? 'broader' : 'narrower',
    });
  }
  const anyOf = (vs: Value[], matchAll: boolean): Expr => ({
    kind: 'or',
    items: list.of.map((f) => at(f, vs, matchAll)),
  });
  // Every value passed by some element, not all by one.
  if (expr.matchAll && values.length > 1) return { kind: 'and', items: values.map((v) => anyOf([v], false)) };
  return anyOf(values, expr.matchAll);
}

/** One position's test, as `positionsToModel` writes it, with what it says of the list. */
interface PositionTest {
  spread: PositionsField;
  index: number;
  /** The test itself, on the position's field. */
  test: Predicate;
  /** The same for every position of one test of the list. */
  key: string;
}

/** A test that a field is there (`exists`) or missing (`null`). */
function presence(field: string, op: 'exists' | 'null'): FieldPredicate {
  return { kind: 'predicate', field, op, values: [], matchAll: false, cased: false, transforms: [] };
}

function isNullTest(expr: Expr): expr is FieldPredicate {
  return expr.kind === 'predicate' && expr.field !== null && expr.op === 'null';
}

/**
 * The test of one position that a test of the list is made of: `param2 : "x"`, the same requiring the position
 * (`param2 != null and param2 : "x"`), or the position being there (`param2 != null`, of a test that the list
 * is); in an `and`, the position missing (`param2 == null`).
 */
function positionTest(expr: Expr, entry: CategoryModel, junction: 'and' | 'or'): PositionTest | undefined {
  const of = (test: Predicate, kind: string): PositionTest | undefined => {
    const spread = test.field === null ? undefined : positionHolding(entry, test.field);
    if (!spread || inverseField(entry, test.field as string) !== undefined) return undefined;
    const { field: _field, pos: _pos, ...rest } = test;
    // A presence or null test says nothing more than its kind.
    const key = `${entry.positions?.indexOf(spread)}\u0000${kind}\u0000${kind === 'value' ? JSON.stringify(rest) : ''}`;
    return { spread, index: spread.fields.indexOf(test.field as string), test, key };
  };
  if (junction === 'and') return isNullTest(expr) ? of(presence(expr.field, 'null'), 'null') : undefined;
  if (expr.kind === 'predicate') {
    if (expr.op === 'null' || expr.field === null) return undefined;
    return expr.op === 'exists' ? of(presence(expr.field, 'exists'), 'present') : of(expr, 'value');
  }
  if (expr.kind === 'not' && isNullTest(expr.item)) return of(presence(expr.item.field, 'exists'), 'present');
  if (expr.kind === 'and' && expr.items.length === 2) {
    const [a, b] = expr.items as [Expr, Expr];
    const [guard, test] = a.kind === 'not' ? [a, b] : [b, a];
    if (guard.kind !== 'not' || !isNullTest(guard.item) || test.kind !== 'predicate') return undefined;
    if (test.field !== guard.item.field || test.op === 'null' || test.op === 'exists') return undefined;
    return of(test, 'value');
  }
  return undefined;
}

/** The items of an `and`/`or` with those of unnamed ones of the same kind inside it. */
function flatItems(expr: Expr & { kind: 'and' | 'or' }): Expr[] {
  return expr.items.flatMap((i) => (i.kind === expr.kind && i.label === undefined ? flatItems(i) : [i]));
}

/**
 * A query's tests of every position of a list, read as the tests of the list they were written for (see
 * PositionsField): the same test of each position or-ed, each position missing and-ed. Returns the query with
 * those tests in the hub's name, which `gathered` holds; a test of some positions only is left as it is.
 */
function gatherPositions(
  expr: Expr,
  entry: CategoryModel,
  gathered: Set<Predicate>,
  ctx: Context,
  negated = false,
): Expr {
  if (expr.kind === 'not')
    return { ...expr, item: gatherPositions(expr.item, entry, gathered, ctx, !negated) };
  if (expr.kind !== 'and' && expr.kind !== 'or') return expr;
  const items = flatItems(expr);
  const groups = new Map<string, { tests: PositionTest[]; at: number[]; seen: Set<number> }>();
  items.forEach((item, i) => {
    const found = positionTest(item, entry, expr.kind);
    if (!found) return;
    const group = groups.get(found.key) ?? { tests: [], at: [], seen: new Set<number>() };
    group.tests.push(found);
    group.at.push(i);
    group.seen.add(found.index);
    groups.set(found.key, group);
  });
  const replaced = new Map<number, Expr | null>();
  for (const { tests, at, seen } of groups.values()) {
    const { spread, test } = tests[0] as PositionTest;
    if (seen.size !== spread.fields.length) continue;
    const hub = spread.of;
    const values = mapValueToHub(entry, hub, test.field as string, test.values, ctx).map((v): Value =>
      v.type === 'fieldref' ? { type: 'fieldref', field: inverseField(entry, v.field) ?? v.field } : v,
    );
    const { pos: _pos, ...rest } = test;
    const read: Predicate = { ...rest, field: hub, values };
    gathered.add(read);
    noteField(entry, hub, negated, ctx);
    if (test.op !== 'exists') {
      // The hub's list also holds the items past the last position: a value test finds more, a null test fewer.
      const broader = (test.op === 'null') === negated;
      ctx.notes.push({
        severity: 'info',
        code: 'mapping/list-positions',
        message: `${spreadOver(spread)} are read as ${hub}, the list of their items: items past the ${ordinal(spread.fields.length)} are looked at too`,
        fidelity: broader ? 'broader' : 'narrower',
      });
    }
    at.forEach((i, n) => replaced.set(i, n === 0 ? read : null));
  }
  const out = items.flatMap((item, i) => {
    const r = replaced.get(i);
    if (r === null) return [];
    return [r ?? gatherPositions(item, entry, gathered, ctx, negated)];
  });
  if (replaced.size === 0) return { ...expr, items: out };
  return out.length === 1 ? (out[0] as Expr) : { ...expr, items: out };
}

/**
 * Whether a basename is there exactly when its path is: the last component of a file or process path is, but a
 * file's extension is not (a name without a dot), nor a registry value's name (an event on a key names none).
 */
function namedWithPath(basename: BasenameField): boolean {
  return basename.separator !== '.' && basename.of !== 'TargetObject';
}

/** One character of a Lucene regex, quoted unless a letter or digit (`\` quotes any character in Lucene). */
const quoteRegexChar = (ch: string): string => (/[A-Za-z0-9]/.test(ch) ? ch : `\\${ch}`);

/**
 * The regex a whole path matches where its last component (after `separator`) matches `value` as a whole:
 * any run ending in the separator, then the value's regex. Where the value's regex can match a separator too,
 * so does this, over more than the last component (broader).
 */
function lastComponentRegex(value: RegexValue, separator: string): RegexValue {
  const sep = quoteRegexChar(separator);
  return { ...value, pattern: `(.*${sep})?(${value.pattern})` };
}

/** A regex that matches where `value` matches some part of the text (for a whole-value regex: `.*(r).*`). */
function containedRegex(value: RegexValue): RegexValue {
  if (!value.anchored) return value;
  if (value.flavour !== 'lucene') return { ...value, anchored: false };
  return { ...value, pattern: `.*(${value.pattern}).*` };
}

/** Whether an entry gives a model field a meaning (a hub name, or part, element or key of a hub field). */
function namesField(entry: CategoryModel, field: string): boolean {
  return (
    inverseField(entry, field) !== undefined ||
    !!entry.basenames?.some((b) => b.field === field) ||
    !!entry.parts?.some((p) => p.field === field) ||
    !!entry.elements?.some((e) => e.field === field) ||
    keyedHubField(entry, field) !== undefined ||
    entry.keywordField === field
  );
}

function sameLogsource(a: HubLogsource, b: HubLogsource): boolean {
  return a.category === b.category && a.product === b.product && a.service === b.service;
}

/**
 * Fields a query marks optional (EQL `?dll.name`: some of the events it reads lack the field) that another
 * producer of the same hub log source writes (another entry of the model for it names them) and the entry's
 * producer does not (this entry names no such field): missing from every event read through the entry.
 * Elastic's rules over several integrations test each one's field for the same thing (`?dll.name : "x" or
 * file.name : "x"`, Elastic Defend's and the Sysmon integration's name of a loaded image).
 */
function absentFields(query: SearchQuery, entry: CategoryModel, model: DataModel): Set<string> {
  const optional = query.source.native.optionalFields;
  const out = new Set<string>();
  if (!Array.isArray(optional)) return out;
  for (const field of optional) {
    if (typeof field !== 'string' || namesField(entry, field)) continue;
    const sibling = model.categories.find(
      (c) => c !== entry && sameLogsource(c.logsource, entry.logsource) && namesField(c, field),
    );
    if (sibling) out.add(field);
  }
  return out;
}

function mapExprToHub(
  expr: Expr,
  entry: CategoryModel,
  model: DataModel,
  extracted: Set<string>,
  ctx: Context,
  absent: Set<string> = new Set(),
): Expr {
  const gathered = new Set<Predicate>();
  const read = entry.positions?.length ? gatherPositions(expr, entry, gathered, ctx) : expr;
  const mapped = mapPredicates(read, (expr, negated) => {
    if (gathered.has(expr)) return expr;
    // What reads more events as a condition reads fewer under a negation.
    const wider = negated ? 'narrower' : 'broader';
    const hubField = inverseField(entry, expr.field) ?? (extracted.has(expr.field) ? expr.field : undefined);
    if (hubField !== undefined) noteField(entry, hubField, negated, ctx);
    if (hubField !== undefined) {
      return {
        ...expr,
        field: hubField,
        values: mapValueToHub(entry, hubField, expr.field, expr.values, ctx).map((v) =>
          v.type === 'fieldref' ? { type: 'fieldref', field: inverseField(entry, v.field) ?? v.field } : v,
        ),
      };
    }
    if (absent.has(expr.field)) {
      // A missing field passes only a test that it is missing.
      ctx.notes.push({
        severity: 'info',
        code: 'mapping/absent-field',
        message: `${expr.field} is another producer's field for ${describeLogsource(entry.logsource)} events, which those read here do not have: its test (optional in the query) is read as on a missing field`,
      });
      return { kind: 'const', value: expr.op === 'null' };
    }
    const spread = positionHolding(entry, expr.field);
    if (spread && ctx.options.unmapped !== 'keep') {
      fail(
        'mapping/unmapped-field',
        `the field ${expr.field} of rule '${ctx.rule.meta.title}' holds one item of ${spread.of} in the ${model.id} data model for ${describeLogsource(entry.logsource)} events, which has no ${HUB} name of its own: only the same test of every item (${spreadOver(spread)}) reads as a test of ${spread.of}`,
      );
    }
    const list = entry.elements?.find((e) => e.field === expr.field);
    if (list) return elementsToHub(expr, list, entry, negated, ctx);
    const basename = entry.basenames?.find((b) => b.field === expr.field);
    if (basename && (expr.op === 'null' || expr.op === 'exists') && namedWithPath(basename)) {
      // A path's last component is there exactly when the path is.
      return { ...expr, field: basename.of };
    }
    if (
      basename &&
      expr.op === 'regex' &&
      expr.values.every((v) => v.type === 'regex' && v.anchored && v.flavour === 'lucene')
    ) {
      ctx.notes.push({
        severity: 'info',
        code: 'mapping/basename-wildcard',
        message: `${expr.field} matching a regex read as the end of ${basename.of} matching it: the regex may also match a path separator`,
        fidelity: wider,
      });
      const values = expr.values.map((v) =>
        v.type === 'regex' ? lastComponentRegex(v, basename.separator) : v,
      );
      return { ...expr, field: basename.of, values };
    }
    if (
      basename &&
      (expr.op === 'eq' || expr.op === 'endswith') &&
      expr.values.every((v) => v.type === 'string')
    ) {
      // `name == "x.exe"` is "the path ends in \x.exe"; with wildcards the separator may fall inside them.
      const wild = expr.values.some((v) => v.type === 'string' && literalText(v.pattern) === null);
      if (wild) {
        ctx.notes.push({
          severity: 'info',
          code: 'mapping/basename-wildcard',
          message: `${expr.field} with wildcards read as the end of ${basename.of}: a wildcard may also match a path separator`,
          fidelity: wider,
        });
      }
      const values = expr.values.map((v): Value =>
        v.type === 'string'
          ? {
              type: 'string',
              pattern: normalizePattern(
                expr.op === 'eq' ? [basename.separator, ...v.pattern] : [ANY, ...v.pattern],
              ),
            }
          : v,
      );
      return { ...expr, field: basename.of, op: 'endswith', values };
    }
    if (expr.field === entry.keywordField && expr.op === 'contains' && !expr.matchAll) {
      ctx.notes.push({
        severity: 'warning',
        code: 'mapping/keyword-field',
        message: `${expr.field} holds the event's text; read as a Sigma keyword, the value is looked for in every field`,
        fidelity: wider,
      });
      return { ...expr, field: null, op: 'eq' };
    }
    const keyedHub = keyedHubField(entry, expr.field);
    if (
      keyedHub &&
      expr.op === 'eq' &&
      expr.values.every((v) => v.type === 'string' && literalText(v.pattern) !== null)
    ) {
      const values = expr.values.map((v): Value => ({
        type: 'string',
        pattern: [`${keyedHub.key}=${literalText((v as { pattern: Pattern }).pattern)}`],
      }));
      return { ...expr, field: keyedHub.field, op: 'contains', values, cased: false };
    }
    // A key's field is there exactly when the list names the key (`dll.hash.sha256 != null`: Hashes has SHA256=).
    if (keyedHub && (expr.op === 'null' || expr.op === 'exists')) {
      const named: Predicate = {
        ...expr,
        field: keyedHub.field,
        op: 'contains',
        values: [{ type: 'string', pattern: [`${keyedHub.key}=`] }],
        matchAll: false,
        cased: false,
      };
      return expr.op === 'exists' ? named : { kind: 'not', item: named };
    }
    const part = entry.parts?.find((p) => p.field === expr.field);
    // Every part is there exactly when the whole is (an argument list is empty only with its command line).
    if (part && (expr.op === 'null' || expr.op === 'exists')) return { ...expr, field: part.of };
    if (part && expr.op === 'regex' && expr.values.every((v) => v.type === 'regex')) {
      ctx.notes.push({
        severity: 'warning',
        code: 'mapping/part-of-field',
        message: `${expr.field} holds one part of ${part.of}; read as ${part.of} containing a match of the regex, it also matches where the match is only part of one, or spans several`,
        fidelity: wider,
      });
      const values = expr.values.map((v) => (v.type === 'regex' ? containedRegex(v) : v));
      return { ...expr, field: part.of, values };
    }
    if (
      part &&
      ['eq', 'contains', 'startswith', 'endswith'].includes(expr.op) &&
      expr.values.every((v) => v.type === 'string')
    ) {
      ctx.notes.push({
        severity: 'warning',
        code: 'mapping/part-of-field',
        message: `${expr.field} holds one part of ${part.of}; read as ${part.of} containing the value, it also matches where the value is only part of one`,
        fidelity: wider,
      });
      return { ...expr, field: part.of, op: 'contains' };
    }
    if (ctx.options.unmapped === 'keep') {
      ctx.notes.push({
        severity: 'warning',
        code: 'mapping/unmapped-field',
        message: `${expr.field} has no ${HUB} name for ${describeLogsource(entry.logsource)} events and is written as it is`,
        fidelity: 'unsupported',
      });
      return expr;
    }
    return fail(
      'mapping/unmapped-field',
      `the field ${expr.field} of rule '${ctx.rule.meta.title}' has no ${HUB} name in the ${model.id} data model for ${describeLogsource(entry.logsource)} events (--unmapped keep writes it as it is)`,
    );
  });
  // Tests of absent fields are settled: what they decide goes.
  return withoutRepeats(withoutDoubleNegation(absent.size > 0 ? foldUnder(mapped, []) : mapped));
}

/** An expression without `not not x`, which a negated test read as a negation (`dll.hash.sha256 != null`) makes. */
function withoutDoubleNegation(expr: Expr): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const items = expr.items.map(withoutDoubleNegation);
      return items.every((i, n) => i === expr.items[n]) ? expr : { ...expr, items };
    }
    case 'not': {
      if (expr.item.kind === 'not') return withoutDoubleNegation(expr.item.item);
      const item = withoutDoubleNegation(expr.item);
      return item === expr.item ? expr : { ...expr, item };
    }
    default:
      return expr;
  }
}

/**
 * An expression without the same test twice in one junction: two model fields read as the same hub test
 * (Defend's `dll.name` and Endpoint's older `file.name`, both the end of ImageLoaded) say it once.
 */
function withoutRepeats(expr: Expr): Expr {
  if (expr.kind === 'not') return { ...expr, item: withoutRepeats(expr.item) };
  if (expr.kind !== 'and' && expr.kind !== 'or') return expr;
  const seen = new Set<string>();
  const items: Expr[] = [];
  for (const item of expr.items.map(withoutRepeats)) {
    // The same test in normal form (where in the source it was written does not make it another).
    const key = stableStringify(normalizeExpr(item));
    if (!seen.has(key)) items.push(item);
    seen.add(key);
  }
  return items.length === 1 && expr.label === undefined ? (items[0] as Expr) : { ...expr, items };
}
/** The field that holds an ECS event's categories, which an EQL `any where` query may test. */
const EVENT_CATEGORY = 'event.category';

/**
 * The event categories an `any where` query tests (`event.category in ("file", "process")`), where every test
 * of the field is one of plain values; undefined where it tests none, or another way.
 */
function testedCategories(filter: Expr): string[] | undefined {
  const found = new Set<string>();
  let plain = true;
  const walk = (expr: Expr): void => {
    if (expr.kind === 'and' || expr.kind === 'or') expr.items.forEach(walk);
    else if (expr.kind === 'not') walk(expr.item);
    else if (expr.kind === 'predicate' && expr.field === EVENT_CATEGORY) {
      const values = expr.transforms.length ? null : predicateValues(expr);
      if (values === null || values.length === 0) plain = false;
      else for (const v of values) found.add(String(v).toLowerCase());
    }
  };
  walk(filter);
  return plain && found.size > 0 ? [...found] : undefined;
}

/**
 * An EQL `any where` query that tests the event's category, read per category: the query as `<category> where`,
 * its category tests settled (`event.category == "process"` is true of process events, false of others).
 * Categories the query then reads no event of are left out.
 */
function perCategory(query: SearchQuery, categories: string[]): { category: string; query: SearchQuery }[] {
  return categories.flatMap((category) => {
    const filter = foldUnder(query.filter, [{ field: EVENT_CATEGORY, values: [category], cased: false }]);
    if (filter.kind === 'const' && !filter.value) return [];
    const native = { ...query.source.native, category };
    return [{ category, query: { ...query, source: { ...query.source, native }, filter } }];
  });
}

/** An EQL `any where` query that tests the event's category, per category it reads (none for other queries). */
export function byCategory(query: SearchQuery): { category: string; query: SearchQuery }[] {
  const categories = query.source.native.category === 'any' ? testedCategories(query.filter) : undefined;
  return categories ? perCategory(query, categories) : [];
}

/**
 * An `any where` query over several event categories (`event.category in ("file", "process") and (file
 * creation … or process start …)`). Where each category's events read as the same hub log source (Defend's
 * `library` events and Sysmon's image loads), one hub search: the categories' filters, each read through its
 * own entry, or-ed. Otherwise the rule reads several log sources, which one hub search (a Sigma rule's single
 * log source) cannot say: refused, naming them.
 */
function categoriesToHub(
  read: { category: string; query: SearchQuery }[],
  model: DataModel,
  ctx: Context,
): { query: SearchQuery; entry: CategoryModel } {
  const found = read.map(({ category, query }) => {
    try {
      return { category, query, recognised: recognise(model, query, { ...ctx, notes: [] }) };
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return { category, query, recognised: undefined };
    }
  });
  const names = new Set(
    found.map((f) => (f.recognised ? describeLogsource(f.recognised.entry.logsource) : '')),
  );
  const first = found[0]?.recognised;
  if (names.size > 1 || !first) {
    const listed = found.map(
      (f) =>
        `${f.category} (${f.recognised ? describeLogsource(f.recognised.entry.logsource) : `no ${HUB} log source`})`,
    );
    return fail(
      'mapping/several-logsources',
      `rule '${ctx.rule.meta.title}' reads events of several log sources at once (EQL event categories ${listed.join(', ')}), and a ${HUB} rule has one log source`,
    );
  }
  const branches = found.map(({ query }) => {
    const { entry, rest } = recognise(model, query, ctx);
    const absent = absentFields(query, entry, model);
    const mapped = mapExprToHub(rest, entry, model, extractedFields(query, entry), ctx, absent);
    // Each category's events as its entry reads them: said again unless the branch already requires them.
    const when = entry.when && !statesWhen(mapped, entry.when) ? whenPredicate(entry) : undefined;
    return when ? allOf([when, ...conjuncts(mapped)]) : mapped;
  });
  noteCaveat(first.entry, model, ctx, 'read');
  const logsource = { ...first.entry.logsource };
  const source: Source = { model: HUB, ...logsource, native: { logsource } };
  return { query: { kind: 'search', source, filter: withoutRepeats(anyOf(branches)) }, entry: first.entry };
}

function searchToHub(
  query: SearchQuery,
  model: DataModel,
  ctx: Context,
): { query: SearchQuery; entry: CategoryModel } {
  const read = byCategory(query);
  if (read.length > 1) return categoriesToHub(read, model, ctx);
  // One category: the query is a query of that category's events.
  if (read.length === 1) query = (read[0] as { query: SearchQuery }).query;
  const { entry, rest } = recognise(model, query, ctx);
  noteCaveat(entry, model, ctx, 'read');
  const extracted = extractedFields(query, entry);
  const mapped = mapExprToHub(rest, entry, model, extracted, ctx, absentFields(query, entry, model));
  // Said again unless the rule already requires some of its values.
  const when = entry.when && !statesWhen(mapped, entry.when) ? whenPredicate(entry) : undefined;
  const filter: Expr = when ? { kind: 'and', items: [when, ...conjuncts(mapped)] } : mapped;
  const logsource = { ...entry.logsource };
  const source: Source = { model: HUB, ...logsource, native: { logsource } };
  return { query: { kind: 'search', source, filter }, entry };
}

// ---------------------------------------------------------------------------------------------------------
// Queries

type SearchMapper = (query: SearchQuery, ctx: Context) => { query: SearchQuery; entry: CategoryModel };

function keyField(
  entry: CategoryModel,
  field: string,
  toHub: boolean,
  model: DataModel,
  ctx: Context,
): string {
  if (!toHub) {
    const list = listHolding(entry, field);
    if (list) {
      fail(
        'mapping/unmapped-field',
        `the join key ${field} of rule '${ctx.rule.meta.title}' is one element of the list ${list.field} in the ${model.id} data model, which cannot group events`,
      );
    }
    return mapFieldToModel(entry, model, field, ctx);
  }
  const hub = inverseField(entry, field) ?? entry.keyAliases?.[field];
  if (hub !== undefined) {
    if (entry.keyAliases?.[field] !== undefined) {
      ctx.notes.push({
        severity: 'info',
        code: 'mapping/key-alias',
        message: `events are grouped by ${hub} where the ${model.id} rule groups by ${field}: both name the same host or process`,
        fidelity: 'exact',
      });
    }
    return hub;
  }
  // A key that is the last component of a hub field (a process's name, of its path): grouped by the whole.
  const basename = entry.basenames?.find((b) => b.field === field);
  if (basename) {
    ctx.notes.push({
      severity: 'warning',
      code: 'mapping/key-basename',
      message: `events are grouped by ${basename.of} where the ${model.id} rule groups by ${field}, its last component: events whose ${field} is the same under different paths are not grouped together`,
      fidelity: 'narrower',
    });
    return basename.of;
  }
  if (ctx.options.unmapped === 'keep') return field;
  return fail(
    'mapping/unmapped-field',
    `the join key ${field} of rule '${ctx.rule.meta.title}' has no ${HUB} name in the ${model.id} data model`,
  );
}

/** Whether a join key reads, through an entry, as the whole of the hub field it is the last component of. */
function keyIsBasename(entry: CategoryModel | undefined, field: string): boolean {
  return (
    entry !== undefined &&
    inverseField(entry, field) === undefined &&
    entry.keyAliases?.[field] === undefined &&
    !!entry.basenames?.some((b) => b.field === field)
  );
}

/**
 * A join key that is a path's last component in some steps and a name of its own in others (auditd's `comm`
 * beside Defend's process.name) would group a name with a path, which never share a value: refused.
 */
function refuseMixedBasenameKey(key: JoinKey, entries: (CategoryModel | undefined)[], ctx: Context): void {
  if (key.fields.length < 2) return;
  const whole = key.fields.map((f, i) => keyIsBasename(entries[i] ?? entries[0], f));
  if (whole.some(Boolean) && !whole.every(Boolean)) {
    fail(
      'mapping/unmapped-field',
      `the join key ${key.fields.join(' / ')} of rule '${ctx.rule.meta.title}' is a path's last component in some steps and a name of its own in others: grouped by the ${HUB} fields, a name and a path would never share a value`,
    );
  }
}

/** The fields that name the scope of each step's field of a key (its entry's keyScopes), step by step. */
function stepScopes(key: JoinKey, entries: (CategoryModel | undefined)[]): (string[] | undefined)[] {
  return key.fields.map((f, i) => (entries[i] ?? entries[0])?.keyScopes?.[f]);
}

/** The fields that name a key's scope, where every step has the same. */
function scopeOf(key: JoinKey, entries: (CategoryModel | undefined)[]): string[] | undefined {
  const scopes = stepScopes(key, entries);
  const [first] = scopes;
  return first !== undefined && scopes.every((s) => s?.join() === first.join()) ? first : undefined;
}

const joinsBy = (keys: JoinKey[], field: string) => keys.some((k) => k.fields.every((f) => f === field));

/**
 * The keys, with the field that scopes a key's model fields added as a key where none joins by it. A key scoped
 * in some steps and not in others joins ids of two producers (Defender's ProcessUniqueId with Sysmon's
 * ProcessGuid), which never equal each other: refused.
 */
function withScopeKeys(
  keys: JoinKey[],
  entries: (CategoryModel | undefined)[],
  ctx: Context,
  partScopes: string[][] = [],
): JoinKey[] {
  const added: JoinKey[] = [];
  const steps = entries.length;
  // A key said by several fields (see keyParts) joins within the scope its parts name.
  for (const scope of partScopes) {
    if (!scope.some((field) => joinsBy([...keys, ...added], field))) {
      added.push({ fields: Array.from({ length: steps }, () => scope[0] as string) });
    }
  }
  for (const key of keys) {
    const scoped = stepScopes(key, entries).map((s) => s !== undefined);
    if (scoped.some(Boolean) && !scoped.every(Boolean)) {
      const tables = entries.map((e) => e?.source.table ?? e?.source.function ?? e?.source.eqlCategory);
      fail(
        'mapping/key-sources',
        `rule '${ctx.rule.meta.title}' joins by ${key.alias ?? key.fields.join(' / ')}, which its steps read from sources whose ids differ (${key.fields.map((f, i) => `${f} of ${tables[i] ?? '?'}`).join(', ')}): no event of one would join one of the other (a --profile that reads every step from one source may convert it)`,
      );
    }
    const scope = scopeOf(key, entries);
    if (scope !== undefined && !scope.some((field) => joinsBy([...keys, ...added], field))) {
      added.push({ fields: key.fields.map(() => scope[0] as string) });
    }
  }
  return [...keys, ...added];
}

/** The keys less those that only scope another key's model fields (said by the hub's global ids). */
function withoutScopeKeys(keys: JoinKey[], entries: (CategoryModel | undefined)[]): JoinKey[] {
  const scopes = new Set(keys.flatMap((key) => scopeOf(key, entries)?.[0] ?? []));
  return keys.filter((key) => !key.fields.every((f) => scopes.has(f)));
}

/** A key's field in one step (a key of one field joins every step by it). */
const keyFieldAt = (key: JoinKey, step: number): string =>
  (key.fields.length === 1 ? key.fields[0] : key.fields[step]) as string;

/** The tables (or categories) each step reads, for messages. */
const stepSources = (entries: (CategoryModel | undefined)[]): string[] =>
  entries.map((e) => e?.source.table ?? e?.source.function ?? e?.source.eqlCategory ?? 'a nested query');

/**
 * A hub join key as the keys of the model fields that say it together (see keyParts), where some step has no
 * single field for it; undefined where every step has one (or some step neither: unmapped, said as usual).
 */
function writeKeyParts(
  key: JoinKey,
  entries: (CategoryModel | undefined)[],
  model: DataModel,
  ctx: Context,
): { keys: JoinKey[]; scopes?: string[] } | undefined {
  const fields = entries.map((_, i) => keyFieldAt(key, i));
  const parts = entries.map((e, i) => e?.keyParts?.[fields[i] as string]);
  const single = entries.map((e, i) => e !== undefined && modelField(e, fields[i] as string) !== undefined);
  if (!parts.some((p, i) => p !== undefined && !single[i])) return undefined;
  const first = parts.find((p) => p !== undefined) as { fields: string[]; scopes?: string[] };
  const alike = parts.every(
    (p) =>
      p !== undefined && p.fields.length === first.fields.length && p.scopes?.join() === first.scopes?.join(),
  );
  if (!alike) {
    const sources = stepSources(entries);
    const said = fields.map((f, i) => {
      const p = parts[i];
      const entry = entries[i];
      const as = p && !single[i] ? p.fields.join(' + ') : entry ? (modelField(entry, f) ?? f) : f;
      return `${as} of ${sources[i] as string}`;
    });
    return fail(
      'mapping/key-sources',
      `rule '${ctx.rule.meta.title}' joins by ${key.alias ?? [...new Set(fields)].join(' / ')}, which its steps read from sources that identify a process differently (${said.join(', ')}): no event of one would join one of the other (a --profile that reads every step from one source may convert it)`,
    );
  }
  const list = parts as { fields: string[]; scopes?: string[] }[];
  ctx.notes.push({
    severity: 'info',
    code: 'mapping/key-parts',
    message: `events are grouped by ${first.fields.join(' and ')}${first.scopes ? ` on one ${first.scopes.join(' or ')}` : ''} where the rule groups by ${[...new Set(fields)].join(' / ')}: the ${model.id} data model has no one id for it (${[...new Set(list.map((p) => p.fields.join(' + ')))].join(', ')})`,
    fidelity: 'exact',
  });
  const keys = first.fields.map((_, j) => ({ fields: list.map((p) => p.fields[j] as string) }));
  return { keys, ...(first.scopes ? { scopes: first.scopes } : {}) };
}

/**
 * The keys of a model query with those that join by the parts of a hub key in every step (see keyParts) read as
 * that key (`hub`: already in hub names), and the keys that only name those parts' scope left out; `rest` are the
 * keys still in model names.
 */
function readKeyParts(
  keys: JoinKey[],
  entries: (CategoryModel | undefined)[],
  model: DataModel,
  ctx: Context,
): { keys: JoinKey[]; hub: Set<JoinKey>; rest: JoinKey[] } {
  const hub = new Set<JoinKey>();
  const used = new Set<JoinKey>();
  const scopes = new Set<string>();
  const placeOf = new Map<JoinKey, JoinKey>();
  const [first] = entries;
  if (first?.keyParts && entries.every((e) => e !== undefined)) {
    for (const [field0, parts0] of Object.entries(first.keyParts)) {
      const found = parts0.fields.map((part) => keys.find((k) => !used.has(k) && keyFieldAt(k, 0) === part));
      if (found.some((k) => k === undefined)) continue;
      const partKeys = found as JoinKey[];
      // Every other step joins by the parts of one of its hub keys, in the same order.
      const hubFields = entries.map((entry, i) => {
        if (i === 0) return field0;
        const said = partKeys.map((k) => keyFieldAt(k, i)).join();
        return Object.entries(entry?.keyParts ?? {}).find(([, p]) => p.fields.join() === said)?.[0];
      });
      if (hubFields.some((f) => f === undefined)) continue;
      for (const k of partKeys) used.add(k);
      const key: JoinKey = { fields: hubFields as string[] };
      hub.add(key);
      const earliest = partKeys.reduce((a, b) => (keys.indexOf(b) < keys.indexOf(a) ? b : a));
      placeOf.set(earliest, key);
      for (const scope of parts0.scopes ?? []) scopes.add(scope);
      ctx.notes.push({
        severity: 'info',
        code: 'mapping/key-parts',
        message: `events are grouped by ${[...new Set(hubFields)].join(' / ')} where the ${model.id} rule groups by ${parts0.fields.join(' and ')}${parts0.scopes ? ` on one ${parts0.scopes.join(' or ')}` : ''}: together they name one process`,
        fidelity: 'exact',
      });
    }
  }
  // The scope the parts join within is implied by the hub key, which is unique across it.
  const isScope = (k: JoinKey) => entries.every((_, i) => scopes.has(keyFieldAt(k, i)));
  const rest = keys.filter((k) => !used.has(k) && !(hub.size > 0 && isScope(k)));
  // The hub keys in the place of their first part, the other keys where they were.
  const ordered = keys.flatMap((k) => {
    const key = placeOf.get(k);
    if (key) return [key];
    return used.has(k) || !rest.includes(k) ? [] : [k];
  });
  return { keys: ordered, hub, rest };
}

/** The mapped field of a nested multi-event query's key that grouped by `field` before mapping. */
function nestedKeyField(
  before: Query | undefined,
  after: Query | undefined,
  field: string,
): string | undefined {
  if (!before || !after || !('keys' in before) || !('keys' in after)) return undefined;
  const k = before.keys.findIndex((key) => key.fields.every((f) => f === field));
  const mapped = after.keys[k]?.fields;
  return mapped?.every((f) => f === mapped[0]) ? mapped[0] : undefined;
}

function mapQuery(
  query: Query,
  mapSearch: SearchMapper,
  model: DataModel,
  toHub: boolean,
  ctx: Context,
): Query {
  switch (query.kind) {
    case 'search':
      return mapSearch(query, ctx).query;
    case 'filter':
    case 'opaque':
      return fail('mapping/unsupported', `a ${query.kind} query cannot be mapped between data models`);
    case 'sequence':
    case 'temporal':
    case 'aggregate': {
      const entries: (CategoryModel | undefined)[] = [];
      const steps: Step[] = query.steps.map((step) => {
        if (step.query.kind === 'search') {
          const mapped = mapSearch(step.query, ctx);
          entries.push(mapped.entry);
          return { ...step, query: mapped.query };
        }
        entries.push(undefined);
        return { ...step, query: mapQuery(step.query, mapSearch, model, toHub, ctx) };
      });
      const mapKey = (key: JoinKey): JoinKey => ({
        ...key,
        fields: key.fields.map((f, i) => {
          // A step that is itself a multi-event query (a count ordered with other steps) groups by its own keys.
          const nested = entries[i] ? undefined : nestedKeyField(query.steps[i]?.query, steps[i]?.query, f);
          if (nested !== undefined) return nested;
          const entry = entries[i] ?? entries[0];
          return entry ? keyField(entry, f, toHub, model, ctx) : f;
        }),
      });
      let keys: JoinKey[];
      const partScopes: string[][] = [];
      if (toHub) {
        // Keys that join by the parts of a hub key (Defender's process id and creation time) read as that key.
        const read = readKeyParts(query.keys, entries, model, ctx);
        for (const key of read.rest) refuseMixedBasenameKey(key, entries, ctx);
        const rest = new Set(withoutScopeKeys(read.rest, entries));
        keys = read.keys.flatMap((key) => (read.hub.has(key) ? [key] : rest.has(key) ? [mapKey(key)] : []));
      } else {
        keys = query.keys.flatMap((key) => {
          const parts = writeKeyParts(key, entries, model, ctx);
          if (!parts) return [mapKey(key)];
          if (parts.scopes) partScopes.push(parts.scopes);
          return parts.keys;
        });
      }
      const mapped = {
        ...query,
        steps,
        keys: toHub ? keys : withScopeKeys(keys, entries, ctx, partScopes),
      } as typeof query;
      if (mapped.kind === 'aggregate' && mapped.field !== undefined && entries[0]) {
        mapped.field = keyField(entries[0], mapped.field, toHub, model, ctx);
      }
      // Keys (and a measured field) read out of a column must be extracted too, not only the filter's fields.
      if (!toHub) {
        mapped.steps = steps.map((step, i) => {
          const entry = entries[i];
          if (!entry?.extract || step.query.kind !== 'search') return step;
          const shown = keys.map((k) => (k.fields.length === 1 ? k.fields[0] : k.fields[i]) as string);
          if (mapped.kind === 'aggregate' && mapped.field !== undefined) shown.push(mapped.field);
          return { ...step, query: withExtraction(step.query, entry, shown) };
        });
      }
      if (mapped.kind === 'sequence' && query.kind === 'sequence' && query.until) {
        mapped.until = { ...query.until, query: mapQuery(query.until.query, mapSearch, model, toHub, ctx) };
      }
      return mapped;
    }
  }
}

/**
 * A rule in another data model: from its own model to the hub, then to the target (either step is skipped
 * when the rule is already there). Fields, values and event sources are rewritten; what has no mapping is an
 * error naming the field, the rule and the model (or kept, with a warning, under `unmapped: 'keep'`).
 */
export function mapRule(
  rule: Rule,
  from: DataModel | null,
  to: DataModel | null,
  options: MapOptions,
): { rule: Rule; diagnostics: Diagnostic[] } {
  const ctx: Context = { rule, options, notes: [] };
  let query = rule.query;
  if (from) {
    query = mapQuery(query, (q, c) => remember(c, 'fromEntry', searchToHub(q, from, c)), from, true, ctx);
  }
  if (to) query = mapQuery(query, (q, c) => remember(c, 'toEntry', searchToModel(q, to, c)), to, false, ctx);
  const seen = new Set<string>();
  const key = (d: Diagnostic) => `${d.fidelity ?? ''} ${d.message}`;
  const diagnostics = ctx.notes.filter((d) => !seen.has(key(d)) && seen.add(key(d)));
  const output = rule.meta.output
    ? { fields: [...new Set(rule.meta.output.fields.map((f) => outputField(f, ctx)))] }
    : undefined;
  const meta = output ? { ...rule.meta, output } : rule.meta;
  return { rule: { ...rule, meta, query: nameKeys(query) }, diagnostics };
}

function remember<T extends { entry: CategoryModel }>(
  ctx: Context,
  side: 'fromEntry' | 'toEntry',
  mapped: T,
): T {
  ctx[side] ??= mapped.entry;
  return mapped;
}

/**
 * A field the rule shows (Sigma `fields`, Elastic investigation fields, Sentinel entity columns) in the target's
 * names, through the hub; one without a mapping is kept as written, which only affects what is displayed.
 */
function outputField(field: string, ctx: Context): string {
  let hub = field;
  if (ctx.fromEntry) {
    const entry = ctx.fromEntry;
    hub =
      inverseField(entry, field) ??
      entry.keyAliases?.[field] ??
      entry.basenames?.find((b) => b.field === field)?.of ??
      field;
  }
  return ctx.toEntry ? (modelField(ctx.toEntry, hub) ?? hub) : hub;
}

/** A join key that reads different fields per step gets a name (Sigma needs one for its aliases): its first field's. */
function nameKeys(query: Query): Query {
  if (query.kind !== 'sequence' && query.kind !== 'temporal' && query.kind !== 'aggregate') return query;
  const taken = new Set(
    query.keys.flatMap((k) => (k.fields.every((f) => f === k.fields[0]) ? [k.fields[0] as string] : [])),
  );
  const keys = query.keys.map((key) => {
    if (key.alias !== undefined || key.fields.every((f) => f === key.fields[0])) return key;
    let alias = (key.fields[0] as string).replace(/[^A-Za-z0-9_]+/g, '_');
    for (let n = 2; taken.has(alias); n++) alias = `${alias}_${n}`;
    taken.add(alias);
    return { ...key, alias };
  });
  return { ...query, keys } as Query;
}
