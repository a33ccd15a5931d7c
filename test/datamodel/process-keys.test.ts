/**
 * Join keys a model says by several fields together (keyParts): Defender for Endpoint on Linux and macOS fills
 * no ProcessUniqueId, and a process there is its process id and creation time on one device.
 */
import { oneEntryModel } from '../support/user-model.js';
import { describe, expect, it } from 'vitest';
import { checkDataModel, eventToHub, eventToModel } from '../../src/datamodel/index.js';
import { SENTINEL_DEFAULT_MODEL } from '../../src/datamodel/models/sentinel.js';
import { renderRule, translateRule } from '../../src/pipeline/convert.js';
import { evaluate } from '../../src/engine/index.js';
import { dialect, eqlRule, kqlRule } from '../support/rules.js';

const kql = dialect('kql');
const eql = dialect('eql');
const sigma = dialect('sigma');

// Elastic's "Suspicious APT Package Manager Network Connection", its first two steps.
const APT = `sequence by host.id with maxspan=5s
  [process where host.os.type == "linux" and event.type == "start" and event.action == "exec" and
   process.parent.name == "apt" and process.args == "-c" and process.name in ("bash", "dash", "sh")
  ] by process.entity_id
  [network where host.os.type == "linux" and event.type == "start" and event.action == "connection_attempted" and
   destination.port == 4444] by process.parent.entity_id`;

// A process start and its own connection, on macOS, joined by nothing but the process.
const PERL = `sequence with maxspan=30s
  [process where host.os.type == "macos" and event.type == "start" and process.name == "perl"] by process.entity_id
  [network where host.os.type == "macos" and event.type == "start" and destination.port == 443] by process.entity_id`;

