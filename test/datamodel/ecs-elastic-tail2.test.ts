import { describe, expect, it } from 'vitest';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { generateEvents } from '../../src/engine/index.js';
import type { Diagnostic } from '../../src/report/diagnostics.js';
import type { SearchQuery } from '../../src/ir/types.js';
import { eqlRule } from '../support/rules.js';
import {
  ecsSearch as toHub,
  ecsRefusal as refusal,
  predicateFields as fields,
  predicates,
} from '../support/ecs-hub.js';

/**
 * Elastic's EQL rules over several event categories at once (`any where event.category in ("file",
 * "process") …`), and queries whose entry only their fields settle (`network where process.name : "x"`).
 */

const fidelities = (d: Diagnostic[]) =>
  d.filter((x) => x.fidelity !== undefined && x.fidelity !== 'exact').map((x) => `${x.code}/${x.fidelity}`);

/**
 * Whether the Sigma translation keeps its fidelity claim on events generated from the EQL query (those of one
 * event category only, where given).
 */
function agreesOnEvents(text: string, category?: string): { ok: boolean; expected: string | undefined } {
  const rule = eqlRule(text);
  const generated = generateEvents((rule.query as SearchQuery).filter);
  const events = [generated.match, ...generated.nearMisses].filter(
    (e) => e !== undefined && (category === undefined || e['event.category'] === category),
  );
  expect(events.length).toBeGreaterThan(1);
  const v = verifyRule(rule, sigmaDialect, events);
  expect(v.comparison).toBeDefined();
  return { ok: v.ok, expected: v.expected };
}

describe('any where: queries over several event categories', () => {
  // Elastic's "File with Right-to-Left Override Character (RTLO) Created/Executed".
  const RTLO = `any where host.os.type == "windows" and event.category in ("file", "process") and
    ((event.type == "creation" and file.path : "*\u{202E}*") or (event.type == "start" and process.name : "*\u{202E}*"))`;

  it('refuses a query over several log sources, naming them, not a field of the first one it tried', () => {
    const d = refusal(RTLO);
    expect(d.code).toBe('mapping/several-logsources');
    expect(d.message).toContain('file (windows/file_event)');
    expect(d.message).toContain('process (windows/process_creation)');
    expect(d.message).not.toContain('windows/security');
  });

  it('names every category a disjunction of branches reads, as the branches select them', () => {
    // Elastic's "Suspicious SolarWinds Web Help Desk Java Module Load or Child Process".
    const d = refusal(`any where host.os.type == "windows" and (
      (event.category == "library" and process.executable : "C:\\\\Program Files\\\\WebHelpDesk\\\\*\\\\java*.exe" and dll.path : "\\\\Device\\\\Mup\\\\*") or
      (event.category == "process" and process.name : ("cmd.exe", "powershell.exe")))`);
    expect(d.code).toBe('mapping/several-logsources');
    expect(d.message).toMatch(/library \(windows\/image_load\), process \(windows\/process_creation\)/);
  });

  it('reads a query of one event category as a query of that category, exactly', () => {
    const any = toHub(
      'any where event.category == "process" and host.os.type == "windows" and event.type == "start" and process.name : "cmd.exe"',
    );
    const plain = toHub(
      'process where host.os.type == "windows" and event.type == "start" and process.name : "cmd.exe"',
    );
    expect(any.query.source).toMatchObject({ product: 'windows', category: 'process_creation' });
    const shape = (q: SearchQuery) => predicates(q.filter).map(({ pos: _pos, ...p }) => p);
    expect(shape(any.query)).toEqual(shape(plain.query));
    expect(fidelities(any.diagnostics)).toEqual([]);
  });

  it('leaves out a category the rest of the query rules out', () => {
    const { query } = toHub(
      'any where event.category in ("process", "file") and not event.category == "file" and host.os.type == "windows" and event.type == "start" and process.name : "cmd.exe"',
    );
    expect(query.source).toMatchObject({ product: 'windows', category: 'process_creation' });
    expect(fields(query.filter)).toEqual(['Image']);
  });

  it('reads categories that are one hub log source as one search, each branch as its category reads it', () => {
    const { query, diagnostics } = toHub(
      'any where host.os.type == "windows" and ((event.category == "iam" and event.action == "added-member-to-group") or (event.category == "authentication" and event.action == "logged-in"))',
    );
    expect(query.source).toMatchObject({ product: 'windows', service: 'security' });
    expect(query.filter.kind).toBe('or');
    const ids = predicates(query.filter).map((p) =>
      p.values.map((v) => (v.type === 'number' ? v.value : '?')),
    );
    expect(ids).toEqual([[4728, 4732, 4756], [4624]]);
    // The Security channel, which the query leaves to its index patterns.
    expect(fidelities(diagnostics)).toEqual(['mapping/narrower-source/narrower']);
  });

  it('keeps its claim on generated events', () => {
    const { ok, expected } = agreesOnEvents(
      'any where event.category == "process" and host.os.type == "windows" and event.type == "start" and process.name : "cmd.exe"',
      'process',
    );
    expect(ok).toBe(true);
    expect(expected).toBe('exact');
  });

  it('keeps its claim on generated events of every category: another category is not an event of the entry', () => {
    const { ok, expected } = agreesOnEvents(
      'any where event.category == "process" and host.os.type == "windows" and event.type == "start" and process.name : "cmd.exe"',
    );
    expect(ok).toBe(true);
    expect(expected).toBe('exact');
  });
});

describe('the entry a query reads, where its fields settle it', () => {
  it('reads a network query with a process but no protocol as a connection, not a DNS log', () => {
    // Elastic's "Network Connection via Mshta", step 2.
    const { query, diagnostics } = toHub('network where process.name : "mshta.exe"');
    expect(query.source).toMatchObject({ product: 'windows', category: 'network_connection' });
    expect(fields(query.filter)).toEqual(['Image']);
    // Neither the host nor the connection's start is stated: as a Windows connection rule it reads only those.
    expect(fidelities(diagnostics)).toEqual([
      'mapping/narrower-source/narrower',
      'mapping/narrower-source/narrower',
    ]);
  });

  it('still reads a DNS query through the DNS entry', () => {
    const { query } = toHub('network where network.protocol == "dns" and dns.question.name : "*.onion"');
    expect(query.source).toMatchObject({ category: 'dns' });
    expect(fields(query.filter)).toEqual(['query']);
  });

  it('reads registry creations and changes as value sets, narrower, rather than failing on event.type', () => {
    // Elastic's "Modification of AmsiEnable Registry Key".
    const { query, diagnostics } = toHub(
      'registry where host.os.type == "windows" and event.type in ("creation", "change") and registry.value : "AmsiEnable" and registry.data.strings : ("0", "0x00000000")',
    );
    expect(query.source).toMatchObject({ product: 'windows', category: 'registry_set' });
    expect(fields(query.filter)).toEqual(['TargetObject', 'Details']);
    expect(fidelities(diagnostics)).toEqual(['mapping/narrower-source/narrower']);
  });
});
