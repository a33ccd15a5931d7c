import { printDiagnostics, type ReportResult } from '../report.js';
import { UsageError, type Io, checkFrom, load } from '../shared.js';

export function parse(positionals: string[], values: Record<string, unknown>, io: Io): number {
  if (!values.ir) throw new UsageError('parse prints the IR: add --ir');
  if (positionals.length !== 1) throw new UsageError('parse takes exactly one FILE');
  const { outcomes } = load(positionals, checkFrom(values.from as string | undefined));
  const rules = outcomes.filter((o) => o.rule).map((o) => o.rule);
  if (rules.length > 0) io.out(JSON.stringify(rules.length === 1 ? rules[0] : rules, null, 2) + '\n');
  const results: ReportResult[] = outcomes.map((o) => ({
    source: o.source,
    ok: o.ok,
    output: null,
    diagnostics: o.diagnostics,
  }));
  printDiagnostics(results, Boolean(values.verbose), io.err);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}
