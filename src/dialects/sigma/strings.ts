import type { Pattern, PatternPart } from '../../ir/types.js';
import { ANY, ONE, isWildcard, normalizePattern } from '../../ir/pattern.js';

/**
 * Sigma's string escaping (specification "Escape Character", as pySigma implements it): `\` escapes only
 * `*`, `?` and `\` itself; before any other character it is a literal backslash, and so is a trailing lone
 * `\`. Under `expand`, `%name%` is a placeholder and `\%` a literal percent sign.
 */
const SPECIAL = /[\\*?]/;
const SPECIAL_EXPANDED = /[\\*?%]/;

export function parseSigmaString(text: string, expand = false): Pattern {
  // Most values hold nothing to interpret: one literal chunk.
  if (!(expand ? SPECIAL_EXPANDED : SPECIAL).test(text)) return text === '' ? [] : [text];
  const parts: PatternPart[] = [];
  let chunk = '';
  const flush = (): void => {
    if (chunk !== '') parts.push(chunk);
    chunk = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\' || (expand && next === '%')) {
        chunk += next;
        i++;
      } else {
        chunk += c;
      }
    } else if (c === '*' || c === '?') {
      flush();
      parts.push(c === '*' ? ANY : ONE);
    } else if (expand && c === '%') {
      const end = text.indexOf('%', i + 1);
      const name = end > i ? text.slice(i + 1, end) : '';
      if (/^\w+$/.test(name)) {
        flush();
        parts.push({ placeholder: name });
        i = end;
      } else {
        chunk += c;
      }
    } else {
      chunk += c;
    }
  }
  flush();
  return normalizePattern(parts);
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
  const special = expand ? '*?\\%' : '*?\\';
  let out = '';
  for (let p = 0; p < pattern.length; p++) {
    const part = pattern[p] as PatternPart;
    if (typeof part !== 'string') {
      out += isWildcard(part) ? part.wildcard : `%${part.placeholder}%`;
      continue;
    }
    if (!(expand ? SPECIAL_EXPANDED : SPECIAL).test(part)) {
      out += part;
      continue;
    }
    for (let i = 0; i < part.length; i++) {
      const c = part[i] as string;
      if (c === '\\') {
        const next = i + 1 < part.length ? part[i + 1] : leadingChar(pattern[p + 1]);
        out += next !== undefined && special.includes(next) ? '\\\\' : '\\';
      } else if (c === '*' || c === '?' || (expand && c === '%')) {
        out += '\\' + c;
      } else {
        out += c;
      }
    }
  }
  return out;
}
