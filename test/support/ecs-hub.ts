/** EQL queries read into the hub through the ECS model, as the data-model tests of Elastic's rules need them. */
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { RuleError, type Diagnostic } from '../../src/report/diagnostics.js';
import type { Expr, Predicate, Query, Rule, SearchQuery } from '../../src/ir/types.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { eqlRule } from './rules.js';
import { mustParse } from './sigma.js';

const model = DATA_MODELS.ecs;
if (!model) throw new Error('the ECS model is missing');
export const ecs = model;
/** Fields without a mapping are errors. */
export const strict = { unmapped: 'error' } as const;

/** Every predicate of an expression, in order. */
export function predicates(expr: Expr, out: Predicate[] = []): Predicate[] {
  if (expr.kind === 'and' || expr.kind === 'or') for (const i of expr.items) predicates(i, out);
  else if (expr.kind === 'not') predicates(expr.item, out);
  else if (expr.kind === 'predicate') out.push(expr);
  return out;
}

/** The field of every predicate of an expression, in order. */
export const predicateFields = (expr: Expr): (string | null)[] => predicates(expr).map((p) => p.field);

/** The hub query an EQL query reads as, and what the mapping said. */
export function ecsToHub(text: string): { query: Query; diagnostics: Diagnostic[] } {
  const { rule, diagnostics } = mapRule(eqlRule(text), ecs, null, strict);
  return { query: rule.query, diagnostics };
}

/** The hub search an EQL query reads as (an error for multi-event queries), and what the mapping said. */
export function ecsSearch(text: string): { query: SearchQuery; diagnostics: Diagnostic[] } {
  const { query, diagnostics } = ecsToHub(text);
  if (query.kind !== 'search') throw new Error(`a ${query.kind} query`);
  return { query, diagnostics };
}

/** The error a query's mapping to the hub fails with. */
export function ecsRefusal(text: string): Diagnostic {
  try {
    ecsToHub(text);
  } catch (error) {
    if (error instanceof RuleError) return error.diagnostic;
    throw error;
  }
  throw new Error('the query was mapped');
}

/**
 * A Sigma rule of a log source (its first line unindented: `category: x\n    product: y`) and a detection (YAML
 * lines without indentation).
 */
export function sigmaRule(logsource: string, detection: string): Rule {
  const indented = detection
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
  return mustParse(`title: t\nlogsource:\n    ${logsource}\ndetection:\n${indented}\n`);
}

/** A Sigma rule written as EQL through the ECS model. */
export const hubToEql = (rule: Rule): string | undefined =>
  eqlDialect.print(mapRule(rule, null, ecs, strict).rule).text;

/** Each diagnostic's code, with its fidelity where it has one (`mapping/narrower-source/narrower`). */
export const fidelityCodes = (d: Diagnostic[]): string[] =>
  d.map((x) => `${x.code}${x.fidelity ? '/' + x.fidelity : ''}`);
