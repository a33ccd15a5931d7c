/**
 * Kusto functions and operators met in detection rules. Strings are never null in Kusto: a missing or null
 * string reads as "". Datetime and timespan literals come as calls holding their text (see kql-time.ts).
 */
import type { Term } from '../../ir/types.js';
import { EngineError } from '../errors.js';
import { compileCidr } from '../cidr.js';
import { compileExtractor } from '../regex/capture.js';
import { compileTerm, isTermChar } from '../terms.js';
import { timestampMs } from '../time.js';
import { fold } from '../wildcard.js';
import type { CallContext } from './context.js';
import { DateValue, datetimeValue, timespanMs } from './kql-time.js';
import { equalValues, first, num, some, str, truthy, type Fn, type R } from './values.js';

export function kqlCall(ctx: CallContext, name: string, argTerms: Term[], args: () => Fn[]): Fn {
  const matched = ctx.matchCall(name === 'matches regex' ? 'regex' : name, false, argTerms);
  if (matched) return matched;
  const a = args();
  const at = (k: number) => a[k] ?? (() => null);
  // Kusto strings are never null: a missing or null string reads as "".
  const text = (v: R): string => str(v) ?? '';
  const stringOp =
    (test: (h: string, n: string) => boolean, cased: boolean, negated: boolean): Fn =>
    (e) => {
      const n = fold(text(at(1)(e)), cased);
      const hit = some(at(0)(e), (x) => test(fold(text(x), cased), n));
      return negated ? !hit : hit;
    };
  const has =
    (cased: boolean, negated: boolean): Fn =>
    (e) => {
      const test = compileTerm(text(at(1)(e)), cased);
      const hit = some(at(0)(e), (x) => test(text(x)));
      return negated ? !hit : hit;
    };
  const membership =
    (cased: boolean, negated: boolean): Fn =>
    (e) => {
      const v = at(0)(e);
      const hit = a.slice(1).some((f) => {
        const item = f(e);
        return some(item, (y) => some(v, (x) => equalValues(x, y, cased)));
      });
      return negated ? !hit : hit;
    };
  switch (name) {
    case 'strlen':
      return (e) => text(at(0)(e)).length;
    case 'tolower':
      return (e) => text(at(0)(e)).toLowerCase();
    case 'toupper':
      return (e) => text(at(0)(e)).toUpperCase();
    case 'tostring':
    case 'string':
      return (e) => text(at(0)(e));
    case 'toint':
    case 'tolong':
    case 'todouble':
    case 'toreal':
    case 'long':
    case 'int':
    case 'real':
      return (e) => {
        const n = num(at(0)(e));
        if (n === null) return null;
        return name === 'todouble' || name === 'toreal' || name === 'real' ? n : Math.trunc(n);
      };
    case 'isempty':
      return (e) => text(at(0)(e)) === '';
    case 'isnotempty':
      return (e) => text(at(0)(e)) !== '';
    case 'isnull':
      return (e) => at(0)(e) === null;
    case 'isnotnull':
      return (e) => at(0)(e) !== null;
    case 'strcat':
      return (e) => a.map((f) => text(f(e))).join('');
    case 'substring':
      return (e) => {
        const s = text(at(0)(e));
        const start = Math.max(0, num(at(1)(e)) ?? 0);
        const len = a[2] ? num(at(2)(e)) : null;
        return len === null ? s.slice(start) : s.slice(start, start + Math.max(0, len));
      };
    case 'indexof':
      return (e) => text(at(0)(e)).indexOf(text(at(1)(e)), Math.max(0, a[2] ? (num(at(2)(e)) ?? 0) : 0));
    case 'not':
      return (e) => !truthy(at(0)(e));
    case 'and':
      return (e) => truthy(at(0)(e)) && truthy(at(1)(e));
    case 'or':
      return (e) => truthy(at(0)(e)) || truthy(at(1)(e));
    case 'iff':
    case 'iif':
      return (e) => (truthy(at(0)(e)) ? at(1)(e) : at(2)(e));
    case '-':
      return (e) => {
        const n = num(at(0)(e));
        return n === null ? null : -n;
      };
    case '=~':
      return stringOp((h, n) => h === n, false, false);
    case '!~':
      return stringOp((h, n) => h === n, false, true);
    case '<>':
      return (e) => !some(at(0)(e), (x) => some(at(1)(e), (y) => equalValues(x, y, true)));
    case 'contains':
    case 'contains_cs':
    case 'containscs':
      return stringOp((h, n) => h.includes(n), name !== 'contains', false);
    case '!contains':
    case '!contains_cs':
    case 'notcontains':
    case 'notcontainscs':
      return stringOp((h, n) => h.includes(n), name.endsWith('cs'), true);
    case 'startswith':
    case 'startswith_cs':
      return stringOp((h, n) => h.startsWith(n), name.endsWith('_cs'), false);
    case '!startswith':
    case '!startswith_cs':
      return stringOp((h, n) => h.startsWith(n), name.endsWith('_cs'), true);
    case 'endswith':
    case 'endswith_cs':
      return stringOp((h, n) => h.endsWith(n), name.endsWith('_cs'), false);
    case '!endswith':
    case '!endswith_cs':
      return stringOp((h, n) => h.endsWith(n), name.endsWith('_cs'), true);
    case 'has':
    case 'has_cs':
      return has(name === 'has_cs', false);
    case '!has':
    case '!has_cs':
    case 'nothas':
      return has(name === '!has_cs', true);
    case 'in':
      return membership(true, false);
    case 'in~':
      return membership(false, false);
    case '!in':
      return membership(true, true);
    case '!in~':
      return membership(false, true);
    case 'has_any':
    case 'has_all':
      return (e) => {
        const v = at(0)(e);
        const needles = a.slice(1).flatMap((f) => {
          const x = f(e);
          return Array.isArray(x) ? x : [x];
        });
        const hits = needles.map((n) => {
          const test = compileTerm(text(n), false);
          return some(v, (x) => test(text(x)));
        });
        return name === 'has_any' ? hits.some(Boolean) : hits.every(Boolean);
      };
    case 'between':
    case '!between':
      return (e) => {
        const low = first(at(1)(e));
        const high = first(at(2)(e));
        let hit: boolean;
        if (low instanceof DateValue) {
          // datetime between (start .. end), or (start .. timespan) meaning start + timespan.
          const end = high instanceof DateValue ? high.ms : low.ms + (num(high) ?? NaN);
          hit = some(at(0)(e), (x) => {
            const t = x instanceof DateValue ? x.ms : timestampMs(x);
            return t !== undefined && t >= low.ms && t <= end;
          });
        } else {
          const lo = num(low);
          const hi = num(high);
          hit = some(at(0)(e), (x) => {
            const n = num(x);
            return n !== null && lo !== null && hi !== null && n >= lo && n <= hi;
          });
        }
        return name === 'between' ? hit : !hit;
      };
    case 'ipv4_is_in_range':
    case 'ipv6_is_in_range': {
      const test = compileCidr(ctx.constantText(argTerms[1], `the range of ${name}`));
      return (e) => some(at(0)(e), (x) => typeof x === 'string' && test(x));
    }
    case '[...]':
      return (e) => a.map((f) => f(e));
    case 'timespan': {
      const ms = timespanMs(ctx.constantText(argTerms[0], 'a timespan'));
      return () => ms;
    }
    case 'datetime': {
      const d = datetimeValue(ctx.constantText(argTerms[0], 'a datetime'));
      return () => d;
    }
    case 'todatetime':
      return (e) => {
        const v = first(at(0)(e));
        if (v instanceof DateValue) return v;
        const ms = timestampMs(v);
        return ms === undefined ? null : new DateValue(ms);
      };
    case 'now':
      return () => new DateValue(ctx.now);
    case 'ago':
      return (e) => {
        const span = num(at(0)(e));
        return span === null ? null : new DateValue(ctx.now - span);
      };
    case 'dynamic': {
      const text = ctx.constantText(argTerms[0], 'a dynamic literal');
      const value = parseDynamic(text);
      if (value === undefined) throw new EngineError('unsupported', `the dynamic literal ${text}`);
      return () => value;
    }
    case 'extract': {
      // extract(regex, group, text): the group's text in the first match; "" where none (Kusto's null string).
      if (argTerms.length !== 3) throw new EngineError('unsupported', 'extract() with a type argument');
      const source = ctx.constantText(argTerms[0], 'the regex of extract');
      const groupTerm = argTerms[1];
      const group =
        groupTerm?.kind === 'value' && groupTerm.value.type === 'number' ? groupTerm.value.value : NaN;
      if (!Number.isInteger(group))
        throw new EngineError('unsupported', 'extract() with a group that is not a literal number');
      // RE2, searched anywhere in the text; inline flags (`(?i)`) are part of the pattern.
      const pattern = {
        type: 'regex',
        pattern: source,
        flags: { i: false, m: false, s: false },
        flavour: 're2',
        anchored: false,
      } as const;
      const extractor = compileExtractor(pattern);
      return (e) => {
        const groups = extractor(text(at(2)(e)));
        if (groups !== undefined && !(group >= 0 && group < groups.length)) {
          throw new EngineError('regex', `extract(): the regex /${pattern.pattern}/ has no group ${group}`);
        }
        return groups?.[group] ?? '';
      };
    }
    case 'todynamic':
    case 'parse_json':
      return (e) => {
        const v = first(at(0)(e));
        return typeof v === 'string' ? (parseDynamic(v) ?? v) : v;
      };
    case '.':
    case '[]':
      return (e) => {
        const target = at(0)(e);
        const index = first(at(1)(e));
        if (Array.isArray(target) && typeof index === 'number') {
          return target[index < 0 ? target.length + index : index] ?? null;
        }
        if (target !== null && typeof target === 'object' && typeof index === 'string') {
          return (target as Record<string, unknown>)[index] ?? null;
        }
        return null;
      };
    case 'datetime_part': {
      const part = ctx.constantText(argTerms[0], 'the part of datetime_part').toLowerCase();
      return (e) => {
        const v = first(at(1)(e));
        const ms = v instanceof DateValue ? v.ms : timestampMs(v);
        return ms === undefined ? null : datetimePart(part, ms);
      };
    }
    case 'split':
      // The text cut at each occurrence of the delimiter; with an index, the one part there in a list of its own,
      // or an empty list.
      return (e) => {
        const whole = text(at(0)(e));
        const delimiter = text(at(1)(e));
        if (delimiter === '') throw new EngineError('unsupported', 'split() with an empty delimiter');
        const parts = whole.split(delimiter);
        if (argTerms.length < 3) return parts;
        const index = num(first(at(2)(e)));
        return index !== null && index >= 0 && index < parts.length ? [parts[index] as string] : [];
      };
    case 'array_length':
      return (e) => {
        const v = at(0)(e);
        return Array.isArray(v) ? v.length : null;
      };
    case 'hasprefix':
    case 'hasprefix_cs':
    case '!hasprefix':
    case '!hasprefix_cs':
    case 'hassuffix':
    case 'hassuffix_cs':
    case '!hassuffix':
    case '!hassuffix_cs': {
      const cased = name.endsWith('_cs');
      const suffix = name.includes('suffix');
      const negated = name.startsWith('!');
      return (e) => {
        const n = fold(text(at(1)(e)), cased);
        const hit = some(at(0)(e), (x) => termAffix(fold(text(x), cased), n, suffix));
        return negated ? !hit : hit;
      };
    }
    case 'ipv4_is_private': {
      const ranges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => compileCidr(c));
      return (e) =>
        some(at(0)(e), (x) => typeof x === 'string' && !x.includes(':') && ranges.some((t) => t(x)));
    }
    default:
      throw new EngineError(
        'unsupported',
        `KQL function or operator '${name}' is not supported by the evaluator`,
      );
  }
}

/** A dynamic literal: JSON, also with single-quoted strings as Kusto allows; undefined when not readable. */
function parseDynamic(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not plain JSON: try again with single-quoted strings rewritten
  }
  const json = text.replace(/'((?:[^'\\]|\\.)*)'/g, (_, body: string) =>
    JSON.stringify(body.replace(/\\'/g, "'")),
  );
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** Kusto datetime_part, in UTC. */
function datetimePart(part: string, ms: number): number | null {
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'dayofyear':
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'millisecond':
      return d.getUTCMilliseconds();
    default:
      throw new EngineError('unsupported', `datetime_part '${part}'`);
  }
}

/** Kusto hasprefix / hassuffix: the needle starts (ends) a term of the value. */
function termAffix(hay: string, needle: string, suffix: boolean): boolean {
  if (needle === '') return true;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const edge = suffix ? at + needle.length : at - 1;
    const code = edge < 0 || edge >= hay.length ? -1 : hay.charCodeAt(edge);
    if (code === -1 || !isTermChar(code)) return true;
  }
  return false;
}
