/**
 * Windows log sources in the Sentinel models beyond process creation, file creation and module loads: the
 * Defender XDR registry, network and device-event tables, the Event table (Sysmon, PowerShell and the other
 * event-log services) and SecurityEvent fields read from its XML. Rules are real SigmaHQ detections, trimmed.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { findCategory } from '../../src/datamodel/map.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import type { DataModel } from '../../src/datamodel/index.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { sameExpr } from '../../src/ir/normalize.js';
import { mustParse } from '../support/sigma.js';
import { hasShared, projectRoot } from '../support/shared.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

const model = (id: string): DataModel => {
  const m = DATA_MODELS[id];
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const sentinel = model('sentinel');
const sysmon = model('sentinel-sysmon');
const strict = { unmapped: 'error' as const };

/** A Sigma rule with the given logsource lines and detection (both YAML, indented by 4 inside). */
function sigma(logsource: string, detection: string): Rule {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => (l.trim() === '' ? '' : '    ' + l))
      .join('\n');
  return mustParse(`title: test rule\nlogsource:\n${indent(logsource)}\ndetection:\n${indent(detection)}\n`);
}

function toKql(rule: Rule, target: DataModel = sentinel): { text: string; notes: string[] } {
  const { rule: mapped, diagnostics } = mapRule(rule, null, target, strict);
  return {
    text: kqlDialect.print(mapped).text,
    notes: diagnostics.map((d) => `${d.code} ${d.fidelity ?? ''}`.trim()),
  };
}

/** The KQL text read back into the hub through the model its table belongs to. */
function backToSigma(text: string, from: DataModel = sentinel): SearchQuery {
  const [file] = kqlDialect.parse([{ text, file: 'test.kql' }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file));
  return mapRule(rule, from, null, strict).rule.query as SearchQuery;
}

// Registry Persistence via Service in Safe Mode (registry_set_add_load_service_in_safe_mode), trimmed.
const safeMode = sigma(
  'category: registry_set\nproduct: windows',
  "selection:\n    TargetObject|contains: '\\Control\\SafeBoot\\Minimal\\'\n    Details: 'Service'\n" +
    "filter:\n    Image: 'C:\\WINDOWS\\system32\\msiexec.exe'\ncondition: selection and not filter",
);

describe('Sigma registry events ⇄ Defender DeviceRegistryEvents', () => {
  it('writes a value-set rule over the RegistryValueSet rows, saying what Defender spells differently', () => {
    const { text, notes } = toKql(safeMode);
    expect(text).toBe(
      'DeviceRegistryEvents\n' +
        '| where ActionType == "RegistryValueSet"\n' +
        '    and RegistryKey contains @"\\Control\\SafeBoot\\Minimal\\"\n' +
        '    and RegistryValueData =~ "Service"\n' +
        '    and InitiatingProcessFolderPath !~ @"C:\\WINDOWS\\system32\\msiexec.exe"\n',
    );
    expect(notes).toEqual(['mapping/narrower-source narrower']);
  });

  it('reads it back as the same registry_set rule', () => {
    const back = backToSigma(toKql(safeMode).text);
    expect(back.source).toMatchObject({ model: 'sigma', category: 'registry_set', product: 'windows' });
    expect(sameExpr(back.filter, (safeMode.query as SearchQuery).filter)).toBe(true);
  });

  it("turns Sysmon's EventType into Defender's ActionType, and deletions read the key's previous name", () => {
    const deletion = sigma(
      'category: registry_delete\nproduct: windows',
      "selection:\n    EventType: DeleteValue\n    TargetObject|contains: '\\Schedule\\TaskCache\\Tree\\'\ncondition: selection",
    );
    expect(toKql(deletion).text).toBe(
      'DeviceRegistryEvents\n' +
        '| where ActionType in ("RegistryKeyDeleted", "RegistryValueDeleted")\n' +
        '    and ActionType =~ "RegistryValueDeleted"\n' +
        '    and PreviousRegistryKey contains @"\\Schedule\\TaskCache\\Tree\\"\n',
    );
    const unknown = sigma(
      'category: registry_event\nproduct: windows',
      "selection:\n    EventType: CreateValue\n    TargetObject|contains: 'x'\ncondition: selection",
    );
    expect(() => mapRule(unknown, null, sentinel, strict)).toThrow(/CreateValue/);
  });

  it('reads a Defender key-creation query as registry_add', () => {
    const back = backToSigma(
      'DeviceRegistryEvents\n| where ActionType == "RegistryKeyCreated" and RegistryKey has @"\\Classes\\ms-settings"',
    );
    expect(back.source).toMatchObject({ category: 'registry_add' });
    expect(back.filter).toMatchObject({ field: 'TargetObject', op: 'term' });
  });

  it('writes the same rule for Sysmon in the Event table under the sentinel-sysmon profile', () => {
    expect(toKql(safeMode, sysmon).text).toBe(
      'Event\n' +
        '| where EventLog == "Microsoft-Windows-Sysmon/Operational"\n' +
        '    and EventID == 13\n' +
        `| parse EventData with * 'Image">' Image "<" * 'TargetObject">' TargetObject "<" * 'Details">' Details "<" *\n` +
        '| where TargetObject contains @"\\Control\\SafeBoot\\Minimal\\"\n' +
        '    and Details =~ "Service"\n' +
        '    and Image !~ @"C:\\WINDOWS\\system32\\msiexec.exe"\n',
    );
  });
});

