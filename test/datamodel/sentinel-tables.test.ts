/**
 * Sentinel rules into the hub: tables no Sigma log source stands for are carried as `product: sentinel` log
 * sources of their own, a limit to recent rows becomes the rule's look-back, and `ipv4_is_private` a CIDR test.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { toTargetModel } from '../../src/pipeline/mapping.js';
import { mustParse } from '../support/sigma.js';
import { dialect, eqlRule, kqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

describe('Sentinel tables without a Sigma log source', () => {
  const query = 'CiscoSEGEvent\n| where NetworkProtocol == "SMTP" and DstUserName startswith "ceo"';

  it('are written as product sentinel, the table as service, columns as fields, and said to be so', () => {
    const printed = renderRule(kqlRule(query), sigma);
    expect(printed.text).toContain('logsource:\n    product: sentinel\n    service: CiscoSEGEvent\n');
    expect(printed.text).toContain("NetworkProtocol|cased: 'SMTP'");
    const note = printed.diagnostics.find((d) => d.code === 'mapping/sentinel-table');
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('CiscoSEGEvent');
  });

  it('come back from Sigma to the same KQL', () => {
    const original = renderRule(kqlRule(query), kql).text;
    const viaSigma = renderRule(mustParse(renderRule(kqlRule(query), sigma).text ?? ''), kql);
    expect(viaSigma.text).toBe(original);
  });

  it('are refused by a target that has no mapping for them, by name', () => {
    const printed = renderRule(kqlRule(query), eql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/unmapped-logsource');
    expect(printed.diagnostics[0]?.message).toContain('CiscoSEGEvent');
  });

  it('are not carried when the query tests a column it parses, which the table does not have', () => {
    const computed = kqlRule('CiscoSEGEvent\n| parse SrcUserName with Sender "@" *\n| where Sender == "ceo"');
    const printed = renderRule(computed, sigma);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/computed-column');
    expect(printed.diagnostics[0]?.message).toContain('Sender');
    // The same query stays KQL as it is.
    expect(renderRule(computed, kql).text).toContain('parse SrcUserName with Sender');
  });

  it('are carried with the columns an extend computes from, substituted', () => {
    const extended = kqlRule(
      'CiscoSEGEvent\n| extend Sender = tolower(SrcUserName)\n| where Sender == "ceo"',
    );
    const printed = renderRule(extended, sigma);
    expect(printed.text).toContain("SrcUserName: 'ceo'");
    expect(printed.text).not.toContain('Sender');
  });

  it('stand in for a table with a Sigma log source only where the query tests a column it has no name for', () => {
    // CommonSecurityLog is Sigma's firewall log source, which names no DeviceVendor.
    const vendor = kqlRule(
      'CommonSecurityLog\n| where DeviceVendor == "Palo Alto Networks" and DestinationPort == 4444',
    );
    const printed = renderRule(vendor, sigma);
    expect(printed.text).toContain('product: sentinel\n    service: CommonSecurityLog\n');
    expect(printed.text).toContain("DeviceVendor|cased: 'Palo Alto Networks'");
    const note = printed.diagnostics.find((d) => d.code === 'mapping/sentinel-table');
    expect(note?.message).toContain('none names every column the query tests');
    // Back to the same table and columns.
    const back = renderRule(mustParse(printed.text ?? ''), kql);
    expect(back.text).toBe(
      'CommonSecurityLog\n| where DeviceVendor == "Palo Alto Networks"\n    and DestinationPort == 4444\n',
    );
    // A query its log source reads stays that log source's.
    const firewall = renderRule(kqlRule('CommonSecurityLog\n| where DestinationPort == 4444'), sigma);
    expect(firewall.text).toContain('category: firewall');
  });
});

describe('an Elastic integration of a carried table’s vendor data', () => {
  it('goes from EQL to the Sentinel table in one pass, as through Sigma', () => {
    const rule = eqlRule(
      'any where event.dataset == "cisco_ise.log" and cisco_ise.log.message.code in ("60095", "60098")',
    );
    expect(renderRule(rule, kql).text).toBe('CiscoISEEvent\n| where EventId in ("60095", "60098")\n');
  });
});

describe('emptiness of a column the target holds as a number', () => {
  it('is the test that the field is missing: a number is never the empty string', () => {
    const empty = kqlRule(
      'CommonSecurityLog\n| where DeviceVendor == "Cisco" and isempty(CommunicationDirection)',
    );
    expect(renderRule(empty, eql).text).toBe(
      'any where event.dataset == "cef.log" and cef.device.vendor == "Cisco" and\n' +
        '  cef.extensions.deviceDirection == null',
    );
    const present = kqlRule(
      'CommonSecurityLog\n| where DeviceVendor == "Cisco" and isnotempty(CommunicationDirection)',
    );
    expect(renderRule(present, eql).text).toContain('cef.extensions.deviceDirection != null');
  });
});

describe('a KQL limit to recent rows', () => {
  const query = 'CiscoSEGEvent\n| where TimeGenerated > ago(1d)\n| where NetworkProtocol == "SMTP"';

  it("becomes the rule's look-back, not a condition", () => {
    const mapped = toTargetModel(kqlRule(query), sigma, {});
    expect(mapped.rule?.meta.schedule?.lookback).toEqual({ value: 1, unit: 'd' });
    expect(JSON.stringify(mapped.rule?.query)).not.toContain('TimeGenerated');
    expect(mapped.diagnostics.map((d) => d.code)).toContain('kql/time-window');
  });

  it('keeps a shorter look-back the rule already has, and says the condition adds nothing', () => {
    const rule = kqlRule(query);
    const scheduled = {
      ...rule,
      meta: { ...rule.meta, schedule: { lookback: { value: 1, unit: 'h' as const } } },
    };
    const mapped = toTargetModel(scheduled, sigma, {});
    expect(mapped.rule?.meta.schedule?.lookback).toEqual({ value: 1, unit: 'h' });
    expect(mapped.diagnostics.find((d) => d.code === 'kql/time-window')?.message).toContain('already');
  });

  it('stays in a KQL rule written as KQL', () => {
    expect(renderRule(kqlRule(query), kql).text).toContain('ago(1d)');
  });
});

describe('ipv4_is_private', () => {
  it('is the CIDR test of the RFC 1918 ranges where asserted: exact', () => {
    const printed = renderRule(kqlRule('CiscoSEGEvent\n| where ipv4_is_private(SrcIpAddr)'), sigma);
    expect(printed.text).toContain(
      "SrcIpAddr|cidr:\n            - '10.0.0.0/8'\n            - '172.16.0.0/12'\n            - '192.168.0.0/16'",
    );
    expect(printed.diagnostics.find((d) => d.code === 'kql/ipv4-is-private')?.fidelity).toBeUndefined();
  });

  it('is broader where denied: rows without an IPv4 address are then selected', () => {
    const printed = renderRule(
      kqlRule('CiscoSEGEvent\n| where ipv4_is_private(SrcIpAddr) == false and NetworkProtocol == "SMTP"'),
      sigma,
    );
    expect(printed.text).toContain('SrcIpAddr|cidr|neq:');
    const note = printed.diagnostics.find((d) => d.code === 'kql/ipv4-is-private');
    expect(note?.fidelity).toBe('broader');
  });

  it('says a term match written as contains is narrower where it is denied', () => {
    const printed = renderRule(
      kqlRule('CiscoSEGEvent\n| where A == "x" and not(Subject has "invoice")'),
      sigma,
    );
    expect(printed.text).toContain("Subject|contains|neq: 'invoice'");
    const notes = printed.diagnostics.filter((d) => d.code === 'sigma/term-as-contains');
    expect(notes.map((d) => d.fidelity)).toEqual(['narrower']);
  });
});
