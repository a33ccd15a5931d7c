import { EngineError, evaluate, windowsEventView } from '../../engine/index.js';
import { buildReport, printDiagnostics, type ReportResult } from '../report.js';
import {
  UsageError,
  type Io,
  checkFrom,
  load,
  pendingResult,
  writeReport,
  readEventsFile,
} from '../shared.js';

/** `test`: runs each rule over the events, in the rule's own dialect's semantics, and counts what it selects. */
export function testRules(positionals: string[], values: Record<string, unknown>, io: Io): number {
  const eventsPath = values.events as string | undefined;
  if (!eventsPath) throw new UsageError('test needs --events FILE (JSON lines or a JSON array)');
  const show = values.show === undefined ? 3 : Number(values.show);
  if (!Number.isInteger(show) || show < 0) throw new UsageError('--show takes a whole number');
  const events = readEventsFile(eventsPath);
  const { outcomes, files, inputPaths } = load(positionals, checkFrom(values.from as string | undefined));
  const timestamp = values.timestamp as string | undefined;
  const results: ReportResult[] = outcomes.map((o) => {
    const result = pendingResult(o);
    if (!o.rule || !o.ok) return result;
    try {
      const evaluation = evaluate(o.rule, events, {
        view: windowsEventView,
        ...(timestamp ? { timestampField: timestamp } : {}),
      });
      result.ok = true;
      result.matches = evaluation.count;
      const shown =
        evaluation.sequences.length > 0
          ? evaluation.sequences.slice(0, show).map((q) => `[${q.events.map((e) => e.index + 1).join(', ')}]`)
          : evaluation.matches.slice(0, show).map((m) => String(m.index + 1));
      const more = evaluation.count > shown.length ? ', …' : '';
      io.out(
        `${o.source}: ${evaluation.count} ${evaluation.sequences.length > 0 ? 'results' : 'matching events'}${shown.length ? ` (event ${shown.join(', ')}${more})` : ''}\n`,
      );
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      result.diagnostics.push({
        severity: 'error',
        code: `engine/${error.code}`,
        message: error.message,
        ...(o.file ? { file: o.file } : {}),
      });
    }
    return result;
  });
  printDiagnostics(results, Boolean(values.verbose), io.err);
  const report = buildReport('test', undefined, files, results, { events: events.length });
  writeReport(values.report as string | undefined, report, inputPaths);
  io.err(
    `${report.summary.ok} of ${report.summary.rules} rules evaluated over ${events.length} events${report.summary.failed ? `, ${report.summary.failed} failed` : ''}`,
  );
  return report.summary.failed > 0 ? 1 : 0;
}
