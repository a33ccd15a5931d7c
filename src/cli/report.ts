import type { Diagnostic } from '../report/diagnostics.js';
import { formatDiagnostic } from '../report/diagnostics.js';

export interface ReportResult {
  source: string;
  ok: boolean;
  output: string | null;
  rule?: { id?: string; title?: string };
  diagnostics: Diagnostic[];
  preserved?: boolean;
  /** For `test` and `verify`: how many events (or sequences, groups) the rule (its translation) selected. */
  matches?: number;
  /** For `convert`: what the translation's notes say of its meaning (exact, broader, narrower, unsupported). */
  fidelity?: string;
  /** For `verify`: the claimed fidelity, the measured relation, and both match counts. */
  verification?: { expected: string; relation: string; source: number; translation: number };
}

export interface RunReport {
  command: string;
  target?: string;
  summary: { files: number; rules: number; ok: number; failed: number; [extra: string]: number };
  results: ReportResult[];
}

export function buildReport(
  command: string,
  target: string | undefined,
  files: number,
  results: ReportResult[],
  extra: Record<string, number> = {},
): RunReport {
  const ok = results.filter((r) => r.ok).length;
  return {
    command,
    ...(target ? { target } : {}),
    summary: { files, rules: results.length, ok, failed: results.length - ok, ...extra },
    results,
  };
}

/** Diagnostics for the terminal: errors and warnings always, notes only when asked. */
export function printDiagnostics(
  results: ReportResult[],
  verbose: boolean,
  write: (line: string) => void,
): void {
  for (const result of results) {
    for (const d of result.diagnostics) {
      if (d.severity === 'info' && !verbose) continue;
      write(formatDiagnostic(d.file ? d : { ...d, file: result.source }));
    }
  }
}
