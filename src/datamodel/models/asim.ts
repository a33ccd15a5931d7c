import type { DataModel } from '../types.js';

/**
 * Microsoft Sentinel's Advanced Security Information Model: normalised schemas read through parser functions
 * (`imProcessCreate`, `imNetworkSession`, `imDns` …) whatever the source product.
 */
export const ASIM_MODEL: DataModel = {
  id: 'asim',
  title: 'Microsoft Sentinel ASIM (normalised parser functions)',
  dialect: 'kql',
  categories: [],
};
