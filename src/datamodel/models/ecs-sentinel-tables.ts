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

const datasets = (names: string[]): SelectorCondition => ({ field: 'event.dataset', values: names, cased: true });

interface VendorSource {
  /** The table or parser name, as Sentinel rules read it (the carried log source's service). */
  table: string;
  /** The integration's data streams holding the table's rows. */
  datasets: string[];
  fields: Record<string, string>;
  values?: Record<string, ValueRewrite[]>;
  types?: Record<string, 'number' | 'string'>;
  fieldNotes?: CategoryModel['fieldNotes'];
  caveat?: CategoryModel['caveat'];
}

function vendorSource(source: VendorSource): CategoryModel {
  return {
    logsource: { product: SENTINEL_TABLE_PRODUCT, service: source.table },
    source: { eqlCategory: 'any', where: [datasets(source.datasets)] },
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
        'Elastic keeps the record\'s objectItem among its associatedItems (jira.audit.affected_objects): a test of the object item also passes on an associated item\'s name',
    },
  },
  caveat: {
    fidelity: 'broader',
    message:
      'the atlassian_jira.audit data stream also holds Jira Data Center audit events (its self-hosted API), which Sentinel\'s Jira Cloud connector does not read',
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
      'the integration reads the Reports API applications it has data streams for; events of others (calendar, meet …) that Sentinel\'s connector may hold are not read',
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
];
