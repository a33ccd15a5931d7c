/** The syntax tree shared by the three regex flavours once parsed. Code points, not UTF-16 units. */

/** Inclusive code point ranges; `negated` inverts; `icase` also tries the other case of the input. */
export interface CharClass {
  ranges: Array<[number, number]>;
  negated: boolean;
  icase: boolean;
}

export type AssertKind =
  | 'line-start' // ^ with multiline
  | 'text-start' // ^ without multiline, \A
  | 'line-end' // $ with multiline
  | 'text-end' // \z, RE2 $ without multiline, Python \Z
  | 'text-end-newline' // PCRE/Python $ without multiline: end, or before a final \n
  | 'word-boundary'
  | 'not-word-boundary';

export type Node =
  | { t: 'class'; cls: CharClass }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  /** `lazy`: prefers fewer repetitions (`*?`); which strings match is the same, only captures differ. */
  | { t: 'repeat'; item: Node; min: number; max: number; lazy?: boolean }
  /** A capturing group, numbered from 1 by its opening parenthesis; matching sees through it. */
  | { t: 'group'; index: number; item: Node }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'empty' };
