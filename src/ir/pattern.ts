import type { Pattern, PatternPart, PlaceholderToken, WildcardToken } from './types.js';

export const ANY: WildcardToken = Object.freeze({ wildcard: '*' }) as WildcardToken;
export const ONE: WildcardToken = Object.freeze({ wildcard: '?' }) as WildcardToken;

export function isWildcard(part: PatternPart): part is WildcardToken {
  return typeof part === 'object' && 'wildcard' in part;
}

export function isPlaceholder(part: PatternPart): part is PlaceholderToken {
  return typeof part === 'object' && 'placeholder' in part;
}

export function literal(text: string): Pattern {
  return text === '' ? [] : [text];
}

export function hasWildcards(pattern: Pattern): boolean {
  return pattern.some(isWildcard);
}

export function hasPlaceholders(pattern: Pattern): boolean {
  return pattern.some(isPlaceholder);
}

/** The literal text of a pattern without wildcards or placeholders, else null. */
export function literalText(pattern: Pattern): string | null {
  let text = '';
  for (const part of pattern) {
    if (typeof part !== 'string') return null;
    text += part;
  }
  return text;
}

/**
 * The canonical spelling of a pattern: adjacent literal chunks joined, empty chunks dropped, runs of `*`
 * collapsed to one, and in a run of wildcards the `?` tokens placed before the `*` (`*?` and `?*` match the
 * same strings).
 */
/** Whether a pattern is already in canonical spelling, so that normalising it can return it unchanged. */
function isCanonical(pattern: Pattern): boolean {
  // The usual pattern is one chunk of text, canonical unless empty.
  if (pattern.length === 1) return pattern[0] !== '';
  let previous: PatternPart | undefined;
  for (const part of pattern) {
    if (part === '') return false;
    if (typeof part === 'string' && typeof previous === 'string') return false;
    if (previous !== undefined && isWildcard(previous) && previous.wildcard === '*' && isWildcard(part))
      return false;
    previous = part;
  }
  return true;
}

export function normalizePattern(input: Pattern): Pattern {
  if (isCanonical(input)) return input;
  // Empty chunks would split runs of wildcards that must be canonicalised together.
  const pattern = input.filter((part) => part !== '');
  const out: PatternPart[] = [];
  let i = 0;
  while (i < pattern.length) {
    const part = pattern[i];
    if (typeof part === 'string') {
      let text = part;
      i++;
      while (i < pattern.length && typeof pattern[i] === 'string') text += pattern[i++] as string;
      if (text !== '') out.push(text);
    } else if (isWildcard(part)) {
      let ones = 0;
      let any = false;
      while (i < pattern.length && isWildcard(pattern[i] as PatternPart)) {
        if ((pattern[i] as WildcardToken).wildcard === '*') any = true;
        else ones++;
        i++;
      }
      for (let k = 0; k < ones; k++) out.push(ONE);
      if (any) out.push(ANY);
    } else {
      out.push({ placeholder: part.placeholder });
      i++;
    }
  }
  return out;
}

/** Wraps a pattern as the substring operators do: `contains` → `*p*`, and so on. */
export function wrapPattern(pattern: Pattern, op: 'contains' | 'startswith' | 'endswith'): Pattern {
  const before = op === 'contains' || op === 'endswith' ? [ANY] : [];
  const after = op === 'contains' || op === 'startswith' ? [ANY] : [];
  return normalizePattern([...before, ...pattern, ...after]);
}

export function startsWithAny(pattern: Pattern): boolean {
  const first = pattern[0];
  return first !== undefined && isWildcard(first) && first.wildcard === '*';
}

export function endsWithAny(pattern: Pattern): boolean {
  const last = pattern[pattern.length - 1];
  return last !== undefined && isWildcard(last) && last.wildcard === '*';
}

/** A readable rendering for messages, with wildcards shown bare and literal `*`/`?` escaped. */
export function describePattern(pattern: Pattern): string {
  return pattern
    .map((part) =>
      typeof part === 'string'
        ? part.replace(/[\\*?]/g, (c) => '\\' + c)
        : isWildcard(part)
          ? part.wildcard
          : `%${part.placeholder}%`,
    )
    .join('');
}
