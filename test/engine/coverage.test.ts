/**
 * What the evaluator covers of real rules: every EQL and KQL corpus query the front ends accept is compiled and
 * run on one event. It must evaluate, or refuse with an EngineError naming what it does not support, never crash.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineError, evaluate } from '../../src/engine/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { readEqlQuery } from '../../src/dialects/eql/index.js';
import { readKqlQuery } from '../../src/dialects/kql/index.js';
import type { Rule } from '../../src/ir/types.js';

const EVENT = { '@timestamp': '2026-01-01T00:00:00Z', TimeGenerated: '2026-01-01T00:00:00Z' };

function survey(lines: string[], read: (query: string) => Rule | undefined) {
  let accepted = 0;
  const refused: string[] = [];
  const crashed: string[] = [];
  for (const line of lines) {
    const query = (JSON.parse(line) as { query?: string }).query;
    if (!query) continue;
    const rule = read(query);
    if (!rule) continue;
    accepted++;
    try {
      evaluate(rule, [EVENT]);
    } catch (error) {
      if (error instanceof EngineError) refused.push(error.message);
      else crashed.push(`${rule.meta.title}: ${String(error)}`);
    }
  }
  return { accepted, refused, crashed };
}

const jsonl = (...path: string[]) =>
  readFileSync(sharedPath(...path), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

describe.skipIf(!hasShared)('rule corpora', () => {
  it('every Elastic EQL rule the EQL front end reads is evaluable', () => {
    const { accepted, refused, crashed } = survey(
      jsonl('corpus', 'elastic', 'eql-rules.jsonl'),
      (q) => readEqlQuery(q, { title: 'eql' }).rule,
    );
    console.log(`[engine] EQL corpus: ${accepted - refused.length - crashed.length}/${accepted} evaluable`);
    expect(crashed).toEqual([]);
    expect(refused).toEqual([]);
    expect(accepted).toBeGreaterThan(500);
  });

  it('Sentinel KQL rules evaluate or are refused with a reason', () => {
    const { accepted, refused, crashed } = survey(
      jsonl('corpus', 'sentinel', 'rules.jsonl'),
      (q) => readKqlQuery(q, { title: 'kql' }).rule,
    );
    console.log(`[engine] KQL corpus: ${accepted - refused.length - crashed.length}/${accepted} evaluable`);
    for (const reason of new Set(refused)) console.log(`[engine]   refused: ${reason}`);
    expect(crashed).toEqual([]);
    // Most refusals are rules that test a column they compute (`extend X = …`): the evaluator reads events' own
    // fields, and says so rather than read X as a field of the event.
    expect(refused.length).toBeLessThan(accepted / 5);
  });
});
