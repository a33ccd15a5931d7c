import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { SENTINEL_CLOUD_CATEGORIES } from '../../src/datamodel/models/sentinel-cloud.js';
import type { DataModel } from '../../src/datamodel/types.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

const model = (id: string): DataModel => {
  const m = DATA_MODELS[id];
  if (!m) throw new Error(`no model ${id}`);
  return m as DataModel;
};
const ecs = model('ecs');
const sentinel = model('sentinel');
const strict = { unmapped: 'error' } as const;

/** A Sigma rule on a log source given as YAML lines, detection written as YAML lines. */
function sigma(logsource: string, detection: string): Rule {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n');
  return mustParse(`title: t\nlogsource:\n${indent(logsource)}\ndetection:\n${indent(detection)}\n`);
}

function parsed(dialect: typeof eqlDialect | typeof kqlDialect, text: string): Rule {
  const [file] = dialect.parse([{ text, file: dialect === eqlDialect ? 'x.eql' : 'x.kql' }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file?.diagnostics ?? file?.rules[0]?.diagnostics));
  return rule;
}

const toEql = (rule: Rule) => eqlDialect.print(mapRule(rule, null, ecs, strict).rule).text;
const toKql = (rule: Rule) => kqlDialect.print(mapRule(rule, null, sentinel, strict).rule).text;

// SigmaHQ rules/cloud/aws/cloudtrail/aws_cloudtrail_guardduty_detector_deleted_or_updated.yml
const guardDuty = sigma(
  'product: aws\nservice: cloudtrail',
  `selection_event_source:
    eventSource: guardduty.amazonaws.com
selection_action_delete:
    eventName: DeleteDetector
selection_action_update:
    eventName: UpdateDetector
    requestParameters.enable: 'false'
selection_status_success:
    errorCode: Success
selection_status_null:
    errorCode: null
condition: selection_event_source and 1 of selection_action_* and 1 of selection_status_*`,
);

// SigmaHQ rules/cloud/aws/cloudtrail/aws_cloudtrail_disable_logging.yml
const cloudTrailChange = sigma(
  'product: aws\nservice: cloudtrail',
  `selection_source:
    eventSource: cloudtrail.amazonaws.com
    eventName:
        - StopLogging
        - UpdateTrail
        - DeleteTrail
condition: selection_source`,
);

// SigmaHQ rules/cloud/azure/signin_logs/azure_ad_only_single_factor_auth_required.yml
const singleFactor = sigma(
  'product: azure\nservice: signinlogs',
  `selection:
    Status: Success
    AuthenticationRequirement: singleFactorAuthentication
condition: selection`,
);

// SigmaHQ rules/cloud/azure/signin_logs/azure_ad_sign_ins_from_noncompliant_devices.yml
const nonCompliant = sigma(
  'product: azure\nservice: signinlogs',
  `selection:
    DeviceDetail.isCompliant: 'false'
condition: selection`,
);

// SigmaHQ rules/identity/okta/okta_user_session_start_via_anonymised_proxy.yml
const oktaProxy = sigma(
  'product: okta\nservice: okta',
  `selection:
    eventType: user.session.start
    securityContext.isProxy: 'true'
condition: selection`,
);

// SigmaHQ rules/application/kubernetes/audit/kubernetes_audit_rbac_permisions_listing.yml
const rbacListing = sigma(
  'category: application\nproduct: kubernetes\nservice: audit',
  `selection:
    verb: create
    apiGroup: authorization.k8s.io
    objectRef.resource: selfsubjectrulesreviews
condition: selection`,
);

// SigmaHQ rules/cloud/gcp/gworkspace/admin/gcp_gworkspace_mfa_disabled.yml
const workspaceMfa = sigma(
  'product: gcp\nservice: google_workspace.admin',
  `selection_base:
    eventService: admin.googleapis.com
    eventName:
        - ENFORCE_STRONG_AUTHENTICATION
        - ALLOW_STRONG_AUTHENTICATION
selection_eventValue:
    new_value: 'false'
condition: all of selection*`,
);

