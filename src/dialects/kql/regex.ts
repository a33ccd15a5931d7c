/**
 * Regular expressions and wildcard patterns as RE2 text for `matches regex`.
 */
import type { Pattern, RegexValue } from '../../ir/types.js';
import { isPlaceholder } from '../../ir/pattern.js';

/** Characters RE2 treats as syntax outside a class. */
const RE2_SPECIAL = /[\\^$.|?*+()[\]{}]/g;

export function escapeRe2(text: string): string {
  return text.replace(RE2_SPECIAL, (c) => '\\' + c);
}

/**
 * A whole-value wildcard pattern as an RE2 search that matches exactly the same strings: anchored at both
 * ends, `*` → `.*`, `?` → `.`, with `(?s)` so that wildcards also match line breaks, `(?i)` when uncased.
 * Returns undefined for placeholders (they must be resolved before printing).
 */
export function wildcardRegex(pattern: Pattern, cased: boolean): string | undefined {
  let body = '';
  for (const part of pattern) {
    if (typeof part === 'string') body += escapeRe2(part);
    else if (isPlaceholder(part)) return undefined;
    else body += part.wildcard === '*' ? '.*' : '.';
  }
  return `(?${cased ? '' : 'i'}s)^${body}$`;
}

export type RegexProblem = { reason: string };

/** A RegexValue of any flavour as RE2 text with the same matches under `matches regex` (a substring search). */
export function toRe2(value: RegexValue): string | RegexProblem {
  let body = value.pattern;
  if (value.flavour === 'pcre') {
    const bad = unsupportedPcre(body);
    if (bad) return { reason: bad };
    // RE2 spells named groups (?P<name>…).
    body = body.replace(/\(\?<([A-Za-z_]\w*)>/g, '(?P<$1>');
  } else if (value.flavour === 'lucene') {
    const bad = unsupportedLucene(body);
    if (bad) return { reason: bad };
  }
  if (value.anchored) body = `^(?:${body})$`;
  // Lucene's `.` matches any character, line breaks included: RE2 needs (?s) for that.
  const dotAll = value.flags.s || value.flavour === 'lucene';
  const flags = (value.flags.i ? 'i' : '') + (value.flags.m ? 'm' : '') + (dotAll ? 's' : '');
  return (flags ? `(?${flags})` : '') + body;
}

function unsupportedPcre(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'lookaround assertions are not supported by RE2';
  if (/\(\?>/.test(pattern)) return 'atomic groups are not supported by RE2';
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not supported by RE2';
  // Escapes and character classes stand for one character each: what follows them may be a quantifier (`[ab]?`
  // then `\s+` is no possessive `?+`), and `[*+]` holds no quantifier at all.
  const atoms = pattern.replace(/\\./g, 'x').replace(/\[\^?\]?[^\]]*\]/g, 'x');
  if (/[*+?}][+]/.test(atoms)) return 'possessive quantifiers are not supported by RE2';
  if (/\\Z|\\G/.test(pattern)) return '\\Z and \\G are not supported by RE2';
  return undefined;
}

/** Lucene regex syntax that RE2 reads differently. */
function unsupportedLucene(pattern: string): string | undefined {
  const unescaped = pattern.replace(/\\./g, '');
  if (/[@&~<>#"]/.test(unescaped)) return 'Lucene regex operators (@ & ~ <> # ") have no RE2 equivalent here';
  if (/\\[a-zA-Z]/.test(pattern))
    return 'Lucene regex has no character-class escapes such as \\d or \\w; the text would change meaning';
  // `[^…]` is a negated class in both; any other ^ or $ is a literal character in Lucene.
  if (/[\^$]/.test(unescaped.replace(/\[\^/g, '[')))
    return 'Lucene regex has no anchors: ^ and $ are literal there';
  return undefined;
}
