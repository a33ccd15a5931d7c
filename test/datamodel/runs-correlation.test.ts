/**
 * EQL's repeated sequence step (`with runs=N`) in a sequence of several steps: a Sigma event_count correlation
 * ordered with the other steps by a temporal_ordered correlation (Sigma lets correlations refer to correlations),
 * and back.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import type { Rule } from '../../src/ir/types.js';
import { dialect, eqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

const BRUTE_FORCE = `sequence by host.id, source.ip, user.name with maxspan=15s
  [authentication where host.os.type == "linux" and event.action == "ssh_login" and event.outcome == "failure"] with runs=25
  [authentication where host.os.type == "linux" and event.action == "ssh_login" and event.outcome == "success"]`;

/** Every rule of a multi-document Sigma text, the correlation last. */
function sigmaRules(text: string): Rule[] {
  const [file] = sigmaDialect.parse([{ text, file: 'x.yml' }]);
  return (file?.rules ?? []).map((r) => {
    if (!r.rule) throw new Error(JSON.stringify(r.diagnostics));
    return r.rule;
  });
}

const codes = (diagnostics: { code: string; fidelity?: string }[]) =>
  diagnostics.map((d) => `${d.code} ${d.fidelity ?? ''}`.trim());

describe('EQL runs in a sequence of several steps', () => {
  const toSigma = renderRule(eqlRule(BRUTE_FORCE), sigma);

  it('becomes an event_count correlation ordered before the next step, reported broader', () => {
    const text = toSigma.text ?? '';
    expect(text).toMatch(
      /correlation:\n {4}type: event_count\n {4}rules:\n {8}- x_step_1_step_1\n {4}group-by:\n {8}- Computer\n {8}- source\.ip\n {8}- user\.name\n {4}timespan: 15s\n {4}condition:\n {8}gte: 25\n/,
    );
    expect(text).toMatch(
      /correlation:\n {4}type: temporal_ordered\n {4}rules:\n {8}- x_step_1\n {8}- x_step_2\n/,
    );
    expect(codes(toSigma.diagnostics)).toContain('lower/runs-as-count broader');
  });

  it('comes back to EQL as the repeated step, by the keys of the target model, reported narrower', () => {
    const rules = sigmaRules(toSigma.text ?? '');
    const ordered = rules[rules.length - 1] as Rule;
    expect(ordered.query.kind).toBe('sequence');
    const back = renderRule(ordered, eql);
    expect(back.text).toMatch(/^sequence by host\.name, source\.ip, user\.name with maxspan=15s\n/);
    expect(back.text).toMatch(/event\.outcome == "failure"\n {2}\] with runs=25\n/);
    expect(codes(back.diagnostics)).toContain('lower/count-as-runs narrower');
  });

  it('keeps refusing a count whose window differs from the sequence span, and KQL joins of counts', () => {
    const text = (toSigma.text ?? '').replace('timespan: 15s\n    condition', 'timespan: 1m\n    condition');
    const rules = sigmaRules(text);
    const ordered = rules[rules.length - 1] as Rule;
    const back = renderRule(ordered, eql);
    expect(back.text).toBeUndefined();
    expect(back.diagnostics.map((d) => d.code)).toContain('eql/nested');
    const windows = `sequence by host.id with maxspan=1m
  [process where host.os.type == "windows" and event.type == "start" and process.name == "a.exe"] with runs=3
  [process where host.os.type == "windows" and event.type == "start" and process.name == "b.exe"]`;
    const joined = renderRule(eqlRule(windows), kql);
    expect(joined.text).toBeUndefined();
    expect(joined.diagnostics[0]?.message).toContain('with runs');
  });
});
