/**
 * A small YAML writer for rule documents. js-yaml's dumper cannot choose a quoting style per node, and rule
 * files have a house style (4-space indents, list items indented under their key, detection values in single
 * quotes), so the layout is ours and so is the choice of plain, quoted or block style for each scalar.
 *
 * The printer writes a document from top to bottom through a `YamlWriter`, which appends each line to one
 * string as it goes: no tree of nodes is built and walked, and no array of pieces is joined. Converting a
 * corpus spends a large share of its time here, so the writer avoids closures and intermediate strings.
 */
export type Scalar = string | number | boolean | null;

/** 'quoted': a string always quoted; 'auto': plain where YAML allows it; 'date': also a plain YYYY-MM-DD. */
export type ScalarStyle = 'quoted' | 'auto' | 'date';

const INDENT = 4;
const PADS = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));
const spaces = (n: number): string => PADS[n] ?? ' '.repeat(n);
// Printable in a single-quoted scalar: no control characters, no line separators, no BOM, no lone surrogates.
const SINGLE_QUOTABLE = /^[^\p{Cc}\u2028\u2029\uFEFF\p{Cs}]*$/u;
/** Anything but printable ASCII other than `'`: text without it goes between single quotes as it is. */
const NOT_SIMPLY_QUOTABLE = /[^\x20-\x26\x28-\x7e]/;

/** ASCII characters a plain key may start with (KEY_START) or go on with (KEY_REST). */
const KEY_START = 1;
const KEY_REST = 2;
const KEY_CHARS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_') {
  KEY_CHARS[c.charCodeAt(0)] = KEY_START | KEY_REST;
}
for (const c of '.|-/\\()@$ ') KEY_CHARS[c.charCodeAt(0)] = KEY_REST;

/**
 * Whether a key can be written plain: a letter, digit or `_`, then those and `.|-/\()@$` and spaces, not
 * ending in a space. A loop over a table: keys are short and many, and a regex costs more to call than to
 * run.
 */
function isPlainKey(key: string): boolean {
  const length = key.length;
  const first = key.charCodeAt(0);
  if (length === 0 || first >= 128 || (KEY_CHARS[first] & KEY_START) === 0) return false;
  for (let i = 1; i < length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 128 || (KEY_CHARS[c] & KEY_REST) === 0) return false;
  }
  return key.charCodeAt(length - 1) !== 0x20;
}

function writeKey(key: string): string {
  return isPlainKey(key) ? key : singleQuoted(key);
}

function singleQuoted(text: string): string {
  return text.includes("'") ? `'${text.replace(/'/g, "''")}'` : `'${text}'`;
}

/** YAML double-quoted form: every character outside printable text escaped. */
export function doubleQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else out += char;
  }
  return out + '"';
}

/** Whether every character is printable ASCII: the common case, checked without a Unicode regex. */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** A string in quotes: single ones where they can hold it, else double ones with escapes. */
function quotedString(text: string): string {
  return isPrintableAscii(text) || SINGLE_QUOTABLE.test(text) ? singleQuoted(text) : doubleQuoted(text);
}

// What YAML 1.1 readers (PyYAML, which pySigma uses) or 1.2 readers would take for something other than a
// string if written plain: null, booleans (yes/no/on/off too), numbers in every base, sexagesimals, merge keys.
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|<<|=|[-+]?(?:\.?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
const PLAIN_TEXT = /^[^\p{Cc}\u2028\u2029\uFEFF\p{Cs}\u0085]*$/u;
/** Most titles, descriptions and references: a letter, then printable ASCII. */
const LETTER_THEN_ASCII = /^[A-Za-z][\x20-\x7e]*$/;
const DIGIT_THEN_WORD = /^[0-9][0-9A-Za-z._-]*$/;
/** What ends a plain scalar early inside a line: a `: ` (a key) or a ` #` (a comment). */
const PLAIN_BREAK = /: | #/;

/** Whether a string can be written without quotes and still read back as the same string. */
export function isPlainSafe(text: string, allowDate = false): boolean {
  if (text === '') return false;
  // Fast path for the usual title or reference, in two native scans: starts with a letter, printable
  // ASCII, no `: ` or ` #`, no trailing space or colon. Only words of up to five letters can be a YAML 1.1
  // boolean or null.
  if (LETTER_THEN_ASCII.test(text)) {
    const last = text.charCodeAt(text.length - 1);
    if (last === 0x20 || last === 0x3a || PLAIN_BREAK.test(text)) return false;
    return text.length > 5 || !NOT_A_STRING.test(text);
  }
  // Ids and dates (a digit, then letters, digits, `.`, `_` and `-`) pass the checks on characters: only
  // their type is left to check.
  if (!DIGIT_THEN_WORD.test(text)) {
    if (text !== text.trim()) return false;
    if (INDICATOR_START.test(text) || text.endsWith(':')) return false;
    if (text.includes(': ') || text.includes(' #') || text.includes(':\t')) return false;
    if (!PLAIN_TEXT.test(text) || text.includes('\t')) return false;
  }
  if (NOT_A_STRING.test(text)) return false;
  return allowDate
    ? !TIMESTAMP.test(text) || /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)
    : !TIMESTAMP.test(text);
}

