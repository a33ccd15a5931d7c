import {
  LineCounter,
  isMap,
  isSeq,
  isScalar,
  parseAllDocuments,
  type Node as YamlNode,
  type Pair,
} from 'yaml';

export type LocatePath = (string | number)[];

/**
 * Turns a path into a YAML document (keys and list indexes) into a 1-based line and column.
 *
 * The fast loader (js-yaml) keeps no positions, so this second parser runs only when there is something to
 * report. Special last segments: `@key` points at the key of the preceding segment rather than its value;
 * `@offset:N` moves N characters into a single-line scalar (a position inside a condition string). The
 * deepest node that exists is used when the path runs past the document.
 */
export function createLocator(
  text: string,
): (document: number, path: LocatePath) => { line: number; column: number } {
  let parsed: { docs: ReturnType<typeof parseAllDocuments>; lines: LineCounter } | undefined;
  return (document, path) => {
    if (!parsed) {
      const lines = new LineCounter();
      const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
      parsed = { docs: Array.isArray(docs) ? docs : [], lines };
    }
    const doc = parsed.docs[document];
    if (!doc) return { line: 1, column: 1 };
    let node: unknown = doc.contents;
    let offset = firstOffset(node) ?? 0;
    let extra = 0;
    for (const segment of path) {
      if (typeof segment === 'string' && segment.startsWith('@offset:')) {
        extra = Number(segment.slice('@offset:'.length));
        const source = isScalar(node) && node.source !== undefined ? String(node.source) : '';
        const quoted = isScalar(node) && (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE');
        if (quoted) extra += 1;
        if (source.includes('\n')) extra = 0;
        continue;
      }
      if (segment === '@key') continue;
      const pair = childPair(node, segment);
      if (pair === undefined) break;
      const keyOffset = firstOffset(pair.key);
      const isLast = path[path.length - 1] === '@key' && path[path.length - 2] === segment;
      node = pair.value;
      const valueOffset = firstOffset(node);
      offset = (isLast ? keyOffset : (valueOffset ?? keyOffset)) ?? offset;
    }
    const { line, col } = parsed.lines.linePos(offset + extra);
    return { line, column: col };
  };
}

function firstOffset(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** The key/value pair (maps) or a synthetic pair (lists) for one path segment. */
function childPair(
  node: unknown,
  segment: string | number,
): Pair<unknown, unknown> | { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    return node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: item, value: item };
  }
  return undefined;
}
