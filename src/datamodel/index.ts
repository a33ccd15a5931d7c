import type { DataModel } from './types.js';
import { ECS_MODEL } from './models/ecs.js';

export type { DataModel, CategoryModel } from './types.js';
export { mapRule, HUB, type MapOptions } from './map.js';

/** The data models shipped with rulestone, by id; the hub (`sigma`) is the identity and has no entry. */
export const DATA_MODELS: Record<string, DataModel> = { ecs: ECS_MODEL };
export { DATA_MODEL_SCHEMA } from './schema.js';
