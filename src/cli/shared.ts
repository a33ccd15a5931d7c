/** What every command shares: usage errors, loading inputs, mapping options, report entries and files. */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { dialectModule, dialectNames } from '../dialects/registry.js';
import { readBatch, type RuleOutcome } from '../pipeline/batch.js';
import type { MappingOptions, UnmappedPolicy } from '../pipeline/mapping.js';
import jsYaml from 'js-yaml';
import { DATA_MODELS, checkDataModel, withUserModels, type DataModel } from '../datamodel/index.js';
import { parseEvents } from '../engine/index.js';
import type { DialectModule } from '../dialects/types.js';
import { findInputs, loadInputs, type FoundFile } from './inputs.js';
import { writeAtomic } from './outputs.js';
import { type ReportResult, type RunReport } from './report.js';

export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (line: string) => void;
}

export function requireDialect(name: string | undefined, flag: string) {
  if (!name) throw new UsageError(`${flag} is required`);
  const module = dialectModule(name.toLowerCase());
  if (!module)
    throw new UsageError(`unknown dialect '${name}' for ${flag} (known: ${dialectNames().join(', ')})`);
  return module;
}

export function checkFrom(from: string | undefined): string | undefined {
  if (from === undefined) return undefined;
  if (from === 'ir' || dialectModule(from)) return from;
  throw new UsageError(
    `unknown dialect '${from}' for --from (known: ${[...dialectNames(), 'ir'].join(', ')})`,
  );
}

export function load(paths: string[], from: string | undefined, exclude: string[] = []) {
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
export function pendingResult(o: RuleOutcome): ReportResult {
  const result: ReportResult = { source: o.source, ok: false, output: null, diagnostics: [...o.diagnostics] };
  const info = ruleInfo(o);
  if (info) result.rule = info;
  return result;
}

export function ruleInfo(o: RuleOutcome): ReportResult['rule'] {
  if (!o.rule) return undefined;
  return { ...(o.rule.meta.id ? { id: o.rule.meta.id } : {}), title: o.rule.meta.title };
}

export function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the template ${path}: ${(error as Error).message}`);
  }
}

export function writeReport(path: string | undefined, report: RunReport, inputs: Set<string>): void {
  if (path) writeAtomic(path, JSON.stringify(report, null, 2) + '\n', inputs);
}

export function mappingOptions(values: Record<string, unknown>, target: DialectModule): MappingOptions {
  const unmapped = (values.unmapped as string | undefined) ?? 'error';
  if (unmapped !== 'error' && unmapped !== 'keep')
    throw new UsageError(`--unmapped takes 'error' or 'keep', not '${unmapped}'`);
  const profile = values.profile as string | undefined;
  const files = (values.mapping as string[] | undefined) ?? [];
  const models = files.length ? withUserModels(DATA_MODELS, files.map(readDataModel)) : DATA_MODELS;
  if (profile !== undefined) {
    const model = models[profile];
    if (!model || model.dialect !== target.dialect) {
      const fitting = Object.values(models)
        .filter((m) => m.dialect === target.dialect)
        .map((m) => m.id);
      throw new UsageError(
        `--profile '${profile}' is no data model for ${target.dialect} (known: ${fitting.join(', ') || 'none'})`,
      );
    }
  }
  return {
    unmapped: unmapped as UnmappedPolicy,
    ...(profile !== undefined ? { profile } : {}),
    ...(files.length ? { models } : {}),
  };
}

/** A user's data-model file (`--mapping`, YAML or JSON), checked against the data-model schema. */
function readDataModel(path: string): DataModel {
  let value: unknown;
  try {
    value = jsYaml.load(readFileSync(path, 'utf8'));
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const at = mark ? `:${mark.line + 1}:${mark.column + 1}` : '';
    throw new UsageError(
      `cannot read the data model ${path}${at}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const { model, problems } = checkDataModel(value);
  if (!model) throw new UsageError(`the data model ${path} is invalid: ${problems.slice(0, 5).join('; ')}`);
  return model;
}

export function readEventsFile(path: string): unknown[] {
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
