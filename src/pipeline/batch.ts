import type { Rule } from '../ir/types.js';
import type { DialectModule, ParsedFile, SourceText } from '../dialects/types.js';
import { dialectModule } from '../dialects/registry.js';
import { isRuleError, type Diagnostic } from '../report/diagnostics.js';
import { parseIrJson } from './ir-json.js';
import { DATA_MODELS, HUB, mapRule, type DataModel } from '../datamodel/index.js';

/** A text to read, with the dialect it is in ('ir' for saved IR JSON). */
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

export interface Printed {
  text?: string;
  diagnostics: Diagnostic[];
}

/** The data model each dialect's own rules are written in. */
const NATIVE_MODEL: Record<string, string> = { sigma: 'sigma', eql: 'ecs', kql: 'sentinel' };

/** The data models a rule's searches read, from every step of a multi-event query. */
function modelsOf(query: Rule['query']): string[] {
  switch (query.kind) {
    case 'search':
    case 'filter':
      return [query.source.model];
    case 'sequence':
    case 'temporal':
    case 'aggregate':
      return query.steps.flatMap((s) => modelsOf(s.query));
    case 'opaque':
      return [];
  }
}

/**
 * Rewrites a rule into the data model of the target dialect, through the hub, when the rule is in another
 * one. A model rulestone has no mapping for is refused, or kept with a warning under `--unmapped keep`.
 */
function toTargetModel(
  rule: Rule,
  target: DialectModule,
  unmapped: UnmappedPolicy,
): { rule?: Rule; diagnostics: Diagnostic[] } {
  const native = NATIVE_MODEL[target.dialect];
  const models = [...new Set(modelsOf(rule.query))];
  if (native === undefined || models.every((m) => m === native)) return { rule, diagnostics: [] };
  const known = (m: string): boolean => m === HUB || DATA_MODELS[m] !== undefined;
  const unknown = [...models, native].filter((m) => !known(m));
  if (unknown.length > 0 || models.length > 1) {
    const what =
      unknown.length > 0
        ? `no data-model mapping for ${unknown.join(', ')} exists yet`
        : `the rule mixes data models (${models.join(', ')})`;
    if (unmapped === 'keep') {
      return {
        rule,
        diagnostics: [
          {
            severity: 'warning',
            code: 'mapping/unmapped-fields',
            message: `${what}: field names and event sources are kept as the ${models.join(', ')} data model writes them, so the ${target.dialect} query may match nothing`,
          },
        ],
      };
    }
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'mapping/no-mapping',
          message: `${what} (${models.join(', ')} → ${native}); --unmapped keep writes the field names as they are, with a warning`,
        },
      ],
    };
  }
  const source = models[0] as string;
  try {
    return mapRule(
      rule,
      source === HUB ? null : (DATA_MODELS[source] as DataModel),
      native === HUB ? null : (DATA_MODELS[native] as DataModel),
      { unmapped },
    );
  } catch (error) {
    if (!isRuleError(error)) throw error;
    return { diagnostics: [error.diagnostic] };
  }
}

/** What to do with fields of another data model than the target's: refuse (the default) or keep them. */
export type UnmappedPolicy = 'error' | 'keep';

/** Prints one rule in a target dialect; a rule the dialect cannot express comes back as an error diagnostic. */
export function printRule(
  rule: Rule,
  target: DialectModule,
  where: { file?: string; document?: number } = {},
  unmapped: UnmappedPolicy = 'error',
): Printed {
  const mapped = toTargetModel(rule, target, unmapped);
  if (!mapped.rule) return { diagnostics: mapped.diagnostics.map((d) => ({ ...where, ...d })) };
  try {
    const result = target.print(mapped.rule);
    const diagnostics = [...mapped.diagnostics, ...result.diagnostics];
    return { text: result.text, diagnostics: diagnostics.map((d) => ({ ...where, ...d })) };
  } catch (error) {
    if (!isRuleError(error)) throw error;
    return { diagnostics: [{ ...where, ...error.diagnostic }] };
  }
}
