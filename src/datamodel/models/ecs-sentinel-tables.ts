import type { CategoryModel, SelectorCondition, ValueRewrite } from '../types.js';

/**
 * Sentinel tables and solution parsers that no Sigma log source stands for (sentinel-tables.ts carries them
 * into the hub as `product: sentinel, service: <table>`, their columns as field names), where an Elastic
 * integration ingests the same vendor feed. A Sentinel rule over such a table then converts to EQL over the
 * integration's data stream: each column maps to the integration's field that holds the same vendor value
 * (the parser's body says which raw field a column is; the integration's ingest pipeline where that raw field
 * goes). A column the integration drops, rewrites without a kept original, or reads from another feed stays
 * unmapped, and a rule testing it fails by name.
 *
 * Reading goes the other way only for a query whose selector these entries alone state (the data stream),
 * and they come after every Sigma log source's entries, so a data stream that also has a Sigma log source
 * (google_workspace.admin) is read as that one.
 */

/** sentinel-tables.ts's SENTINEL_TABLE_PRODUCT, not imported: that module imports the mapping, which imports this. */
const SENTINEL_TABLE_PRODUCT = 'sentinel';

const datasets = (names: string[]): SelectorCondition => ({
  field: 'event.dataset',
  values: names,
  cased: true,
});

interface VendorSource {
  /** The table or parser name, as Sentinel rules read it (the carried log source's service). */
  table: string;
  /** The integration's data streams holding the table's rows. */
  datasets: string[];
  /** Further conditions that select the table's rows among the data streams' (a parser's vendor filter). */
  where?: SelectorCondition[];
  fields: Record<string, string>;
  values?: Record<string, ValueRewrite[]>;
  types?: Record<string, 'number' | 'string'>;
  fieldNotes?: CategoryModel['fieldNotes'];
  caveat?: CategoryModel['caveat'];
}

function vendorSource(source: VendorSource): CategoryModel {
  return {
    logsource: { product: SENTINEL_TABLE_PRODUCT, service: source.table },
    source: { eqlCategory: 'any', where: [datasets(source.datasets), ...(source.where ?? [])] },
    fields: source.fields,
    ...(source.values ? { values: source.values } : {}),
    ...(source.types ? { types: source.types } : {}),
    ...(source.fieldNotes ? { fieldNotes: source.fieldNotes } : {}),
    ...(source.caveat ? { caveat: source.caveat } : {}),
  };
}

/**
 * JiraAudit parser (Jira_Audit_CL, the Jira Cloud audit records API `/rest/api/3/auditing/record`) ⇄ the
 * Atlassian Jira integration's audit data stream, which reads the same API for Jira Cloud (cloud.yml:
 * `summary` → jira.audit.type.action, `remoteAddress` → source.address, `authorAccountId` → user.id, `id` →
 * event.id; `objectItem` is added to `associatedItems` as jira.audit.affected_objects, a flattened list).
 */
const JIRA_AUDIT = vendorSource({
  table: 'JiraAudit',
  datasets: ['atlassian_jira.audit'],
  fields: {
    EventMessage: 'jira.audit.type.action',
    SrcIpAddr: 'source.address',
    UserSid: 'user.id',
    EventId: 'event.id',
    ObjectItemName: 'jira.audit.affected_objects.name',
    EventCategoryType: 'jira.audit.type.category',
  },
  fieldNotes: {
    ObjectItemName: {
      fidelity: 'broader',
      message:
        "Elastic keeps the record's objectItem among its associatedItems (jira.audit.affected_objects): a test of the object item also passes on an associated item's name",
    },
  },
  caveat: {
    fidelity: 'broader',
    message:
      "the atlassian_jira.audit data stream also holds Jira Data Center audit events (its self-hosted API), which Sentinel's Jira Cloud connector does not read",
  },
});

/**
 * SentinelOne parser (SentinelOne_CL, the management console's API) ⇄ the SentinelOne integration, which reads
 * the same API: activities (`activityType` → sentinel_one.activity.type, `primaryDescription` →
 * sentinel_one.activity.description.primary), and agents, alerts, groups and threats, which the parser unions
 * into the same table.
 */
const SENTINEL_ONE = vendorSource({
  table: 'SentinelOne',
  datasets: [
    'sentinel_one.activity',
    'sentinel_one.agent',
    'sentinel_one.alert',
    'sentinel_one.group',
    'sentinel_one.threat',
  ],
  fields: {
    ActivityType: 'sentinel_one.activity.type',
    EventOriginalMessage: 'sentinel_one.activity.description.primary',
    EventSubStatus: 'sentinel_one.activity.description.secondary',
  },
  types: { 'sentinel_one.activity.type': 'number' },
});

/**
 * PaloAltoPrismaCloud parser (the Prisma Cloud alert and audit APIs) ⇄ the Prisma Cloud integration's alert
 * and audit data streams (alerts: `reason` → prisma_cloud.alert.reason, `status` → prisma_cloud.alert.status,
 * `policy.name` → prisma_cloud.alert.policy.name, which the parser names AlertMessage).
 */
const PRISMA_CLOUD = vendorSource({
  table: 'PaloAltoPrismaCloud',
  datasets: ['prisma_cloud.alert', 'prisma_cloud.audit'],
  fields: {
    Reason: 'prisma_cloud.alert.reason',
    Status: 'prisma_cloud.alert.status',
    AlertMessage: 'prisma_cloud.alert.policy.name',
  },
});

/**
 * ClarotyEvent parser (CommonSecurityLog of Claroty CTD's CEF syslog) ⇄ the Claroty CTD integration's event
 * data stream, which reads the same CEF syslog: the CEF Name (the parser's EventType, CommonSecurityLog's
 * Activity) → claroty_ctd.event.name, the severity → claroty_ctd.event.severity (a number), the signature ID
 * (DeviceEventClassID) split at its first `-` or `/` into claroty_ctd.event.class_id and class_type.
 */
const CLAROTY = vendorSource({
  table: 'ClarotyEvent',
  datasets: ['claroty_ctd.event'],
  fields: {
    EventType: 'claroty_ctd.event.name',
    EventOriginalType: 'claroty_ctd.event.class_type',
    EventSeverity: 'claroty_ctd.event.severity',
  },
  types: { 'claroty_ctd.event.severity': 'number' },
  fieldNotes: {
    EventOriginalType: {
      fidelity: 'narrower',
      message:
        'Elastic splits the CEF signature ID (`Alert-New Asset`) at its first - or /, keeping the part after it in claroty_ctd.event.class_type: a test of the whole ID, or of its first part, finds nothing',
    },
  },
});

