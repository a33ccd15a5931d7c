/** Shared helpers of the KQL suites: read a query into a rule, print it, read the print back. */
import { expect } from 'vitest';
import type { Expr, Rule } from '../../src/ir/types.js';
import { firstDifference, normalizeRule } from '../../src/ir/normalize.js';
import { readKqlQuery, printKql } from '../../src/dialects/kql/index.js';
import type { Diagnostic } from '../../src/report/diagnostics.js';

export function readRule(text: string, title = 'test'): Rule {
  const parsed = readKqlQuery(text, { title });
  if (!parsed.rule) throw new Error(`expected a rule, got ${JSON.stringify(parsed.diagnostics)}`);
  return parsed.rule;
}

export function readError(text: string): Diagnostic {
  const parsed = readKqlQuery(text, { title: 'test' });
  expect(parsed.rule, 'expected an error').toBeUndefined();
  return parsed.diagnostics[0] as Diagnostic;
}

/** The filter of `SecurityEvent | where <condition>`, without positions. */
export function filterOf(condition: string, source = 'SecurityEvent'): Expr {
  const rule = readRule(`${source}\n| where ${condition}`);
  if (rule.query.kind !== 'search') throw new Error('not a search');
  return stripPositions(rule.query.filter);
}

export function stripPositions<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'pos' ? undefined : v))) as T;
}

/** Prints a rule, reads the text back and checks both rules have the same normal form; returns the text. */
export function roundTrip(rule: Rule): string {
  const text = printKql(rule).text;
  const again = readKqlQuery(text, { title: rule.meta.title });
  if (!again.rule)
    throw new Error(`printed text does not read back: ${JSON.stringify(again.diagnostics)}\n${text}`);
  const diff = firstDifference(normalizeRule(rule), normalizeRule(again.rule));
  if (diff) throw new Error(`round trip changed the rule: ${diff}\n${text}`);
  return text;
}
