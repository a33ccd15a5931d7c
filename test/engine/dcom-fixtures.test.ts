import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { evaluate, parseEvents } from '../../src/engine/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import type { Rule } from '../../src/ir/types.js';
import { projectRoot } from '../support/shared.js';

const read = (path: string): string => readFileSync(join(projectRoot, path), 'utf8');
const events = (name: string): unknown[] => parseEvents(read(`test/fixtures/dcom/${name}`));
const sigmaRules = (path: string): Rule[] =>
  parseSigma([{ text: read(path), file: path }]).flatMap((f) => f.rules.map((r) => r.rule as Rule));

/** The DCOM rules on hand-written events: what must match does, near misses do not, before and after conversion. */
describe('DCOM rules on their event fixtures', () => {
  const mmc20 = sigmaRules(
    'rules/originals/sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml',
  )[0] as Rule;

  it('the SigmaHQ MMC20 rule matches events 1 and 2 only (case-insensitively)', () => {
    const result = evaluate(mmc20, events('mmc20-process-sigma.jsonl'));
    expect(result.matches.map((m) => m.index + 1)).toEqual([1, 2]);
  });

  it.each([
    ['eql', undefined],
    ['kql', 'sentinel-mde'],
    ['kql', 'sentinel-securityevent'],
    ['kql', 'sentinel-sysmon'],
  ] as const)('its %s translation (%s) selects the same events', (dialect, profile) => {
    const target = dialect === 'eql' ? eqlDialect : kqlDialect;
    const v = verifyRule(mmc20, target, events('mmc20-process-sigma.jsonl'), profile ? { profile } : {});
    expect(v.comparison?.relation).toBe('same');
    expect(v.translationMatches).toBe(2);
  });

  it('the Elastic MMC20 sequence finds the one real sequence among the near misses', () => {
    const [file] = eqlDialect.parse([
      { text: read('rules/queries/elastic_lateral_movement_dcom_mmc20.eql'), file: 'mmc20.eql' },
    ]);
    const result = evaluate(file?.rules[0]?.rule as Rule, events('mmc20-sequence-ecs.jsonl'), {
      timestampField: '@timestamp',
    });
    expect(result.sequences.map((s) => s.events.map((e) => e.index + 1))).toEqual([[1, 2]]);
  });

  it('and so does its Sigma correlation translation, on the same events in Sigma’s taxonomy', () => {
    const correlation = sigmaRules('rules/sigma/elastic_lateral_movement_dcom_mmc20.yml').at(-1) as Rule;
    expect(correlation.query.kind).toBe('sequence');
    const result = evaluate(correlation, events('mmc20-sequence-sigma.jsonl'), {
      timestampField: '@timestamp',
    });
    expect(result.sequences.map((s) => s.events.map((e) => e.index + 1))).toEqual([[1, 2]]);
  });
});
