import type { CategoryModel } from '../types.js';

/** Windows event logs and Sysmon events in Sentinel tables beyond the Defender process, file and module tables. */
export const SENTINEL_WINDOWS_CATEGORIES: CategoryModel[] = [];
