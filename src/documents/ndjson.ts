/**
 * Kibana rule import/export NDJSON: one rule object per line. The export-summary line (`exported_count` …)
 * and exception-list lines are recognised and skipped; a bad line is an error for that line only.
 */
import type { Rule } from '../ir/types.js';
import type { ParsedFile, ParsedRule } from '../dialects/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { asRecord } from './fields.js';
import { readElasticRule, writeElasticRule } from './elastic.js';

export function isExportSummary(record: Record<string, unknown>): boolean {
  return 'exported_count' in record || 'exported_rules_count' in record;
}

export function readNdjson(text: string, file?: string): ParsedFile {
  const where = file !== undefined ? { file } : {};
  const rules: ParsedRule[] = [];
  const diagnostics: Diagnostic[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const at = { ...where, line: index + 1, document: index };
    let record: Record<string, unknown> | undefined;
    try {
      record = asRecord(JSON.parse(line));
    } catch (error) {
      rules.push({
        document: index,
        diagnostics: [
          {
            ...at,
            severity: 'error',
            code: 'documents/bad-json',
            message: `line ${index + 1} is not JSON: ${(error as Error).message}`,
          },
        ],
      });
      return;
    }
    if (!record) {
      rules.push({
        document: index,
        diagnostics: [
          {
            ...at,
            severity: 'error',
            code: 'documents/bad-json',
            message: `line ${index + 1} is not a JSON object`,
          },
        ],
      });
      return;
    }
    if (isExportSummary(record)) return;
    if ('list_id' in record && !('rule_id' in record)) {
      diagnostics.push({
        ...at,
        severity: 'info',
        code: 'documents/exception-list-skipped',
        message: `line ${index + 1} is an exception list, not a rule`,
      });
      return;
    }
    const read = readElasticRule({
      rule: record,
      source: 'ndjson',
      ...where,
      document: index,
      queryLine: index + 1,
    });
    // A query on one JSON line has its own line numbers; the file line is what a user can find.
    for (const d of read.diagnostics) if (d.line === undefined) d.line = index + 1;
    rules.push({ document: index, ...(read.rule ? { rule: read.rule } : {}), diagnostics: read.diagnostics });
  });
  return { ...where, rules, diagnostics };
}

export function ndjsonView(rule: Rule): { doc: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const written = writeElasticRule(rule, 'ndjson');
  return { doc: written.rule, diagnostics: written.diagnostics };
}
