/**
 * A loader for the part of YAML that Sigma rules are written in, returning exactly what
 * `jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA })` returns (js-yaml 4.3), or `undefined`
 * when the text leaves that part: the caller then loads it with js-yaml, which also reports any error.
 *
 * Covered: block mappings and sequences (compact `- key: value` and `- - item` included, and a sequence at
 * its key's indentation), single-line flow sequences and mappings of scalars, plain, single-quoted and
 * double-quoted scalars (multi-line ones folded as js-yaml folds them, every js-yaml escape), literal and
 * folded block scalars with chomping and indentation indicators, comments, `---` between documents, a
 * leading byte-order mark and CRLF line ends, and the core schema's implicit types (null, booleans, integers
 * in bases 2, 8, 10 and 16, floats, `.inf`, `.nan`), keys converted to strings as js-yaml converts them.
 *
 * Given up on (`undefined`): anchors, aliases, tags, directives, explicit `?` keys, flow collections that
 * span lines or hold pairs in a sequence, collections as keys, duplicate keys, `__proto__`, `...`, tabs,
 * lone carriage returns, characters js-yaml calls non-printable (and U+0085), and every construct js-yaml
 * rejects or reads in one of its own ways (text after a value on the same line, lines indented deeper than
 * their collection, a plain scalar continued onto a line holding `: `, …). Any unexpected failure inside the
 * loader also gives up. Correctness comes first: when in doubt, give up.
 *
 * test/sigma/fast-yaml.test.ts holds it to js-yaml over the SigmaHQ corpus, js-yaml's own dumps, random
 * texts and randomly edited rules.
 */

const LF = 0x0a;
const SPACE = 0x20;
const QUOTE_DOUBLE = 0x22;
const HASH = 0x23;
const QUOTE_SINGLE = 0x27;
const PLUS = 0x2b;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const GREATER = 0x3e;
const QUESTION = 0x3f;
const BRACKET_OPEN = 0x5b;
const BACKSLASH = 0x5c;
const BRACKET_CLOSE = 0x5d;
const BRACE_OPEN = 0x7b;
const PIPE = 0x7c;
const BRACE_CLOSE = 0x7d;
const TILDE = 0x7e;

/** Deeper than any Sigma rule, and well below js-yaml's own limit of 100 nested nodes. */
const MAX_DEPTH = 64;

/**
 * Whether the character at `p`, code `c` (neither printable ASCII nor a line feed), is one this loader reads:
 * not a control character (tabs included: js-yaml treats them specially in indentation and separation),
 * U+0085, U+FFFE or U+FFFF, nor half of a surrogate pair without its other half. Every character of a text
 * passes through one of the loops that read content (scalars, comments) or is a structural one the loader
 * checks by value, so those loops ask this of what is not printable ASCII rather than a scan of the whole
 * text beforehand.
 */
