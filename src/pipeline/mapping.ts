import type { Rule, SearchQuery } from '../ir/types.js';
import { computedColumnsTested } from '../dialects/kql/computed-columns.js';
import { fieldsOf, searchesOf } from '../ir/normalize.js';
import type { DialectModule } from '../dialects/types.js';
import { isRuleError, type Diagnostic } from '../report/diagnostics.js';
import {
  DATA_MODELS,
  DEFAULT_PROFILE,
  HUB,
  mapRule,
  modelForSource,
  hubExtensionFields,
  isExtensionLogsource,
  type DataModel,
} from '../datamodel/index.js';
import { liftEqlComputations } from '../lower/eql-computations.js';
import { liftKqlComputations } from '../lower/kql-computations.js';
import {
  SENTINEL_TABLE_PRODUCT,
  sentinelTablesOf,
  withHubTablesWritten,
  withReadTablesWritten,
  withUnknownTablesRead,
} from '../datamodel/models/sentinel-tables.js';
import {
  ELASTIC_DATASET_PRODUCT,
  elasticDatasetsOf,
  withHubDatasetsWritten,
  withReadDatasetsWritten,
  withUnknownDatasetsRead,
} from '../datamodel/models/ecs-datasets.js';

/** The data-model families a dialect's own rules are written in. */
const NATIVE_FAMILIES: Record<string, string[]> = { sigma: [HUB], eql: ['ecs'], kql: ['sentinel', 'asim'] };

/** What a conversion is asked to do about data models. */
export interface MappingOptions {
  unmapped?: UnmappedPolicy;
  /** The target data model (`ecs`, `sentinel-mde`, `sentinel-securityevent` …); the dialect's default if absent. */
  profile?: string;
  /** The data models to map with: the shipped ones unless a user's own were added (`--mapping`). */
  models?: Record<string, DataModel>;
}

/**
 * Rewrites a rule into the data model of the target (the profile asked for, or the dialect's default) through
 * the hub, when the rule is in another one. A model rulestone has no mapping for is refused, or kept with a
 * warning under `--unmapped keep`.
 */
/** The id of the data model a conversion writes: the profile asked for, or the dialect's default. */
function targetModelId(target: DialectModule, options: MappingOptions): string | undefined {
  return options.profile ?? DEFAULT_PROFILE[target.dialect];
}

/** The data model a conversion writes (null: the hub, Sigma's taxonomy, or an unknown profile). */
export function targetModel(target: DialectModule, options: MappingOptions): DataModel | null {
  const id = targetModelId(target, options) ?? HUB;
  return id === HUB ? null : ((options.models ?? DATA_MODELS)[id] ?? null);
}

/**
 * The source model as a rule's searches read it: Sentinel tables and Elastic data streams no Sigma log source
 * stands for carried as log sources of their own (see sentinel-tables, ecs-datasets).
 */
export function withCarriedSourcesRead(
  model: DataModel,
  searches: SearchQuery[],
  models: Record<string, DataModel>,
): DataModel {
  return withUnknownDatasetsRead(withUnknownTablesRead(model, searches, models), searches, models);
}

export function toTargetModel(
  rule: Rule,
  target: DialectModule,
  options: MappingOptions,
): { rule?: Rule; diagnostics: Diagnostic[] } {
  const unmapped = options.unmapped ?? 'error';
  const targetId = targetModelId(target, options);
  if (targetId === undefined) return { rule, diagnostics: [] };
  const to = targetModel(target, options);
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
  const models = options.models ?? DATA_MODELS;
  const sourceModel =
    first && families[0] !== HUB
      ? modelForSource(families[0] as string, first.source.native, models)
      : undefined;
  // A dialect's own rules need no mapping unless a profile is asked for (KQL reads Sentinel tables and ASIM).
  const native =
    options.profile === undefined ? (NATIVE_FAMILIES[target.dialect] ?? [targetFamily]) : [targetFamily];
  const sameModel =
    families.every((f) => native.includes(f)) &&
    (options.profile === undefined || sourceModel === undefined || sourceModel === to);
  if (searches.length === 0 || sameModel) return { rule, diagnostics: [] };
  const computed = computedColumnProblem(searches);
  if (computed !== undefined && unmapped !== 'keep') {
    return { diagnostics: [{ severity: 'error', code: 'mapping/computed-column', message: computed }] };
  }
  const from = sourceModel && withCarriedSourcesRead(sourceModel, searches, models);
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
    const into =
      to && families[0] === HUB
        ? withHubDatasetsWritten(withHubTablesWritten(to, searches), searches)
        : to && from
          ? withReadDatasetsWritten(withReadTablesWritten(to, from), from)
          : to;
    const lifted =
      from?.dialect === 'kql'
        ? liftKqlComputations(rule)
        : from?.dialect === 'eql'
          ? liftEqlComputations(rule)
          : { rule, diagnostics: [] };
    const mapped = mapRule(lifted.rule, from ?? null, into, { unmapped });
    const notes = [
      ...lifted.diagnostics,
      ...mapped.diagnostics,
      ...(to ? [] : hubExtensionNotes(mapped.rule)),
    ];
    return { ...mapped, diagnostics: notes };
  } catch (error) {
    if (!isRuleError(error)) throw error;
    return { diagnostics: [error.diagnostic] };
  }
}

