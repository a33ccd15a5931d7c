/**
 * IR → Elasticsearch EQL text.
 *
 * Each predicate is written with the operator whose meaning is exactly the IR's: `:` for case-insensitive
 * wildcards and equality, `==`/`in` for case-sensitive exact values, `like` for case-sensitive wildcards,
 * `in~` for case-insensitive exact values that contain a `*` or `?` character, `regex`/`regex~`. What EQL
 * cannot say is a RuleError naming the construct; where the printed query must match more than the IR says
 * (a literal `*` inside a wildcard pattern, which EQL cannot escape) a diagnostic says so.
 */
import { foldConstants } from '../../ir/fold.js';
import { withArticle } from '../../util/words.js';
import type {
  Duration,
  Expr,
  JoinKey,
  OutputStage,
  Pattern,
  Predicate,
  Query,
  Rule,
  SearchQuery,
  Source,
  Step,
  Term,
  Value,
} from '../../ir/types.js';
import {
  hasPlaceholders,
  isPlaceholder,
  isWildcard,
  literalText,
  normalizePattern,
  wrapPattern,
} from '../../ir/pattern.js';
import { searchesOf } from '../../ir/normalize.js';
import { fidelityNotes } from '../../report/fidelity-notes.js';
import { RuleError, type Diagnostic } from '../../report/diagnostics.js';
import type { PrintResult } from '../types.js';
import { lookupFunction, OPERATOR_CALLS } from './functions.js';
import { flat, render, type Layout, Prec } from './layout.js';
import { quote, quoteRegex } from './strings.js';
import { RegexRewriteError, toLucene } from './regex.js';
import { expandTransforms } from './transforms.js';

/** EQL's functions for a substring comparison of two fields. */
const FIELD_SUBSTRING_FUNCTIONS: Record<'contains' | 'startswith' | 'endswith', string> = {
  contains: 'stringContains',
  startswith: 'startsWith',
  endswith: 'endsWith',
};

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'like',
  'regex',
  'where',
  'sequence',
  'sample',
  'by',
  'with',
  'until',
  'true',
  'false',
  'null',
]);
const PLAIN_NAME = /^[A-Za-z_@][A-Za-z0-9_@]*$/;

/** EQL event categories for the canonical (Sigma-taxonomy) categories that have one. */
const CATEGORY_BY_CANONICAL: Record<string, string> = {
  process_creation: 'process',
  process_termination: 'process',
  process_access: 'process',
  network_connection: 'network',
  firewall: 'network',
  dns_query: 'network',
  dns: 'network',
  file_event: 'file',
  file_access: 'file',
  file_change: 'file',
  file_delete: 'file',
  file_rename: 'file',
  registry_add: 'registry',
  registry_delete: 'registry',
  registry_event: 'registry',
  registry_set: 'registry',
  image_load: 'library',
  driver_load: 'driver',
  authentication: 'authentication',
};

/** Printed field names, remembered: rules repeat the same few hundred fields. */
const fieldTexts = new Map<string, string>();

function fieldText(path: string, optional: boolean): string {
  const key = optional ? '?' + path : path;
  let text = fieldTexts.get(key);
  if (text === undefined) {
    if (fieldTexts.size > 10_000) fieldTexts.clear();
    text = spellField(path, optional);
    fieldTexts.set(key, text);
  }
  return text;
}

