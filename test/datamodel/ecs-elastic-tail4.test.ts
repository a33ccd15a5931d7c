import { describe, expect, it } from 'vitest';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { generateEvents } from '../../src/engine/index.js';
import type { SearchQuery } from '../../src/ir/types.js';
import { eqlRule } from '../support/rules.js';
import {
  ecsRefusal as refusal,
  ecsSearch as search,
  predicateFields as fields,
  predicates,
  fidelityCodes as codes,
  hubToEql as toEql,
  sigmaRule as sigma,
} from '../support/ecs-hub.js';

/**
 * Elastic's EQL rules on Defend's Linux credential and session changes (the hub's linux/process_change), on
 * several producers of Windows process starts told apart by their data stream, on Defend for Containers'
 * events (Linux, though the queries name no system), and on Defend's driver loads.
 */

/** Whether the Sigma translation keeps its fidelity claim on events generated from the EQL query. */
function agreesOnEvents(text: string): boolean {
  const rule = eqlRule(text);
  const generated = generateEvents((rule.query as SearchQuery).filter);
  const events = [generated.match, ...generated.nearMisses].filter((e) => e !== undefined);
  expect(events.length).toBeGreaterThan(1);
  const v = verifyRule(rule, sigmaDialect, events);
  expect(v.comparison).toBeDefined();
  return v.ok;
}

describe("linux/process_change: Defend's credential and session changes", () => {
  it('reads a uid change as process_change, keeping which change it was', () => {
    // Elastic's "Potential Privilege Escalation via unshare and UID Change", second step.
    const { query, diagnostics } = search(`process where host.os.type == "linux" and
      event.action == "uid_change" and event.type == "change" and user.id == "0"`);
    expect(query.source).toMatchObject({ category: 'process_change', product: 'linux' });
    expect(fields(query.filter)).toEqual(['event.action', 'user.id']);
    expect(codes(diagnostics).filter((c) => c.includes('narrower') || c.includes('broader'))).toEqual([]);
  });

  it('reads an action without event.type exactly: every such action is a change', () => {
    // Elastic's "Suspicious Kworker UID Elevation".
    const { query, diagnostics } = search(`process where host.os.type == "linux" and
      event.action == "session_id_change" and process.name : "kworker*" and user.id == "0"`);
    expect(query.source).toMatchObject({ category: 'process_change' });
    expect(codes(diagnostics)).not.toContain('mapping/narrower-source/narrower');
    expect(predicates(query.filter).find((p) => p.field === 'event.action')?.values).toEqual([
      { type: 'string', pattern: ['session_id_change'] },
    ]);
  });

  it('reads event.type == "change" alone as any of the changes, with no action test', () => {
    const { query } = search(`process where host.os.type == "linux" and event.type == "change" and
      process.parent.group.id != "0"`);
    expect(query.source).toMatchObject({ category: 'process_change' });
    expect(fields(query.filter)).toEqual(['process.parent.group.id']);
  });

  it('writes a process_change rule as the three actions, and its action test as it is', () => {
    const text = toEql(
      sigma(
        'category: process_change\n    product: linux',
        "selection:\n    event.action|cased: 'gid_change'\n    group.id: '0'\ncondition: selection",
      ),
    );
    expect(text).toContain('event.action in ("uid_change", "gid_change", "session_id_change")');
    expect(text).toContain('event.action == "gid_change"');
    expect(text).toContain('group.id');
  });

  it('keeps its fidelity claim on generated events', () => {
    expect(
      agreesOnEvents(`process where host.os.type == "linux" and event.type == "change" and
        event.action == "uid_change" and user.id == "0" and not process.executable in ("/usr/bin/sudo", "/bin/sudo")`),
    ).toBe(true);
  });
});