describe('Sigma network connections ⇄ Defender DeviceNetworkEvents', () => {
  // AnyDesk Incoming Connection (net_connection_win_remote_access_tools_anydesk_incoming_connection), trimmed.
  const anydesk = sigma(
    'category: network_connection\nproduct: windows',
    "selection:\n    Image|endswith: '\\AnyDesk.exe'\n    Initiated: 'false'\n    DestinationPort: 7070\ncondition: selection",
  );

  it('reads Initiated as the direction Defender gives each row, and ports as numbers', () => {
    expect(toKql(anydesk).text).toBe(
      // An inbound connection's destination is Defender's local end.
      'DeviceNetworkEvents\n' +
        '| where ActionType == "InboundConnectionAccepted"\n' +
        '    and InitiatingProcessFolderPath endswith @"\\AnyDesk.exe"\n' +
        '    and LocalPort == 7070\n',
    );
    const back = backToSigma(toKql(anydesk).text);
    expect(sameExpr(back.filter, (anydesk.query as SearchQuery).filter)).toBe(true);
  });

  it('refuses what Defender cannot tell (a direction it does not know); reads User from Sysmon instead', () => {
    const odd = sigma(
      'category: network_connection\nproduct: windows',
      "selection:\n    Initiated: 'maybe'\ncondition: selection",
    );
    expect(() => mapRule(odd, null, sentinel, strict)).toThrow(/maybe/);
    const user = sigma(
      'category: registry_set\nproduct: windows',
      "selection:\n    User|contains: 'AUTHORI'\ncondition: selection",
    );
    // Defender's registry table has no initiator's DOMAIN\user: the rule is written for Sysmon's event 13, said so.
    const written = mapRule(user, null, sentinel, strict);
    expect(written.rule.query).toMatchObject({ source: { native: { table: 'Event' } } });
    expect(written.diagnostics.map((d) => d.code)).toContain('mapping/other-source');
  });
});

