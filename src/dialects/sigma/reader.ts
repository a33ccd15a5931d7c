import jsYaml from 'js-yaml';
import type {
  AggregateFunction,
  Duration,
  JoinKey,
  Query,
  Rule,
  RuleMeta,
  Source,
  Step,
  Threshold,
} from '../../ir/types.js';
import { RuleError, isRuleError, type Diagnostic } from '../../report/diagnostics.js';
import type { ParsedFile, ParsedRule, SourceText } from '../types.js';
import { readDetection, type DetectionContext, type YamlPath } from './detection.js';
import { readMeta } from './meta.js';
import { createLocator } from './locate.js';
import { fastLoadAll } from './fast-yaml.js';

type YamlDoc = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document read as far as it can be without looking at other documents. */
interface Pending {
  file: number;
  document: number;
  /** Kept only for correlations, which are built once every document is read. */
  doc: YamlDoc | undefined;
  meta?: RuleMeta;
  /** Set for detection rules and filters; correlations get theirs once their references resolve. */
  query?: Query;
  diagnostics: Diagnostic[];
  failed: boolean;
}

const CORRELATION_TYPES: Record<string, AggregateFunction | 'temporal' | 'temporal_ordered'> = {
  event_count: 'count',
  value_count: 'distinct_count',
  value_sum: 'sum',
  value_avg: 'avg',
  value_percentile: 'percentile',
  value_median: 'median',
  temporal: 'temporal',
  temporal_ordered: 'temporal_ordered',
};

const THRESHOLD_KEYS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;

export function parseDuration(text: string): Duration | null {
  const match = /^(\d+)(ms|s|m|h|d|w|M|y)$/.exec(text.trim());
  return match ? { value: Number(match[1]), unit: match[2] as Duration['unit'] } : null;
}

export function readSource(logsource: unknown, taxonomy: string | undefined, ctx: DetectionContext): Source {
  if (!isPlainObject(logsource)) {
    throw new RuleError({
      code: 'sigma/missing-logsource',
      message: "the rule has no 'logsource' map",
      path: ['logsource'],
    });
  }
  // The loaded object is not shared with anything else, so the IR keeps it as it is.
  const source: Source = { model: taxonomy ?? 'sigma', native: { logsource } };
  for (const key of ['category', 'product', 'service'] as const) {
    const value = logsource[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') source[key] = value;
    else
      ctx.warn(
        'sigma/bad-logsource',
        `logsource '${key}' should be a single string, found ${JSON.stringify(value)}`,
        ['logsource', key],
      );
  }
  return source;
}

function readThreshold(raw: unknown, path: YamlPath): Threshold & { field?: string; percentile?: number } {
  if (!isPlainObject(raw))
    throw new RuleError({
      code: 'sigma/bad-correlation',
      message: "a correlation 'condition' must be a map such as {gte: 10}",
      path,
    });
  const threshold: Threshold & { field?: string; percentile?: number } = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((THRESHOLD_KEYS as readonly string[]).includes(key) || key === 'percentile') {
      if (typeof value !== 'number')
        throw new RuleError({
          code: 'sigma/bad-correlation',
          message: `'${key}' needs a number`,
          path: [...path, key],
        });
      (threshold as Record<string, number>)[key] = value;
    } else if (key === 'field') {
      threshold.field = String(value);
    } else {
      throw new RuleError({
        code: 'sigma/bad-correlation',
        message: `unknown correlation condition '${key}' (known: ${THRESHOLD_KEYS.join(', ')}, field, percentile)`,
        path: [...path, key],
      });
    }
  }
  return threshold;
}

/** Warnings go to the document's diagnostics. */
class PendingContext implements DetectionContext {
  constructor(private readonly pending: Pending) {}

  warn(code: string, message: string, path: YamlPath): void {
    this.pending.diagnostics.push({ severity: 'warning', code, message, path });
  }
}

