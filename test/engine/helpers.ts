import type { Expr, Query, Rule, Step, Value } from '../../src/ir/types.js';
import { emptyMeta } from '../../src/ir/build.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import { compileExpr } from '../../src/engine/index.js';
import { mustParse, ruleText } from '../support/sigma.js';
import { readEqlQuery } from '../../src/dialects/eql/index.js';
import { readKqlQuery } from '../../src/dialects/kql/index.js';

/** A Sigma detection block (YAML, unindented) as a compiled single-event test. */
export function sigma(detection: string): (event: unknown) => boolean {
  const rule = mustParse(ruleText(detection));
  if (rule.query.kind !== 'search') throw new Error('not a search');
  return compileExpr(rule.query.filter);
}

export function sigmaRule(text: string): Rule {
  return mustParse(text);
}

export function eqlRule(query: string): Rule {
  const parsed = readEqlQuery(query, { title: 'eql test' });
  if (!parsed.rule) throw new Error(`EQL did not parse: ${JSON.stringify(parsed.diagnostics)}`);
  return parsed.rule;
}

export function kqlRule(query: string): Rule {
  const parsed = readKqlQuery(query, { title: 'kql test' });
  if (!parsed.rule) throw new Error(`KQL did not parse: ${JSON.stringify(parsed.diagnostics)}`);
  return parsed.rule;
}

/** A pattern written with `*` and `?` as wildcards (no escapes: for tests only). */
export function pat(text: string): Value {
  const parts = [...text].map((c) => (c === '*' ? ANY : c === '?' ? ONE : c));
  return { type: 'string', pattern: parts };
}

export function lit(text: string): Value {
  return { type: 'string', pattern: text === '' ? [] : [text] };
}

export function search(filter: Expr): Query {
  return { kind: 'search', source: { model: 'test', native: {} }, filter };
}

export function step(filter: Expr, extra: Partial<Step> = {}): Step {
  return { query: search(filter), ...extra };
}

export function ruleOf(query: Query): Rule {
  return { meta: emptyMeta('test'), query, output: [], provenance: { dialect: 'sigma' } };
}
