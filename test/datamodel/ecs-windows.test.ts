import { describe, expect, it } from 'vitest';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { findCategory } from '../../src/datamodel/map.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import type { Expr, Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { eqlRule } from '../support/rules.js';

const ecs = DATA_MODELS.ecs;
if (!ecs) throw new Error('the ECS model is missing');
const strict = { unmapped: 'error' } as const;

/** A Sigma rule on a Windows log source (`service: x` or `category: x`), detection written as YAML lines. */
function win(logsource: string, detection: string): Rule {
  return mustParse(
    `title: t\nlogsource:\n    product: windows\n    ${logsource}\ndetection:\n${detection
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n')}\n`,
  );
}

const toEql = (rule: Rule) => eqlDialect.print(mapRule(rule, null, ecs, strict).rule).text;

function fields(expr: Expr, out: string[] = []): string[] {
  if (expr.kind === 'and' || expr.kind === 'or') for (const i of expr.items) fields(i, out);
  else if (expr.kind === 'not') fields(expr.item, out);
  else if (expr.kind === 'predicate' && expr.field) out.push(expr.field);
  return out;
}

/** A Windows event as SigmaHQ's regression data renders one (`{Event: {System, EventData | UserData}}`). */
function evtx(system: Record<string, unknown>, data: { EventData?: object; UserData?: object }): unknown {
  const { Provider, ...rest } = system;
  return {
    Event: {
      System: { Provider: { '#attributes': { Name: Provider } }, Computer: 'WS01', ...rest },
      ...data,
    },
  };
}

// SigmaHQ's rules/windows/builtin/system/microsoft_windows_eventlog/win_system_susp_eventlog_cleared.yml
const eventlogCleared = win(
  'service: system',
  `selection:
    EventID: 104
    Provider_Name: 'Microsoft-Windows-Eventlog'
    Channel:
        - 'Microsoft-Windows-PowerShell/Operational'
        - 'Microsoft-Windows-Sysmon/Operational'
        - 'PowerShellCore/Operational'
        - 'Security'
        - 'System'
        - 'Windows PowerShell'
condition: selection`,
);

/** Event 104: the System log says which log was cleared in its UserData, as Channel. */
const cleared = (log: string) =>
  evtx(
    { Provider: 'Microsoft-Windows-Eventlog', EventID: 104, Channel: 'System' },
    {
      UserData: {
        LogFileCleared: { SubjectUserName: 'admin', SubjectDomainName: 'CORP', Channel: log, BackupPath: '' },
      },
    },
  );