describe('a process key said by its id and creation time', () => {
  it('joins Linux steps by process id, creation time and device', () => {
    const printed = renderRule(eqlRule(PERL.replaceAll('macos', 'linux')), kql);
    const text = printed.text ?? '';
    expect(text).toContain(
      '| project Time1 = TimeGenerated, ProcessId = tostring(ProcessId), ProcessCreationTime = tostring(ProcessCreationTime), DeviceId, Event1 = pack_all()',
    );
    expect(text).toContain(
      '| project Time2 = TimeGenerated, ProcessId = tostring(InitiatingProcessId), ProcessCreationTime = tostring(InitiatingProcessCreationTime), DeviceId, Event2 = pack_all()',
    );
    expect(text).toContain('| join kind=inner (step2) on ProcessId, ProcessCreationTime, DeviceId\n');
    const note = printed.diagnostics.find((d) => d.code === 'mapping/key-parts');
    expect(note?.fidelity).toBe('exact');
  });

  it('joins a parent key by the acting process’s parent id and creation time', () => {
    const text = renderRule(eqlRule(APT), kql).text ?? '';
    expect(text).toContain(
      'ProcessId = tostring(InitiatingProcessParentId), ProcessCreationTime = tostring(InitiatingProcessParentCreationTime)',
    );
    // The rule joins by host already: no device key is added.
    expect(text).toContain('| join kind=inner (step2) on DeviceName, ProcessId, ProcessCreationTime\n');
  });

  it('does the same on macOS', () => {
    const text = renderRule(eqlRule(PERL), kql).text ?? '';
    expect(text).toContain('| join kind=inner (step2) on ProcessId, ProcessCreationTime, DeviceId\n');
  });

  // Two connections of one process (Defender's Linux rows read back through its Linux entry).
  const CONNECTIONS = `sequence with maxspan=30s
  [network where host.os.type == "linux" and event.type == "start" and destination.port == 80] by process.entity_id
  [network where host.os.type == "linux" and event.type == "start" and destination.port == 443] by process.entity_id`;

  it('reads the pair (and the device) back as the process’s id', () => {
    const text = renderRule(eqlRule(CONNECTIONS), kql).text ?? '';
    expect(text).toContain('on InitiatingProcessId, InitiatingProcessCreationTime, DeviceId\n');
    const back = renderRule(kqlRule(text), eql);
    expect(back.text).toMatch(/^sequence by process\.entity_id with maxspan=30s\n/);
    expect(back.diagnostics.map((d) => d.code)).toContain('mapping/key-parts');
    const yaml = renderRule(kqlRule(text), sigma).text ?? '';
    expect(yaml).toMatch(/group-by:\n\s+- ProcessGuid\n/);
  });

  it('reads a join that starts at a process row (DeviceProcessEvents) back as the process’s id too', () => {
    const text = renderRule(eqlRule(PERL.replaceAll('macos', 'linux')), kql).text ?? '';
    expect(text).toContain('on ProcessId, ProcessCreationTime, DeviceId\n');
    const yaml = renderRule(kqlRule(text), sigma).text ?? '';
    expect(yaml).toMatch(/group-by:\n\s+- ProcessGuid\n/);
  });

  it('reads a join by the process id alone as one by the process id', () => {
    const text = renderRule(eqlRule(CONNECTIONS), kql).text ?? '';
    const pidOnly = text
      .replaceAll(', InitiatingProcessCreationTime', '')
      .replaceAll(' and isnotempty(InitiatingProcessCreationTime)', '');
    const back = renderRule(kqlRule(pidOnly), eql);
    expect(back.text).toBeUndefined();
    // The device key is no longer implied by a process id of the hub's: it must have a name of its own.
    expect(back.diagnostics[0]?.message).toContain('the join key DeviceId');
  });

  it('keeps a filter on the process’s id unmapped', () => {
    const printed = renderRule(
      eqlRule('process where host.os.type == "linux" and event.type == "start" and process.entity_id == "x"'),
      kql,
    );
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/unmapped-field');
  });

  it('refuses a join of the pair with another producer’s single id', () => {
    // Defender's Linux process start beside a Windows Sysmon event read from the Event table.
    const mixed = eqlRule(`sequence by process.entity_id with maxspan=1m
  [process where host.os.type == "linux" and event.type == "start" and process.name == "curl"]
  [process where host.os.type == "windows" and event.code == "7" and file.pe.original_file_name : "COMSVCS.DLL"]`);
    const printed = renderRule(mixed, kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/key-sources');
    expect(printed.diagnostics[0]?.message).toContain(
      'ProcessId + ProcessCreationTime of DeviceProcessEvents',
    );
  });

  it('gives a hub event’s process the same pair wherever it appears, and another process another', () => {
    const linux = (category: string) => ({ category, product: 'linux' });
    const start = eventToModel(
      { ProcessGuid: 'A', Image: '/usr/bin/curl' },
      SENTINEL_DEFAULT_MODEL,
      linux('process_creation'),
    );
    const net = eventToModel(
      { ProcessGuid: 'A', DestinationPort: 443 },
      SENTINEL_DEFAULT_MODEL,
      linux('network_connection'),
    );
    const other = eventToModel(
      { ProcessGuid: 'B', DestinationPort: 443 },
      SENTINEL_DEFAULT_MODEL,
      linux('network_connection'),
    );
    const child = eventToModel({ ParentProcessGuid: 'A' }, SENTINEL_DEFAULT_MODEL, linux('process_creation'));
    const pair = (e: Record<string, unknown> | undefined, id: string, time: string) => [
      e?.[id],
      e?.[time],
      e?.DeviceId,
    ];
    const own = pair(start, 'ProcessId', 'ProcessCreationTime');
    expect(own[0]).toBeDefined();
    expect(own[1]).toBeDefined();
    expect(pair(net, 'InitiatingProcessId', 'InitiatingProcessCreationTime')).toEqual(own);
    expect(pair(child, 'InitiatingProcessId', 'InitiatingProcessCreationTime')).toEqual(own);
    expect(pair(other, 'InitiatingProcessId', 'InitiatingProcessCreationTime')).not.toEqual(own);
    // Read back, the pair (on its device) is one id again, the same for the same process.
    const entry = SENTINEL_DEFAULT_MODEL.categories.find(
      (c) => c.logsource.category === 'network_connection' && c.logsource.product === 'linux',
    );
    const first = eventToHub(net ?? {}, entry!)?.ProcessGuid;
    expect(first).toBeDefined();
    expect(eventToHub(other ?? {}, entry!)?.ProcessGuid).not.toEqual(first);
  });

  it('joins, on the events verify makes, a process’s start with its own connection and no other’s', () => {
    const rule = translateRule(eqlRule(PERL.replaceAll('macos', 'linux')), kql).rule;
    expect(rule).toBeDefined();
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString();
    const linux = (category: string) => ({ category, product: 'linux' });
    const start = (id: string, s: number) => ({
      ...eventToModel(
        { ProcessGuid: id, Image: '/usr/bin/perl' },
        SENTINEL_DEFAULT_MODEL,
        linux('process_creation'),
      ),
      TimeGenerated: at(s),
    });
    const connection = (id: string, s: number) => ({
      ...eventToModel(
        { ProcessGuid: id, DestinationPort: 443 },
        SENTINEL_DEFAULT_MODEL,
        linux('network_connection'),
      ),
      TimeGenerated: at(s),
    });
    expect(evaluate(rule!, [start('A', 0), connection('A', 5)]).count).toBe(1);
    expect(evaluate(rule!, [start('A', 0), connection('B', 5)]).count).toBe(0);
    const runs = evaluate(rule!, [start('A', 0), start('B', 1), connection('C', 4), connection('B', 5)]);
    expect(runs.count).toBe(1);
  });

  it('checks keyParts in a user model', () => {
    const model = (keyParts: unknown) => oneEntryModel({ keyParts });
    expect(
      checkDataModel(
        model({ ProcessGuid: { fields: ['ProcessId', 'ProcessCreationTime'], scopes: ['DeviceId'] } }),
      ).problems,
    ).toEqual([]);
    expect(checkDataModel(model({ ProcessGuid: ['ProcessId', 'ProcessCreationTime'] })).problems).not.toEqual(
      [],
    );
    expect(checkDataModel(model({ ProcessGuid: { fields: ['ProcessId'] } })).problems).not.toEqual([]);
  });
});
