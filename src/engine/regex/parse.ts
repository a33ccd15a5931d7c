/**
 * Parsers for the three regex flavours the IR carries, into one syntax tree:
 * - `pcre`: Sigma's `re` (restricted PCRE as pySigma and SIEM back ends read it; Python `re` syntax);
 * - `re2`: Kusto's `matches regex`;
 * - `lucene`: Elasticsearch EQL `regex`/`regex~` (Lucene RegExp: `\` quotes any character, `"…"` quotes a
 *   string, `^` and `$` are ordinary characters, no `\d`-style classes, no anchors or lookaround).
 * Anything whose meaning we do not implement (lookaround, back-references, Unicode property classes, Lucene's
 * optional operators) is an error, never a guess.
 */
import type { RegexFlags, RegexFlavour } from '../../ir/types.js';
import { EngineError } from '../errors.js';
import type { AssertKind, CharClass, Node } from './ast.js';

const MAX_CODE_POINT = 0x10ffff;
/** Groups nested deeper than this are refused: a hostile pattern must not exhaust the call stack. */
export const MAX_NESTING = 200;
/** Counted repetition bounds above this are refused (RE2 and Python refuse beyond similar limits). */
export const MAX_REPEAT = 1000;

const DIGIT: Array<[number, number]> = [[48, 57]];
const WORD: Array<[number, number]> = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
const SPACE: Array<[number, number]> = [
  [9, 13],
  [32, 32],
];

