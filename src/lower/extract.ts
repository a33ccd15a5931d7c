/**
 * KQL `extract(R, k, F)` is group k of the first (leftmost) match of the RE2 regex R in F, or the empty string
 * where R does not match. Rules compare it with constants: `extract(R, 1, F) == "v"`, `in ("a", "b")`, `=~`,
 * `in~`. Other dialects have no capture, but they have regex tests: R′, which is R with group k's content
 * replaced by the escaped values (`a|b`), matches wherever the comparison holds, since the match that gave
 * group k the value still goes through with the literal in its place. R′ is never narrower; it is broader
 * where F has a match of R′ but the first match of R captured something else (an earlier match, or another
 * way through R's alternatives), which is said. `=~` and `in~` compare without case: R′ then carries the `i`
 * flag, which also lets the rest of R match without case (broader again, within the same note).
 *
 * Only where the comparison reads as one: the values are non-empty strings (`== ""` also holds where R does
 * not match), k names one capturing group that no repetition encloses (`(a(\d))+` captures its last round
 * only, which R′ cannot single out), and R and R′ are regexes the engine reads. F is a column or
 * `tostring(column)`, whose text the regex reads in either dialect.
 */
import type { Rule, Term } from '../ir/types.js';
import { not, predicate } from '../ir/build.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { parseCapturing, parseRegex } from '../engine/regex/parse.js';
import { regexValue } from '../dialects/kql/condition.js';
import { escapeRe2 } from '../dialects/kql/regex.js';
import { columnOf, liftComputed, numberOf, stringList, stringOf, type Lifted } from './computed-lift.js';

interface Span {
  /** Index just after the group's opening (`(`, `(?P<name>`, `(?:` …). */
  open: number;
  /** Index of its closing `)`. */
  close: number;
  /** The capturing group's number; 0 for other groups. */
  index: number;
  /** Followed by a quantifier that may repeat it (`*`, `+`, `{2}`, `{1,}` …). */
  repeated: boolean;
}

/** The index after a character class that starts at `at` (`[`), or -1. */
function skipClass(source: string, at: number): number {
  let i = at + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '[' && source[i + 1] === ':') {
      const end = source.indexOf(':]', i + 2);
      if (end < 0) return -1;
      i = end + 2;
    } else if (c === ']') return i + 1;
    else i++;
  }
  return -1;
}

/** Whether the quantifier at `at` (if any) may repeat what precedes it more than once. */
function repeats(source: string, at: number): boolean {
  const c = source[at];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
  if (!m) return false;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  return max > 1;
}

