import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { dialectModule, dialectNames } from '../dialects/registry.js';
import { readBatch, type RuleOutcome } from '../pipeline/batch.js';
import { documentFormatFor, renderRule } from '../pipeline/convert.js';
import type { MappingOptions, UnmappedPolicy } from '../pipeline/mapping.js';
import { DATA_MODELS } from '../datamodel/index.js';
import { EngineError, evaluate, parseEvents, windowsEventView } from '../engine/index.js';
import { verifyRule } from '../pipeline/verify.js';
import type { DialectModule } from '../dialects/types.js';
import { roundTrip } from '../pipeline/roundtrip.js';
import { findInputs, loadInputs, type FoundFile } from './inputs.js';
import { outputPath, writeAtomic } from './outputs.js';
import { buildReport, printDiagnostics, type ReportResult, type RunReport } from './report.js';
import { fidelityOf } from '../report/diagnostics.js';

const USAGE = `rulestone: compile detection rules between Sigma, Elastic EQL and Sentinel KQL

usage:
  rulestone convert PATH... --to DIALECT [--out DIR] [--report FILE.json] [--from DIALECT]
                    [--format query|rule|toml|ndjson|yaml|arm] [--template FILE.hbs]
                    [--profile MODEL] [--unmapped error|keep] [--strict] [--verbose]
  rulestone parse FILE --ir [--from DIALECT]
  rulestone test RULE... --events FILE [--timestamp FIELD] [--show N] [--report FILE.json]
  rulestone verify RULE... --to DIALECT --events FILE [--profile MODEL] [--report FILE.json]
  rulestone roundtrip PATH... --via DIALECT [--report FILE.json] [--from DIALECT] [--unmapped error|keep]

PATH is a rule file or a folder (read recursively). Dialects: ${dialectNames().join(', ')}. Rule documents
(detection-rules TOML, Kibana NDJSON, Sentinel YAML and ARM) are read too; --format writes one instead of
the bare query (rule = the dialect's usual document), --template with a handlebars template of your own.
Input dialects are recognised by file ending and content; --from forces one. Saved IR (.json from
'parse --ir') is read back too. Fields are mapped between data models through Sigma's taxonomy; --profile picks the target's model
(eql: ecs; kql: sentinel (the default: Defender XDR tables, and SecurityEvent for the Security log),
sentinel-mde, sentinel-securityevent, sentinel-sysmon). A field or log source without a
mapping is an error unless --unmapped keep. Exit status: 0 all rules succeeded, 1 some failed, 2 bad usage.`;

class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (line: string) => void;
}

