import type { CategoryModel, ValueRewrite } from '../types.js';
import { AZURE_AUDIT_MESSAGE } from './notes.js';
import { AZURE_INITIATED_BY, prefixed } from './shared-fields.js';

/**
 * Cloud and SaaS audit logs in Sentinel tables (SigninLogs, AuditLogs, AzureActivity, OfficeActivity,
 * AWSCloudTrail …), column names as the Log Analytics table reference declares them.
 *
 * Sigma's field names for these sources are the raw log's JSON names (CloudTrail `eventName`, Okta
 * `eventType` …), and for Azure often Sentinel's own column names (`ResultType`, `OperationName`). Where a
 * table keeps a JSON object as a `dynamic` column (AuditLogs `InitiatedBy`, AKSAudit `ObjectRef`), its
 * properties are read by path (`ObjectRef.resource`); where it keeps one as text (AWSCloudTrail
 * `RequestParameters`) or as an array (OktaSystemLogs `OriginalTarget`), the properties have no column and
 * stay unmapped.
 */

/** Sigma writes booleans as text ('true'); these columns (or dynamic properties) hold booleans. */
const BOOLEAN: ValueRewrite[] = [
  { hub: 'true', model: [true] },
  { hub: 'false', model: [false] },
];

const same = (names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, n]));
const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * AWS S3 connector's AWSCloudTrail: one column per CloudTrail field, the userIdentity and sessionIssuer
 * objects flattened into columns; requestParameters, responseElements and additionalEventData kept as JSON text.
 */
const AWS_CLOUDTRAIL: CategoryModel = {
  logsource: { product: 'aws', service: 'cloudtrail' },
  source: { table: 'AWSCloudTrail', where: [] },
  // Elastic's CloudTrail pipeline sets event.outcome (the hub's `status`) to failure where the record has an
  // errorCode, success where it has none.
  presence: { status: { field: 'ErrorCode', present: 'failure', absent: 'success' } },
  fields: {
    eventName: 'EventName',
    eventSource: 'EventSource',
    eventID: 'AwsEventId',
    eventType: 'EventTypeName',
    eventCategory: 'Category',
    eventVersion: 'EventVersion',
    awsRegion: 'AWSRegion',
    errorCode: 'ErrorCode',
    errorMessage: 'ErrorMessage',
    userAgent: 'UserAgent',
    sourceIPAddress: 'SourceIpAddress',
    recipientAccountId: 'RecipientAccountId',
    requestID: 'AwsRequestId',
    sharedEventID: 'SharedEventId',
    vpcEndpointId: 'VpcEndpointId',
    apiVersion: 'APIVersion',
    readOnly: 'ReadOnly',
    managementEvent: 'ManagementEvent',
    'userIdentity.type': 'UserIdentityType',
    'userIdentity.arn': 'UserIdentityArn',
    'userIdentity.accessKeyId': 'UserIdentityAccessKeyId',
    'userIdentity.accountId': 'UserIdentityAccountId',
    'userIdentity.principalId': 'UserIdentityPrincipalid',
    'userIdentity.userName': 'UserIdentityUserName',
    'userIdentity.invokedBy': 'UserIdentityInvokedBy',
    'userIdentity.sessionContext.attributes.mfaAuthenticated': 'SessionMfaAuthenticated',
    'userIdentity.sessionContext.sessionIssuer.type': 'SessionIssuerType',
    'userIdentity.sessionContext.sessionIssuer.arn': 'SessionIssuerArn',
    'userIdentity.sessionContext.sessionIssuer.principalId': 'SessionIssuerPrincipalId',
    'userIdentity.sessionContext.sessionIssuer.accountId': 'SessionIssuerAccountId',
    'userIdentity.sessionContext.sessionIssuer.userName': 'SessionIssuerUserName',
    'tlsDetails.tlsVersion': 'TlsVersion',
    'tlsDetails.cipherSuite': 'CipherSuite',
    'tlsDetails.clientProvidedHostHeader': 'ClientProvidedHostHeader',
    requestParameters: 'RequestParameters',
    responseElements: 'ResponseElements',
    additionalEventData: 'AdditionalEventData',
    resources: 'Resources',
    serviceEventDetails: 'ServiceEventDetails',
  },
  values: {
    readOnly: BOOLEAN,
    managementEvent: BOOLEAN,
    'userIdentity.sessionContext.attributes.mfaAuthenticated': BOOLEAN,
  },
};

/**
 * AzureActivity: the activity log. `OperationNameValue` holds the operation id (`MICROSOFT.…/WRITE`) that the
 * export calls operationName; `OperationName` is its localized display name.
 */
