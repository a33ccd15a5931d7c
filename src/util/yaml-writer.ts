/**
 * A small YAML writer for rule documents. js-yaml's dumper cannot choose a quoting style per node, and rule
 * files have a house style (4-space indents, list items indented under their key, detection values in single
 * quotes), so the layout is ours and so is the choice of plain, quoted or block style for each scalar.
 */
export type YNode = YScalar | YSeq | YMap;

export interface YScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** 'quoted': always a quoted string; 'auto': plain where YAML allows it; 'date': also a plain YYYY-MM-DD. */
  style: 'quoted' | 'auto' | 'date';
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  /** Written inline as `[a, b]`. */
  flow?: boolean;
}

export interface YMap {
  kind: 'map';
  entries: [string, YNode][];
}

export const scalar = (value: YScalar['value'], style: YScalar['style'] = 'auto'): YScalar => ({
  kind: 'scalar',
  value,
  style,
});
export const quoted = (value: string): YScalar => ({ kind: 'scalar', value, style: 'quoted' });
export const seq = (items: YNode[]): YSeq => ({ kind: 'seq', items });
export const map = (entries: [string, YNode][]): YMap => ({ kind: 'map', entries });

const INDENT = 4;
const PADS = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));
const spaces = (n: number): string => PADS[n] ?? ' '.repeat(n);
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.|\-/\\()@$ ]*$/;
// Printable in a single-quoted scalar: no control characters, no line separators, no BOM, no lone surrogates.
const SINGLE_QUOTABLE = /^[^\p{Cc}\u2028\u2029\uFEFF\p{Cs}]*$/u;

function writeKey(key: string): string {
  return PLAIN_KEY.test(key) && !key.endsWith(' ') ? key : singleQuoted(key);
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

/**
 * For printable-ASCII text starting with a letter (most titles, descriptions and references), whether it may
 * be plain as far as its characters go: no `: `, no ` #`, no trailing space or colon. In one pass; undefined
 * for other text, which takes the general checks.
 */
function plainLetterText(text: string): boolean | undefined {
  let ok = true;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
    if ((previous === 0x3a && c === 0x20) || (previous === 0x20 && c === 0x23)) ok = false;
    previous = c;
  }
  return ok && previous !== 0x20 && previous !== 0x3a;
}

/** Whether a string can be written without quotes and still read back as the same string. */
export function isPlainSafe(text: string, allowDate = false): boolean {
  if (text === '') return false;
  // Fast path for the usual title or reference: starts with a letter, printable ASCII, no `: ` or ` #`.
  const first = text.charCodeAt(0);
  if ((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a)) {
    const fast = plainLetterText(text);
    if (fast !== undefined) return fast && (text.length > 5 || !NOT_A_STRING.test(text));
  }
  if (text !== text.trim()) return false;
  if (INDICATOR_START.test(text) || text.endsWith(':')) return false;
  if (text.includes(': ') || text.includes(' #') || text.includes(':\t')) return false;
  if (!PLAIN_TEXT.test(text) || text.includes('\t')) return false;
  if (NOT_A_STRING.test(text)) return false;
  return allowDate
    ? !TIMESTAMP.test(text) || /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)
    : !TIMESTAMP.test(text);
}

/** A literal block scalar (`|`, `|-`, `|+`) for multi-line text, or null where one cannot hold the text. */
function literalBlock(text: string): string | null {
  if (!PLAIN_TEXT.test(text.replace(/\n/g, '')) || text.includes('\r')) return null;
  const firstContent = text.split('\n').find((line) => line !== '');
  if (firstContent === undefined || /^[ \t]/.test(firstContent)) return null;
  const body = text.replace(/\n+$/, '');
  const trailing = text.length - body.length;
  const indicator = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
  const lines = (trailing > 1 ? text.slice(0, -1) : body).split('\n');
  return indicator + '\n' + lines.map((line) => (line === '' ? '' : ' '.repeat(INDENT) + line)).join('\n');
}

/** A scalar's text; may span several lines (block scalars), whose later lines carry no indentation yet. */
function writeScalar(node: YScalar): string {
  const { value } = node;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
    return String(value);
  }
  if (node.style === 'quoted') return quotedString(value);
  if (isPlainSafe(value, node.style === 'date')) return value;
  if (value.includes('\n')) return literalBlock(value) ?? doubleQuoted(value);
  return quotedString(value);
}

/*
 * The writer appends to one string as it walks the tree: no array of lines, no per-line temporaries to join.
 * Converting a corpus spends a large share of its time here, so the walk avoids closures and intermediate
 * strings. Every line ends in a newline.
 */
let parts: string[] = [];

/** Appends a scalar after `head`; a block scalar's later lines are shifted under the key (empty lines stay empty). */
function appendScalar(head: string, node: YScalar, column: number): void {
  const text = writeScalar(node);
  if (!text.includes('\n')) {
    parts.push(head, ' ', text, '\n');
    return;
  }
  const pad = spaces(column);
  const lines = text.split('\n');
  parts.push(head, ' ', lines[0] as string, '\n');
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] !== '') parts.push(pad, lines[i] as string);
    parts.push('\n');
  }
}

function writeEntries(entries: [string, YNode][], column: number, firstPrefix?: string): void {
  const pad = spaces(column);
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i] as [string, YNode];
    writeValue((i === 0 && firstPrefix !== undefined ? firstPrefix : pad) + writeKey(key) + ':', value, column);
  }
}

/** Writes `head` (a key and colon, or a list dash) followed by the node, nested content below `column`. */
function writeValue(head: string, value: YNode, column: number): void {
  if (value.kind === 'scalar') appendScalar(head, value, column);
  else if (value.kind === 'seq') {
    if (value.items.length === 0) parts.push(head, ' []\n');
    else if (value.flow && value.items.every((i) => i.kind === 'scalar')) {
      parts.push(head, ' [', value.items.map((i) => writeScalar(i as YScalar)).join(', '), ']\n');
    } else {
      parts.push(head, '\n');
      writeItems(value.items, column + INDENT);
    }
  } else if (value.entries.length === 0) parts.push(head, ' {}\n');
  else {
    parts.push(head, '\n');
    writeEntries(value.entries, column + INDENT);
  }
}

function writeItems(items: YNode[], column: number): void {
  const pad = spaces(column);
  for (const item of items) {
    if (item.kind === 'map' && item.entries.length > 0) writeEntries(item.entries, column + 2, pad + '- ');
    else if (item.kind === 'seq' && item.items.length > 0) {
      parts.push(pad, '-\n');
      writeItems(item.items, column + INDENT);
    } else writeValue(pad + '-', item, column + 2);
  }
}

/** One YAML document (a top-level map), ending in a newline. */
export function writeDocument(root: YMap): string {
  if (root.entries.length === 0) return '\n';
  parts = [];
  writeEntries(root.entries, 0);
  const text = parts.join('');
  parts = [];
  return text;
}

/** Several documents, separated by `---`. */
export function writeDocuments(roots: YMap[]): string {
  return roots.map(writeDocument).join('---\n');
}