describe('cloud audit logs: Sigma → ECS', () => {
  it('selects the CloudTrail data stream and reads request parameters from the flattened object', () => {
    expect(toEql(guardDuty)).toBe(
      'any where event.dataset == "aws.cloudtrail" and event.provider : "guardduty.amazonaws.com" and\n' +
        '  (\n' +
        '    event.action : "DeleteDetector" or\n' +
        '    (\n' +
        '      event.action : "UpdateDetector" and\n' +
        '      aws.cloudtrail.flattened.request_parameters.enable : "false"\n' +
        '    )\n' +
        '  ) and (aws.cloudtrail.error_code : "Success" or aws.cloudtrail.error_code == null)',
    );
  });

  it('writes the portal status as the result type and Sigma text booleans as booleans', () => {
    expect(toEql(singleFactor)).toBe(
      'any where event.dataset == "azure.signinlogs" and azure.signinlogs.result_type : "0" and\n' +
        '  azure.signinlogs.properties.authentication_requirement : "singleFactorAuthentication"',
    );
    expect(toEql(nonCompliant)).toBe(
      'any where event.dataset == "azure.signinlogs" and\n' +
        '  azure.signinlogs.properties.device_detail.is_compliant == false',
    );
    expect(toEql(oktaProxy)).toBe(
      'any where event.dataset == "okta.system" and okta.event_type : "user.session.start" and\n' +
        '  okta.security_context.is_proxy == true',
    );
  });

  it("names Google Workspace's service by the integration's application name", () => {
    expect(toEql(workspaceMfa)).toBe(
      'any where event.dataset == "google_workspace.admin" and event.provider : "admin" and\n' +
        '  event.action : ("ENFORCE_STRONG_AUTHENTICATION", "ALLOW_STRONG_AUTHENTICATION") and\n' +
        '  google_workspace.admin.new_value : "false"',
    );
  });

  it('refuses what the integrations do not keep as one queryable field', () => {
    // Elastic writes requestParameters as `{key=value}` text, not CloudTrail's JSON.
    const json = sigma(
      'product: aws\nservice: cloudtrail',
      `selection:\n    requestParameters|contains: '"s3:GetObject"'\ncondition: selection`,
    );
    expect(() => mapRule(json, null, ecs, strict)).toThrow(/requestParameters.*ecs/);
    // Sigma's Kubernetes `hostPath` names no field of the audit event.
    const hostPath = sigma(
      'category: application\nproduct: kubernetes\nservice: audit',
      `selection:\n    verb: create\n    hostPath: '*'\ncondition: selection`,
    );
    expect(() => mapRule(hostPath, null, ecs, strict)).toThrow(/hostPath/);
    // Azure PIM alerts are in neither platform's tables.
    const pim = sigma(
      'product: azure\nservice: pim',
      `selection:\n    riskEventType: staleSignInAlertIncident\ncondition: selection`,
    );
    expect(() => mapRule(pim, null, ecs, strict)).toThrow(/azure\/pim/);
    // Only the sign-in status the result type encodes has a value there.
    const denied = sigma(
      'product: azure\nservice: signinlogs',
      `selection:\n    Status|contains: MFA Denied\ncondition: selection`,
    );
    expect(() => mapRule(denied, null, ecs, strict)).toThrow(/MFA Denied/);
  });
});