function spellField(path: string, optional: boolean): string {
  // `a.b[0].c`: each dotted segment is a name, backticked when it is not a plain one.
  const segments = path.split('.').map((segment) => {
    const m = /^(.*?)((?:\[[0-9]+\])*)$/.exec(segment) as RegExpExecArray;
    const name = m[1] as string;
    const indexes = m[2] as string;
    if (name === '' || /[\n\r]/.test(name)) {
      throw new RuleError({
        code: 'eql/field-name',
        message: `EQL cannot name the field ${JSON.stringify(path)}`,
      });
    }
    const plain = PLAIN_NAME.test(name) && !KEYWORDS.has(name);
    return (plain ? name : '`' + name.replace(/`/g, '``') + '`') + indexes;
  });
  return (optional ? '?' : '') + segments.join('.');
}

function numberText(value: number): string {
  if (!Number.isFinite(value))
    throw new RuleError({ code: 'eql/number', message: `EQL has no literal for the number ${value}` });
  return String(value);
}

function durationText(d: Duration): string {
  if (!Number.isInteger(d.value) || d.value < 0) {
    throw new RuleError({
      code: 'eql/duration',
      message: `maxspan must be a whole number of a unit, not ${d.value}${d.unit}`,
    });
  }
  switch (d.unit) {
    case 'ms':
    case 's':
    case 'm':
    case 'h':
    case 'd':
      return `${d.value}${d.unit}`;
    case 'w':
      return `${d.value * 7}d`;
    default:
      throw new RuleError({
        code: 'eql/duration',
        message: `EQL maxspan has no unit for ${d.value}${d.unit} (months and years have no fixed length): use days`,
      });
  }
}

/** How one value of an equality is written, grouped by operator so values of one field can share a list. */
interface Comparison {
  operator: '==' | ':' | 'like' | 'in~' | 'regex' | 'regex~';
  value: string;
}

/**
 * Whether an expression is false, not null, on an event that lacks a field it reads, so that its negation
 * holds there as in Sigma and KQL: each test sits beside a presence test of its field (`f != null and f : "x"`,
 * the guarded form data models write under a negation).
 */
function falseWhenMissing(expr: Expr, guarded: ReadonlySet<string>): boolean {
  if (expr.kind === 'or') return expr.items.every((i) => falseWhenMissing(i, guarded));
  if (expr.kind === 'and') {
    const inner = new Set(guarded);
    for (const i of expr.items)
      if (i.kind === 'predicate' && i.op === 'exists' && i.field) inner.add(i.field);
    return expr.items.every((i) => falseWhenMissing(i, inner));
  }
  if (expr.kind !== 'predicate' || expr.field === null) return false;
  if (expr.op === 'exists') return true;
  return guarded.has(expr.field) && expr.values.every((v) => v.type !== 'fieldref' && v.type !== 'null');
}

class Printer {
  readonly diagnostics: Diagnostic[] = [];
  private optional: ReadonlySet<string> = new Set();

  constructor(private readonly rule: Rule) {}

  print(): string {
    this.noteCaselessFieldComparisons();
    this.noteTermsAsContains();
    const body = this.query(this.rule.query);
    const pipes = this.rule.output.flatMap((stage) => this.pipe(stage));
    return [body, ...pipes].join('\n');
  }

  private notedMissingUnderNot = false;

  /**
   * Elasticsearch EQL compares a missing field as null, and `not null` is null, not true: a negated condition
   * does not select events that lack the field, where Sigma and KQL would. Said once per rule translated from
   * another dialect (a presence test is exact either way).
   */
  private noteMissingUnderNot(item: Expr): void {
    if (this.notedMissingUnderNot || this.rule.provenance.dialect === 'eql') return;
    if (item.kind === 'predicate' && (item.op === 'exists' || item.op === 'null')) return;
    if (falseWhenMissing(item, new Set())) return;
    this.notedMissingUnderNot = true;
    this.note(
      'eql/not-missing-field',
      'a negated condition in EQL does not select events that lack its field (EQL compares a missing field as null), where the source rule would',
      'narrower',
      'info',
    );
  }

  /**
   * A change to some predicates, said once for each fidelity it gives the rule: its own where the predicate is
   * asserted, the opposite under a negation.
   */
  private noteWherever(
    code: string,
    change: (p: Predicate) => 'broader' | 'narrower' | undefined,
    messages: Record<'broader' | 'narrower', string>,
    severity: 'info' | 'warning',
  ): void {
    const filters = searchesOf(this.rule.query).map((search) => search.filter);
    const notes = fidelityNotes(filters, change, { code, severity, message: (f) => messages[f] });
    for (const d of notes) this.note(d.code, d.message, d.fidelity, d.severity);
  }

  /**
   * EQL has no whole-term match (KQL `has`): it is written as a substring match, which also finds the word inside
   * longer ones (broader), or under a negation rules those out too (narrower).
   */
  private noteTermsAsContains(): void {
    this.noteWherever(
      'eql/term-as-contains',
      (p) => (p.op === 'term' ? 'broader' : undefined),
      {
        broader:
          'a whole-term match (KQL has) is written as a substring match, which also finds the word inside longer ones',
        narrower:
          'a negated whole-term match (KQL has) is written as a substring match, which also rules out events where the word is only part of a longer one',
      },
      'warning',
    );
  }

  /**
   * EQL compares two fields only case-sensitively (`==`); a case-insensitive comparison (Sigma's `fieldref`) is
   * written so, and finds fewer events where the values differ only in case (narrower), or more under a
   * negation (broader).
   */
  private noteCaselessFieldComparisons(): void {
    this.noteWherever(
      'eql/fieldref-case',
      (p) =>
        p.op === 'eq' && !p.cased && p.values.some((v) => v.type === 'fieldref') ? 'narrower' : undefined,
      {
        narrower:
          'EQL compares two fields case-sensitively: values that differ only in case no longer count as equal',
        broader:
          'EQL compares two fields case-sensitively: under the negation, values that differ only in case now count as different',
      },
      'info',
    );
  }

  private note(
    code: string,
    message: string,
    fidelity?: Diagnostic['fidelity'],
    severity: Diagnostic['severity'] = 'warning',
  ): void {
    const d: Diagnostic = { severity, code, message };
    if (fidelity) d.fidelity = fidelity;
    if (this.rule.provenance.file) d.file = this.rule.provenance.file;
    if (this.rule.provenance.document !== undefined) d.document = this.rule.provenance.document;
    this.diagnostics.push(d);
  }

  private pipe(stage: OutputStage): string[] {
    if (stage.kind === 'head' || stage.kind === 'tail') return [`| ${stage.kind} ${stage.count}`];
    if (stage.kind === 'opaque' && stage.narrows) {
      this.note(
        'eql/output-dropped',
        `EQL has no form for '${stage.text.split('\n')[0]}'; it was left out, and as it also drops rows, the query matches more`,
        'broader',
      );
      return [];
    }
    this.note(
      'eql/output-dropped',
      `EQL has no ${stage.kind} stage; it was left out (it changes what is shown, not what alerts)`,
      'exact',
    );
    return [];
  }

  // -------------------------------------------------------------------------------------------------
  // Queries

  private query(query: Query): string {
    switch (query.kind) {
      case 'search':
        return this.eventQuery(query, 0);
      case 'sequence':
        return this.sequence(query);
      case 'temporal':
        return this.sample(query);
      case 'aggregate':
        throw new RuleError({
          code: 'eql/aggregate',
          message: `EQL cannot count or aggregate events (${query.function}): use an Elastic threshold rule instead`,
        });
      case 'filter':
        throw new RuleError({
          code: 'eql/meta-filter',
          message: 'a Sigma meta filter selects no events of its own and has no EQL form',
        });
      case 'opaque':
        throw new RuleError({
          code: 'eql/opaque-query',
          message: `the rule's query is ${query.language}, which rulestone carries but does not translate`,
        });
    }
  }

  private category(source: Source): string {
    const native = source.native.category;
    let category: string | undefined;
    // A data model's own EQL category (ECS's, or a user model's written for EQL).
    if (source.model !== 'sigma' && typeof native === 'string') category = native;
    else if (source.category !== undefined) category = CATEGORY_BY_CANONICAL[source.category];
    if (category === undefined) {
      this.note(
        'eql/any-category',
        `no EQL event category is known for ${source.category ?? 'this source'}: the query reads events of any category`,
        'broader',
        'info',
      );
      category = 'any';
    }
    return PLAIN_NAME.test(category) && !KEYWORDS.has(category) && !category.startsWith('@')
      ? category
      : quote(category);
  }

  /** `category where condition`, laid out from column `column` with continuation lines at `indent`. */
  private eventQuery(query: SearchQuery, indent: number, column = indent): string {
    const optional = query.source.native.optionalFields;
    this.optional = new Set(Array.isArray(optional) ? (optional as string[]) : []);
    const head = `${this.category(query.source)} where `;
    // A selector joined to a search that matches every event leaves `and true`: folded away.
    const layout = this.expr(foldConstants(query.filter));
    return head + render(layout, column + head.length, indent + 2);
  }

  private stepQuery(step: Step, what: string): SearchQuery {
    if (step.query.kind !== 'search') {
      throw new RuleError({
        code: 'eql/nested',
        message: `an EQL ${what} step must be a single event query, not ${withArticle(step.query.kind)}`,
      });
    }
    return step.query;
  }

  private checkKeys(keys: JoinKey[], count: number, what: string): void {
    for (const key of keys) {
      if (key.fields.length !== count) {
        throw new RuleError({
          code: 'eql/join-keys',
          message: `join key ${key.alias ?? key.fields.join('/')} names ${key.fields.length} fields for ${count} ${what} steps`,
        });
      }
    }
  }

  /** Keys that name the same field in every step, from the front: EQL writes those once after `by`. */
  private sharedCount(keys: JoinKey[]): number {
    let n = 0;
    while (n < keys.length && new Set((keys[n] as JoinKey).fields).size === 1) n++;
    return n;
  }

  private keyText(field: string, steps: SearchQuery[]): string {
    const optional = steps.length > 0 && steps.every((s) => optionalFieldsOf(s).has(field));
    return fieldText(field, optional);
  }

  private sequence(query: Extract<Query, { kind: 'sequence' }>): string {
    if (query.steps.length === 0)
      throw new RuleError({ code: 'eql/sequence', message: 'a sequence needs at least one step' });
    const steps = query.steps.map((s) => this.stepQuery(s, 'sequence'));
    const until = query.until ? this.stepQuery(query.until, 'until') : undefined;
    const all = until ? [...steps, until] : steps;
    // A key written only once for the steps (from Sigma) is still shared by the until step.
    const keys = query.keys.map((k) =>
      until && k.fields.length === steps.length && new Set(k.fields).size === 1
        ? { ...k, fields: [...k.fields, k.fields[0] as string] }
        : k,
    );
    this.checkKeys(keys, all.length, 'sequence (and until)');
    const shared = this.sharedCount(keys);
    let header = 'sequence';
    if (shared > 0)
      header +=
        ' by ' +
        keys
          .slice(0, shared)
          .map((k) => this.keyText(k.fields[0] as string, all))
          .join(', ');
    const hasMissing = query.steps.some((s) => s.missing);
    if (query.maxspan) header += ` with maxspan=${durationText(query.maxspan)}`;
    else if (hasMissing)
      throw new RuleError({
        code: 'eql/missing-event',
        message: 'a missing event ![…] needs the sequence to have a maxspan',
      });
    const lines = [header];
    query.steps.forEach((step, i) => {
      const prefix = step.missing ? '  ![' : '  [';
      let line = prefix + closeStep(this.eventQuery(steps[i] as SearchQuery, 2, prefix.length));
      line += this.stepKeys(keys, shared, i, steps[i] as SearchQuery);
      if (step.runs !== undefined) {
        if (!Number.isInteger(step.runs) || step.runs < 1 || step.runs > 100) {
          throw new RuleError({
            code: 'eql/runs',
            message: `EQL runs must be a whole number from 1 to 100, not ${step.runs}`,
          });
        }
        line += ` with runs=${step.runs}`;
      }
      lines.push(line);
    });
    if (query.until && until) {
      if (query.until.runs !== undefined && query.until.runs !== 1)
        throw new RuleError({ code: 'eql/runs', message: 'an until step cannot have runs' });
      if (query.until.missing)
        throw new RuleError({
          code: 'eql/missing-event',
          message: 'an until step cannot be a missing event',
        });
      lines.push(
        'until [' +
          closeStep(this.eventQuery(until, 2, 'until ['.length), '') +
          this.stepKeys(keys, shared, steps.length, until),
      );
    }
    return lines.join('\n');
  }

  private stepKeys(keys: JoinKey[], shared: number, index: number, step: SearchQuery): string {
    if (keys.length === shared) return '';
    const own = optionalFieldsOf(step);
    return (
      ' by ' +
      keys
        .slice(shared)
        .map((k) => fieldText(k.fields[index] as string, own.has(k.fields[index] as string)))
        .join(', ')
    );
  }

  private sample(query: Extract<Query, { kind: 'temporal' }>): string {
    if (query.window) {
      throw new RuleError({
        code: 'eql/sample-window',
        message: `EQL sample has no time window (${query.window.value}${query.window.unit}): it cannot express this temporal correlation`,
      });
    }
    if (query.condition)
      throw new RuleError({ code: 'eql/sample-threshold', message: 'EQL sample has no count threshold' });
    if (query.steps.length < 2)
      throw new RuleError({ code: 'eql/sample', message: 'an EQL sample needs at least two filters' });
    const steps = query.steps.map((s) => {
      if (s.missing || (s.runs !== undefined && s.runs !== 1)) {
        throw new RuleError({ code: 'eql/sample', message: 'EQL sample has no missing events or runs' });
      }
      return this.stepQuery(s, 'sample');
    });
    this.checkKeys(query.keys, steps.length, 'sample');
    const shared = this.sharedCount(query.keys);
    let header = 'sample';
    if (shared > 0)
      header +=
        ' by ' +
        query.keys
          .slice(0, shared)
          .map((k) => this.keyText(k.fields[0] as string, steps))
          .join(', ');
    const lines = [header];
    steps.forEach((step, i) =>
      lines.push('  [' + closeStep(this.eventQuery(step, 2, 3)) + this.stepKeys(query.keys, shared, i, step)),
    );
    return lines.join('\n');
  }

  // -------------------------------------------------------------------------------------------------
  // Conditions

  private field(path: string): string {
    return fieldText(path, this.optional.has(path));
  }

  expr(expr: Expr): Layout {
    switch (expr.kind) {
      case 'const':
        return { k: 'atom', head: expr.value ? 'true' : 'false' };
      case 'and':
      case 'or': {
        if (expr.items.length === 0) return { k: 'atom', head: expr.kind === 'and' ? 'true' : 'false' };
        const items = expr.items.map((i) => this.expr(i));
        return items.length === 1 ? (items[0] as Layout) : mergeLists(expr.kind, items);
      }
      case 'not':
        this.noteMissingUnderNot(expr.item);
        return negate(this.expr(expr.item));
      case 'computed':
        if (expr.dialect !== 'eql') {
          throw new RuleError({
            code: 'eql/computed',
            message: `a computed ${expr.dialect} expression has no EQL translation yet`,
          });
        }
        return { k: 'atom', head: this.term(expr.term, 0) };
      case 'predicate':
        return this.predicate(expr);
    }
  }

  private predicate(p: Predicate): Layout {
    if (p.field === null) {
      throw new RuleError({
        code: 'eql/keyword-search',
        message: `EQL has no keyword (field-less) search: ${p.values.map(describeValue).join(', ')} must be matched against a named field`,
        ...(p.pos ? { line: p.pos.line, column: p.pos.column } : {}),
      });
    }
    if (p.datePart !== undefined) {
      throw new RuleError({
        code: 'eql/date-part',
        message: `EQL cannot take the ${p.datePart} of a timestamp (${p.field})`,
      });
    }
    for (const v of p.values) {
      if (v.type === 'string' && hasPlaceholders(v.pattern)) {
        const names = v.pattern.filter(isPlaceholder).map((t) => `%${t.placeholder}%`);
        throw new RuleError({
          code: 'eql/placeholder',
          message: `placeholder ${names.join(', ')} in ${p.field} must be resolved (Sigma expand) before printing EQL`,
        });
      }
    }
    if (p.transforms.length > 0) return this.expr(expandTransforms(p));
    const field = p.field;
    const combine = (items: Layout[]): Layout =>
      items.length === 1 ? (items[0] as Layout) : mergeLists(p.matchAll ? 'and' : 'or', items);
    switch (p.op) {
      case 'exists':
        this.note(
          'eql/exists',
          `${field} != null also requires a non-null value: a field present with null counts as absent`,
          'narrower',
          'info',
        );
        return negatable(`${this.field(field)} != null`, `${this.field(field)} == null`);
      case 'null':
        return negatable(`${this.field(field)} == null`, `${this.field(field)} != null`);
      case 'eq':
      case 'contains':
      case 'startswith':
      case 'endswith':
        return combine(p.values.map((v) => this.equality(field, p.op as 'eq', v, p.cased)));
      case 'term':
        // Said by noteTermsAsContains.
        return combine(p.values.map((v) => this.equality(field, 'contains', v, p.cased)));
      case 'regex':
        return combine(p.values.map((v) => this.regex(field, v)));
      case 'cidr': {
        const cidrs = p.values.map((v) => {
          if (v.type !== 'cidr' && v.type !== 'string')
            throw new RuleError({
              code: 'eql/cidr',
              message: `cidr needs address ranges, not ${describeValue(v)}`,
            });
          return quote(v.type === 'cidr' ? v.cidr : (literalText(v.pattern) ?? ''));
        });
        if (p.matchAll && cidrs.length > 1) {
          return {
            k: 'junction',
            op: 'and',
            items: cidrs.map((c) => ({ k: 'atom', head: `cidrMatch(${this.field(field)}, ${c})` })),
          };
        }
        return { k: 'atom', head: `cidrMatch(${this.field(field)}, ${cidrs.join(', ')})` };
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const symbol = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[p.op];
        return combine(
          p.values.map((v) => {
            if (v.type !== 'number') {
              throw new RuleError({
                code: 'eql/order',
                message: `${field} ${symbol} needs a number, not ${describeValue(v)}`,
              });
            }
            return { k: 'atom', head: `${this.field(field)} ${symbol} ${numberText(v.value)}` } as Layout;
          }),
        );
      }
    }
  }

  /** One value of eq / contains / startswith / endswith. */
  private equality(
    field: string,
    op: 'eq' | 'contains' | 'startswith' | 'endswith',
    value: Value,
    cased: boolean,
  ): Layout {
    const f = this.field(field);
    switch (value.type) {
      case 'number':
      case 'boolean':
        if (op === 'eq')
          return cmp(f, {
            operator: '==',
            value: value.type === 'number' ? numberText(value.value) : String(value.value),
          });
        return this.equality(
          field,
          op,
          {
            type: 'string',
            pattern: [value.type === 'number' ? numberText(value.value) : String(value.value)],
          },
          cased,
        );
      case 'null':
        if (op !== 'eq')
          throw new RuleError({ code: 'eql/null', message: `${op} null has no meaning for ${field}` });
        return negatable(`${f} == null`, `${f} != null`);
      case 'fieldref': {
        if (op !== 'eq') {
          const fn = `${FIELD_SUBSTRING_FUNCTIONS[op]}${cased ? '' : '~'}(${f}, ${this.field(value.field)})`;
          return negatable(fn, `not ${fn}`);
        }
        this.note(
          'eql/fieldref',
          `Elasticsearch may reject comparing two fields (${field} == ${value.field}) in EQL`,
          undefined,
          'warning',
        );
        return negatable(`${f} == ${this.field(value.field)}`, `${f} != ${this.field(value.field)}`);
      }
      case 'string':
        return this.stringEquality(field, f, op, value.pattern, cased);
      default:
        throw new RuleError({
          code: 'eql/value',
          message: `${op} cannot compare ${field} with ${describeValue(value)}`,
        });
    }
  }

  private stringEquality(
    field: string,
    f: string,
    op: 'eq' | 'contains' | 'startswith' | 'endswith',
    raw: Pattern,
    cased: boolean,
  ): Layout {
    const text = literalText(raw);
    const wildcardChars = text !== null && /[*?]/.test(text);
    // A literal with `*` or `?` under contains/startswith/endswith: the functions compare literally.
    if (op !== 'eq' && text !== null && wildcardChars) {
      const name = { contains: 'stringContains', startswith: 'startsWith', endswith: 'endsWith' }[op];
      return { k: 'atom', head: `${name}${cased ? '' : '~'}(${f}, ${quote(text)})` };
    }
    const pattern = op === 'eq' ? normalizePattern(raw) : wrapPattern(raw, op);
    const exact = literalText(pattern);
    if (exact !== null) {
      if (cased) return cmp(f, { operator: '==', value: quote(exact) });
      return cmp(f, { operator: /[*?]/.test(exact) ? 'in~' : ':', value: quote(exact) });
    }
    return cmp(f, { operator: cased ? 'like' : ':', value: quote(this.wildcardText(field, pattern)) });
  }

  /** A wildcard pattern as `:`/`like` read it; a literal `*`/`?` cannot be escaped there, so `?` stands in. */
  private wildcardText(field: string, pattern: Pattern): string {
    let text = '';
    let broadened = false;
    for (const part of pattern) {
      if (typeof part === 'string') {
        if (/[*?]/.test(part)) broadened = true;
        text += part.replace(/[*?]/g, '?');
      } else if (isWildcard(part)) text += part.wildcard;
    }
    if (broadened) {
      this.note(
        'eql/literal-wildcard',
        `${field}: EQL patterns cannot escape a literal * or ?; each is matched by ? (any one character) instead`,
        'broader',
      );
    }
    return text;
  }

  private regex(field: string, value: Value): Layout {
    if (value.type !== 'regex')
      throw new RuleError({
        code: 'eql/regex',
        message: `regex on ${field} needs a regular expression, not ${describeValue(value)}`,
      });
    let lucene;
    try {
      lucene = toLucene(value);
    } catch (error) {
      if (error instanceof RegexRewriteError) {
        throw new RuleError({
          code: 'eql/regex',
          message: `${field}: ${error.message}, in /${value.pattern}/`,
        });
      }
      throw error;
    }
    if (value.flavour !== 'lucene' && !value.flags.s && /(^|[^\\])(\\\\)*\./.test(value.pattern)) {
      this.note(
        'eql/regex-dot',
        `${field}: in Lucene . also matches a line break, which /${value.pattern}/ without the s flag does not`,
        'broader',
        'info',
      );
    }
    return cmp(this.field(field), {
      operator: lucene.insensitive ? 'regex~' : 'regex',
      value: quoteRegex(lucene.pattern),
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Computed terms

  /** Binding of a term: comparisons 1, + - 2, * / % 3, atoms 4. */
  private term(term: Term, context: number): string {
    switch (term.kind) {
      case 'field':
        return this.field(term.field);
      case 'value':
        return this.literal(term.value);
      case 'call':
        return this.call(term, context);
      case 'binary': {
        // 0 - x is how the reader keeps EQL's unary minus (-x); a literal `0 - 5` stays as written.
        const { left, right } = term;
        const isZero =
          left.kind === 'value' && left.value.type === 'number' && Object.is(left.value.value, 0);
        if (term.op === '-' && isZero && !(right.kind === 'value' && right.value.type === 'number')) {
          return `-${this.term(right, 4)}`;
        }
        const own = ['+', '-'].includes(term.op) ? 2 : ['*', '/', '%'].includes(term.op) ? 3 : 1;
        // Left-associative: the right operand needs parentheses at equal binding (a - (b - c)).
        const text = `${this.term(term.left, own)} ${term.op} ${this.term(term.right, own + 1)}`;
        return own < context || (own === 1 && context === 1) ? `(${text})` : text;
      }
    }
  }

  private call(term: Extract<Term, { kind: 'call' }>, context: number): string {
    if (OPERATOR_CALLS.has(term.name)) {
      const [left, ...rest] = term.args;
      if (!left || rest.length === 0)
        throw new RuleError({ code: 'eql/computed', message: `${term.name} needs a value and a list` });
      const items = rest.map((a) => this.term(a, 0));
      const right =
        term.name.startsWith('in') || items.length > 1 ? `(${items.join(', ')})` : (items[0] as string);
      const text = `${this.term(left, 2)} ${term.name} ${right}`;
      return context >= 1 ? `(${text})` : text;
    }
    const insensitive = term.name.endsWith('~');
    const fn = lookupFunction(insensitive ? term.name.slice(0, -1) : term.name);
    if (!fn || (insensitive && !fn.insensitiveForm)) {
      throw new RuleError({ code: 'eql/function', message: `EQL has no function ${term.name}` });
    }
    return `${fn.name}${insensitive ? '~' : ''}(${term.args.map((a) => this.term(a, 0)).join(', ')})`;
  }

  private literal(value: Value): string {
    switch (value.type) {
      case 'string': {
        const text = literalText(value.pattern);
        if (text === null)
          throw new RuleError({
            code: 'eql/computed',
            message: 'a wildcard pattern cannot be a function argument',
          });
        return quote(text);
      }
      case 'number':
        return numberText(value.value);
      case 'boolean':
        return String(value.value);
      case 'null':
        return 'null';
      case 'fieldref':
        return this.field(value.field);
      default:
        throw new RuleError({
          code: 'eql/computed',
          message: `${describeValue(value)} cannot be a function argument in EQL`,
        });
    }
  }
}

/** A step's closing bracket: after a one-line query, or on a line of its own under the opening one. */
function closeStep(text: string, indent = '  '): string {
  return text.includes('\n') ? `${text}\n${indent}]` : `${text}]`;
}

function optionalFieldsOf(query: SearchQuery): Set<string> {
  const list = query.source.native.optionalFields;
  return new Set(Array.isArray(list) ? (list as string[]) : []);
}

function describeValue(value: Value): string {
  switch (value.type) {
    case 'string':
      return JSON.stringify(
        value.pattern
          .map((p) => (typeof p === 'string' ? p : isWildcard(p) ? p.wildcard : `%${p.placeholder}%`))
          .join(''),
      );
    case 'regex':
      return `/${value.pattern}/`;
    case 'cidr':
      return value.cidr;
    case 'fieldref':
      return `field ${value.field}`;
    case 'null':
      return 'null';
    default:
      return String(value.value);
  }
}

// -----------------------------------------------------------------------------------------------------
// Comparisons and lists

/** A comparison atom that remembers its parts so that several values of one field can share a list. */
interface ComparisonAtom {
  k: 'atom';
  head: string;
  list?: string[];
  /** How the negation of this atom is written, when it has an operator of its own (`==` / `!=`). */
  negated?: string;
  cmp?: { field: string; operator: Comparison['operator']; values: string[]; negated: boolean };
}

function cmpLayout(
  field: string,
  operator: Comparison['operator'],
  values: string[],
  negated: boolean,
): ComparisonAtom {
  const single = values.length === 1;
  let head: string;
  let list: string[] | undefined;
  if (negated) {
    // Only exact comparisons have a negated operator; others are written `not …` by negate().
    if (operator === '==') {
      if (single) head = `${field} != ${values[0]}`;
      else [head, list] = [`${field} not in`, values];
    } else [head, list] = [`${field} not in~`, values];
  } else if (operator === '==') {
    if (single) head = `${field} == ${values[0]}`;
    else [head, list] = [`${field} in`, values];
  } else if (operator === 'in~') [head, list] = [`${field} in~`, values];
  else if (single) head = `${field} ${operator} ${values[0]}`;
  else [head, list] = [`${field} ${operator}`, values];
  const atom: ComparisonAtom = { k: 'atom', head, cmp: { field, operator, values, negated } };
  if (list) atom.list = list;
  return atom;
}

function cmp(field: string, c: Comparison): Layout {
  return cmpLayout(field, c.operator, [c.value], false);
}

function negatable(head: string, negated: string): Layout {
  return { k: 'atom', head, negated } as ComparisonAtom;
}

function negate(item: Layout): Layout {
  const negated = (item as ComparisonAtom).negated;
  if (negated !== undefined) return negatable(negated, (item as ComparisonAtom).head);
  const c = (item as ComparisonAtom).cmp;
  if (item.k === 'atom' && c && !c.negated && (c.operator === '==' || c.operator === 'in~')) {
    return cmpLayout(c.field, c.operator, c.values, true);
  }
  return { k: 'not', item };
}

/**
 * Joins items with `and`/`or`, folding comparisons of one field with one operator into a list:
 * `a : "x" or a : "y"` → `a : ("x", "y")`.
 */
function mergeLists(op: 'and' | 'or', items: Layout[]): Layout {
  const flatItems: Layout[] = [];
  const flatten = (item: Layout): void => {
    if (item.k === 'junction' && item.op === op) item.items.forEach(flatten);
    else flatItems.push(item);
  };
  items.forEach(flatten);
  // Each group collects the values of one field and operator at the place of its first comparison.
  interface Group {
    field: string;
    operator: Comparison['operator'];
    values: string[];
    seen: Set<string>;
  }
  const out: Array<Layout | Group> = [];
  const groups = new Map<string, Group>();
  for (const item of flatItems) {
    const c = (item as ComparisonAtom).cmp;
    // Only `or` folds: `a != "x" and a != "y"` stays as written, because `a not in (…)` would read back as
    // not(a ∈ {x, y}), a different (if equivalent) IR shape.
    if (!c || op !== 'or' || c.negated) {
      out.push(item);
      continue;
    }
    const key = `${c.field}\u0000${c.operator}`;
    const group = groups.get(key);
    if (group === undefined) {
      const created: Group = {
        field: c.field,
        operator: c.operator,
        values: [...c.values],
        seen: new Set(c.values),
      };
      groups.set(key, created);
      out.push(created);
      continue;
    }
    for (const v of c.values) {
      if (!group.seen.has(v)) {
        group.seen.add(v);
        group.values.push(v);
      }
    }
  }
  const laid = out.map((entry) =>
    'k' in entry ? entry : cmpLayout(entry.field, entry.operator, entry.values, false),
  );
  return laid.length === 1 ? (laid[0] as Layout) : { k: 'junction', op, items: laid };
}

/** The text of a rule's query in Elasticsearch EQL. Throws RuleError when EQL cannot express it. */
export function printEql(rule: Rule): PrintResult {
  const printer = new Printer(rule);
  const text = printer.print();
  return { text, diagnostics: printer.diagnostics };
}

/** One condition on its own, on one line (for messages and tests). */
export function printEqlCondition(expr: Expr): string {
  const rule = {
    meta: {},
    query: { kind: 'search' },
    output: [],
    provenance: { dialect: 'eql' },
  } as unknown as Rule;
  return flat(new Printer(rule).expr(expr), Prec.Or);
}