const AZURE_ACTIVITY: CategoryModel = {
  logsource: { product: 'azure', service: 'activitylogs' },
  source: { table: 'AzureActivity', where: [] },
  // SigmaHQ's keyword rules on the activity log name operations (Microsoft.Compute/virtualMachines/write).
  keywordField: 'OperationNameValue',
  fields: {
    operationName: 'OperationNameValue',
    category: 'CategoryValue',
    callerIpAddress: 'CallerIpAddress',
    correlationId: 'CorrelationId',
    resourceId: '_ResourceId',
    'identity.claims.appid': 'Claims_d.appid',
    // Fields of the activity log's event schema (the REST form) that the export lacks.
    caller: 'Caller',
    'resourceProviderName.value': 'ResourceProviderValue',
    'status.value': 'ActivityStatusValue',
    'subStatus.value': 'ActivitySubstatusValue',
  },
};

/**
 * AuditLogs (Entra ID). Sigma's rules name these fields both as Sentinel's columns and as the export's JSON
 * (`operationName`, `properties.result`); `Status` there is the result, `category` the directory category.
 * Their `properties.message` is read as the activity's display name (see AZURE_AUDIT_MESSAGE).
 */
const AZURE_AUDIT: CategoryModel = {
  logsource: { product: 'azure', service: 'auditlogs' },
  source: { table: 'AuditLogs', where: [] },
  fieldNotes: AZURE_AUDIT_MESSAGE,
  fields: {
    OperationName: 'OperationName',
    operationName: 'OperationName',
    ActivityDisplayName: 'ActivityDisplayName',
    'properties.activityDisplayName': 'ActivityDisplayName',
    'properties.message': 'ActivityDisplayName',
    Category: 'Category',
    category: 'Category',
    'properties.category': 'Category',
    Result: 'Result',
    Status: 'Result',
    'properties.result': 'Result',
    ResultReason: 'ResultReason',
    'properties.resultReason': 'ResultReason',
    ResultDescription: 'ResultDescription',
    LoggedByService: 'LoggedByService',
    'properties.loggedByService': 'LoggedByService',
    AADOperationType: 'AADOperationType',
    'properties.operationType': 'AADOperationType',
    Identity: 'Identity',
    identity: 'Identity',
    CorrelationId: 'CorrelationId',
    TargetResources: 'TargetResources',
    'properties.targetResources': 'TargetResources',
    InitiatedBy: 'InitiatedBy',
    'properties.initiatedBy': 'InitiatedBy',
    AdditionalDetails: 'AdditionalDetails',
    'properties.additionalDetails': 'AdditionalDetails',
    ...prefixed('properties.initiatedBy.', 'InitiatedBy.', AZURE_INITIATED_BY),
  },
};

/** SigninLogs columns Sigma's sign-in rules name as they are (or camel-cased, or under `properties.`). */
const SIGNIN_COLUMNS = [
  'AppId',
  'AppDisplayName',
  'AuthenticationProtocol',
  'AuthenticationRequirement',
  'ClientAppUsed',
  'ClientCredentialType',
  'ConditionalAccessStatus',
  'CrossTenantAccessType',
  'HomeTenantId',
  'IncomingTokenType',
  'IsInteractive',
  'ResourceDisplayName',
  'ResourceTenantId',
  'RiskDetail',
  'RiskLevelAggregated',
  'RiskLevelDuringSignIn',
  'RiskState',
  'ServicePrincipalId',
  'ServicePrincipalName',
  'SessionId',
  'TokenIssuerType',
  'UniqueTokenIdentifier',
  'UserDisplayName',
  'UserId',
  'UserPrincipalName',
  'UserType',
];

