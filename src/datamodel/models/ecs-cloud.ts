import type { CategoryModel } from '../types.js';

/** Cloud and SaaS audit logs (AWS, Azure, M365, Okta, GCP, GitHub …) as Elastic integrations record them. */
export const ECS_CLOUD_CATEGORIES: CategoryModel[] = [];
