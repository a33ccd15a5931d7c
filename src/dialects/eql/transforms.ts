/**
 * Sigma value transforms (base64, base64offset, utf16*, wide, windash) written out as the plain values they
 * stand for, because EQL has none of them. The expansions follow the Sigma specification as pySigma
 * implements it, so a rule converted here matches what the Sigma rule means.
 */
import type { Expr, Pattern, Predicate, Value, ValueTransform } from '../../ir/types.js';
import { literalText } from '../../ir/pattern.js';
import { and, or } from '../../ir/build.js';
import { RuleError } from '../../report/diagnostics.js';

type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'utf16';

function encode(text: string, encoding: Encoding): number[] {
  if (encoding === 'utf8') return [...new TextEncoder().encode(text)];
  const bytes: number[] = encoding === 'utf16' ? [0xff, 0xfe] : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (encoding === 'utf16be') bytes.push(unit >> 8, unit & 0xff);
    else bytes.push(unit & 0xff, unit >> 8);
  }
  return bytes;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i] as number, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/** The three encodings of `bytes` at each offset inside a longer base64 text, as Sigma base64offset defines them. */
function base64Offsets(bytes: number[]): string[] {
  const starts = [0, 2, 3];
  const ends = [0, 3, 2];
  return [0, 1, 2].map((i) => {
    const encoded = base64([...Array<number>(i).fill(0x20), ...bytes]);
    const end = ends[(bytes.length + i) % 3] as number;
    return encoded.slice(starts[i], end === 0 ? undefined : encoded.length - end);
  });
}

/** Every spelling of a command-line switch: `-x` and `/x` with the dashes Windows also accepts. */
const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];

function windash(pattern: Pattern): Pattern[] {
  let variants: Pattern[] = [[]];
  for (const part of pattern) {
    if (typeof part !== 'string') {
      variants = variants.map((v) => [...v, part]);
      continue;
    }
    // Split the chunk at each dash that starts a switch (not inside a word, before a word character).
    const pieces = part.split(/(?<![A-Za-z0-9_])([-/])(?=[A-Za-z0-9_])/);
    let chunkVariants = [''];
    pieces.forEach((piece, index) => {
      if (index % 2 === 0) chunkVariants = chunkVariants.map((v) => v + piece);
      else chunkVariants = chunkVariants.flatMap((v) => DASHES.map((d) => v + d));
    });
    variants = variants.flatMap((v) => chunkVariants.map((c) => [...v, c]));
  }
  return variants;
}

function needLiteral(pattern: Pattern, transform: ValueTransform, field: string): string {
  const text = literalText(pattern);
  if (text === null) {
    throw new RuleError({
      code: 'eql/transform',
      message: `${field}|${transform}: a value with wildcards cannot be encoded (the encoding of * is not a wildcard)`,
    });
  }
  return text;
}

/** The values one original value stands for once every transform is applied in order. */
function expandValue(value: Value, transforms: ValueTransform[], field: string): Pattern[] {
  if (value.type !== 'string') {
    throw new RuleError({
      code: 'eql/transform',
      message: `${field}|${transforms.join('|')} needs string values`,
    });
  }
  let patterns: Pattern[] = [value.pattern];
  let encoding: Encoding = 'utf8';
  for (const transform of transforms) {
    switch (transform) {
      case 'windash':
        patterns = patterns.flatMap(windash);
        break;
      case 'wide':
      case 'utf16le':
        encoding = 'utf16le';
        break;
      case 'utf16be':
        encoding = 'utf16be';
        break;
      case 'utf16':
        encoding = 'utf16';
        break;
      case 'base64':
        patterns = patterns.map((p) => [base64(encode(needLiteral(p, transform, field), encoding))]);
        encoding = 'utf8';
        break;
      case 'base64offset':
        patterns = patterns.flatMap((p) =>
          base64Offsets(encode(needLiteral(p, transform, field), encoding)).map((t) => [t]),
        );
        encoding = 'utf8';
        break;
    }
  }
  if (encoding !== 'utf8') {
    // A UTF-16 encoding not followed by base64 leaves bytes, not text: there is no EQL string for them.
    throw new RuleError({
      code: 'eql/transform',
      message: `${field}|${transforms.join('|')}: a UTF-16 encoding (wide/utf16*) is only printable when base64 or base64offset follows`,
    });
  }
  return patterns;
}

/** The predicate with its transforms written out as plain values (an `or` of the variants of each value). */
export function expandTransforms(p: Predicate): Expr {
  const field = p.field ?? '(keyword)';
  const perValue = p.values.map((value) => {
    const variants = expandValue(value, p.transforms, field);
    const values: Value[] = variants.map((pattern) => ({ type: 'string', pattern }));
    const plain: Predicate = { ...p, values, matchAll: false, transforms: [] };
    return plain as Expr;
  });
  if (perValue.length === 1) return perValue[0] as Expr;
  return p.matchAll ? and(perValue) : or(perValue);
}
