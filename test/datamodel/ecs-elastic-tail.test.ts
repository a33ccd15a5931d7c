import { describe, expect, it } from 'vitest';
import { mapRule } from '../../src/datamodel/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { generateEvents } from '../../src/engine/index.js';
import type { Diagnostic } from '../../src/report/diagnostics.js';
import type { SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import {
  ecs,
  ecsSearch as toHub,
  predicateFields as fields,
  predicates,
  strict,
} from '../support/ecs-hub.js';
import { eqlRule } from '../support/rules.js';

/**
 * The tail of Elastic's EQL rules that Sigma refused: Linux logins from the auth log, tests of a process's name
 * or arguments that are no plain values (presence, regexes), and Defend's process ends on Linux and macOS.
 */

const fidelities = (d: Diagnostic[]) =>
  d.filter((x) => x.fidelity !== undefined && x.fidelity !== 'exact').map((x) => `${x.code}/${x.fidelity}`);

/** The EQL of a Sigma rule on one log source, detection as YAML lines. */
function sigmaToEql(logsource: string, detection: string): string | undefined {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n');
  const rule = mustParse(`title: t\nlogsource:\n${indent(logsource)}\ndetection:\n${indent(detection)}\n`);
  return eqlDialect.print(mapRule(rule, null, ecs, strict).rule).text;
}

/**
 * Whether the Sigma translation keeps its fidelity claim on events generated from the EQL query (the generator
 * makes none for a regex: those are given).
 */
function agreesOnEvents(
  text: string,
  given: Record<string, unknown>[] = [],
): { ok: boolean; expected: string | undefined } {
  const rule = eqlRule(text);
  const generated = generateEvents((rule.query as SearchQuery).filter);
  const events = [generated.match, ...generated.nearMisses, ...given].filter((e) => e !== undefined);
  expect(events.length).toBeGreaterThan(1);
  const v = verifyRule(rule, sigmaDialect, events);
  expect(v.comparison).toBeDefined();
  return { ok: v.ok, expected: v.expected };
}

describe('Linux logins: the auth log as linux/auth, with the hub extension’s ECS fields', () => {
  const SSH_FAILURES =
    'authentication where host.os.type == "linux" and event.action in ("ssh_login", "user_login") and event.outcome == "failure" and source.ip != null and user.name : "*root*"';

  it('reads sshd’s failed logins as linux/auth, by their ECS names, and says other sources are left out', () => {
    const { query, diagnostics } = toHub(SSH_FAILURES);
    expect(query.source).toMatchObject({ product: 'linux', service: 'auth' });
    expect(query.source.category).toBeUndefined();
    expect(fields(query.filter)).toEqual(['event.action', 'event.outcome', 'source.ip', 'user.name']);
    // Without a data stream the query also reads Auditbeat's and auditd's logins.
    expect(fidelities(diagnostics)).toEqual(['mapping/narrower-source/narrower']);
  });

  it('reads the System integration’s data stream exactly', () => {
    for (const selector of ['event.dataset == "system.auth"', 'data_stream.dataset == "system.auth"']) {
      const { query, diagnostics } = toHub(
        `authentication where host.os.type == "linux" and ${selector} and event.outcome == "success" and source.port > 1024`,
      );
      expect(query.source).toMatchObject({ product: 'linux', service: 'auth' });
      expect(fields(query.filter)).toEqual(['event.outcome', 'source.port']);
      expect(fidelities(diagnostics)).toEqual([]);
    }
  });

  it('writes a linux/auth rule with those fields as the auth log’s events, keywords in message', () => {
    expect(
      sigmaToEql(
        'product: linux\nservice: auth',
        "sel:\n    event.action: ssh_login\n    event.outcome: failure\n    system.auth.ssh.method: password\nkw:\n    - 'Invalid user'\ncondition: sel and kw",
      ),
    ).toBe(
      'any where host.os.type == "linux" and event.dataset == "system.auth" and\n' +
        '  event.action : "ssh_login" and event.outcome : "failure" and\n' +
        '  system.auth.ssh.method : "password" and message : "*Invalid user*"',
    );
  });

  it('never takes an Azure sign-in, nor gives a Linux login to Azure or a Windows one to Linux', () => {
    const azure = toHub(
      'authentication where event.dataset == "azure.signinlogs" and azure.signinlogs.properties.app_id == "x"',
    );
    expect(azure.query.source).toMatchObject({ product: 'azure', service: 'signinlogs' });
    // A query that names neither a host nor a data stream stays with the cloud entries, as before.
    expect(() => toHub('authentication where event.action == "UserLoggedIn"')).toThrow(/azure\/signinlogs/);
    expect(() =>
      toHub('authentication where host.os.type == "windows" and event.action == "logged-in"'),
    ).not.toThrow(/linux\/auth/);
  });

  it('keeps its claim on generated events', () => {
    const { ok, expected } = agreesOnEvents(SSH_FAILURES);
    expect(ok).toBe(true);
    expect(expected).toBe('narrower');
  });
});

describe('A process’s name and arguments: presence and regexes', () => {
  it('reads a test that the name or the arguments are there as the path’s or command line’s, exactly', () => {
    const { query, diagnostics } = toHub(
      'process where host.os.type == "windows" and event.type == "start" and process.name != null and process.args == null and process.parent.name != null',
    );
    expect(query.source).toMatchObject({ category: 'process_creation', product: 'windows' });
    expect(predicates(query.filter).map((p) => `${p.field} ${p.op}`)).toEqual([
      'Image null',
      'CommandLine null',
      'ParentImage null',
    ]);
    expect(fidelities(diagnostics)).toEqual([]);
  });

  it('refuses presence tests of names a path may lack: an extension, a registry value', () => {
    expect(() =>
      toHub('file where host.os.type == "windows" and event.type == "creation" and file.extension != null'),
    ).toThrow(/file\.extension/);
    expect(() =>
      toHub('registry where host.os.type == "windows" and event.type == "change" and registry.value != null'),
    ).toThrow(/registry\.value/);
  });

  it('reads a regex on the name as the path ending in a component that matches it (broader)', () => {
    const text =
      'process where host.os.type == "linux" and event.type == "start" and process.name regex~ "php?[0-9]?\\\\.?[0-9]{0,2}"';
    const { query, diagnostics } = toHub(text);
    const [image] = predicates(query.filter);
    expect(image).toMatchObject({ field: 'Image', op: 'regex' });
    expect(image?.values[0]).toMatchObject({ pattern: '(.*\\/)?(php?[0-9]?\\.?[0-9]{0,2})', anchored: true });
    expect(fidelities(diagnostics)).toEqual(['mapping/basename-wildcard/broader']);
    const windows = toHub(
      'process where host.os.type == "windows" and event.type == "start" and process.name regex "[a-z]{8}\\\\.exe"',
    );
    expect(predicates(windows.query.filter)[0]?.values[0]).toMatchObject({
      pattern: '(.*\\\\)?([a-z]{8}\\.exe)',
    });
    const start = { 'host.os.type': 'linux', 'event.type': 'start' };
    const verdict = agreesOnEvents(text, [
      { ...start, 'process.name': 'php7.4', 'process.executable': '/usr/bin/php7.4' },
      { ...start, 'process.name': 'php', 'process.executable': 'php' },
      { ...start, 'process.name': 'bash', 'process.executable': '/usr/bin/bash' },
      { ...start, 'process.name': 'xphp', 'process.executable': '/opt/xphp' },
    ]);
    expect(verdict).toEqual({ ok: true, expected: 'broader' });
  });

  it('reads a regex on the arguments as the command line containing a match (broader; narrower negated)', () => {
    const text =
      'process where host.os.type == "windows" and event.type == "start" and process.name : "ssh.exe" and process.args regex "-[46AaCfGgKkMNnqsTtVvXxYy]+R.*"';
    const { query, diagnostics } = toHub(text);
    const command = predicates(query.filter).find((p) => p.field === 'CommandLine');
    expect(command?.values[0]).toMatchObject({
      pattern: '.*(-[46AaCfGgKkMNnqsTtVvXxYy]+R.*).*',
      anchored: true,
    });
    expect(fidelities(diagnostics)).toEqual(['mapping/part-of-field/broader']);
    const ssh = { 'host.os.type': 'windows', 'event.type': 'start', 'process.name': 'ssh.exe' };
    const verdict = agreesOnEvents(text, [
      {
        ...ssh,
        'process.args': ['ssh', '-NR', '8080:localhost:80', 'host'],
        'process.command_line': 'ssh -NR 8080:localhost:80 host',
      },
      {
        ...ssh,
        'process.args': ['ssh', '-L', '8080:localhost:80', 'host'],
        'process.command_line': 'ssh -L 8080:localhost:80 host',
      },
    ]);
    expect(verdict).toEqual({ ok: true, expected: 'broader' });
    const negated = toHub(
      'process where host.os.type == "linux" and event.type == "start" and not process.args regex "\\\\.[a-z]+"',
    );
    expect(fidelities(negated.diagnostics)).toContain('mapping/part-of-field/narrower');
  });
});

describe('Process ends on Linux and macOS: process_termination, a hub extension there', () => {
  it('reads Defend’s end events with the ended process’s command line and exit code', () => {
    const { query, diagnostics } = toHub(
      'process where host.os.type == "linux" and event.action == "end" and process.name == "sshd" and process.exit_code != 0 and process.command_line == "/usr/sbin/sshd -D -R"',
    );
    expect(query.source).toMatchObject({ category: 'process_termination', product: 'linux' });
    expect(fields(query.filter)).toEqual(['Image', 'process.exit_code', 'CommandLine']);
    expect(fidelities(diagnostics)).toEqual([]);
  });

  it('writes them back as Defend’s end events', () => {
    expect(
      sigmaToEql(
        'category: process_termination\nproduct: macos',
        "sel:\n    Image|endswith: '/sshd'\ncondition: sel",
      ),
    ).toBe('process where host.os.type == "macos" and event.type == "end" and process.executable : "*/sshd"');
  });

  it('reads Defend’s credential and session changes as no starts nor ends (linux/process_change, ecs-elastic-tail4)', () => {
    for (const action of ['uid_change', 'gid_change', 'session_id_change']) {
      const { query } = toHub(
        `process where host.os.type == "linux" and event.type == "change" and event.action == "${action}"`,
      );
      expect(query.source.category).toBe('process_change');
    }
    // Processes already running when Defend started have no hub log source.
    expect(() =>
      toHub(
        'process where host.os.type == "linux" and event.type == "info" and event.action == "already_running"',
      ),
    ).toThrow();
  });
});