function isReadableAt(s: string, p: number, c: number): boolean {
  if (c < 0xa0) return false;
  if (c < 0xd800) return true;
  if (c < 0xdc00) return isLowSurrogate(s.charCodeAt(p + 1));
  if (c < 0xe000) return isHighSurrogate(s.charCodeAt(p - 1));
  return c < 0xfffe;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Outside printable ASCII (a line feed too: callers have dealt with it already). */
function isNotPrintableAscii(c: number): boolean {
  return c < SPACE || c > TILDE;
}

const LONE_CR = /\r(?!\n)/;
const CRLF = /\r\n/g;
const BLANK_LINE = /^ *\n$/;

/** Thrown to give up; caught in `fastLoadAll`. */
const GIVE_UP = new Error('fast-yaml: outside the supported subset');

function giveUp(): never {
  throw GIVE_UP;
}

/** js-yaml's `simpleEscapeSequence`: the one-character escapes of double-quoted scalars. */
const SIMPLE_ESCAPES: (string | undefined)[] = [];
for (const [c, v] of [
  ['0', '\x00'],
  ['a', '\x07'],
  ['b', '\x08'],
  ['t', '\x09'],
  ['\t', '\x09'],
  ['n', '\x0A'],
  ['v', '\x0B'],
  ['f', '\x0C'],
  ['r', '\x0D'],
  ['e', '\x1B'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
  ['N', '\x85'],
  ['_', '\xA0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
] as const) {
  SIMPLE_ESCAPES[c.charCodeAt(0)] = v;
}

function fromHexCode(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lc = c | 0x20;
  if (lc >= 0x61 && lc <= 0x66) return lc - 0x61 + 10;
  return -1;
}

/** js-yaml's `charFromCodepoint`, overflow included. */
function charFromCodepoint(c: number): string {
  if (c <= 0xffff) return String.fromCharCode(c);
  return String.fromCharCode(((c - 0x010000) >> 10) + 0xd800, ((c - 0x010000) & 0x03ff) + 0xdc00);
}

/** Past the end of the text, where `charCodeAt` gives NaN. */
function isEnd(c: number): boolean {
  return c !== c;
}

function isWsOrEol(c: number): boolean {
  return c === SPACE || c === LF;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === BRACKET_OPEN || c === BRACKET_CLOSE || c === BRACE_OPEN || c === BRACE_CLOSE;
}

// ---- The core schema's implicit types, as js-yaml resolves them (null, bool, int, float, in this order) ----

function isDecCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** js-yaml's `resolveYamlInteger` (without underscores, as in js-yaml 4.3). */
function resolveInt(data: string): boolean {
  const max = data.length;
  let index = 0;
  let hasDigits = false;
  if (!max) return false;
  let ch = data[index];
  if (ch === '-' || ch === '+') ch = data[++index];
  if (ch === '0') {
    if (index + 1 === max) return true;
    ch = data[++index];
    if (ch === 'b') {
      index++;
      for (; index < max; index++) {
        ch = data[index];
        if (ch !== '0' && ch !== '1') return false;
        hasDigits = true;
      }
      return hasDigits && Number.isFinite(parseInt_(data));
    }
    if (ch === 'x') {
      index++;
      for (; index < max; index++) {
        if (fromHexCode(data.charCodeAt(index)) < 0) return false;
        hasDigits = true;
      }
      return hasDigits && Number.isFinite(parseInt_(data));
    }
    if (ch === 'o') {
      index++;
      for (; index < max; index++) {
        const c = data.charCodeAt(index);
        if (!(c >= 0x30 && c <= 0x37)) return false;
        hasDigits = true;
      }
      return hasDigits && Number.isFinite(parseInt_(data));
    }
  }
  for (; index < max; index++) {
    if (!isDecCode(data.charCodeAt(index))) return false;
    hasDigits = true;
  }
  if (!hasDigits) return false;
  return Number.isFinite(parseInt_(data));
}

/** js-yaml's `parseYamlInteger`. */
function parseInt_(data: string): number {
  let value = data;
  let sign = 1;
  let ch = value[0];
  if (ch === '-' || ch === '+') {
    if (ch === '-') sign = -1;
    value = value.slice(1);
    ch = value[0];
  }
  if (value === '0') return 0;
  if (ch === '0') {
    if (value[1] === 'b') return sign * parseInt(value.slice(2), 2);
    if (value[1] === 'x') return sign * parseInt(value.slice(2), 16);
    if (value[1] === 'o') return sign * parseInt(value.slice(2), 8);
  }
  return sign * parseInt(value, 10);
}

const YAML_FLOAT_PATTERN =
  /^(?:[-+]?(?:[0-9]+)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML_FLOAT_SPECIAL_PATTERN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function resolveFloat(data: string): boolean {
  if (!YAML_FLOAT_PATTERN.test(data)) return false;
  if (Number.isFinite(parseFloat(data))) return true;
  return YAML_FLOAT_SPECIAL_PATTERN.test(data);
}

function constructFloat(data: string): number {
  let value = data.toLowerCase();
  const sign = value[0] === '-' ? -1 : 1;
  if ('+-'.indexOf(value[0] as string) >= 0) value = value.slice(1);
  if (value === '.inf') return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === '.nan') return NaN;
  return sign * parseFloat(value);
}

/** A plain scalar's value under js-yaml's core schema. */
export function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  switch (c) {
    case 0x6e: // n
      return text === 'null' ? null : text;
    case 0x4e: // N
      return text === 'Null' || text === 'NULL' ? null : text;
    case 0x7e: // ~
      return text.length === 1 ? null : text;
    case 0x74: // t
      return text === 'true' ? true : text;
    case 0x54: // T
      return text === 'True' || text === 'TRUE' ? true : text;
    case 0x66: // f
      return text === 'false' ? false : text;
    case 0x46: // F
      return text === 'False' || text === 'FALSE' ? false : text;
    case PLUS:
    case DASH:
    case DOT:
      break;
    default:
      if (!isDecCode(c)) return text;
  }
  if (resolveInt(text)) return parseInt_(text);
  if (resolveFloat(text)) return constructFloat(text);
  return text;
}

// ---- The loader ----

/** How the first line of a plain scalar ends. */
const enum Stop {
  /** At `: ` or `:` before the line end: the scalar is a key. */
  Key,
  /** At ` #`. */
  Comment,
  /** At the line end. */
  Eol,
}

class Loader {
  /** The text; it ends with a line feed, and reading past it gives NaN (`isEnd`). */
  private readonly s: string;
  private readonly length: number;
  private pos = 0;
  /** Where the current line starts. */
  private lineStart = 0;
  /** The spaces that begin the current line (js-yaml's `lineIndent`). */
  private indent = 0;
  private depth = 0;
  /** Set by `scanPlainLine`: where the line stopped, and just after its last non-space character. */
  private scanStop = 0;
  private scanEnd = 0;
  /**
   * Entries of the block sequences being read, innermost last, up to `stackTop`. Entries above it are stale,
   * overwritten by the next sequence (and gone with the loader, which reads one text): shortening the array
   * instead would let V8 free its storage, only to allocate it again for the next sequence.
   */
  private readonly stack: unknown[] = [];
  private stackTop = 0;

  constructor(text: string) {
    this.s = text;
    this.length = text.length;
  }

  documents(): unknown[] {
    const s = this.s;
    const docs: unknown[] = [];
    while (s.charCodeAt(this.pos) === SPACE) {
      this.pos++;
      this.indent++;
    }
    while (this.pos < this.length - 1) docs.push(this.document());
    return docs;
  }

  private document(): unknown {
    const s = this.s;
    this.skipSeparation();
    let c = s.charCodeAt(this.pos);
    if (this.pos !== this.lineStart + this.indent) giveUp();
    if (this.indent === 0 && c === DASH && s.startsWith('---', this.pos)) {
      // js-yaml takes `---` for a marker here whatever follows it; this loader only where a space or line end does
      if (!this.atDocumentMarker()) giveUp();
      const markerLine = this.lineStart;
      this.pos += 3;
      this.skipSeparation();
      c = s.charCodeAt(this.pos);
      if (!isEnd(c) && this.lineStart === markerLine) giveUp(); // content after `---`
    }
    let value: unknown = null;
    if (!isEnd(c) && !(this.pos === this.lineStart && this.atDocumentMarker())) {
      value = this.node(this.indent - 1, true);
      this.skipSeparation();
      c = s.charCodeAt(this.pos);
    }
    if (isEnd(c)) return value;
    if (this.pos !== this.lineStart + this.indent) giveUp();
    if (this.pos === this.lineStart && this.atDocumentMarker() && c === DASH) return value;
    return giveUp();
  }

  /** `---` or `...` followed by a space, a line end or the end of the text. */
  private atDocumentMarker(): boolean {
    const s = this.s;
    const p = this.pos;
    const c = s.charCodeAt(p);
    if ((c !== DASH && c !== DOT) || s.charCodeAt(p + 1) !== c || s.charCodeAt(p + 2) !== c) return false;
    const after = s.charCodeAt(p + 3);
    return after === SPACE || after === LF || isEnd(after);
  }

  /** Spaces, comments and line ends (js-yaml's `skipSeparationSpace` with comments allowed). */
  private skipSeparation(): void {
    const s = this.s;
    let p = this.pos;
    let c = s.charCodeAt(p);
    for (;;) {
      while (c === SPACE) c = s.charCodeAt(++p);
      if (c === HASH) {
        p = this.skipComment(p);
        c = s.charCodeAt(p);
      }
      if (c !== LF) break;
      this.lineStart = ++p;
      let indent = 0;
      c = s.charCodeAt(p);
      while (c === SPACE) {
        indent++;
        c = s.charCodeAt(++p);
      }
      this.indent = indent;
    }
    this.pos = p;
  }

  /** Past a comment whose `#` is at `p`: the position of the line feed (or the end) that ends it. */
  private skipComment(p: number): number {
    const s = this.s;
    let c = s.charCodeAt(++p);
    while (c !== LF && !isEnd(c)) {
      if (isNotPrintableAscii(c) && !isReadableAt(s, p, c)) giveUp();
      c = s.charCodeAt(++p);
    }
    return p;
  }

  /**
   * The node at `pos` (a non-space character that starts content). `parentIndent` is the indentation of the
   * collection holding it; block collections are only read where `collections` allows them.
   */
  private node(parentIndent: number, collections: boolean): unknown {
    if (++this.depth > MAX_DEPTH) giveUp();
    const s = this.s;
    const start = this.pos;
    const c = s.charCodeAt(start);
    const next = s.charCodeAt(start + 1);
    let value: unknown;
    switch (c) {
      case DASH:
        if (isWsOrEol(next)) {
          if (!collections) giveUp();
          value = this.blockSequence(start - this.lineStart);
        } else value = this.plainOrMapping(parentIndent, collections);
        break;
      case QUOTE_SINGLE:
      case QUOTE_DOUBLE: {
        const line = this.lineStart;
        value = this.quoted(c);
        if (collections && this.lineStart === line) {
          let p = this.pos;
          while (s.charCodeAt(p) === SPACE) p++;
          if (s.charCodeAt(p) === COLON) {
            if (!isWsOrEol(s.charCodeAt(p + 1))) giveUp();
            this.pos = p + 1;
            value = this.blockMapping(start - line, this.mappingKey(value as string), line);
          }
        }
        break;
      }
      case BRACKET_OPEN:
      case BRACE_OPEN: {
        value = this.flowCollection();
        if (collections) {
          let p = this.pos;
          while (s.charCodeAt(p) === SPACE) p++;
          if (s.charCodeAt(p) === COLON) giveUp(); // a collection as a key
        }
        break;
      }
      case PIPE:
      case GREATER:
        value = this.blockScalar(parentIndent + 1);
        break;
      case QUESTION:
      case COLON:
        if (isWsOrEol(next)) giveUp();
        value = this.plainOrMapping(parentIndent, collections);
        break;
      default:
        if (!canStartPlain(c)) giveUp();
        value = this.plainOrMapping(parentIndent, collections);
    }
    this.depth--;
    return value;
  }

  /**
   * Reads one line of a plain scalar in block context from `p`: it stops at `: `, at ` #` or at the line
   * end. Sets `scanStop` and `scanEnd`.
   */
  private scanPlainLine(p: number): Stop {
    const s = this.s;
    let end = p;
    let stop: Stop;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c >= SPACE && c <= TILDE) {
        if (c === COLON) {
          const n = s.charCodeAt(p + 1);
          if (n === SPACE || n === LF) {
            stop = Stop.Key;
            break;
          }
        } else if (c === HASH && s.charCodeAt(p - 1) === SPACE) {
          stop = Stop.Comment;
          break;
        }
      } else if (c === LF || isEnd(c)) {
        stop = Stop.Eol;
        break;
      } else if (!isReadableAt(s, p, c)) giveUp();
      p++;
      if (c !== SPACE) end = p;
    }
    this.scanStop = p;
    this.scanEnd = end;
    return stop;
  }

  /** A plain scalar, or the block mapping it is the first key of. */
  private plainOrMapping(parentIndent: number, collections: boolean): unknown {
    const s = this.s;
    const start = this.pos;
    let stop = this.scanPlainLine(start);
    let p = this.scanStop;
    let end = this.scanEnd;
    if (stop === Stop.Key) {
      if (!collections) giveUp();
      const line = this.lineStart;
      this.pos = p + 1;
      return this.blockMapping(start - line, this.plainKey(start, end), line);
    }
    let text = s.slice(start, end);
    if (stop === Stop.Eol) {
      // Continuation lines: more indented than the parent collection, as js-yaml's readPlainScalar reads them.
      const nodeIndent = parentIndent + 1;
      while (s.charCodeAt(p) === LF) {
        let q = p;
        let breaks = 0;
        let lineStart = q;
        let indent = 0;
        let c: number;
        do {
          q++;
          breaks++;
          lineStart = q;
          indent = 0;
          c = s.charCodeAt(q);
          while (c === SPACE) {
            indent++;
            c = s.charCodeAt(++q);
          }
        } while (c === LF);
        if (isEnd(c) || indent < nodeIndent || c === HASH) break;
        if (q === lineStart) {
          const save = this.pos;
          this.pos = q;
          const marker = this.atDocumentMarker();
          this.pos = save;
          if (marker) break;
        }
        stop = this.scanPlainLine(q);
        p = this.scanStop;
        if (stop === Stop.Key) giveUp();
        text += (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)) + s.slice(q, this.scanEnd);
        end = this.scanEnd;
        this.lineStart = lineStart;
        this.indent = indent;
        if (stop === Stop.Comment) break;
      }
    }
    this.pos = end;
    return resolvePlain(text);
  }

  /** A key's string, as js-yaml makes one of a scalar; gives up where js-yaml would not simply store it. */
  private mappingKey(key: unknown): string {
    const text = String(key);
    if (text === '__proto__') giveUp();
    return text;
  }

  /** A key at `pos`, at the start of a line that continues a block mapping, and its `:`. */
  private nextKey(): string {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    let key: unknown;
    if (c === QUOTE_SINGLE || c === QUOTE_DOUBLE) {
      const line = this.lineStart;
      key = this.quoted(c);
      if (this.lineStart !== line) giveUp();
      let p = this.pos;
      while (s.charCodeAt(p) === SPACE) p++;
      if (s.charCodeAt(p) !== COLON || !isWsOrEol(s.charCodeAt(p + 1))) giveUp();
      this.pos = p + 1;
    } else {
      const next = s.charCodeAt(this.pos + 1);
      if (!canStartPlain(c) || ((c === DASH || c === QUESTION || c === COLON) && isWsOrEol(next))) giveUp();
      const start = this.pos;
      if (this.scanPlainLine(start) !== Stop.Key) giveUp();
      this.pos = this.scanStop + 1;
      return this.plainKey(start, this.scanEnd);
    }
    return this.mappingKey(key);
  }

  /** The key written plain at `s[start..end)`. */
  private plainKey(start: number, end: number): string {
    return this.mappingKey(resolvePlain(this.s.slice(start, end)));
  }

  /** A block mapping whose first key has been read (`pos` is just after its `:`). */
  private blockMapping(mapIndent: number, firstKey: string, firstLine: number): Record<string, unknown> {
    const s = this.s;
    const result: Record<string, unknown> = {};
    let key = firstKey;
    let keyLine = firstLine;
    for (;;) {
      const value = this.mappingValue(mapIndent);
      if (Object.hasOwn(result, key)) giveUp(); // js-yaml: duplicated mapping key
      result[key] = value;
      this.skipSeparation();
      const c = s.charCodeAt(this.pos);
      if (isEnd(c)) break;
      if (this.lineStart === keyLine || this.pos !== this.lineStart + this.indent) giveUp();
      if (this.indent > mapIndent) giveUp();
      if (this.indent < mapIndent) break;
      if (this.pos === this.lineStart && this.atDocumentMarker()) {
        if (c === DOT) giveUp();
        break;
      }
      keyLine = this.lineStart;
      key = this.nextKey();
    }
    return result;
  }

  /** The value after a key's `:` (`pos` is just after it). */
  private mappingValue(mapIndent: number): unknown {
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === SPACE) c = s.charCodeAt(++this.pos);
    if (c !== LF && c !== HASH) return this.node(mapIndent, false);
    this.skipSeparation();
    c = s.charCodeAt(this.pos);
    if (isEnd(c)) return null;
    if (this.indent > mapIndent) return this.node(mapIndent, true);
    if (this.indent === mapIndent && c === DASH && isWsOrEol(s.charCodeAt(this.pos + 1))) {
      return this.blockSequence(mapIndent);
    }
    return null;
  }

  /** A block sequence whose first `-` is at `pos`. */
  private blockSequence(seqIndent: number): unknown[] {
    const s = this.s;
    // Entries gather on a stack shared by all sequences (nested ones above this one's), then leave it as an
    // array of their exact number.
    const stack = this.stack;
    const base = this.stackTop;
    for (;;) {
      const entryLine = this.lineStart;
      let c = s.charCodeAt(++this.pos);
      while (c === SPACE) c = s.charCodeAt(++this.pos);
      if (c === LF || c === HASH) {
        this.skipSeparation();
        c = s.charCodeAt(this.pos);
        if (isEnd(c) || this.indent <= seqIndent) {
          // An empty entry. js-yaml goes on reading entries here whatever the indentation.
          stack[this.stackTop++] = null;
          if (isEnd(c)) break;
          if (this.indent < seqIndent) giveUp();
          if (c === DASH && isWsOrEol(s.charCodeAt(this.pos + 1))) continue;
          break;
        }
      }
      const value = this.node(seqIndent, true);
      stack[this.stackTop++] = value;
      this.skipSeparation();
      c = s.charCodeAt(this.pos);
      if (isEnd(c)) break;
      if (this.lineStart === entryLine || this.pos !== this.lineStart + this.indent) giveUp();
      if (this.indent > seqIndent) giveUp();
      if (this.indent < seqIndent) break;
      if (c !== DASH || !isWsOrEol(s.charCodeAt(this.pos + 1))) break;
    }
    const result = stack.slice(base, this.stackTop);
    this.stackTop = base;
    return result;
  }

  /** Line ends and the spaces around them inside a quoted scalar; returns how many line ends. */
  private skipBreaks(): number {
    const s = this.s;
    let p = this.pos;
    let breaks = 0;
    let c = s.charCodeAt(p);
    for (;;) {
      while (c === SPACE) c = s.charCodeAt(++p);
      if (c !== LF) break;
      breaks++;
      this.lineStart = ++p;
      let indent = 0;
      c = s.charCodeAt(p);
      while (c === SPACE) {
        indent++;
        c = s.charCodeAt(++p);
      }
      this.indent = indent;
    }
    this.pos = p;
    return breaks;
  }

  /** A single- or double-quoted scalar (js-yaml's readSingleQuotedScalar / readDoubleQuotedScalar). */
  private quoted(quote: number): string {
    const s = this.s;
    let p = this.pos + 1;
    let result = '';
    let captureStart = p;
    let captureEnd = p;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === quote) {
        result += s.slice(captureStart, p);
        p++;
        if (quote === QUOTE_SINGLE && s.charCodeAt(p) === QUOTE_SINGLE) {
          captureStart = p;
          p++;
          captureEnd = p;
          continue;
        }
        this.pos = p;
        return result;
      }
      if (c === BACKSLASH && quote === QUOTE_DOUBLE) {
        result += s.slice(captureStart, p);
        const e = s.charCodeAt(++p);
        if (e !== LF && isNotPrintableAscii(e) && !isReadableAt(s, p, e)) giveUp();
        if (e === LF) {
          this.pos = p;
          this.skipBreaks();
          p = this.pos;
          if (p === this.lineStart && this.atDocumentMarker()) giveUp();
        } else if (e < 256 && SIMPLE_ESCAPES[e] !== undefined) {
          result += SIMPLE_ESCAPES[e];
          p++;
        } else {
          let hexLength = e === 0x78 ? 2 : e === 0x75 ? 4 : e === 0x55 ? 8 : 0;
          if (hexLength === 0) giveUp();
          let code = 0;
          for (; hexLength > 0; hexLength--) {
            const h = fromHexCode(s.charCodeAt(++p));
            if (h < 0) giveUp();
            code = (code << 4) + h;
          }
          result += charFromCodepoint(code);
          p++;
        }
        captureStart = captureEnd = p;
        continue;
      }
      if (c === LF) {
        result += s.slice(captureStart, captureEnd);
        this.pos = p;
        const breaks = this.skipBreaks();
        result += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
        p = this.pos;
        if (p === this.lineStart && this.atDocumentMarker()) giveUp();
        captureStart = captureEnd = p;
        continue;
      }
      if (isEnd(c) || (isNotPrintableAscii(c) && !isReadableAt(s, p, c))) giveUp();
      p++;
      if (c !== SPACE) captureEnd = p;
    }
  }

  /** A literal or folded block scalar (js-yaml's readBlockScalar); `nodeIndent` as js-yaml passes it. */
  private blockScalar(nodeIndent: number): string {
    const s = this.s;
    const folding = s.charCodeAt(this.pos) === GREATER;
    let p = this.pos;
    let chomping = 1; // 1 clip, 2 strip, 3 keep
    let detectedIndent = false;
    let textIndent = nodeIndent;
    let emptyLines = 0;
    let atMoreIndented = false;
    let didReadContent = false;
    let result = '';
    let c: number;
    for (;;) {
      c = s.charCodeAt(++p);
      if (c === PLUS || c === DASH) {
        if (chomping !== 1) giveUp();
        chomping = c === PLUS ? 3 : 2;
      } else if (isDecCode(c)) {
        const width = c - 0x30;
        if (width === 0 || detectedIndent) giveUp();
        textIndent = nodeIndent + width - 1;
        detectedIndent = true;
      } else break;
    }
    if (c === SPACE) {
      do c = s.charCodeAt(++p);
      while (c === SPACE);
      if (c === HASH) {
        p = this.skipComment(p);
        c = s.charCodeAt(p);
      }
    }
    if (c !== LF) giveUp();
    let indent = 0;
    while (!isEnd(c)) {
      this.lineStart = ++p; // past the line end
      indent = 0;
      c = s.charCodeAt(p);
      while ((!detectedIndent || indent < textIndent) && c === SPACE) {
        indent++;
        c = s.charCodeAt(++p);
      }
      if (!detectedIndent && indent > textIndent) textIndent = indent;
      if (c === LF) {
        emptyLines++;
        continue;
      }
      if (!detectedIndent && textIndent === 0) giveUp();
      if (indent < textIndent) {
        if (chomping === 3) result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        else if (chomping === 1 && didReadContent) result += '\n';
        break;
      }
      if (folding) {
        if (c === SPACE) {
          atMoreIndented = true;
          result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          result += '\n'.repeat(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) result += ' ';
        } else {
          result += '\n'.repeat(emptyLines);
        }
      } else {
        result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      }
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const captureStart = p;
      while (c !== LF && !isEnd(c)) {
        if (isNotPrintableAscii(c) && !isReadableAt(s, p, c)) giveUp();
        c = s.charCodeAt(++p);
      }
      result += s.slice(captureStart, p);
    }
    this.pos = p;
    this.indent = indent;
    return result;
  }

  /** A flow sequence or mapping that ends on the line it starts on. */
  private flowCollection(): unknown[] | Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) giveUp();
    const s = this.s;
    const isMapping = s.charCodeAt(this.pos) === BRACE_OPEN;
    const terminator = isMapping ? BRACE_CLOSE : BRACKET_CLOSE;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    let readNext = true;
    this.pos++;
    for (;;) {
      let c = this.skipSpaces();
      if (c === terminator) {
        this.pos++;
        this.depth--;
        return isMapping ? map : list;
      }
      if (!readNext || c === COMMA) giveUp();
      const key = this.flowNode();
      c = this.skipSpaces();
      let value: unknown = null;
      if (c === COLON) {
        if (!isMapping) giveUp(); // a single-pair mapping inside a sequence
        this.pos++;
        c = this.skipSpaces();
        if (c !== COMMA && c !== terminator) value = this.flowNode();
      }
      if (isMapping) {
        if (typeof key === 'object' && key !== null) giveUp();
        const name = this.mappingKey(key);
        if (Object.hasOwn(map, name)) giveUp();
        map[name] = value;
      } else list.push(key);
      c = this.skipSpaces();
      if (c === COMMA) {
        readNext = true;
        this.pos++;
      } else readNext = false;
    }
  }

  /** Spaces inside a flow collection; gives up where it would go on past the line. */
  private skipSpaces(): number {
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === SPACE) c = s.charCodeAt(++this.pos);
    if (c === LF || c === HASH || isEnd(c)) giveUp();
    return c;
  }

  /** One node inside a flow collection. */
  private flowNode(): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === BRACKET_OPEN || c === BRACE_OPEN) return this.flowCollection();
    if (c === QUOTE_SINGLE || c === QUOTE_DOUBLE) {
      const line = this.lineStart;
      const value = this.quoted(c);
      if (this.lineStart !== line) giveUp();
      return value;
    }
    const next = s.charCodeAt(this.pos + 1);
    if (!canStartPlain(c)) giveUp();
    if ((c === DASH || c === QUESTION || c === COLON) && (isWsOrEol(next) || isFlowIndicator(next))) giveUp();
    const start = this.pos;
    let p = start;
    let end = start;
    for (;;) {
      const ch = s.charCodeAt(p);
      if (ch === COLON) {
        const n = s.charCodeAt(p + 1);
        if (isWsOrEol(n) || isFlowIndicator(n)) break;
      } else if (ch === HASH) {
        if (s.charCodeAt(p - 1) === SPACE) giveUp(); // a comment: the collection goes on past the line
      } else if (isFlowIndicator(ch)) {
        break;
      } else if (ch === LF || isEnd(ch) || (isNotPrintableAscii(ch) && !isReadableAt(s, p, ch))) {
        giveUp();
      }
      p++;
      if (ch !== SPACE) end = p;
    }
    this.pos = end;
    return resolvePlain(s.slice(start, end));
  }
}

