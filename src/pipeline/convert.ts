import type { Rule } from '../ir/types.js';
import type { DialectModule } from '../dialects/types.js';
import { isRuleError, type Diagnostic } from '../report/diagnostics.js';
import { writeDocument, type DocumentFormat } from '../documents/index.js';
import type { DataModel } from '../datamodel/index.js';
import { targetModel, toTargetModel, type MappingOptions } from './mapping.js';
import { nullLogicNotes } from './null-logic.js';
import { countsAsRuns, runsAsCount, runsAsCounts } from '../lower/runs.js';
import { SEVERAL_LOGSOURCES, splitByCategory, splitNote } from './split.js';

export interface Printed {
  text?: string;
  diagnostics: Diagnostic[];
}

/**
 * What a converted rule is written as: the bare query of its dialect, or a whole rule document (Sigma YAML
 * is both). `rule` picks the dialect's usual document: Sigma YAML, detection-rules TOML, Sentinel YAML.
 */
export type OutputShape = 'query' | 'rule' | DocumentFormat;

const RULE_DOCUMENT: Record<string, DocumentFormat> = { sigma: 'sigma', eql: 'toml', kql: 'sentinel-yaml' };
const DOCUMENTS_OF: Record<string, DocumentFormat[]> = {
  sigma: ['sigma'],
  eql: ['toml', 'ndjson'],
  kql: ['sentinel-yaml', 'arm'],
};

/** The document format for a shape and target (null: the bare query), or why the pair makes no sense. */
export function documentFormatFor(
  shape: string,
  dialect: string,
): { format: DocumentFormat | null } | { error: string } {
  if (shape === 'query') return { format: dialect === 'sigma' ? 'sigma' : null };
  const format = shape === 'rule' ? RULE_DOCUMENT[dialect] : (shape as DocumentFormat);
  if (format === undefined || !(DOCUMENTS_OF[dialect] ?? []).includes(format)) {
    return {
      error: `${dialect} rules are written as ${['query', 'rule', ...(DOCUMENTS_OF[dialect] ?? [])].join(', ')}, not ${shape}`,
    };
  }
  return { format };
}

/** Converts one rule to a target dialect and writes it as a query or a rule document. */
export function renderRule(
  rule: Rule,
  target: DialectModule,
  where: { file?: string; document?: number } = {},
  mapping: MappingOptions = {},
  format: DocumentFormat | null = null,
  template?: string,
): Printed {
  if (format === null) return printRule(rule, target, where, mapping);
  const mapped = toTargetModel(rule, target, mapping);
  if (!mapped.rule) {
    const parts = partsFor(rule, target, mapped.diagnostics);
    if (parts)
      return joinParts(parts, target, (part) => renderRule(part, target, where, mapping, format, template));
    return { diagnostics: mapped.diagnostics.map((d) => ({ ...where, ...d })) };
  }
  try {
    const lowered = lowerFor(target, mapped.rule);
    const written = writeDocument(lowered.rule, format, template !== undefined ? { template } : {});
    const diagnostics = [...mapped.diagnostics, ...lowered.diagnostics, ...written.diagnostics].map((d) => ({
      ...where,
      ...d,
    }));
    return written.text === '' ? { diagnostics } : { text: written.text, diagnostics };
  } catch (error) {
    if (!isRuleError(error)) throw error;
    return { diagnostics: [{ ...where, ...error.diagnostic }] };
  }
}

/**
 * The rules a Sigma target writes a rule as when its query reads several log sources (the mapping said so),
 * one per event category; undefined for other failures and targets.
 */
function partsFor(rule: Rule, target: DialectModule, diagnostics: Diagnostic[]): Rule[] | undefined {
  if (target.dialect === 'eql') return undefined;
  if (!diagnostics.some((d) => d.severity === 'error' && d.code === SEVERAL_LOGSOURCES)) return undefined;
  return splitByCategory(rule);
}

/**
 * Each part written on its own, then together: Sigma as one text of several rule documents, KQL as the `union`
 * of the parts' queries. The first part that fails fails them all.
 */