const OPTIONS = {
  to: { type: 'string' },
  via: { type: 'string' },
  from: { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
  unmapped: { type: 'string' },
  profile: { type: 'string' },
  format: { type: 'string' },
  events: { type: 'string' },
  timestamp: { type: 'string' },
  show: { type: 'string' },
  strict: { type: 'boolean' },
  template: { type: 'string' },
  ir: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function requireDialect(name: string | undefined, flag: string) {
  if (!name) throw new UsageError(`${flag} is required`);
  const module = dialectModule(name.toLowerCase());
  if (!module)
    throw new UsageError(`unknown dialect '${name}' for ${flag} (known: ${dialectNames().join(', ')})`);
  return module;
}

function checkFrom(from: string | undefined): string | undefined {
  if (from === undefined) return undefined;
  if (from === 'ir' || dialectModule(from)) return from;
  throw new UsageError(
    `unknown dialect '${from}' for --from (known: ${[...dialectNames(), 'ir'].join(', ')})`,
  );
}

function load(paths: string[], from: string | undefined, exclude: string[] = []) {
  if (paths.length === 0) throw new UsageError('no input: name rule files or folders');
  const found = findInputs(paths, exclude);
  const loaded = loadInputs(found.files, from);
  const outcomes = readBatch(loaded.inputs);
  const unreadable: RuleOutcome[] = [...found.errors, ...loaded.errors].map((d) => ({
    source: d.file ?? '?',
    ...(d.file ? { file: d.file } : {}),
    ok: false,
    diagnostics: [d],
  }));
  const foundByPath = new Map<string, FoundFile>(loaded.inputs.map((i) => [i.file as string, i.found]));
  return {
    outcomes: [...unreadable, ...outcomes],
    files: found.files.length,
    foundByPath,
    inputPaths: new Set(found.files.map((f) => resolve(f.path))),
  };
}

/** A report entry for a rule that has not succeeded yet, with what reading it said. */
function pendingResult(o: RuleOutcome): ReportResult {
  const result: ReportResult = { source: o.source, ok: false, output: null, diagnostics: [...o.diagnostics] };
  const info = ruleInfo(o);
  if (info) result.rule = info;
  return result;
}

function ruleInfo(o: RuleOutcome): ReportResult['rule'] {
  if (!o.rule) return undefined;
  return { ...(o.rule.meta.id ? { id: o.rule.meta.id } : {}), title: o.rule.meta.title };
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the template ${path}: ${(error as Error).message}`);
  }
}

function writeReport(path: string | undefined, report: RunReport, inputs: Set<string>): void {
  if (path) writeAtomic(path, JSON.stringify(report, null, 2) + '\n', inputs);
}

function convert(positionals: string[], values: Record<string, unknown>, io: Io): number {
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

function parse(positionals: string[], values: Record<string, unknown>, io: Io): number {
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

function mappingOptions(values: Record<string, unknown>, target: DialectModule): MappingOptions {
  const unmapped = (values.unmapped as string | undefined) ?? 'error';
  if (unmapped !== 'error' && unmapped !== 'keep')
    throw new UsageError(`--unmapped takes 'error' or 'keep', not '${unmapped}'`);
  const profile = values.profile as string | undefined;
  if (profile !== undefined) {
    const model = DATA_MODELS[profile];
    if (!model || model.dialect !== target.dialect) {
      const fitting = Object.values(DATA_MODELS)
        .filter((m) => m.dialect === target.dialect)
        .map((m) => m.id);
      throw new UsageError(
        `--profile '${profile}' is no data model for ${target.dialect} (known: ${fitting.join(', ') || 'none'})`,
      );
    }
  }
  return { unmapped: unmapped as UnmappedPolicy, ...(profile !== undefined ? { profile } : {}) };
}

function readEventsFile(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the events ${path}: ${(error as Error).message}`);
  }
  try {
    return parseEvents(text);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

/** `test`: runs each rule over the events, in the rule's own dialect's semantics, and counts what it selects. */
function testRules(positionals: string[], values: Record<string, unknown>, io: Io): number {
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

/**
 * `verify`: converts each Sigma rule, reads the translation back, and runs both over the same events (the
 * translation over them as the target's data model records them): exact conversions must select the same
 * events, broader ones a superset, narrower ones a subset.
 */
function verifyRules(positionals: string[], values: Record<string, unknown>, io: Io): number {
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

function roundtrip(positionals: string[], values: Record<string, unknown>, io: Io): number {
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

/** Runs the command line and returns the exit status; the only side effects are through `io` and files. */
export function run(argv: string[], io: Io): number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (values.help || command === undefined || command === 'help') {
      io.out(USAGE + '\n');
      return command === undefined && !values.help ? 2 : 0;
    }
    switch (command) {
      case 'convert':
        return convert(rest, values, io);
      case 'parse':
        return parse(rest, values, io);
      case 'roundtrip':
        return roundtrip(rest, values, io);
      case 'test':
        return testRules(rest, values, io);
      case 'verify':
        return verifyRules(rest, values, io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    io.err(`rulestone: ${(error as Error).message}`);
    io.err("run 'rulestone --help' for usage");
    return 2;
  }
}

export const VERSION = '0.1.0';