/**
 * ImpervaWAFCloud parser (the Imperva Cloud WAF SIEM log files, CEF) ⇄ the Imperva Cloud WAF integration's
 * event data stream, which reads the same files: `app` → network.application (lower-cased), `spt` (the
 * server's port) → destination.port, `qstr` → url.query, `requestMethod` → http.request.method. `act` is kept
 * only rewritten (event.action lower-cased, `_` → `-`) and `clapp` not at all: DvcAction and ClientApp stay
 * unmapped.
 */
const IMPERVA_WAF = vendorSource({
  table: 'ImpervaWAFCloud',
  datasets: ['imperva_cloud_waf.event'],
  fields: {
    NetworkApplicationProtocol: 'network.application',
    DstPortNumber: 'destination.port',
    QueryString: 'url.query',
    HttpRequestMethod: 'http.request.method',
  },
  types: { 'destination.port': 'number' },
});

/**
 * Cloudflare parser (Cloudflare_CL, the Logpush HTTP requests dataset) ⇄ the Cloudflare Logpush integration's
 * http_request data stream (`ClientCountry` → source.geo.country_iso_code, `ClientRequestMethod` →
 * http.request.method, `ClientRequestBytes` → http.request.bytes, `EdgeResponseBytes` → http.response.bytes,
 * `ClientRequestURI` → cloudflare_logpush.http_request.client.request.uri, `WAF*` → …http_request.waf.*).
 */
const CLOUDFLARE = vendorSource({
  table: 'Cloudflare',
  datasets: ['cloudflare_logpush.http_request'],
  fields: {
    SrcGeoCountry: 'source.geo.country_iso_code',
    HttpRequestMethod: 'http.request.method',
    SrcBytes: 'http.request.bytes',
    DstBytes: 'http.response.bytes',
    ClientRequestURI: 'cloudflare_logpush.http_request.client.request.uri',
    WAFAction: 'cloudflare_logpush.http_request.waf.action',
    WAFRuleID: 'cloudflare_logpush.http_request.waf.rule.id',
    WAFRuleMessage: 'cloudflare_logpush.http_request.waf.rule.message',
  },
  types: { 'http.request.bytes': 'number', 'http.response.bytes': 'number' },
});

/**
 * CiscoDuo parser (CiscoDuo_CL, the Duo Admin API's authentication, administrator, telephony, offline
 * enrollment and Trust Monitor logs) ⇄ the Cisco Duo integration, which reads the same API: authentication
 * logs' `event_type`, `result` and `factor` → cisco_duo.auth.*, administrator logs' `action` →
 * cisco_duo.admin.action.
 */
const CISCO_DUO = vendorSource({
  table: 'CiscoDuo',
  datasets: [
    'cisco_duo.admin',
    'cisco_duo.auth',
    'cisco_duo.offline_enrollment',
    'cisco_duo.telephony',
    'cisco_duo.trust_monitor',
  ],
  fields: {
    EventType: 'cisco_duo.auth.event_type',
    EventResult: 'cisco_duo.auth.result',
    EventResultDetails: 'cisco_duo.auth.reason',
    AuthFactor: 'cisco_duo.auth.factor',
    DvcAction: 'cisco_duo.admin.action',
  },
  fieldNotes: {
    DvcAction: {
      fidelity: 'narrower',
      message:
        "the parser's DvcAction is also the offline enrollment log's action, which Elastic keeps apart (cisco_duo.offline_enrollment.action): a test of DvcAction reads administrator actions only",
    },
  },
});

/**
 * CiscoISEEvent parser (ISE's syslog in Syslog; EventId is the message code after the 10-digit sequence
 * number) ⇄ the Cisco ISE integration's log data stream, which parses the same syslog and keeps that code as
 * cisco_ise.log.message.code (text, as the parser's).
 */
const CISCO_ISE = vendorSource({
  table: 'CiscoISEEvent',
  datasets: ['cisco_ise.log'],
  fields: {
    EventId: 'cisco_ise.log.message.code',
  },
  types: { 'cisco_ise.log.message.code': 'string' },
});

/**
 * CiscoSecureEndpoint parser (CiscoSecureEndpoint_CL, the Secure Endpoint (AMP) API's /v1/events) ⇄ the Cisco
 * Secure Endpoint integration's event data stream, which reads the same API and keeps the event type's name
 * (`event_type`, the parser's EventMessage) as event.action.
 */
const CISCO_SECURE_ENDPOINT = vendorSource({
  table: 'CiscoSecureEndpoint',
  datasets: ['cisco_secure_endpoint.event'],
  fields: {
    EventMessage: 'event.action',
  },
});

/**
 * GWorkspaceActivityReports parser (the Google Workspace Reports API's activities) ⇄ the Google Workspace
 * integration, one data stream per Reports API application: the event's name (`events.name`, the parser's
 * EventMessage) → event.action, Drive's `doc_title` parameter → file.name.
 */
const GOOGLE_WORKSPACE_REPORTS = vendorSource({
  table: 'GWorkspaceActivityReports',
  datasets: [
    'google_workspace.access_transparency',
    'google_workspace.admin',
    'google_workspace.context_aware_access',
    'google_workspace.device',
    'google_workspace.drive',
    'google_workspace.gcp',
    'google_workspace.group_enterprise',
    'google_workspace.groups',
    'google_workspace.login',
    'google_workspace.rules',
    'google_workspace.saml',
    'google_workspace.token',
    'google_workspace.user_accounts',
  ],
  fields: {
    EventMessage: 'event.action',
    DocTitle: 'file.name',
  },
  caveat: {
    fidelity: 'narrower',
    message:
      "the integration reads the Reports API applications it has data streams for; events of others (calendar, meet …) that Sentinel's connector may hold are not read",
  },
});

/**
 * CommonSecurityLog's CEF columns ⇄ where the Elastic Agent's decode_cef processor (the CEF integration's
 * decoder) keeps the same CEF key. Sentinel names each key by Microsoft's "CEF and CommonSecurityLog field
 * mapping" (header Device Vendor → DeviceVendor, Name → Activity; `request` → RequestURL, `dvchost` →
 * DeviceName …); decode_cef keeps the header as cef.device.* and cef.name, and each extension under
 * cef.extensions.<full key name> (beats decode_cef/cef/keys.go: `request` → requestUrl, `act` → deviceAction
 * …), as the CEF integration's fields.yml declares them. The ECS copies decode_cef also writes merge keys
 * (dhost and destinationDnsDomain both → destination.domain), so the cef.* fields are the exact ones. Shared by
 * the parsers that rename CommonSecurityLog's columns (their rename map says which column each is).
 */
