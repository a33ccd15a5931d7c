/**
 * Regular expressions for EQL's `regex` / `regex~`, which use Lucene's syntax and match the whole value.
 *
 * A Lucene regex passes through unchanged. A PCRE (Sigma `re`) or RE2 (Kusto) regex searches for a
 * substring; it is rewritten where Lucene can say the same thing: unanchored ends get `.*`, `^`/`$` at the
 * ends are dropped, `\d \w \s` become classes, escapes of control characters become the characters, and
 * the characters Lucene reserves (`@ & ~ < > # "`) are escaped. Anything Lucene cannot express (lookaround,
 * back-references, word boundaries, anchors inside the pattern, inline flags after the start) is refused
 * with the construct named, never printed approximately.
 */
import type { RegexValue } from '../../ir/types.js';

export class RegexRewriteError extends Error {}

export interface LuceneRegex {
  pattern: string;
  insensitive: boolean;
}

const CLASS_ESCAPES: Record<string, string> = {
  d: '0-9',
  w: 'A-Za-z0-9_',
  s: ' \t\n\r\f\v',
};

/** Characters with a meaning in Lucene regex that are plain text in PCRE (outside a class). */
const LUCENE_ONLY_SPECIAL = new Set(['@', '&', '~', '<', '>', '#', '"']);

const CONTROL_ESCAPES: Record<string, string> = {
  t: '\t',
  n: '\n',
  r: '\r',
  f: '\f',
  v: '\v',
  a: '\x07',
  e: '\x1b',
};

/** Lucene spelling of one literal character outside a class. */
function literalChar(ch: string): string {
  if (/[.?+*|{}[\]()"\\@&~<>#]/.test(ch)) return '\\' + ch;
  return ch;
}

/** Lucene spelling of one literal character inside a class. */
function classChar(ch: string): string {
  return /[\]\\^\-[]/.test(ch) ? '\\' + ch : ch;
}

function hexEscape(source: string, i: number): { ch: string; next: number } | undefined {
  const kind = source[i + 1];
  let m: RegExpExecArray | null = null;
  if (kind === 'x') m = /^\\x(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(source.slice(i));
  else if (kind === 'u') m = /^\\u(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{4}))/.exec(source.slice(i));
  if (!m) return undefined;
  return { ch: String.fromCodePoint(parseInt((m[1] ?? m[2]) as string, 16)), next: i + m[0].length };
}

function unsupported(what: string): never {
  throw new RegexRewriteError(`Lucene regular expressions (EQL regex) have no ${what}`);
}

/** Rewrites a PCRE/RE2 regex body (no anchoring handled here) into Lucene syntax. */
function rewriteBody(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) unsupported('trailing backslash');
      const cls = CLASS_ESCAPES[next];
      if (cls !== undefined) {
        out += `[${cls}]`;
        i += 2;
        continue;
      }
      const negated = CLASS_ESCAPES[next.toLowerCase()];
      if (negated !== undefined && next !== next.toLowerCase()) {
        out += `[^${negated}]`;
        i += 2;
        continue;
      }
      const control = CONTROL_ESCAPES[next];
      if (control !== undefined) {
        out += control;
        i += 2;
        continue;
      }
      const hex = hexEscape(source, i);
      if (hex) {
        out += literalChar(hex.ch);
        i = hex.next;
        continue;
      }
      if (/[0-9]/.test(next)) unsupported(`back-reference or octal escape (\\${next})`);
      if (next === 'b' || next === 'B') unsupported(`word boundary (\\${next})`);
      if (/[AzZG]/.test(next)) unsupported(`anchor \\${next} inside the pattern`);
      if (/[pPkKQEhHRXN]/.test(next)) unsupported(`\\${next} escape`);
      if (/[A-Za-z]/.test(next)) unsupported(`\\${next} escape`);
      out += literalChar(next);
      i += 2;
      continue;
    }
    if (ch === '[') {
      const end = readClass(source, i);
      out += end.text;
      i = end.next;
      continue;
    }
    if (ch === '(') {
      if (source[i + 1] === '?') {
        if (source[i + 2] === ':') {
          out += '(';
          i += 3;
          continue;
        }
        const what =
          source[i + 2] === '=' || source[i + 2] === '!'
            ? 'lookahead'
            : source[i + 2] === '<' && /[=!]/.test(source[i + 3] ?? '')
              ? 'lookbehind'
              : source[i + 2] === '<' || source[i + 2] === 'P'
                ? 'named group'
                : 'inline flags or special group';
        unsupported(`${what} (${source.slice(i, i + 4)}…)`);
      }
      out += '(';
      i++;
      continue;
    }
    if (ch === '^' || ch === '$') unsupported(`anchor ${ch} inside the pattern`);
    if (
      (ch === '*' || ch === '+' || ch === '?' || ch === '}') &&
      (source[i + 1] === '?' || source[i + 1] === '+')
    ) {
      // Lazy and possessive quantifiers select the same strings for a yes/no match as the greedy one.
      if (source[i + 1] === '+') unsupported('possessive quantifier');
      out += ch;
      i += 2;
      continue;
    }
    if (LUCENE_ONLY_SPECIAL.has(ch)) {
      out += '\\' + ch;
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** A `[…]` class starting at `start`, rewritten; class escapes `\d \w \s` expand inside it. */
function readClass(source: string, start: number): { text: string; next: number } {
  let i = start + 1;
  let out = '[';
  if (source[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === ']' && !first) return { text: out + ']', next: i + 1 };
    first = false;
    if (ch === '[' && source[i + 1] === ':') unsupported('POSIX class [:…:]');
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) unsupported('trailing backslash');
      const cls = CLASS_ESCAPES[next];
      if (cls !== undefined) {
        out += cls;
        i += 2;
        continue;
      }
      if (CLASS_ESCAPES[next.toLowerCase()] !== undefined)
        unsupported(`negated class escape \\${next} inside [ ]`);
      const control = CONTROL_ESCAPES[next];
      if (control !== undefined) {
        out += control;
        i += 2;
        continue;
      }
      const hex = hexEscape(source, i);
      if (hex) {
        out += classChar(hex.ch);
        i = hex.next;
        continue;
      }
      if (/[A-Za-z0-9]/.test(next)) unsupported(`\\${next} escape inside [ ]`);
      out += classChar(next);
      i += 2;
      continue;
    }
    out += ch === '[' ? '\\[' : ch;
    i++;
  }
  unsupported('closing ] for a character class');
}

