import type { CategoryModel, HubLogsource, SelectorCondition, ValueRewrite } from '../types.js';
import { AZURE_AUDIT_MESSAGE } from './notes.js';
import { AZURE_INITIATED_BY, prefixed } from './shared-fields.js';

/**
 * Cloud and SaaS audit logs (AWS, Azure, M365, Okta, GCP, GitHub …) as Elastic integrations record them.
 *
 * Sigma's field names for these sources are the raw log's JSON names (CloudTrail `eventName`,
 * `requestParameters.x`; Okta `eventType`; Kubernetes `objectRef.resource` …), except where Sigma's Azure
 * rules use the Sentinel column names (`ResultType`, `OperationName`). Each integration writes one data stream,
 * selected by `event.dataset`; the field names below are those of the integrations' ingest pipelines and
 * field definitions, as Elastic's own detection rules read them. Fields an integration keeps only as an
 * array, a `nested` object or a re-keyed map (Azure `targetResources`, GCP `authorizationInfo`, O365
 * `Parameters`) have no field a query can test and stay unmapped.
 */

const dataset = (name: string, field = 'event.dataset'): SelectorCondition => ({
  field,
  values: [name],
  cased: true,
});

/** Sigma writes booleans as text ('true'); the integrations index these fields as booleans. */
const BOOLEAN: ValueRewrite[] = [
  { hub: 'true', model: [true] },
  { hub: 'false', model: [false] },
];

interface CloudSource {
  logsource: HubLogsource;
  dataset: string;
  fields: Record<string, string>;
  values?: Record<string, ValueRewrite[]>;
  types?: Record<string, 'number' | 'string'>;
  copies?: Record<string, string>;
  fieldNotes?: CategoryModel['fieldNotes'];
  /** EQL event categories Elastic's rules read this data stream with, besides `any`. */
  readCategories?: string[];
}

/** The integration (package) a data stream belongs to: the first part of its name (`github` of `github.audit`). */
const moduleOf = (name: string): string => name.split('.')[0] as string;

/**
 * The entries of one data stream: the first writes `any where event.dataset == "…"` and reads it, or
 * `data_stream.dataset`, which Elastic's newer rules test instead; the others only read queries written with
 * a narrower EQL category (`iam where …`), which as Sigma rules lose the category and read every event of the
 * data stream their conditions select.
 */
function cloudSource(source: CloudSource): CategoryModel[] {
  return ['any', ...(source.readCategories ?? [])].map((category) => ({
    logsource: source.logsource,
    source: {
      eqlCategory: category,
      where: [dataset(source.dataset)],
      recognised: [
        { ...dataset(source.dataset, 'data_stream.dataset'), insteadOf: 'event.dataset' },
        // The integration the data stream belongs to (`event.module == "github"`), which every event of it has;
        // it names the integration's other data streams too, so it stands in for no data stream.
        { field: 'event.module', values: [moduleOf(source.dataset)], cased: true },
      ],
    },
    ...(category === 'any'
      ? {}
      : {
          // Read only: the rule loses the category.
          caveat: {
            fidelity: 'narrower' as const,
            read: 'broader' as const,
            message: `the EQL event category ${category} has no Sigma equivalent: the rule reads every ${source.dataset} event its conditions select`,
          },
        }),
    fields: source.fields,
    ...(source.values ? { values: source.values } : {}),
    ...(source.types ? { types: source.types } : {}),
    ...(source.copies ? { copies: source.copies } : {}),
    ...(source.fieldNotes ? { fieldNotes: source.fieldNotes } : {}),
  }));
}

/**
 * AWS integration, CloudTrail data stream. `requestParameters`, `responseElements` and `additionalEventData`
 * are kept twice: as flattened objects under `aws.cloudtrail.flattened.*`, by their CloudTrail names, and as
 * `{key=value, …}` text, which is no JSON: a rule searching the JSON text (`"s3:GetObject"`) or Elastic's
 * (`backupRetentionPeriod=0`) means something else in the other, so the whole objects stay unmapped.
 */
