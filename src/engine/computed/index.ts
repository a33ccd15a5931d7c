/**
 * ComputedExpr: conditions that compute before comparing (EQL `length(x) > 3`, KQL `strlen(x) > 3`). Each
 * term is compiled once into a closure; the dialect of the ComputedExpr decides function meanings:
 * - EQL (Elasticsearch): null in, null out for every function; `==`/`!=`/`in` case-sensitive; `~` forms and
 *   `in~`, `:` and `like~` case-insensitive; `divide` of two integers truncates; string indexes are 0-based
 *   and `substring` accepts negative offsets from the end; a comparison with null is null (unknown).
 * - KQL (Kusto): a missing string is the empty string for string functions (`strlen`, `isempty`, …);
 *   `==` case-sensitive, `=~` not; `contains`/`has` & co. as the predicates define them.
 * A function we do not know is a compile-time "unsupported" error, never a silent false.
 */
import type { ComputedExpr, Dialect, Term } from '../../ir/types.js';
import { EngineError } from '../errors.js';
import { MISSING, fieldReader } from '../fields.js';
import type { EventTest } from '../predicate.js';
import { compileRegex } from '../regex/index.js';
import { compileWildcard } from '../wildcard.js';
import type { CallContext } from './context.js';
import { eqlCall } from './eql.js';
import { kqlCall } from './kql.js';
import { DateValue } from './kql-time.js';
import {
  arithmetic,
  compare,
  dateArithmetic,
  equalValues,
  first,
  isDateText,
  literalValue,
  num,
  some,
  str,
  truthy,
  wildcardPattern,
  type Fn,
} from './values.js';

class TermCompiler implements CallContext {
  constructor(
    private readonly dialect: Dialect,
    /** The instant `now()` and `ago()` refer to. */
    readonly now: number,
  ) {}

  compile(term: Term): Fn {
    switch (term.kind) {
      case 'field': {
        const read = fieldReader(term.field);
        // A missing field reads as null in both dialects (KQL string functions then see "").
        return (e) => {
          const v = read(e);
          return v === MISSING ? null : v;
        };
      }
      case 'value': {
        const v = literalValue(term.value);
        return () => v;
      }
      case 'binary':
        return this.binary(term.op, this.compile(term.left), this.compile(term.right));
      case 'call':
        return this.call(term.name, term.args);
    }
  }

  private binary(op: string, left: Fn, right: Fn): Fn {
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
      return (e) => {
        const a = first(left(e));
        const b = first(right(e));
        // Kusto columns are typed; in JSON a datetime column is an ISO text, recognised as such here.
        const dated =
          a instanceof DateValue || b instanceof DateValue || (this.dialect === 'kql' && isDateText(a));
        if ((op === '+' || op === '-') && dated) return dateArithmetic(op, a, b);
        return arithmetic(op, num(a), num(b), this.dialect);
      };
    }
    // Comparisons: case-sensitive in both dialects (`==`); a multi-valued side matches if any value does.
    // A comparison with null is null (unknown), which three-valued logic keeps apart from false.
    return (e) => {
      const a = left(e);
      const b = right(e);
      if (a === null || b === null) return null;
      if (op === '!=') return !some(a, (x) => some(b, (y) => equalValues(x, y, true)));
      return some(a, (x) => some(b, (y) => compare(op, x, y, true) === true));
    };
  }

  constantText(term: Term | undefined, what: string): string {
    if (term?.kind !== 'value') throw new EngineError('unsupported', `${what} must be a literal`);
    const v = literalValue(term.value);
    if (typeof v !== 'string') throw new EngineError('unsupported', `${what} must be a string`);
    return v;
  }

  private call(rawName: string, argTerms: Term[]): Fn {
    const args = (): Fn[] => argTerms.map((a) => this.compile(a));
    // EQL marks a function's case-insensitive form with a trailing `~`; KQL's `=~`, `!~` and `in~` are
    // operators of their own names.
    if (this.dialect !== 'eql') return kqlCall(this, rawName, argTerms, args);
    const insensitive = rawName.endsWith('~');
    const name = insensitive ? rawName.slice(0, -1) : rawName;
    return eqlCall(this, name, insensitive, argTerms, args);
  }

  /** Pattern calls shared by both dialects' lowering: `:`, like, regex with literal patterns. */
  matchCall(name: string, insensitive: boolean, argTerms: Term[]): Fn | undefined {
    const dialect = this.dialect;
    const [subject, ...patterns] = argTerms;
    if (!subject) return undefined;
    const s = this.compile(subject);
    const texts = () => patterns.map((p, k) => this.constantText(p, `pattern ${k + 1} of ${name}`));
    let tests: Array<(t: string) => boolean>;
    switch (name) {
      case ':':
      case 'like':
        tests = texts().map((t) =>
          compileWildcard(wildcardPattern(t), name === 'like' && !insensitive ? true : false),
        );
        break;
      case 'regex':
        tests = texts().map((t) =>
          compileRegex({
            type: 'regex',
            pattern: t,
            flags: { i: insensitive, m: false, s: false },
            flavour: dialect === 'eql' ? 'lucene' : 're2',
            anchored: dialect === 'eql',
          }),
        );
        break;
      default:
        return undefined;
    }
    return (e) =>
      some(s(e), (x) => {
        const t = str(x);
        return t !== null && tests.some((test) => test(t));
      });
  }
}

function compileComputedValue(expr: ComputedExpr, now: number): Fn {
  if (expr.dialect === 'sigma') throw new EngineError('unsupported', 'Sigma has no computed expressions');
  return new TermCompiler(expr.dialect, now).compile(expr.term);
}

export function compileComputed(expr: ComputedExpr, now: number = Date.now()): EventTest {
  const f = compileComputedValue(expr, now);
  return (e) => truthy(f(e));
}

/** The computed condition as true (1), false (0) or unknown (2: it computed null), for three-valued logic. */
export function compileComputedTruth(
  expr: ComputedExpr,
  now: number = Date.now(),
): (event: unknown) => 0 | 1 | 2 {
  const f = compileComputedValue(expr, now);
  return (e) => {
    const v = first(f(e));
    if (v === null || v === undefined) return 2;
    return truthy(v) ? 1 : 0;
  };
}
