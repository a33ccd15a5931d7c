import type { CategoryModel } from '../types.js';

/** Linux and macOS, and network, web, proxy, DNS and appliance logs, in Sentinel tables. */
export const SENTINEL_UNIX_CATEGORIES: CategoryModel[] = [];
