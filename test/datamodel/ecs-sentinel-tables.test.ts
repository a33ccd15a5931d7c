/**
 * Sentinel tables carried into the hub as `product: sentinel` log sources, written to EQL over the Elastic
 * integration that ingests the same vendor feed (ecs-sentinel-tables.ts). The queries are those of Sentinel's
 * own analytics rules (Azure-Sentinel Solutions), less the columns they only show.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { dialect, eqlRule, kqlRule } from '../support/rules.js';
import { mustParse } from '../support/sigma.js';

const eql = dialect('eql');
const sigma = dialect('sigma');
const kql = dialect('kql');

function toEql(query: string): { text: string | undefined; codes: string[]; messages: string[] } {
  const printed = renderRule(kqlRule(query), eql);
  return {
    text: printed.text,
    codes: printed.diagnostics.map((d) => d.code),
    messages: printed.diagnostics.map((d) => d.message),
  };
}

describe('Sentinel vendor tables → EQL over the same vendor feed in Elastic', () => {
  it('writes Jira - New site admin user over the Atlassian Jira audit data stream, with its caveats', () => {
    const out = toEql(
      "JiraAudit\n| where EventMessage =~ 'User added to group'\n| where ObjectItemName =~ 'site-admins'",
    );
    expect(out.text).toBe(
      'any where event.dataset == "atlassian_jira.audit" and\n' +
        '  jira.audit.type.action : "User added to group" and\n' +
        '  jira.audit.affected_objects.name : "site-admins"',
    );
    // The data stream also holds Jira Data Center events; the object item is kept among associated items.
    expect(out.codes).toContain('mapping/broader-source');
    expect(out.messages.some((m) => m.includes('ObjectItemName') && m.includes('associatedItems'))).toBe(
      true,
    );
  });

  it('writes SentinelOne - New admin as a number test of the activity type', () => {
    expect(toEql('SentinelOne\n| where ActivityType == 23').text).toBe(
      'any where event.dataset in (\n' +
        '    "sentinel_one.activity", "sentinel_one.agent", "sentinel_one.alert", "sentinel_one.group",\n' +
        '    "sentinel_one.threat"\n' +
        '  ) and sentinel_one.activity.type == 23',
    );
  });

  it('writes Imperva - Abnormal protocol usage with the server port as a number', () => {
    const out = toEql(
      "ImpervaWAFCloud\n| where NetworkApplicationProtocol in~ ('HTTP', 'HTTPs')\n| where DstPortNumber !in ('80', '443')",
    );
    // Elastic lower-cases `app`: the case-insensitive test still finds it.
    expect(out.text).toBe(
      'any where event.dataset == "imperva_cloud_waf.event" and network.application : ("HTTP", "HTTPs") and\n' +
        '  destination.port not in (80, 443)',
    );
  });

  it('writes Cisco Duo - Unexpected authentication factor over the Duo data streams', () => {
    const out = toEql(
      "let allowed_auth_f = dynamic(['duo_push', 'duo_mobile_passcode']);\nCiscoDuo\n" +
        "| where EventType =~ 'authentication'\n| where EventResult =~ 'success'\n" +
        '| where AuthFactor !in~ (allowed_auth_f)',
    );
    expect(out.text).toContain(
      'cisco_duo.auth.event_type : "authentication" and cisco_duo.auth.result : "success"',
    );
    expect(out.text).toContain('not cisco_duo.auth.factor : ("duo_push", "duo_mobile_passcode")');
  });

  it('writes Cisco ISE - Backup failed as a test of the syslog message code, as text', () => {
    expect(toEql("CiscoISEEvent\n| where EventId in ('60095', '60098')").text).toBe(
      'any where event.dataset == "cisco_ise.log" and cisco_ise.log.message.code in ("60095", "60098")',
    );
  });

  it('refuses a rule testing a column the integration drops, by name', () => {
    // Imperva's `clapp` is not kept by Elastic's Imperva Cloud WAF pipeline.
    const out = toEql(
      "ImpervaWAFCloud\n| where ClientApp in~ ('DDoSBot', 'Worm')\n| where DvcAction !startswith 'REQ_BLOCKED'",
    );
    expect(out.text).toBeUndefined();
    expect(out.codes[0]).toBe('mapping/unmapped-field');
    expect(out.messages[0]).toContain('ClientApp');
    expect(out.messages[0]).toContain('sentinel/ImpervaWAFCloud');
  });

  it('leaves tables without an entry refused as before', () => {
    const out = toEql('SenservaPro_CL\n| where ControlName_s == "UserDisabled"');
    expect(out.text).toBeUndefined();
    expect(out.codes[0]).toBe('mapping/unmapped-logsource');
  });

  it('reads the EQL back as the same carried log source, and through Sigma back to the same table', () => {
    const written = toEql("CiscoISEEvent\n| where EventId in ('60095', '60098')").text ?? '';
    const sigmaText = renderRule(eqlRule(written), sigma).text ?? '';
    expect(sigmaText).toContain('logsource:\n    product: sentinel\n    service: CiscoISEEvent\n');
    expect(sigmaText).toContain("EventId:\n            - '60095'\n            - '60098'\n");
    // EQL's `in` is case-sensitive, KQL's `in~` not: for these codes the same.
    expect(renderRule(mustParse(sigmaText), kql).text).toBe(
      'CiscoISEEvent\n| where EventId in~ ("60095", "60098")\n',
    );
  });
  it('writes CommonSecurityLog tests of CEF header columns over the CEF integration (vArmour SMB realm traversal)', () => {
    const out = toEql(
      'CommonSecurityLog\n| where DeviceVendor == "vArmour"\n| where DeviceProduct == "AC"\n| where Activity == "POLICY_VIOLATION"',
    );
    expect(out.text).toBe(
      'any where event.dataset == "cef.log" and cef.device.vendor == "vArmour" and\n' +
        '  cef.device.product == "AC" and cef.name == "POLICY_VIOLATION"',
    );
    // CommonSecurityLog also holds non-CEF syslog Sentinel parses, and CEF Elastic reads elsewhere.
    expect(out.codes).toContain('mapping/narrower-source');
    // The extension keys under their full names: `request` is requestUrl, `requestMethod` itself.
    expect(
      toEql(
        'CommonSecurityLog\n| where RequestMethod == "GET"\n| where RequestURL has_any ("mactok=", "kMnD=")',
      ).text,
    ).toBe(
      'any where event.dataset == "cef.log" and cef.extensions.requestMethod == "GET" and\n' +
        '  cef.extensions.requestUrl : ("*mactok=*", "*kMnD=*")',
    );
  });

  it('refuses a test of AdditionalExtensions by name: decode_cef keeps each such key apart', () => {
    const out = toEql(
      'CommonSecurityLog\n| where DeviceVendor == "Contrast Security"\n| where AdditionalExtensions contains "EXPLOITED"',
    );
    expect(out.text).toBeUndefined();
    expect(out.codes[0]).toBe('mapping/unmapped-field');
    expect(out.messages[0]).toContain('AdditionalExtensions');
  });

  it('writes Trend Micro Apex One rules over CEF with the vendor, the direction as a number and the label caveat', () => {
    const out = toEql(
      'TMApexOneEvent\n| where EventMessage has "Suspicious Connection"\n| where NetworkDirection == 1\n' +
        "| where DvcAction in ('1', '3')",
    );
    expect(out.text).toBe(
      'any where event.dataset == "cef.log" and cef.device.vendor == "Trend Micro" and\n' +
        '  cef.name : "*Suspicious Connection*" and cef.extensions.deviceDirection == 1 and\n' +
        '  cef.extensions.deviceAction in ("1", "3")',
    );
    const command = toEql(
      'TMApexOneEvent\n| where EventMessage has "Endpoint Application"\n| where Command has_any ("whoami", "sudo")',
    );
    expect(command.text).toContain('cef.extensions.deviceCustomString3 : ("*whoami*", "*sudo*")');
    // Command is cs3 only where cs3Label says so: the EQL reads cs3 whatever its label.
    expect(command.messages.some((m) => m.includes('cs3Label'))).toBe(true);
  });

  it('writes Palo Alto CDL rules over CEF with a case-insensitive vendor, and refuses the IPv6 custom column', () => {
    expect(
      toEql(
        "PaloAltoCDLEvent\n| where EventResourceId =~ 'THREAT'\n| where EventResult =~ 'file'\n" +
          '| where HttpRequestMethod has_any ("POST", "PUT")',
      ).text,
    ).toBe(
      'any where event.dataset == "cef.log" and cef.device.vendor : "Palo Alto Networks" and\n' +
        '  cef.device.event_class_id : "THREAT" and cef.name : "file" and\n' +
        '  cef.extensions.requestMethod : ("*POST*", "*PUT*")',
    );
    const out = toEql(
      "PaloAltoCDLEvent\n| where EventResourceId =~ 'TRAFFIC'\n| where SrcIpAddr == '10.0.0.1'",
    );
    expect(out.codes[0]).toBe('mapping/unmapped-field');
    expect(out.messages[0]).toContain('SrcIpAddr');
  });

  it('writes Cisco Umbrella proxy log rules by the export folder and the verdict Elastic keeps', () => {
    const out = toEql(
      "Cisco_Umbrella\n| where EventType == 'proxylogs'\n| where DvcAction =~ 'Allowed'\n" +
        "| where UrlCategory has_any ('Personal VPN')",
    );
    expect(out.text).toBe(
      'any where event.dataset == "cisco_umbrella.log" and observer.type == "proxy" and\n' +
        '  event.type : "allowed" and cisco.umbrella.categories : "*Personal VPN*"',
    );
    // Would-Block is also `allowed` in event.type.
    expect(out.messages.some((m) => m.includes('Would-Block'))).toBe(true);
    // iplogs and cloudfirewalllogs are both observer.type firewall: no one value.
    expect(toEql("Cisco_Umbrella\n| where EventType == 'iplogs'").codes[0]).toBe('mapping/unmapped-value');
  });

  it('writes a Darktrace alert kind as its data stream, and reads it back', () => {
    const written = toEql('darktrace_model_alerts_CL\n| where dtProduct_s == "Policy Breach"').text ?? '';
    expect(written).toBe(
      'any where event.dataset in (\n' +
        '    "darktrace.ai_analyst_alert", "darktrace.model_breach_alert", "darktrace.system_status_alert"\n' +
        '  ) and event.dataset == "darktrace.model_breach_alert"',
    );
    const sigmaText = renderRule(eqlRule(written), sigma).text ?? '';
    expect(renderRule(mustParse(sigmaText), kql).text).toBe(
      'darktrace_model_alerts_CL\n| where dtProduct_s == "Policy Breach"\n',
    );
  });

  it('writes ZPA, ESET PROTECT, LastPass, Slack and GitLab rules over their integrations', () => {
    expect(toEql("ZPAEvent\n| where DvcAction == 'open'\n| where SrcGeoCountry in~ ('RU')").text).toContain(
      'zscaler_zpa.user_activity.connection.status == "open" and client.geo.country_iso_code : "RU"',
    );
    expect(toEql('ESETPROTECT\n| where EventType == "Threat_Event"').text).toBe(
      'any where event.dataset == "eset_protect.event" and eset_protect.event.type == "Threat_Event"',
    );
    expect(toEql('LastPassNativePoller_CL\n| where Action_s == "Employee Account Deleted"').text).toBe(
      'any where event.dataset == "lastpass.event_report" and\n' +
        '  lastpass.event_report.action == "Employee Account Deleted"',
    );
    const slack = toEql(
      "SlackAudit\n| where Action =~ 'file_public_link_created'\n| where EntityFileName == 'id_rsa'",
    );
    expect(slack.text).toBe(
      'any where event.dataset == "slack.audit" and event.action : "file_public_link_created" and\n' +
        '  slack.audit.entity.name == "id_rsa"',
    );
    // Elastic renames whichever entity the entry has (file, channel, user …) to slack.audit.entity.
    expect(slack.messages.some((m) => m.includes('EntityFileName'))).toBe(true);
    expect(
      toEql('GitLabAudit\n| where ChangeType == "visibility" and TargetVisibility == "Public"').text,
    ).toBe(
      'any where event.dataset == "gitlab.audit" and gitlab.audit.change == "visibility" and\n' +
        '  gitlab.audit.to == "Public"',
    );
  });

  it('reads CEF EQL back as CommonSecurityLog through Sigma', () => {
    const written =
      toEql('CommonSecurityLog\n| where DeviceVendor == "vArmour"\n| where Activity == "POLICY_VIOLATION"')
        .text ?? '';
    const sigmaText = renderRule(eqlRule(written), sigma).text ?? '';
    expect(sigmaText).toContain('logsource:\n    product: sentinel\n    service: CommonSecurityLog\n');
    expect(renderRule(mustParse(sigmaText), kql).text).toBe(
      'CommonSecurityLog\n| where DeviceVendor == "vArmour"\n    and Activity == "POLICY_VIOLATION"\n',
    );
  });

  it('writes Defender advanced hunting rows over the M365 Defender event data stream, by table', () => {
    // FalconFriday UAC bypass: the grandparent Elastic keeps as process.parent.group_leader.name.
    expect(
      toEql(
        'DeviceProcessEvents\n| where InitiatingProcessParentFileName =~ "slui.exe"\n' +
          '| where InitiatingProcessFileName =~ "changepk.exe"\n| where ProcessIntegrityLevel == "High"',
      ).text,
    ).toBe(
      'any where event.dataset == "m365_defender.event" and\n' +
        '  m365_defender.event.category == "AdvancedHunting-DeviceProcessEvents" and\n' +
        '  process.parent.group_leader.name : "slui.exe" and process.parent.name : "changepk.exe" and\n' +
        '  m365_defender.event.process.integrity_level == "High"',
    );
    // DeviceFileEvents' file is file.*, not process.*.
    expect(toEql('DeviceFileEvents\n| where MD5 in ("b91ce2fa41029f6955bff20079468448")').text).toBe(
      'any where event.dataset == "m365_defender.event" and\n' +
        '  m365_defender.event.category == "AdvancedHunting-DeviceFileEvents" and\n' +
        '  file.hash.md5 == "b91ce2fa41029f6955bff20079468448"',
    );
    // Elastic lower-cases ActionType into event.action.
    const asr = toEql(
      'DeviceEvents\n| where ActionType has "ExploitGuardNonMicrosoftSignedBlocked"\n' +
        '| where InitiatingProcessFileName contains "svchost.exe" and FileName contains "NetSetupSvc.dll"',
    );
    expect(asr.text).toContain('m365_defender.event.category == "AdvancedHunting-DeviceEvents"');
    expect(asr.text).toContain(
      'process.parent.name : "*svchost.exe*" and process.name : "*NetSetupSvc.dll*"',
    );
    expect(asr.messages.some((m) => m.includes('lower-cased'))).toBe(true);
  });

  it('writes SailPoint, Box and CrowdStrike Falcon stream rules over their integrations', () => {
    expect(
      toEql(
        'SailPointIDN_Events_CL\n| where type_s == "ACCESS_ITEM"\n| where technicalName_s == "ENTITLEMENT_ADD_FAILED"',
      ).text,
    ).toBe(
      'any where event.dataset == "sailpoint_identity_sc.events" and\n' +
        '  sailpoint_identity_sc.events.type == "ACCESS_ITEM" and\n' +
        '  sailpoint_identity_sc.events.technical_name == "ENTITLEMENT_ADD_FAILED"',
    );
    expect(toEql("BoxEvents\n| where EventType =~ 'DOWNLOAD'\n| where SourceItemName =~ 'id_rsa'").text).toBe(
      'any where event.dataset == "box_events.events" and event.action : "DOWNLOAD" and\n' +
        '  box.source.item_name : "id_rsa"',
    );
    const falcon = toEql(
      'CrowdStrikeFalconEventStream\n| where EventType == "DetectionSummaryEvent"\n| where Severity == "Critical"',
    );
    expect(falcon.text).toBe(
      'any where event.dataset == "crowdstrike.falcon" and\n' +
        '  crowdstrike.metadata.eventType == "DetectionSummaryEvent" and\n' +
        '  crowdstrike.event.SeverityName == "Critical"',
    );
    expect(falcon.messages.some((m) => m.includes('SeverityName with detection events only'))).toBe(true);
  });

  it("writes Oracle audit rules over the audit trail's files, and refuses the parser's client address", () => {
    const out = toEql('OracleDatabaseAuditEvent\n| where isnotempty(DstUserName)\n| where Action has "1=1"');
    expect(out.text).toBe(
      'any where event.dataset == "oracle.database_audit" and\n' +
        '  not (server.user.name == null or server.user.name == "") and\n' +
        '  oracle.database_audit.action : "*1=1*"',
    );
    expect(out.codes).toContain('mapping/narrower-source');
    const shutdown = toEql(
      "OracleDatabaseAuditEvent\n| where isnotempty(SrcIpAddr)\n| where DbAction =~ 'SHUTDOWN'",
    );
    expect(shutdown.text).toBeUndefined();
    expect(shutdown.codes[0]).toBe('mapping/unmapped-field');
    expect(shutdown.messages.join(' ')).toContain('sentinel/OracleDatabaseAuditEvent');
  });

  it('reads the M365 Defender EQL back as the same Defender table through Sigma', () => {
    const written =
      toEql('DeviceProcessEvents\n| where InitiatingProcessParentFileName =~ "slui.exe"').text ?? '';
    const sigmaText = renderRule(eqlRule(written), sigma).text ?? '';
    expect(sigmaText).toContain('logsource:\n    product: sentinel\n    service: DeviceProcessEvents\n');
    expect(renderRule(mustParse(sigmaText), kql).text).toContain('DeviceProcessEvents\n');
    expect(renderRule(mustParse(sigmaText), kql).text).toContain('InitiatingProcessParentFileName');
  });

  it('writes ProofpointPOD - High risk message not discarded over the PoD message data stream', () => {
    const out = toEql(
      "ProofpointPOD\n| where EventType == 'message'\n| where NetworkDirection == 'inbound'\n" +
        "| where FilterDisposition !in ('reject', 'discard')\n| where FilterModulesSpamScoresOverall == '100'",
    );
    // The event kind is the data stream; the spam score is a number in the kept spam object.
    expect(out.text).toBe(
      'any where event.dataset in ("proofpoint_on_demand.mail", "proofpoint_on_demand.message") and\n' +
        '  event.dataset == "proofpoint_on_demand.message" and network.direction == "inbound" and\n' +
        '  proofpoint_on_demand.message.filter.disposition not in ("reject", "discard") and\n' +
        '  proofpoint_on_demand.message.filter.modules.spam.scores.overall == 100',
    );
    expect(toEql("ProofpointPOD\n| where EventType == 'maillog'").text).toContain(
      'event.dataset == "proofpoint_on_demand.mail"',
    );
  });

  it('writes CyberArkEPM - MSBuild usage as LOLBin over raw events, saying aggregated ones are not read', () => {
    const out = toEql(
      "CyberArkEPM\n| where EventSubType != 'AttackAttempt'\n| where ActingProcessName endswith @'msbuild.exe'\n" +
        "| where ActingProcessCommandLine has_any ('xml', 'csproj')",
    );
    expect(out.text).toBe(
      'any where event.dataset == "cyberark_epm.raw_event" and\n' +
        '  cyberark_epm.raw_event.type != "AttackAttempt" and file.path : "*msbuild.exe" and\n' +
        '  cyberark_epm.raw_event.process_command_line : ("*xml*", "*csproj*")',
    );
    expect(out.messages.some((m) => m.includes('aggregated_event'))).toBe(true);
  });

  it("writes Corelight's text booleans as the connection log's booleans", () => {
    const out = toEql(
      "Corelight\n| where EventType =~ 'conn'\n| where ZeekConnLocalSrc == 'True'\n| where ZeekConnLocalDst == 'False'",
    );
    expect(out.text).toBe(
      'any where event.dataset == "corelight.connection" and conn.local_orig == true and\n' +
        '  conn.local_resp == false',
    );
    // Only the two words Log Analytics writes for a boolean have a value in Elastic.
    expect(toEql("Corelight\n| where ZeekConnLocalSrc == 'yes'").codes[0]).toBe('mapping/unmapped-value');
  });

  it('writes PingFederate, Duo Trust Monitor, Secure Endpoint and TAP permitted-click tables over their integrations', () => {
    expect(toEql('PingFederateEvent\n| where DeviceCustomString3 has "OAuth"').text).toBe(
      'any where event.dataset == "ping_federate.audit" and ping_federate.audit.protocol : "*OAuth*"',
    );
    expect(toEql('DuoSecurityTrustMonitor_CL\n| where TimeGenerated >= ago(5m)').text).toBe(
      'any where event.dataset == "cisco_duo.trust_monitor"',
    );
    // Elastic keeps Secure Endpoint's severity only as a number.
    expect(toEql('CiscoSecureEndpoint_CL\n| where severity_s == "High"').text).toBe(
      'any where event.dataset == "cisco_secure_endpoint.event" and event.severity == 3',
    );
    expect(toEql('ProofPointTAPClicksPermitted_CL\n| where classification_s =~ "malware"').text).toBe(
      'any where event.dataset == "proofpoint_tap.clicks_permitted" and\n' +
        '  proofpoint_tap.clicks_permitted.classification : "malware"',
    );
    // A column of the Trust Monitor table has no field yet: it fails by name.
    const unmapped = toEql('DuoSecurityTrustMonitor_CL\n| where state_s == "new"');
    expect(unmapped.codes[0]).toBe('mapping/unmapped-field');
    expect(unmapped.messages[0]).toContain('state_s');
  });

  it('reads the Secure Endpoint severity number back as the table it was written from', () => {
    const written = toEql('CiscoSecureEndpoint_CL\n| where severity_s == "High"').text ?? '';
    const sigmaText = renderRule(eqlRule(written), sigma).text ?? '';
    expect(sigmaText).toContain('logsource:\n    product: sentinel\n    service: CiscoSecureEndpoint_CL\n');
    expect(renderRule(mustParse(sigmaText), kql).text).toBe(
      'CiscoSecureEndpoint_CL\n| where severity_s == "High"\n',
    );
  });
});