describe('Sigma Sysmon events Defender lacks ⇄ the Event table', () => {
  it('parses a DNS query from Sysmon 22 even in the default profile', () => {
    const dns = sigma(
      'category: dns_query\nproduct: windows',
      "selection:\n    QueryName|endswith: '.trycloudflare.com'\n    Image|endswith: '\\cloudflared.exe'\ncondition: selection",
    );
    expect(toKql(dns).text).toBe(
      'Event\n' +
        '| where EventLog == "Microsoft-Windows-Sysmon/Operational"\n' +
        '    and EventID == 22\n' +
        `| parse EventData with * 'QueryName">' QueryName "<" * 'Image">' Image "<" *\n` +
        '| where QueryName endswith ".trycloudflare.com"\n' +
        '    and Image endswith @"\\cloudflared.exe"\n',
    );
  });

  it('has every Sysmon log source of the taxonomy, selected by its event ids', () => {
    const taxonomy: Record<string, number[]> = {
      process_creation: [1],
      file_change: [2],
      network_connection: [3],
      sysmon_status: [4, 16],
      process_termination: [5],
      driver_load: [6],
      image_load: [7],
      create_remote_thread: [8],
      raw_access_thread: [9],
      process_access: [10],
      file_event: [11],
      registry_event: [12, 13, 14],
      registry_add: [12],
      registry_delete: [12],
      registry_set: [13],
      registry_rename: [14],
      create_stream_hash: [15],
      pipe_created: [17, 18],
      wmi_event: [19, 20, 21],
      dns_query: [22],
      file_delete: [23],
      clipboard_capture: [24],
      process_tampering: [25],
      file_delete_detected: [26],
      file_block_executable: [27],
      file_block_shredding: [28],
      file_executable_detected: [29],
      sysmon_error: [255],
    };
    for (const [category, ids] of Object.entries(taxonomy)) {
      const entry = findCategory(sysmon, { category, product: 'windows' });
      expect(entry?.source.table, category).toBe('Event');
      expect(entry?.source.where, category).toEqual([
        { field: 'EventLog', values: ['Microsoft-Windows-Sysmon/Operational'], cased: true },
        { field: 'EventID', values: ids, cased: true },
      ]);
    }
  });

  it('reads an Event-table Sysmon query in the default profile by its event id', () => {
    const back = backToSigma(
      'Event\n| where EventLog == "Microsoft-Windows-Sysmon/Operational" and EventID == 17\n' +
        `| parse EventData with * 'PipeName">' PipeName "<" *\n| where PipeName == @"\\REDSUN"`,
    );
    expect(back.source).toMatchObject({ category: 'pipe_created', product: 'windows' });
    // pipe_created is Sysmon 17 and 18: the query's pick of 17 stays a test.
    expect(back.filter).toMatchObject({
      kind: 'and',
      items: [
        { field: 'EventID', op: 'eq', values: [{ value: 17 }] },
        { field: 'PipeName', op: 'eq', values: [{ pattern: ['\\REDSUN'] }] },
      ],
    });
  });
});

