/** YAML text for the templates, in the layout of Azure-Sentinel templates (block scalars, two-space lists). */
import { stringify } from 'yaml';

const OPTIONS = { lineWidth: 0, blockQuote: 'literal', indentSeq: true } as const;

/** The given keys first, in that order, then the others as they come; absent values are left out. */
export function yamlDocument(doc: Record<string, unknown>, order: string[] = []): string {
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  const ordered = [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
  if (ordered.length === 0) return '';
  return stringify(Object.fromEntries(ordered.map((k) => [k, doc[k]])), OPTIONS);
}

/** One `key: value` entry (nested values as blocks); '' when the value is absent. */
export function yamlEntry(key: string, value: unknown): string {
  return value === undefined ? '' : stringify({ [key]: value }, OPTIONS);
}