function joinParts(parts: Rule[], target: DialectModule, write: (part: Rule) => Printed): Printed {
  const written = parts.map(write);
  const failed = written.find((w) => w.text === undefined);
  if (failed) return failed;
  const texts = written.map((w) => w.text as string);
  const joined = target.dialect === 'kql' ? kqlUnion(texts) : texts.join('---\n');
  if (typeof joined !== 'string') return { diagnostics: [joined] };
  const notes = written.flatMap((w) => w.diagnostics);
  const seen = new Set<string>();
  const diagnostics = [splitNote(parts, target.dialect), ...notes].filter(
    (d) => !seen.has(`${d.code} ${d.message}`) && seen.add(`${d.code} ${d.message}`),
  );
  return { text: joined, diagnostics };
}

/**
 * Queries of one table each as the union of their rows: `union (T1 | where …), (T2 | where …)`, each a
 * parenthesised query (a query that needs statements of its own, `let …;`, cannot stand there).
 */
function kqlUnion(queries: string[]): string | Diagnostic {
  if (queries.some((q) => /^\s*(let|declare)\b/m.test(q))) {
    return {
      severity: 'error',
      code: 'kql/union-statements',
      message: 'a query of the union needs statements of its own (let), which a union of queries cannot hold',
    };
  }
  const indent = (q: string) =>
    q
      .trimEnd()
      .split('\n')
      .map((line) => `        ${line}`)
      .join('\n');
  return `union
${queries.map((q) => `    (\n${indent(q)}\n    )`).join(',\n')}\n`;
}

/** What a target cannot say as the rule says it, in words it has. */
function lowerFor(target: DialectModule, rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  // Dialects without EQL's `runs` count the repeated events instead; Sigma can order such counts with other steps.
  if (target.dialect === 'eql') return countsAsRuns(rule);
  return target.dialect === 'sigma' ? runsAsCounts(rule) : runsAsCount(rule);
}

export function printRule(
  rule: Rule,
  target: DialectModule,
  where: { file?: string; document?: number } = {},
  mapping: MappingOptions = {},
): Printed {
  const mapped = toTargetModel(rule, target, mapping);
  if (!mapped.rule) {
    const parts = partsFor(rule, target, mapped.diagnostics);
    if (parts) return joinParts(parts, target, (part) => printRule(part, target, where, mapping));
    return { diagnostics: mapped.diagnostics.map((d) => ({ ...where, ...d })) };
  }
  try {
    const lowered = lowerFor(target, mapped.rule);
    const result = target.print(lowered.rule);
    // Judged on the source query: the mapped one may state a field's presence through another (`process.name !=
    // null` as Image), which an event need not have both of.
    const logic = nullLogicNotes(rule.query, rule.provenance.dialect, target.dialect);
    const diagnostics = [...mapped.diagnostics, ...lowered.diagnostics, ...result.diagnostics, ...logic];
    return { text: result.text, diagnostics: diagnostics.map((d) => ({ ...where, ...d })) };
  } catch (error) {
    if (!isRuleError(error)) throw error;
    return { diagnostics: [{ ...where, ...error.diagnostic }] };
  }
}

/** A rule converted to a target and read back from the printed text, with the data model it is now in. */
export interface Translation {
  text?: string;
  rule?: Rule;
  /** The target's data model (null: the hub, Sigma's taxonomy). */
  model: DataModel | null;
  diagnostics: Diagnostic[];
}

/**
 * Converts a rule and reads the printed query back, so that what is checked is what a user would deploy,
 * not an intermediate form.
 */
export function translateRule(rule: Rule, target: DialectModule, mapping: MappingOptions = {}): Translation {
  const model = targetModel(target, mapping);
  const printed = printRule(rule, target, {}, mapping);
  if (printed.text === undefined) return { model, diagnostics: printed.diagnostics };
  const [file] = target.parse([{ text: printed.text, file: `(${target.dialect} translation)` }]);
  const back = file?.rules.at(-1)?.rule;
  const readErrors = [
    ...(file?.diagnostics ?? []),
    ...(file?.rules.flatMap((r) => r.diagnostics) ?? []),
  ].filter((d) => d.severity === 'error');
  return {
    text: printed.text,
    ...(back ? { rule: back } : {}),
    model,
    diagnostics: [...printed.diagnostics, ...readErrors],
  };
}