describe('Sigma PowerShell and event-log services ⇄ the Event table', () => {
  // Suspicious PowerShell Invocations - Specific (posh_ps_susp_invocation_specific), trimmed.
  const scriptBlock = sigma(
    'category: ps_script\nproduct: windows',
    "selection:\n    ScriptBlockText|contains|all:\n        - '-nop'\n        - ' -w '\n        - 'hidden'\ncondition: selection",
  );

  it('extracts ScriptBlockText from 4104 events of either PowerShell channel', () => {
    expect(toKql(scriptBlock).text).toBe(
      'Event\n' +
        '| where EventLog in ("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational")\n' +
        '    and EventID == 4104\n' +
        `| extend ScriptBlockText = extract(@'<Data Name="ScriptBlockText">([^<]*)<', 1, EventData)\n` +
        '| where ScriptBlockText contains "-nop" and ScriptBlockText contains " -w " and ScriptBlockText contains "hidden"\n',
    );
    const back = backToSigma(toKql(scriptBlock).text);
    expect(back.source).toMatchObject({ category: 'ps_script' });
    expect(sameExpr(back.filter, (scriptBlock.query as SearchQuery).filter)).toBe(true);
  });

  it('reads Provider_Name as Source and other fields from EventData (service install, 7045)', () => {
    // ProcessHacker Privilege Elevation (win_system_service_install_pua_proceshacker).
    const service = sigma(
      'product: windows\nservice: system',
      "selection:\n    Provider_Name: 'Service Control Manager'\n    EventID: 7045\n" +
        "    ServiceName|startswith: 'ProcessHacker'\n    AccountName: 'LocalSystem'\ncondition: selection",
    );
    expect(toKql(service).text).toBe(
      'Event\n' +
        '| where EventLog == "System"\n' +
        '    and Source =~ "Service Control Manager"\n' +
        '    and EventID == 7045\n' +
        `| extend AccountName = extract(@'<Data Name="AccountName">([^<]*)<', 1, EventData), ` +
        `ServiceName = extract(@'<Data Name="ServiceName">([^<]*)<', 1, EventData)\n` +
        '| where ServiceName startswith "ProcessHacker"\n' +
        '    and AccountName =~ "LocalSystem"\n',
    );
  });

  it("refuses a Channel the entry's events cannot have (the cleared log that event 104 names in UserData)", () => {
    const cleared = sigma(
      'product: windows\nservice: system',
      "selection:\n    EventID: 104\n    Channel: 'Microsoft-Windows-Sysmon/Operational'\ncondition: selection",
    );
    expect(() => mapRule(cleared, null, sentinel, strict)).toThrow(/Sysmon\/Operational/);
    const own = sigma(
      'product: windows\nservice: system',
      'selection:\n    EventID: 104\n    Channel: System\ncondition: selection',
    );
    // The entry's own channel is what it selects: the test is settled by the selector.
    expect(toKql(own).text).toBe('Event\n| where EventLog == "System"\n    and EventID == 104\n');
  });

  it("extracts Defender's data under its spaced names, and reads it back under Sigma's", () => {
    const exclusions = sigma(
      'product: windows\nservice: windefend',
      "selection:\n    EventID: 5007\n    NewValue|contains: '\\Exclusions\\'\ncondition: selection",
    );
    const { text, notes } = toKql(exclusions);
    expect(text).toBe(
      'Event\n' +
        '| where EventLog == "Microsoft-Windows-Windows Defender/Operational"\n' +
        '    and EventID == 5007\n' +
        `| extend NewValue = extract(@'<Data Name="New Value">([^<]*)<', 1, EventData)\n` +
        '| where NewValue contains @"\\Exclusions\\"\n',
    );
    expect(notes).toEqual([]);
    expect(sameExpr(backToSigma(text).filter, (exclusions.query as SearchQuery).filter)).toBe(true);
    // An element the entry does not keep the field in is not that field.
    const wrong = text.replace('New Value', 'Old Value');
    expect(() => backToSigma(wrong)).toThrow(/NewValue/);
  });

  it('extracts UserData fields as elements of their own name (WMI activity), and reads them back', () => {
    const wmi = sigma(
      'product: windows\nservice: wmi',
      "selection:\n    EventID: 5858\n    Operation|contains: 'cleareventlog'\ncondition: selection",
    );
    const { text } = toKql(wmi);
    expect(text).toContain(`| extend Operation = extract(@'<Operation>([^<]*)<', 1, EventData)\n`);
    const back = backToSigma(text);
    expect(back.source.service).toBe('wmi');
    expect(JSON.stringify(back.filter)).toContain('"field":"Operation"');
  });

  it('says a value with & < or > is not found as written in the event XML', () => {
    const amp = sigma(
      'product: windows\nservice: wmi',
      "selection:\n    Operation|contains: 'a&b'\ncondition: selection",
    );
    expect(toKql(amp).notes).toContain('mapping/xml-escaped narrower');
    const negated = sigma(
      'product: windows\nservice: wmi',
      "selection:\n    EventID: 5858\nfilter:\n    Operation|contains: 'a<b'\ncondition: selection and not filter",
    );
    expect(toKql(negated).notes).toContain('mapping/xml-escaped broader');
  });

  it("reads classic PowerShell's unnamed Data from the XML as a whole, and says so", () => {
    const classic = sigma(
      'category: ps_classic_start\nproduct: windows',
      "selection:\n    Data|contains: 'HostApplication=powershell -enc'\ncondition: selection",
    );
    const { text, notes } = toKql(classic);
    expect(text).toBe(
      'Event\n' +
        '| where EventLog == "Windows PowerShell"\n' +
        '    and EventID == 400\n' +
        '    and EventData contains "HostApplication=powershell -enc"\n',
    );
    expect(notes).toEqual(['mapping/broader-source broader']);
  });

  it('writes the mdecrevoisier DCOM rule (three PowerShell log sources) as one Event query', () => {
    const rule = mustParse(
      readFileSync(
        join(
          projectRoot,
          'rules/originals/mdecrevoisier_win-os-DCOM_lateral_movement_via_MMC_PowerShell.yaml',
        ),
        'utf8',
      ),
    );
    const { text } = toKql(rule);
    const [table, extend, ...where] = text.split('\n');
    expect(table).toBe('Event');
    expect(extend).toBe(
      `| extend Payload = extract(@'<Data Name="Payload">([^<]*)<', 1, EventData), ` +
        `ScriptBlockText = extract(@'<Data Name="ScriptBlockText">([^<]*)<', 1, EventData)`,
    );
    const operational =
      'EventLog in ("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational")';
    const branches = where
      .join('\n')
      .trim()
      .replace(/^\| where /, '')
      .split('\n    or ')
      .map((b) => b.replace(/^\((.*)\)$/s, '$1'));
    expect(
      branches.map((b) =>
        b.replace(/ and \w+ contains "(CreateInstance|GetTypeFromProgID|MMC20\.Application)"/g, ''),
      ),
    ).toEqual([
      `${operational} and EventID == 4103 and Payload contains "[System.Activator]"`,
      'EventLog == "Windows PowerShell" and EventID == 800 and EventData contains "[System.Activator]"',
      `${operational} and EventID == 4104 and ScriptBlockText contains "[System.Activator]"`,
    ]);
  });
});