export function complement(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = normalizeRanges(ranges);
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

export function normalizeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

class Parser {
  private pos = 0;
  private depth = 0;
  /** Capturing groups seen so far. */
  groups = 0;
  /** Whether an RE2 `(?U)` flag made repeats lazy by default (which groups capture then differs). */
  ungreedy = false;
  private readonly chars: number[];

  constructor(
    private readonly source: string,
    private readonly flavour: RegexFlavour,
  ) {
    this.chars = Array.from(source, (c) => c.codePointAt(0) as number);
  }

  parse(flags: Flags): Node {
    const node = this.alternation({ ...flags });
    if (this.pos < this.chars.length) this.fail(`unbalanced ')'`);
    return node;
  }

  private fail(message: string): never {
    throw new EngineError('regex', `${this.flavour} regex /${this.source}/ at ${this.pos}: ${message}`);
  }

  private unsupported(what: string): never {
    throw new EngineError(
      'unsupported',
      `${this.flavour} regex /${this.source}/: ${what} is not supported by the evaluator`,
    );
  }

  private peek(offset = 0): number | undefined {
    return this.chars[this.pos + offset];
  }

  private peekChar(offset = 0): string {
    const c = this.peek(offset);
    return c === undefined ? '' : String.fromCodePoint(c);
  }

  private eat(text: string): boolean {
    const cps = Array.from(text, (c) => c.codePointAt(0) as number);
    for (let k = 0; k < cps.length; k++) if (this.chars[this.pos + k] !== cps[k]) return false;
    this.pos += cps.length;
    return true;
  }

  /** `flags` is shared along one alternation level, so an inline `(?i)` changes what follows it. */
  private alternation(flags: Flags): Node {
    const items: Node[] = [this.concatenation(flags)];
    while (this.peekChar() === '|') {
      this.pos++;
      items.push(this.concatenation(flags));
    }
    return items.length === 1 ? (items[0] as Node) : { t: 'alt', items };
  }

  private concatenation(flags: Flags): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peekChar();
      if (c === '' || c === '|' || c === ')') break;
      const atom = this.atom(flags);
      if (atom === null) continue;
      items.push(this.quantified(atom));
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { t: 'cat', items };
  }

  private quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const c = this.peekChar();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const counted = this.counted();
        if (!counted) return node;
        [min, max] = counted;
      } else return node;
      if (c !== '{') this.pos++;
      if (node.t === 'assert' && this.flavour !== 'lucene') this.fail('nothing to repeat');
      node = { t: 'repeat', item: node, min, max };
      if (this.flavour !== 'lucene') {
        // Lazy quantifiers select the same strings as greedy ones; only the match boundaries differ.
        if (this.peekChar() === '?') {
          this.pos++;
          node.lazy = true;
        } else if (this.peekChar() === '+') this.unsupported('a possessive quantifier');
        return node;
      }
    }
  }

  /** `{n}`, `{n,}`, `{n,m}`; null (and nothing consumed) when the brace is not a quantifier. */
  private counted(): [number, number] | null {
    const rest = this.source.slice(this.offsetOf(this.pos));
    const m = /^\{(\d*)(,(\d*))?\}/.exec(rest);
    if (!m || (m[1] === '' && (m[3] ?? '') === '') || (m[1] === '' && this.flavour !== 'pcre')) {
      if (this.flavour === 'lucene') this.fail(`'{' that is not a repetition`);
      return null;
    }
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
      throw new EngineError(
        'regex-too-large',
        `regex /${this.source}/: repetition count above ${MAX_REPEAT}`,
      );
    }
    if (max < min) this.fail(`repetition {${min},${max}} has max below min`);
    this.pos += Array.from(m[0]).length;
    return [min, max];
  }

  private offsetOf(cpIndex: number): number {
    let offset = 0;
    for (let k = 0; k < cpIndex; k++) offset += (this.chars[k] as number) > 0xffff ? 2 : 1;
    return offset;
  }

  private literal(cp: number, flags: Flags): Node {
    return { t: 'class', cls: { ranges: [[cp, cp]], negated: false, icase: flags.i } };
  }

  private cls(ranges: Array<[number, number]>, flags: Flags, negated = false): Node {
    return { t: 'class', cls: { ranges, negated, icase: flags.i } };
  }

  private atom(flags: Flags): Node | null {
    const c = this.peekChar();
    if (this.flavour === 'lucene') return this.luceneAtom(flags);
    switch (c) {
      case '(':
        return this.group(flags);
      case '[':
        return this.charClass(flags);
      case '.':
        this.pos++;
        return flags.s ? this.cls([[0, MAX_CODE_POINT]], flags) : this.cls([[10, 10]], flags, true);
      case '^':
        this.pos++;
        return { t: 'assert', kind: flags.m ? 'line-start' : 'text-start' };
      case '$':
        this.pos++;
        return {
          t: 'assert',
          kind: flags.m ? 'line-end' : this.flavour === 'pcre' ? 'text-end-newline' : 'text-end',
        };
      case '\\':
        return this.escape(flags);
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat');
      default:
        this.pos++;
        return this.literal(this.chars[this.pos - 1] as number, flags);
    }
  }

  private luceneAtom(flags: Flags): Node {
    const c = this.peekChar();
    switch (c) {
      case '(': {
        this.pos++;
        this.enter();
        const inner = this.alternation(flags);
        if (!this.eat(')')) this.fail(`missing ')'`);
        this.depth--;
        return inner;
      }
      case '[':
        return this.charClass(flags);
      case '.':
        this.pos++;
        return this.cls([[0, MAX_CODE_POINT]], flags);
      case '\\': {
        this.pos++;
        const next = this.peek();
        if (next === undefined) this.fail('a trailing backslash');
        this.pos++;
        return this.literal(next, flags);
      }
      case '"': {
        this.pos++;
        const items: Node[] = [];
        while (this.peekChar() !== '"') {
          if (this.peek() === undefined) this.fail('an unterminated "…" string');
          items.push(this.literal(this.chars[this.pos++] as number, flags));
        }
        this.pos++;
        return items.length === 0 ? { t: 'empty' } : { t: 'cat', items };
      }
      case '@':
      case '&':
      case '~':
      case '<':
      case '>':
      case '#':
        return this.unsupported(
          `Lucene's optional operator '${c}' (escape it with \\ to mean the character)`,
        );
      case '*':
      case '+':
      case '?':
      case '{':
        return this.fail('nothing to repeat');
      default:
        this.pos++;
        return this.literal(this.chars[this.pos - 1] as number, flags);
    }
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) {
      throw new EngineError('regex-too-large', `regex nests groups deeper than ${MAX_NESTING}`);
    }
  }

  private group(flags: Flags): Node | null {
    this.pos++; // (
    let scoped: Flags = flags;
    let capturing = true;
    if (this.eat('?')) {
      capturing = false;
      if (this.eat(':')) scoped = { ...flags };
      else if (
        this.eat('P<') ||
        (this.peekChar() === '<' && this.peekChar(1) !== '=' && this.peekChar(1) !== '!' && this.eat('<'))
      ) {
        while (this.peek() !== undefined && this.peekChar() !== '>') this.pos++;
        if (!this.eat('>')) this.fail('an unterminated group name');
        scoped = { ...flags };
        capturing = true;
      } else if (this.peekChar() === "'" && this.flavour === 'pcre') {
        this.pos++;
        while (this.peek() !== undefined && this.peekChar() !== "'") this.pos++;
        if (!this.eat("'")) this.fail('an unterminated group name');
        scoped = { ...flags };
        capturing = true;
      } else if (this.eat('#')) {
        while (this.peek() !== undefined && this.peekChar() !== ')') this.pos++;
        if (!this.eat(')')) this.fail('an unterminated comment');
        return null;
      } else if (
        /^[=!]/.test(this.peekChar()) ||
        this.source.slice(this.offsetOf(this.pos)).startsWith('<=') ||
        this.source.slice(this.offsetOf(this.pos)).startsWith('<!')
      ) {
        return this.unsupported('lookaround');
      } else if (this.peekChar() === '>') {
        return this.unsupported('an atomic group');
      } else if (this.peekChar() === 'P' && this.peekChar(1) === '=') {
        return this.unsupported('a back-reference');
      } else {
        // Inline flags: (?ims-ims) for the rest of the enclosing group, or (?ims-ims:…) for a group.
        const set: Partial<Flags> = {};
        let on = true;
        for (;;) {
          const f = this.peekChar();
          if (f === '-') on = false;
          else if (f === 'i' || f === 'm' || f === 's') set[f] = on;
          else if (f === 'U' && this.flavour === 're2') {
            // Ungreedy: no effect on which strings match, but on what groups capture.
            this.ungreedy = true;
          } else break;
          this.pos++;
        }
        if (this.eat(')')) {
          Object.assign(flags, set);
          return null;
        }
        if (!this.eat(':')) this.unsupported(`the group syntax (?${this.peekChar()}`);
        scoped = { ...flags, ...set };
      }
    } else scoped = { ...flags };
    // Groups are numbered by their opening parenthesis, before the groups inside them.
    const index = capturing ? ++this.groups : 0;
    this.enter();
    const inner = this.alternation(scoped);
    if (!this.eat(')')) this.fail(`missing ')'`);
    this.depth--;
    return capturing ? { t: 'group', index, item: inner } : inner;
  }

  private hex(digits: number): number {
    let value = 0;
    for (let k = 0; k < digits; k++) {
      const d = parseInt(this.peekChar(), 16);
      if (Number.isNaN(d)) this.fail('a bad hexadecimal escape');
      value = value * 16 + d;
      this.pos++;
    }
    return value;
  }

  /** An escape after `\`: a code point, a set of ranges, an assertion, or a literal run (`\Q…\E`). */
  private escapeBody(
    inClass: boolean,
  ): { cp: number } | { ranges: Array<[number, number]> } | { assert: AssertKind } | { text: number[] } {
    this.pos++; // backslash
    const c = this.peekChar();
    if (c === '') this.fail('a trailing backslash');
    this.pos++;
    switch (c) {
      case 'd':
        return { ranges: DIGIT };
      case 'D':
        return { ranges: complement(DIGIT) };
      case 'w':
        return { ranges: WORD };
      case 'W':
        return { ranges: complement(WORD) };
      case 's':
        return { ranges: SPACE };
      case 'S':
        return { ranges: complement(SPACE) };
      case 't':
        return { cp: 9 };
      case 'n':
        return { cp: 10 };
      case 'r':
        return { cp: 13 };
      case 'f':
        return { cp: 12 };
      case 'v':
        return { cp: 11 };
      case 'a':
        return { cp: 7 };
      case 'e':
        return { cp: 27 };
      case '0':
        return { cp: 0 };
      case 'x': {
        if (this.eat('{')) {
          let value = 0;
          while (this.peekChar() !== '}') {
            const d = parseInt(this.peekChar(), 16);
            if (Number.isNaN(d)) this.fail('a bad \\x{…} escape');
            value = value * 16 + d;
            this.pos++;
          }
          this.pos++;
          if (value > MAX_CODE_POINT) this.fail('a code point above U+10FFFF');
          return { cp: value };
        }
        return { cp: this.hex(2) };
      }
      case 'u':
        if (this.flavour === 'pcre') return { cp: this.hex(4) };
        return this.fail('\\u is not an escape in this flavour');
      case 'b':
        if (inClass) return { cp: 8 };
        return { assert: 'word-boundary' };
      case 'B':
        if (inClass) this.fail('\\B inside a class');
        return { assert: 'not-word-boundary' };
      case 'A':
        if (inClass) this.fail('\\A inside a class');
        return { assert: 'text-start' };
      case 'z':
      case 'Z':
        if (inClass) this.fail(`\\${c} inside a class`);
        return { assert: 'text-end' };
      case 'Q': {
        // \Q…\E quotes a run of characters (RE2 and PCRE; Python has no such escape and rejects it).
        const text: number[] = [];
        while (this.peek() !== undefined && !(this.peekChar() === '\\' && this.peekChar(1) === 'E'))
          text.push(this.chars[this.pos++] as number);
        if (this.peek() !== undefined) this.pos += 2;
        return { text };
      }
      case 'p':
      case 'P':
        return this.unsupported('a Unicode property class (\\p, \\P)');
      default:
        if (/[1-9]/.test(c)) return this.unsupported('a back-reference');
        if (/[A-Za-z]/.test(c)) return this.fail(`unknown escape \\${c}`);
        return { cp: this.chars[this.pos - 1] as number };
    }
  }

  private escape(flags: Flags): Node {
    const body = this.escapeBody(false);
    if ('cp' in body) return this.literal(body.cp, flags);
    if ('ranges' in body) return this.cls(body.ranges, flags);
    if ('assert' in body) return { t: 'assert', kind: body.assert };
    const items = body.text.map((cp) => this.literal(cp, flags));
    return items.length === 0 ? { t: 'empty' } : { t: 'cat', items };
  }

  private charClass(flags: Flags): Node {
    this.pos++; // [
    const negated = this.eat('^');
    const ranges: Array<[number, number]> = [];
    let first = true;
    for (;;) {
      const c = this.peekChar();
      if (c === '') this.fail(`missing ']'`);
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peekChar(1) === ':' && this.flavour !== 'lucene')
        this.unsupported('a POSIX class [:name:]');
      const lo = this.classAtom();
      if ('ranges' in lo) {
        ranges.push(...lo.ranges);
        continue;
      }
      if (this.peekChar() === '-' && this.peekChar(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const hi = this.classAtom();
        if ('ranges' in hi) this.fail('a class shorthand as a range end');
        if (hi.cp < lo.cp) this.fail('a range out of order');
        ranges.push([lo.cp, hi.cp]);
      } else ranges.push([lo.cp, lo.cp]);
    }
    return this.cls(normalizeRanges(ranges), flags, negated);
  }

  private classAtom(): { cp: number } | { ranges: Array<[number, number]> } {
    if (this.peekChar() === '\\') {
      if (this.flavour === 'lucene') {
        this.pos++;
        const next = this.peek();
        if (next === undefined) this.fail('a trailing backslash');
        this.pos++;
        return { cp: next };
      }
      const body = this.escapeBody(true);
      if ('assert' in body || 'text' in body) this.fail('an assertion inside a class');
      return body as { cp: number } | { ranges: Array<[number, number]> };
    }
    return { cp: this.chars[this.pos++] as number };
  }
}

export function parseRegex(source: string, flavour: RegexFlavour, flags: RegexFlags): Node {
  return new Parser(source, flavour).parse({ i: flags.i, m: flags.m, s: flags.s });
}

/** The tree with the number of its capturing groups, for extraction; `(?U)` is refused there. */
export function parseCapturing(
  source: string,
  flavour: RegexFlavour,
  flags: RegexFlags,
): { tree: Node; groups: number } {
  const parser = new Parser(source, flavour);
  const tree = parser.parse({ i: flags.i, m: flags.m, s: flags.s });
  if (parser.ungreedy) {
    throw new EngineError(
      'unsupported',
      `${flavour} regex /${source}/: captures under (?U) are not supported`,
    );
  }
  return { tree, groups: parser.groups };
}

export type { CharClass };
