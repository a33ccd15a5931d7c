/**
 * Sentinel ARM templates (`Microsoft.OperationalInsights/workspaces/providers/alertRules`) ⇄ the Sentinel YAML
 * vocabulary of sentinel.ts, with the name changes of the community converter (SentinelARConverter) and the
 * API's enums: `name`↔`displayName`, `id`↔`alertRuleTemplateName` and the resource GUID, `version`↔
 * `templateVersion`, `relevantTechniques`↔`techniques` (parents) + `subTechniques`, `1h`↔`PT1H`,
 * `gt`↔`GreaterThan`. ARM-only properties (enabled, suppression …) and the template wrapper are kept in
 * `meta.extensions.sentinel.arm`; a value whose ARM spelling the YAML one cannot give back (`PT60M`) is kept
 * too and written again while the rule still says the same.
 */
import type { Rule } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { isoDuration, parseSentinelDuration, shortDuration } from './duration.js';
import { asRecord, asString, asStrings, same, unique } from './fields.js';
import { isSubtechnique, parentTechnique } from './attack.js';
import { readSentinelRule, writeSentinelRule, type SentinelExtension } from './sentinel.js';

export const ARM_RULE_TYPE = 'Microsoft.OperationalInsights/workspaces/providers/alertRules';
export const ARM_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
/** The stable API version whose schema has every property written here except subTechniques (preview only). */
export const ARM_API_VERSION = '2024-01-01-preview';

const OPERATORS: Record<string, string> = { gt: 'GreaterThan', lt: 'LessThan', eq: 'Equal', ne: 'NotEqual' };
const OPERATOR_WORDS = Object.fromEntries(Object.entries(OPERATORS).map(([k, v]) => [v, k]));

/** YAML key → ARM property, where only the name differs. */
const RENAMED: Record<string, string> = {
  name: 'displayName',
  id: 'alertRuleTemplateName',
  version: 'templateVersion',
};
const SAME_NAME = [
  'description',
  'severity',
  'query',
  'triggerThreshold',
  'tactics',
  'entityMappings',
  'customDetails',
  'alertDetailsOverride',
  'eventGroupingSettings',
  'incidentConfiguration',
];
/** YAML keys that ARM properties do not carry (SentinelARConverter drops them too). */
const YAML_ONLY = ['kind', 'requiredDataConnectors', 'metadata', 'tags', 'status'];

interface ArmExtension {
  template?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  /** ARM-only properties (enabled, suppressionEnabled, suppressionDuration, …). */
  properties?: Record<string, unknown>;
  /** Property → [ARM value as read, what the YAML form converts back to]. */
  spelled?: Record<string, [unknown, unknown]>;
}

function duration(value: unknown, to: 'short' | 'iso'): unknown {
  const text = asString(value);
  const d = text !== undefined ? parseSentinelDuration(text) : undefined;
  if (!d) return value;
  return to === 'iso' ? isoDuration(d) : shortDuration(d);
}

/** Incident grouping's look-back is a duration too: `5h` in YAML, `PT5H` in ARM. */
function incidentConfiguration(value: unknown, to: 'short' | 'iso'): unknown {
  const config = asRecord(value);
  const grouping = asRecord(config?.groupingConfiguration);
  if (!config || !grouping || grouping.lookbackDuration === undefined) return value;
  return {
    ...config,
    groupingConfiguration: { ...grouping, lookbackDuration: duration(grouping.lookbackDuration, to) },
  };
}

const DURATION_KEYS = ['queryFrequency', 'queryPeriod', 'suppressionDuration'];

/** YAML vocabulary → ARM properties (without the ARM-only ones). */
export function yamlToArmProperties(doc: Record<string, unknown>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined || YAML_ONLY.includes(key)) continue;
    if (RENAMED[key]) props[RENAMED[key] as string] = value;
    else if (DURATION_KEYS.includes(key)) props[key] = duration(value, 'iso');
    else if (key === 'incidentConfiguration') props[key] = incidentConfiguration(value, 'iso');
    else if (key === 'triggerOperator') props[key] = OPERATORS[String(value)] ?? value;
    else if (key === 'relevantTechniques') {
      const ids = asStrings(value);
      props.techniques = unique(ids.map(parentTechnique));
      const subs = ids.filter(isSubtechnique);
      if (subs.length > 0) props.subTechniques = subs;
    } else props[key] = value;
  }
  return props;
}

