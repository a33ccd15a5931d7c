/** Rules from query text and dialect modules by name, as tests of conversions need them. */
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { dialectModule } from '../../src/dialects/registry.js';
import type { DialectModule } from '../../src/dialects/types.js';
import type { Rule } from '../../src/ir/types.js';

export function dialect(name: string): DialectModule {
  const module = dialectModule(name);
  if (!module) throw new Error(`no dialect ${name}`);
  return module;
}

function only(module: DialectModule, text: string, file: string): Rule {
  const [parsed] = module.parse([{ text, file }]);
  const rule = parsed?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(parsed?.rules[0]?.diagnostics ?? parsed?.diagnostics));
  return rule;
}

/** The rule of one EQL query. */
export const eqlRule = (text: string): Rule => only(eqlDialect, text, 'x.eql');

/** The rule of one KQL query. */
export const kqlRule = (text: string): Rule => only(kqlDialect, text, 'x.kql');
