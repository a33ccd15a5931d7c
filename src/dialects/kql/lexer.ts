/**
 * The KQL lexer: text → chevrotain tokens (tokens.ts). Hand-written, one pass, because KQL's lexical rules are
 * contextual: dashed operator names, `!`-prefixed operators, `in~`, timespan suffixes, raw text inside
 * `datetime(…)`, and five kinds of string literal. Comments (`//` to end of line) and white space are dropped.
 */
import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { KqlSyntaxError } from './errors.js';

/** Timespan units as KQL spells them, longest first so that `ms` wins over `m`. */
const TIMESPAN_UNITS = new Set([
  'd',
  'day',
  'days',
  'h',
  'hr',
  'hrs',
  'hour',
  'hours',
  'm',
  'min',
  'minute',
  'minutes',
  's',
  'sec',
  'second',
  'seconds',
  'ms',
  'milli',
  'millis',
  'millisecond',
  'milliseconds',
  'microsecond',
  'microseconds',
  'tick',
  'ticks',
]);

/** Marks the keywords whose parenthesised argument is raw text, not an expression (`datetime(2020-01-01 10:00)`). */
const RAW = 'raw';

/** Every word that is not a plain identifier, with its token type, in one table (one lookup per word). */
const WORDS = new Map<string, TokenType | typeof RAW>([
  ...T.KEYWORDS,
  ...[...T.STRING_OPERATOR_WORDS].map((w): [string, TokenType] => [w, T.StrOp]),
  ...['datetime', 'timespan', 'time', 'guid'].map((w): [string, typeof RAW] => [w, RAW]),
]);

const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36; // A-Z a-z _ $
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export interface StringPayload {
  value: string;
}

export interface NumberPayload {
  value: number;
  real: boolean;
}

export interface LexResult {
  tokens: IToken[];
}

