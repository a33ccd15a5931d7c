/**
 * EQL rules into the hub: Elastic data streams no Sigma log source stands for are carried as `product: elastic`
 * log sources of their own (the data stream as service, ECS fields by name), and come back to the same EQL.
 */
import { describe, expect, it } from 'vitest';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { mustParse } from '../support/sigma.js';
import { dialect, eqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

// Elastic's "Potential Redis CONFIG SET Cron Directory Persistence (RedisRaider)".
const REDIS = `network where data_stream.dataset == "network_traffic.redis" and
  network_traffic.redis.query like~ "*CONFIG SET dir*" and
  (
    network_traffic.redis.query like~ "*/etc/cron*" or
    network_traffic.redis.query like~ "*/var/spool/cron*"
  )`;

describe('Elastic data streams without a Sigma log source', () => {
  it('are written as product elastic, the data stream as service, ECS fields as fields, and said to be so', () => {
    const printed = renderRule(eqlRule(REDIS), sigma);
    expect(printed.text).toContain('logsource:\n    product: elastic\n    service: network_traffic.redis\n');
    // The EQL category is the ECS test it stands for.
    expect(printed.text).toContain("event.category: 'network'");
    expect(printed.text).toContain("network_traffic.redis.query|contains: 'CONFIG SET dir'");
    expect(printed.text).not.toContain('data_stream.dataset');
    const note = printed.diagnostics.find((d) => d.code === 'mapping/elastic-dataset');
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('network_traffic.redis');
    expect(printed.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('come back from Sigma to the same EQL', () => {
    const original = renderRule(eqlRule(REDIS), eql).text;
    const viaSigma = renderRule(mustParse(renderRule(eqlRule(REDIS), sigma).text ?? ''), eql);
    expect(viaSigma.text).toBe(original);
    expect(viaSigma.text).toMatch(/^network where data_stream\.dataset == "network_traffic\.redis" and/);
  });

  it('are written as `any where` with the data stream selector where the rule requires no category', () => {
    const rule = mustParse(
      [
        'title: t',
        'logsource:',
        '    product: elastic',
        '    service: network_traffic.mysql',
        'detection:',
        '    selection:',
        "        network_traffic.mysql.query|contains|all: ['create', 'function', 'soname']",
        '    condition: selection',
      ].join('\n'),
    );
    const printed = renderRule(rule, eql);
    expect(printed.text).toBe(
      'any where data_stream.dataset == "network_traffic.mysql" and\n' +
        '  network_traffic.mysql.query : "*create*" and network_traffic.mysql.query : "*function*" and\n' +
        '  network_traffic.mysql.query : "*soname*"',
    );
  });

  it('read event.dataset as the same selector', () => {
    const printed = renderRule(
      eqlRule(
        'any where event.dataset == "network_traffic.pgsql" and network_traffic.pgsql.query : "*program*"',
      ),
      sigma,
    );
    expect(printed.text).toContain('service: network_traffic.pgsql\n');
    expect(printed.text).not.toContain('event.dataset');
  });

  it('are refused by a target that has no mapping for them, by name', () => {
    const fromSigma = renderRule(mustParse(renderRule(eqlRule(REDIS), sigma).text ?? ''), kql);
    expect(fromSigma.text).toBeUndefined();
    expect(fromSigma.diagnostics[0]?.code).toBe('mapping/unmapped-logsource');
    expect(fromSigma.diagnostics[0]?.message).toContain('network_traffic.redis');
    const direct = renderRule(eqlRule(REDIS), kql);
    expect(direct.text).toBeUndefined();
    expect(direct.diagnostics[0]?.code).toBe('mapping/unmapped-logsource');
    expect(direct.diagnostics[0]?.message).toContain('network_traffic.redis');
  });

  it('carry each step of a sequence, joined by the ECS field', () => {
    // Elastic's "Google Workspace Device Registration After OAuth from Suspicious ASN", shortened.
    const query = `sequence by user.name with maxspan=30s
  [iam where data_stream.dataset == "google_workspace.token" and event.action == "authorize"]
  [any where data_stream.dataset == "google_workspace.device" and google_workspace.device.account_state == "REGISTERED"]`;
    const printed = renderRule(eqlRule(query), sigma);
    expect(printed.text).toContain('service: google_workspace.token\n');
    expect(printed.text).toContain('service: google_workspace.device\n');
    expect(printed.text).toContain('group-by:\n        - user.name\n');
    const [parsed] = parseSigma([{ text: printed.text ?? '', file: 'x.yml' }]);
    const correlation = parsed?.rules.find((r) => r.rule?.query.kind !== 'search')?.rule;
    expect(correlation && renderRule(correlation, eql).text).toBe(renderRule(eqlRule(query), eql).text);
  });
});

describe('data streams a Sigma log source stands for', () => {
  it('keep going through its entry', () => {
    const okta = renderRule(
      eqlRule('any where data_stream.dataset == "okta.system" and okta.event_type == "user.session.start"'),
      sigma,
    );
    expect(okta.text).toContain('product: okta\n    service: okta\n');
    expect(okta.diagnostics.some((d) => d.code === 'mapping/elastic-dataset')).toBe(false);
  });

  it('are not carried where the query tests a field its log source has no name for: refused by the field', () => {
    // Okta's event.action copies eventType under Elastic's own name, which the okta entry does not read.
    const printed = renderRule(
      eqlRule('any where data_stream.dataset == "okta.system" and event.action == "user.session.start"'),
      sigma,
    );
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/unmapped-field');
    expect(printed.diagnostics[0]?.message).toContain('okta/okta');
  });

  it("are not carried for Elastic Defend's event data streams, which the ECS entries read", () => {
    const printed = renderRule(
      eqlRule(
        'file where data_stream.dataset == "endpoint.events.file" and event.action in ("creation", "rename") and file.extension == "php"',
      ),
      sigma,
    );
    expect(printed.text ?? '').not.toContain('product: elastic');
    expect(printed.diagnostics.some((d) => d.code === 'mapping/elastic-dataset')).toBe(false);
  });

  it('are not carried for a query with no single data stream at its top level', () => {
    const printed = renderRule(
      eqlRule(
        'any where (data_stream.dataset == "network_traffic.redis" or data_stream.dataset == "network_traffic.mysql") and destination.port == 6379',
      ),
      sigma,
    );
    expect(printed.text ?? '').not.toContain('product: elastic');
  });
});