/** What plain text cannot hold, line feeds apart: nor can a literal block. */
const NOT_IN_BLOCK = /[^\P{Cc}\n]|[\u2028\u2029\uFEFF\p{Cs}]/u;
/** The start of a line that is not empty, where a block's indentation goes. */
const CONTENT_LINE_START = /^(?=.)/gm;

/**
 * Multi-line text as a literal block scalar after its key: the indicator (`|-`, `|` or `|+` as no, one or
 * several line feeds end the text), then its lines `pad` deep, empty lines left empty (trailing spaces would
 * be content to some readers). Null where a block cannot hold the text: characters plain text cannot hold, a
 * first line that starts with a space (it would read as indentation), or nothing but line feeds.
 */
function literalBlock(text: string, pad: string): string | null {
  // Checked on the text without its line feeds, which may join two halves of a character; the text as it
  // is passes the same check for nearly every block, without a copy.
  if (NOT_IN_BLOCK.test(text) && !PLAIN_TEXT.test(text.replace(/\n/g, ''))) return null;
  let first = 0;
  while (text.charCodeAt(first) === 0x0a) first++;
  if (first === text.length || text.charCodeAt(first) === 0x20) return null;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 0x0a) end--;
  const trailing = text.length - end;
  const indicator = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
  // Under `|+` every line feed is content but the one that ends the last line. The text holds no line
  // terminator but the line feed (plain text has none), so `.` is any character of a line.
  const body = text.slice(0, trailing > 1 ? text.length - 1 : end);
  return ' ' + indicator + '\n' + body.replace(CONTENT_LINE_START, pad) + '\n';
}

/**
 * What starts a list item's line at each column a list reaches: its dash; the dash and a space, before a
 * plain scalar or the first key of a map; the dash, a space and a quote, before a single-quoted scalar.
 */
const DASHES = PADS.map((pad) => pad + '-');
const ITEM_LEADS = PADS.map((pad) => pad + '- ');
const QUOTED_ITEM_LEADS = PADS.map((pad) => pad + "- '");
const dashAt = (column: number): string => DASHES[column] ?? spaces(column) + '-';
const itemLead = (column: number): string => ITEM_LEADS[column] ?? spaces(column) + '- ';
const quotedItemLead = (column: number): string => QUOTED_ITEM_LEADS[column] ?? spaces(column) + "- '";

/** How a string is written: plain, between single quotes as it is, or in one of the rarer ways. */
const enum Form {
  Plain,
  Quoted,
  Other,
}

function formOf(value: string, style: ScalarStyle): Form {
  if (style !== 'quoted' && isPlainSafe(value, style === 'date')) return Form.Plain;
  // Detection values are quoted, nearly all of them printable ASCII without a quote: one scan for those.
  return NOT_SIMPLY_QUOTABLE.test(value) ? Form.Other : Form.Quoted;
}

/**
 * The rest of a line after a key (`: value`, `colon` set) or after a dash (` value`): the scalar in its
 * style, then the line end; a block scalar's lines follow, `column + INDENT` deep.
 */
function scalarTail(value: Scalar, style: ScalarStyle, column: number, colon: boolean): string {
  const separator = colon ? ': ' : ' ';
  if (typeof value !== 'string') return separator + nonStringText(value) + '\n';
  const form = formOf(value, style);
  if (form === Form.Plain) return separator + value + '\n';
  if (form === Form.Quoted) return (colon ? ": '" : " '") + value + "'\n";
  return otherTail(value, style, column, colon);
}

/** The same for a string of `Form.Other`: a literal block for multi-line text, else quotes with escapes. */
function otherTail(value: string, style: ScalarStyle, column: number, colon: boolean): string {
  if (style !== 'quoted' && value.includes('\n')) {
    const pad = spaces(column + INDENT);
    return (colon ? ':' : '') + (literalBlock(value, pad) ?? ' ' + doubleQuoted(value) + '\n');
  }
  return (colon ? ': ' : ' ') + quotedString(value) + '\n';
}

/** A number, boolean or null as YAML writes it. */
function nonStringText(value: number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  return String(value);
}

/** A value written as a scalar: anything but an object or array (undefined is written as null). */
function isScalar(value: unknown): value is Scalar | undefined {
  return value === null || typeof value !== 'object';
}

/** An object with an own enumerable key (what `Object.keys` lists), found without building the list. */
function isNonEmptyMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

