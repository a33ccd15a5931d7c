import type {
  AndExpr,
  Expr,
  NotExpr,
  OrExpr,
  Predicate,
  PredicateOp,
  RuleMeta,
  Value,
  ValueTransform,
} from './types.js';
import { literal } from './pattern.js';

export function and(items: Expr[], label?: string): AndExpr {
  return label === undefined ? { kind: 'and', items } : { kind: 'and', items, label };
}

export function or(items: Expr[], label?: string): OrExpr {
  return label === undefined ? { kind: 'or', items } : { kind: 'or', items, label };
}

/** What holds when every item does: true for none, the item itself for one. */
export function allOf(items: Expr[]): Expr {
  return items.length === 0
    ? { kind: 'const', value: true }
    : items.length === 1
      ? (items[0] as Expr)
      : and(items);
}

/** What holds when some item does: false for none, the item itself for one. */
export function anyOf(items: Expr[]): Expr {
  return items.length === 0
    ? { kind: 'const', value: false }
    : items.length === 1
      ? (items[0] as Expr)
      : or(items);
}

export function not(item: Expr, label?: string): NotExpr {
  return label === undefined ? { kind: 'not', item } : { kind: 'not', item, label };
}

export function str(text: string): Value {
  return { type: 'string', pattern: literal(text) };
}

export function num(value: number): Value {
  return { type: 'number', value };
}

export interface PredicateInit {
  field: string | null;
  op: PredicateOp;
  values?: Value[];
  matchAll?: boolean;
  cased?: boolean;
  transforms?: ValueTransform[];
}

export function predicate(init: PredicateInit): Predicate {
  return {
    kind: 'predicate',
    field: init.field,
    op: init.op,
    values: init.values ?? [],
    matchAll: init.matchAll ?? false,
    cased: init.cased ?? false,
    transforms: init.transforms ?? [],
  };
}

export function emptyMeta(title: string): RuleMeta {
  return {
    title,
    authors: [],
    references: [],
    related: [],
    tags: [],
    attack: { tactics: [], techniques: [] },
    falsePositives: [],
    extensions: {},
  };
}