describe('ECS: Windows event log services', () => {
  it('writes a Security rule against the Security channel, event ids as text, moved items in ECS', () => {
    const rule = win(
      'service: security',
      `selection:
    EventID: 4624
    LogonType: 3
    IpAddress: '127.0.0.1'
    AuthenticationPackageName: 'NTLM'
condition: selection`,
    );
    expect(toEql(rule)).toBe(
      'any where host.os.type == "windows" and winlog.channel : "Security" and event.code : "4624" and\n' +
        '  winlog.event_data.LogonType : "3" and source.ip : "127.0.0.1" and\n' +
        '  winlog.event_data.AuthenticationPackageName : "NTLM"',
    );
  });

  it('reads the cleared log of event 104 from UserData, not the record’s own channel', () => {
    const text = toEql(eventlogCleared);
    expect(text).toContain('winlog.channel : "System"');
    expect(text).toContain('winlog.user_data.Channel : (');
    // The regression that broke this once: the translation must still select the event.
    const events = [cleared('Security'), cleared('Application')];
    const v = verifyRule(eventlogCleared, eqlDialect, events);
    expect(v.comparison?.relation).toBe('same');
    expect(v.sourceMatches).toBe(1);
    expect(v.translationMatches).toBe(1);
  });

  it('renders Level and the audit Keywords by the names Winlogbeat writes', () => {
    const rule = win(
      'service: security',
      `selection:
    EventID: 4673
    Keywords: '0x8010000000000000'
filter:
    Level: 4
condition: selection and not filter`,
    );
    const text = toEql(rule);
    expect(text).toContain('winlog.keywords : "Audit Failure"');
    expect(text).toContain('log.level : "information"');
  });

  it('names Defender items with underscores, and its process as process.executable', () => {
    // rules-emerging-threats/2026/Exploits/RedSun/win_defender_exploit_redsun_tiering_engine_detected_as_eicar.yml
    const rule = win(
      'service: windefend',
      `selection_eid:
    EventID: 1119
    SourceName: 'Real-Time Protection'
selection_susp_path:
    Path|endswith: '\\TieringEngineService.exe'
    ThreatName|endswith: 'EICAR_Test_File'
selection_susp_process:
    ProcessName|endswith: '\\RedSun.exe'
condition: selection_eid and 1 of selection_susp_*`,
    );
    const text = toEql(rule);
    expect(text).toMatch(
      /^any where host\.os\.type == "windows" and\s+winlog\.channel : "Microsoft-Windows-Windows Defender\/Operational"/,
    );
    for (const f of [
      'winlog.event_data.Source_Name',
      'winlog.event_data.Threat_Name',
      'winlog.event_data.Path',
      'process.executable',
    ])
      expect(text).toContain(f);
  });

  it('keeps WMI-Activity items where Winlogbeat puts UserData', () => {
    const rule = win(
      'service: wmi',
      `selection:\n    EventID: 5858\n    Operation|contains: 'ClearEventLog'\ncondition: selection`,
    );
    expect(toEql(rule)).toContain('winlog.user_data.Operation : "*ClearEventLog*"');
  });

  it("reads RPC Firewall's unnamed inserts by their place in its message template, and back", () => {
    const rule = mustParse(
      'title: t\nlogsource:\n    category: application\n    product: rpc_firewall\ndetection:\n' +
        '    selection:\n        EventLog: RPCFW\n        EventID: 3\n' +
        '        InterfaceUuid: 367abb81-9844-35f1-ad32-98f038001003\n        OpNum: [0, 1]\n    condition: selection\n',
    );
    const text = toEql(rule);
    expect(text).toBe(
      'any where host.os.type == "windows" and winlog.channel : "RPCFW" and event.code : "3" and\n' +
        '  winlog.event_data.param7 : "367abb81-9844-35f1-ad32-98f038001003" and\n' +
        '  winlog.event_data.param8 : ("0", "1")',
    );
    const back = mapRule(eqlRule(text), ecs, null, strict).rule.query as SearchQuery;
    expect(back.source.product).toBe('rpc_firewall');
    expect(fields(back.filter).sort()).toEqual(['EventID', 'InterfaceUuid', 'OpNum']);
  });

  it('writes the Application log’s unnamed Data items as Winlogbeat’s param1…param32, and reads them back', () => {
    // SigmaHQ's rules/windows/builtin/application/mssqlserver/win_mssql_xp_cmdshell_change.yml
    const rule = win(
      'service: application',
      `selection:\n    Provider_Name|contains: 'MSSQL'\n    EventID: 15457\n    Data|contains: 'xp_cmdshell'\ncondition: selection`,
    );
    const { rule: mapped, diagnostics } = mapRule(rule, null, ecs, strict);
    const text = eqlDialect.print(mapped).text as string;
    expect(text).toMatch(
      /^any where host\.os\.type == "windows" and winlog\.channel : "Application" and\s+winlog\.provider_name : "\*MSSQL\*" and event\.code : "15457" and\s+\(\s+winlog\.event_data\.param1 : "\*xp_cmdshell\*" or winlog\.event_data\.param2 : "\*xp_cmdshell\*" or/,
    );
    expect(text).toContain('winlog.event_data.param32 : "*xp_cmdshell*"\n  )');
    expect(text).not.toContain('param33');
    expect(diagnostics.map((d) => [d.code, d.fidelity])).toEqual([['mapping/list-positions', 'narrower']]);
    const back = mapRule(eqlRule(text), ecs, null, strict).rule.query as SearchQuery;
    expect(back.source.service).toBe('application');
    expect(fields(back.filter).sort()).toEqual(['Data', 'EventID', 'Provider_Name']);
    // A test of one item alone (Elastic's Quick Assist rule reads param1) has no Sigma name.
    expect(() =>
      mapRule(
        eqlRule(
          'any where host.os.type == "windows" and winlog.channel : "Application" and winlog.event_data.param1 : "*FullControl*"',
        ),
        ecs,
        null,
        strict,
      ),
    ).toThrow(/winlog\.event_data\.param1 .*one item of Data.*param1…param32/);
    // Application Error's items have names of their own.
    const named = win(
      'service: application',
      `selection:\n    EventID: 1000\n    AppName: 'x.exe'\ncondition: selection`,
    );
    expect(toEql(named)).toContain('winlog.event_data.AppName : "x.exe"');
  });

  it('finds |all values in different items of a Windows Error Reporting event', () => {
    // SigmaHQ's rules/windows/builtin/application/windows_error_reporting/win_application_msmpeng_crash_wer.yml
    const rule = win(
      'service: application',
      `selection:\n    Provider_Name: 'Windows Error Reporting'\n    EventID: 1001\n    Data|contains|all:\n        - 'MsMpEng.exe'\n        - 'mpengine.dll'\ncondition: selection`,
    );
    // 1001 carries its bucket, event name, response, cab id, P1…P10 and more: the module is P4, the image P1.
    const wer = (image: string, module: string) =>
      evtx(
        { Provider: 'Windows Error Reporting', EventID: 1001, Channel: 'Application' },
        {
          EventData: {
            Data: [
              '1',
              '5',
              'APPCRASH',
              'Not available',
              '0',
              image,
              '4.18.2',
              '5f1b',
              module,
              '1.1.1',
              ...Array(12).fill('x'),
            ],
          },
        },
      );
    const v = verifyRule(rule, eqlDialect, [
      wer('MsMpEng.exe', 'mpengine.dll'),
      wer('MsMpEng.exe', 'ntdll.dll'),
    ]);
    expect([v.expected, v.comparison?.relation, v.sourceMatches, v.translationMatches]).toEqual([
      'narrower',
      'same',
      1,
      1,
    ]);
  });

  it('keeps a negated Data test true for events with fewer items than positions', () => {
    // SigmaHQ's rules/windows/builtin/application/mssqlserver/win_mssql_failed_logon_from_external_network.yml
    const rule = win(
      'service: application',
      `selection:\n    Provider_Name|contains: 'MSSQL'\n    EventID: 18456\nfilter_main_local_ips:\n    Data|contains:\n        - 'CLIENT: 10.'\n        - 'CLIENT: 192.168.'\ncondition: selection and not 1 of filter_main_*`,
    );
    const text = toEql(rule) as string;
    expect(text).toContain('winlog.event_data.param3 != null and');
    const failed = (client: string) =>
      evtx(
        { Provider: 'MSSQLSERVER', EventID: 18456, Channel: 'Application' },
        { EventData: { Data: ['sa', ' Reason: Password did not match.', `[CLIENT: ${client}]`] } },
      );
    const v = verifyRule(rule, eqlDialect, [failed('203.0.113.5'), failed('10.1.2.3')]);
    expect([v.comparison?.relation, v.sourceMatches, v.translationMatches]).toEqual(['same', 1, 1]);
  });

  it('writes Exchange management cmdlet items (Sigma’s Data) as param fields too', () => {
    // SigmaHQ's rules-emerging-threats/2021/Exploits/CVE-2021-42321/win_exchange_cve_2021_42321.yml
    const rule = win(
      'service: msexchange-management',
      `selection:\n    EventID:\n        - 6\n        - 8\n    Data|contains:\n        - 'Cmdlet failed. Cmdlet Get-App, '\ncondition: selection`,
    );
    const text = toEql(rule) as string;
    expect(text).toContain('winlog.channel : "MSExchange Management"');
    expect(text).toContain('winlog.event_data.param1 : "*Cmdlet failed. Cmdlet Get-App, *" or');
    expect(text).toContain('winlog.event_data.param32 : "*Cmdlet failed. Cmdlet Get-App, *"');
  });

  it('reads Elastic’s `any where host.os.type == "windows" and event.code …` rules as Security rules', () => {
    const { rule, diagnostics } = mapRule(
      eqlRule(
        'any where host.os.type == "windows" and event.code == "5137" and winlog.event_data.ObjectClass == "dnsNode"',
      ),
      ecs,
      null,
      strict,
    );
    const query = rule.query as SearchQuery;
    expect(query.source).toMatchObject({ product: 'windows', service: 'security' });
    expect(fields(query.filter).sort()).toEqual(['EventID', 'ObjectClass']);
    // Elastic's rule does not name the channel: as a Security rule it reads only that channel's events.
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'mapping/narrower-source' }));
  });

  it('never reads another system’s `any` query as a Windows one', () => {
    const query = eqlRule('any where host.os.type == "linux" and winlog.event_data.ObjectClass == "x"');
    let service: string | undefined;
    try {
      service = (mapRule(query, ecs, null, strict).rule.query as SearchQuery).source.service;
    } catch {
      service = undefined;
    }
    expect(service).toBeUndefined();
  });
});

