/**
 * Checks of written Sentinel documents, implemented from the Azure-Sentinel CI validator
 * (.script/tests/detectionTemplateSchemaValidation) and the ARM API shapes (AlertRules.json, 2025-09-01), as
 * summarised in the team reference. They run on the document data, so the CLI can check before writing.
 */
import type { Diagnostic } from '../report/diagnostics.js';
import { parseSentinelDuration, seconds } from './duration.js';
import { asRecord, asString } from './fields.js';

const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];
const KINDS = [
  'Scheduled',
  'NRT',
  'Fusion',
  'MLBehaviorAnalytics',
  'MicrosoftSecurityIncidentCreation',
  'ThreatIntelligence',
  'Anomaly',
];
const TACTICS = [
  'Reconnaissance',
  'ResourceDevelopment',
  'InitialAccess',
  'Execution',
  'Persistence',
  'PrivilegeEscalation',
  'DefenseEvasion',
  'CredentialAccess',
  'Discovery',
  'LateralMovement',
  'Collection',
  'Exfiltration',
  'CommandAndControl',
  'Impact',
  'ImpairProcessControl',
  'InhibitResponseFunction',
];
const ENTITY_TYPES = [
  'Account',
  'Host',
  'IP',
  'Malware',
  'File',
  'Process',
  'CloudApplication',
  'DNS',
  'AzureResource',
  'FileHash',
  'RegistryKey',
  'RegistryValue',
  'SecurityGroup',
  'URL',
  'Mailbox',
  'MailCluster',
  'MailMessage',
  'SubmissionMail',
  'IoTDevice',
];
const OPERATORS = ['gt', 'lt', 'eq', 'ne', 'GreaterThan', 'LessThan', 'Equal', 'NotEqual'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Problems = Diagnostic[];

function problem(out: Problems, path: string, message: string): void {
  out.push({
    severity: 'error',
    code: 'documents/sentinel-invalid',
    message: `${path}: ${message}`,
    path: path.split('.'),
  });
}

function checkDuration(out: Problems, key: string, value: unknown): number | undefined {
  const d = typeof value === 'string' ? parseSentinelDuration(value) : undefined;
  if (!d) {
    problem(out, key, `'${String(value)}' is not a duration`);
    return undefined;
  }
  const s = seconds(d);
  if (s < 300 || s > 14 * 86400) problem(out, key, `${String(value)} is outside 5 minutes … 14 days`);
  return s;
}

function checkCommon(
  out: Problems,
  d: Record<string, unknown>,
  names: { name: string; version?: string },
  scheduled = true,
): void {
  const name = asString(d[names.name]);
  if (!name) problem(out, names.name, 'required');
  else if (name.length > 256) problem(out, names.name, 'longer than 256 characters');
  const description = asString(d.description);
  if (description !== undefined && description.length > 5000)
    problem(out, 'description', 'longer than 5000 characters');
  if (!SEVERITIES.includes(String(d.severity)))
    problem(out, 'severity', `'${String(d.severity)}' is not one of ${SEVERITIES.join(', ')}`);
  const query = asString(d.query);
  if (!query) problem(out, 'query', 'required');
  else if (query.length > 10000) problem(out, 'query', 'longer than 10000 characters');
  // Scheduled rules only: NRT rules run continuously, with no frequency, period or trigger.
  if (scheduled) {
    const frequency = checkDuration(out, 'queryFrequency', d.queryFrequency);
    const period = checkDuration(out, 'queryPeriod', d.queryPeriod);
    if (frequency !== undefined && period !== undefined && period < frequency)
      problem(out, 'queryPeriod', 'shorter than queryFrequency');
    if (!OPERATORS.includes(String(d.triggerOperator)))
      problem(out, 'triggerOperator', `'${String(d.triggerOperator)}' is not an operator`);
    const threshold = d.triggerThreshold;
    if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0 || threshold > 10000)
      problem(out, 'triggerThreshold', 'must be an integer 0 … 10000');
  }
  if (d.tactics !== undefined) {
    if (!Array.isArray(d.tactics)) problem(out, 'tactics', 'must be a list');
    else
      for (const t of d.tactics)
        if (!TACTICS.includes(String(t))) problem(out, 'tactics', `'${String(t)}' is not a Sentinel tactic`);
  }
  const mappings = d.entityMappings;
  if (mappings !== undefined) {
    if (!Array.isArray(mappings) || mappings.length < 1 || mappings.length > 5)
      problem(out, 'entityMappings', 'must hold 1 … 5 entries');
    for (const m of Array.isArray(mappings) ? mappings : []) {
      const entry = asRecord(m);
      if (!ENTITY_TYPES.includes(String(entry?.entityType)))
        problem(out, 'entityMappings', `'${String(entry?.entityType)}' is not an entity type`);
      const fields = entry?.fieldMappings;
      if (!Array.isArray(fields) || fields.length < 1 || fields.length > 3)
        problem(out, 'entityMappings', 'each entry needs 1 … 3 fieldMappings');
      for (const f of Array.isArray(fields) ? fields : []) {
        if (!asString(asRecord(f)?.identifier) || !asString(asRecord(f)?.columnName))
          problem(out, 'entityMappings', 'a field mapping needs identifier and columnName');
      }
    }
  }
  const details = asRecord(d.customDetails);
  if (d.customDetails !== undefined) {
    if (!details || Object.keys(details).length > 20)
      problem(out, 'customDetails', 'must be a map of at most 20 entries');
    for (const [key, column] of Object.entries(details ?? {})) {
      if (!/^[a-zA-Z]+\w*$/.test(key) || key.length > 20)
        problem(
          out,
          'customDetails',
          `key '${key}' must be letters, digits, _ (≤ 20, starting with a letter)`,
        );
      if (typeof column !== 'string' || !/^[a-zA-Z_]+\w*$/.test(column))
        problem(out, 'customDetails', `value '${String(column)}' is not a column name`);
    }
  }
  if (names.version !== undefined && d[names.version] !== undefined) {
    const version = asString(d[names.version]) ?? '';
    if (!/^\d+\.\d+\.\d+$/.test(version) || version.length > 20)
      problem(out, names.version, `'${version}' is not a version a.b.c`);
  }
}