/** SigninLogs: interactive user sign-ins. */
const AZURE_SIGNIN: CategoryModel = {
  logsource: { product: 'azure', service: 'signinlogs' },
  source: { table: 'SigninLogs', where: [] },
  fields: {
    ResultType: 'ResultType',
    resultType: 'ResultType',
    // The portal's sign-in status: Success is result type 0.
    Status: 'ResultType',
    ResultDescription: 'ResultDescription',
    resultDescription: 'ResultDescription',
    ResultSignature: 'ResultSignature',
    resultSignature: 'ResultSignature',
    'Status.errorCode': 'Status.errorCode',
    'properties.status.errorCode': 'Status.errorCode',
    'TokenProtectionStatusDetails.signInSessionStatus': 'TokenProtectionStatusDetails.signInSessionStatus',
    Category: 'Category',
    category: 'Category',
    Identity: 'Identity',
    UserAgent: 'UserAgent',
    userAgent: 'UserAgent',
    'properties.userAgent': 'UserAgent',
    IPAddress: 'IPAddress',
    'properties.ipAddress': 'IPAddress',
    Location: 'Location',
    location: 'Location',
    ...Object.fromEntries(
      SIGNIN_COLUMNS.flatMap((c) => [
        [c, c],
        [camel(c), c],
        [`properties.${camel(c)}`, c],
      ]),
    ),
    ...prefixed('DeviceDetail.', 'DeviceDetail.', [
      'deviceId',
      'displayName',
      'operatingSystem',
      'browser',
      'trustType',
      'isCompliant',
      'isManaged',
    ]),
  },
  values: {
    Status: [{ hub: 'Success', model: ['0'] }],
    'DeviceDetail.isCompliant': BOOLEAN,
    'DeviceDetail.isManaged': BOOLEAN,
    IsInteractive: BOOLEAN,
    isInteractive: BOOLEAN,
    'properties.isInteractive': BOOLEAN,
  },
  types: { ResultType: 'string' },
};

/** AADUserRiskEvents: Identity Protection's user risk detections, by their Graph property names. */
const AZURE_RISK: CategoryModel = {
  logsource: { product: 'azure', service: 'riskdetection' },
  source: { table: 'AADUserRiskEvents', where: [] },
  fields: {
    riskEventType: 'RiskEventType',
    riskLevel: 'RiskLevel',
    riskState: 'RiskState',
    riskDetail: 'RiskDetail',
    activity: 'Activity',
    detectionTimingType: 'DetectionTimingType',
    ipAddress: 'IpAddress',
    source: 'Source',
    tokenIssuerType: 'TokenIssuerType',
    userId: 'UserId',
    userPrincipalName: 'UserPrincipalName',
    userDisplayName: 'UserDisplayName',
    additionalInfo: 'AdditionalInfo',
    correlationId: 'CorrelationId',
    requestId: 'RequestId',
  },
};

const OFFICE_CAVEAT = {
  fidelity: 'narrower' as const,
  message:
    'OfficeActivity holds the Office 365 connector’s workloads (Exchange, SharePoint/OneDrive, Teams), not every workload of the Office 365 audit log',
};

/**
 * OfficeActivity: the Office 365 Management Activity API record, mostly by its own names; Workload and ObjectId
 * are OfficeWorkload and OfficeObjectId, ExtendedProperties and Parameters are kept as JSON text.
 */
const O365_AUDIT: CategoryModel = {
  logsource: { product: 'm365', service: 'audit' },
  source: { table: 'OfficeActivity', where: [] },
  caveat: OFFICE_CAVEAT,
  fields: {
    Workload: 'OfficeWorkload',
    ObjectId: 'OfficeObjectId',
    ...same([
      'Operation',
      'RecordType',
      'UserId',
      'UserKey',
      'UserType',
      'ClientIP',
      'ActorIpAddress',
      'ApplicationId',
      'ClientAppId',
      'ResultStatus',
      'OrganizationId',
      'UserAgent',
      'Parameters',
      'ExtendedProperties',
      'ModifiedProperties',
      'MailboxOwnerUPN',
      'ClientInfoString',
      'ExternalAccess',
      'SourceFileName',
      'SourceFileExtension',
      'SourceRelativeUrl',
    ]),
  },
};

/**
 * Sigma's M365 Exchange rule was ported from Elastic's, whose fields it renamed: `eventSource` is the
 * workload, `eventName` the operation, `status` Elastic's outcome, which its integration derives from
 * ResultStatus (success: Succeeded, PartiallySucceeded, True; failure: Failed, False).
 */
const O365_EXCHANGE: CategoryModel = {
  logsource: { product: 'm365', service: 'exchange' },
  source: { table: 'OfficeActivity', where: [] },
  caveat: OFFICE_CAVEAT,
  fields: { eventSource: 'OfficeWorkload', eventName: 'Operation', status: 'ResultStatus' },
  values: {
    status: [
      { hub: 'success', model: ['Succeeded', 'PartiallySucceeded', 'True', 'Success'] },
      { hub: 'failure', model: ['Failed', 'False'] },
    ],
  },
};

/**
 * Okta connector (Okta System Log through the codeless connector): OktaSystemLogs, the LogEvent's fields
 * renamed (EventOriginalType is eventType, OriginalOutcomeResult outcome.result, DebugData the debugData
 * object). Its targets are an array (OriginalTarget), which no column reads.
 */