describe('ECS: Sysmon events as the Sysmon integration writes them', () => {
  it('writes process access as Elastic’s own rules read it', () => {
    const rule = win(
      'category: process_access',
      `selection:
    TargetImage|endswith: '\\lsass.exe'
    SourceImage|endswith: '\\svchost.exe'
    GrantedAccess: '0x14c0'
    CallTrace|contains: 'seclogon.dll'
condition: selection`,
    );
    expect(toEql(rule)).toBe(
      'process where host.os.type == "windows" and event.code == "10" and\n' +
        '  winlog.event_data.TargetImage : "*\\\\lsass.exe" and process.executable : "*\\\\svchost.exe" and\n' +
        '  winlog.event_data.GrantedAccess : "0x14c0" and winlog.event_data.CallTrace : "*seclogon.dll*"',
    );
  });

  it('reads Elastic’s MalSecLogon rule back as a Sigma process_access rule', () => {
    // Elastic detection-rules: credential_access_lsass_handle_via_malseclogon.toml
    const { rule, diagnostics } = mapRule(
      eqlRule(
        'process where host.os.type == "windows" and event.code == "10" and\n' +
          '  winlog.event_data.TargetImage : "?:\\\\WINDOWS\\\\system32\\\\lsass.exe" and\n' +
          '  winlog.event_data.CallTrace : "*seclogon.dll*" and process.name : "svchost.exe" and\n' +
          '  winlog.event_data.GrantedAccess == "0x14c0"',
      ),
      ecs,
      null,
      strict,
    );
    const query = rule.query as SearchQuery;
    expect(query.source).toMatchObject({ category: 'process_access', product: 'windows' });
    expect(fields(query.filter).sort()).toEqual(['CallTrace', 'GrantedAccess', 'SourceImage', 'TargetImage']);
    expect(diagnostics.filter((d) => d.code === 'mapping/narrower-source')).toEqual([]);
  });

  it('reads Elastic Defend’s DNS lookups as Sigma dns_query rules too', () => {
    const { rule } = mapRule(
      eqlRule(
        'network where host.os.type == "windows" and event.action == "lookup_requested" and\n' +
          '  dns.question.name : "*.onion" and process.name : "tor.exe"',
      ),
      ecs,
      null,
      strict,
    );
    const query = rule.query as SearchQuery;
    expect(query.source).toMatchObject({ category: 'dns_query', product: 'windows' });
    expect(fields(query.filter).sort()).toEqual(['Image', 'QueryName']);
  });

  it('maps the renamed and moved items: pipes, DNS, tampering, WMI consumers, raw reads', () => {
    expect(
      toEql(win('category: pipe_created', `selection:\n    PipeName: '\\\\REDSUN'\ncondition: selection`)),
    ).toBe(
      'file where host.os.type == "windows" and event.code in ("17", "18") and file.name : "\\\\REDSUN"',
    );
    expect(
      toEql(win('category: dns_query', `selection:\n    QueryName|endswith: '.onion'\ncondition: selection`)),
    ).toBe(
      'network where host.os.type == "windows" and event.code == "22" and dns.question.name : "*.onion"',
    );
    expect(
      toEql(
        win('category: process_tampering', `selection:\n    Type: 'Image is replaced'\ncondition: selection`),
      ),
    ).toContain('event.code == "25" and message : "Image is replaced"');
    expect(
      toEql(
        win(
          'category: wmi_event',
          `selection:\n    Destination|contains: 'powershell'\ncondition: selection`,
        ),
      ),
    ).toContain('process.executable : "*powershell*"');
    expect(
      toEql(
        win(
          'category: raw_access_thread',
          `selection:\n    Device|contains: 'Harddisk'\ncondition: selection`,
        ),
      ),
    ).toContain('event.code == "9" and file.path : "*Harddisk*"');
    expect(
      toEql(
        win(
          'category: create_remote_thread',
          `selection:\n    TargetProcessGuid: '{x}'\ncondition: selection`,
        ),
      ),
    ).toContain('winlog.event_data.TargetProcessGUID : "{x}"');
  });

  it('reads User as the user.name the pipeline splits out of it on every event, and says the domain is gone', () => {
    const rule = win(
      'category: file_delete',
      "selection:\n    User|contains: 'AUTHORI'\ncondition: selection",
    );
    const { rule: mapped, diagnostics } = mapRule(rule, null, ecs, strict);
    expect(JSON.stringify(mapped.query)).toContain('"field":"user.name"');
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/field-values', fidelity: 'narrower' }),
    );
  });

  it('refuses items Sysmon does not write', () => {
    for (const [source, field] of [['category: create_remote_thread', 'SourceParentImage']] as const) {
      const rule = win(source, `selection:\n    ${field}|contains: 'x'\ncondition: selection`);
      expect(() => mapRule(rule, null, ecs, strict)).toThrow(new RegExp(`${field}.*has no mapping`));
    }
  });

  it('reads the Hashes the pipeline splits from the hash fields, by key', () => {
    expect(
      toEql(
        win('category: driver_load', "selection:\n    Hashes|contains: 'SHA256=AB'\ncondition: selection"),
      ),
    ).toBe('driver where host.os.type == "windows" and event.code == "6" and file.hash.sha256 : "AB"');
  });

  it('selects the clipboard event, which the integration gives no category, with `any`', () => {
    expect(findCategory(ecs, { category: 'clipboard_capture', product: 'windows' })?.source.eqlCategory).toBe(
      'any',
    );
    expect(
      toEql(win('category: sysmon_status', `selection:\n    State: 'Stopped'\ncondition: selection`)),
    ).toBe(
      'any where host.os.type == "windows" and event.code in ("4", "16") and\n' +
        '  winlog.event_data.State : "Stopped"',
    );
  });

  it('writes Sysmon’s true/false flags as the booleans the pipeline makes of them', () => {
    const rule = win('category: file_delete', `selection:\n    IsExecutable: 'true'\ncondition: selection`);
    expect(toEql(rule)).toContain('sysmon.file.is_executable');
    const query = mapRule(rule, null, ecs, strict).rule.query as SearchQuery;
    expect(JSON.stringify(query.filter)).toContain('{"type":"boolean","value":true}');
  });
});

