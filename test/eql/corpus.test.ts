import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../support/shared.js';
import type { Rule } from '../../src/ir/types.js';
import { firstDifference, normalizeRule, sameRule } from '../../src/ir/normalize.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';

/**
 * Every public EQL rule of elastic/detection-rules (../shared/corpus/elastic/eql-rules.jsonl): it parses;
 * EQL → IR → EQL → IR leaves the IR unchanged; printing is a fixed point.
 */
describe.skipIf(!hasShared)('Elastic EQL corpus', () => {
  const text = hasShared ? readFileSync(sharedPath('corpus', 'elastic', 'eql-rules.jsonl'), 'utf8') : '';
  const [file] = hasShared ? eqlDialect.parse([{ text, file: 'eql-rules.jsonl' }]) : [];
  const rules = file?.rules ?? [];
  const records = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { rule_id: string; path: string });

  it('reads one rule per record, titled by its id', () => {
    expect(rules.length).toBe(records.length);
    expect(rules.length).toBeGreaterThan(700);
    expect(rules[0]?.rule?.meta.title).toBe(records[0]?.rule_id);
    expect(rules[0]?.rule?.provenance).toEqual({ dialect: 'eql', file: 'eql-rules.jsonl', document: 0 });
  });

  it('parses every query', () => {
    const failures = rules
      .filter((r) => !r.rule)
      .map((r) => `${records[r.document ?? 0]?.path}: ${r.diagnostics[0]?.message}`);
    expect(failures).toEqual([]);
  });

  it('round-trips every query through the IR (EQL → IR → EQL → IR) and printing is a fixed point', () => {
    const problems: string[] = [];
    let roundTrips = 0;
    let fixedPoints = 0;
    for (const parsed of rules) {
      const rule = parsed.rule as Rule;
      if (!rule) continue;
      const where = records[parsed.document ?? 0]?.path;
      const printed = eqlDialect.print(rule).text;
      const [again] = eqlDialect.parse([{ text: printed }]);
      const reread = again?.rules[0]?.rule;
      if (!reread) {
        problems.push(`${where}: printed query does not parse: ${again?.rules[0]?.diagnostics[0]?.message}`);
        continue;
      }
      reread.meta = rule.meta;
      if (sameRule(rule, reread)) roundTrips++;
      else problems.push(`${where}: ${firstDifference(normalizeRule(rule), normalizeRule(reread))}`);
      if (eqlDialect.print(reread).text === printed) fixedPoints++;
      else problems.push(`${where}: printing is not a fixed point`);
    }
    console.info(`[eql corpus] ${rules.length} rules: round trip ${roundTrips}, fixed point ${fixedPoints}`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(roundTrips).toBe(rules.length);
    expect(fixedPoints).toBe(rules.length);
  });

  it('finds the corpus features the census counts (sequences, samples, runs, missing events, optional fields)', () => {
    const kinds = new Map<string, number>();
    let runs = 0;
    let missing = 0;
    let optional = 0;
    for (const r of rules) {
      const q = r.rule?.query;
      if (!q) continue;
      kinds.set(q.kind, (kinds.get(q.kind) ?? 0) + 1);
      if (q.kind === 'sequence') {
        runs += q.steps.some((s) => s.runs !== undefined) ? 1 : 0;
        missing += q.steps.some((s) => s.missing) ? 1 : 0;
      }
      const sources =
        q.kind === 'search'
          ? [q.source]
          : 'steps' in q
            ? q.steps.map((s) => (s.query.kind === 'search' ? s.query.source : undefined))
            : [];
      if (sources.some((s) => Array.isArray(s?.native.optionalFields))) optional++;
    }
    expect(kinds.get('search')).toBeGreaterThan(500);
    expect(kinds.get('sequence')).toBeGreaterThan(100);
    expect(kinds.get('temporal') ?? 0).toBeGreaterThan(0);
    expect(runs).toBeGreaterThan(5);
    expect(missing).toBeGreaterThan(0);
    expect(optional).toBeGreaterThan(50);
  });
});
