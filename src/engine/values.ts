/**
 * How event values (arbitrary JSON) are seen by the comparisons. One place decides the coercions so that
 * every operator agrees: strings are compared as text; numbers and booleans compare as text through their
 * canonical spelling (`4688` matches the pattern `'4688'`); a number in the rule matches a number or a numeric
 * string (`'4688'` in the event matches `EventID: 4688`).
 */

/** The text a string comparison sees for one scalar value, or undefined when it has none (null, objects). */
export function textOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      return undefined;
  }
}

const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|0[xX][0-9a-fA-F]+)\s*$/;

/** The number a numeric comparison sees: numbers, and strings that spell a decimal or 0x number. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/**
 * Calls `test` on each scalar of a possibly multi-valued field (nested arrays flattened): any match wins.
 * Iterative, so a hostile event with arrays nested thousands deep cannot exhaust the call stack.
 */
export function anyScalar(value: unknown, test: (scalar: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return test(value);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    } else if (test(item)) return true;
  }
  return false;
}

/** Every scalar of a value, arrays flattened, in order. */
export function scalars(value: unknown): unknown[] {
  const out: unknown[] = [];
  anyScalar(value, (x) => {
    out.push(x);
    return false;
  });
  return out;
}
