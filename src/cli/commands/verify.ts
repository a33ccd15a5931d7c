import { verifyRule } from '../../pipeline/verify.js';
import { buildReport, printDiagnostics, type ReportResult } from '../report.js';
import {
  UsageError,
  type Io,
  requireDialect,
  checkFrom,
  load,
  pendingResult,
  writeReport,
  mappingOptions,
  readEventsFile,
} from '../shared.js';

/**
 * `verify`: converts each Sigma rule, reads the translation back, and runs both over the same events (the
 * translation over them as the target's data model records them): exact conversions must select the same
 * events, broader ones a superset, narrower ones a subset.
 */
export function verifyRules(positionals: string[], values: Record<string, unknown>, io: Io): number {
  const target = requireDialect(values.to as string | undefined, '--to');
  const eventsPath = values.events as string | undefined;
  if (!eventsPath) throw new UsageError('verify needs --events FILE (JSON lines or a JSON array)');
  const mapping = mappingOptions(values, target);
  const events = readEventsFile(eventsPath);
  const { outcomes, files, inputPaths } = load(positionals, checkFrom(values.from as string | undefined));
  const results: ReportResult[] = outcomes.map((o) => {
    const result = pendingResult(o);
    if (!o.rule || !o.ok) return result;
    const v = verifyRule(o.rule, target, events, mapping);
    result.diagnostics.push(...v.diagnostics.map((d) => ({ ...(o.file ? { file: o.file } : {}), ...d })));
    if (!v.comparison) return result;
    result.ok = v.ok;
    result.matches = v.translationMatches ?? 0;
    result.verification = {
      expected: v.expected,
      relation: v.comparison.relation,
      source: v.sourceMatches ?? 0,
      translation: v.translationMatches ?? 0,
    };
    const first = (list: number[][]): string =>
      list
        .slice(0, 3)
        .map((x) => x.map((i) => i + 1).join('+'))
        .join(', ');
    const detail =
      v.comparison.relation === 'same'
        ? ''
        : ` (only the source: ${first(v.comparison.onlyFirst) || 'none'}; only the translation: ${first(v.comparison.onlySecond) || 'none'})`;
    io.out(
      `${o.source}: ${v.ok ? 'ok' : 'MISMATCH'}: ${v.comparison.relation}, ${v.sourceMatches} → ${v.translationMatches} matching events in ${target.dialect}, ${v.expected} claimed${detail}\n`,
    );
    if (!v.ok) {
      result.diagnostics.push({
        severity: 'error',
        code: 'verify/mismatch',
        message: `the ${target.dialect} translation is ${v.comparison.relation} where the conversion claimed ${v.expected}`,
        ...(o.file ? { file: o.file } : {}),
      });
    }
    return result;
  });
  printDiagnostics(results, Boolean(values.verbose), io.err);
  const report = buildReport('verify', target.dialect, files, results, { events: events.length });
  writeReport(values.report as string | undefined, report, inputPaths);
  io.err(
    `${report.summary.ok} of ${report.summary.rules} rules verified against ${target.dialect} over ${events.length} events${report.summary.failed ? `, ${report.summary.failed} failed` : ''}`,
  );
  return report.summary.failed > 0 ? 1 : 0;
}