function readDocument(pending: Pending, doc: YamlDoc): void {
  const ctx = new PendingContext(pending);
  pending.meta = readMeta(doc, ctx);
  const taxonomy = typeof doc.taxonomy === 'string' ? doc.taxonomy : undefined;
  if (doc.detection !== undefined) {
    const source = readSource(doc.logsource, taxonomy, ctx);
    pending.query = { kind: 'search', source, filter: readDetection(doc.detection, ['detection'], ctx) };
  } else if (doc.filter !== undefined) {
    const filter = doc.filter;
    if (!isPlainObject(filter))
      throw new RuleError({ code: 'sigma/bad-filter', message: "'filter' must be a map", path: ['filter'] });
    const source = readSource(doc.logsource, taxonomy, ctx);
    const rules = filter.rules;
    let appliesTo: string[] | 'any';
    if (rules === 'any' || (Array.isArray(rules) && rules.length === 0)) appliesTo = 'any';
    else if (Array.isArray(rules)) appliesTo = rules.map(String);
    else if (typeof rules === 'string') appliesTo = [rules];
    else
      throw new RuleError({
        code: 'sigma/bad-filter',
        message: "a filter needs 'rules': a list of rule ids or names, or 'any'",
        path: ['filter'],
      });
    const { rules: _rules, ...detection } = filter;
    pending.query = { kind: 'filter', source, appliesTo, filter: readDetection(detection, ['filter'], ctx) };
  } else if (doc.correlation !== undefined) {
    const correlation = doc.correlation;
    if (isPlainObject(correlation) && correlation.generate !== undefined) {
      // pySigma reads `generate` inside `correlation`, the schema at the top: keep where the author put it.
      const sigma = (pending.meta.extensions.sigma ??= {});
      sigma.correlationGenerate = Boolean(correlation.generate);
    }
  } else {
    throw new RuleError({
      code: 'sigma/missing-detection',
      message: "the document has no 'detection', 'correlation' or 'filter'",
      path: [],
    });
  }
}

/** Resolves a correlation's references and builds its query; other correlations are resolved on demand. */
class CorrelationResolver {
  private readonly byKey = new Map<string, Pending>();
  private readonly resolving = new Set<Pending>();

  constructor(all: Pending[]) {
    for (const p of all) {
      if (p.failed || !p.meta) continue;
      if (p.meta.id) this.byKey.set(p.meta.id, p);
      if (p.meta.name) this.byKey.set(p.meta.name, p);
    }
  }

  queryOf(p: Pending): Query {
    if (p.query) return p.query;
    if (this.resolving.has(p)) {
      throw new RuleError({
        code: 'sigma/correlation-cycle',
        message: 'correlations refer to each other in a cycle',
        path: ['correlation', 'rules'],
      });
    }
    this.resolving.add(p);
    try {
      p.query = this.build(p);
      return p.query;
    } finally {
      this.resolving.delete(p);
    }
  }