const CEF_COLUMNS: Record<string, string> = {
  DeviceVendor: 'cef.device.vendor',
  DeviceProduct: 'cef.device.product',
  DeviceVersion: 'cef.device.version',
  DeviceEventClassID: 'cef.device.event_class_id',
  Activity: 'cef.name',
  LogSeverity: 'cef.severity',
  DeviceAction: 'cef.extensions.deviceAction',
  ApplicationProtocol: 'cef.extensions.applicationProtocol',
  DeviceEventCategory: 'cef.extensions.deviceEventCategory',
  EventCount: 'cef.extensions.baseEventCount',
  ReceivedBytes: 'cef.extensions.bytesIn',
  SentBytes: 'cef.extensions.bytesOut',
  CommunicationDirection: 'cef.extensions.deviceDirection',
  SourceIP: 'cef.extensions.sourceAddress',
  DestinationIP: 'cef.extensions.destinationAddress',
  SourcePort: 'cef.extensions.sourcePort',
  DestinationPort: 'cef.extensions.destinationPort',
  SourceHostName: 'cef.extensions.sourceHostName',
  DestinationHostName: 'cef.extensions.destinationHostName',
  SourceUserName: 'cef.extensions.sourceUserName',
  DestinationUserName: 'cef.extensions.destinationUserName',
  SourceUserID: 'cef.extensions.sourceUserId',
  SourceNTDomain: 'cef.extensions.sourceNtDomain',
  DestinationNTDomain: 'cef.extensions.destinationNtDomain',
  SourceMACAddress: 'cef.extensions.sourceMacAddress',
  DestinationMACAddress: 'cef.extensions.destinationMacAddress',
  SourceServiceName: 'cef.extensions.sourceServiceName',
  DestinationServiceName: 'cef.extensions.destinationServiceName',
  SourceUserPrivileges: 'cef.extensions.sourceUserPrivileges',
  DestinationUserPrivileges: 'cef.extensions.destinationUserPrivileges',
  DestinationTranslatedAddress: 'cef.extensions.destinationTranslatedAddress',
  DestinationTranslatedPort: 'cef.extensions.destinationTranslatedPort',
  SourceTranslatedPort: 'cef.extensions.sourceTranslatedPort',
  Protocol: 'cef.extensions.transportProtocol',
  Message: 'cef.extensions.message',
  DeviceName: 'cef.extensions.deviceHostName',
  DeviceAddress: 'cef.extensions.deviceAddress',
  DeviceExternalID: 'cef.extensions.deviceExternalId',
  DeviceFacility: 'cef.extensions.deviceFacility',
  DeviceInboundInterface: 'cef.extensions.deviceInboundInterface',
  DeviceOutboundInterface: 'cef.extensions.deviceOutboundInterface',
  DeviceTimeZone: 'cef.extensions.deviceTimeZone',
  ProcessName: 'cef.extensions.deviceProcessName',
  FileName: 'cef.extensions.filename',
  FilePath: 'cef.extensions.filePath',
  FileHash: 'cef.extensions.fileHash',
  FileSize: 'cef.extensions.fileSize',
  FileType: 'cef.extensions.fileType',
  OldFileHash: 'cef.extensions.oldFileHash',
  RequestURL: 'cef.extensions.requestUrl',
  RequestMethod: 'cef.extensions.requestMethod',
  RequestContext: 'cef.extensions.requestContext',
  DeviceCustomNumber1: 'cef.extensions.deviceCustomNumber1',
  DeviceCustomNumber1Label: 'cef.extensions.deviceCustomNumber1Label',
  DeviceCustomNumber2Label: 'cef.extensions.deviceCustomNumber2Label',
  DeviceCustomNumber3: 'cef.extensions.deviceCustomNumber3',
  DeviceCustomNumber3Label: 'cef.extensions.deviceCustomNumber3Label',
  DeviceCustomString1: 'cef.extensions.deviceCustomString1',
  DeviceCustomString1Label: 'cef.extensions.deviceCustomString1Label',
  DeviceCustomString2: 'cef.extensions.deviceCustomString2',
  DeviceCustomString2Label: 'cef.extensions.deviceCustomString2Label',
  DeviceCustomString3: 'cef.extensions.deviceCustomString3',
  DeviceCustomString3Label: 'cef.extensions.deviceCustomString3Label',
  DeviceCustomString4: 'cef.extensions.deviceCustomString4',
  DeviceCustomString4Label: 'cef.extensions.deviceCustomString4Label',
  DeviceCustomString5: 'cef.extensions.deviceCustomString5',
  DeviceCustomString5Label: 'cef.extensions.deviceCustomString5Label',
  DeviceCustomString6: 'cef.extensions.deviceCustomString6',
  DeviceCustomString6Label: 'cef.extensions.deviceCustomString6Label',
};

/**
 * The CEF integration's numeric extensions (long in its fields.yml). CommunicationDirection is text in
 * Sentinel ('0' inbound, '1' outbound: Microsoft's CiscoSEGEvent parser tests `CommunicationDirection ==
 * '0'`), a number in deviceDirection.
 */
const CEF_TYPES: Record<string, 'number' | 'string'> = Object.fromEntries(
  [
    'baseEventCount',
    'bytesIn',
    'bytesOut',
    'deviceDirection',
    'sourcePort',
    'destinationPort',
    'destinationTranslatedPort',
    'sourceTranslatedPort',
    'fileSize',
    'deviceCustomNumber1',
    'deviceCustomNumber3',
  ].map((key) => [`cef.extensions.${key}`, 'number' as const]),
);

/**
 * CommonSecurityLog read as CEF (carried when a query tests a CEF header column that Sigma's firewall log
 * source has no name for: DeviceVendor, Activity …) ⇄ the CEF integration's log data stream. cn2 is left out:
 * decode_cef names it DeviceCustomNumber2 (keys.go), not the deviceCustomNumber2 the integration declares.
 * AdditionalExtensions (the keys Sentinel has no column for, joined as `k=v;…`) has no one field: decode_cef
 * keeps each such key apart.
 */
const COMMON_SECURITY_LOG = vendorSource({
  table: 'CommonSecurityLog',
  datasets: ['cef.log'],
  fields: CEF_COLUMNS,
  types: CEF_TYPES,
  caveat: {
    fidelity: 'narrower',
    message:
      "CommonSecurityLog also holds what Sentinel's agent parses from non-CEF syslog (Cisco ASA's messages) and CEF that Elastic reads through a vendor's own integration into that integration's data streams: cef.log holds only what is sent to the CEF integration",
  },
});