describe('cloud audit logs: Sigma → Sentinel', () => {
  it('reads the tables by their columns', () => {
    expect(toKql(cloudTrailChange)).toBe(
      'AWSCloudTrail\n| where EventSource =~ "cloudtrail.amazonaws.com"\n' +
        '    and EventName in~ ("StopLogging", "UpdateTrail", "DeleteTrail")\n',
    );
    expect(toKql(singleFactor)).toBe(
      'SigninLogs\n| where ResultType =~ "0"\n    and AuthenticationRequirement =~ "singleFactorAuthentication"\n',
    );
    expect(toKql(nonCompliant)).toBe('SigninLogs\n| where DeviceDetail.isCompliant == false\n');
    expect(toKql(oktaProxy)).toBe(
      'OktaSystemLogs\n| where EventOriginalType =~ "user.session.start"\n    and SecurityContextIsProxy == true\n',
    );
  });

  it('reads dynamic columns by path, and says AKSAudit holds AKS clusters only', () => {
    const { rule, diagnostics } = mapRule(rbacListing, null, sentinel, strict);
    expect(kqlDialect.print(rule).text).toBe(
      'AKSAudit\n| where Verb =~ "create"\n    and ObjectRef.apiGroup =~ "authorization.k8s.io"\n' +
        '    and ObjectRef.resource =~ "selfsubjectrulesreviews"\n',
    );
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/narrower-source', fidelity: 'narrower' }),
    );
  });

  it('refuses CloudTrail request parameters, which the table keeps as JSON text', () => {
    expect(() => mapRule(guardDuty, null, sentinel, strict)).toThrow(/requestParameters\.enable.*sentinel/);
  });

  it.skipIf(!hasShared)('writes queries Kusto.Language accepts against the Sentinel schema', () => {
    for (const rule of [cloudTrailChange, singleFactor, nonCompliant, oktaProxy, rbacListing, workspaceMfa]) {
      const problems = kustoDiagnostics(toKql(rule));
      expect(problems, describeKusto(problems)).toEqual([]);
    }
  });

  it.skipIf(!hasShared)('names only columns the tables declare, dynamic ones for property paths', () => {
    const schema = JSON.parse(readFileSync(sharedPath('kql-schema', 'sentinel-schema.json'), 'utf8')) as {
      tables: Record<string, [string, string][]>;
    };
    const problems: string[] = [];
    for (const entry of SENTINEL_CLOUD_CATEGORIES) {
      const table = entry.source.table as string;
      const columns = new Map(schema.tables[table] ?? []);
      if (columns.size === 0) problems.push(`no table ${table}`);
      for (const field of [...Object.values(entry.fields), ...entry.source.where.map((w) => w.field)]) {
        const [column, ...path] = field.split('.');
        const type = columns.get(column as string);
        if (type === undefined) problems.push(`${table}.${field}`);
        else if (path.length > 0 && type !== 'dynamic') problems.push(`${table}.${field}: ${type}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('cloud audit logs: the translations select what the rule selects', () => {
  const proxyEvents = [
    { eventType: 'user.session.start', 'securityContext.isProxy': true },
    { eventType: 'user.session.start', 'securityContext.isProxy': false },
    { eventType: 'user.session.end', 'securityContext.isProxy': true },
  ];
  it.each([
    ['eql', eqlDialect],
    ['kql', kqlDialect],
  ])('Okta proxy sessions in %s', (_name, dialect) => {
    const v = verifyRule(oktaProxy, dialect, proxyEvents);
    expect(v.comparison?.relation).toBe('same');
    expect(v.sourceMatches).toBe(1);
    expect(v.translationMatches).toBe(1);
  });
});

describe('cloud audit logs: Sentinel and Elastic rules → Sigma', () => {
  it("reads a Sentinel AuditLogs rule's columns as Sigma's names, and on to ECS", () => {
    // Azure-Sentinel Detections/AuditLogs/PrivlegedRoleAssignedOutsidePIM.yaml (its filter, less a `has`)
    const rule = parsed(
      kqlDialect,
      'AuditLogs\n| where Category =~ "RoleManagement"\n' +
        '| where LoggedByService == "Core Directory" and OperationName == "Add member to role" and Identity != "MS-PIM"',
    );
    const hub = mapRule(rule, sentinel, null, strict).rule;
    const query = hub.query as SearchQuery;
    expect(query.source).toMatchObject({ model: 'sigma', product: 'azure', service: 'auditlogs' });
    const fields = JSON.stringify(query.filter);
    for (const f of ['"Category"', '"OperationName"', '"LoggedByService"', '"Identity"'])
      expect(fields).toContain(f);
    expect(toEql(hub)).toContain('azure.auditlogs.properties.logged_by_service == "Core Directory"');
  });

  it('reads the older Okta table as the same Sigma log source', () => {
    const rule = parsed(
      kqlDialect,
      'Okta_CL\n| where eventType_s =~ "user.session.start" and outcome_reason_s in ("VERIFICATION_ERROR", "INVALID_CREDENTIALS")',
    );
    const hub = mapRule(rule, sentinel, null, strict).rule;
    expect((hub.query as SearchQuery).source).toMatchObject({ product: 'okta', service: 'okta' });
    expect(toKql(hub)).toBe(
      'OktaSystemLogs\n| where EventOriginalType =~ "user.session.start"\n' +
        '    and EventOriginalResultDetails in ("VERIFICATION_ERROR", "INVALID_CREDENTIALS")\n',
    );
  });

  it('reads Elastic queries over a data stream, whichever dataset field and EQL category they name', () => {
    // elastic/detection-rules rules/integrations/github/persistence_organization_owner_role_granted.toml
    const { rule, diagnostics } = mapRule(
      parsed(
        eqlDialect,
        'iam where data_stream.dataset == "github.audit" and event.action == "org.update_member" and github.permission == "admin"',
      ),
      ecs,
      null,
      strict,
    );
    const query = rule.query as SearchQuery;
    expect(query.source).toMatchObject({ product: 'github', service: 'audit' });
    expect(JSON.stringify(query.filter)).not.toContain('dataset');
    expect(JSON.stringify(query.filter)).toContain('"permission"');
    // `iam` has no Sigma equivalent: the rule now reads every GitHub audit event its conditions select.
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/broader-source', fidelity: 'broader' }),
    );
    expect(diagnostics).not.toContainEqual(expect.objectContaining({ code: 'mapping/narrower-source' }));
    // GitHubAudit has no column for the permission granted.
    expect(() => toKql(rule)).toThrow(/permission.*sentinel/);
    // elastic/detection-rules rules_building_block/execution_github_repo_created.toml
    const created = mapRule(
      parsed(
        eqlDialect,
        'configuration where event.dataset == "github.audit" and event.action == "repo.create"',
      ),
      ecs,
      null,
      strict,
    ).rule;
    expect(toKql(created)).toBe('GitHubAudit\n| where Action == "repo.create"\n');
  });
});
