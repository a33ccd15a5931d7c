/**
 * Source text of a syntax node, reproduced from its tokens: comments dropped, every run of white space or
 * comment between two tokens written as one space, nothing added where the source had nothing. The result
 * is one line that lexes to the same tokens, so it can be printed back and read again to the same text.
 */
import type { IToken } from 'chevrotain';

export function tokenText(tokens: IToken[], start: number, end: number): string {
  const lo = firstTokenAt(tokens, start);
  let out = '';
  let previousEnd = -1;
  for (let i = lo; i < tokens.length; i++) {
    const tok = tokens[i] as IToken;
    if (tok.startOffset >= end) break;
    if (previousEnd >= 0 && tok.startOffset > previousEnd + 1) out += ' ';
    out += tok.image;
    previousEnd = tok.endOffset ?? tok.startOffset;
  }
  return out;
}

/** The index of the first token that starts at or after `offset` (tokens are in source order). */
export function firstTokenAt(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as IToken).startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