/** A parser's columns that are CommonSecurityLog's under another name (its project-rename), as CEF fields. */
function cefRenamed(renames: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(renames).map(([column, original]) => {
      const field = CEF_COLUMNS[original];
      if (field === undefined) throw new Error(`CommonSecurityLog column ${original} has no CEF field`);
      return [column, field];
    }),
  );
}

/**
 * TMApexOneEvent parser (CommonSecurityLog `where DeviceVendor == "Trend Micro"`, Apex One's CEF as Apex
 * Central forwards it) ⇄ the CEF integration's log data stream with the same vendor: Elastic has no Apex One
 * integration (its trendmicro package reads Deep Security alone). Columns by the parser's project-rename; its
 * Command and ActionResult are cs3 and cs5 where their labels say so.
 */
const TM_APEX_ONE = vendorSource({
  table: 'TMApexOneEvent',
  datasets: ['cef.log'],
  where: [{ field: 'cef.device.vendor', values: ['Trend Micro'], cased: true }],
  fields: {
    ...cefRenamed({
      EventVendor: 'DeviceVendor',
      EventProduct: 'DeviceProduct',
      EventProductVersion: 'DeviceVersion',
      EventSubType: 'DeviceEventClassID',
      EventMessage: 'Activity',
      EventSeverity: 'LogSeverity',
      EventOriginalUid: 'DeviceExternalID',
      DstDvcHostname: 'DestinationHostName',
      DstIpAddr: 'DestinationIP',
      DstUserName: 'DestinationUserName',
      DstPortNumber: 'DestinationPort',
      DstServiceName: 'DestinationServiceName',
      SrcPortNumber: 'SourcePort',
      SrcIpAddr: 'SourceIP',
      SrcDvcHostname: 'SourceHostName',
      SrcServiceName: 'SourceServiceName',
      SrcUserName: 'SourceUserName',
      SrcMacAddr: 'SourceMACAddress',
      DvcAction: 'DeviceAction',
      DvcHostname: 'DeviceName',
      DvcProcessName: 'ProcessName',
      FileHashSha1: 'FileHash',
      UrlOriginal: 'RequestURL',
      NetworkDirection: 'CommunicationDirection',
      ApplicationProtocol: 'ApplicationProtocol',
      FileName: 'FileName',
    }),
    Command: 'cef.extensions.deviceCustomString3',
    ActionResult: 'cef.extensions.deviceCustomString5',
    VirusName: 'cef.extensions.deviceCustomString1',
    Policy: 'cef.extensions.deviceCustomString2',
    ProcessCommandLine: 'cef.extensions.deviceCustomString4',
  },
  types: CEF_TYPES,
  fieldNotes: Object.fromEntries(
    (
      [
        ['Command', 'cs3', 'Command'],
        ['ActionResult', 'cs5', 'ActionResult'],
        ['VirusName', 'cs1', 'VirusName'],
        ['Policy', 'cs2', 'Policy'],
        ['ProcessCommandLine', 'cs4', 'ProcessCommandLine'],
      ] as const
    ).map(([column, key, label]) => [
      column,
      {
        fidelity: 'broader' as const,
        message: `the parser's ${column} is ${key} only where ${key}Label is ${label}; the EQL tests ${key} whatever its label`,
      },
    ]),
  ),
  caveat: {
    fidelity: 'narrower',
    message:
      "the parser reads every CEF event whose vendor is Trend Micro; in Elastic, Deep Security's may be read by its own integration (trendmicro.deep_security) instead of cef.log",
  },
});

/**
 * PaloAltoCDLEvent parser (CommonSecurityLog `where DeviceVendor =~ 'Palo Alto Networks'`, Cortex Data Lake's
 * CEF log forwarding) ⇄ the CEF integration's log data stream with the same vendor: Elastic's panw integration
 * parses PAN-OS's own syslog (CSV), not CEF, and panw_cortex_xdr reads Cortex XDR's incidents API. Columns by
 * the parser's project-rename; SrcIpAddr and DstIpAddr are the custom IPv6 fields, and MaliciousIPCountry is
 * Sentinel's threat-intelligence enrichment: unmapped.
 */
const PALO_ALTO_CDL = vendorSource({
  table: 'PaloAltoCDLEvent',
  datasets: ['cef.log'],
  where: [{ field: 'cef.device.vendor', values: ['Palo Alto Networks'], cased: false }],
  fields: cefRenamed({
    EventProductVersion: 'DeviceVersion',
    DvcId: 'DeviceExternalID',
    DvcHostname: 'DeviceName',
    DstNatPortNumber: 'DestinationTranslatedPort',
    DstHostname: 'DestinationHostName',
    SrcNatPortNumber: 'SourceTranslatedPort',
    SrcFileName: 'FileName',
    SrcFilePath: 'FilePath',
    EventMessage: 'Message',
    EventSeverity: 'LogSeverity',
    EventResult: 'Activity',
    DstPortNumber: 'DestinationPort',
    EventResourceId: 'DeviceEventClassID',
    HttpRequestMethod: 'RequestMethod',
    Url: 'RequestURL',
    HttpContentFormat: 'RequestContext',
    SrcHostname: 'SourceHostName',
    DvcAction: 'DeviceAction',
    DstDomain: 'DestinationNTDomain',
    DvcInboundInterface: 'DeviceInboundInterface',
    DvcOutboundInterface: 'DeviceOutboundInterface',
    NetworkProtocol: 'Protocol',
    NetworkApplicationProtocol: 'ApplicationProtocol',
    SrcDomain: 'SourceNTDomain',
    SrcUserId: 'SourceUserID',
    DstBytes: 'ReceivedBytes',
    SrcBytes: 'SentBytes',
    FileType: 'FileType',
    FileHash: 'FileHash',
  }),
  types: CEF_TYPES,
  caveat: {
    fidelity: 'narrower',
    message:
      'Palo Alto logs that Elastic reads through its panw integration (PAN-OS syslog) are not in cef.log: the query reads only CEF sent to the CEF integration',
  },
});

