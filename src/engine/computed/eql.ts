/**
 * Elasticsearch EQL functions (the function reference): null in, null out; `~` forms fold case; string
 * indexes are 0-based and `substring` accepts negative offsets from the end; integer division truncates.
 */
import type { Term } from '../../ir/types.js';
import { EngineError } from '../errors.js';
import { compileCidr } from '../cidr.js';
import { numberOf } from '../values.js';
import { fold } from '../wildcard.js';
import type { CallContext } from './context.js';
import { arithmetic, equalValues, first, num, some, str, type Fn } from './values.js';

/** EQL's substring: 0-based, end exclusive, negative offsets count from the end. */
function eqlSubstring(s: string, start: number, end: number | undefined): string {
  const len = s.length;
  const norm = (i: number) => (i < 0 ? Math.max(0, len + i) : Math.min(i, len));
  const a = norm(start);
  const b = end === undefined ? len : norm(end);
  return a >= b ? '' : s.slice(a, b);
}

export function eqlCall(
  ctx: CallContext,
  name: string,
  insensitive: boolean,
  argTerms: Term[],
  args: () => Fn[],
): Fn {
  const matched = ctx.matchCall(name, insensitive, argTerms);
  if (matched) return matched;
  const a = args();
  const cased = !insensitive;
  const at = (k: number) => a[k] ?? (() => null);
  switch (name) {
    case 'length':
      return (e) => {
        const v = at(0)(e);
        if (v === null || v === undefined) return null;
        if (Array.isArray(v)) return v.length;
        const s = str(v);
        return s === null ? null : s.length;
      };
    case 'string':
      return (e) => str(at(0)(e));
    case 'number':
      return (e) => {
        const s = str(at(0)(e));
        if (s === null) return null;
        const base = a[1] ? num(at(1)(e)) : null;
        if (base !== null && base !== 10) {
          const n = parseInt(s.replace(/^0x/i, ''), base);
          return Number.isNaN(n) ? null : n;
        }
        return numberOf(s) ?? null;
      };
    case 'concat':
      return (e) => {
        let out = '';
        for (const f of a) {
          const s = str(f(e));
          if (s === null) return null;
          out += s;
        }
        return out;
      };
    case 'substring':
      return (e) => {
        const s = str(at(0)(e));
        const start = num(at(1)(e));
        if (s === null || start === null) return null;
        const end = a[2] ? num(at(2)(e)) : undefined;
        return eqlSubstring(s, start, end ?? undefined);
      };
    case 'indexof':
      return (e) => {
        const s = str(at(0)(e));
        const sub = str(at(1)(e));
        if (s === null || sub === null) return null;
        const from = a[2] ? (num(at(2)(e)) ?? 0) : 0;
        const i = fold(s, cased).indexOf(fold(sub, cased), Math.max(0, from));
        return i < 0 ? null : i;
      };
    case 'add':
    case 'subtract':
    case 'multiply':
    case 'divide':
    case 'modulo': {
      const op = { add: '+', subtract: '-', multiply: '*', divide: '/', modulo: '%' }[name];
      return (e) => arithmetic(op, num(at(0)(e)), num(at(1)(e)), 'eql');
    }
    case 'between':
      return (e) => {
        const s = str(at(0)(e));
        const left = str(at(1)(e));
        const right = str(at(2)(e));
        if (s === null || left === null || right === null) return null;
        const greedy = a[3] ? first(at(3)(e)) === true : false;
        const hay = fold(s, cased);
        const l = hay.indexOf(fold(left, cased));
        if (l < 0) return '';
        const from = l + left.length;
        const r = greedy ? hay.lastIndexOf(fold(right, cased)) : hay.indexOf(fold(right, cased), from);
        return r < from ? '' : s.slice(from, r);
      };
    case 'startswith':
    case 'endswith':
    case 'stringcontains':
      return (e) => {
        const v = at(0)(e);
        const needle = str(at(1)(e));
        if (v === null || needle === null) return null;
        const n = fold(needle, cased);
        return some(v, (x) => {
          const s = str(x);
          if (s === null) return false;
          const h = fold(s, cased);
          return name === 'startswith'
            ? h.startsWith(n)
            : name === 'endswith'
              ? h.endsWith(n)
              : h.includes(n);
        });
      };
    case 'cidrmatch': {
      const tests = argTerms.slice(1).map((t) => compileCidr(ctx.constantText(t, 'a cidrMatch network')));
      return (e) => {
        const v = at(0)(e);
        if (v === null) return null;
        return some(v, (x) => typeof x === 'string' && tests.some((t) => t(x)));
      };
    }
    case 'in':
      return (e) => {
        const v = at(0)(e);
        if (v === null) return null;
        return a.slice(1).some((f) => {
          const item = f(e);
          return some(v, (x) => equalValues(x, item, cased));
        });
      };
    default:
      throw new EngineError(
        'unsupported',
        `EQL function ${name}${insensitive ? '~' : ''} is not supported by the evaluator`,
      );
  }
}