/**
 * Writes YAML documents top to bottom. A document is a map at column 0; a map or list below a key is written
 * INDENT deeper, its list items' content 2 deeper than their dash. Every line ends in a newline.
 */
export class YamlWriter {
  /** The text so far. V8 holds the appended pieces as a rope and joins them once, when the text is read. */
  private out = '';
  /** The column of a `- ` whose map's first key goes on the dash's line (`itemMap`), or -1. */
  private dash = -1;
  private documents = 0;

  /** Starts a document: after the first, a `---` line separates it from the one before. */
  document(): void {
    if (this.documents++ > 0) this.out += '---\n';
  }

  /** `key: value` at `column`. */
  scalar(column: number, key: string, value: Scalar, style: ScalarStyle = 'auto'): void {
    this.out += this.lead(column) + writeKey(key) + scalarTail(value, style, column, true);
  }

  /** `key:` alone: a non-empty map or list follows, which the caller writes INDENT deeper. */
  open(column: number, key: string): void {
    this.out += this.lead(column) + writeKey(key) + ':\n';
  }

  /** `- value` at `column`. */
  item(column: number, value: Scalar, style: ScalarStyle = 'auto'): void {
    // The usual items take three pieces, the dash and what follows it coming from a table: every piece is a
    // string for V8 to allocate, and a corpus prints hundreds of thousands of items.
    if (typeof value !== 'string') {
      this.out += dashAt(column) + scalarTail(value, style, column + 2, false);
      return;
    }
    const form = formOf(value, style);
    if (form === Form.Plain) this.out += itemLead(column) + value + '\n';
    else if (form === Form.Quoted) this.out += quotedItemLead(column) + value + "'\n";
    else this.out += dashAt(column) + otherTail(value, style, column + 2, false);
  }

  /** A list item that is a non-empty map, written next at `column + 2`, its first key on the dash's line. */
  itemMap(column: number): void {
    this.dash = column;
  }

  /** `key:` and a list of strings below it, or `key: []`. */
  strings(column: number, key: string, items: readonly string[]): void {
    this.list(column, key, items, 'auto');
  }

  /** `key:` and a list of scalars below it, or `key: []`. */
  list(column: number, key: string, items: readonly Scalar[], style: ScalarStyle): void {
    if (items.length === 0) {
      this.out += this.lead(column) + writeKey(key) + ': []\n';
      return;
    }
    this.open(column, key);
    for (let i = 0; i < items.length; i++) this.item(column + INDENT, items[i] as Scalar, style);
  }

  /** `key:` and a map of scalars below it, or `key: {}`. */
  map(column: number, key: string, entries: readonly [string, Scalar][], style: ScalarStyle = 'auto'): void {
    if (entries.length === 0) {
      this.out += this.lead(column) + writeKey(key) + ': {}\n';
      return;
    }
    this.open(column, key);
    for (const [k, v] of entries) this.scalar(column + INDENT, k, v, style);
  }

  /** `- ` and any JSON-like value, as `any` writes one. */
  anyItem(column: number, value: unknown): void {
    this.anyItems([value], column);
  }

  /**
   * `key:` and any JSON-like value (custom fields, a log source as the rule had it): objects as maps, arrays
   * as lists, undefined as null, scalars plain where they can be.
   */
  any(column: number, key: string, value: unknown): void {
    if (isScalar(value)) this.scalar(column, key, value ?? null);
    else {
      this.out += this.lead(column) + writeKey(key) + ':';
      this.collection(value as object, column);
    }
  }

  /** Everything written so far. */
  text(): string {
    return this.out;
  }

  /** The spaces a key's line starts with, or the pending `- ` of a map that is a list item. */
  private lead(column: number): string {
    if (this.dash < 0) return spaces(column);
    const lead = itemLead(this.dash);
    this.dash = -1;
    return lead;
  }

  /** What follows a key's `:` or an item's `-` for a list or a map: `[]`, `{}`, or the content below. */
  private collection(value: object, column: number): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.out += ' []\n';
      else {
        this.out += '\n';
        this.anyItems(value, column + INDENT);
      }
    } else if (!isNonEmptyMap(value)) this.out += ' {}\n';
    else {
      this.out += '\n';
      this.anyEntries(value, column + INDENT);
    }
  }

  private anyEntries(map: Record<string, unknown>, column: number): void {
    for (const key of Object.keys(map)) this.any(column, key, map[key]);
  }

  private anyItems(items: unknown[], column: number): void {
    for (const item of items) {
      if (isNonEmptyMap(item)) {
        this.itemMap(column);
        this.anyEntries(item, column + 2);
      } else if (Array.isArray(item) && item.length > 0) {
        this.out += dashAt(column) + '\n';
        this.anyItems(item, column + INDENT);
      } else if (isScalar(item)) this.item(column, item ?? null);
      else {
        this.out += dashAt(column);
        this.collection(item as object, column + 2);
      }
    }
  }
}
