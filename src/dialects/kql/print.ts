/**
 * IR → canonical KQL. Layout: the source on the first line, then one operator per line; the filter's
 * top-level conjuncts one per line. Filters that read columns defined by kept `extend`/`parse` stages are
 * placed after those stages (see lower.ts).
 *
 * Operator choice is exact: `==`/`in` for cased equality, `=~`/`in~` for uncased; `has`/`has_cs`/`has_any`/
 * `has_all` only for the IR's term op; `contains`/`startswith`/`endswith` for literal substrings (`_cs` when
 * cased); a wildcard anywhere else becomes an anchored RE2 `matches regex` (never a split `contains`);
 * `isempty`/`isnotempty` for the "null or empty" form lowering produces, `isnull`/`isnotnull` otherwise.
 * Sigma value transforms are expanded into the values they stand for. What KQL cannot say exactly is a
 * RuleError: field-less keyword predicates, UTF-16 values without base64, placeholders, date parts, computed
 * conditions of another dialect, regexes RE2 cannot run.
 */
import type {
  Duration,
  Expr,
  OutputStage,
  Predicate,
  Rule,
  SearchQuery,
  Term,
  Value,
} from '../../ir/types.js';
import { multiEventLines } from './print-joins.js';
import { hasPlaceholders, isWildcard, literalText, wrapPattern } from '../../ir/pattern.js';
import { type Diagnostic, RuleError } from '../../report/diagnostics.js';
import type { PrintResult } from '../types.js';
import type { KqlNativeSource, KqlStage } from './lower.js';
import { conditionFields, rootColumn } from './condition.js';
import { quoteName, quoteString } from './strings.js';
import { toRe2, wildcardRegex } from './regex.js';
import { TransformError, expandPredicateTransforms } from '../../lower/transforms.js';
import { searchesOf } from '../../ir/normalize.js';
import { fidelityNotes } from '../../report/fidelity-notes.js';

/** Precedence of a printed condition: `or` binds loosest, then `and`, then everything else. */
const enum Level {
  Or = 1,
  And = 2,
  Atom = 3,
}

interface Printed {
  text: string;
  level: Level;
}

/** Items of nested groups of one kind, as one list: `a or (b or c)` is `a or b or c`. */
function flattenSame(items: Expr[], kind: 'and' | 'or'): Expr[] {
  return items.flatMap((i) => (i.kind === kind ? flattenSame(i.items, kind) : [i]));
}

/** How many operands one chain of `and`/`or` may hold before it is split into bracketed halves. */
const MAX_CHAIN = 16;

/**
 * Operands joined by one operator; long lists as a balanced tree of bracketed halves, because Kusto refuses
 * expressions nested deeper than it can analyse (KS245) and a flat chain of hundreds of `or`s nests that deep.
 */
function joinBalanced(parts: string[], op: 'and' | 'or'): string {
  if (parts.length <= MAX_CHAIN) return parts.join(` ${op} `);
  const half = Math.ceil(parts.length / 2);
  return `(${joinBalanced(parts.slice(0, half), op)}) ${op} (${joinBalanced(parts.slice(half), op)})`;
}

export function printRule(rule: Rule): PrintResult {
  const printer = new KqlPrinter(rule);
  return { text: printer.print(), diagnostics: printer.diagnostics };
}

