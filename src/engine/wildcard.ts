/**
 * Wildcard patterns (`*` any run, `?` one character) matched against text in linear-ish time, without
 * building a backtracking regex: a pattern is split at `*` into segments, the first and last anchored, the
 * ones between found leftmost-first (which is always safe for `*`-separated segments, so no backtracking).
 * Case-insensitive matching folds both sides with `toLowerCase` (Unicode default lower-casing).
 */
import type { Pattern } from '../ir/types.js';
import { isPlaceholder, isWildcard, normalizePattern } from '../ir/pattern.js';
import { EngineError } from './errors.js';

export type TextTest = (text: string) => boolean;

/** One `*`-free piece: literal chunks and single-character holes (`?` counts). */
type SegmentPart = string | number;
type Segment = SegmentPart[];

export function fold(text: string, cased: boolean): string {
  return cased ? text : text.toLowerCase();
}

function charWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
    const next = text.charCodeAt(at + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/** The end position when `segment` matches at `at`, else -1. */
function matchSegmentAt(text: string, segment: Segment, at: number): number {
  let pos = at;
  for (const part of segment) {
    if (typeof part === 'string') {
      if (!text.startsWith(part, pos)) return -1;
      pos += part.length;
    } else {
      for (let k = 0; k < part; k++) {
        if (pos >= text.length) return -1;
        pos += charWidth(text, pos);
      }
    }
  }
  return pos;
}

/** The end of the leftmost match of `segment` at or after `from`, else -1. */
function findSegment(text: string, segment: Segment, from: number): number {
  const first = segment[0];
  if (typeof first === 'string') {
    let at = text.indexOf(first, from);
    while (at >= 0) {
      const end = matchSegmentAt(text, segment, at);
      if (end >= 0) return end;
      at = text.indexOf(first, at + 1);
    }
    return -1;
  }
  for (let at = from; at <= text.length; at += at < text.length ? charWidth(text, at) : 1) {
    const end = matchSegmentAt(text, segment, at);
    if (end >= 0) return end;
  }
  return -1;
}

function fixedLength(segment: Segment): boolean {
  return segment.every((part) => typeof part === 'string');
}

function splitSegments(
  pattern: Pattern,
  cased: boolean,
): { segments: Segment[]; leadingAny: boolean; trailingAny: boolean } {
  const segments: Segment[] = [[]];
  for (const part of pattern) {
    const current = segments[segments.length - 1] as Segment;
    if (typeof part === 'string') current.push(fold(part, cased));
    else if (isWildcard(part)) {
      if (part.wildcard === '*') segments.push([]);
      else {
        const last = current[current.length - 1];
        if (typeof last === 'number') current[current.length - 1] = last + 1;
        else current.push(1);
      }
    } else {
      throw new EngineError('placeholder', `placeholder %${part.placeholder}% has no value`);
    }
  }
  const leadingAny = (segments[0] as Segment).length === 0 && segments.length > 1;
  const trailingAny = (segments[segments.length - 1] as Segment).length === 0 && segments.length > 1;
  return { segments, leadingAny, trailingAny };
}

/**
 * A test for "the whole text matches the pattern". Substring operators are expressed by wrapping the pattern
 * in `*` first (see `wrapPattern`). The text passed in must already be folded when `cased` is false; the
 * returned test folds it itself.
 */
export function compileWildcard(input: Pattern, cased: boolean): TextTest {
  if (input.some(isPlaceholder)) {
    const name = input.find(isPlaceholder);
    throw new EngineError(
      'placeholder',
      `placeholder %${(name as { placeholder: string }).placeholder}% has no value`,
    );
  }
  const pattern = normalizePattern(input);
  const { segments, leadingAny, trailingAny } = splitSegments(pattern, cased);
  const f = (t: string): string => fold(t, cased);

  // Fast paths for the shapes rules use most: exact, prefix, suffix, substring.
  if (segments.length === 1) {
    const only = segments[0] as Segment;
    if (fixedLength(only)) {
      const text = only.join('');
      return (t) => f(t) === text;
    }
    return (t) => {
      const text = f(t);
      return matchSegmentAt(text, only, 0) === text.length;
    };
  }
  if (segments.length === 2) {
    const [a, b] = segments as [Segment, Segment];
    if (leadingAny && fixedLength(b)) {
      const suffix = b.join('');
      return (t) => f(t).endsWith(suffix);
    }
    if (trailingAny && fixedLength(a)) {
      const prefix = a.join('');
      return (t) => f(t).startsWith(prefix);
    }
  }
  if (segments.length === 3 && leadingAny && trailingAny) {
    const middle = segments[1] as Segment;
    if (fixedLength(middle)) {
      const needle = middle.join('');
      return (t) => f(t).includes(needle);
    }
  }
  const first = segments[0] as Segment;
  const last = segments[segments.length - 1] as Segment;
  const middles = segments.slice(1, -1);
  const lastFixed = fixedLength(last);
  const lastText = lastFixed ? last.join('') : '';
  return (raw) => {
    const text = f(raw);
    let pos = matchSegmentAt(text, first, 0);
    if (pos < 0) return false;
    for (const segment of middles) {
      if (segment.length === 0) continue;
      pos = findSegment(text, segment, pos);
      if (pos < 0) return false;
    }
    if (last.length === 0) return true;
    if (lastFixed) return text.length - lastText.length >= pos && text.endsWith(lastText);
    // A last segment with `?` holes: its width in code units varies with surrogate pairs, so try each start.
    for (let at = pos; at <= text.length; at++) {
      if (matchSegmentAt(text, last, at) === text.length) return true;
    }
    return false;
  };
}
