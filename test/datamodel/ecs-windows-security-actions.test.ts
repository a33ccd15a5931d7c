import { describe, expect, it } from 'vitest';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';

const ecs = DATA_MODELS.ecs;
if (!ecs) throw new Error('the ECS model is missing');
const strict = { unmapped: 'error' } as const;

function eql(text: string): Rule {
  const [file] = eqlDialect.parse([{ text }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file));
  return rule;
}

const toSigma = (text: string) => mapRule(eql(text), ecs, null, strict);
const sigmaText = (text: string) => sigmaDialect.print(toSigma(text).rule).text ?? '';

describe('ECS: Windows Security events read through Elastic’s EQL categories', () => {
  // Elastic's privilege_escalation_samaccountname_spoofing_attack.toml
  it('reads an iam query as windows/security, its action as the event id', () => {
    const { rule, diagnostics } = toSigma(
      'iam where host.os.type == "windows" and event.action == "renamed-user-account" and\n' +
        '  winlog.event_data.OldTargetUserName : "*$" and not winlog.event_data.NewTargetUserName : "*$"',
    );
    const search = rule.query as SearchQuery;
    expect(search.source).toMatchObject({ model: 'sigma', product: 'windows', service: 'security' });
    expect(sigmaDialect.print(rule).text).toContain('EventID: 4781');
    expect(sigmaDialect.print(rule).text).toContain("OldTargetUserName|endswith: '$'");
    // Elastic's query leaves the channel to its index patterns: said, never silent.
    expect(diagnostics.map((d) => d.fidelity)).toEqual(['narrower']);
  });

  it('reads an action that stands for several event ids as all of them', () => {
    const text = sigmaText(
      'iam where host.os.type == "windows" and event.action == "added-member-to-group" and group.name : "Domain Admins"',
    );
    expect(text).toMatch(/EventID:\s*\n\s*- 4728\n\s*- 4732\n\s*- 4756/);
    expect(text).toContain("TargetUserName: 'Domain Admins'");
  });

  it('restates the category as its event ids where the query names none', () => {
    const text = sigmaText(
      'authentication where host.os.type == "windows" and winlog.logon.type : "Network"',
    );
    expect(text).toContain('LogonType: 3');
    for (const id of [4624, 4625, 4634, 4647, 4768, 4769, 4776]) expect(text).toContain(`- ${id}`);
    // Not an iam event.
    expect(text).not.toContain('4720');
  });

  it('keeps an event.code test as it is, without restating the category', () => {
    const text = sigmaText(
      'iam where host.os.type == "windows" and event.code == "4738" and winlog.event_data.AllowedToDelegateTo : "*krbtgt*"',
    );
    expect(text).toContain("EventID: '4738'");
    expect(text).not.toContain('4720');
    expect(text).toContain("AllowedToDelegateTo|contains: 'krbtgt'");
  });

  it('reads user.name per category: the target on logons (said), the subject on account changes', () => {
    const logon = toSigma(
      'authentication where host.os.type == "windows" and event.action == "logged-in" and user.name : "*$"',
    );
    expect(sigmaDialect.print(logon.rule).text).toContain("TargetUserName|endswith: '$'");
    expect(logon.diagnostics.some((d) => d.code === 'mapping/field-values')).toBe(true);
    expect(
      sigmaText(
        'iam where host.os.type == "windows" and event.action == "scheduled-task-created" and not user.name : "*$"',
      ),
    ).toContain("SubjectUserName|endswith|neq: '$'");
  });

  it('rejects an action of another category', () => {
    expect(() => toSigma('iam where host.os.type == "windows" and event.action == "logged-in"')).toThrow(
      /logged-in/,
    );
  });

  it('leaves cloud queries with the cloud entries', () => {
    for (const query of [
      'iam where event.dataset == "aws.cloudtrail" and event.action == "CreateUser"',
      'iam where event.action == "CreateUser"',
    ]) {
      const search = toSigma(query).rule.query as SearchQuery;
      expect(search.source).toMatchObject({ product: 'aws', service: 'cloudtrail' });
    }
    const signin = toSigma('authentication where event.dataset == "azure.signinlogs"').rule
      .query as SearchQuery;
    expect(signin.source).toMatchObject({ product: 'azure', service: 'signinlogs' });
  });

  it('writes a windows/security rule as before, through the any-category entry', () => {
    const rule = mustParse(
      'title: t\nlogsource:\n    product: windows\n    service: security\ndetection:\n    selection:\n        EventID: 4728\n    condition: selection\n',
    );
    expect(eqlDialect.print(mapRule(rule, null, ecs, strict).rule).text).toBe(
      'any where host.os.type == "windows" and winlog.channel : "Security" and event.code : "4728"',
    );
  });
});
