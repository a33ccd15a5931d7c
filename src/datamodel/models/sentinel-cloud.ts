import type { CategoryModel } from '../types.js';

/** Cloud and SaaS audit logs in Sentinel tables (SigninLogs, AuditLogs, AzureActivity, OfficeActivity, AWSCloudTrail …). */
export const SENTINEL_CLOUD_CATEGORIES: CategoryModel[] = [];
