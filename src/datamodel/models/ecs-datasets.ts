import type { Predicate, SearchQuery } from '../../ir/types.js';
import { conjuncts } from '../../ir/normalize.js';
import { literalText } from '../../ir/pattern.js';
import { liftEqlComputations } from '../../lower/eql-computations.js';
import { SENTINEL_TABLE_PRODUCT } from './sentinel-tables.js';
import type { CategoryModel, DataModel } from '../types.js';
import { carriedServicesOf, carriedServicesReadBy, hubRefusal, modelFamily, withEntries } from './carried.js';

/**
 * Elastic data streams that no Sigma log source stands for: the Network Packet Capture integration's
 * protocol streams (`network_traffic.redis`, `.mysql`, `.pgsql` …), Google Workspace's drive, token and device
 * activity, File Integrity Monitoring's `fim.event`, Elastic Defend's alerts. The mirror of the Sentinel tables
 * (sentinel-tables.ts): rather than refuse an EQL query whose data stream selector (`data_stream.dataset ==
 * "…"`, or `event.dataset`, one value, at the query's top level) names a data stream no ECS entry reads, and
 * which no entry reads otherwise, the hub is extended with one log source per data stream, `product: elastic`
 * with the data stream as its `service`, whose fields are the ECS fields by name. Such a rule keeps its meaning
 * in Sigma and comes back to EQL as `<category> where data_stream.dataset == "…" and …` (the selector Elastic's
 * own rules for these data streams test), while any other target refuses it by name. A data stream an entry
 * reads keeps going through that entry, and the events a query's EQL category selects are said in the hub as
 * the ECS test they are (`network where` is `event.category == "network"`).
 */
export const ELASTIC_DATASET_PRODUCT = 'elastic';

/** The prefix of Elastic Defend's event data streams (`endpoint.events.process`, `.file` …). */
const DEFEND_EVENTS = 'endpoint.events.';

/** The data stream selector written (as Elastic's rules test it), and the one recognised in its stead. */
const WRITTEN = 'data_stream.dataset';
const ALSO_READ = 'event.dataset';
/**
 * The integration's selector, for a query that names the integration (the module) but none of its data streams
 * (`network where event.module == "network_traffic"`): carried as the module's own log source, whose name has no
 * dot, as data stream names (`<module>.<stream>`) always have.
 */
const MODULE = 'event.module';

/**
 * ECS's `event.category` values, each also an EQL event category (`file where` tests `event.category ==
 * "file"`): a hub rule of a carried data stream that requires one is written with it as its EQL category.
 */
const EVENT_CATEGORIES = [
  'api',
  'authentication',
  'configuration',
  'database',
  'driver',
  'email',
  'file',
  'host',
  'iam',
  'intrusion_detection',
  'library',
  'malware',
  'network',
  'package',
  'process',
  'registry',
  'session',
  'threat',
  'vulnerability',
  'web',
];

/** The ECS family, as EQL rules are read into it. */
const ECS_FAMILY = 'ecs';

/**
 * The entries of one carried data stream: per EQL category, one that reads (and writes) a query of that
 * category, saying its events in the hub as `event.category` is that category (`when`); then `any`, written for
 * a rule that requires no category.
 */
function datasetEntries(dataset: string, categories: Iterable<string>): CategoryModel[] {
  const module = !dataset.includes('.');
  const base = (eqlCategory: string): CategoryModel => ({
    logsource: { product: ELASTIC_DATASET_PRODUCT, service: dataset },
    source: {
      eqlCategory,
      where: [{ field: module ? MODULE : WRITTEN, values: [dataset], cased: true }],
      ...(module
        ? {}
        : { recognised: [{ field: ALSO_READ, values: [dataset], cased: true, insteadOf: WRITTEN }] }),
    },
    fields: {},
    // Every ECS field is a hub field of the same name.
    fieldPrefix: '',
  });
  const named = [...new Set(categories)].filter((c) => c !== 'any');
  return [
    ...named.map((category) => ({
      ...base(category),
      when: { field: 'event.category', values: [category] },
    })),
    base('any'),
  ];
}

/**
 * The data streams the ECS-family models' entries of Sigma log sources read (their selectors and recognised
 * conditions). Those of carried Sentinel tables (ecs-sentinel-tables: the Google Workspace data streams as
 * Sentinel's GWorkspaceActivityReports) are no Sigma log source: a query they do not read is carried here.
 */
