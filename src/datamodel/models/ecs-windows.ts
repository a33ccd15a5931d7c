import type { CategoryModel } from '../types.js';

/** Windows event logs and the Sysmon events Elastic Defend does not write, as the Windows and Sysmon integrations record them. */
export const ECS_WINDOWS_CATEGORIES: CategoryModel[] = [];
