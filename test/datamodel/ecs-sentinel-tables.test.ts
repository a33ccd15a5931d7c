/**
 * Sentinel tables carried into the hub as `product: sentinel` log sources, written to EQL over the Elastic
 * integration that ingests the same vendor feed (ecs-sentinel-tables.ts). The queries are those of Sentinel's
 * own analytics rules (Azure-Sentinel Solutions), less the columns they only show.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { dialect, eqlRule, kqlRule } from '../support/rules.js';
import { mustParse } from '../support/sigma.js';

const eql = dialect('eql');
const sigma = dialect('sigma');
const kql = dialect('kql');

function toEql(query: string): { text: string | undefined; codes: string[]; messages: string[] } {
  const printed = renderRule(kqlRule(query), eql);
  return {
    text: printed.text,
    codes: printed.diagnostics.map((d) => d.code),
    messages: printed.diagnostics.map((d) => d.message),
  };
}

describe('Sentinel vendor tables → EQL over the same vendor feed in Elastic', () => {
  it('writes Jira - New site admin user over the Atlassian Jira audit data stream, with its caveats', () => {
    const out = toEql(
      "JiraAudit\n| where EventMessage =~ 'User added to group'\n| where ObjectItemName =~ 'site-admins'",
    );
    expect(out.text).toBe(
      'any where event.dataset == "atlassian_jira.audit" and\n' +
        '  jira.audit.type.action : "User added to group" and\n' +
        '  jira.audit.affected_objects.name : "site-admins"',
    );
    // The data stream also holds Jira Data Center events; the object item is kept among associated items.
    expect(out.codes).toContain('mapping/broader-source');
    expect(out.messages.some((m) => m.includes('ObjectItemName') && m.includes('associatedItems'))).toBe(true);
  });

  it('writes SentinelOne - New admin as a number test of the activity type', () => {
    expect(toEql('SentinelOne\n| where ActivityType == 23').text).toBe(
      'any where event.dataset in (\n' +
        '    "sentinel_one.activity", "sentinel_one.agent", "sentinel_one.alert", "sentinel_one.group",\n' +
        '    "sentinel_one.threat"\n' +
        '  ) and sentinel_one.activity.type == 23',
    );
  });

  it('writes Imperva - Abnormal protocol usage with the server port as a number', () => {
    const out = toEql(
      "ImpervaWAFCloud\n| where NetworkApplicationProtocol in~ ('HTTP', 'HTTPs')\n| where DstPortNumber !in ('80', '443')",
    );
    // Elastic lower-cases `app`: the case-insensitive test still finds it.
    expect(out.text).toBe(
      'any where event.dataset == "imperva_cloud_waf.event" and network.application : ("HTTP", "HTTPs") and\n' +
        '  destination.port not in (80, 443)',
    );
  });

  it('writes Cisco Duo - Unexpected authentication factor over the Duo data streams', () => {
    const out = toEql(
      "let allowed_auth_f = dynamic(['duo_push', 'duo_mobile_passcode']);\nCiscoDuo\n" +
        "| where EventType =~ 'authentication'\n| where EventResult =~ 'success'\n" +
        '| where AuthFactor !in~ (allowed_auth_f)',
    );
    expect(out.text).toContain('cisco_duo.auth.event_type : "authentication" and cisco_duo.auth.result : "success"');
    expect(out.text).toContain('not cisco_duo.auth.factor : ("duo_push", "duo_mobile_passcode")');
  });

  it('writes Cisco ISE - Backup failed as a test of the syslog message code, as text', () => {
    expect(toEql("CiscoISEEvent\n| where EventId in ('60095', '60098')").text).toBe(
      'any where event.dataset == "cisco_ise.log" and cisco_ise.log.message.code in ("60095", "60098")',
    );
  });

  it('refuses a rule testing a column the integration drops, by name', () => {
    // Imperva's `clapp` is not kept by Elastic's Imperva Cloud WAF pipeline.
    const out = toEql(
      "ImpervaWAFCloud\n| where ClientApp in~ ('DDoSBot', 'Worm')\n| where DvcAction !startswith 'REQ_BLOCKED'",
    );
    expect(out.text).toBeUndefined();
    expect(out.codes[0]).toBe('mapping/unmapped-field');
    expect(out.messages[0]).toContain('ClientApp');
    expect(out.messages[0]).toContain('sentinel/ImpervaWAFCloud');
  });

  it('leaves tables without an entry refused as before', () => {
    const out = toEql('SenservaPro_CL\n| where ControlName_s == "UserDisabled"');
    expect(out.text).toBeUndefined();
    expect(out.codes[0]).toBe('mapping/unmapped-logsource');
  });

  it('reads the EQL back as the same carried log source, and through Sigma back to the same table', () => {
    const written = toEql("CiscoISEEvent\n| where EventId in ('60095', '60098')").text ?? '';
    const sigmaText = renderRule(eqlRule(written), sigma).text ?? '';
    expect(sigmaText).toContain('logsource:\n    product: sentinel\n    service: CiscoISEEvent\n');
    expect(sigmaText).toContain("EventId:\n            - '60095'\n            - '60098'\n");
    // EQL's `in` is case-sensitive, KQL's `in~` not: for these codes the same.
    expect(renderRule(mustParse(sigmaText), kql).text).toBe('CiscoISEEvent\n| where EventId in~ ("60095", "60098")\n');
  });
});