describe('ECS: PowerShell module and classic events', () => {
  it('reads 4103’s ContextInfo and Payload where only raw Winlogbeat keeps them, and says so', () => {
    // SigmaHQ's rules/windows/powershell/powershell_module/posh_pm_susp_smb_share_reco.yml
    const rule = win(
      'category: ps_module',
      `selection:\n    - Payload|contains: get-smbshare\n    - ContextInfo|contains: get-smbshare\ncondition: selection`,
    );
    const { rule: mapped, diagnostics } = mapRule(rule, null, ecs, strict);
    expect(eqlDialect.print(mapped).text).toBe(
      'any where host.os.type == "windows" and\n' +
        '  winlog.channel : ("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational") and\n' +
        '  event.code == "4103" and\n' +
        '  (winlog.event_data.Payload : "*get-smbshare*" or winlog.event_data.ContextInfo : "*get-smbshare*")',
    );
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/narrower-source', fidelity: 'narrower' }),
    );
  });

  it('reads Data of any classic event (800 spreads its details over three items) from all three', () => {
    // SigmaHQ's rules/windows/powershell/powershell_classic/posh_pc_remotefxvgpudisablement_abuse.yml
    const rule = win(
      'service: powershell-classic',
      `selection:\n    Data|contains: 'ModuleContents=function Get-VMRemoteFXPhysicalVideoAdapter {'\ncondition: selection`,
    );
    const { rule: mapped, diagnostics } = mapRule(rule, null, ecs, strict);
    expect(eqlDialect.print(mapped).text).toBe(
      'any where host.os.type == "windows" and winlog.channel : "Windows PowerShell" and\n' +
        '  (\n' +
        '    winlog.event_data.param1 : "*ModuleContents=function Get-VMRemoteFXPhysicalVideoAdapter {*" or\n' +
        '    winlog.event_data.param2 : "*ModuleContents=function Get-VMRemoteFXPhysicalVideoAdapter {*" or\n' +
        '    winlog.event_data.param3 : "*ModuleContents=function Get-VMRemoteFXPhysicalVideoAdapter {*"\n' +
        '  )',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['mapping/narrower-source', 'mapping/list-positions']);
    // 800's context (HostApplication=…) is its second item.
    const pipeline = win(
      'category: ps_classic_script',
      `selection:\n    Data|contains: 'HostApplication=x'\ncondition: selection`,
    );
    expect(toEql(pipeline)).toContain('winlog.event_data.param2 : "*HostApplication=x*"');
  });

  it('reads classic engine-start details (Sigma’s Data) from the third unnamed item', () => {
    // SigmaHQ's rules/windows/powershell/powershell_classic/posh_pc_downgrade_attack.yml
    const rule = win(
      'category: ps_classic_start',
      `selection:\n    Data|contains: 'EngineVersion=2.'\nfilter_main:\n    Data|contains: 'HostVersion=2.'\ncondition: selection and not filter_main`,
    );
    expect(toEql(rule)).toBe(
      'any where host.os.type == "windows" and winlog.channel : "Windows PowerShell" and\n' +
        '  event.code == "400" and winlog.event_data.param3 : "*EngineVersion=2.*" and\n' +
        '  not winlog.event_data.param3 : "*HostVersion=2.*"',
    );
  });
});

describe('ECS: file renames, from Elastic Defend', () => {
  it('keeps the old path in file.Ext.original.path', () => {
    const rule = win(
      'category: file_rename',
      `selection:\n    SourceFilename|endswith: '.docx'\n    TargetFilename|endswith: '.locked'\ncondition: selection`,
    );
    expect(toEql(rule)).toBe(
      'file where host.os.type == "windows" and event.action == "rename" and\n' +
        '  file.Ext.original.path : "*.docx" and file.path : "*.locked"',
    );
  });
});
