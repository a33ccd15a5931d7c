import { emptyMeta } from '../../src/ir/build.js';
import type { Expr, Rule } from '../../src/ir/types.js';
import type { Diagnostic } from '../../src/report/diagnostics.js';
import { eqlDialect, readEqlQuery } from '../../src/dialects/eql/index.js';

/** The rule read from one EQL query; fails the test with the diagnostic when there is none. */
export function readRule(query: string): Rule {
  const parsed = readEqlQuery(query, { title: 'test' });
  if (!parsed.rule)
    throw new Error(`expected ${JSON.stringify(query)} to parse: ${parsed.diagnostics[0]?.message}`);
  return parsed.rule;
}

/** The filter of a single event query. */
export function filterOf(query: string): Expr {
  const rule = readRule(query);
  if (rule.query.kind !== 'search') throw new Error(`not an event query: ${query}`);
  return rule.query.filter;
}

/** The first diagnostic of a query that must not parse. */
export function errorOf(query: string): Diagnostic {
  const parsed = readEqlQuery(query, { title: 'test' });
  if (parsed.rule || parsed.diagnostics.length === 0)
    throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
  return parsed.diagnostics[0] as Diagnostic;
}

export function printRule(rule: Rule): string {
  return eqlDialect.print(rule).text;
}

/** A rule around one filter, as another dialect's front end would build it. */
export function ruleWith(filter: Expr, model = 'ecs', category = 'process'): Rule {
  return {
    meta: emptyMeta('t'),
    query: { kind: 'search', source: { model, native: model === 'ecs' ? { category } : {} }, filter },
    output: [],
    provenance: { dialect: 'sigma' },
  };
}
