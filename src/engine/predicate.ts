/**
 * One IR predicate compiled into a test of an event: the field reader, value matchers and transforms are
 * built once, so evaluating an event does no parsing and no regex compilation.
 */
import type { Pattern, PatternPart, Predicate, Value } from '../ir/types.js';
import { isPlaceholder, wrapPattern } from '../ir/pattern.js';
import { EngineError } from './errors.js';
import { MISSING, fieldReader, forEachLeaf, type FieldReader } from './fields.js';
import { compileCidr } from './cidr.js';
import { compileRegex } from './regex/index.js';
import { compileTerm } from './terms.js';
import { datePartOf } from './time.js';
import { TransformError, expandTransforms as expandPattern } from '../lower/transforms.js';
import { anyScalar, numberOf, scalars, textOf } from './values.js';
import { compileWildcard, fold } from './wildcard.js';

export type EventTest = (event: unknown) => boolean;
/** A test of one scalar of the field; `event` is there for field references. */
type ScalarTest = (scalar: unknown, event: unknown) => boolean;

export interface PredicateOptions {
  /** Values of Sigma `%name%` placeholders (under `expand`); without them a placeholder is an error. */
  placeholders?: Record<string, string[]>;
  /**
   * The instant KQL `now()` and `ago()` refer to, in ms since the epoch. `evaluate` defaults it to the latest
   * event time (so old logs replay as if current); `compileRule` to the clock.
   */
  now?: number;
  /**
   * Boolean logic. Elasticsearch EQL is three-valued: a comparison on a missing or null field is unknown,
   * and `not unknown` is still unknown (so `x != "a"` does not match events without `x`). Sigma and KQL are
   * two-valued. Default: three-valued for rules read from EQL, two-valued otherwise.
   */
  logic?: 'two-valued' | 'three-valued';
}

/** The patterns a placeholder-bearing pattern stands for, one per combination of placeholder values. */
function resolvePlaceholders(pattern: Pattern, options: PredicateOptions): Pattern[] {
  if (!pattern.some(isPlaceholder)) return [pattern];
  let out: Pattern[] = [[]];
  for (const part of pattern) {
    let choices: PatternPart[];
    if (isPlaceholder(part)) {
      const values = options.placeholders?.[part.placeholder];
      if (!values) {
        throw new EngineError(
          'placeholder',
          `placeholder %${part.placeholder}% has no value: pass it in options.placeholders`,
        );
      }
      choices = values;
    } else choices = [part];
    out = out.flatMap((prefix) => choices.map((c) => [...prefix, c]));
  }
  return out;
}

function anyOf(tests: ScalarTest[]): ScalarTest {
  if (tests.length === 1) return tests[0] as ScalarTest;
  return (s, e) => {
    for (const t of tests) if (t(s, e)) return true;
    return false;
  };
}

function textTest(test: (text: string) => boolean): ScalarTest {
  return (s) => {
    if (typeof s === 'string') return test(s);
    const text = textOf(s);
    return text !== undefined && test(text);
  };
}

function compareNumbers(op: Predicate['op'], a: number, b: number): boolean {
  switch (op) {
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    default:
      return a === b;
  }
}

function fieldrefTest(p: Predicate, other: string): ScalarTest {
  const read = fieldReader(other);
  return (s, event) => {
    const theirs = read(event);
    if (theirs === MISSING || theirs === null) return false;
    const mine = textOf(s);
    if (mine === undefined) return false;
    const a = fold(mine, p.cased);
    return scalars(theirs).some((t) => {
      const text = textOf(t);
      if (text === undefined) return false;
      const b = fold(text, p.cased);
      switch (p.op) {
        case 'contains':
          return a.includes(b);
        case 'startswith':
          return a.startsWith(b);
        case 'endswith':
          return a.endsWith(b);
        case 'eq': {
          const x = numberOf(s);
          const y = numberOf(t);
          return a === b || (x !== undefined && y !== undefined && x === y);
        }
        default:
          throw new EngineError('unsupported', `a field reference cannot be compared with '${p.op}'`);
      }
    });
  };
}

function expandTransforms(pattern: Pattern, transforms: Predicate['transforms']): Pattern[] {
  try {
    return expandPattern(pattern, transforms);
  } catch (error) {
    if (error instanceof TransformError) throw new EngineError('unsupported', error.message);
    throw error;
  }
}