  private build(p: Pending): Query {
    const correlation = p.doc?.correlation;
    const path: YamlPath = ['correlation'];
    if (!isPlainObject(correlation))
      throw new RuleError({ code: 'sigma/bad-correlation', message: "'correlation' must be a map", path });
    const type = String(correlation.type ?? '');
    const kind = CORRELATION_TYPES[type];
    if (!kind) {
      throw new RuleError({
        code: 'sigma/bad-correlation',
        message: `unknown correlation type '${type}' (known: ${Object.keys(CORRELATION_TYPES).join(', ')})`,
        path: [...path, 'type'],
      });
    }
    const rawRules = typeof correlation.rules === 'string' ? [correlation.rules] : correlation.rules;
    if (!Array.isArray(rawRules) || rawRules.length === 0) {
      throw new RuleError({
        code: 'sigma/bad-correlation',
        message: "a correlation needs 'rules': the ids or names of the rules it correlates",
        path: [...path, 'rules'],
      });
    }
    const steps: Step[] = rawRules.map((ref, i) => {
      const key = String(ref);
      const target = this.byKey.get(key);
      if (!target) {
        throw new RuleError({
          code: 'sigma/unknown-reference',
          message: `the correlation refers to '${key}', which is no rule id or name in this batch`,
          path: [...path, 'rules', i],
        });
      }
      if (target.failed) {
        throw new RuleError({
          code: 'sigma/broken-reference',
          message: `the correlation refers to '${key}', which could not be read`,
          path: [...path, 'rules', i],
        });
      }
      if (target.query?.kind === 'filter') {
        throw new RuleError({
          code: 'sigma/bad-reference',
          message: `'${key}' is a filter, not a rule`,
          path: [...path, 'rules', i],
        });
      }
      const meta = target.meta as RuleMeta;
      return {
        query: this.queryOf(target),
        ref: {
          ...(meta.id ? { id: meta.id } : {}),
          ...(meta.name ? { name: meta.name } : {}),
          title: meta.title,
          inline: target.file === p.file,
        },
      };
    });
    const refKeys = rawRules.map(String);
    const keys = this.readKeys(correlation, steps, refKeys, path);
    const timespanRaw = correlation.timespan;
    const window = timespanRaw === undefined ? undefined : parseDuration(String(timespanRaw));
    if (timespanRaw !== undefined && !window) {
      throw new RuleError({
        code: 'sigma/bad-timespan',
        message: `timespan '${String(timespanRaw)}' is not a number with a unit (s, m, h, d)`,
        path: [...path, 'timespan'],
      });
    }
    if (!window)
      throw new RuleError({
        code: 'sigma/bad-correlation',
        message: "a correlation needs a 'timespan'",
        path,
      });
    const conditionRaw = correlation.condition;
    if (kind === 'temporal_ordered' || kind === 'temporal') {
      let condition: Threshold | undefined;
      if (conditionRaw !== undefined) {
        if (typeof conditionRaw === 'string') {
          throw new RuleError({
            code: 'sigma/unsupported',
            message:
              'boolean correlation conditions are a pySigma extension outside the specification and are not supported',
            path: [...path, 'condition'],
          });
        }
        const { field: _f, percentile: _p, ...bounds } = readThreshold(conditionRaw, [...path, 'condition']);
        condition = bounds;
      }
      if (kind === 'temporal_ordered') {
        if (condition && Object.keys(condition).length > 0) {
          throw new RuleError({
            code: 'sigma/unsupported',
            message: 'a condition on temporal_ordered correlations is not supported',
            path: [...path, 'condition'],
          });
        }
        return { kind: 'sequence', keys, maxspan: window, steps };
      }
      return { kind: 'temporal', keys, window, steps, ...(condition ? { condition } : {}) };
    }
    if (conditionRaw === undefined) {
      throw new RuleError({
        code: 'sigma/bad-correlation',
        message: `a ${type} correlation needs a 'condition'`,
        path,
      });
    }
    const { field, percentile, ...condition } = readThreshold(conditionRaw, [...path, 'condition']);
    if (kind !== 'count' && field === undefined) {
      throw new RuleError({
        code: 'sigma/bad-correlation',
        message: `a ${type} correlation needs 'condition.field'`,
        path: [...path, 'condition'],
      });
    }
    return {
      kind: 'aggregate',
      function: kind,
      ...(field !== undefined ? { field } : {}),
      ...(percentile !== undefined ? { percentile } : {}),
      keys,
      window,
      steps,
      condition,
    };
  }

  private readKeys(
    correlation: Record<string, unknown>,
    steps: Step[],
    refKeys: string[],
    path: YamlPath,
  ): JoinKey[] {
    const groupBy = correlation['group-by'];
    const names =
      groupBy === undefined || groupBy === null
        ? []
        : Array.isArray(groupBy)
          ? groupBy.map(String)
          : [String(groupBy)];
    const aliases = correlation.aliases;
    if (aliases !== undefined && aliases !== null && !isPlainObject(aliases)) {
      throw new RuleError({
        code: 'sigma/bad-correlation',
        message: "'aliases' must be a map",
        path: [...path, 'aliases'],
      });
    }
    return names.map((name) => {
      const alias = aliases?.[name];
      if (alias === undefined) return { fields: steps.map(() => name) };
      if (!isPlainObject(alias)) {
        throw new RuleError({
          code: 'sigma/bad-correlation',
          message: `alias '${name}' must map rule names to fields`,
          path: [...path, 'aliases', name],
        });
      }
      const fields = steps.map((step, i) => {
        const candidates = [step.ref?.name, step.ref?.id, refKeys[i]].filter(
          (x): x is string => x !== undefined,
        );
        const hit = candidates.find((c) => alias[c] !== undefined);
        if (hit === undefined) {
          throw new RuleError({
            code: 'sigma/bad-alias',
            message: `alias '${name}' names no field for rule '${refKeys[i]}'`,
            path: [...path, 'aliases', name],
          });
        }
        return String(alias[hit]);
      });
      return { alias: name, fields };
    });
  }
}

