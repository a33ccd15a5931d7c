/**
 * Sigma's value-rewriting modifiers, expanded into the set of plain patterns they stand for, exactly as
 * pySigma expands them for back ends that lack them (the EQL and KQL printers, the evaluator):
 * - `base64`: the Base64 of the value's bytes (UTF-8, or the UTF-16 bytes after `wide`/`utf16*`);
 * - `base64offset`: the three encodings at byte offsets 0, 1 and 2, with the characters that depend on the
 *   unknown neighbouring bytes cut off (pySigma: start cuts 0/2/3, end cuts by (length + offset) mod 3);
 * - `utf16le`/`wide`, `utf16be`, `utf16` (little-endian with the FF FE byte-order mark): the value's bytes;
 * - `windash`: each `-` or `/` that starts a flag (pySigma's `\B[-/]\b`) becomes each of `-` `/` `–` `—` `―`.
 * Byte strings are JS strings of code units 0–255, so a value that ends as bytes (`wide` alone) is compared
 * with event text of that shape.
 */
import type { Expr, Pattern, PatternPart, Predicate, Value, ValueTransform } from '../ir/types.js';

/** A value the transforms cannot be applied to (wildcards under base64, too many windash variants). */
export class TransformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransformError';
  }
}

interface Expanded {
  pattern: Pattern;
  /** The literal chunks are bytes (after a UTF-16 transform), not text. */
  bytes: boolean;
}

/** Above this many windash variants of one value we refuse rather than allocate without bound. */
export const MAX_WINDASH_VARIANTS = 4096;
const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const WORD = /[\p{L}\p{N}_]/u;

/** The value's bytes as a byte string: UTF-8 for text, as-is for bytes. (No Buffer: the core also runs in browsers.) */
function bytesOf(chunk: string, bytes: boolean): string {
  if (bytes) return chunk;
  let out = '';
  for (const b of new TextEncoder().encode(chunk)) out += String.fromCharCode(b);
  return out;
}

function literalOnly(pattern: Pattern, transform: string): string {
  let text = '';
  for (const part of pattern) {
    if (typeof part !== 'string') {
      throw new TransformError(`'${transform}' cannot encode a value with wildcards or placeholders`);
    }
    text += part;
  }
  return text;
}

/** UTF-16 bytes of text (a byte string is re-read as Latin-1 text, which is what re-encoding it means). */
function utf16(text: string, order: 'le' | 'be'): string {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    const low = String.fromCharCode(unit & 0xff);
    const high = String.fromCharCode(unit >> 8);
    out += order === 'le' ? low + high : high + low;
  }
  return out;
}

function mapChunks(value: Expanded, f: (chunk: string) => string): Pattern {
  return value.pattern.map((part): PatternPart => (typeof part === 'string' ? f(part) : part));
}

function base64Offsets(data: string): string[] {
  const starts = [0, 2, 3];
  const ends = [0, 3, 2];
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = btoa(' '.repeat(offset) + data);
    const endCut = ends[(data.length + offset) % 3] as number;
    out.push(encoded.slice(starts[offset] as number, encoded.length - endCut));
  }
  return out;
}

function windashVariants(chunk: string): string[] {
  const positions: number[] = [];
  const chars = Array.from(chunk);
  chars.forEach((c, k) => {
    if (c !== '-' && c !== '/') return;
    const before = chars[k - 1];
    const after = chars[k + 1];
    if ((before === undefined || !WORD.test(before)) && after !== undefined && WORD.test(after))
      positions.push(k);
  });
  if (Math.pow(DASHES.length, positions.length) > MAX_WINDASH_VARIANTS) {
    throw new TransformError(`windash on '${chunk}' expands to more than ${MAX_WINDASH_VARIANTS} values`);
  }
  let variants: string[][] = [chars];
  for (const at of positions) {
    variants = variants.flatMap((v) =>
      DASHES.map((d) => {
        const copy = [...v];
        copy[at] = d;
        return copy;
      }),
    );
  }
  return variants.map((v) => v.join(''));
}

function applyOne(values: Expanded[], transform: ValueTransform): Expanded[] {
  switch (transform) {
    case 'utf16le':
    case 'wide':
      return values.map((v) => ({ pattern: mapChunks(v, (c) => utf16(c, 'le')), bytes: true }));
    case 'utf16be':
      return values.map((v) => ({ pattern: mapChunks(v, (c) => utf16(c, 'be')), bytes: true }));
    case 'utf16':
      return values.map((v) => {
        const pattern = mapChunks(v, (c) => utf16(c, 'le'));
        return { pattern: ['\xff\xfe', ...pattern], bytes: true };
      });
    case 'base64':
      return values.map((v) => ({
        pattern: [btoa(bytesOf(literalOnly(v.pattern, 'base64'), v.bytes))],
        bytes: false,
      }));
    case 'base64offset':
      return values.flatMap((v) =>
        base64Offsets(bytesOf(literalOnly(v.pattern, 'base64offset'), v.bytes)).map((s) => ({
          pattern: [s],
          bytes: false,
        })),
      );
    case 'windash':
      return values.flatMap((v) => {
        // Each literal chunk varies independently; the pattern is their product.
        let out: Pattern[] = [[]];
        for (const part of v.pattern) {
          const options = typeof part === 'string' ? windashVariants(part) : [part];
          out = out.flatMap((prefix) => options.map((o) => [...prefix, o]));
          if (out.length > MAX_WINDASH_VARIANTS) {
            throw new TransformError(`windash expands to more than ${MAX_WINDASH_VARIANTS} values`);
          }
        }
        return out.map((pattern) => ({ pattern, bytes: v.bytes }));
      });
  }
}

/** The patterns a value stands for after its transforms, in order. No transforms: the value itself. */
export function expandTransforms(pattern: Pattern, transforms: readonly ValueTransform[]): Pattern[] {
  return expandToBytesOrText(pattern, transforms).patterns;
}

/** The same, saying whether the result is bytes (a UTF-16 encoding not followed by base64) rather than text. */
export function expandToBytesOrText(
  pattern: Pattern,
  transforms: readonly ValueTransform[],
): { patterns: Pattern[]; bytes: boolean } {
  let values: Expanded[] = [{ pattern, bytes: false }];
  for (const t of transforms) values = applyOne(values, t);
  return { patterns: values.map((v) => v.pattern), bytes: values.some((v) => v.bytes) };
}

/**
 * A predicate with value transforms as the plain predicate(s) they stand for: each value becomes the set of
 * its variants, any of which may match (under `all`, each value's set must match). What has no text form
 * (UTF-16 bytes not followed by base64, a transform on a non-string) is a TransformError for the printer
 * to report in its own words.
 */
export function expandPredicateTransforms(p: Predicate): Expr {
  const variantsOf = (v: Value): Value[] => {
    if (v.type !== 'string')
      throw new TransformError(`value transforms apply to strings, not to a ${v.type}`);
    const { patterns, bytes } = expandToBytesOrText(v.pattern, p.transforms);
    if (bytes) {
      throw new TransformError(
        `${p.transforms.join('|')} leaves UTF-16 bytes, which no text field holds: only base64 or base64offset after a UTF-16 encoding gives text`,
      );
    }
    return patterns.map((pattern): Value => ({ type: 'string', pattern }));
  };
  const { datePart: _datePart, pos: _pos, ...rest } = p;
  const plain = (values: Value[]): Predicate => ({ ...rest, values, matchAll: false, transforms: [] });
  if (p.matchAll && p.values.length > 1)
    return { kind: 'and', items: p.values.map((v) => plain(variantsOf(v))) };
  return plain(p.values.flatMap(variantsOf));
}
