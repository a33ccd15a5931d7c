import type { Pattern, PatternPart } from '../../ir/types.js';
import { ANY, ONE, isWildcard, normalizePattern } from '../../ir/pattern.js';

/**
 * Sigma's string escaping (specification "Escape Character", as pySigma implements it): `\` escapes only
 * `*`, `?` and `\` itself; before any other character it is a literal backslash, and so is a trailing lone
 * `\`. Under `expand`, `%name%` is a placeholder and `\%` a literal percent sign.
 *
 * Text that reads as itself: no wildcard, no `\\` (the first backslash would escape the second) and, under
 * expand, no `%`. Every other backslash is literal, which keeps most values (Windows paths) on this path.
 */
const INTERPRETED = /[*?]|\\\\/;
const INTERPRETED_EXPANDED = /[*?%]|\\\\/;
// Printed text that needs no escaping: as above, and no backslash at its end, which the next part may need.
const ESCAPED = /[*?]|\\\\|\\$/;
const ESCAPED_EXPANDED = /[*?%]|\\\\|\\$/;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const PERCENT = 0x25;

/** Parts are gathered here, then copied out at their exact size: the IR keeps the copy. */
const gathered: PatternPart[] = [];

export function parseSigmaString(text: string, expand = false): Pattern {
  // Most values hold nothing to interpret: one literal chunk.
  if (!(expand ? INTERPRETED_EXPANDED : INTERPRETED).test(text)) return text === '' ? [] : [text];
  // Literal text is taken in slices: `chunk` holds what is pending before `start`, `text[start..i)` the rest.
  const parts = gathered;
  parts.length = 0;
  let chunk = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === STAR || next === QUESTION || next === BACKSLASH || (expand && next === PERCENT)) {
        // The backslash goes; the character it escapes starts the next slice.
        chunk += text.slice(start, i);
        start = i + 1;
        i++;
      }
    } else if (c === STAR || c === QUESTION) {
      chunk += text.slice(start, i);
      if (chunk !== '') parts.push(chunk);
      chunk = '';
      start = i + 1;
      parts.push(c === STAR ? ANY : ONE);
    } else if (expand && c === PERCENT) {
      const end = text.indexOf('%', i + 1);
      const name = end > i ? text.slice(i + 1, end) : '';
      if (/^\w+$/.test(name)) {
        chunk += text.slice(start, i);
        if (chunk !== '') parts.push(chunk);
        chunk = '';
        parts.push({ placeholder: name });
        i = end;
        start = end + 1;
      }
    }
  }
  chunk += text.slice(start);
  if (chunk !== '') parts.push(chunk);
  const pattern = normalizePattern(parts.slice());
  parts.length = 0;
  return pattern;
}

/** The character a printed part begins with, as far as escaping of a preceding backslash is concerned. */
function leadingChar(part: PatternPart | undefined): string | undefined {
  if (part === undefined) return undefined;
  if (typeof part === 'string') return part[0];
  return isWildcard(part) ? part.wildcard : '%';
}

/**
 * The inverse of `parseSigmaString`: a pattern written the way Sigma rule authors write it. A backslash is
 * doubled only where it would otherwise escape what follows (before `*`, `?`, `\`, or `%` under expand), so
 * Windows paths stay readable: `C:\Windows\*` means the literal path followed by a wildcard.
 */
export function printSigmaString(pattern: Pattern, expand = false): string {
  // Most values are one chunk of text that needs no escaping.
  const only = pattern.length === 1 ? pattern[0] : undefined;
  if (typeof only === 'string' && !(expand ? ESCAPED_EXPANDED : ESCAPED).test(only)) return only;
  const special = expand ? '*?\\%' : '*?\\';
  let out = '';
  for (let p = 0; p < pattern.length; p++) {
    const part = pattern[p] as PatternPart;
    if (typeof part !== 'string') {
      out += isWildcard(part) ? part.wildcard : `%${part.placeholder}%`;
      continue;
    }
    if (!(expand ? ESCAPED_EXPANDED : ESCAPED).test(part)) {
      out += part;
      continue;
    }
    // Copied in slices: `part[start..i)` is pending.
    let start = 0;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c === BACKSLASH) {
        const next = i + 1 < part.length ? part[i + 1] : leadingChar(pattern[p + 1]);
        if (next !== undefined && special.includes(next)) {
          out += part.slice(start, i + 1) + '\\'; // the backslash, doubled
          start = i + 1;
        }
      } else if (c === STAR || c === QUESTION || (expand && c === PERCENT)) {
        out += part.slice(start, i) + '\\'; // escaped; the character starts the next slice
        start = i;
      }
    }
    out += part.slice(start);
  }
  return out;
}