/**
 * Cisco_Umbrella parser (the Umbrella log export's S3 files: Cisco_Umbrella_dns_CL, _proxy_CL, _ip_CL,
 * _cloudfirewall_CL; EventType is the export's folder, `proxylogs` …) ⇄ the Cisco Umbrella integration's log
 * data stream, which reads the same S3 files and parses each by its folder (log.file.path contains
 * `proxylogs` → observer.type proxy, `dnslogs` → dns). The proxy log's `Internal IP` and the DNS log's
 * `InternalIp` → source.address, `URL` → url.original, `Categories` → cisco.umbrella.categories. The verdict
 * (the parser's DvcAction) is kept only as event.type allowed or denied: iplogs and cloudfirewalllogs are both
 * observer.type firewall, and stay unmapped values.
 */
const CISCO_UMBRELLA = vendorSource({
  table: 'Cisco_Umbrella',
  datasets: ['cisco_umbrella.log'],
  fields: {
    EventType: 'observer.type',
    DvcAction: 'event.type',
    UrlCategory: 'cisco.umbrella.categories',
    SrcIpAddr: 'source.address',
    UrlOriginal: 'url.original',
    Identities: 'cisco.umbrella.identities',
  },
  values: {
    EventType: [
      { hub: 'proxylogs', model: ['proxy'] },
      { hub: 'dnslogs', model: ['dns'] },
    ],
    DvcAction: [
      { hub: 'Allowed', model: ['allowed'] },
      { hub: 'Blocked', model: ['denied'] },
    ],
  },
  fieldNotes: {
    DvcAction: {
      fidelity: 'broader',
      message:
        "Elastic keeps Umbrella's verdict only as event.type, where Would-Block is also allowed: a test of Allowed also passes Would-Block",
    },
  },
});

/**
 * darktrace_model_alerts_CL (the alerts Darktrace's Sentinel integration pushes: model breaches, AI Analyst
 * incidents and system status alerts, told apart by dtProduct) ⇄ the Darktrace integration, one data stream
 * per kind of alert (model_breach_alert, ai_analyst_alert, system_status_alert): the kind is the data stream.
 */
const DARKTRACE = vendorSource({
  table: 'darktrace_model_alerts_CL',
  datasets: ['darktrace.ai_analyst_alert', 'darktrace.model_breach_alert', 'darktrace.system_status_alert'],
  fields: {
    dtProduct_s: 'event.dataset',
  },
  values: {
    dtProduct_s: [
      { hub: 'Policy Breach', model: ['darktrace.model_breach_alert'] },
      { hub: 'AI Analyst', model: ['darktrace.ai_analyst_alert'] },
      { hub: 'System Alert', model: ['darktrace.system_status_alert'] },
    ],
  },
});

/**
 * ZPAEvent parser (ZPA_CL, Zscaler Private Access's Log Streaming Service JSON over syslog) ⇄ the Zscaler ZPA
 * integration, which reads the same LSS streams, one data stream per log type. User activity logs:
 * `ConnectionStatus` (the parser's DvcAction) → zscaler_zpa.user_activity.connection.status,
 * `ClientCountryCode` → client.geo.country_iso_code, `ClientPublicIP` → client.ip, `Username` → user.name.
 */
const ZSCALER_ZPA = vendorSource({
  table: 'ZPAEvent',
  datasets: [
    'zscaler_zpa.app_connector_status',
    'zscaler_zpa.audit',
    'zscaler_zpa.browser_access',
    'zscaler_zpa.user_activity',
    'zscaler_zpa.user_status',
  ],
  fields: {
    DvcAction: 'zscaler_zpa.user_activity.connection.status',
    SrcGeoCountry: 'client.geo.country_iso_code',
    SrcIpAddr: 'client.ip',
    DstUserName: 'user.name',
  },
  fieldNotes: {
    DvcAction: {
      fidelity: 'narrower',
      message:
        "the parser's DvcAction is also the user status log's SessionStatus, which Elastic keeps apart: a test of DvcAction reads user activity logs' ConnectionStatus only",
    },
  },
});

/**
 * ESETPROTECT parser (Syslog from ESET PROTECT's ERAServer: its JSON event export) ⇄ the ESET PROTECT
 * integration's event data stream, which reads the same syslog JSON export: `event_type` (the parser's
 * EventType) → eset_protect.event.type.
 */
const ESET_PROTECT = vendorSource({
  table: 'ESETPROTECT',
  datasets: ['eset_protect.event'],
  fields: {
    EventType: 'eset_protect.event.type',
  },
});

/**
 * LastPassNativePoller_CL (the LastPass Enterprise API's event reporting, as Sentinel's codeless connector
 * stores it: Action_s, Username_s, IP_Address_s, Data_s) ⇄ the LastPass integration's event_report data
 * stream, which polls the same API and keeps `Action` as lastpass.event_report.action (event.action is its
 * lower-cased copy), `Username` as lastpass.event_report.user_name, `IP_Address` as lastpass.event_report.ip.
 */
const LASTPASS = vendorSource({
  table: 'LastPassNativePoller_CL',
  datasets: ['lastpass.event_report'],
  fields: {
    Action_s: 'lastpass.event_report.action',
    Username_s: 'lastpass.event_report.user_name',
    IP_Address_s: 'lastpass.event_report.ip',
    Data_s: 'lastpass.event_report.data.original',
  },
});

/**
 * SlackAudit parser (SlackAudit_CL and its native poller: the Slack Audit Logs API's entries) ⇄ the Slack
 * integration's audit data stream, which reads the same API: `action` → event.action, the entity's name
 * (`entity.file.name` for a file, which the parser names EntityFileName) → slack.audit.entity.name.
 */
const SLACK_AUDIT = vendorSource({
  table: 'SlackAudit',
  datasets: ['slack.audit'],
  fields: {
    Action: 'event.action',
    EntityFileName: 'slack.audit.entity.name',
  },
  fieldNotes: {
    EntityFileName: {
      fidelity: 'broader',
      message:
        "Elastic keeps every entity's name (a channel's, an app's, a user's …) in slack.audit.entity.name: a test of the file name also passes other entities of that name",
    },
  },
});

/**
 * GitLabAudit parser (Syslog of GitLab's audit_json.log) ⇄ the GitLab integration's audit data stream, which
 * reads the same log file: `change`, `from` and `to` (the parser's ChangeType, SourceVisibility and
 * TargetVisibility) → gitlab.audit.change, gitlab.audit.from, gitlab.audit.to.
 */
const GITLAB_AUDIT = vendorSource({
  table: 'GitLabAudit',
  datasets: ['gitlab.audit'],
  fields: {
    ChangeType: 'gitlab.audit.change',
    SourceVisibility: 'gitlab.audit.from',
    TargetVisibility: 'gitlab.audit.to',
  },
});

