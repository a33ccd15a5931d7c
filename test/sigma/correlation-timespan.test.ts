/**
 * A sequence without its own time bound becomes a Sigma correlation over the rule's look-back, said broader, and
 * a KQL join within it (exact: the Sentinel rule's queryPeriod is the same look-back).
 */
import { describe, expect, it } from 'vitest';
import { readEqlQuery } from '../../src/dialects/eql/index.js';
import { dialectModule } from '../../src/dialects/registry.js';
import { renderRule } from '../../src/pipeline/convert.js';
import type { Rule } from '../../src/ir/types.js';

const sigma = dialectModule('sigma');
const kql = dialectModule('kql');
if (!sigma || !kql) throw new Error('no sigma or kql dialect');

const SEQUENCE = `sequence by process.entity_id
  [process where host.os.type == "windows" and event.type == "start" and process.name == "a.exe"]
  [network where host.os.type == "windows" and event.type == "start" and destination.port == 445]`;

function sequence(lookback?: Rule['meta']['schedule']): Rule {
  const rule = readEqlQuery(SEQUENCE, { title: 'Unbounded sequence' }).rule;
  if (!rule) throw new Error('no rule');
  return lookback ? { ...rule, meta: { ...rule.meta, schedule: lookback } } : rule;
}

describe('Sigma correlation timespan of an unbounded sequence', () => {
  it("takes the rule's look-back, reported broader", () => {
    const printed = renderRule(sequence({ lookback: { value: 9, unit: 'm' } }), sigma);
    expect(printed.text).toContain('timespan: 9m');
    const note = printed.diagnostics.find((d) => d.code === 'sigma/timespan-from-lookback');
    expect(note?.fidelity).toBe('broader');
  });

  it('is refused when the rule has no look-back either', () => {
    const printed = renderRule(sequence(), sigma);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.message).toContain('needs a timespan');
  });

  it("keeps the sequence's own maxspan when it has one, with no note", () => {
    const rule = readEqlQuery(SEQUENCE.replace('process.entity_id', 'process.entity_id with maxspan=30s'), {
      title: 'Bounded',
    }).rule;
    if (!rule) throw new Error('no rule');
    const printed = renderRule(
      { ...rule, meta: { ...rule.meta, schedule: { lookback: { value: 9, unit: 'm' } } } },
      sigma,
    );
    expect(printed.text).toContain('timespan: 30s');
    expect(printed.diagnostics.map((d) => d.code)).not.toContain('sigma/timespan-from-lookback');
  });

  it("is the KQL join's window too, noted, and refused there without a look-back", () => {
    const printed = renderRule(sequence({ lookback: { value: 9, unit: 'm' } }), kql);
    expect(printed.text).toContain('Time2 - Time1 <= 9m');
    expect(printed.diagnostics.map((d) => d.code)).toContain('kql/window-from-lookback');
    expect(renderRule(sequence(), kql).diagnostics[0]?.message).toContain('without a time window');
  });

  it('writes a one-step sequence repeated N times (EQL runs) as a count of at least N, in Sigma and KQL', () => {
    const rule = readEqlQuery(
      `sequence by host.id with maxspan=10s
  [process where host.os.type == "windows" and event.type == "start" and process.name == "a.exe"] with runs=3`,
      { title: 'Repeated' },
    ).rule;
    if (!rule) throw new Error('no rule');
    const printed = renderRule(rule, sigma);
    expect(printed.text).toContain('type: event_count');
    expect(printed.text).toContain('gte: 3');
    expect(printed.diagnostics.map((d) => d.code)).toContain('lower/runs-as-count');
    expect(renderRule(rule, kql).text).toMatch(/count\(\)[\s\S]*>= 3/);
  });
});
