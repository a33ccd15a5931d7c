import { createRequire } from 'node:module';
import type { SigmaSchemas } from './sigma-schema.js';

/** The Sigma schemas shipped with the package, loaded as modules (no file reading of ours). */
export function shippedSigmaSchemas(): SigmaSchemas {
  const require = createRequire(import.meta.url);
  return {
    rule: require('../../schemas/sigma/sigma-detection-rule-schema.json') as object,
    correlation: require('../../schemas/sigma/sigma-correlation-rules-schema.json') as object,
    filter: require('../../schemas/sigma/sigma-filters-schema.json') as object,
  };
}
