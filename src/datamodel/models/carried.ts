/**
 * What the two carriages share: Sentinel tables (sentinel-tables.ts, `product: sentinel`) and Elastic data streams
 * (ecs-datasets.ts, `product: elastic`) that no Sigma log source stands for, each read into the hub as a log source
 * of its own whose service names the table or data stream.
 */
import type { Rule, SearchQuery } from '../../ir/types.js';
import { RuleError, type Diagnostic } from '../../report/diagnostics.js';
import { mapRule } from '../map.js';
import type { CategoryModel, DataModel } from '../types.js';

/** The family a model's queries are read in (a model that names none is its own). */
export function modelFamily(model: DataModel): string {
  return model.family ?? model.id;
}

/** The model with these entries after its own. */
export function withEntries(model: DataModel, entries: CategoryModel[]): DataModel {
  if (entries.length === 0) return model;
  return { ...model, categories: [...model.categories, ...entries] };
}

const carriedService = (
  logsource: { product?: string; category?: string; service?: string },
  product: string,
): string | undefined =>
  logsource.product === product && logsource.category === undefined ? logsource.service : undefined;

/** The services of a carried product that hub searches read. */
export function carriedServicesOf(searches: SearchQuery[], product: string): string[] {
  return [...new Set(searches.flatMap((s) => carriedService(s.source, product) ?? []))];
}

/** The services of a carried product that a model's entries stand for. */
export function carriedServicesReadBy(model: DataModel, product: string): string[] {
  return model.categories.flatMap(({ logsource }) => carriedService(logsource, product) ?? []);
}

/**
 * Why a query does not read into the hub through a model (its computations lifted first, as the mapping lifts
 * them), or undefined where it does.
 */
export function hubRefusal(
  model: DataModel,
  search: SearchQuery,
  lift: (rule: Rule) => { rule: Rule },
): Diagnostic | undefined {
  const rule = { meta: { title: '' }, query: search } as unknown as Rule;
  try {
    mapRule(lift(rule).rule, model, null, { unmapped: 'error' });
    return undefined;
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    return error.diagnostic;
  }
}