function stringValueTest(p: Predicate, pattern: Pattern, options: PredicateOptions): ScalarTest {
  const expanded = expandTransforms(pattern, p.transforms).flatMap((x) => resolvePlaceholders(x, options));
  switch (p.op) {
    case 'eq':
      return anyOf(expanded.map((x) => textTest(compileWildcard(x, p.cased))));
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const op = p.op;
      return anyOf(expanded.map((x) => textTest(compileWildcard(wrapPattern(x, op), p.cased))));
    }
    case 'term':
      return anyOf(
        expanded.map((x) => {
          const text = x.map((part) => {
            if (typeof part !== 'string')
              throw new EngineError('unsupported', `a term (KQL has) with a wildcard`);
            return part;
          });
          return textTest(compileTerm(text.join(''), p.cased));
        }),
      );
    default:
      throw new EngineError('unsupported', `operator '${p.op}' with a string value`);
  }
}

function valueTest(p: Predicate, value: Value, options: PredicateOptions): ScalarTest {
  if (p.datePart !== undefined) {
    if (value.type !== 'number')
      throw new EngineError('unsupported', `date part '${p.datePart}' compared with a ${value.type}`);
    const part = p.datePart;
    return (s) => {
      const n = datePartOf(s, part);
      return n !== undefined && compareNumbers(p.op, n, value.value);
    };
  }
  switch (value.type) {
    case 'string':
      return stringValueTest(p, value.pattern, options);
    case 'number': {
      const want = value.value;
      if (p.op === 'eq' || p.op === 'lt' || p.op === 'lte' || p.op === 'gt' || p.op === 'gte') {
        const op = p.op;
        return (s) => {
          const n = numberOf(s);
          return n !== undefined && compareNumbers(op, n, want);
        };
      }
      if (p.op === 'contains' || p.op === 'startswith' || p.op === 'endswith' || p.op === 'term') {
        return stringValueTest(p, [String(want)], options);
      }
      throw new EngineError('unsupported', `operator '${p.op}' with a number`);
    }
    case 'boolean': {
      if (p.op !== 'eq') throw new EngineError('unsupported', `operator '${p.op}' with a boolean`);
      const want = value.value;
      return (s) => s === want || (typeof s === 'string' && s.toLowerCase() === String(want));
    }
    case 'null':
      if (p.op !== 'eq') throw new EngineError('unsupported', `operator '${p.op}' with null`);
      return (s) => s === null;
    case 'regex': {
      if (p.op !== 'regex') throw new EngineError('unsupported', `operator '${p.op}' with a regex`);
      return textTest(compileRegex(value));
    }
    case 'cidr': {
      if (p.op !== 'cidr') throw new EngineError('unsupported', `operator '${p.op}' with a network`);
      const test = compileCidr(value.cidr);
      return (s) => typeof s === 'string' && test(s);
    }
    case 'fieldref':
      return fieldrefTest(p, value.field);
  }
}

function isNullish(value: unknown): boolean {
  if (value === MISSING || value === null) return true;
  // An empty or all-null array holds no value: Elasticsearch and Kusto both treat it as missing.
  return Array.isArray(value) && scalars(value).every((v) => v === null);
}

export function compilePredicate(p: Predicate, options: PredicateOptions = {}): EventTest {
  if (p.op === 'exists' || p.op === 'null') {
    if (p.field === null) throw new EngineError('unsupported', `'${p.op}' needs a field`);
    const read = fieldReader(p.field);
    return p.op === 'exists' ? (e) => read(e) !== MISSING : (e) => isNullish(read(e));
  }
  if (p.values.length === 0) throw new EngineError('unsupported', `operator '${p.op}' without values`);
  // Sigma keywords are full-text searches: an `eq` keyword is looked for inside every value.
  const keyword = p.field === null;
  const effective: Predicate = keyword && p.op === 'eq' ? { ...p, op: 'contains' } : p;
  const tests = p.values.map((v) =>
    keyword && v.type === 'number'
      ? stringValueTest(effective, [String(v.value)], options)
      : valueTest(effective, v, options),
  );

  if (keyword) {
    const visit = (test: ScalarTest) => (e: unknown) =>
      forEachLeaf(e, (leaf) => leaf !== null && test(leaf, e));
    const perValue = tests.map(visit);
    if (p.matchAll) return (e) => perValue.every((t) => t(e));
    const any = anyOf(tests);
    return (e) => forEachLeaf(e, (leaf) => leaf !== null && any(leaf, e));
  }

  const read: FieldReader = fieldReader(p.field as string);
  const some = (value: unknown, test: ScalarTest, event: unknown): boolean =>
    Array.isArray(value) ? anyScalar(value, (s) => test(s, event)) : test(value, event);
  if (p.matchAll && tests.length > 1) {
    return (e) => {
      const v = read(e);
      if (v === MISSING) return false;
      return tests.every((t) => some(v, t, e));
    };
  }
  const any = anyOf(tests);
  return (e) => {
    const v = read(e);
    return v !== MISSING && some(v, any, e);
  };
}
