import type { Dialect } from '../ir/types.js';
import type { DialectModule } from './types.js';
import { sigmaDialect } from './sigma/index.js';
import { eqlDialect } from './eql/index.js';
import { kqlDialect } from './kql/index.js';

/** Every dialect rulestone reads and writes. */
export const DIALECTS: Partial<Record<Dialect, DialectModule>> = {
  sigma: sigmaDialect,
  eql: eqlDialect,
  kql: kqlDialect,
};

export function dialectModule(name: string): DialectModule | undefined {
  return (DIALECTS as Record<string, DialectModule | undefined>)[name];
}

export function dialectNames(): string[] {
  return Object.keys(DIALECTS);
}