export class KqlPrinter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly rule: Rule) {}

  /** How far back each run of the rule reads (its schedule's look-back), if it says. */
  get lookback(): Duration | undefined {
    return this.rule.meta.schedule?.lookback;
  }

  private fail(code: string, message: string): never {
    throw new RuleError({
      code,
      message,
      ...(this.rule.provenance.file ? { file: this.rule.provenance.file } : {}),
    });
  }

  print(): string {
    const query = this.rule.query;
    if (this.rule.provenance.dialect !== 'kql') this.noteNullTests();
    const lines = query.kind === 'search' ? this.searchLines(query) : multiEventLines(query, this);
    for (const stage of this.rule.output) {
      const line = this.outputStage(stage);
      if (line) lines.push(line);
    }
    return lines.join('\n') + '\n';
  }

  /** Null tests written as isempty() (see nullTest): broader as a condition, narrower under a negation. */
  private noteNullTests(): void {
    // A null test beside an empty-text test of the same field already says "missing or empty": isempty() exactly.
    const exact = new Set<Predicate>();
    const findEmptyTests = (e: Expr): void => {
      if (e.kind === 'not') findEmptyTests(e.item);
      if (e.kind !== 'and' && e.kind !== 'or') return;
      if (this.emptyTest(e) !== undefined) for (const i of e.items) if (i.kind === 'predicate') exact.add(i);
      e.items.forEach(findEmptyTests);
    };
    const nullTest = (p: Predicate) =>
      !exact.has(p) && (p.op === 'null' || p.values.some((v) => v.type === 'null')) ? 'broader' : undefined;
    const filters = searchesOf(this.rule.query).map((search) => search.filter);
    filters.forEach(findEmptyTests);
    const notes = fidelityNotes(filters, nullTest, {
      code: 'kql/null-as-empty',
      severity: 'info',
      message: (fidelity) =>
        fidelity === 'broader'
          ? 'a null test is written isempty(): Kusto text is never null, so an empty value also passes'
          : 'a negated null test is written isnotempty(): Kusto text is never null, so an empty value is also excluded',
    });
    this.diagnostics.push(...notes);
  }

  /** One search: its `let` statements, its table, its filters and the stages they need. */
  searchLines(query: SearchQuery): string[] {
    const native = query.source.native as KqlNativeSource;
    const lines = [...(native.statements ?? []).map((s) => s + ';'), this.source(native)];
    const stages: KqlStage[] = native.stages ?? [];
    const derived = new Set(stages.flatMap((s) => s.defines));
    const conjuncts = query.filter.kind === 'const' && query.filter.value ? [] : conjunctsOf(query.filter);
    const before: Expr[] = [];
    const after: Expr[] = [];
    for (const c of conjuncts)
      (conditionFields(c).some((f) => derived.has(rootColumn(f))) ? after : before).push(c);
    // Stages are read back as filter stages only when a filter follows them.
    if (stages.length > 0 && after.length === 0) after.push(...before.splice(0));
    if (stages.length > 0 && after.length === 0) after.push({ kind: 'const', value: true });
    if (before.length > 0) lines.push(this.where(before));
    for (const stage of stages) lines.push('| ' + stage.text);
    if (after.length > 0) lines.push(this.where(after));
    return lines;
  }

  /** Stops printing: what KQL cannot say for this rule. */
  refuse(code: string, message: string): never {
    return this.fail(code, message);
  }

  note(diagnostic: Diagnostic): void {
    this.diagnostics.push(diagnostic);
  }

  private source(native: KqlNativeSource): string {
    if (typeof native.table === 'string') return quoteName(native.table);
    if (typeof native.function === 'string') {
      return native.args ? `${native.function}(${native.args.join(', ')})` : native.function;
    }
    return this.fail(
      'kql/no-table',
      'the rule names no KQL table or function for its source (a data-model mapping must supply one)',
    );
  }

  private where(conjuncts: Expr[]): string {
    const [only] = conjuncts;
    if (conjuncts.length === 1 && only?.kind === 'or') {
      const alternatives = flattenSame(only.items, 'or');
      if (
        alternatives.length > 1 &&
        alternatives.length <= MAX_CHAIN &&
        alternatives.every((a) => a.kind === 'and' && flattenSame(a.items, 'and').length > 1)
      ) {
        // Alternatives of several conditions each, one per line (only `and` groups, so that reading the text
        // back gives the same alternatives and printing is a fixed point).
        return '| where ' + alternatives.map((a) => `(${this.condition(a).text})`).join('\n    or ');
      }
    }
    const parts = conjuncts.map((c) => this.condition(c));
    if (parts.length === 1) return '| where ' + (parts[0] as Printed).text;
    return '| where ' + parts.map((p) => (p.level < Level.And ? `(${p.text})` : p.text)).join('\n    and ');
  }

  private outputStage(stage: OutputStage): string | undefined {
    switch (stage.kind) {
      case 'project':
        return '| project ' + stage.fields.map(quoteName).join(', ');
      case 'head':
        return `| take ${stage.count}`;
      case 'tail':
        this.diagnostics.push({
          severity: 'warning',
          code: 'kql/dropped-output-stage',
          message: `output stage 'tail ${stage.count}' has no KQL equivalent without an order; dropped`,
        });
        return undefined;
      case 'opaque':
        if (stage.dialect === 'kql') return '| ' + stage.text;
        this.diagnostics.push({
          severity: 'warning',
          code: 'kql/dropped-output-stage',
          message: `output stage of ${stage.dialect} ('${stage.text}') cannot be written in KQL; dropped`,
        });
        return undefined;
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Conditions

  private condition(expr: Expr): Printed {
    switch (expr.kind) {
      case 'const':
        return { text: String(expr.value), level: Level.Atom };
      case 'and':
      case 'or': {
        if (expr.items.length === 0) return { text: String(expr.kind === 'and'), level: Level.Atom };
        if (expr.kind === 'or') {
          const empty = this.emptyTest(expr);
          if (empty !== undefined) return { text: `isempty(${empty})`, level: Level.Atom };
        }
        const level = expr.kind === 'and' ? Level.And : Level.Or;
        const items = flattenSame(expr.items, expr.kind).map((item) => this.condition(item));
        // A group of one is its item, with the item's own precedence (`a or b` stays an or).
        if (items.length === 1) return items[0] as Printed;
        const text = joinBalanced(
          items.map((p) => (p.level < level ? `(${p.text})` : p.text)),
          expr.kind,
        );
        return { text, level };
      }
      case 'not':
        return this.negation(expr.item);
      case 'predicate':
        return this.predicate(expr, false);
      case 'computed':
        if (expr.dialect !== 'kql') {
          this.fail(
            'kql/foreign-computed',
            `a computed ${expr.dialect} condition cannot be written in KQL exactly`,
          );
        }
        return { text: this.term(expr.term, 0), level: Level.Atom };
    }
  }

  /** `or(null f, eq f "")`, the form isempty lowers to: the field, else undefined. */
  private emptyTest(expr: Expr): string | undefined {
    if (expr.kind !== 'or' || expr.items.length !== 2) return undefined;
    const nullTest = expr.items.find((i): i is Predicate => i.kind === 'predicate' && i.op === 'null');
    const eqEmpty = expr.items.find(
      (i): i is Predicate =>
        i.kind === 'predicate' &&
        i.op === 'eq' &&
        i.values.length === 1 &&
        i.values[0]?.type === 'string' &&
        literalText(i.values[0].pattern) === '' &&
        i.transforms.length === 0,
    );
    if (
      !nullTest ||
      !eqEmpty ||
      nullTest.field === null ||
      nullTest.field !== eqEmpty.field ||
      nullTest.transforms.length > 0
    )
      return undefined;
    return quoteName(nullTest.field);
  }

  private negation(item: Expr): Printed {
    const empty = this.emptyTest(item);
    if (empty !== undefined) return { text: `isnotempty(${empty})`, level: Level.Atom };
    if (item.kind === 'predicate') {
      const negated = this.predicate(item, true);
      if (negated.level === Level.Atom && !negated.text.startsWith('not(')) return negated;
    }
    if (item.kind === 'const') return { text: String(!item.value), level: Level.Atom };
    return { text: `not(${this.condition(item).text})`, level: Level.Atom };
  }

  /** A predicate; with `negated`, its negation when KQL has a negated operator for it (else `not(…)`). */
  private predicate(p: Predicate, negated: boolean): Printed {
    if (p.field === null)
      this.fail('kql/keyword', 'a keyword (field-less) search has no exact KQL form; map it to fields first');
    if (p.datePart !== undefined)
      this.fail('kql/date-part', `date-part comparison (${p.datePart}) is not supported in KQL output`);
    if (p.transforms.length > 0) {
      const expanded = this.expandTransforms(p);
      return negated ? this.negation(expanded) : this.condition(expanded);
    }
    for (const v of p.values)
      if (v.type === 'string' && hasPlaceholders(v.pattern))
        this.fail(
          'kql/placeholder',
          `placeholder in a value of field '${p.field}' must be resolved before printing KQL`,
        );
    const field = quoteName(p.field);
    const wrap = (text: string): Printed =>
      negated ? { text: `not(${text})`, level: Level.Atom } : { text, level: Level.Atom };
    const many = (parts: string[], all: boolean): Printed => {
      if (parts.length === 1) return wrap(parts[0] as string);
      const text = joinBalanced(parts, all ? 'and' : 'or');
      return negated
        ? { text: `not(${text})`, level: Level.Atom }
        : { text, level: all ? Level.And : Level.Or };
    };

    switch (p.op) {
      case 'exists':
        this.diagnostics.push({
          severity: 'info',
          code: 'kql/exists',
          message: `'${p.field} exists' is written isnotempty(${field}): Log Analytics columns are always present, and a missing value reads as empty`,
        });
        return negated
          ? { text: `isempty(${field})`, level: Level.Atom }
          : { text: `isnotempty(${field})`, level: Level.Atom };
      case 'null':
        return this.nullTest(field, negated);
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const sym = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[p.op];
        const parts = p.values.map((v) => {
          if (v.type !== 'number')
            this.fail('kql/ordered-non-number', `'${p.op}' on field '${p.field}' compares with a ${v.type}`);
          return `${field} ${sym} ${formatNumber(v.value)}`;
        });
        return many(parts, p.matchAll);
      }
      case 'cidr': {
        const parts = p.values.map((v) => {
          if (v.type !== 'cidr')
            return this.fail('kql/cidr-value', `cidr predicate on '${p.field}' has a ${v.type} value`);
          return `${v.cidr.includes(':') ? 'ipv6_is_in_range' : 'ipv4_is_in_range'}(${field}, ${quoteString(v.cidr)})`;
        });
        return many(parts, p.matchAll);
      }
      case 'regex': {
        const parts = p.values.map((v) => {
          if (v.type !== 'regex')
            return this.fail('kql/regex-value', `regex predicate on '${p.field}' has a ${v.type} value`);
          const re2 = toRe2(v);
          if (typeof re2 !== 'string')
            return this.fail('kql/regex', `regex /${v.pattern}/ on '${p.field}': ${re2.reason}`);
          return `${field} matches regex ${quoteString(re2)}`;
        });
        return many(parts, p.matchAll);
      }
      case 'term':
        return this.termPredicate(p, field, negated, many);
      case 'eq':
      case 'contains':
      case 'startswith':
      case 'endswith':
        return this.stringPredicate(p, field, negated, many);
    }
  }

  /**
   * A predicate with Sigma value transforms (windash, base64, base64offset, UTF-16 + base64) as the plain
   * values they stand for, expanded as pySigma does (src/lower/transforms.ts).
   */
  private expandTransforms(p: Predicate): Expr {
    try {
      return expandPredicateTransforms(p);
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      return this.fail(
        'kql/transform',
        `value transforms (${p.transforms.join(', ')}) on '${p.field}': ${error.message}`,
      );
    }
  }

  private termPredicate(
    p: Predicate,
    field: string,
    negated: boolean,
    many: (parts: string[], all: boolean) => Printed,
  ): Printed {
    const texts = p.values.map((v) => {
      const text = v.type === 'string' ? literalText(v.pattern) : null;
      if (text === null)
        return this.fail(
          'kql/term-pattern',
          `'has' (term) on '${p.field}' needs literal text, not a ${v.type === 'string' ? 'wildcard pattern' : v.type}`,
        );
      return text;
    });
    if (texts.length === 1) {
      const op = (negated ? '!' : '') + (p.cased ? 'has_cs' : 'has');
      return { text: `${field} ${op} ${quoteString(texts[0] as string)}`, level: Level.Atom };
    }
    if (!p.cased) {
      const text = `${field} ${p.matchAll ? 'has_all' : 'has_any'} (${texts.map(quoteString).join(', ')})`;
      return negated ? { text: `not(${text})`, level: Level.Atom } : { text, level: Level.Atom };
    }
    return many(
      texts.map((t) => `${field} has_cs ${quoteString(t)}`),
      p.matchAll,
    );
  }

  /** eq / contains / startswith / endswith over strings, numbers, booleans and field references. */
  private stringPredicate(
    p: Predicate,
    field: string,
    negated: boolean,
    many: (parts: string[], all: boolean) => Printed,
  ): Printed {
    const values = p.values;
    // Equality with several plain values: `in` / `in~` (and `!in` / `!in~`).
    if (p.op === 'eq' && !p.matchAll && values.length > 1) {
      const strings = values.every((v) => v.type === 'string' && literalText(v.pattern) !== null);
      const numbers = values.every((v) => v.type === 'number');
      if (strings || numbers) {
        const op = (negated ? '!' : '') + (strings && !p.cased ? 'in~' : 'in');
        return {
          text: `${field} ${op} (${values.map((v) => this.constant(v)).join(', ')})`,
          level: Level.Atom,
        };
      }
    }
    if (values.length === 1) {
      const single = this.singleComparison(p, field, values[0] as Value, negated);
      if (single) return single;
    }
    return many(
      values.map((v) => (this.singleComparison(p, field, v, false) as Printed).text),
      p.matchAll,
    );
  }

  /**
   * A null test. Kusto's strings are never null (a missing value reads as ""), so `isnull()` of a text column is
   * always false; a rule from another dialect is written with `isempty()`, which also matches empty text. KQL's
   * own `isnull()` is kept as written.
   */
  private nullTest(field: string, negated: boolean): Printed {
    if (this.rule.provenance.dialect === 'kql') {
      return { text: `${negated ? 'isnotnull' : 'isnull'}(${field})`, level: Level.Atom };
    }
    return { text: `${negated ? 'isnotempty' : 'isempty'}(${field})`, level: Level.Atom };
  }

  /** One value of an eq / substring predicate. Wildcards that no KQL string operator expresses become a regex. */
  private singleComparison(p: Predicate, field: string, value: Value, negated: boolean): Printed {
    const bang = negated ? '!' : '';
    const atom = (text: string): Printed => ({ text, level: Level.Atom });
    switch (value.type) {
      case 'number':
      case 'boolean':
        if (p.op !== 'eq')
          this.fail('kql/substring-non-string', `'${p.op}' on '${p.field}' with a ${value.type}`);
        return atom(`${field} ${negated ? '!=' : '=='} ${this.constant(value)}`);
      case 'null':
        return this.nullTest(field, negated);
      case 'fieldref': {
        if (p.op === 'contains' || p.op === 'startswith' || p.op === 'endswith') {
          const word = `${negated ? '!' : ''}${p.op}${p.cased ? '_cs' : ''}`;
          return atom(`${field} ${word} ${quoteName(value.field)}`);
        }
        if (p.op !== 'eq')
          this.fail(
            'kql/fieldref-substring',
            `'${p.op}' against another field ('${value.field}') is not supported in KQL output`,
          );
        const op = p.cased ? (negated ? '!=' : '==') : negated ? '!~' : '=~';
        return atom(`${field} ${op} ${quoteName(value.field)}`);
      }
      case 'string':
        break;
      default:
        return this.fail('kql/value-type', `'${p.op}' on '${p.field}' with a ${value.type} value`);
    }
    // Substring operators over a pattern are the whole-value pattern `*p*`, `p*`, `*p`.
    const whole =
      p.op === 'contains' || p.op === 'startswith' || p.op === 'endswith'
        ? wrapPattern(value.pattern, p.op)
        : value.pattern;
    const text = literalText(whole);
    const cs = p.cased ? '_cs' : '';
    if (text !== null) {
      if (p.cased) return atom(`${field} ${negated ? '!=' : '=='} ${quoteString(text)}`);
      return atom(`${field} ${negated ? '!~' : '=~'} ${quoteString(text)}`);
    }
    const first = whole[0];
    const last = whole[whole.length - 1];
    const inner = whole.slice(
      first && isWildcard(first) && first.wildcard === '*' ? 1 : 0,
      last && isWildcard(last) && last.wildcard === '*' ? -1 : undefined,
    );
    const innerText = literalText(inner);
    const leadingAny = first !== undefined && isWildcard(first) && first.wildcard === '*';
    const trailingAny = last !== undefined && isWildcard(last) && last.wildcard === '*' && whole.length > 1;
    if (innerText !== null && innerText !== '') {
      if (leadingAny && trailingAny) return atom(`${field} ${bang}contains${cs} ${quoteString(innerText)}`);
      if (trailingAny) return atom(`${field} ${bang}startswith${cs} ${quoteString(innerText)}`);
      if (leadingAny) return atom(`${field} ${bang}endswith${cs} ${quoteString(innerText)}`);
    }
    const re = wildcardRegex(whole, p.cased) as string;
    const text2 = `${field} matches regex ${quoteString(re)}`;
    return negated ? atom(`not(${text2})`) : atom(text2);
  }

  private constant(value: Value): string {
    switch (value.type) {
      case 'string': {
        const text = literalText(value.pattern);
        if (text === null)
          return this.fail('kql/pattern-in-list', 'a wildcard pattern cannot be an element of an in() list');
        return quoteString(text);
      }
      case 'number':
        return formatNumber(value.value);
      case 'boolean':
        return String(value.value);
      case 'null':
        return 'dynamic(null)';
      case 'fieldref':
        return quoteName(value.field);
      default:
        return this.fail('kql/value-type', `a ${value.type} value cannot be written as a KQL constant`);
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Computed terms, written back exactly as lowering encoded them (condition.ts).

  /**
   * A term; `parentTight` says whether the surrounding context binds tighter than a binary operator, in which
   * case a nested operator is parenthesised. Operators are parenthesised whenever nested, which keeps the
   * tree and the text in one-to-one correspondence.
   */
  private term(t: Term, depth: number): string {
    const nested = (x: Term): string => {
      const text = this.term(x, depth + 1);
      return isOperatorTerm(x) ? `(${text})` : text;
    };
    switch (t.kind) {
      case 'field':
        return t.field === '*' ? '*' : quoteName(t.field);
      case 'value':
        return this.termValue(t.value);
      case 'binary':
        return `${nested(t.left)} ${t.op} ${nested(t.right)}`;
      case 'call': {
        const args = t.args;
        const rawText =
          args.length === 1 && args[0]?.kind === 'value' && args[0].value.type === 'string'
            ? literalText(args[0].value.pattern)
            : null;
        if ((t.name === 'timespan' || t.name === 'datetime' || t.name === 'guid') && rawText !== null)
          return rawText;
        if (t.name === 'dynamic' && rawText !== null) return `dynamic(${rawText})`;
        if (
          t.name === '.' &&
          args.length === 2 &&
          args[1]?.kind === 'value' &&
          args[1].value.type === 'string'
        ) {
          const member = literalText(args[1].value.pattern) ?? '';
          const base = nested(args[0] as Term);
          return /^[A-Za-z_][A-Za-z0-9_]*$/.test(member)
            ? `${base}.${member}`
            : `${base}[${quoteString(member)}]`;
        }
        if (t.name === '[]' && args.length === 2)
          return `${nested(args[0] as Term)}[${this.term(args[1] as Term, depth + 1)}]`;
        if (t.name === '[...]') return `[${args.map((a) => this.term(a, depth + 1)).join(', ')}]`;
        if (t.name === '=' && args.length === 2 && args[0]?.kind === 'field')
          return `${args[0].field}=${this.term(args[1] as Term, depth + 1)}`;
        if (t.name === '-' && args.length === 1) return `-${nested(args[0] as Term)}`;
        if (LIST_OPERATORS.has(t.name) && args.length >= 1) {
          return `${nested(args[0] as Term)} ${t.name} (${args
            .slice(1)
            .map((a) => this.term(a, depth + 1))
            .join(', ')})`;
        }
        if ((t.name === 'between' || t.name === '!between') && args.length === 3) {
          return `${nested(args[0] as Term)} ${t.name} (${nested(args[1] as Term)} .. ${nested(args[2] as Term)})`;
        }
        if (INFIX_OPERATORS.has(t.name) && args.length === 2)
          return `${nested(args[0] as Term)} ${t.name} ${nested(args[1] as Term)}`;
        return `${t.name}(${args.map((a) => this.term(a, depth + 1)).join(', ')})`;
      }
    }
  }

  private termValue(value: Value): string {
    switch (value.type) {
      case 'string': {
        const text = literalText(value.pattern);
        if (text === null)
          return this.fail(
            'kql/pattern-in-expression',
            'a wildcard pattern cannot appear inside a computed KQL expression',
          );
        return quoteString(text);
      }
      case 'regex': {
        const re2 = toRe2(value);
        if (typeof re2 !== 'string') return this.fail('kql/regex', re2.reason);
        return quoteString(re2);
      }
      case 'cidr':
        return quoteString(value.cidr);
      default:
        return this.constant(value);
    }
  }
}

/** The top-level conjuncts of a filter, nested `and`s flattened (as reading the text back does). */
function conjunctsOf(expr: Expr): Expr[] {
  return expr.kind === 'and' && expr.items.length > 0 ? expr.items.flatMap(conjunctsOf) : [expr];
}

const LIST_OPERATORS = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all']);
const INFIX_OPERATORS = new Set([
  'and',
  'or',
  '=~',
  '!~',
  'has',
  '!has',
  'has_cs',
  '!has_cs',
  'hasprefix',
  '!hasprefix',
  'hasprefix_cs',
  '!hasprefix_cs',
  'hassuffix',
  '!hassuffix',
  'hassuffix_cs',
  '!hassuffix_cs',
  'contains',
  '!contains',
  'contains_cs',
  '!contains_cs',
  'containscs',
  '!containscs',
  'notcontains',
  'notcontainscs',
  'nothas',
  'startswith',
  '!startswith',
  'startswith_cs',
  '!startswith_cs',
  'endswith',
  '!endswith',
  'endswith_cs',
  '!endswith_cs',
  'like',
  'like_cs',
  'notlike',
  'notlike_cs',
  'matches regex',
]);

function isOperatorTerm(t: Term): boolean {
  if (t.kind === 'binary') return true;
  if (t.kind !== 'call') return false;
  return (
    INFIX_OPERATORS.has(t.name) ||
    LIST_OPERATORS.has(t.name) ||
    t.name === 'between' ||
    t.name === '!between' ||
    (t.name === '-' && t.args.length === 1)
  );
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const text = String(n);
  return text.includes('.') || text.includes('e') ? text : text + '.0';
}