/**
 * js-yaml with YAML 1.2 core types: dates stay strings, as Sigma wants them. The fast loader reads the YAML
 * that rules are written in to the very same values; whatever it does not cover (and every error, with its
 * message and position) is js-yaml's.
 */
function loadDocuments(text: string): unknown[] {
  return fastLoadAll(text) ?? jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
}

/**
 * Reads Sigma YAML files as one batch: every document of every file, then correlations resolved against
 * rules of the whole batch by id or name. Each document becomes one ParsedRule; errors stay with their
 * document, positioned by line and column.
 */
export function parseSigma(inputs: SourceText[]): ParsedFile[] {
  const files: ParsedFile[] = [];
  const pendings: Pending[][] = [];
  inputs.forEach((input, fileIndex) => {
    const result: ParsedFile =
      input.file !== undefined
        ? { file: input.file, rules: [], diagnostics: [] }
        : { rules: [], diagnostics: [] };
    files.push(result);
    let docs: unknown[];
    try {
      docs = loadDocuments(input.text);
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const reason = (error as { reason?: string }).reason ?? String(error);
      result.diagnostics.push({
        severity: 'error',
        code: 'sigma/yaml',
        message: `not valid YAML: ${reason}`,
        ...(input.file !== undefined ? { file: input.file } : {}),
        ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {}),
      });
      pendings.push([]);
      return;
    }
    // Sized for every document and cut to those read: these lists live until the whole batch is read.
    const list = new Array<Pending>(docs.length);
    let count = 0;
    docs.forEach((doc, document) => {
      if (doc === null || doc === undefined) return; // an empty document between `---` separators
      const pending: Pending = {
        file: fileIndex,
        document,
        doc: doc as YamlDoc,
        diagnostics: [],
        failed: false,
      };
      list[count++] = pending;
      if (!isPlainObject(doc)) {
        pending.failed = true;
        pending.diagnostics.push({
          severity: 'error',
          code: 'sigma/not-a-rule',
          message: 'a Sigma document must be a map',
          path: [],
        });
        return;
      }
      try {
        readDocument(pending, doc);
        if (pending.query) pending.doc = undefined;
      } catch (error) {
        if (!isRuleError(error)) throw error;
        pending.failed = true;
        pending.diagnostics.push(error.diagnostic);
      }
    });
    list.length = count;
    pendings.push(list);
  });

  // Only correlations need the index of the batch's rules by id and name.
  let resolver: CorrelationResolver | undefined;
  pendings.forEach((list, fileIndex) => {
    const input = inputs[fileIndex] as SourceText;
    const file = files[fileIndex] as ParsedFile;
    const locate = createLocator(input.text);
    if (list.length > 0) file.rules = new Array<ParsedRule>(list.length); // filled below, at its exact size
    list.forEach((p, index) => {
      if (!p.failed && !p.query) {
        try {
          (resolver ??= new CorrelationResolver(pendings.flat())).queryOf(p);
        } catch (error) {
          if (!isRuleError(error)) throw error;
          p.failed = true;
          p.diagnostics.push(error.diagnostic);
        }
      }
      // Nothing adds to a document's diagnostics once its turn here is over: an empty list is handed on.
      const diagnostics =
        p.diagnostics.length === 0
          ? p.diagnostics
          : p.diagnostics.map((d) => {
              const positioned: Diagnostic = { ...d, document: p.document };
              if (input.file !== undefined) positioned.file = input.file;
              if (d.path && d.line === undefined) {
                const { line, column } = locate(p.document, d.path);
                positioned.line = line;
                positioned.column = column;
                positioned.path = d.path.filter((s) => typeof s === 'number' || !s.startsWith('@'));
              }
              return positioned;
            });
      const parsed: ParsedRule = { diagnostics, document: p.document };
      if (!p.failed && p.meta && p.query) {
        // Positions cost a second parse: only worth it where a file holds several documents.
        const pos = list.length > 1 ? locate(p.document, []) : { line: 1, column: 1 };
        parsed.rule = {
          meta: p.meta,
          query: p.query,
          output: [],
          provenance: {
            dialect: 'sigma',
            ...(input.file !== undefined ? { file: input.file } : {}),
            document: p.document,
            pos,
          },
        } satisfies Rule;
      }
      file.rules[index] = parsed;
    });
  });
  return files;
}
