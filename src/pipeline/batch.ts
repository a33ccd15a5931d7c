import type { Rule, SearchQuery } from '../ir/types.js';
import type { DialectModule, ParsedFile, SourceText } from '../dialects/types.js';
import { dialectModule } from '../dialects/registry.js';
import { isRuleError, type Diagnostic } from '../report/diagnostics.js';
import { parseIrJson } from './ir-json.js';
import { readDocuments, writeDocument, type DocumentFormat } from '../documents/index.js';
import {
  DATA_MODELS,
  DEFAULT_PROFILE,
  HUB,
  mapRule,
  modelForSource,
  type DataModel,
} from '../datamodel/index.js';

/** The pseudo-dialect of whole rule documents (TOML, NDJSON, Sentinel YAML, ARM), read by src/documents. */
export const DOCUMENTS = 'documents';

/** A text to read, with the dialect it is in ('ir' for saved IR JSON, DOCUMENTS for rule documents). */
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
    if (dialect === DOCUMENTS) {
      const files = readDocuments(
        group.map(({ text, file }) => ({ text, ...(file !== undefined ? { file } : {}) })),
      );
      group.forEach((input, i) => parsed.set(input, files[i] as ParsedFile));
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

/** The searches of a query, through every step of a multi-event query. */
function searchesOf(query: Rule['query']): SearchQuery[] {
  switch (query.kind) {
    case 'search':
      return [query];
    case 'sequence':
    case 'temporal':
    case 'aggregate':
      return query.steps.flatMap((s) => searchesOf(s.query));
    default:
      return [];
  }
}

/** The data-model families a dialect's own rules are written in. */
const NATIVE_FAMILIES: Record<string, string[]> = { sigma: [HUB], eql: ['ecs'], kql: ['sentinel', 'asim'] };

/** What a conversion is asked to do about data models. */
export interface MappingOptions {
  unmapped?: UnmappedPolicy;
  /** The target data model (`ecs`, `sentinel-mde`, `sentinel-securityevent` …); the dialect's default if absent. */
  profile?: string;
}

/**
 * Rewrites a rule into the data model of the target (the profile asked for, or the dialect's default) through
 * the hub, when the rule is in another one. A model rulestone has no mapping for is refused, or kept with a
 * warning under `--unmapped keep`.
 */
function toTargetModel(
  rule: Rule,
  target: DialectModule,
  options: MappingOptions,
): { rule?: Rule; diagnostics: Diagnostic[] } {
  const unmapped = options.unmapped ?? 'error';
  const targetId = options.profile ?? DEFAULT_PROFILE[target.dialect];
  if (targetId === undefined) return { rule, diagnostics: [] };
  const to = targetId === HUB ? null : (DATA_MODELS[targetId] ?? null);
  if (targetId !== HUB && !to)
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'mapping/unknown-profile',
          message: `no data model is called '${targetId}'`,
        },
      ],
    };
  const targetFamily = to ? (to.family ?? to.id) : HUB;
  const searches = searchesOf(rule.query);
  const families = [...new Set(searches.map((s) => s.source.model))];
  const first = searches[0];
  const from =
    first && families[0] !== HUB ? modelForSource(families[0] as string, first.source.native) : undefined;
  // A dialect's own rules need no mapping unless a profile is asked for (KQL reads Sentinel tables and ASIM).
  const native =
    options.profile === undefined ? (NATIVE_FAMILIES[target.dialect] ?? [targetFamily]) : [targetFamily];
  const sameModel =
    families.every((f) => native.includes(f)) &&
    (options.profile === undefined || from === undefined || from === to);
  if (searches.length === 0 || sameModel) return { rule, diagnostics: [] };
  const problem =
    families.length > 1
      ? `the rule mixes data models (${families.join(', ')})`
      : families[0] !== HUB && !from
        ? `no data-model mapping for ${families[0]} events from ${JSON.stringify(first?.source.native.table ?? first?.source.native.function ?? first?.source.native.category ?? '?')} exists yet`
        : undefined;
  if (problem !== undefined) {
    if (unmapped === 'keep') {
      return {
        rule,
        diagnostics: [
          {
            severity: 'warning',
            code: 'mapping/unmapped-fields',
            message: `${problem}: field names and event sources are kept as they are, so the ${target.dialect} query may match nothing`,
          },
        ],
      };
    }
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'mapping/no-mapping',
          message: `${problem} (to ${targetId}); --unmapped keep writes the field names as they are, with a warning`,
        },
      ],
    };
  }
  try {
    return mapRule(rule, from ?? null, to, { unmapped });
  } catch (error) {
    if (!isRuleError(error)) throw error;
    return { diagnostics: [error.diagnostic] };
  }
}

/** What to do with fields of another data model than the target's: refuse (the default) or keep them. */
export type UnmappedPolicy = 'error' | 'keep';

/** Prints one rule in a target dialect; a rule the dialect cannot express comes back as an error diagnostic. */
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
  if (!mapped.rule) return { diagnostics: mapped.diagnostics.map((d) => ({ ...where, ...d })) };
  try {
    const written = writeDocument(mapped.rule, format, template !== undefined ? { template } : {});
    const diagnostics = [...mapped.diagnostics, ...written.diagnostics].map((d) => ({ ...where, ...d }));
    return written.text === '' ? { diagnostics } : { text: written.text, diagnostics };
  } catch (error) {
    if (!isRuleError(error)) throw error;
    return { diagnostics: [{ ...where, ...error.diagnostic }] };
  }
}

export function printRule(
  rule: Rule,
  target: DialectModule,
  where: { file?: string; document?: number } = {},
  mapping: MappingOptions = {},
): Printed {
  const mapped = toTargetModel(rule, target, mapping);
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
  const modelId = mapping.profile ?? DEFAULT_PROFILE[target.dialect] ?? HUB;
  const model = modelId === HUB ? null : (DATA_MODELS[modelId] ?? null);
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
