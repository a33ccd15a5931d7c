/**
 * Join keys whose model ids are unique only within a device (Defender's ProcessUniqueId), where the hub's ids
 * (Sysmon's ProcessGuid, ECS's process.entity_id) are unique across devices.
 */
import { oneEntryModel } from '../support/user-model.js';
import { describe, expect, it } from 'vitest';
import { checkDataModel } from '../../src/datamodel/index.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { dialect, eqlRule, kqlRule } from '../support/rules.js';

const kql = dialect('kql');
const eql = dialect('eql');

const MSHTA = `sequence with maxspan=1m
  [process where host.os.type == "windows" and event.type == "start" and process.name : "mshta.exe"] by process.entity_id
  [network where host.os.type == "windows" and process.name : "mshta.exe"] by process.entity_id`;

describe('join keys scoped to a device', () => {
  it('joins Defender process ids within a device', () => {
    const text = renderRule(eqlRule(MSHTA), kql).text ?? '';
    expect(text).toContain('| join kind=inner (step2) on ProcessUniqueId, DeviceId\n');
    expect(text).toContain(
      '| project Time2 = TimeGenerated, ProcessUniqueId = tostring(InitiatingProcessUniqueId), DeviceId, Event2 = pack_all()',
    );
  });

  it('reads the device key back as implied by the hub’s ids', () => {
    const text = renderRule(eqlRule(MSHTA), kql).text ?? '';
    const back = renderRule(kqlRule(text), eql);
    expect(back.text).toMatch(/^sequence by process\.entity_id with maxspan=1m\n/);
  });

  it('adds nothing where the rule already joins by the device', () => {
    const text =
      renderRule(eqlRule(MSHTA.replace('sequence with', 'sequence by host.id with')), kql).text ?? '';
    expect(text).toContain('| join kind=inner (step2) on DeviceName, ProcessUniqueId\n');
  });

  it('refuses a join of one producer’s ids with another’s', () => {
    // Defender records the process start; the loaded image's original name only Sysmon (Event table) keeps.
    // Elastic's "Potential Credential Access via Renamed COM+ Services DLL".
    const mixed = eqlRule(`sequence by process.entity_id with maxspan=1m
  [process where host.os.type == "windows" and event.type == "start" and process.name : "rundll32.exe"]
  [process where host.os.type == "windows" and event.code == "7" and
    file.pe.original_file_name : "COMSVCS.DLL" and not file.name : "COMSVCS.DLL"]`);
    const printed = renderRule(mixed, kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/key-sources');
    expect(printed.diagnostics[0]?.message).toContain('ProcessUniqueId of DeviceProcessEvents');
  });

  it('checks keyScopes in a user model', () => {
    const model = (keyScopes: unknown) =>
      oneEntryModel({ fields: { ProcessGuid: 'ProcessUniqueId' }, keyScopes }, 'windows');
    expect(checkDataModel(model({ ProcessUniqueId: ['DeviceId'] })).problems).toEqual([]);
    expect(checkDataModel(model({ ProcessUniqueId: 'DeviceId' })).problems).not.toEqual([]);
  });
});
