/** A hub value the model says by whether a field has one: CloudTrail's outcome as AWSCloudTrail's ErrorCode. */
import { describe, expect, it } from 'vitest';
import { readEqlQuery } from '../../src/dialects/eql/index.js';
import { dialectModule } from '../../src/dialects/registry.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { mustParse } from '../support/sigma.js';

const kql = dialectModule('kql');
if (!kql) throw new Error('no kql');

const cloudtrail = (outcome: string) => {
  const rule = readEqlQuery(
    `any where event.dataset == "aws.cloudtrail" and event.action == "CreateUser" and event.outcome == "${outcome}"`,
    { title: 'Outcome' },
  ).rule;
  if (!rule) throw new Error('no rule');
  return rule;
};

describe('presence: a hub value as whether a model field has a value', () => {
  it('writes a successful CloudTrail call as an empty ErrorCode, exactly', () => {
    const printed = renderRule(cloudtrail('success'), kql);
    expect(printed.text).toContain('isempty(ErrorCode)');
    expect(printed.diagnostics.filter((d) => d.fidelity !== undefined && d.fidelity !== 'exact')).toEqual([]);
  });

  it('writes a failed one as an ErrorCode with a value', () => {
    expect(renderRule(cloudtrail('failure'), kql).text).toContain('isnotempty(ErrorCode)');
  });

  it('refuses a value the presence cannot say', () => {
    const printed = renderRule(cloudtrail('unknown'), kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/unmapped-value');
  });

  it("serves Sigma's status too", () => {
    const rule = mustParse(`title: t
logsource: {product: aws, service: cloudtrail}
detection:
    sel:
        eventName: GetSigninToken
        status: success
    condition: sel
`);
    expect(renderRule(rule, kql).text).toContain('isempty(ErrorCode)');
  });
});
