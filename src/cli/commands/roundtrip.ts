import { roundTrip } from '../../pipeline/roundtrip.js';
import { buildReport, printDiagnostics, type ReportResult } from '../report.js';
import {
  type Io,
  requireDialect,
  checkFrom,
  load,
  ruleInfo,
  writeReport,
  mappingOptions,
} from '../shared.js';

export function roundtrip(positionals: string[], values: Record<string, unknown>, io: Io): number {
  const via = requireDialect(values.via as string | undefined, '--via');
  const { outcomes, files, inputPaths } = load(positionals, checkFrom(values.from as string | undefined));
  const trips = roundTrip(outcomes, via, mappingOptions(values, via));
  const results: ReportResult[] = trips.map((t) => {
    const info = ruleInfo(t);
    return {
      source: t.source,
      ok: t.ok && t.preserved,
      output: null,
      preserved: t.preserved,
      ...(info ? { rule: info } : {}),
      diagnostics: t.diagnostics,
    };
  });
  printDiagnostics(results, Boolean(values.verbose), io.err);
  const preserved = trips.filter((t) => t.preserved).length;
  const report = buildReport('roundtrip', via.dialect, files, results, {
    preserved,
    changed: trips.filter((t) => t.rule && !t.preserved).length,
  });
  writeReport(values.report as string | undefined, report, inputPaths);
  io.err(
    `${preserved} of ${report.summary.rules} rules kept the same IR through ${via.dialect}${report.summary.failed ? `, ${report.summary.failed} failed` : ''}`,
  );
  return report.summary.failed > 0 ? 1 : 0;
}
