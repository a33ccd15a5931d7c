import type { CategoryModel } from '../types.js';

/** Linux and macOS beyond process starts, and network, web, proxy, DNS and appliance logs, as Elastic integrations record them. */
export const ECS_UNIX_CATEGORIES: CategoryModel[] = [];
