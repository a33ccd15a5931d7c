/**
 * The DCOM rules (rules/originals) across formats: each original round-trips in its own format, and the
 * metadata of each converts to the other platforms with the values the mapping tables promise.
 *
 * Where a conversion's query cannot be printed yet (a Sigma rule needs the data-model mapping to get a KQL
 * table; an EQL sequence has no KQL printer yet) the metadata is checked on the same rule with a stand-in
 * query in the target language: the document mapping does not depend on the query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import jsYaml from 'js-yaml';
import type { Rule } from '../../src/ir/types.js';
import { projectRoot, hasShared } from '../support/shared.js';
import {
  derivedRuleId,
  detectDocumentFormat,
  readDocuments,
  validateArmTemplate,
  validateSentinelYaml,
  writeDocument,
} from '../../src/documents/index.js';
import { createSigmaValidator } from '../../src/validation/sigma-schema.js';
import { shippedSigmaSchemas } from '../../src/validation/load-schemas.js';
import { documentDifference, elasticSchema, schemaErrors } from './helpers.js';

const ORIGINALS = join(projectRoot, 'rules', 'originals');
const SIGMA = 'sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml';
const ELASTIC = 'elastic_lateral_movement_dcom_mmc20.toml';
const SENTINEL = 'sentinel_LateralMovementViaDCOM.yaml';

function readOriginal(name: string): { text: string; rule: Rule } {
  const text = readFileSync(join(ORIGINALS, name), 'utf8');
  const [file] = readDocuments([{ text, file: name }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(`${name} not read: ${JSON.stringify(file)}`);
  return { text, rule };
}

const withQuery = (rule: Rule, language: string, text: string): Rule => ({
  ...rule,
  query: { kind: 'opaque', language, text },
  output: [],
});

const sigmaIds = {
  sigma: 'f1f3bf22-deb2-418d-8cce-e1a45e46a5bd',
  elastic: '51ce96fb-9e52-4dad-b0ba-99b54440fc9a',
  sentinel: '50cbf34a-4cdd-45d7-b3f5-8b53a1d0d14f',
};

describe('DCOM originals in their own format', () => {
  it('detects the format of each original', () => {
    expect(detectDocumentFormat(SIGMA, readOriginal(SIGMA).text)).toBe('sigma');
    expect(detectDocumentFormat(ELASTIC, readOriginal(ELASTIC).text)).toBe('toml');
    expect(detectDocumentFormat(SENTINEL, readOriginal(SENTINEL).text)).toBe('sentinel-yaml');
    expect(
      detectDocumentFormat(
        'mdecrevoisier_win-os-DCOM_lateral_movement_via_MMC_PowerShell.yaml',
        readFileSync(
          join(ORIGINALS, 'mdecrevoisier_win-os-DCOM_lateral_movement_via_MMC_PowerShell.yaml'),
          'utf8',
        ),
      ),
    ).toBe('sigma');
  });

  it.each([ELASTIC, 'elastic_lateral_movement_dcom_shellwindow_shellbrowserwindow.toml'])(
    '%s: TOML → IR → TOML keeps every field, the query byte for byte',
    (name) => {
      const { text, rule } = readOriginal(name);
      const written = writeDocument(rule, 'toml');
      expect(documentDifference(parseToml(text), parseToml(written.text))).toBeNull();
      expect(written.text).toContain(
        String(parseToml(text).rule && (parseToml(text).rule as { query: string }).query),
      );
    },
  );

  it('Sentinel YAML → IR → YAML keeps every field; YAML → ARM → IR gives the same metadata', () => {
    const { text, rule } = readOriginal(SENTINEL);
    const yaml = writeDocument(rule, 'sentinel-yaml');
    expect(documentDifference(parseYaml(text), parseYaml(yaml.text))).toBeNull();
    const arm = writeDocument(rule, 'arm');
    expect(validateArmTemplate(JSON.parse(arm.text) as Record<string, unknown>)).toEqual([]);
    const back = readDocuments([{ text: arm.text, file: 'dcom.json' }])[0]?.rules[0]?.rule as Rule;
    const strip = (r: Rule) => ({ ...r.meta, extensions: {} });
    expect(strip(back)).toEqual(strip(rule));
    expect(back.query).toEqual(rule.query);
  });

  it('Sigma originals are the Sigma dialect: Sigma → IR → Sigma keeps the metadata', () => {
    const { text, rule } = readOriginal(SIGMA);
    const written = writeDocument(rule, 'sigma');
    expect(
      documentDifference(
        jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }),
        jsYaml.load(written.text, { schema: jsYaml.CORE_SCHEMA }),
      ),
    ).toBeNull();
  });
});

describe('DCOM metadata across formats', () => {
  it('Sigma → detection-rules TOML', () => {
    const { rule } = readOriginal(SIGMA);
    const written = writeDocument(rule, 'toml');
    expect(written.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const doc = parseToml(written.text) as {
      metadata: Record<string, unknown>;
      rule: Record<string, unknown>;
    };
    expect(doc.metadata).toEqual({
      creation_date: '2020/03/04',
      updated_date: '2021/11/27',
      maturity: 'beta',
    });
    const r = doc.rule;
    expect(r.rule_id).toBe(derivedRuleId(sigmaIds.sigma, 'elastic'));
    expect(r.meta).toEqual({ rulestone: { related: [{ id: sigmaIds.sigma, type: 'derived' }] } });
    expect(r.name).toBe('MMC20 Lateral Movement');
    expect([r.severity, r.risk_score]).toEqual(['high', 73]);
    expect(r.author).toEqual([
      '@2xxeformyshirt (Security Risk Advisors) - rule; Teymur Kheirkhabarov (idea)',
    ]);
    expect(r.false_positives).toEqual(['Unlikely']);
    expect(r.references).toHaveLength(2);
    expect(r.tags).toBeUndefined();
    expect(r.threat).toEqual([
      {
        framework: 'MITRE ATT&CK',
        tactic: { id: 'TA0002', name: 'Execution', reference: 'https://attack.mitre.org/tactics/TA0002/' },
      },
      {
        framework: 'MITRE ATT&CK',
        tactic: {
          id: 'TA0008',
          name: 'Lateral Movement',
          reference: 'https://attack.mitre.org/tactics/TA0008/',
        },
        technique: [
          {
            id: 'T1021',
            name: 'Remote Services',
            reference: 'https://attack.mitre.org/techniques/T1021/',
            subtechnique: [
              {
                id: 'T1021.003',
                name: 'Distributed Component Object Model',
                reference: 'https://attack.mitre.org/techniques/T1021/003/',
              },
            ],
          },
        ],
      },
    ]);
    expect([r.type, r.language]).toEqual(['eql', 'eql']);
    expect(r.query).toMatch(/^process where /);
    if (hasShared) {
      const validate = elasticSchema('eql');
      expect(validate(r), schemaErrors(validate)).toBe(true);
    }
    // The same conversion twice gives the same id: re-running updates rules instead of duplicating them.
    expect(parseToml(writeDocument(rule, 'toml').text)).toEqual(doc);
  });

  it('Sigma → Sentinel YAML and ARM (metadata; the KQL table comes from the data-model mapping)', () => {
    const { rule } = readOriginal(SIGMA);
    const staged = withQuery(rule, 'kql', 'SecurityEvent\n| where EventID == 4688');
    const yaml = writeDocument(staged, 'sentinel-yaml');
    const doc = parseYaml(yaml.text) as Record<string, unknown>;
    expect(doc).toMatchObject({
      id: derivedRuleId(sigmaIds.sigma, 'sentinel'),
      name: 'MMC20 Lateral Movement',
      severity: 'High',
      kind: 'Scheduled',
      requiredDataConnectors: [],
      queryFrequency: '1h',
      queryPeriod: '1h',
      triggerOperator: 'gt',
      triggerThreshold: 0,
      tactics: ['Execution', 'LateralMovement'],
      relevantTechniques: ['T1021.003'],
      version: '1.0.0',
      tags: [{ Id: sigmaIds.sigma, version: '1.0.0' }],
      metadata: {
        author: { name: '@2xxeformyshirt (Security Risk Advisors) - rule; Teymur Kheirkhabarov (idea)' },
      },
    });
    expect(validateSentinelYaml(doc)).toEqual([]);
    expect(yaml.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['documents/dropped-references', 'documents/dropped-false-positives']),
    );
    const arm = JSON.parse(writeDocument(staged, 'arm').text) as {
      resources: { properties: Record<string, unknown> }[];
    };
    expect(validateArmTemplate(arm as unknown as Record<string, unknown>)).toEqual([]);
    expect(arm.resources[0]?.properties).toMatchObject({
      displayName: 'MMC20 Lateral Movement',
      alertRuleTemplateName: derivedRuleId(sigmaIds.sigma, 'sentinel'),
      queryFrequency: 'PT1H',
      triggerOperator: 'GreaterThan',
      tactics: ['Execution', 'LateralMovement'],
      techniques: ['T1021'],
      subTechniques: ['T1021.003'],
    });
    // Read back, the Sentinel rule still points at its Sigma source.
    const back = readDocuments([{ text: yaml.text, file: 'x.yaml' }])[0]?.rules[0]?.rule as Rule;
    expect(back.meta.related).toEqual([{ id: sigmaIds.sigma, type: 'derived' }]);
    expect(back.meta.attack).toEqual({
      tactics: ['execution', 'lateral-movement'],
      techniques: ['T1021.003'],
    });
  });

  it('Elastic → Sigma (metadata, with the Sigma rule’s detection as stand-in query)', () => {
    const elastic = readOriginal(ELASTIC).rule;
    const sigma = readOriginal(SIGMA).rule;
    const staged: Rule = { ...elastic, query: sigma.query, output: [] };
    const written = writeDocument(staged, 'sigma');
    expect(written.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const doc = jsYaml.load(written.text, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;
    expect(doc).toMatchObject({
      title: 'Incoming DCOM Lateral Movement with MMC',
      id: derivedRuleId(sigmaIds.elastic, 'sigma'),
      related: [{ id: sigmaIds.elastic, type: 'derived' }],
      status: 'stable',
      author: 'Elastic',
      license: 'Elastic License v2',
      date: '2020-11-06',
      modified: '2026-05-03',
      level: 'high',
      fields: ['@timestamp', 'host.id', 'host.name', 'user.id'],
      tags: [
        'attack.lateral-movement',
        'attack.defense-evasion',
        'attack.execution',
        'attack.t1021',
        'attack.t1021.003',
        'attack.t1218',
        'attack.t1218.014',
        'attack.t1559',
        'attack.t1559.001',
      ],
    });
    expect(createSigmaValidator(shippedSigmaSchemas())(written.text)).toEqual([]);
    // Sigma has no schedule or investigation guide: the custom field `rulestone` carries them back.
    expect(doc.rulestone).toMatchObject({ schedule: { interval: '5m', lookback: '9m' } });
    const back = readDocuments([{ text: written.text, file: 'x.yml' }])[0]?.rules[0]?.rule as Rule;
    expect(back.meta.schedule).toEqual(elastic.meta.schedule);
    expect(back.meta.note).toBe(elastic.meta.note);
    expect(back.meta.extensions.sigma).toBeUndefined();
  });

  it('Elastic → Sentinel YAML (metadata; EQL sequences have no KQL printer yet)', () => {
    const elastic = readOriginal(ELASTIC).rule;
    const direct = writeDocument(elastic, 'sentinel-yaml');
    expect(direct.text).toBe('');
    expect(direct.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const yaml = writeDocument(
      withQuery(elastic, 'kql', 'DeviceProcessEvents\n| where InitiatingProcessFileName =~ "mmc.exe"'),
      'sentinel-yaml',
    );
    const doc = parseYaml(yaml.text) as Record<string, unknown>;
    expect(doc).toMatchObject({
      id: derivedRuleId(sigmaIds.elastic, 'sentinel'),
      severity: 'High',
      queryFrequency: '5m',
      queryPeriod: '9m',
      tactics: ['LateralMovement', 'DefenseEvasion', 'Execution'],
      relevantTechniques: ['T1021', 'T1021.003', 'T1218', 'T1218.014', 'T1559', 'T1559.001'],
      tags: [
        'Domain: Endpoint',
        'OS: Windows',
        'Use Case: Threat Detection',
        'Tactic: Lateral Movement',
        'Data Source: Elastic Defend',
        'Data Source: Sysmon',
        'Resources: Investigation Guide',
        { Id: sigmaIds.elastic, version: '1.0.0' },
      ],
    });
    expect(doc.customDetails).toBeUndefined();
    expect(yaml.diagnostics.filter((d) => d.code === 'documents/field-not-a-column')).toHaveLength(4);
    expect(validateSentinelYaml(doc)).toEqual([]);
  });

  it('Sentinel → Sigma', () => {
    const { rule } = readOriginal(SENTINEL);
    const written = writeDocument(rule, 'sigma');
    const doc = jsYaml.load(written.text, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;
    expect(doc).toMatchObject({
      title: 'Lateral Movement via DCOM',
      id: derivedRuleId(sigmaIds.sentinel, 'sigma'),
      related: [{ id: sigmaIds.sentinel, type: 'derived' }],
      tags: ['attack.lateral-movement', 'attack.t1021.003'],
      fields: ['CommandLine', 'Computer', 'User'],
      level: 'medium',
    });
    expect(String(doc.description)).toMatch(/^This query detects/);
    expect(createSigmaValidator(shippedSigmaSchemas())(written.text)).toEqual([]);
  });

  it('Sentinel → detection-rules TOML and Kibana NDJSON', () => {
    const { rule } = readOriginal(SENTINEL);
    const toml = writeDocument(rule, 'toml');
    const r = (parseToml(toml.text) as { rule: Record<string, unknown> }).rule;
    expect(r).toMatchObject({
      rule_id: derivedRuleId(sigmaIds.sentinel, 'elastic'),
      name: 'Lateral Movement via DCOM',
      severity: 'medium',
      risk_score: 47,
      interval: '1h',
      from: 'now-1h',
      investigation_fields: { field_names: ['CommandLine', 'Computer', 'User'] },
      meta: { rulestone: { related: [{ id: sigmaIds.sentinel, type: 'derived' }] } },
      threat: [
        {
          framework: 'MITRE ATT&CK',
          tactic: { id: 'TA0008', name: 'Lateral Movement' },
          technique: [{ id: 'T1021', subtechnique: [{ id: 'T1021.003' }] }],
        },
      ],
      type: 'eql',
      language: 'eql',
    });
    expect(String(r.query)).toMatch(/^any where EventLog == "Microsoft-Windows-Sysmon\/Operational"/);
    const line = JSON.parse(writeDocument(rule, 'ndjson').text) as Record<string, unknown>;
    expect(line.rule_id).toBe(r.rule_id);
    if (hasShared) {
      const validate = elasticSchema('eql');
      expect(validate(r), schemaErrors(validate)).toBe(true);
      expect(validate(line), schemaErrors(validate)).toBe(true);
    }
  });
});