/** Characters that may start a plain scalar (js-yaml's readPlainScalar; `-`, `?` and `:` are checked apart). */
function canStartPlain(c: number): boolean {
  switch (c) {
    case SPACE:
    case LF:
    case COMMA:
    case BRACKET_OPEN:
    case BRACKET_CLOSE:
    case BRACE_OPEN:
    case BRACE_CLOSE:
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case PIPE:
    case GREATER:
    case QUOTE_SINGLE:
    case QUOTE_DOUBLE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
      return false;
    default:
      return !isEnd(c);
  }
}

/**
 * The documents of a YAML text, exactly as `jsYaml.loadAll(text, undefined, { schema: CORE_SCHEMA })`
 * returns them, or `undefined` where this loader does not cover the text (js-yaml must then load it).
 */
export function fastLoadAll(text: string): unknown[] | undefined {
  if (text.length !== 0) {
    const last = text.charCodeAt(text.length - 1);
    if (last !== LF && last !== 0x0d) text += '\n';
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  if (text.indexOf('\r') !== -1) {
    if (LONE_CR.test(text)) return undefined;
    text = text.replace(CRLF, '\n');
    // js-yaml reads a document (null) from spaces and a CRLF, but none from spaces and a line feed.
    if (BLANK_LINE.test(text)) return undefined;
  }
  try {
    return new Loader(text).documents();
  } catch {
    return undefined;
  }
}
