/**
 * Field access on JSON events. A field name such as `process.parent.name` may be stored as nested objects
 * (`{process:{parent:{name}}}`), as one literal dotted key (`{"process.parent.name": …}`), or any mix of the
 * two (`{"process": {"parent.name": …}}`); all are tried, the longest literal key first. Arrays of objects on
 * the way are searched element-wise and their results collected (ECS multi-valued fields).
 */

import { scalars } from './values.js';

/** A field that the event does not have at all (as opposed to one present with the value null). */
export const MISSING: unique symbol = Symbol('missing');
export type FieldValue = unknown | typeof MISSING;

export type FieldReader = (event: unknown) => FieldValue;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Resolves parts[from…] below `node`; MISSING when no spelling of the path exists. */
function resolve(node: unknown, parts: string[], from: number): FieldValue {
  if (Array.isArray(node)) {
    const found: unknown[] = [];
    for (const item of scalars(node)) {
      const v = resolve(item, parts, from);
      if (v === MISSING) continue;
      if (Array.isArray(v)) found.push(...v);
      else found.push(v);
    }
    return found.length === 0 ? MISSING : found;
  }
  if (!isRecord(node)) return MISSING;
  for (let to = parts.length; to > from; to--) {
    const key = to === from + 1 ? (parts[from] as string) : parts.slice(from, to).join('.');
    if (!hasOwn.call(node, key)) continue;
    const child = node[key];
    if (to === parts.length) return child;
    const deeper = resolve(child, parts, to);
    if (deeper !== MISSING) return deeper;
  }
  return MISSING;
}

/** A reader for one field name, built once per predicate. */
export function fieldReader(field: string): FieldReader {
  const parts = field.split('.');
  if (parts.length === 1) {
    // The common case (Sigma's `Image`, KQL's `ProcessCommandLine`): one own-property lookup.
    return (event) => (isRecord(event) && hasOwn.call(event, field) ? event[field] : MISSING);
  }
  return (event) => resolve(event, parts, 0);
}

export function readField(event: unknown, field: string): FieldValue {
  return fieldReader(field)(event);
}

/** Every scalar leaf of an event (strings, numbers, booleans, null), for keyword searches. */
export function forEachLeaf(node: unknown, visit: (leaf: unknown) => boolean): boolean {
  // An explicit stack: events can be deeply nested, and recursion depth is not ours to spend.
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    } else if (isRecord(item)) {
      const values = Object.values(item);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    } else if (visit(item)) return true;
  }
  return false;
}