describe('Windows process starts: tests of which integration wrote the event', () => {
  it('recognises a data stream of a known producer at the top level as the same events', () => {
    const { query, diagnostics } =
      search(`process where host.os.type == "windows" and event.type == "start" and
      data_stream.dataset == "windows.sysmon_operational" and process.name : "whoami.exe"`);
    expect(query.source).toMatchObject({ category: 'process_creation', product: 'windows' });
    expect(fields(query.filter)).toEqual(['Image']);
    expect(codes(diagnostics)).not.toContain('mapping/producer-test/narrower');
  });

  it("settles a nested test as Defend's events answer it, saying Sysmon's are read differently", () => {
    // Elastic's "Suspicious Windows Powershell Arguments": the SYSTEM exclusion skips Sysmon's events.
    const { query, diagnostics } =
      search(`process where host.os.type == "windows" and event.type == "start" and
      process.name : "powershell.exe" and
      not (?user.id == "S-1-5-18" and not data_stream.dataset : ("windows.sysmon_operational", "windows.sysmon"))`);
    expect(query.source).toMatchObject({ category: 'process_creation' });
    expect(fields(query.filter)).toEqual(['Image', 'user.id']);
    // The dataset test is settled false, so Sysmon's events with user.id SYSTEM are now excluded: fewer.
    expect(codes(diagnostics)).toContain('mapping/producer-test/narrower');
    const note = diagnostics.find((d) => d.code === 'mapping/producer-test');
    expect(note?.message).toContain('windows.sysmon_operational or windows.sysmon');
  });

  it("settles another producer's word in an exclusion, broader (CrowdStrike's NT paths)", () => {
    // Elastic's "Execution via Windows Subsystem for Linux".
    const { query, diagnostics } =
      search(`process where host.os.type == "windows" and event.type : "start" and
      process.parent.name : "wsl.exe" and
      not ((data_stream.dataset == "crowdstrike.fdr" or event.action == "ProcessRollup2") and
           process.executable : "\\\\Device\\\\HarddiskVolume*\\\\Windows\\\\System32\\\\wsl.exe")`);
    expect(fields(query.filter)).toEqual(['ParentImage']);
    expect(codes(diagnostics).filter((c) => c.startsWith('mapping/producer-test'))).toEqual([
      'mapping/producer-test/broader',
      'mapping/producer-test/broader',
    ]);
  });

  it('leaves a data stream the entry does not list as a test, refused', () => {
    const d = refusal(`process where host.os.type == "windows" and event.type == "start" and
      not (process.name : "x.exe" and data_stream.dataset == "some.other_stream")`);
    expect(d.code).toBe('mapping/unmapped-field');
    expect(d.message).toContain('data_stream.dataset');
  });
});

describe('Defend for Containers: Linux events of queries that name no system', () => {
  it("reads Defend's Linux word for a process start as a Linux process start", () => {
    // Elastic's "Process Killing Detected via Defend for Containers".
    const { query } = search(`process where event.type == "start" and event.action == "exec" and
      container.id like "*?" and process.name in ("kill", "pkill", "killall")`);
    expect(query.source).toMatchObject({ category: 'process_creation', product: 'linux' });
  });

  it('reads a file open with its event.type (change) as linux/file_access', () => {
    // Elastic's "Potential release_agent Container Escape Detected via Defend for Containers".
    const { query } = search(`file where host.os.type == "linux" and event.type == "change" and
      event.action == "open" and file.name == "release_agent" and container.id like "*"`);
    expect(query.source).toMatchObject({ category: 'file_access', product: 'linux' });
    expect(fields(query.filter)).toEqual(['TargetFilename', 'container.id']);
  });

  it('reads a modification with event.type change as linux/file_change, not file_access', () => {
    const { query } = search(`file where host.os.type == "linux" and event.type == "change" and
      event.action == "modification" and file.path == "/etc/passwd"`);
    expect(query.source).toMatchObject({ category: 'file_change', product: 'linux' });
  });
});

describe("Windows driver loads: Defend's loading process", () => {
  it('reads process.pid on a Defend driver event as ProcessId, and writes it back through that entry', () => {
    // Elastic's "Expired or Revoked Driver Loaded".
    const { query } = search(`driver where host.os.type == "windows" and process.pid == 4 and
      dll.code_signature.status : ("errorExpired", "errorRevoked")`);
    expect(query.source).toMatchObject({ category: 'driver_load', product: 'windows' });
    expect(fields(query.filter)).toEqual(['ProcessId', 'SignatureStatus']);
    const text = toEql(
      sigma(
        'category: driver_load\n    product: windows',
        "selection:\n    ProcessId: 4\n    SignatureStatus: 'errorExpired'\ncondition: selection",
      ),
    );
    expect(text).toMatch(/^driver where/);
    expect(text).toContain('process.pid == 4');
    expect(text).toContain('dll.code_signature.status');
  });
});
