/**
 * TOML text for the templates: smol-toml writes the values (escaping is its job), and multi-line strings are
 * turned into `'''` literal blocks the way detection-rules writes queries and notes, when that is exact.
 */
import { stringify } from 'smol-toml';

const MARK = '\u2063rulestone-multiline-';

function literalBlockFits(value: string): boolean {
  // A literal block cannot hold `'''`, control characters other than tab and newline, a CR, or end in a quote.
  return (
    value.includes('\n') &&
    !value.includes("'''") &&
    !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value) &&
    !value.endsWith("'")
  );
}

function mark(value: unknown, blocks: string[]): unknown {
  if (typeof value === 'string') {
    if (!literalBlockFits(value)) return value;
    blocks.push(value);
    return `${MARK}${blocks.length - 1}`;
  }
  if (Array.isArray(value)) return value.map((v) => mark(v, blocks));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v, blocks)]));
  }
  return value;
}

/** `[name]` and its contents (sub-tables and arrays of tables included); '' for an empty or absent table. */
export function tomlTable(name: string, table: unknown): string {
  if (table === null || typeof table !== 'object' || Object.keys(table).length === 0) return '';
  const blocks: string[] = [];
  let out = stringify({ [name]: mark(table, blocks) });
  out = out.replace(new RegExp(`"${MARK}(\\d+)"`, 'g'), (_, i: string) => `'''\n${blocks[Number(i)]}'''`);
  return out.trimEnd() + '\n';
}