const OKTA: CategoryModel = {
  logsource: { product: 'okta', service: 'okta' },
  source: { table: 'OktaSystemLogs', where: [] },
  fields: {
    eventType: 'EventOriginalType',
    displayMessage: 'EventMessage',
    legacyEventType: 'LegacyEventType',
    severity: 'OriginalSeverity',
    uuid: 'EventOriginalUid',
    version: 'Version',
    'outcome.result': 'OriginalOutcomeResult',
    'outcome.reason': 'EventOriginalResultDetails',
    'actor.id': 'ActorUserId',
    'actor.alternateId': 'OriginalActorAlternateId',
    'actor.displayName': 'ActorDisplayName',
    'client.ipAddress': 'SrcIpAddr',
    'client.zone': 'SrcZone',
    'client.device': 'OriginalClientDevice',
    'client.userAgent.rawUserAgent': 'HttpUserAgent',
    'client.geographicalContext.city': 'SrcGeoCity',
    'client.geographicalContext.country': 'SrcGeoCountry',
    'securityContext.isProxy': 'SecurityContextIsProxy',
    'securityContext.isp': 'SrcIsp',
    'securityContext.domain': 'SecurityContextDomain',
    'securityContext.asNumber': 'SecurityContextAsNumber',
    'securityContext.asOrg': 'SecurityContextAsOrg',
    'authenticationContext.authenticationProvider': 'AuthenticationContextAuthenticationProvider',
    'authenticationContext.credentialProvider': 'AuthenticationContextCredentialProvider',
    'authenticationContext.interface': 'AuthenticationContextInterface',
    'transaction.id': 'TransactionId',
    'transaction.type': 'TransactionType',
    ...prefixed('debugContext.debugData.', 'DebugData.', [
      'requestUri',
      'requestId',
      'url',
      'dtHash',
      'deviceFingerprint',
      'threatSuspected',
      'factor',
      'behaviors',
      'logOnlySecurityData',
    ]),
  },
  values: { 'securityContext.isProxy': BOOLEAN },
  types: { SecurityContextAsNumber: 'number' },
};

/** The older Okta connector's custom table (read only): the few fields its rules use, with type suffixes. */
const OKTA_LEGACY: CategoryModel = {
  logsource: { product: 'okta', service: 'okta' },
  source: { table: 'Okta_CL', where: [] },
  fields: {
    eventType: 'eventType_s',
    'outcome.result': 'outcome_result_s',
    'outcome.reason': 'outcome_reason_s',
    'actor.alternateId': 'actor_alternateId_s',
    'client.ipAddress': 'client_ipAddress_s',
    'client.geographicalContext.city': 'client_geographicalContext_city_s',
    'client.geographicalContext.country': 'client_geographicalContext_country_s',
  },
};

/**
 * GCPAuditLogs (GCP Pub/Sub connector): the audit log entry's protoPayload, by column. Sigma's rules name
 * the method by Elastic's field name (`gcp.audit.method_name`). authorizationInfo is an array: unmapped.
 */
const GCP_AUDIT: CategoryModel = {
  logsource: { product: 'gcp', service: 'gcp.audit' },
  source: { table: 'GCPAuditLogs', where: [] },
  fields: {
    'gcp.audit.method_name': 'MethodName',
    'data.protoPayload.methodName': 'MethodName',
    'data.protoPayload.serviceName': 'ServiceName',
    'data.protoPayload.resourceName': 'GCPResourceName',
    'data.protoPayload.authenticationInfo.principalEmail': 'PrincipalEmail',
    'data.protoPayload.requestMetadata.callerIp': 'RequestMetadata.callerIp',
    'data.protoPayload.requestMetadata.callerSuppliedUserAgent': 'RequestMetadata.callerSuppliedUserAgent',
    'data.protoPayload.status.code': 'Status.code',
    'data.protoPayload.status.message': 'StatusMessage',
  },
};

