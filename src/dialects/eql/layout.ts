/**
 * Layout of printed EQL conditions: a small tree of what to print (decided by print.ts) laid out on lines
 * of at most WIDTH characters, the way Elastic's own rules read: a condition that fits stays on one line;
 * a longer one breaks after `and` / `or`, nested groups indent by two, long value lists wrap inside their
 * parentheses.
 */

export const WIDTH = 100;

/** Binding strength, loosest first: a child binding looser than its context gets parentheses. */
export const Prec = { Or: 1, And: 2, Not: 3, Atom: 4 } as const;
/** Context of the items of an `or`: an `and` among them gets parentheses, for the reader's sake. */
const OR_ITEM = 2.5;
/** How tightly the context binds; a child that binds more loosely is parenthesised. */
export type Context = number;

export type Layout =
  | { k: 'junction'; op: 'and' | 'or'; items: Layout[] }
  | { k: 'not'; item: Layout }
  /** `head (v1, v2, …)` when `list` is set, else just `head`. */
  | { k: 'atom'; head: string; list?: string[] };

function itemContext(node: Extract<Layout, { k: 'junction' }>): Context {
  return node.op === 'or' ? OR_ITEM : Prec.And;
}

function prec(node: Layout): number {
  return node.k === 'junction'
    ? node.op === 'or'
      ? Prec.Or
      : Prec.And
    : node.k === 'not'
      ? Prec.Not
      : Prec.Atom;
}

function pad(n: number): string {
  return ' '.repeat(n);
}

/** One-line rendering. */
export function flat(node: Layout, context: Context = Prec.Or): string {
  let text: string;
  switch (node.k) {
    case 'atom':
      text = node.list ? `${node.head} (${node.list.join(', ')})` : node.head;
      break;
    case 'not':
      text = `not ${flat(node.item, Prec.Not)}`;
      break;
    case 'junction': {
      const context = itemContext(node);
      text = node.items.map((i) => flat(i, context)).join(` ${node.op} `);
      break;
    }
  }
  return prec(node) < context ? `(${text})` : text;
}

/**
 * Renders `node` starting at column `column` (where the text will begin), continuation lines at `indent`.
 */
export function render(node: Layout, column: number, indent: number, context: Context = Prec.Or): string {
  const one = flat(node, context);
  if (column + one.length <= WIDTH) return one;
  const parens = prec(node) < context;
  if (parens) {
    // `(` then the content on its own lines, two deeper, then `)` back at the indent.
    return `(\n${pad(indent + 2)}${render(node, indent + 2, indent + 2, Prec.Or)}\n${pad(indent)})`;
  }
  switch (node.k) {
    case 'atom':
      return node.list ? renderList(node.head, node.list, indent) : node.head;
    case 'not':
      return `not ${render(node.item, column + 4, indent, Prec.Not)}`;
    case 'junction':
      return renderJunction(node, column, indent);
  }
}

function renderJunction(node: Extract<Layout, { k: 'junction' }>, column: number, indent: number): string {
  const childContext = itemContext(node);
  let out = '';
  let col = column;
  node.items.forEach((item, index) => {
    const suffix = index === node.items.length - 1 ? '' : ` ${node.op}`;
    const one = flat(item, childContext) + suffix;
    if (index > 0) {
      if (col + 1 + one.length <= WIDTH) {
        out += ' ';
        col += 1;
      } else {
        out += `\n${pad(indent)}`;
        col = indent;
      }
    }
    if (col + one.length <= WIDTH) {
      out += one;
      col += one.length;
      return;
    }
    // Too long even on a line of its own: lay it out over several lines.
    const text = render(item, col, indent, childContext) + suffix;
    out += text;
    col = text.includes('\n') ? text.length - text.lastIndexOf('\n') - 1 : col + text.length;
  });
  return out;
}

/** `head (` then the items filling lines two deeper than `indent`, then `)` on a line of its own. */
function renderList(head: string, items: string[], indent: number): string {
  const inner = indent + 2;
  let out = `${head} (\n${pad(inner)}`;
  let col = inner;
  items.forEach((item, index) => {
    const text = item + (index === items.length - 1 ? '' : ',');
    if (index > 0) {
      if (col + 1 + text.length <= WIDTH) {
        out += ' ';
        col += 1;
      } else {
        out += `\n${pad(inner)}`;
        col = inner;
      }
    }
    out += text;
    col += text.length;
  });
  return `${out}\n${pad(indent)})`;
}