const AWS_CLOUDTRAIL = cloudSource({
  logsource: { product: 'aws', service: 'cloudtrail' },
  dataset: 'aws.cloudtrail',
  readCategories: ['info', 'iam'],
  fields: {
    eventName: 'event.action',
    eventSource: 'event.provider',
    eventID: 'event.id',
    eventType: 'aws.cloudtrail.event_type',
    eventCategory: 'aws.cloudtrail.event_category',
    eventVersion: 'aws.cloudtrail.event_version',
    awsRegion: 'cloud.region',
    errorCode: 'aws.cloudtrail.error_code',
    errorMessage: 'aws.cloudtrail.error_message',
    userAgent: 'user_agent.original',
    sourceIPAddress: 'source.address',
    recipientAccountId: 'aws.cloudtrail.recipient_account_id',
    requestID: 'aws.cloudtrail.request_id',
    'userIdentity.type': 'aws.cloudtrail.user_identity.type',
    'userIdentity.arn': 'aws.cloudtrail.user_identity.arn',
    'userIdentity.accessKeyId': 'aws.cloudtrail.user_identity.access_key_id',
    'userIdentity.principalId': 'user.id',
    'userIdentity.invokedBy': 'aws.cloudtrail.user_identity.invoked_by',
    'userIdentity.sessionContext.attributes.mfaAuthenticated':
      'aws.cloudtrail.user_identity.session_context.mfa_authenticated',
    'userIdentity.sessionContext.sessionIssuer.type':
      'aws.cloudtrail.user_identity.session_context.session_issuer.type',
    'userIdentity.sessionContext.sessionIssuer.arn':
      'aws.cloudtrail.user_identity.session_context.session_issuer.arn',
    'userIdentity.sessionContext.sessionIssuer.principalId':
      'aws.cloudtrail.user_identity.session_context.session_issuer.principal_id',
    'userIdentity.sessionContext.sessionIssuer.accountId':
      'aws.cloudtrail.user_identity.session_context.session_issuer.account_id',
    ...prefixed('requestParameters.', 'aws.cloudtrail.flattened.request_parameters.', [
      'attribute',
      'bucketName',
      'containerDefinitions.command',
      'enable',
      'groupName',
      'instanceId',
      'keyId',
      'layers',
      'name',
      'policyArn',
      'roleName',
      'roleSessionName',
      'ruleAction',
      'serialNumber',
      'userName',
      'withDecryption',
    ]),
    ...prefixed('responseElements.', 'aws.cloudtrail.flattened.response_elements.', [
      'ConsoleLogin',
      'accessKey.userName',
      'credentials.accessKeyId',
      'credentials.expiration',
      'documentDescription.documentType',
      'pendingModifiedValues.masterUserPassword',
    ]),
    ...prefixed('additionalEventData.', 'aws.cloudtrail.flattened.additional_eventdata.', [
      'LoginTo',
      'MFAUsed',
      'MobileVersion',
    ]),
    // Not a CloudTrail field: Sigma's rules ported from Elastic's keep its `event.outcome` as `status`.
    status: 'event.outcome',
  },
});

/** Azure integration, activity logs data stream (Azure Monitor's export of the activity log). */
const AZURE_ACTIVITY = cloudSource({
  logsource: { product: 'azure', service: 'activitylogs' },
  dataset: 'azure.activitylogs',
  fields: {
    operationName: 'azure.activitylogs.operation_name',
    category: 'azure.activitylogs.category',
    resultType: 'azure.activitylogs.result_type',
    resultSignature: 'azure.activitylogs.result_signature',
    'identity.claims.appid': 'azure.activitylogs.identity.claims.appid',
    'properties.statusCode': 'azure.activitylogs.properties.status_code',
  },
});

/**
 * Azure integration, Entra ID audit logs data stream. Sigma's rules name these fields both as in the export
 * (`operationName`, `properties.result`) and as Sentinel's AuditLogs columns (`OperationName`, `Category`,
 * `Status` for Result); `category` in them means the directory category (`UserManagement`), not the export's
 * `AuditLogs`. Their `properties.message` is read as the activity's display name (see AZURE_AUDIT_MESSAGE).
 */