function datasetsRead(models: DataModel[]): { has(dataset: string): boolean } {
  const read = new Set<string>();
  for (const model of models) {
    for (const entry of model.categories) {
      if (entry.logsource.product === SENTINEL_TABLE_PRODUCT) continue;
      const conditions = [...entry.source.where, ...(entry.source.recognised ?? [])];
      for (const c of conditions) {
        if (c.field === WRITTEN || c.field === ALSO_READ) c.values.forEach((v) => read.add(String(v)));
      }
    }
  }
  // Elastic Defend's event data streams are the events the entries of each EQL category read, by Defend's field
  // names, whether or not a selector names them.
  // A module is known where one of its data streams is (Defend's `endpoint` among them).
  const modules = new Set([...read, DEFEND_EVENTS].map((d) => d.split('.')[0] as string));
  return {
    has: (dataset) =>
      read.has(dataset) ||
      dataset.startsWith(DEFEND_EVENTS) ||
      (!dataset.includes('.') && modules.has(dataset)),
  };
}

/**
 * The one data stream a query selects at its top level (`data_stream.dataset == "x" and …`), if it does; else the
 * one integration (`event.module == "x"`).
 */
export function datasetSelected(search: SearchQuery): string | undefined {
  return selected(search, [WRITTEN, ALSO_READ]) ?? selected(search, [MODULE]);
}

function selected(search: SearchQuery, fields: string[]): string | undefined {
  const named = conjuncts(search.filter).flatMap((item) => {
    if (item.kind !== 'predicate') return [];
    const p = item as Predicate;
    if (p.field === null || !fields.includes(p.field)) return [];
    if (p.op !== 'eq' || p.transforms.length || p.values.length !== 1) return [];
    const value = p.values[0];
    const text = value?.type === 'string' ? literalText(value.pattern) : null;
    return text ? [text] : [];
  });
  return named.length > 0 && named.every((n) => n === named[0]) ? named[0] : undefined;
}

/** Whether the model reads the query into the hub as it is (EQL computations lifted first, as the mapping does). */
function readsAsItIs(model: DataModel, search: SearchQuery): boolean {
  return hubRefusal(model, search, liftEqlComputations) === undefined;
}

/**
 * An ECS model able to read the rule's searches of data streams no entry reads, each as its own hub log source
 * (the model itself for other families, or when no search needs it).
 */
export function withUnknownDatasetsRead(
  model: DataModel,
  searches: SearchQuery[],
  models: Record<string, DataModel>,
): DataModel {
  if (modelFamily(model) !== ECS_FAMILY) return model;
  const known = datasetsRead(Object.values(models).filter((m) => modelFamily(m) === ECS_FAMILY));
  const carried = new Map<string, Set<string>>();
  for (const search of searches) {
    if (search.source.model !== ECS_FAMILY) continue;
    const dataset = datasetSelected(search);
    if (dataset === undefined || known.has(dataset) || readsAsItIs(model, search)) continue;
    const category = search.source.native.category;
    const categories = carried.get(dataset) ?? new Set<string>();
    if (typeof category === 'string') categories.add(category);
    carried.set(dataset, categories);
  }
  return withEntries(
    model,
    [...carried].flatMap(([dataset, categories]) => datasetEntries(dataset, categories)),
  );
}

/** An ECS model able to write these `product: elastic` log sources (services) back to their data streams. */
function withDatasetsWritten(model: DataModel, services: Iterable<string>): DataModel {
  if (modelFamily(model) !== ECS_FAMILY) return model;
  const entries: CategoryModel[] = [];
  for (const service of new Set(services)) {
    const written = model.categories.some(
      (c) => c.logsource.product === ELASTIC_DATASET_PRODUCT && c.logsource.service === service,
    );
    if (!written) entries.push(...datasetEntries(service, EVENT_CATEGORIES));
  }
  return withEntries(model, entries);
}

/** An ECS model able to write the hub's `product: elastic` log sources back to their data streams. */
export function withHubDatasetsWritten(model: DataModel, searches: SearchQuery[]): DataModel {
  return withDatasetsWritten(model, elasticDatasetsOf(searches));
}

/** An ECS model able to write the `product: elastic` log sources another ECS model read a rule's events as. */
export function withReadDatasetsWritten(model: DataModel, reader: DataModel): DataModel {
  const services = carriedServicesReadBy(reader, ELASTIC_DATASET_PRODUCT);
  return services.length ? withDatasetsWritten(model, services) : model;
}

/** The Elastic data streams a hub rule reads through this extension. */
export function elasticDatasetsOf(searches: SearchQuery[]): string[] {
  return carriedServicesOf(searches, ELASTIC_DATASET_PRODUCT);
}
