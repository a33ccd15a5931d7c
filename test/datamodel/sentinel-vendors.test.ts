/**
 * Sentinel solutions' parsers read as Sigma's generic log sources (src/datamodel/models/sentinel-vendors.ts):
 * their rules become plain Sigma rules of the category, which the ECS model writes as EQL; a rule testing a
 * column the category has no name for stays the parser's own `product: sentinel` log source; and Sigma rules of
 * those categories are still written for the tables they were written for before.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { mustParse } from '../support/sigma.js';
import { dialect, kqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

const codes = (printed: { diagnostics: { code: string }[] }) => printed.diagnostics.map((d) => d.code);

describe('a DNS parser (GCPCloudDNS) as category dns', () => {
  // Google DNS - Possible data exfiltration (Azure-Sentinel, GoogleCloudPlatformDNS solution).
  const rule = kqlRule(
    "GCPCloudDNS\n| where Query has 'webhook.site'\n| extend DNSCustomEntity = Query, IPCustomEntity = SrcIpAddr",
  );

  it('is a Sigma dns rule on the queried name', () => {
    const printed = renderRule(rule, sigma);
    expect(printed.text).toContain('logsource:\n    category: dns\ndetection:');
    expect(printed.text).toContain("query|contains: 'webhook.site'");
    expect(codes(printed)).not.toContain('mapping/sentinel-table');
  });

  it('is EQL over ECS DNS events', () => {
    expect(renderRule(rule, eql).text).toBe(
      'network where network.protocol == "dns" and dns.question.name : "*webhook.site*"',
    );
  });

  it("reads the parser's alias Domain as the queried name too", () => {
    const printed = renderRule(kqlRule('GCPCloudDNS\n| where Domain == "evil.example"'), sigma);
    // KQL's == is case-sensitive.
    expect(printed.text).toContain("query|cased: 'evil.example'");
  });
});

describe("Cisco Umbrella's proxy rows as category proxy", () => {
  // Cisco Umbrella - Windows PowerShell User-Agent Detected.
  const query = [
    'let timeframe = 15m;',
    'Cisco_Umbrella',
    '| where EventType == "proxylogs"',
    '| where TimeGenerated > ago(timeframe)',
    '| where HttpUserAgentOriginal contains "WindowsPowerShell"',
    '| project SrcIpAddr, DstIpAddr, UrlOriginal, TimeGenerated, HttpUserAgentOriginal',
  ].join('\n');

  it('is a Sigma proxy rule, the row type taken as the log source', () => {
    const printed = renderRule(kqlRule(query), sigma);
    expect(printed.text).toContain('logsource:\n    category: proxy\ndetection:');
    expect(printed.text).toContain("c-useragent|contains: 'WindowsPowerShell'");
    expect(printed.text).not.toContain('EventType');
    // The query states the proxy rows: nothing narrower to say.
    expect(codes(printed)).not.toContain('mapping/narrower-source');
  });

  it('is EQL over ECS web events', () => {
    expect(renderRule(kqlRule(query), eql).text).toBe(
      'web where user_agent.original : "*WindowsPowerShell*"',
    );
  });

  it("stays the parser's own log source where it tests a column Sigma's proxy source has no name for", () => {
    // Cisco Umbrella - Connection to non-corporate private network: the verdict and URL category.
    const categories = kqlRule(
      [
        'Cisco_Umbrella',
        "| where EventType == 'proxylogs'",
        "| where DvcAction =~ 'Allowed'",
        "| where UrlCategory has_any ('Dynamic and Residential', 'Personal VPN')",
      ].join('\n'),
    );
    const printed = renderRule(categories, sigma);
    expect(printed.text).toContain('logsource:\n    product: sentinel\n    service: Cisco_Umbrella\n');
    expect(printed.text).toContain("DvcAction: 'Allowed'");
    expect(codes(printed)).toContain('mapping/sentinel-table');
    // Elastic's Cisco Umbrella integration ingests the same logs (ecs-sentinel-tables.ts).
    const written = renderRule(categories, eql);
    expect(written.text).toBe(
      'any where event.dataset == "cisco_umbrella.log" and observer.type == "proxy" and\n' +
        '  event.type : "allowed" and\n' +
        '  cisco.umbrella.categories : ("*Dynamic and Residential*", "*Personal VPN*")',
    );
  });
});

describe("web servers' access-log rows as category webserver", () => {
  it('a user-agent rule: Sigma webserver, EQL over the web-server datasets, the row type said', () => {
    const rule = kqlRule('NGINXHTTPServer\n| where HttpUserAgentOriginal has_any ("sqlmap", "Nikto")');
    const printed = renderRule(rule, sigma);
    expect(printed.text).toContain('logsource:\n    category: webserver\ndetection:');
    expect(printed.text).toContain('cs-user-agent|contains:');
    const notes = printed.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n');
    // The parser's error-log rows are not web-server events, and only its GET and POST lines are access rows.
    expect(notes).toContain('does not require EventType to be AccessLog');
    expect(notes).toContain('mapping/broader-source');
    expect(renderRule(rule, eql).text).toBe(
      'web where event.dataset in ("nginx.access", "apache.access", "iis.access") and\n' +
        '  user_agent.original : ("*sqlmap*", "*Nikto*")',
    );
  });

  it("a query that picks the access-log rows has nothing narrower to say; the client's address is c-ip", () => {
    const rule = kqlRule('TomcatEvent\n| where EventType == "AccessLog" and SrcIpAddr == "127.0.0.1"');
    const printed = renderRule(rule, sigma);
    expect(printed.text).toContain("c-ip: '127.0.0.1'");
    expect(printed.text).not.toContain('EventType');
    expect(printed.diagnostics.some((d) => d.message.includes('does not require EventType'))).toBe(false);
  });

  it("the request target is W3C cs-uri, the ECS integrations' url.original", () => {
    // NGINX - Sql injection patterns.
    const rule = kqlRule(
      'let sql_patterns = dynamic(["1=1", "\'or\'\'=\'"]);\nNGINXHTTPServer\n| where UrlOriginal has_any (sql_patterns)',
    );
    expect(renderRule(rule, sigma).text).toContain('cs-uri|contains:');
    const written = renderRule(rule, eql);
    expect(written.text).toContain('url.original');
  });

  it('an error-log query stays the parser’s own log source', () => {
    const printed = renderRule(kqlRule('ApacheHTTPServer\n| where EventType == "ErrorLog"'), sigma);
    expect(printed.text).toContain('service: ApacheHTTPServer');
  });
});

describe('Sigma rules of those categories are still written for the tables they were written for', () => {
  const sigmaRule = (logsource: string, detection: string) =>
    mustParse(
      `title: t\nlogsource:\n    category: ${logsource}\ndetection:\n    selection:\n${detection}\n    condition: selection\n`,
    );

  it.each([
    ['dns', "        query|contains: 'webhook.site'", 'imDns'],
    ['proxy', "        c-useragent|contains: 'WindowsPowerShell'", 'imWebSession'],
    ['webserver', "        cs-user-agent|contains: 'sqlmap'", 'W3CIISLog'],
    // W3CIISLog has no cs-uri: ASIM's web sessions, as before, not a web server's parser.
    ['webserver', "        cs-uri|contains: '1=1'", 'imWebSession'],
  ])('%s (%s) → %s', (category, detection, table) => {
    const text = renderRule(sigmaRule(category, detection), kql).text ?? '';
    expect(text.split('\n')[0]).toContain(table);
    expect(text).not.toMatch(/GCPCloudDNS|Cisco_Umbrella|CiscoWSAEvent|NGINXHTTPServer|TomcatEvent/);
  });
});