const AZURE_AUDIT = cloudSource({
  logsource: { product: 'azure', service: 'auditlogs' },
  dataset: 'azure.auditlogs',
  // The integration also writes the operation name as event.action, which Elastic's own rules read.
  copies: { 'event.action': 'OperationName' },
  fieldNotes: AZURE_AUDIT_MESSAGE,
  fields: {
    OperationName: 'azure.auditlogs.operation_name',
    operationName: 'azure.auditlogs.operation_name',
    ActivityDisplayName: 'azure.auditlogs.properties.activity_display_name',
    'properties.activityDisplayName': 'azure.auditlogs.properties.activity_display_name',
    'properties.message': 'azure.auditlogs.properties.activity_display_name',
    Category: 'azure.auditlogs.properties.category',
    category: 'azure.auditlogs.properties.category',
    'properties.category': 'azure.auditlogs.properties.category',
    Result: 'azure.auditlogs.properties.result',
    Status: 'azure.auditlogs.properties.result',
    'properties.result': 'azure.auditlogs.properties.result',
    ResultReason: 'azure.auditlogs.properties.result_reason',
    'properties.resultReason': 'azure.auditlogs.properties.result_reason',
    LoggedByService: 'azure.auditlogs.properties.logged_by_service',
    'properties.loggedByService': 'azure.auditlogs.properties.logged_by_service',
    AADOperationType: 'azure.auditlogs.properties.operation_type',
    'properties.operationType': 'azure.auditlogs.properties.operation_type',
    Identity: 'azure.auditlogs.identity',
    identity: 'azure.auditlogs.identity',
    ...prefixed('properties.initiatedBy.', 'azure.auditlogs.properties.initiated_by.', AZURE_INITIATED_BY),
  },
});