export function lex(text: string): LexResult {
  const tokens: IToken[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (type: TokenType, start: number, end: number, payload?: unknown): IToken => {
    const tok = createTokenInstance(
      type,
      text.slice(start, end),
      start,
      end - 1,
      line,
      line,
      start - lineStart + 1,
      end - lineStart,
    );
    if (payload !== undefined) tok.payload = payload;
    tokens.push(tok);
    return tok;
  };
  const fail = (message: string, at: number): never => {
    let l = 1;
    let ls = 0;
    for (let k = 0; k < at; k++) if (text.charCodeAt(k) === 10) (l++, (ls = k + 1));
    throw new KqlSyntaxError(message, at, l, at - ls + 1);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // white space and line breaks
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 0xa0) {
      i++;
      continue;
    }
    // comments
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    const start = i;
    // strings: "…" '…' @"…" h"…" h@"…" ```…``` ~~~…~~~
    if (c === 34 || c === 39 || c === 64 || ((c === 104 || c === 72) && isStringStart(text, i + 1))) {
      let k = i;
      if (c === 104 || c === 72) k++;
      const verbatim = text.charCodeAt(k) === 64;
      if (verbatim) k++;
      const q = text.charCodeAt(k);
      if (q !== 34 && q !== 39) fail(`unexpected character '${text[i]}'`, i);
      const { value, end } = verbatim ? scanVerbatim(text, k, fail) : scanQuoted(text, k, fail);
      i = end;
      push(T.StringLit, start, end, { value } satisfies StringPayload);
      continue;
    }
    if ((c === 96 || c === 126) && text.startsWith(c === 96 ? '```' : '~~~', i)) {
      const fence = text.slice(i, i + 3);
      const close = text.indexOf(fence, i + 3);
      if (close < 0) fail(`unterminated multi-line string literal ${fence}`, i);
      const value = text.slice(i + 3, close);
      i = close + 3;
      push(T.StringLit, start, i, { value } satisfies StringPayload);
      for (let k = start; k < i; k++) if (text.charCodeAt(k) === 10) (line++, (lineStart = k + 1));
      continue;
    }
    // numbers and timespans
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      if (c === 48 && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
        i += 2;
        while (i < n && /[0-9a-fA-F]/.test(text[i] as string)) i++;
        push(T.NumberLit, start, i, {
          value: parseInt(text.slice(start + 2, i), 16),
          real: false,
        } satisfies NumberPayload);
        continue;
      }
      let real = false;
      while (isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        real = true;
        i++;
        while (isDigit(text.charCodeAt(i))) i++;
      }
      if (
        (text[i] === 'e' || text[i] === 'E') &&
        /[0-9+-]/.test(text[i + 1] ?? '') &&
        /^[eE][+-]?\d/.test(text.slice(i, i + 3))
      ) {
        real = true;
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        while (isDigit(text.charCodeAt(i))) i++;
      }
      if (isIdentStart(text.charCodeAt(i))) {
        let k = i;
        while (isIdentPart(text.charCodeAt(k))) k++;
        const unit = text.slice(i, k);
        if (!TIMESPAN_UNITS.has(unit)) fail(`unknown timespan unit '${unit}'`, i);
        i = k;
        push(T.TimespanLit, start, i);
        continue;
      }
      push(T.NumberLit, start, i, { value: Number(text.slice(start, i)), real } satisfies NumberPayload);
      continue;
    }
    // words
    if (isIdentStart(c)) {
      while (isIdentPart(text.charCodeAt(i))) i++;
      let word = text.slice(start, i);
      let dashed = false;
      // dashed operator names: project-away, mv-expand …
      while (text.charCodeAt(i) === 45 && isIdentStart(text.charCodeAt(i + 1))) {
        let k = i + 1;
        while (isIdentPart(text.charCodeAt(k))) k++;
        const longer = word + '-' + text.slice(i + 1, k);
        if (!T.DASHED_WORDS.has(longer)) break;
        word = longer;
        dashed = true;
        i = k;
      }
      const kind = WORDS.get(word);
      if (kind === undefined) {
        push(dashed ? T.DashedWord : T.Identifier, start, i);
        continue;
      }
      if (word === 'in' && text.charCodeAt(i) === 126) {
        i++;
        push(T.InOp, start, i);
        continue;
      }
      if (kind === RAW && nextNonSpace(text, i) === 40) {
        const open = text.indexOf('(', i);
        const close = text.indexOf(')', open);
        if (close < 0) fail(`unterminated ${word}( literal`, start);
        i = close + 1;
        push(T.TypedLit, start, i, { word, raw: text.slice(open + 1, close).trim() });
        continue;
      }
      push(kind === RAW ? T.Identifier : kind, start, i);
      continue;
    }
    // punctuation and operators
    const c2 = text.charCodeAt(i + 1);
    switch (c) {
      case 124:
        i++;
        push(T.Pipe, start, i);
        continue;
      case 59:
        i++;
        push(T.Semi, start, i);
        continue;
      case 40:
        i++;
        push(T.LParen, start, i);
        continue;
      case 41:
        i++;
        push(T.RParen, start, i);
        continue;
      case 91:
        i++;
        push(T.LBracket, start, i);
        continue;
      case 93:
        i++;
        push(T.RBracket, start, i);
        continue;
      case 123:
        i++;
        push(T.LBrace, start, i);
        continue;
      case 125:
        i++;
        push(T.RBrace, start, i);
        continue;
      case 44:
        i++;
        push(T.Comma, start, i);
        continue;
      case 58:
        i++;
        push(T.Colon, start, i);
        continue;
      case 46:
        if (c2 === 46) {
          i += 2;
          push(T.DotDot, start, i);
        } else {
          i++;
          push(T.Dot, start, i);
        }
        continue;
      case 61: // = == =~
        if (c2 === 61) {
          i += 2;
          push(T.EqOp, start, i);
        } else if (c2 === 126) {
          i += 2;
          push(T.StrOp, start, i);
        } else {
          i++;
          push(T.Assign, start, i);
        }
        continue;
      case 33: {
        // != !~ !has !in~ !between …
        if (c2 === 61) {
          i += 2;
          push(T.EqOp, start, i);
          continue;
        }
        if (c2 === 126) {
          i += 2;
          push(T.StrOp, start, i);
          continue;
        }
        let k = i + 1;
        while (isIdentPart(text.charCodeAt(k))) k++;
        const word = text.slice(i + 1, k);
        if (T.STRING_OPERATOR_WORDS.has(word)) {
          i = k;
          push(T.StrOp, start, i);
          continue;
        }
        if (word === 'in') {
          i = text.charCodeAt(k) === 126 ? k + 1 : k;
          push(T.InOp, start, i);
          continue;
        }
        if (word === 'between') {
          i = k;
          push(T.BetweenOp, start, i);
          continue;
        }
        return fail(
          `unexpected '!'${word ? ` before '${word}'` : ''}: not is a function in KQL, write not(…)`,
          i,
        );
      }
      case 60: // < <= <>
        if (c2 === 61 || c2 === 62) {
          i += 2;
          push(c2 === 62 ? T.EqOp : T.RelOp, start, i);
        } else {
          i++;
          push(T.RelOp, start, i);
        }
        continue;
      case 62:
        i += c2 === 61 ? 2 : 1;
        push(T.RelOp, start, i);
        continue;
      case 43:
        i++;
        push(T.Plus, start, i);
        continue;
      case 45:
        i++;
        push(T.Minus, start, i);
        continue;
      case 42:
        i++;
        push(T.Star, start, i);
        continue;
      case 47:
      case 37:
        i++;
        push(T.MulOp, start, i);
        continue;
      default:
        fail(`unexpected character '${text[i]}'`, i);
    }
  }
  return { tokens };
}

function nextNonSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return text.charCodeAt(i);
}

function isStringStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (
    c === 34 || c === 39 || (c === 64 && (text.charCodeAt(i + 1) === 34 || text.charCodeAt(i + 1) === 39))
  );
}

type Fail = (message: string, at: number) => never;

/** `@"…"`: no escapes; the quote is written twice. */
function scanVerbatim(text: string, q: number, fail: Fail): { value: string; end: number } {
  const quote = text[q] as string;
  const close = text.indexOf(quote, q + 1);
  if (close > 0 && text.charCodeAt(close + 1) !== quote.charCodeAt(0)) {
    const raw = text.slice(q + 1, close);
    if (raw.indexOf('\n') < 0 && raw.indexOf('\r') < 0) return { value: raw, end: close + 1 };
  }
  let value = '';
  let i = q + 1;
  for (;;) {
    if (i >= text.length || text[i] === '\n' || text[i] === '\r')
      return fail('unterminated verbatim string literal', q);
    const ch = text[i] as string;
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** `"…"` and `'…'` with KQL's escapes; any other backslash sequence is an error, as in Kusto. */
function scanQuoted(text: string, q: number, fail: Fail): { value: string; end: number } {
  const quote = text[q] as string;
  // Most literals have no escapes: take them in one slice.
  const close = text.indexOf(quote, q + 1);
  if (close > 0) {
    const raw = text.slice(q + 1, close);
    if (raw.indexOf('\\') < 0 && raw.indexOf('\n') < 0 && raw.indexOf('\r') < 0)
      return { value: raw, end: close + 1 };
  }
  let value = '';
  let i = q + 1;
  for (;;) {
    if (i >= text.length || text[i] === '\n' || text[i] === '\r')
      return fail('unterminated string literal', q);
    const ch = text[i] as string;
    if (ch === quote) return { value, end: i + 1 };
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const e = text[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(text.slice(i + 2, i + 10))) {
      value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 10), 16));
      i += 10;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-3][0-7]{0,2}|^[0-7]{1,2}/.exec(text.slice(i + 1, i + 4)) as RegExpExecArray;
      value += String.fromCharCode(parseInt(m[0], 8));
      i += 1 + m[0].length;
    } else {
      return fail(
        `invalid escape sequence '\\${e}' in string literal (use \\\\ or a verbatim @"…" string)`,
        i,
      );
    }
  }
}
