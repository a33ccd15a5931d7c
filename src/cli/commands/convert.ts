import { documentFormatFor, renderRule } from '../../pipeline/convert.js';
import { outputPath, writeAtomic } from '../outputs.js';
import { buildReport, printDiagnostics, type ReportResult } from '../report.js';
import { fidelityOf } from '../../report/diagnostics.js';
import {
  UsageError,
  type Io,
  requireDialect,
  checkFrom,
  load,
  pendingResult,
  readTemplate,
  writeReport,
  mappingOptions,
} from '../shared.js';

export function convert(positionals: string[], values: Record<string, unknown>, io: Io): number {
  const target = requireDialect(values.to as string | undefined, '--to');
  const outDir = values.out as string | undefined;
  const mapping = mappingOptions(values, target);
  const shape = ((values.format as string | undefined) ?? 'query').replace(
    /^yaml$/,
    target.dialect === 'sigma' ? 'sigma' : 'sentinel-yaml',
  );
  const chosen = documentFormatFor(shape, target.dialect);
  if ('error' in chosen) throw new UsageError(chosen.error);
  const format = chosen.format;
  const templatePath = values.template as string | undefined;
  const template = templatePath === undefined ? undefined : readTemplate(templatePath);
  if (template !== undefined && (format === null || format === 'sigma'))
    throw new UsageError('--template goes with --format toml, ndjson, yaml or arm');
  const { outcomes, files, foundByPath, inputPaths } = load(
    positionals,
    checkFrom(values.from as string | undefined),
    outDir ? [outDir] : [],
  );
  const perFile = new Map<string, number>();
  for (const o of outcomes) if (o.file) perFile.set(o.file, (perFile.get(o.file) ?? 0) + 1);
  const seenPerFile = new Map<string, number>();
  const results: ReportResult[] = [];
  const texts: string[] = [];
  for (const o of outcomes) {
    const index = o.file ? (seenPerFile.get(o.file) ?? 0) : 0;
    if (o.file) seenPerFile.set(o.file, index + 1);
    const result = pendingResult(o);
    results.push(result);
    if (!o.rule || !o.ok) continue;
    const where = {
      ...(o.file ? { file: o.file } : {}),
      ...(o.document !== undefined ? { document: o.document } : {}),
    };
    const printed = renderRule(o.rule, target, where, mapping, format, template);
    result.diagnostics.push(...printed.diagnostics);
    if (printed.text === undefined) continue;
    result.fidelity = fidelityOf(printed.diagnostics);
    if (values.strict && result.fidelity !== 'exact') {
      result.diagnostics.push({
        severity: 'error',
        code: 'convert/not-exact',
        message: `--strict: the translation is ${result.fidelity}, not exact`,
        ...where,
      });
      continue;
    }
    const text = printed.text.endsWith('\n') ? printed.text : printed.text + '\n';
    if (outDir) {
      const found = o.file ? foundByPath.get(o.file) : undefined;
      if (!found) continue;
      const path = outputPath(outDir, found, format ?? target.dialect, {
        index,
        count: perFile.get(o.file as string) ?? 1,
        ...((o.rule.meta.name ?? o.rule.meta.id)
          ? { name: (o.rule.meta.name ?? o.rule.meta.id) as string }
          : {}),
      });
      try {
        writeAtomic(path, text, inputPaths);
        result.output = path;
      } catch (error) {
        result.diagnostics.push({
          severity: 'error',
          code: 'output/write',
          message: (error as Error).message,
          file: path,
        });
        continue;
      }
    } else {
      texts.push(text);
    }
    result.ok = true;
  }
  if (!outDir && texts.length > 0)
    io.out(target.dialect === 'sigma' ? texts.join('---\n') : texts.join('\n'));
  printDiagnostics(results, Boolean(values.verbose), io.err);
  const verdicts = new Map<string, number>();
  for (const r of results)
    if (r.ok && r.fidelity) verdicts.set(r.fidelity, (verdicts.get(r.fidelity) ?? 0) + 1);
  const report = buildReport('convert', target.dialect, files, results, Object.fromEntries(verdicts));
  writeReport(values.report as string | undefined, report, inputPaths);
  const verdictText = [...verdicts].map(([k, v]) => `${v} ${k}`).join(', ');
  io.err(
    `${report.summary.ok} of ${report.summary.rules} rules converted to ${target.dialect}${verdictText ? ` (${verdictText})` : ''}${report.summary.failed ? `, ${report.summary.failed} failed` : ''}`,
  );
  return report.summary.failed > 0 ? 1 : 0;
}