/** Sign-in logs: Sigma's names are Sentinel's SigninLogs columns (and a few of the export's). */
const SIGNIN_PROPERTIES: Record<string, string> = {
  AppId: 'app_id',
  AppDisplayName: 'app_display_name',
  AuthenticationProtocol: 'authentication_protocol',
  AuthenticationRequirement: 'authentication_requirement',
  ClientAppUsed: 'client_app_used',
  ClientCredentialType: 'client_credential_type',
  ConditionalAccessStatus: 'conditional_access_status',
  CrossTenantAccessType: 'cross_tenant_access_type',
  HomeTenantId: 'home_tenant_id',
  IncomingTokenType: 'incoming_token_type',
  IsInteractive: 'is_interactive',
  ResourceDisplayName: 'resource_display_name',
  ResourceId: 'resource_id',
  ResourceTenantId: 'resource_tenant_id',
  RiskDetail: 'risk_detail',
  RiskLevelAggregated: 'risk_level_aggregated',
  RiskLevelDuringSignIn: 'risk_level_during_signin',
  RiskState: 'risk_state',
  ServicePrincipalId: 'service_principal_id',
  ServicePrincipalName: 'service_principal_name',
  SessionId: 'session_id',
  TokenIssuerType: 'token_issuer_type',
  UniqueTokenIdentifier: 'unique_token_identifier',
  UserDisplayName: 'user_display_name',
  UserId: 'user_id',
  UserPrincipalName: 'user_principal_name',
  UserType: 'user_type',
};
const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** Azure integration, Entra ID sign-in logs data stream. */
const AZURE_SIGNIN = cloudSource({
  logsource: { product: 'azure', service: 'signinlogs' },
  dataset: 'azure.signinlogs',
  readCategories: ['authentication'],
  fields: {
    ResultType: 'azure.signinlogs.result_type',
    resultType: 'azure.signinlogs.result_type',
    // The portal's sign-in status: Success is result type 0.
    Status: 'azure.signinlogs.result_type',
    ResultDescription: 'azure.signinlogs.result_description',
    resultDescription: 'azure.signinlogs.result_description',
    ResultSignature: 'azure.signinlogs.result_signature',
    'Status.errorCode': 'azure.signinlogs.properties.status.error_code',
    'properties.status.errorCode': 'azure.signinlogs.properties.status.error_code',
    'TokenProtectionStatusDetails.signInSessionStatus':
      'azure.signinlogs.properties.token_protection_status_details.sign_in_session_status',
    resultSignature: 'azure.signinlogs.result_signature',
    Category: 'azure.signinlogs.category',
    category: 'azure.signinlogs.category',
    Identity: 'azure.signinlogs.identity',
    UserAgent: 'user_agent.original',
    userAgent: 'user_agent.original',
    IPAddress: 'source.ip',
    // The export's `location` (a country code) is moved there by the integration.
    Location: 'geo.country_iso_code',
    location: 'geo.country_iso_code',
    ...Object.fromEntries(
      Object.entries(SIGNIN_PROPERTIES).flatMap(([column, property]) => [
        [column, `azure.signinlogs.properties.${property}`],
        [camel(column), `azure.signinlogs.properties.${property}`],
        [`properties.${camel(column)}`, `azure.signinlogs.properties.${property}`],
      ]),
    ),
    ...Object.fromEntries(
      ['deviceId', 'displayName', 'operatingSystem', 'browser', 'trustType', 'isCompliant', 'isManaged'].map(
        (p) => [
          `DeviceDetail.${p}`,
          `azure.signinlogs.properties.device_detail.${p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
        ],
      ),
    ),
  },
  values: {
    Status: [{ hub: 'Success', model: ['0'] }],
    'DeviceDetail.isCompliant': BOOLEAN,
    'DeviceDetail.isManaged': BOOLEAN,
    IsInteractive: BOOLEAN,
    isInteractive: BOOLEAN,
    'properties.isInteractive': BOOLEAN,
  },
  types: {
    'azure.signinlogs.result_type': 'string',
    'azure.signinlogs.properties.status.error_code': 'number',
  },
});

/** Azure integration, Identity Protection data stream (risk detections, by their Graph names). */
const AZURE_RISK = cloudSource({
  logsource: { product: 'azure', service: 'riskdetection' },
  dataset: 'azure.identity_protection',
  fields: Object.fromEntries(
    [
      ['riskEventType', 'risk_event_type'],
      ['riskLevel', 'risk_level'],
      ['riskState', 'risk_state'],
      ['riskDetail', 'risk_detail'],
      ['riskType', 'risk_type'],
      ['activity', 'activity'],
      ['detectionTimingType', 'detection_timing_type'],
      ['ipAddress', 'ip_address'],
      ['userPrincipalName', 'user_principal_name'],
      ['userDisplayName', 'user_display_name'],
      ['additionalInfo', 'additional_info'],
    ].map(([hub, property]) => [hub, `azure.identityprotection.properties.${property}`]),
  ),
});

/**
 * Office 365 integration, audit data stream: the Management Activity API record under `o365.audit.*` by its
 * own names, except Workload and Operation (moved to event.provider and event.action) and ExtendedProperties,
 * re-keyed by name. Parameters is re-keyed the same way, so the text Sigma's rules search in it is gone.
 */
const O365_AUDIT = cloudSource({
  logsource: { product: 'm365', service: 'audit' },
  dataset: 'o365.audit',
  readCategories: ['web', 'authentication'],
  fields: {
    Operation: 'event.action',
    Workload: 'event.provider',
    RequestType: 'o365.audit.ExtendedProperties.RequestType',
    ResultStatusDetail: 'o365.audit.ExtendedProperties.ResultStatusDetail',
    UserAgent: 'user_agent.original',
    ...Object.fromEntries(
      [
        'ActorIpAddress',
        'ApplicationId',
        'ClientAppId',
        'DeliveryAction',
        'Directionality',
        'ErrorNumber',
        'ObjectId',
        'ResultStatus',
        'SearchQueryText',
        'UserId',
        'UserKey',
        'UserType',
      ].map((n) => [n, `o365.audit.${n}`]),
    ),
  },
});

/**
 * Sigma's M365 Defender/Exchange rules were ported from Elastic's, whose fields they renamed: `eventSource` is
 * the workload, `eventName` the operation and `status` the outcome.
 */
const O365_EXCHANGE: CategoryModel = {
  logsource: { product: 'm365', service: 'exchange' },
  source: { eqlCategory: 'any', where: [dataset('o365.audit')] },
  fields: { eventSource: 'event.provider', eventName: 'event.action', status: 'event.outcome' },
};

/** Security & Compliance Center alerts: there `eventName` is the alert's name, which Elastic keeps as rule.name. */
const O365_ALERTS: CategoryModel[] = ['threat_management', 'threat_detection'].map((service) => ({
  logsource: { product: 'm365', service },
  source: { eqlCategory: 'any', where: [dataset('o365.audit')] },
  fields: { eventSource: 'event.provider', eventName: 'rule.name', status: 'event.outcome' },
}));

/** Okta integration, system log data stream: the System Log API's LogEvent in snake case under `okta.*`. */
const OKTA = cloudSource({
  logsource: { product: 'okta', service: 'okta' },
  dataset: 'okta.system',
  fields: {
    eventType: 'okta.event_type',
    displayMessage: 'okta.display_message',
    severity: 'okta.severity',
    uuid: 'okta.uuid',
    'outcome.result': 'okta.outcome.result',
    'outcome.reason': 'okta.outcome.reason',
    'actor.id': 'okta.actor.id',
    'actor.type': 'okta.actor.type',
    'actor.alternateId': 'okta.actor.alternate_id',
    'actor.displayName': 'okta.actor.display_name',
    'target.id': 'okta.target.id',
    'target.type': 'okta.target.type',
    'target.alternateId': 'okta.target.alternate_id',
    'target.displayName': 'okta.target.display_name',
    'client.ipAddress': 'okta.client.ip',
    'client.zone': 'okta.client.zone',
    'client.device': 'okta.client.device',
    'client.id': 'okta.client.id',
    'client.userAgent.rawUserAgent': 'okta.client.user_agent.raw_user_agent',
    'securityContext.isProxy': 'okta.security_context.is_proxy',
    'securityContext.isp': 'okta.security_context.isp',
    'securityContext.domain': 'okta.security_context.domain',
    'securityContext.asNumber': 'okta.security_context.as.number',
    'securityContext.asOrg': 'okta.security_context.as.organization.name',
    'authenticationContext.credentialType': 'okta.authentication_context.credential_type',
    'authenticationContext.credentialProvider': 'okta.authentication_context.credential_provider',
    'authenticationContext.authenticationProvider': 'okta.authentication_context.authentication_provider',
    'authenticationContext.externalSessionId': 'okta.authentication_context.external_session_id',
    'authenticationContext.interface': 'okta.authentication_context.interface',
    'transaction.id': 'okta.transaction.id',
    'transaction.type': 'okta.transaction.type',
    'debugContext.debugData.requestUri': 'okta.debug_context.debug_data.request_uri',
    'debugContext.debugData.requestId': 'okta.debug_context.debug_data.request_id',
    'debugContext.debugData.url': 'okta.debug_context.debug_data.url',
    'debugContext.debugData.dtHash': 'okta.debug_context.debug_data.dt_hash',
    'debugContext.debugData.deviceFingerprint': 'okta.debug_context.debug_data.device_fingerprint',
    'debugContext.debugData.threatSuspected': 'okta.debug_context.debug_data.threat_suspected',
    'debugContext.debugData.factor': 'okta.debug_context.debug_data.factor',
    'debugContext.debugData.behaviors': 'okta.debug_context.debug_data.behaviors',
    'debugContext.debugData.logOnlySecurityData': 'okta.debug_context.debug_data.logOnlySecurityData',
  },
  values: { 'securityContext.isProxy': BOOLEAN },
  types: { 'okta.security_context.as.number': 'number' },
});

/**
 * GCP integration, audit data stream. Sigma's rules name the method by Elastic's own field
 * (`gcp.audit.method_name`), which the integration also writes as event.action. `authorizationInfo` is a
 * `nested` field there, which EQL cannot query: it stays unmapped.
 */
const GCP_AUDIT = cloudSource({
  logsource: { product: 'gcp', service: 'gcp.audit' },
  dataset: 'gcp.audit',
  fields: {
    'gcp.audit.method_name': 'event.action',
    'data.protoPayload.methodName': 'event.action',
    'data.protoPayload.serviceName': 'gcp.audit.service_name',
    'data.protoPayload.resourceName': 'gcp.audit.resource_name',
    'data.protoPayload.authenticationInfo.principalEmail': 'gcp.audit.authentication_info.principal_email',
    'data.protoPayload.requestMetadata.callerIp': 'gcp.audit.request_metadata.caller_ip',
    'data.protoPayload.requestMetadata.callerSuppliedUserAgent':
      'gcp.audit.request_metadata.caller_supplied_user_agent',
    'data.protoPayload.status.code': 'gcp.audit.status.code',
    'data.protoPayload.status.message': 'gcp.audit.status.message',
  },
  types: { 'gcp.audit.status.code': 'number' },
});

/**
 * Google Workspace integration, admin data stream: the Reports API activity, its application name
 * (`admin`) in event.provider where Sigma's rules name the Cloud Logging service (`admin.googleapis.com`).
 */
const GOOGLE_WORKSPACE_ADMIN = cloudSource({
  logsource: { product: 'gcp', service: 'google_workspace.admin' },
  dataset: 'google_workspace.admin',
  readCategories: ['iam'],
  fields: {
    eventService: 'event.provider',
    eventName: 'event.action',
    new_value: 'google_workspace.admin.new_value',
    old_value: 'google_workspace.admin.old_value',
  },
  values: { eventService: [{ hub: 'admin.googleapis.com', model: ['admin'] }] },
});

/** GitHub integration, audit data stream (the organization/enterprise audit log entry). */
const GITHUB_AUDIT = cloudSource({
  logsource: { product: 'github', service: 'audit' },
  dataset: 'github.audit',
  readCategories: ['configuration', 'iam'],
  fields: {
    action: 'event.action',
    actor: 'user.name',
    user: 'user.target.name',
    org: 'github.org',
    repo: 'github.repo',
    team: 'github.team',
    permission: 'github.permission',
    operation_type: 'github.operation_type',
    visibility: 'github.visibility',
    actor_ip: 'github.actor_ip',
    hashed_token: 'github.hashed_token',
    programmatic_access_type: 'github.programmatic_access_type',
    user_agent: 'github.user_agent',
    repository_public: 'github.repository_public',
    'actor_location.country_code': 'client.geo.country_iso_code',
  },
  values: { repository_public: BOOLEAN },
});

/** Atlassian Bitbucket integration, audit data stream (Bitbucket Data Center's audit log entry). */
const BITBUCKET_AUDIT = cloudSource({
  logsource: { product: 'bitbucket', service: 'audit' },
  dataset: 'atlassian_bitbucket.audit',
  fields: {
    'auditType.category': 'bitbucket.audit.type.category',
    'auditType.action': 'bitbucket.audit.type.action',
    'auditType.area': 'bitbucket.audit.type.area',
    'auditType.level': 'bitbucket.audit.type.level',
    'author.name': 'user.name',
    'author.id': 'user.id',
    method: 'bitbucket.audit.method',
    source: 'source.address',
  },
});

/**
 * Kubernetes integration, audit logs data stream: the API server's audit event under `kubernetes.audit.*` by
 * its own names (annotation keys with `_` for `.`). Sigma's `apiGroup` is the object's API group; its
 * `hostPath` and `capabilities` name no field of the event and stay unmapped.
 */
const K8S_FIELDS: Record<string, string> = {
  ...Object.fromEntries(
    [
      'verb',
      'stage',
      'level',
      'auditID',
      'requestURI',
      'userAgent',
      'sourceIPs',
      'objectRef.resource',
      'objectRef.subresource',
      'objectRef.namespace',
      'objectRef.name',
      'objectRef.apiGroup',
      'objectRef.apiVersion',
      'responseStatus.code',
      'responseStatus.message',
      'user.username',
      'user.groups',
      'impersonatedUser.username',
      'requestObject.spec.containers.image',
      'requestObject.spec.containers.securityContext.privileged',
      'requestObject.spec.volumes.hostPath.path',
    ].map((n) => [n, `kubernetes.audit.${n}`]),
  ),
  apiGroup: 'kubernetes.audit.objectRef.apiGroup',
  'annotations.authorization.k8s.io/decision': 'kubernetes.audit.annotations.authorization_k8s_io/decision',
  'annotations.authorization.k8s.io/reason': 'kubernetes.audit.annotations.authorization_k8s_io/reason',
};
const K8S_BOOLEANS = { 'requestObject.spec.containers.securityContext.privileged': BOOLEAN };
/** The integration's pipeline copies these into ECS fields, which Elastic's rules test (and group by). */
const K8S_COPIES: Record<string, string> = {
  'user.name': 'user.username',
  'event.action': 'verb',
  'user_agent.original': 'userAgent',
};
const KUBERNETES_AUDIT: CategoryModel[] = [
  ...cloudSource({
    logsource: { category: 'application', product: 'kubernetes', service: 'audit' },
    dataset: 'kubernetes.audit_logs',
    fields: K8S_FIELDS,
    values: K8S_BOOLEANS,
    types: { 'kubernetes.audit.responseStatus.code': 'number' },
    copies: K8S_COPIES,
  }),
  {
    logsource: { product: 'kubernetes', service: 'audit' },
    source: { eqlCategory: 'any', where: [dataset('kubernetes.audit_logs')] },
    fields: K8S_FIELDS,
    copies: K8S_COPIES,
    values: K8S_BOOLEANS,
    types: { 'kubernetes.audit.responseStatus.code': 'number' },
  },
];

export const ECS_CLOUD_CATEGORIES: CategoryModel[] = [
  ...AWS_CLOUDTRAIL,
  ...AZURE_ACTIVITY,
  ...AZURE_AUDIT,
  ...AZURE_SIGNIN,
  ...AZURE_RISK,
  ...O365_AUDIT,
  O365_EXCHANGE,
  ...O365_ALERTS,
  ...OKTA,
  ...GCP_AUDIT,
  ...GOOGLE_WORKSPACE_ADMIN,
  ...GITHUB_AUDIT,
  ...BITBUCKET_AUDIT,
  ...KUBERNETES_AUDIT,
];
