/** Runtime values of computed expressions and the comparisons and arithmetic both dialects share. */
import type { Dialect, Pattern, Value } from '../../ir/types.js';
import { EngineError } from '../errors.js';
import { anyScalar, numberOf, textOf } from '../values.js';
import { fold } from '../wildcard.js';
import { timestampMs } from '../time.js';
import { DateValue } from './kql-time.js';

export type R = unknown; // string | number | boolean | null | R[]
export type Fn = (event: unknown) => R;

export function literalValue(value: Value): R {
  switch (value.type) {
    case 'string':
      return value.pattern
        .map((p) => (typeof p === 'string' ? p : 'wildcard' in p ? p.wildcard : `%${p.placeholder}%`))
        .join('');
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    default:
      throw new EngineError('unsupported', `a ${value.type} value inside a computed expression`);
  }
}

export function first(v: R): R {
  return Array.isArray(v) ? (v.length === 0 ? null : first(v[0])) : v;
}

export function str(v: R): string | null {
  const x = first(v);
  if (x === null || x === undefined) return null;
  return textOf(x) ?? null;
}

export function num(v: R): number | null {
  const x = first(v);
  if (x === null || x === undefined) return null;
  return numberOf(x) ?? null;
}

/** Any element of a multi-valued operand satisfying `test` (ES: predicates on arrays mean "any value"). */
export function some(v: R, test: (x: R) => boolean): boolean {
  return anyScalar(v, test);
}

export function equalValues(a: R, b: R, cased: boolean): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = numberOf(a);
    const y = numberOf(b);
    if (x !== undefined && y !== undefined) return x === y;
  }
  const x = textOf(a);
  const y = textOf(b);
  return x !== undefined && y !== undefined && fold(x, cased) === fold(y, cased);
}

/** With a datetime on one side, the other side is read as a time too (an ISO text in the event). */
export function asTimes(a: R, b: R): [number, number] | undefined {
  if (!(a instanceof DateValue) && !(b instanceof DateValue)) return undefined;
  const x = a instanceof DateValue ? a.ms : timestampMs(a);
  const y = b instanceof DateValue ? b.ms : timestampMs(b);
  return x === undefined || y === undefined ? undefined : [x, y];
}

export function compare(op: string, a0: R, b0: R, cased: boolean): boolean | null {
  if (a0 === null || b0 === null || a0 === undefined || b0 === undefined) return null;
  const times = asTimes(a0, b0);
  const a: R = times ? times[0] : a0;
  const b: R = times ? times[1] : b0;
  if (op === '==') return equalValues(a, b, cased);
  if (op === '!=') return !equalValues(a, b, cased);
  let x: number | string | undefined = numberOf(a);
  let y: number | string | undefined = numberOf(b);
  if (x === undefined || y === undefined) {
    x = textOf(a);
    y = textOf(b);
    if (x === undefined || y === undefined) return null;
  }
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
  return null;
}

export function arithmetic(op: string, a: number | null, b: number | null, dialect: Dialect): number | null {
  if (a === null || b === null) return null;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) return null;
      // Elasticsearch and Kusto both divide integers as integers.
      return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
    case '%':
      if (b === 0) return null;
      return a % b;
  }
  throw new EngineError('unsupported', `${dialect} operator ${op}`);
}

/**
 * Kusto time arithmetic: datetime − datetime is a timespan (ms); datetime ± timespan is a datetime. A field
 * holding an ISO text takes part as a datetime when the other side is one.
 */
export function isDateText(v: R): boolean {
  return typeof v === 'string' && numberOf(v) === undefined && timestampMs(v) !== undefined;
}

export function dateArithmetic(op: '+' | '-', a: R, b: R): R {
  const time = (v: R) => (v instanceof DateValue ? v.ms : timestampMs(v));
  if (a instanceof DateValue && b instanceof DateValue) return op === '-' ? a.ms - b.ms : null;
  if (a instanceof DateValue) {
    const n = numberOf(b);
    if (n !== undefined && typeof b === 'number') return new DateValue(op === '+' ? a.ms + n : a.ms - n);
    const t = time(b);
    return op === '-' && t !== undefined ? a.ms - t : null;
  }
  const t = time(a);
  if (t === undefined) return null;
  if (typeof b === 'number') return new DateValue(op === '+' ? t + b : t - b);
  const u = time(b);
  return op === '-' && u !== undefined ? t - u : null;
}

export function truthy(v: R): boolean {
  const x = first(v);
  return (
    x === true || (typeof x === 'string' && x.toLowerCase() === 'true') || (typeof x === 'number' && x !== 0)
  );
}

/** `:`/like text → a pattern: `*` and `?` are wildcards (EQL has no escape for them). */
export function wildcardPattern(text: string): Pattern {
  const parts: Pattern = [];
  let chunk = '';
  for (const ch of text) {
    if (ch === '*' || ch === '?') {
      if (chunk) parts.push(chunk);
      chunk = '';
      parts.push({ wildcard: ch });
    } else chunk += ch;
  }
  if (chunk) parts.push(chunk);
  return parts;
}