/** What to do with fields of another data model than the target's: refuse (the default) or keep them. */
export type UnmappedPolicy = 'error' | 'keep';

/**
 * What a rule in the hub uses of rulestone's extension of Sigma's taxonomy: fields by their ECS names, for what
 * the taxonomy cannot say, and Sentinel tables as log sources. Valid Sigma, but a Sigma backend needs a mapping
 * for those names.
 */
function hubExtensionNotes(rule: Rule): Diagnostic[] {
  const searches = searchesOf(rule.query);
  const notes: Diagnostic[] = [];
  const tables = sentinelTablesOf(searches);
  if (tables.length) {
    notes.push({
      severity: 'info',
      code: 'mapping/sentinel-table',
      message: `the Sentinel table${tables.length > 1 ? 's' : ''} ${tables.join(', ')}: written as product ${SENTINEL_TABLE_PRODUCT} with the table as service and its columns as fields (rulestone's extension of the taxonomy), as no Sigma log source stands for the table or none names every column the query tests; only a Sentinel target reads it`,
    });
  }
  const datasets = elasticDatasetsOf(searches);
  if (datasets.length) {
    notes.push({
      severity: 'info',
      code: 'mapping/elastic-dataset',
      message: `the Elastic data stream${datasets.length > 1 ? 's' : ''} ${datasets.join(', ')}: written as product ${ELASTIC_DATASET_PRODUCT} with the data stream (or the integration, where the query names no data stream of it) as service and its ECS fields as fields (rulestone's extension of the taxonomy), as no Sigma log source stands for it; only an Elastic target reads it`,
    });
  }
  const categories = [
    ...new Set(
      searches.flatMap((s) =>
        isExtensionLogsource(s.source) ? [`${s.source.product}/${s.source.category}`] : [],
      ),
    ),
  ];
  if (categories.length) {
    notes.push({
      severity: 'info',
      code: 'mapping/hub-extension',
      message: `${categories.join(', ')}: Sigma's taxonomy has no such log source (rulestone's extension of it, for events Elastic Defend and Defender report); a Sigma backend needs a mapping for it`,
    });
  }
  const used = new Set<string>();
  for (const search of searches) {
    const extension = hubExtensionFields(search.source);
    for (const field of fieldsOf(search.filter)) if (extension.includes(field)) used.add(field);
  }
  if (used.size === 0) return notes;
  return [
    ...notes,
    {
      severity: 'info',
      code: 'mapping/hub-extension',
      message: `${[...used].sort().join(', ')}: not in Sigma's taxonomy, so written by ECS name (rulestone's extension of the taxonomy); a Sigma backend needs a mapping for ${used.size > 1 ? 'them' : 'it'}`,
    },
  ];
}

/**
 * A query that tests a column it computes (`extend X = tolower(Y) | where X …`): another model knows the table's
 * own columns only, and would read X as one of them (or as nothing).
 */
function computedColumnProblem(searches: SearchQuery[]): string | undefined {
  for (const search of searches) {
    const tested = computedColumnsTested(search);
    if (tested.length) {
      return `the query tests ${tested.join(', ')}, which it computes (extend/parse): another data model has the table's own columns only`;
    }
  }
  return undefined;
}