describe('Sigma security rules ⇄ SecurityEvent, fields without a column read from its XML', () => {
  it('extracts TaskName from EventData and keeps the columns it has', () => {
    // Scheduled Task Deletion or Disabled (win_security_susp_scheduled_task_delete_or_disable), trimmed.
    const task = sigma(
      'product: windows\nservice: security',
      "selection:\n    EventID: 4699\n    TaskName|contains: '\\Windows\\SystemRestore\\SR'\n" +
        "    SubjectUserName|endswith: '$'\n    Provider_Name: Microsoft-Windows-Security-Auditing\ncondition: selection",
    );
    expect(toKql(task).text).toBe(
      'SecurityEvent\n' +
        '| where EventID == 4699\n' +
        '    and SubjectUserName endswith "$"\n' +
        '    and EventSourceName =~ "Microsoft-Windows-Security-Auditing"\n' +
        `| extend TaskName = extract(@'<Data Name="TaskName">([^<]*)<', 1, EventData)\n` +
        '| where TaskName contains @"\\Windows\\SystemRestore\\SR"\n',
    );
    const port = sigma(
      'product: windows\nservice: security',
      'selection:\n    EventID: 5156\n    DestPort: 3389\ncondition: selection',
    );
    expect(toKql(port).text).toContain('| where DestPort =~ "3389"');
  });
});

describe.skipIf(!hasShared)('the Windows entries against the Sentinel schema', () => {
  it('every query of this file passes Kusto.Language', () => {
    const rules: [Rule, DataModel][] = [
      [safeMode, sentinel],
      [safeMode, sysmon],
      [
        sigma(
          'category: create_remote_thread\nproduct: windows',
          "s:\n    SourceImage|endswith: '\\rundll32.exe'\n    TargetImage|endswith: '\\lsass.exe'\ncondition: s",
        ),
        sentinel,
      ],
      [
        sigma(
          'category: driver_load\nproduct: windows',
          "s:\n    ImageLoaded|endswith: '\\WinRing0x64.sys'\ncondition: s",
        ),
        sentinel,
      ],
      [
        sigma(
          'category: file_delete\nproduct: windows',
          "s:\n    TargetFilename|endswith: '\\$LogFile'\ncondition: s",
        ),
        sentinel,
      ],
      [
        sigma(
          'category: process_tampering\nproduct: windows',
          "s:\n    Type: 'Image is replaced'\ncondition: s",
        ),
        sentinel,
      ],
      [
        sigma(
          'category: wmi_event\nproduct: windows',
          "s:\n    EventID: 20\n    Destination|contains: 'powershell'\ncondition: s",
        ),
        sentinel,
      ],
      [
        sigma(
          'product: windows\nservice: codeintegrity-operational',
          's:\n    EventID: 3033\n    RequestedPolicy: 8\ncondition: s',
        ),
        sentinel,
      ],
      [
        sigma(
          'product: windows\nservice: application',
          "s:\n    Provider_Name: MSSQLSERVER\n    Data|contains: 'xp_cmdshell'\n    Level: 4\ncondition: s",
        ),
        sentinel,
      ],
    ];
    for (const [rule, target] of rules) {
      const text = toKql(rule, target).text;
      const problems = kustoDiagnostics(text);
      expect(problems, `${text}\n${describeKusto(problems)}`).toEqual([]);
    }
  });
});