/**
 * Defender for Endpoint's advanced hunting tables (DeviceProcessEvents, DeviceEvents, DeviceFileEvents: the rows
 * of Defender's Streaming API, which Sentinel's Microsoft 365 Defender connector stores as these tables) ⇄ the
 * M365 Defender integration's event data stream, which reads the same Streaming API through an Event Hub and
 * keeps the table's name as m365_defender.event.category (`AdvancedHunting-<table>`, default.yml).
 * pipeline_device.yml renames each column to m365_defender.event.*, copies most to ECS and then, by default
 * (without the preserve_duplicate_custom_fields tag), removes the copied originals: those columns are mapped to
 * the ECS copy, the others to the kept m365_defender.event.* field. For DeviceProcessEvents and DeviceEvents
 * the pipeline writes the row's file (FileName, FolderPath, MD5 …) as process.* and the initiating process as
 * process.parent.*, its parent (InitiatingProcessParentFileName) as process.parent.group_leader.name; for
 * DeviceFileEvents the file as file.* (FolderPath, Defender's full path, as file.directory) and the initiating
 * process as process.*, its parent as process.parent.name.
 */
const m365DefenderTable = (
  table: string,
  fields: Record<string, string>,
  fieldNotes: CategoryModel['fieldNotes'] = {},
): CategoryModel =>
  vendorSource({
    table,
    datasets: ['m365_defender.event'],
    where: [{ field: 'm365_defender.event.category', values: [`AdvancedHunting-${table}`], cased: true }],
    fields: {
      ...fields,
      ActionType: 'event.action',
      DeviceName: 'host.name',
      DeviceId: 'host.id',
      InitiatingProcessAccountName: 'm365_defender.event.initiating_process.account_name',
      InitiatingProcessAccountUpn: 'm365_defender.event.initiating_process.account_upn',
      InitiatingProcessAccountDomain: 'm365_defender.event.initiating_process.account_domain',
    },
    fieldNotes: {
      ...fieldNotes,
      ActionType: {
        fidelity: 'narrower',
        message:
          'Elastic keeps ActionType only lower-cased, spaces as -, in event.action: a case-sensitive test of a mixed-case value finds nothing',
      },
      DeviceName: {
        fidelity: 'narrower',
        message:
          'Elastic keeps DeviceName only lower-cased in host.name: a case-sensitive test of a value with capitals finds nothing',
      },
    },
  });

/** The columns DeviceProcessEvents and DeviceEvents share, where pipeline_device.yml puts them for both. */
const M365_PROCESS_ROW: Record<string, string> = {
  FileName: 'process.name',
  FolderPath: 'process.executable',
  ProcessCommandLine: 'process.command_line',
  MD5: 'process.hash.md5',
  SHA1: 'process.hash.sha1',
  SHA256: 'process.hash.sha256',
  ProcessVersionInfoOriginalFileName: 'process.pe.original_file_name',
  ProcessVersionInfoCompanyName: 'process.pe.company',
  ProcessVersionInfoProductName: 'process.pe.product',
  ProcessVersionInfoFileDescription: 'process.pe.description',
  ProcessTokenElevation: 'm365_defender.event.process.token_elevation',
  InitiatingProcessFileName: 'process.parent.name',
  InitiatingProcessFolderPath: 'process.parent.executable',
  InitiatingProcessCommandLine: 'process.parent.command_line',
  InitiatingProcessMD5: 'process.parent.hash.md5',
  InitiatingProcessSHA1: 'process.parent.hash.sha1',
  InitiatingProcessSHA256: 'process.parent.hash.sha256',
  InitiatingProcessVersionInfoOriginalFileName: 'process.parent.pe.original_file_name',
  InitiatingProcessVersionInfoCompanyName: 'process.parent.pe.company',
  InitiatingProcessVersionInfoProductName: 'process.parent.pe.product',
  InitiatingProcessVersionInfoFileDescription: 'process.parent.pe.description',
  InitiatingProcessParentFileName: 'process.parent.group_leader.name',
};

const M365_DEVICE_PROCESS_EVENTS = m365DefenderTable('DeviceProcessEvents', {
  ...M365_PROCESS_ROW,
  ProcessIntegrityLevel: 'm365_defender.event.process.integrity_level',
  InitiatingProcessIntegrityLevel: 'm365_defender.event.initiating_process.integrity_level',
  AccountName: 'user.name',
  AccountDomain: 'user.domain',
  AccountSid: 'user.id',
});

const M365_DEVICE_EVENTS = m365DefenderTable(
  'DeviceEvents',
  { ...M365_PROCESS_ROW, RemoteUrl: 'm365_defender.event.remote.url' },
  {
    FileName: {
      fidelity: 'broader',
      message:
        "Elastic writes DeviceEvents' FileName (the file the action concerns, a process's or not) as process.name: the same value under a process's name",
    },
  },
);

const M365_DEVICE_FILE_EVENTS = m365DefenderTable('DeviceFileEvents', {
  FileName: 'file.name',
  FolderPath: 'file.directory',
  MD5: 'file.hash.md5',
  SHA1: 'file.hash.sha1',
  SHA256: 'file.hash.sha256',
  InitiatingProcessFileName: 'process.name',
  InitiatingProcessFolderPath: 'process.executable',
  InitiatingProcessCommandLine: 'process.command_line',
  InitiatingProcessParentFileName: 'process.parent.name',
  InitiatingProcessMD5: 'process.hash.md5',
  InitiatingProcessSHA1: 'process.hash.sha1',
  InitiatingProcessSHA256: 'process.hash.sha256',
  FileOriginUrl: 'm365_defender.event.file.origin_url',
});

/**
 * SailPointIDN_Events_CL (SailPoint IdentityNow's search API, `events` index, as Sentinel's function app stores
 * it: nested keys joined with _, type suffixes) ⇄ the SailPoint Identity Security Cloud integration's events
 * data stream, which reads the same search API (`/v2024/search/events`) and keeps each event whole under
 * sailpoint_identity_sc.events, keys snake-cased (technicalName → technical_name, actor.name → actor.name).
 */
const SAILPOINT_EVENTS = vendorSource({
  table: 'SailPointIDN_Events_CL',
  datasets: ['sailpoint_identity_sc.events'],
  fields: {
    type_s: 'sailpoint_identity_sc.events.type',
    status_s: 'sailpoint_identity_sc.events.status',
    technicalName_s: 'sailpoint_identity_sc.events.technical_name',
    operation_s: 'sailpoint_identity_sc.events.operation',
    action_s: 'sailpoint_identity_sc.events.action',
    actor_name_s: 'sailpoint_identity_sc.events.actor.name',
    target_name_s: 'sailpoint_identity_sc.events.target.name',
  },
});

