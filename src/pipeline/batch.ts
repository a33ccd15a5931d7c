import type { DialectModule, ParsedFile, SourceText } from '../dialects/types.js';
import type { Rule } from '../ir/types.js';
import { dialectModule } from '../dialects/registry.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { readDocuments } from '../documents/index.js';
import { parseIrJson } from './ir-json.js';

export const DOCUMENTS = 'documents';

/** A text to read, with the dialect it is in ('ir' for saved IR JSON, DOCUMENTS for rule documents). */
export interface InputText extends SourceText {
  dialect: string;
}

/** One rule through the pipeline: where it came from, what came of it, and everything said on the way. */
export interface RuleOutcome {
  /** `file` or `file#N` for the N-th rule of a multi-rule file. */
  source: string;
  file?: string;
  document?: number;
  rule?: Rule;
  ok: boolean;
  diagnostics: Diagnostic[];
}

function sourceLabel(file: string | undefined, document: number | undefined, many: boolean): string {
  const name = file ?? '<stdin>';
  return many && document !== undefined ? `${name}#${document + 1}` : name;
}

/**
 * Reads every input, grouped by dialect so that each dialect sees its whole batch (Sigma correlations refer
 * across files). Results come back in input order: one outcome per rule, or one failed outcome for a file
 * from which no rule could be read.
 */
export function readBatch(inputs: InputText[]): RuleOutcome[] {
  const parsed = new Map<InputText, ParsedFile>();
  const byDialect = new Map<string, InputText[]>();
  for (const input of inputs) byDialect.set(input.dialect, [...(byDialect.get(input.dialect) ?? []), input]);
  for (const [dialect, group] of byDialect) {
    if (dialect === 'ir') {
      for (const input of group) parsed.set(input, parseIrJson(input));
      continue;
    }
    if (dialect === DOCUMENTS) {
      const files = readDocuments(
        group.map(({ text, file }) => ({ text, ...(file !== undefined ? { file } : {}) })),
      );
      group.forEach((input, i) => parsed.set(input, files[i] as ParsedFile));
      continue;
    }
    const module = dialectModule(dialect) as DialectModule;
    const files = module.parse(
      group.map(({ text, file }) => ({ text, ...(file !== undefined ? { file } : {}) })),
    );
    group.forEach((input, i) => parsed.set(input, files[i] as ParsedFile));
  }
  const outcomes: RuleOutcome[] = [];
  for (const input of inputs) {
    const file = parsed.get(input) as ParsedFile;
    const where = input.file !== undefined ? { file: input.file } : {};
    if (file.rules.length === 0) {
      const diagnostics = file.diagnostics.length
        ? file.diagnostics
        : [{ severity: 'error' as const, code: 'input/empty', message: 'no rule in this file', ...where }];
      outcomes.push({ source: sourceLabel(input.file, undefined, false), ...where, ok: false, diagnostics });
      continue;
    }
    const many = file.rules.length > 1;
    for (const r of file.rules) {
      const diagnostics = [...file.diagnostics, ...r.diagnostics];
      outcomes.push({
        source: sourceLabel(input.file, r.document, many),
        ...where,
        ...(r.document !== undefined ? { document: r.document } : {}),
        ...(r.rule ? { rule: r.rule } : {}),
        ok: r.rule !== undefined && !diagnostics.some((d) => d.severity === 'error'),
        diagnostics,
      });
    }
  }
  return outcomes;
}