/** The Azure-Sentinel validator's rules for a scheduled YAML template. */
export function validateSentinelYaml(doc: Record<string, unknown>): Diagnostic[] {
  const out: Problems = [];
  if (!GUID.test(String(doc.id))) problem(out, 'id', 'must be a GUID');
  if (!KINDS.includes(String(doc.kind))) problem(out, 'kind', `'${String(doc.kind)}' is not a rule kind`);
  if (doc.kind === 'Scheduled' && !Array.isArray(doc.requiredDataConnectors))
    problem(out, 'requiredDataConnectors', 'required for Scheduled rules');
  if (!asString(doc.description)) problem(out, 'description', 'required');
  checkCommon(out, doc, { name: 'name', version: 'version' }, doc.kind !== 'NRT');
  if (doc.relevantTechniques !== undefined) {
    for (const t of Array.isArray(doc.relevantTechniques)
      ? doc.relevantTechniques
      : [doc.relevantTechniques]) {
      if (!/^T\d{4}(\.\d{3})?$/.test(String(t)))
        problem(out, 'relevantTechniques', `'${String(t)}' is not a technique id`);
    }
  }
  return out;
}

/** The ARM shape: template wrapper, resource type, required properties, API enums and ISO durations. */
export function validateArmTemplate(template: Record<string, unknown>): Diagnostic[] {
  const out: Problems = [];
  if (typeof template.$schema !== 'string' || !/deploymentTemplate\.json/.test(template.$schema))
    problem(out, '$schema', 'not a deployment template schema');
  if (typeof template.contentVersion !== 'string') problem(out, 'contentVersion', 'required');
  const resources = Array.isArray(template.resources) ? template.resources : [];
  if (resources.length === 0) problem(out, 'resources', 'no resources');
  for (const r of resources) {
    const resource = asRecord(r) ?? {};
    if (resource.type !== 'Microsoft.OperationalInsights/workspaces/providers/alertRules')
      problem(out, 'resources.type', `unexpected type ${String(resource.type)}`);
    if (!KINDS.includes(String(resource.kind)))
      problem(out, 'resources.kind', `'${String(resource.kind)}' is not a rule kind`);
    if (
      typeof resource.apiVersion !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(resource.apiVersion)
    )
      problem(out, 'resources.apiVersion', 'not an API version');
    if (typeof resource.name !== 'string') problem(out, 'resources.name', 'required');
    const p = asRecord(resource.properties) ?? {};
    // NRT rules run continuously: the API gives them no frequency, period or trigger.
    const scheduled = resource.kind === 'Scheduled';
    const required = [
      'displayName',
      'enabled',
      'severity',
      'query',
      'suppressionEnabled',
      'suppressionDuration',
      ...(scheduled ? ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] : []),
    ];
    for (const key of required) {
      if (p[key] === undefined) problem(out, `properties.${key}`, 'required');
    }
    for (const key of ['queryFrequency', 'queryPeriod', 'suppressionDuration']) {
      if (p[key] !== undefined && !/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/.test(String(p[key])))
        problem(out, `properties.${key}`, `'${String(p[key])}' is not an ISO-8601 duration`);
    }
    if (
      p.triggerOperator !== undefined &&
      !['GreaterThan', 'LessThan', 'Equal', 'NotEqual'].includes(String(p.triggerOperator))
    )
      problem(out, 'properties.triggerOperator', `'${String(p.triggerOperator)}' is not in the API enum`);
    if (typeof p.enabled !== 'boolean' || typeof p.suppressionEnabled !== 'boolean')
      problem(out, 'properties.enabled', 'enabled and suppressionEnabled must be booleans');
    for (const t of Array.isArray(p.techniques) ? p.techniques : [])
      if (!/^T\d{4}$/.test(String(t)))
        problem(out, 'properties.techniques', `'${String(t)}' is not a parent technique id`);
    for (const t of Array.isArray(p.subTechniques) ? p.subTechniques : [])
      if (!/^T\d{4}\.\d{3}$/.test(String(t)))
        problem(out, 'properties.subTechniques', `'${String(t)}' is not a sub-technique id`);
    checkCommon(out, p, { name: 'displayName', version: 'templateVersion' }, scheduled);
  }
  return out;
}