/**
 * BoxEvents parser (BoxEvents_CL, the Box `/2.0/events` API's enterprise events) ⇄ the Box Events
 * integration's events data stream, which reads the same API: `event_type` → event.action (as Box writes it),
 * `ip_address` → box.ip_address, `created_by.name` (the parser's SrcUserName) → box.created_by.name; the
 * source object stays under box.source except its `name` and `type` (moved to file.*), so the admin log's
 * `source.item_name` and `source.file_name` (the parser's SourceItemName, SourceFileName) are
 * box.source.item_name and box.source.file_name (kept by the pipeline's json processor, not declared in its
 * fields.yml).
 */
const BOX_EVENTS = vendorSource({
  table: 'BoxEvents',
  datasets: ['box_events.events'],
  fields: {
    EventType: 'event.action',
    SourceItemName: 'box.source.item_name',
    SourceFileName: 'box.source.file_name',
    SrcIpAddr: 'box.ip_address',
    SrcUserName: 'box.created_by.name',
  },
});

/**
 * CrowdStrikeFalconEventStream parser (CommonSecurityLog of the Falcon SIEM Connector's CEF, which relays the
 * Falcon Event Streams API) ⇄ the CrowdStrike integration's falcon data stream, which reads the same Event
 * Streams events (through the SIEM Connector's JSON output or the API itself): the event type (CEF `cat`, the
 * parser's EventType) is metadata.eventType, kept as crowdstrike.metadata.eventType; the parser's Severity
 * names the CEF severity (1 Informational … 5 Critical), the event's Severity, whose name Falcon sends as
 * SeverityName, kept as crowdstrike.event.SeverityName.
 */
const CROWDSTRIKE_FALCON_STREAM = vendorSource({
  table: 'CrowdStrikeFalconEventStream',
  datasets: ['crowdstrike.falcon'],
  fields: {
    EventType: 'crowdstrike.metadata.eventType',
    Severity: 'crowdstrike.event.SeverityName',
  },
  fieldNotes: {
    Severity: {
      fidelity: 'narrower',
      message:
        "the parser names every event's CEF severity; Falcon sends SeverityName with detection events only: a test of Severity finds detections alone",
    },
  },
});

/**
 * OracleDatabaseAuditEvent parser (Syslog of Oracle's OS audit trail, AUDIT_SYSLOG_LEVEL) ⇄ the Oracle
 * integration's database_audit data stream, which reads the same audit records from the `.aud` files the OS
 * audit trail writes when not sent to syslog: `ACTION` → oracle.database_audit.action (line breaks removed,
 * runs of spaces as one), `DATABASE USER` (the parser's DstUserName) → server.user.name. The parser's DbAction
 * (the statement's first keyword, picked by a regular expression) and SrcIpAddr (HOST= of the client address)
 * have no field of their own in Elastic: unmapped.
 */
const ORACLE_DATABASE_AUDIT = vendorSource({
  table: 'OracleDatabaseAuditEvent',
  datasets: ['oracle.database_audit'],
  fields: {
    Action: 'oracle.database_audit.action',
    DstUserName: 'server.user.name',
  },
  caveat: {
    fidelity: 'narrower',
    message:
      "Elastic reads the OS audit trail's .aud files, Sentinel the records Oracle sends to syslog instead: the query finds the records only where Oracle writes them to files",
  },
});

/**
 * AWSGuardDuty (Sentinel's table of the GuardDuty findings exported to S3) ⇄ the AWS integration's guardduty
 * data stream, which reads the same findings (from that S3 export or the GetFindings API). No column is mapped
 * yet: a rule testing one fails by name.
 */
const AWS_GUARDDUTY = vendorSource({
  table: 'AWSGuardDuty',
  datasets: ['aws.guardduty'],
  fields: {},
});

/**
 * ProofpointPOD parser (ProofpointPOD_message_CL and _maillog_CL, the Proofpoint on Demand Log API's
 * websocket streams `type=message` and `type=maillog`; EventType is the event's `event_type`) ⇄ the Proofpoint
 * On Demand integration, which reads the same streams into its message and mail data streams (the mail data
 * stream's websocket.yml.hbs asks for `type=maillog`): the kind is the data stream. In the message pipeline
 * `filter.disposition` → proofpoint_on_demand.message.filter.disposition, the whole `filter.modules.spam` object
 * → proofpoint_on_demand.message.filter.modules.spam (so `scores.overall`, the parser's
 * FilterModulesSpamScoresOverall, a JSON number, is …spam.scores.overall: kept by the rename, not declared in
 * fields.yml), and `filter.routeDirection` (NetworkDirection) → network.direction, lower-cased, the original
 * removed unless preserve_duplicate_custom_fields is set (PoD writes it lower-case: `outbound` in the
 * package's sample event).
 */
const PROOFPOINT_POD = vendorSource({
  table: 'ProofpointPOD',
  datasets: ['proofpoint_on_demand.mail', 'proofpoint_on_demand.message'],
  fields: {
    EventType: 'event.dataset',
    NetworkDirection: 'network.direction',
    FilterDisposition: 'proofpoint_on_demand.message.filter.disposition',
    FilterModulesSpamScoresOverall: 'proofpoint_on_demand.message.filter.modules.spam.scores.overall',
  },
  values: {
    EventType: [
      { hub: 'message', model: ['proofpoint_on_demand.message'] },
      { hub: 'maillog', model: ['proofpoint_on_demand.mail'] },
    ],
  },
  types: { 'proofpoint_on_demand.message.filter.modules.spam.scores.overall': 'number' },
});

/**
 * CyberArkEPM parser (CyberArkEPM_CL, the EPM REST API's raw and aggregated events, told apart by event_type_s)
 * ⇄ the CyberArk EPM integration's raw_event data stream, which reads the same API's raw events: `eventType`
 * (the parser's EventSubType) → cyberark_epm.raw_event.type, `filePath` (ActingProcessName) → file.path (the
 * kept original removed by default), `processCommandLine` (ActingProcessCommandLine) →
 * cyberark_epm.raw_event.process_command_line. Aggregated events, which Elastic keeps in its aggregated_event
 * data stream, have no file path or command line (that data stream's fields.yml): a rule testing those reads
 * raw events only in Sentinel too; a rule testing only EventSubType would miss the aggregated ones.
 */