/** The regex as EQL `regex`/`regex~` must be written, or a RegexRewriteError naming what cannot be said. */
export function toLucene(value: RegexValue): LuceneRegex {
  if (value.flavour === 'lucene') {
    if (!value.anchored) {
      return { pattern: `.*(${value.pattern}).*`, insensitive: value.flags.i };
    }
    return { pattern: value.pattern, insensitive: value.flags.i };
  }
  let source = value.pattern;
  let insensitive = value.flags.i;
  let multiline = value.flags.m;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    const flags = inline[1] as string;
    if (flags.includes('x')) unsupported('extended mode (?x)');
    if (flags.includes('i')) insensitive = true;
    if (flags.includes('m')) multiline = true;
    source = source.slice(inline[0].length);
  }
  if (multiline && (source.startsWith('^') || /(?:^|[^\\])(?:\\\\)*\$$/.test(source))) {
    // With m, ^ and $ match at every line break: a whole-value match cannot say that.
    unsupported('line anchors (^ or $ with the m flag)');
  }
  const alternation = hasTopLevelAlternation(source);
  let anchoredStart = value.anchored;
  let anchoredEnd = value.anchored;
  if (source.startsWith('^') || source.startsWith('\\A')) {
    anchoredStart = true;
    source = source.slice(source.startsWith('^') ? 1 : 2);
  }
  const endAnchor = /(?:^|[^\\])(?:\\\\)*(\$|\\z|\\Z)$/.exec(source);
  if (endAnchor) {
    anchoredEnd = true;
    source = source.slice(0, source.length - (endAnchor[1] as string).length);
  }
  if (alternation) {
    // `^a|b` anchors one alternative only: Lucene cannot anchor part of a whole-value match.
    if (!value.anchored && (anchoredStart || anchoredEnd))
      unsupported('anchor on one alternative of a top-level |');
    source = `(${source})`;
  }
  const body = rewriteBody(source);
  return { pattern: `${anchoredStart ? '' : '.*'}${body}${anchoredEnd ? '' : '.*'}`, insensitive };
}

/** Whether `|` occurs outside any group or class (then `.*` must not attach to one alternative only). */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = skipClass(source, i);
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

function skipClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length && source[i] !== ']') {
    if (source[i] === '\\') i++;
    i++;
  }
  return i;
}