/** The older GCP IAM connector's table (read only): IAM's audit logs alone, protoPayload flattened into columns. */
const GCP_IAM: CategoryModel = {
  logsource: { product: 'gcp', service: 'gcp.audit' },
  source: { table: 'GCP_IAM', where: [] },
  caveat: {
    fidelity: 'narrower',
    read: 'broader',
    message: 'GCP_IAM holds only IAM’s audit logs; as a gcp.audit rule it reads every service’s',
  },
  fields: {
    'gcp.audit.method_name': 'PayloadMethodname',
    'data.protoPayload.serviceName': 'PayloadServicename',
    'data.protoPayload.resourceName': 'PayloadResourcename',
    'data.protoPayload.authenticationInfo.principalEmail': 'PayloadAuthenticationinfoPrincipalemail',
    'data.protoPayload.requestMetadata.callerIp': 'SrcIpAddr',
    'data.protoPayload.requestMetadata.callerSuppliedUserAgent': 'HttpUserAgentOriginal',
    'data.protoPayload.status.code': 'PayloadStatusCode',
    'data.protoPayload.status.message': 'PayloadStatusMessage',
  },
  types: { PayloadStatusCode: 'number' },
};

/**
 * GoogleWorkspaceReports (Google Workspace Reports API connector): every application's activities, the admin
 * console's under application name `admin`, where Sigma's rules name the Cloud Logging service.
 */
const GOOGLE_WORKSPACE_ADMIN: CategoryModel = {
  logsource: { product: 'gcp', service: 'google_workspace.admin' },
  source: {
    table: 'GoogleWorkspaceReports',
    where: [{ field: 'IdApplicationName', values: ['admin'], cased: true }],
  },
  fields: {
    eventService: 'IdApplicationName',
    eventName: 'EventName',
    new_value: 'NewValue',
    old_value: 'OldValue',
  },
  values: { eventService: [{ hub: 'admin.googleapis.com', model: ['admin'] }] },
};

/** GitHubAudit (GitHub Enterprise audit log connector): the audit entry's fields as columns. */
const GITHUB_AUDIT: CategoryModel = {
  logsource: { product: 'github', service: 'audit' },
  source: { table: 'GitHubAudit', where: [] },
  fields: {
    action: 'Action',
    actor: 'Actor',
    user: 'ImpactedUser',
    repo: 'Repository',
    team: 'TeamName',
    actor_ip: 'IPaddress',
    visibility: 'Visibility',
    operation_type: 'OperationType',
  },
};

/**
 * AKSAudit: Azure Kubernetes Service's API server audit events (resource-specific diagnostic table), the
 * audit event's objects as dynamic columns (its arrays, such as sourceIPs, user.groups and the pod spec's
 * containers, have no path a comparison can read). Sigma's `apiGroup` is the object's API group; its
 * `hostPath` and `capabilities` name no field of the event and stay unmapped.
 */
const K8S_FIELDS: Record<string, string> = {
  verb: 'Verb',
  stage: 'Stage',
  level: 'Level',
  auditID: 'AuditId',
  requestURI: 'RequestUri',
  userAgent: 'UserAgent',
  ...prefixed('objectRef.', 'ObjectRef.', [
    'resource',
    'subresource',
    'namespace',
    'name',
    'apiGroup',
    'apiVersion',
  ]),
  apiGroup: 'ObjectRef.apiGroup',
  ...prefixed('responseStatus.', 'ResponseStatus.', ['code', 'message', 'reason']),
  'user.username': 'User.username',
  ...prefixed('requestObject.', 'RequestObject.', [
    'spec.hostIPC',
    'spec.hostNetwork',
    'spec.hostPID',
    'spec.serviceAccountName',
  ]),
};
const K8S_CAVEAT = {
  fidelity: 'narrower' as const,
  message: 'AKSAudit holds the audit logs of AKS clusters only',
};
const KUBERNETES_AUDIT: CategoryModel[] = [
  { category: 'application', product: 'kubernetes', service: 'audit' },
  { product: 'kubernetes', service: 'audit' },
].map((logsource) => ({
  logsource,
  source: { table: 'AKSAudit', where: [] },
  caveat: K8S_CAVEAT,
  fields: K8S_FIELDS,
  types: { 'ResponseStatus.code': 'number' },
  values: Object.fromEntries(
    ['requestObject.spec.hostIPC', 'requestObject.spec.hostNetwork', 'requestObject.spec.hostPID'].map(
      (f) => [f, BOOLEAN],
    ),
  ),
}));

export const SENTINEL_CLOUD_CATEGORIES: CategoryModel[] = [
  AWS_CLOUDTRAIL,
  AZURE_ACTIVITY,
  AZURE_AUDIT,
  AZURE_SIGNIN,
  AZURE_RISK,
  O365_AUDIT,
  O365_EXCHANGE,
  OKTA,
  OKTA_LEGACY,
  GCP_AUDIT,
  GCP_IAM,
  GOOGLE_WORKSPACE_ADMIN,
  GITHUB_AUDIT,
  ...KUBERNETES_AUDIT,
];
