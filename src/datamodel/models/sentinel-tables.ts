import type { SearchQuery } from '../../ir/types.js';
import { computedColumnsTested } from '../../dialects/kql/computed-columns.js';
import { liftKqlComputations } from '../../lower/kql-computations.js';
import type { CategoryModel, DataModel } from '../types.js';
import { carriedServicesOf, carriedServicesReadBy, hubRefusal, modelFamily, withEntries } from './carried.js';
import { SENTINEL_VENDOR_CATEGORIES } from './sentinel-vendors.js';

/**
 * Sentinel tables that no Sigma log source stands for: connector and custom tables (`CiscoSEGEvent`,
 * `SenservaPro_CL`), parser functions (`afad_parser`), Sentinel's own alert tables. Most of Sentinel's filter
 * rules read one. Rather than refuse them, the hub is extended with one log source per table, `product:
 * sentinel` with the table as its `service`, whose fields are the table's columns by name: a Sentinel rule then
 * keeps its meaning in Sigma and comes back to the same KQL, while any other target refuses it by name, as it
 * has no mapping for those events. Only tables that no model entry reads are carried so; a table with a Sigma
 * log source is mapped through it, except where the query tests a column that log source has no hub name for
 * (CommonSecurityLog's DeviceVendor, Syslog's ProcessName): refused otherwise, such a query is carried as the
 * table's own log source. A solution's parser read as one of Sigma's generic log sources (sentinel-vendors) is
 * carried so whenever its generic entries cannot read the query, as before the parser had one.
 */
export const SENTINEL_TABLE_PRODUCT = 'sentinel';

function tableEntry(name: string, kind: 'table' | 'function'): CategoryModel {
  return {
    logsource: { product: SENTINEL_TABLE_PRODUCT, service: name },
    source: kind === 'table' ? { table: name, where: [] } : { function: name, where: [] },
    fields: {},
    // Every column is a hub field of the same name.
    fieldPrefix: '',
  };
}

/** The data-model family of Sentinel's tables (its profiles), as KQL rules are read into it. */
const SENTINEL_FAMILY = 'sentinel';

/** Whether an entry reads this table or function. */
function readsSource(entry: CategoryModel, native: Record<string, unknown>): boolean {
  return (
    (entry.source.table !== undefined && entry.source.table === native.table) ||
    (entry.source.function !== undefined && entry.source.function === native.function)
  );
}

/** Whether some Sentinel-family model has an entry that reads this table or function. */
function isRead(models: DataModel[], native: Record<string, unknown>): boolean {
  return models.some((m) => m.categories.some((c) => readsSource(c, native)));
}

/**
 * A Sentinel model able to read the rule's searches of tables no model knows, each as its own hub log source
 * (the model itself for other families, or when every table is known).
 */
export function withUnknownTablesRead(
  model: DataModel,
  searches: SearchQuery[],
  models: Record<string, DataModel>,
): DataModel {
  if (modelFamily(model) !== SENTINEL_FAMILY) return model;
  const sentinel = Object.values(models).filter((m) => modelFamily(m) === SENTINEL_FAMILY);
  const entries = new Map<string, CategoryModel>();
  const notRead = new Set<CategoryModel>();
  for (const search of searches) {
    const native = search.source.native;
    if (search.source.model !== SENTINEL_FAMILY) continue;
    const readers = entriesReading(model, native);
    const vendor = readers.filter((c) => SENTINEL_VENDOR_CATEGORIES.includes(c));
    if (vendor.length) {
      if (readThrough(model, vendor, search) === 'read') continue;
      vendor.forEach((e) => notRead.add(e));
    } else if (readers.length && readThrough(model, readers, search) === 'column without a hub name') {
      readers.forEach((e) => notRead.add(e));
    } else if (isRead(sentinel, native)) continue;
    // A column the query computes (`extend X = tolower(Y)`) is no column of the table: carried into Sigma as a
    // field it would mean something else, so such a query is not carried.
    if (computedColumnsTested(search).length) continue;
    if (typeof native.table === 'string') entries.set(native.table, tableEntry(native.table, 'table'));
    else if (typeof native.function === 'string' && !(native.args as unknown[] | undefined)?.length) {
      entries.set(native.function, tableEntry(native.function, 'function'));
    }
  }
  const carried = notRead.size
    ? { ...model, categories: model.categories.filter((c) => !notRead.has(c)) }
    : model;
  return withEntries(carried, [...entries.values()]);
}

/** The model's entries that read this table or parameterless function. */
function entriesReading(model: DataModel, native: Record<string, unknown>): CategoryModel[] {
  if ((native.args as unknown[] | undefined)?.length) return [];
  return model.categories.filter((c) => readsSource(c, native));
}

/**
 * How a query reads into the hub through these entries (as the mapping reads it, KQL computations lifted
 * first): read, refused for a column they have no hub name for, or refused otherwise.
 */
function readThrough(
  model: DataModel,
  entries: CategoryModel[],
  search: SearchQuery,
): 'read' | 'column without a hub name' | 'refused' {
  const refusal = hubRefusal({ ...model, categories: entries }, search, liftKqlComputations);
  if (refusal === undefined) return 'read';
  // Read into the hub, an unmapped field is a column the entries have no hub name for.
  return refusal.code === 'mapping/unmapped-field' ? 'column without a hub name' : 'refused';
}

/** A Sentinel model able to write these `product: sentinel` log sources (services) back to their tables. */
function withTablesWritten(model: DataModel, services: Iterable<string>): DataModel {
  if (modelFamily(model) !== SENTINEL_FAMILY) return model;
  const entries = new Map<string, CategoryModel>();
  for (const service of services) {
    const written = model.categories.some(
      (c) => c.logsource.product === SENTINEL_TABLE_PRODUCT && c.logsource.service === service,
    );
    if (!written) entries.set(service, tableEntry(service, 'table'));
  }
  return withEntries(model, [...entries.values()]);
}

/** A Sentinel model able to write the hub's `product: sentinel` log sources back to their tables. */
export function withHubTablesWritten(model: DataModel, searches: SearchQuery[]): DataModel {
  return withTablesWritten(model, sentinelTablesOf(searches));
}

/**
 * A Sentinel model able to write the `product: sentinel` log sources another model reads its events as (the
 * ECS entries of the integrations that ingest a Sentinel table's vendor data), for a rule that goes from that
 * model through the hub to Sentinel in one pass.
 */
export function withReadTablesWritten(model: DataModel, reader: DataModel): DataModel {
  const services = carriedServicesReadBy(reader, SENTINEL_TABLE_PRODUCT);
  return services.length ? withTablesWritten(model, services) : model;
}

/** The Sentinel tables a hub rule reads through this extension. */
export function sentinelTablesOf(searches: SearchQuery[]): string[] {
  return carriedServicesOf(searches, SENTINEL_TABLE_PRODUCT);
}