const CYBERARK_EPM = vendorSource({
  table: 'CyberArkEPM',
  datasets: ['cyberark_epm.raw_event'],
  fields: {
    EventSubType: 'cyberark_epm.raw_event.type',
    ActingProcessName: 'file.path',
    ActingProcessCommandLine: 'cyberark_epm.raw_event.process_command_line',
  },
  fieldNotes: {
    EventSubType: {
      fidelity: 'narrower',
      message:
        "the parser's EventSubType is also aggregated events' eventType, which Elastic keeps in another data stream (cyberark_epm.aggregated_event.type): the query reads raw events only",
    },
  },
});

/**
 * Corelight parser (Corelight_CL, a Corelight sensor's JSON exports; EventType is the log's `_path`) ⇄ the
 * Corelight integration, one data stream per log; conn.log → corelight.connection, whose pipeline renames
 * `local_orig` and `local_resp` (the parser's ZeekConnLocalSrc and ZeekConnLocalDst, JSON booleans that Log
 * Analytics stores as 'True' / 'False' text) to conn.local_orig and conn.local_resp, `history` to
 * network.connection.history and `service` (NetworkApplication) to network.protocol. The package's fields.yml
 * declares corelight.connection.local_orig instead: the pipeline is what writes. Only the connection log is
 * named here, and every column mapped is one of its.
 */
const CORELIGHT = vendorSource({
  table: 'Corelight',
  datasets: ['corelight.connection'],
  fields: {
    EventType: 'event.dataset',
    ZeekConnLocalSrc: 'conn.local_orig',
    ZeekConnLocalDst: 'conn.local_resp',
    NetworkConnectionHistory: 'network.connection.history',
    NetworkApplication: 'network.protocol',
  },
  values: {
    EventType: [{ hub: 'conn', model: ['corelight.connection'] }],
    ZeekConnLocalSrc: [
      { hub: 'True', model: [true] },
      { hub: 'False', model: [false] },
    ],
    ZeekConnLocalDst: [
      { hub: 'True', model: [true] },
      { hub: 'False', model: [false] },
    ],
  },
  fieldNotes: {
    NetworkApplication: {
      fidelity: 'narrower',
      message:
        "the parser's NetworkApplication is every Corelight log's `service`; the query reads the connection log's (corelight.connection) alone",
    },
  },
});

/**
 * PingFederateEvent parser (CommonSecurityLog `where DeviceProduct has 'PingFederate'`, PingFederate's audit log
 * in CEF) ⇄ the PingFederate integration's audit data stream, which decodes the same CEF audit log: cs3 (the
 * protocol, the parser's DeviceCustomString3) → ping_federate.audit.protocol, `duid` (DstUserName) →
 * user.name, `src` (SrcIpAddr) → source.ip.
 */
const PING_FEDERATE = vendorSource({
  table: 'PingFederateEvent',
  datasets: ['ping_federate.audit'],
  fields: {
    DeviceCustomString3: 'ping_federate.audit.protocol',
    DstUserName: 'user.name',
    SrcIpAddr: 'source.ip',
  },
});

/**
 * DuoSecurityTrustMonitor_CL (the Duo Admin API's Trust Monitor events, as Sentinel's function app stores them)
 * ⇄ the Cisco Duo integration's trust_monitor data stream, which reads the same API
 * (`/admin/v1/trust_monitor/events`). No column is mapped yet: a rule testing one fails by name.
 */
const DUO_TRUST_MONITOR = vendorSource({
  table: 'DuoSecurityTrustMonitor_CL',
  datasets: ['cisco_duo.trust_monitor'],
  fields: {},
});

/**
 * CiscoSecureEndpoint_CL (the Secure Endpoint API's /v1/events, as Sentinel's function app stores them: `data`'s
 * keys, type suffixes) ⇄ the Cisco Secure Endpoint integration's event data stream, which reads the same API.
 * Its pipeline keeps the event's `severity` only as event.severity, a number (Low 1, Medium 2, High 3,
 * Critical 4), and removes cisco.secure_endpoint.severity.
 */
const CISCO_SECURE_ENDPOINT_TABLE = vendorSource({
  table: 'CiscoSecureEndpoint_CL',
  datasets: ['cisco_secure_endpoint.event'],
  fields: {
    severity_s: 'event.severity',
  },
  values: {
    severity_s: [
      { hub: 'Low', model: [1] },
      { hub: 'Medium', model: [2] },
      { hub: 'High', model: [3] },
      { hub: 'Critical', model: [4] },
    ],
  },
  types: { 'event.severity': 'number' },
});

/**
 * ProofPointTAPClicksPermitted_CL (the Proofpoint TAP SIEM API's clicksPermitted records, as Sentinel's function
 * app stores them) ⇄ the Proofpoint TAP integration's clicks_permitted data stream, which reads the same SIEM
 * API (`/v2/siem/clicks/permitted`) and renames `classification` to
 * proofpoint_tap.clicks_permitted.classification.
 */
const PROOFPOINT_TAP_CLICKS_PERMITTED = vendorSource({
  table: 'ProofPointTAPClicksPermitted_CL',
  datasets: ['proofpoint_tap.clicks_permitted'],
  fields: {
    classification_s: 'proofpoint_tap.clicks_permitted.classification',
  },
});

export const ECS_SENTINEL_TABLE_CATEGORIES: CategoryModel[] = [
  JIRA_AUDIT,
  SENTINEL_ONE,
  PRISMA_CLOUD,
  CLAROTY,
  IMPERVA_WAF,
  CLOUDFLARE,
  CISCO_DUO,
  CISCO_ISE,
  CISCO_SECURE_ENDPOINT,
  GOOGLE_WORKSPACE_REPORTS,
  COMMON_SECURITY_LOG,
  TM_APEX_ONE,
  PALO_ALTO_CDL,
  CISCO_UMBRELLA,
  DARKTRACE,
  ZSCALER_ZPA,
  ESET_PROTECT,
  LASTPASS,
  SLACK_AUDIT,
  GITLAB_AUDIT,
  M365_DEVICE_PROCESS_EVENTS,
  M365_DEVICE_EVENTS,
  M365_DEVICE_FILE_EVENTS,
  SAILPOINT_EVENTS,
  BOX_EVENTS,
  CROWDSTRIKE_FALCON_STREAM,
  ORACLE_DATABASE_AUDIT,
  AWS_GUARDDUTY,
  PROOFPOINT_POD,
  CYBERARK_EPM,
  CORELIGHT,
  PING_FEDERATE,
  DUO_TRUST_MONITOR,
  CISCO_SECURE_ENDPOINT_TABLE,
  PROOFPOINT_TAP_CLICKS_PERMITTED,
];
