import type { DataModel } from './types.js';
import { ECS_MODEL } from './models/ecs.js';
import { ASIM_MODEL } from './models/asim.js';
import {
  SENTINEL_DEFAULT_MODEL,
  SENTINEL_MDE_MODEL,
  SENTINEL_SECURITYEVENT_MODEL,
  SENTINEL_SYSMON_MODEL,
} from './models/sentinel.js';

export type { DataModel, CategoryModel } from './types.js';
export { mapRule, HUB, type MapOptions } from './map.js';

/** The data models shipped with rulestone, by id; the hub (`sigma`) is the identity and has no entry. */
export const DATA_MODELS: Record<string, DataModel> = {
  ecs: ECS_MODEL,
  sentinel: SENTINEL_DEFAULT_MODEL,
  'sentinel-mde': SENTINEL_MDE_MODEL,
  'sentinel-securityevent': SENTINEL_SECURITYEVENT_MODEL,
  'sentinel-sysmon': SENTINEL_SYSMON_MODEL,
  asim: ASIM_MODEL,
};

/** The model a dialect writes by default, and the profiles a user may pick instead (`--profile`). */
export const DEFAULT_PROFILE: Record<string, string> = { eql: 'ecs', kql: 'sentinel', sigma: 'sigma' };

/**
 * The model a rule read from a dialect is in: its own id, or for a family (`sentinel`) the member whose
 * categories name the rule's table or function.
 */
export function modelForSource(
  model: string,
  native: Record<string, unknown>,
  models: Record<string, DataModel> = DATA_MODELS,
): DataModel | undefined {
  const reads = (m: DataModel): boolean =>
    m.categories.some(
      (c) =>
        (c.source.table !== undefined && c.source.table === native.table) ||
        (c.source.function !== undefined &&
          c.source.function === native.function &&
          !(native.args as unknown[] | undefined)?.length) ||
        (c.source.eqlCategory !== undefined && c.source.eqlCategory === native.category),
    );
  const family = Object.values(models).filter((m) => (m.family ?? m.id) === model);
  return family.find(reads) ?? models[model];
}
export { DATA_MODEL_SCHEMA } from './schema.js';
export { consistentEvent, eventToModel, eventToHub } from './events.js';
export { eventIsWhen, extractedFields, recogniseEntry } from './map.js';
export { checkDataModel, withUserModels } from './user.js';
export { hubExtensionFields, isExtensionLogsource } from './models/hub-extension.js';