function armToYaml(
  props: Record<string, unknown>,
  kind: unknown,
  resourceName: unknown,
): { doc: Record<string, unknown>; rest: Record<string, unknown> } {
  const doc: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  const id =
    asString(props.alertRuleTemplateName) ??
    /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[^/]*$/i.exec(
      asString(resourceName) ?? '',
    )?.[1];
  if (id !== undefined) doc.id = id;
  const reverse = Object.fromEntries(Object.entries(RENAMED).map(([k, v]) => [v, k]));
  for (const [key, value] of Object.entries(props)) {
    if (key === 'alertRuleTemplateName') continue;
    if (reverse[key]) doc[reverse[key] as string] = value;
    else if (key === 'incidentConfiguration') doc[key] = incidentConfiguration(value, 'short');
    else if (SAME_NAME.includes(key)) doc[key] = value;
    else if (key === 'queryFrequency' || key === 'queryPeriod') doc[key] = duration(value, 'short');
    else if (key === 'triggerOperator') doc[key] = OPERATOR_WORDS[String(value)] ?? value;
    else if (key === 'techniques' || key === 'subTechniques') {
      const subs = asStrings(props.subTechniques);
      const parents = asStrings(props.techniques).filter((t) => !subs.some((s) => parentTechnique(s) === t));
      doc.relevantTechniques = [...subs, ...parents];
    } else rest[key] = value;
  }
  if (kind !== undefined) doc.kind = kind;
  return { doc, rest };
}

export function readArmTemplate(
  text: string,
  file?: string,
): { rules: { rule?: Rule; diagnostics: Diagnostic[]; document: number }[]; diagnostics: Diagnostic[] } {
  const where = file !== undefined ? { file } : {};
  let template: Record<string, unknown> | undefined;
  try {
    template = asRecord(JSON.parse(text));
  } catch (error) {
    return {
      rules: [],
      diagnostics: [
        {
          ...where,
          severity: 'error',
          code: 'documents/bad-json',
          message: `not JSON: ${(error as Error).message}`,
        },
      ],
    };
  }
  const resources = Array.isArray(template?.resources) ? template.resources : [];
  const rules: { rule?: Rule; diagnostics: Diagnostic[]; document: number }[] = [];
  resources.forEach((entry, index) => {
    const resource = asRecord(entry);
    const type = asString(resource?.type) ?? '';
    if (!/alertRules$/i.test(type)) return;
    const props = asRecord(resource?.properties) ?? {};
    const { doc, rest } = armToYaml(props, resource?.kind, resource?.name);
    const spelled: Record<string, [unknown, unknown]> = {};
    const again = yamlToArmProperties(doc);
    for (const [key, value] of Object.entries(props))
      if (key in again && !same(again[key], value)) spelled[key] = [value, again[key]];
    const { properties: _dropped, ...resourceRest } = resource ?? {};
    const { resources: _all, ...wrapper } = template ?? {};
    const arm: ArmExtension = { template: wrapper, resource: resourceRest, properties: rest, spelled };
    const read = readSentinelRule({
      doc,
      source: 'arm',
      ...(file !== undefined ? { file } : {}),
      document: index,
      arm: arm as Record<string, unknown>,
    });
    rules.push({ ...read, document: index });
  });
  if (rules.length === 0) {
    return {
      rules,
      diagnostics: [
        {
          ...where,
          severity: 'error',
          code: 'documents/no-alert-rule',
          message: `the template has no resource of type ${ARM_RULE_TYPE}`,
        },
      ],
    };
  }
  return { rules, diagnostics: [] };
}

/** The whole ARM template for one rule, as a JSON-ready object. */
export function writeArmTemplate(rule: Rule): {
  template: Record<string, unknown>;
  diagnostics: Diagnostic[];
} {
  const written = writeSentinelRule(rule, 'arm');
  const ext = rule.meta.extensions.sentinel as unknown as SentinelExtension | undefined;
  const arm = (ext?.arm ?? {}) as ArmExtension;
  const props = yamlToArmProperties(written.doc);
  for (const [key, [original, converted]] of Object.entries(arm.spelled ?? {})) {
    if (same(props[key], converted)) props[key] = original;
  }
  const id = String(written.doc.id);
  // What the API requires of every rule and YAML has no key for (SentinelARConverter's defaults).
  const properties: Record<string, unknown> = {
    enabled: true,
    suppressionEnabled: false,
    suppressionDuration: 'PT1H',
    ...props,
    ...(arm.properties ?? {}),
  };
  if (!arm.resource && (written.doc.kind ?? 'Scheduled') === 'Scheduled') {
    properties.triggerOperator ??= 'GreaterThan';
    properties.triggerThreshold ??= 0;
  }
  // Property order of the portal's exports: names first, then the logic, then the rest as they come.
  const resource: Record<string, unknown> = arm.resource
    ? { ...arm.resource }
    : {
        id: `[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/${id}')]`,
        name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/${id}')]`,
        type: ARM_RULE_TYPE,
        kind: written.doc.kind ?? 'Scheduled',
        apiVersion: ARM_API_VERSION,
      };
  resource.properties = properties;
  const template: Record<string, unknown> = arm.template
    ? { ...arm.template }
    : { $schema: ARM_SCHEMA, contentVersion: '1.0.0.0', parameters: { workspace: { type: 'String' } } };
  template.resources = [resource];
  return { template, diagnostics: written.diagnostics };
}