/** Every group of an RE2 source with its span, or undefined where the source holds what we do not scan. */
function groupsOf(source: string): Span[] | undefined {
  const spans: Span[] = [];
  const stack: { open: number; index: number }[] = [];
  let count = 0;
  for (let i = 0; i < source.length;) {
    const c = source[i];
    if (c === '\\') {
      if (source[i + 1] === 'Q') return undefined; // \Q…\E quoting: not scanned
      i += 2;
    } else if (c === '[') {
      const end = skipClass(source, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(') {
      if (source[i + 1] === '?') {
        const named = /^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(source.slice(i));
        if (named) {
          stack.push({ open: i + named[0].length, index: ++count });
          i += named[0].length;
          continue;
        }
        const flags = /^\(\?[a-zA-Z-]*(:|\))/.exec(source.slice(i));
        if (!flags) return undefined;
        i += flags[0].length;
        if (flags[1] === ':') stack.push({ open: i, index: 0 });
        continue;
      }
      stack.push({ open: i + 1, index: ++count });
      i++;
    } else if (c === ')') {
      const group = stack.pop();
      if (!group) return undefined;
      spans.push({ ...group, close: i, repeated: repeats(source, i + 1) });
      i++;
    } else i++;
  }
  return stack.length === 0 ? spans : undefined;
}

/** R with group k's content replaced by the alternation of the values, or undefined when that is unsound. */
export function replaceGroup(source: string, k: number, values: string[]): string | undefined {
  const spans = groupsOf(source);
  const target = spans?.find((s) => s.index === k);
  if (!spans || !target) return undefined;
  // No repetition may enclose the group: it would capture its last round only.
  if (spans.some((s) => s.repeated && s.open <= target.open && s.close >= target.close)) return undefined;
  return `${source.slice(0, target.open)}${values.map(escapeRe2).join('|')}${source.slice(target.close)}`;
}

/** `extract(R, k, F)`: its parts, or undefined. */
function extractCall(term: Term | undefined): { source: string; group: number; field: string } | undefined {
  if (term?.kind !== 'call' || term.name !== 'extract' || term.args.length !== 3) return undefined;
  const [r, k, f] = term.args;
  const source = stringOf(r);
  const group = numberOf(k);
  const field = columnOf(f, true);
  if (source === undefined || group === undefined || field === undefined) return undefined;
  if (!Number.isInteger(group) || group < 1) return undefined;
  return { source, group, field };
}

/** The comparison a term makes of an extract call: with which values, with case or not, denied or not. */
function comparison(
  term: Term,
): { call: Term; values: string[]; cased: boolean; negated: boolean } | undefined {
  if (term.kind === 'binary' && (term.op === '==' || term.op === '!=')) {
    const [call, value] = extractCall(term.left) ? [term.left, term.right] : [term.right, term.left];
    const text = stringOf(value);
    return text === undefined ? undefined : { call, values: [text], cased: true, negated: term.op === '!=' };
  }
  if (term.kind !== 'call') return undefined;
  const [call, ...rest] = term.args;
  if (!call) return undefined;
  switch (term.name) {
    case '=~':
    case '!~': {
      const text = rest.length === 1 ? stringOf(rest[0]) : undefined;
      return text === undefined
        ? undefined
        : { call, values: [text], cased: false, negated: term.name === '!~' };
    }
    case 'in':
    case 'in~':
    case '!in':
    case '!in~': {
      const values = stringList(rest);
      return values === undefined
        ? undefined
        : { call, values, cased: !term.name.endsWith('~'), negated: term.name.startsWith('!') };
    }
    default:
      return undefined;
  }
}

function readable(source: string, i: boolean): boolean {
  try {
    const value = regexValue(source);
    parseRegex(value.pattern, 're2', { ...value.flags, i: value.flags.i || i });
    return true;
  } catch {
    return false;
  }
}

function liftTerm(term: Term): Lifted | undefined {
  const compared = comparison(term);
  if (!compared || compared.values.length === 0 || compared.values.some((v) => v === '')) return undefined;
  const call = extractCall(compared.call);
  if (!call) return undefined;
  try {
    const { groups } = parseCapturing(call.source, 're2', { i: false, m: false, s: false });
    if (call.group > groups) return undefined;
  } catch {
    return undefined;
  }
  const replaced = replaceGroup(call.source, call.group, [...new Set(compared.values)]);
  if (replaced === undefined || !readable(replaced, !compared.cased)) return undefined;
  const value = regexValue(replaced);
  if (!compared.cased) value.flags.i = true;
  const test = predicate({ field: call.field, op: 'regex', values: [value], cased: true });
  return { expr: compared.negated ? not(test) : test, asserted: compared.negated ? 'narrower' : 'broader' };
}

/** The rule with its comparisons of `extract()` with constants written as regex tests, and what that changes. */
export function liftExtract(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftComputed(rule, liftTerm, {
    code: 'kql/extract',
    message: (fidelity) =>
      fidelity === 'narrower'
        ? "a denied comparison of extract(R, k, F) with constants written as 'F does not match R with group k replaced by the values': rows where F matches that regex but R's first match captures something else are no longer selected"
        : "a comparison of extract(R, k, F) with constants written as 'F matches R with group k replaced by the values': it also selects rows where R's first match captures something else but a later one (or another way through R) captures a value",
  });
}
