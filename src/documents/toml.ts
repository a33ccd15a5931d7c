/** Elastic detection-rules TOML files: `[metadata]`, `[rule]` (with `[[rule.threat]]`), `[transform]`. */
import { parse, TomlError } from 'smol-toml';
import type { Rule } from '../ir/types.js';
import type { ParsedFile } from '../dialects/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { asRecord } from './fields.js';
import { readElasticRule, writeElasticRule } from './elastic.js';

/** The line on which the text of `query = '''…'''` (or `"""`, or a one-line string) starts. */
function queryLine(text: string): number | undefined {
  const match = /^query\s*=\s*('''|"""|'|")(\r?\n)?/m.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index).split('\n').length;
  return match[2] ? before + 1 : before;
}

/** Values the IR must hold as JSON: TOML dates become their text. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

export function readToml(text: string, file?: string): ParsedFile {
  const where = file !== undefined ? { file } : {};
  let doc: Record<string, unknown>;
  try {
    doc = plain(parse(text)) as Record<string, unknown>;
  } catch (error) {
    const d: Diagnostic = {
      ...where,
      severity: 'error',
      code: 'documents/bad-toml',
      message: error instanceof Error ? (error.message.split('\n')[0] as string) : String(error),
    };
    if (error instanceof TomlError) {
      d.line = error.line;
      d.column = error.column;
    }
    return { ...where, rules: [], diagnostics: [d] };
  }
  const rule = asRecord(doc.rule);
  if (!rule)
    return {
      ...where,
      rules: [],
      diagnostics: [
        {
          ...where,
          severity: 'error',
          code: 'documents/no-rule-table',
          message: 'the file has no [rule] table',
        },
      ],
    };
  const { rule: _r, metadata, ...tables } = doc;
  const line = queryLine(text);
  const read = readElasticRule({
    rule,
    ...(asRecord(metadata) ? { metadata: asRecord(metadata) as Record<string, unknown> } : {}),
    tables,
    source: 'toml',
    ...where,
    ...(line !== undefined ? { queryLine: line } : {}),
  });
  return {
    ...where,
    rules: [{ ...(read.rule ? { rule: read.rule } : {}), diagnostics: read.diagnostics }],
    diagnostics: [],
  };
}

export interface TomlView {
  doc: { metadata: Record<string, unknown>; rule: Record<string, unknown>; tables: Record<string, unknown> };
  diagnostics: Diagnostic[];
}

export function tomlView(rule: Rule): TomlView {
  const written = writeElasticRule(rule, 'toml');
  return {
    doc: { metadata: written.metadata, rule: written.rule, tables: written.tables },
    diagnostics: written.diagnostics,
  };
}
