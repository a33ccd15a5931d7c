/**
 * Elastic's EQL rules into the hub, round 5's tail: Defend's driver signatures, the Security log's outcome, an
 * integration's module beside its data stream, Defend's effective process, the auth log's account changes, and an
 * integration named alone carried as its own log source.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { mustParse } from '../support/sigma.js';
import { dialect, eqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

const sigmaRule = (logsource: string[], detection: string[]) =>
  mustParse(
    [
      'title: t',
      'logsource:',
      ...logsource.map((l) => `    ${l}`),
      'detection:',
      '    selection:',
      ...detection.map((d) => `        ${d}`),
      '    condition: selection',
    ].join('\n'),
  );

describe("Defend's driver loads: the driver's signature", () => {
  // Elastic's "Untrusted Driver Loaded", shortened.
  const query =
    'driver where host.os.type == "windows" and process.pid == 4 and (dll.code_signature.trusted == false or dll.code_signature.exists == false)';

  it('reads as windows/driver_load with the extension fields, and back', () => {
    const printed = renderRule(eqlRule(query), sigma);
    expect(printed.text).toContain('category: driver_load\n    product: windows\n');
    expect(printed.text).toContain('- dll.code_signature.trusted: false');
    expect(printed.text).toContain('- dll.code_signature.exists: false');
    const back = renderRule(mustParse(printed.text ?? ''), eql);
    expect(back.text).toContain(
      '(dll.code_signature.trusted == false or dll.code_signature.exists == false)',
    );
  });

  it("is written for Defend's events, never as a field of Sysmon's (which keep the driver under file.*)", () => {
    const rule = sigmaRule(
      ['category: driver_load', 'product: windows'],
      ["dll.code_signature.trusted: 'false'", "ImageLoaded|endswith: '.sys'"],
    );
    const printed = renderRule(rule, eql);
    expect(printed.text).toContain('dll.path : "*.sys"');
    expect(printed.text).not.toContain('file.path');
    expect(printed.diagnostics.some((d) => d.code === 'mapping/other-source')).toBe(true);
    // Defender names no driver signature's trust: refused by name.
    const refused = renderRule(rule, kql);
    expect(refused.text).toBeUndefined();
    expect(refused.diagnostics[0]?.message).toContain('dll.code_signature.trusted');
  });
});

describe("the Security log's event.outcome", () => {
  it("reads as the record's audit keyword", () => {
    const printed = renderRule(
      eqlRule(
        'iam where host.os.type == "windows" and event.action == "service-installed" and event.outcome == "success"',
      ),
      sigma,
    );
    expect(printed.text).toContain('service: security');
    expect(printed.text).toContain("Keywords|cased: '0x8020000000000000'");
    expect(renderRule(mustParse(printed.text ?? ''), eql).text).toContain(
      'winlog.keywords == "Audit Success"',
    );
    expect(printed.text).not.toContain('event.outcome');
  });
});

describe("an integration's module beside its data stream", () => {
  it('is said by the data stream (every event of github.audit has event.module github)', () => {
    const printed = renderRule(
      eqlRule(
        'configuration where event.module == "github" and data_stream.dataset == "github.audit" and event.action == "repo.destroy"',
      ),
      sigma,
    );
    expect(printed.text).toContain('product: github\n    service: audit\n');
    expect(printed.text).toContain("action|cased: 'repo.destroy'");
    expect(printed.text).not.toContain('event.module');
  });
});

describe("Defend's effective process on file events", () => {
  const query =
    'file where host.os.type == "macos" and event.action == "open" and file.path == "/Library/Preferences/SystemConfiguration/preferences.plist" and not Effective_process.executable : "/Applications/Docker.app/Contents/MacOS/Docker"';

  it('is an extension field of the hub, kept by its Defend name', () => {
    const printed = renderRule(eqlRule(query), sigma);
    expect(printed.text).toContain('category: file_access\n    product: macos\n');
    expect(printed.text).toContain(
      "Effective_process.executable|neq: '/Applications/Docker.app/Contents/MacOS/Docker'",
    );
    const note = printed.diagnostics.find(
      (d) => d.code === 'mapping/hub-extension' && d.message.includes('Effective_process.executable'),
    );
    expect(note).toBeDefined();
  });

  it('is refused by name where the target has no column for it', () => {
    const rule = sigmaRule(
      ['category: file_event', 'product: windows'],
      [
        "Effective_process.name: 'msiexec.exe'",
        "TargetFilename|startswith: 'C:\\Windows\\System32\\Tasks\\'",
      ],
    );
    const printed = renderRule(rule, kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.message).toContain('Effective_process.name');
    expect(renderRule(rule, eql).text).toContain('Effective_process.name : "msiexec.exe"');
  });
});

describe("the auth log's account changes", () => {
  // Elastic's "Linux User Account Creation".
  const query =
    'iam where host.os.type == "linux" and event.type == "user" and event.type == "creation" and event.outcome == "success"';

  it('read as linux/auth, what the change was in event.type, the data stream left unstated said', () => {
    const printed = renderRule(eqlRule(query), sigma);
    expect(printed.text).toContain('product: linux\n    service: auth\n');
    expect(printed.text).toContain('event.type|all|cased:');
    const narrower = printed.diagnostics.find((d) => d.code === 'mapping/narrower-source');
    expect(narrower?.message).toContain('system.auth');
  });

  it('with the data stream stated, read exactly', () => {
    const printed = renderRule(eqlRule(`${query} and data_stream.dataset == "system.auth"`), sigma);
    expect(printed.text).toContain('service: auth');
    expect(printed.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
  });

  it('are not read from another producer of iam events: auditd stays refused by its own field', () => {
    const printed = renderRule(
      eqlRule(
        'iam where host.os.type == "linux" and event.type in ("creation", "change") and auditd.result == "success"',
      ),
      sigma,
    );
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.message).toContain('auditd.result');
  });
});

describe('an integration named alone, which no entry reads', () => {
  // Elastic's "Cloud Instance Metadata Credential Path HTTP Request", shortened.
  const query =
    'network where event.module == "network_traffic" and destination.ip == "169.254.169.254" and http.request.method == "GET"';

  it('is carried as its own log source and written back with event.module', () => {
    const printed = renderRule(eqlRule(query), sigma);
    expect(printed.text).toContain('product: elastic\n    service: network_traffic\n');
    expect(printed.text).not.toContain('event.module');
    const back = renderRule(mustParse(printed.text ?? ''), eql);
    expect(back.text).toMatch(/^network where event\.module == "network_traffic" and/);
  });

  it("is not carried for an integration an entry reads (Defend's endpoint)", () => {
    const printed = renderRule(
      eqlRule('network where event.module == "endpoint" and event.action == "disconnect_received"'),
      sigma,
    );
    expect(printed.text ?? '').not.toContain('product: elastic');
  });
});

describe("a key's field of a KEY=value list tested for presence", () => {
  it("reads as the list naming the key, and back (Sysmon's Hashes, Defend's dll.hash.sha256)", () => {
    const query =
      'library where host.os.type == "windows" and dll.path : "C:\\\\Users\\\\*" and dll.hash.sha256 != null';
    const printed = renderRule(eqlRule(query), sigma);
    expect(printed.text).toContain("Hashes|contains: 'SHA256='");
    expect(printed.text).not.toContain('not ');
    expect(renderRule(mustParse(printed.text ?? ''), eql).text).toContain('dll.hash.sha256 != null');
    const missing = renderRule(
      eqlRule('library where host.os.type == "windows" and dll.hash.sha256 == null'),
      sigma,
    );
    expect(missing.text).toContain("Hashes|contains|neq: 'SHA256='");
  });
});
