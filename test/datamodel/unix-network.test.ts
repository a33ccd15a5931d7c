import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { findCategory } from '../../src/datamodel/map.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { readBatch } from '../../src/pipeline/batch.js';
import { detectDialect } from '../../src/cli/inputs.js';
import type { Expr, Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

const model = (id: string) => {
  const m = DATA_MODELS[id];
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const ecs = model('ecs');
const sentinel = model('sentinel');
const keep = { unmapped: 'error' } as const;

/** A rule of the shared corpora (Sigma YAML or a detection-rules TOML), read as the CLI reads it. */
function corpusRule(...parts: string[]): Rule {
  const file = sharedPath('corpus', ...parts);
  const text = readFileSync(file, 'utf8');
  const dialect = detectDialect(file, text).dialect;
  if (!dialect) throw new Error(`no dialect for ${file}`);
  const [outcome] = readBatch([{ text, file, dialect }]);
  if (!outcome?.rule) throw new Error(`did not read ${file}`);
  return outcome.rule;
}
const sigmaRule = (...parts: string[]) => corpusRule('sigma', 'rules', ...parts);

const toEql = (rule: Rule) => eqlDialect.print(mapRule(rule, null, ecs, keep).rule).text;
const toKql = (rule: Rule) => kqlDialect.print(mapRule(rule, null, sentinel, keep).rule).text;

function fields(expr: Expr, out: string[] = []): string[] {
  if (expr.kind === 'and' || expr.kind === 'or') for (const i of expr.items) fields(i, out);
  else if (expr.kind === 'not') fields(expr.item, out);
  else if (expr.kind === 'predicate' && expr.field) out.push(expr.field);
  return out;
}

const lnx = (detection: string, category: string, extra = '') =>
  mustParse(
    `title: t\nlogsource:\n    ${category}\n    product: linux\n${extra}detection:\n${detection
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n')}\n`,
  );

describe('data-model mapping: Linux and macOS beyond process starts', () => {
  it.skipIf(!hasShared)(
    'writes a Sigma Linux file rule as Elastic Defend and Defender file creations',
    () => {
      const rule = sigmaRule('linux', 'file_event', 'file_event_lnx_persistence_sudoers_files.yml');
      expect(toEql(rule)).toBe(
        'file where host.os.type == "linux" and event.type == "creation" and\n' +
          '  file.path : "/etc/sudoers.d/*" and\n' +
          '  not (process.executable : "*/usr/bin/dpkg" and file.path : "/etc/sudoers.d/README.dpkg-new")',
      );
      const mapped = mapRule(rule, null, sentinel, keep);
      expect(kqlDialect.print(mapped.rule).text).toBe(
        'DeviceFileEvents\n| where ActionType == "FileCreated"\n    and FolderPath startswith "/etc/sudoers.d/"\n' +
          '    and not(InitiatingProcessFolderPath endswith "/usr/bin/dpkg" and FolderPath =~ "/etc/sudoers.d/README.dpkg-new")\n',
      );
      // Defender's tables hold every platform's events: the Linux rule reads Windows and macOS files too.
      expect(mapped.diagnostics).toContainEqual(
        expect.objectContaining({ code: 'mapping/broader-source', fidelity: 'broader' }),
      );
    },
  );

  it.skipIf(!hasShared)(
    'reads an Elastic Linux file rule as Sigma linux/file_event, file.extension as the path ending',
    () => {
      const rule = corpusRule('elastic', 'toml', 'rules', 'linux', 'persistence_pth_file_creation.toml');
      const { rule: hub, diagnostics } = mapRule(rule, ecs, null, keep);
      const query = hub.query as SearchQuery;
      expect(query.source).toMatchObject({ model: 'sigma', category: 'file_event', product: 'linux' });
      const names = fields(query.filter);
      expect(names).toContain('TargetFilename');
      expect(names).not.toContain('event.action');
      expect(names).not.toContain('host.os.type');
      expect(names).not.toContain('file.extension');
      expect(JSON.stringify(query.filter)).toContain('".pth"');
      // `event.action == "creation"` is Elastic Defend's way of saying file creation: it stands in for
      // `event.type == "creation"`, so the query reads exactly those events.
      expect(diagnostics).not.toContainEqual(expect.objectContaining({ code: 'mapping/narrower-source' }));
    },
  );

  it('keeps the direction of an outbound Linux connection in both models', () => {
    const rule = lnx(
      "sel:\n    Initiated: 'true'\n    DestinationPort: 4444\n    Image|endswith: '/nc'\ncondition: sel",
      'category: network_connection',
    );
    expect(toEql(rule)).toBe(
      'network where host.os.type == "linux" and event.type == "start" and\n' +
        '  network.direction : ("egress", "outgoing", "outbound") and destination.port == 4444 and\n' +
        '  process.executable : "*/nc"',
    );
    expect(toKql(rule)).toBe(
      'DeviceNetworkEvents\n| where ActionType in~ ("ConnectionSuccess", "ConnectionAttempt", "ConnectionFailed", "ConnectionRequest")\n' +
        '    and RemotePort == 4444\n    and InitiatingProcessFolderPath endswith "/nc"\n',
    );
  });

  it('writes macOS process starts to DeviceProcessEvents with / as the path separator when reading', () => {
    const [file] = kqlDialect.parse([
      { text: 'DeviceProcessEvents\n| where FileName == "osascript"', file: 'x.kql' },
    ]);
    const rule = file?.rules[0]?.rule as Rule;
    const macos = findCategory(sentinel, { category: 'process_creation', product: 'macos' });
    expect(macos?.source.table).toBe('DeviceProcessEvents');
    expect(macos?.caveat?.fidelity).toBe('broader');
    expect(macos?.basenames).toContainEqual({ field: 'FileName', of: 'Image', separator: '/' });
    // The table has no platform column: reading a Defender rule cannot tell Linux from Windows, so it reads as Windows.
    const read = mapRule(rule, sentinel, null, keep).rule.query as SearchQuery;
    expect(read.source).toMatchObject({ product: 'windows' });
  });
});

describe('data-model mapping: Linux audit framework (Auditbeat / Auditd Manager)', () => {
  it.skipIf(!hasShared)('writes a SYSCALL rule with the auditd.data fields Elastic rules read', () => {
    const rule = sigmaRule(
      'linux',
      'auditd',
      'syscall',
      'lnx_auditd_clean_disable_dmesg_logs_via_syslog.yml',
    );
    expect(toEql(rule)).toBe(
      'any where event.module == "auditd" and auditd.message_type : "syscall" and\n' +
        '  auditd.data.syscall : "syslog" and auditd.data.a0 : ("4", "5", "6")',
    );
  });

  it.skipIf(!hasShared)(
    'refuses EXECVE and PATH records mixed in one OR (Auditbeat folds them into the syscall event; the Auditd Logs entries serve one record type a rule states)',
    () => {
      const rule = sigmaRule('linux', 'auditd', 'lnx_auditd_system_info_discovery.yml');
      expect(() => mapRule(rule, null, ecs, keep)).toThrow(/"PATH" of type has no equivalent/);
      const execve = lnx('sel:\n    type: EXECVE\n    a0: chmod\ncondition: sel', 'service: auditd');
      expect(toEql(execve)).toContain('event.dataset == "auditd.log" and event.action == "execve"');
    },
  );

  it('reads an audit key as the tag Auditbeat writes, and back', () => {
    const rule = lnx(
      "sel:\n    key: susp_activity\n    exe|endswith: '/nc'\ncondition: sel",
      'service: auditd',
    );
    const there = mapRule(rule, null, ecs, keep).rule;
    expect(eqlDialect.print(there).text).toBe(
      'any where event.module == "auditd" and tags : "susp_activity" and process.executable : "*/nc"',
    );
    const back = mapRule(there, ecs, null, keep).rule.query as SearchQuery;
    expect(back.source).toMatchObject({ product: 'linux', service: 'auditd' });
    expect(fields(back.filter).sort()).toEqual(['exe', 'key']);
  });

  it('finds the service entries before the one for any Linux log', () => {
    const sshd = findCategory(ecs, { product: 'linux', service: 'sshd' });
    expect(sshd?.source.where.map((w) => w.field)).toContain('process.name');
    expect(findCategory(ecs, { product: 'linux', service: 'auditd' })?.source.where[0]?.field).toBe(
      'event.module',
    );
    expect(findCategory(sentinel, { product: 'linux', service: 'sshd' })?.source).toMatchObject({
      table: 'Syslog',
      where: [{ field: 'ProcessName', values: ['sshd'] }],
    });
  });
});

describe('data-model mapping: web, proxy, DNS, firewall and Zeek logs', () => {
  it.skipIf(!hasShared)(
    'writes a Sigma web-server rule as web-server access logs, with each model its status type',
    () => {
      const rule = sigmaRule('web', 'webserver_generic', 'web_iis_tilt_shortname_scan.yml');
      expect(toEql(rule)).toBe(
        'web where event.dataset in ("nginx.access", "apache.access", "iis.access") and\n' +
          '  url.query : "*~1*" and url.query : "*a.aspx" and http.request.method : ("GET", "OPTIONS") and\n' +
          '  http.response.status_code in (200, 301)',
      );
      // W3CIISLog keeps the status as text.
      expect(toKql(rule)).toBe(
        'W3CIISLog\n| where csUriQuery contains "~1"\n    and csUriQuery endswith "a.aspx"\n' +
          '    and csMethod in~ ("GET", "OPTIONS")\n    and scStatus in~ ("200", "301")\n',
      );
    },
  );

  it('looks for web-server keywords in the request target, and says Sigma looks in the whole line', () => {
    const rule = mustParse(
      "title: t\nlogsource:\n    category: webserver\ndetection:\n    keywords:\n        - '.git/'\n    condition: keywords\n",
    );
    const mapped = mapRule(rule, null, ecs, keep);
    expect(eqlDialect.print(mapped.rule).text).toBe(
      'web where event.dataset in ("nginx.access", "apache.access", "iis.access") and\n  url.original : "*.git/*"',
    );
    expect(mapped.diagnostics.map((d) => `${d.code} ${d.fidelity}`)).toContain(
      'mapping/keyword-field narrower',
    );
  });

  it("searches Apache's and nginx's error logs, and custom application logs, through message, and says how they differ", () => {
    const keywords = (logsource: string, ...words: string[]) =>
      mustParse(
        `title: t\nlogsource:\n${logsource}\ndetection:\n    keywords:\n${words.map((w) => `        - '${w}'`).join('\n')}\n    condition: keywords\n`,
      );
    const apache = mapRule(
      keywords('    service: apache', 'exit signal Segmentation Fault'),
      null,
      ecs,
      keep,
    );
    expect(eqlDialect.print(apache.rule).text).toBe(
      'any where event.dataset == "apache.error" and message : "*exit signal Segmentation Fault*"',
    );
    expect(apache.diagnostics.map((d) => `${d.code} ${d.fidelity}`)).toEqual([
      'mapping/narrower-source narrower',
      'mapping/keyword-field narrower',
    ]);
    const jvm = mapRule(
      keywords('    category: application\n    product: jvm', 'SAXParseException', 'DOMException'),
      null,
      ecs,
      keep,
    );
    expect(eqlDialect.print(jvm.rule).text).toBe(
      'any where message : ("*SAXParseException*", "*DOMException*")',
    );
    // No event source marks these logs: every event's message is read (broader), keywords in message only (narrower).
    expect(jvm.diagnostics.map((d) => d.fidelity).sort()).toEqual(['broader', 'narrower']);
    // Nor can a query say it reads them: an EQL query on any event's message is no JVM log rule.
    const [file] = eqlDialect.parse([{ text: 'any where message : "*SAXParseException*"', file: 'x.eql' }]);
    expect(() => mapRule(file?.rules[0]?.rule as Rule, ecs, null, keep)).toThrow(/^(?![\s\S]*jvm)/);
  });

  it('reads a Sentinel IIS query as a Sigma web-server rule', () => {
    const [file] = kqlDialect.parse([
      {
        text: 'W3CIISLog\n| where csMethod == "POST" and csUriStem endswith ".aspx" and scStatus == "200"',
        file: 'x.kql',
      },
    ]);
    const read = mapRule(file?.rules[0]?.rule as Rule, sentinel, null, keep).rule.query as SearchQuery;
    expect(read.source).toMatchObject({ model: 'sigma', category: 'webserver' });
    expect(fields(read.filter)).toEqual(['cs-method', 'cs-uri-stem', 'sc-status']);
  });

  it('writes proxy, DNS and firewall rules to the fields their integrations and tables use', () => {
    const proxy = mustParse(
      "title: t\nlogsource:\n    category: proxy\ndetection:\n    sel:\n        c-useragent|startswith: 'rclone/v'\n        cs-host|endswith: '.xyz'\n    condition: sel\n",
    );
    expect(toEql(proxy)).toBe('web where user_agent.original : "rclone/v*" and url.domain : "*.xyz"');
    expect(toKql(proxy)).toBe(
      'imWebSession\n| where HttpUserAgent startswith "rclone/v"\n    and DstHostname endswith ".xyz"\n',
    );
    const dns = mustParse(
      "title: t\nlogsource:\n    category: dns\ndetection:\n    sel:\n        query|endswith: '.duckdns.org'\n    condition: sel\n",
    );
    expect(toEql(dns)).toBe(
      'network where network.protocol == "dns" and dns.question.name : "*.duckdns.org"',
    );
    expect(toKql(dns)).toBe('imDns\n| where DnsQuery endswith ".duckdns.org"\n');
    const firewall = mustParse(
      'title: t\nlogsource:\n    category: firewall\ndetection:\n    sel:\n        dst_port: 3389\n        action: accept\n    condition: sel\n',
    );
    // ECS keeps no vendor action word (it normalises it into event.type); CEF's act= is DeviceAction.
    expect(() => mapRule(firewall, null, ecs, keep)).toThrow(/field action .* firewall/);
    expect(toKql(firewall)).toBe(
      'CommonSecurityLog\n| where DestinationPort == 3389\n    and DeviceAction =~ "accept"\n',
    );
  });

  it.skipIf(!hasShared)('writes Zeek logs as the Zeek integration stores them', () => {
    expect(toEql(sigmaRule('network', 'zeek', 'zeek_default_cobalt_strike_certificate.yml'))).toBe(
      'any where event.dataset == "zeek.x509" and zeek.x509.certificate.serial : "8BB00EE"',
    );
    const http = mustParse(
      'title: t\nlogsource:\n    product: zeek\n    service: http\ndetection:\n    sel:\n        method: PUT\n        id.resp_h: 10.0.0.1\n        resp_mime_types: application/x-dosexec\n    condition: sel\n',
    );
    expect(toEql(http)).toBe(
      'any where event.dataset == "zeek.http" and http.request.method : "PUT" and\n' +
        '  destination.ip : "10.0.0.1" and zeek.http.resp_mime_types : "application/x-dosexec"',
    );
  });

  it.skipIf(!hasShared)('every KQL it writes passes Kusto.Language with the Sentinel schema', () => {
    const rules = [
      sigmaRule('linux', 'file_event', 'file_event_lnx_persistence_sudoers_files.yml'),
      sigmaRule('linux', 'network_connection', 'net_connection_lnx_susp_malware_callback_port.yml'),
      sigmaRule('web', 'webserver_generic', 'web_iis_tilt_shortname_scan.yml'),
      sigmaRule('web', 'proxy_generic', 'proxy_ua_rclone.yml'),
      corpusRule('sigma', 'rules-threat-hunting', 'network', 'net_dns_low_reputation_etld.yml'),
    ];
    for (const rule of rules) {
      const text = toKql(rule);
      const problems = kustoDiagnostics(text);
      expect(problems, `${text}\n${describeKusto(problems)}`).toEqual([]);
    }
  });
});
