/** The field mappings one by one: severity and risk score, durations, ids, ATT&CK, format detection, templates. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import fc from 'fast-check';
import type { Rule, Severity } from '../../src/ir/types.js';
import { emptyMeta } from '../../src/ir/build.js';
import { hasShared, sharedPath } from '../support/shared.js';
import {
  elasticRiskScore,
  elasticSeverity,
  riskScoreFits,
  sentinelSeverity,
  severityFromSentinel,
  severityOfRiskScore,
} from '../../src/documents/severity.js';
import {
  fromSeconds,
  isoDuration,
  parseElasticFrom,
  parseIsoDuration,
  parseSentinelDuration,
  seconds,
  shortDuration,
} from '../../src/documents/duration.js';
import { derivedRuleId, sha1Hex, uuidV5 } from '../../src/documents/ids.js';
import { forPlatform } from '../../src/documents/identity.js';
import {
  sentinelTactic,
  tacticByShortname,
  tacticFromElastic,
  tacticFromSentinel,
  technique,
  v19Id,
} from '../../src/documents/attack.js';
import { writeThreat } from '../../src/documents/elastic.js';
import { makeContext } from '../../src/documents/fields.js';
import {
  detectDocumentFormat,
  documentFileName,
  readDocuments,
  writeDocument,
} from '../../src/documents/index.js';

const LEVELS: Severity[] = ['informational', 'low', 'medium', 'high', 'critical'];

describe('severity and risk score', () => {
  it('maps the five levels to Elastic severity + default risk score and to Sentinel', () => {
    expect(
      LEVELS.map((l) => [elasticSeverity(l), elasticRiskScore(l, undefined), sentinelSeverity(l)]),
    ).toEqual([
      ['low', 21, 'Informational'],
      ['low', 21, 'Low'],
      ['medium', 47, 'Medium'],
      ['high', 73, 'High'],
      ['critical', 99, 'High'],
    ]);
  });

  it('keeps a rule’s own risk score only inside its severity band (detection-rules TestRiskScoreMismatch)', () => {
    expect(elasticRiskScore('high', 60)).toBe(60);
    expect(elasticRiskScore('high', 80)).toBe(73);
    fc.assert(
      fc.property(
        fc.constantFrom(...LEVELS),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        (level, score) => {
          const written = elasticRiskScore(level, score);
          return (
            riskScoreFits(elasticSeverity(level), written) &&
            severityOfRiskScore(written) === elasticSeverity(level)
          );
        },
      ),
    );
    expect([0, 21, 22, 47, 48, 73, 74, 100].map(severityOfRiskScore)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
  });

  it('reads Sentinel severities back', () => {
    expect(['Informational', 'Low', 'Medium', 'High', 'Critical'].map(severityFromSentinel)).toEqual([
      'informational',
      'low',
      'medium',
      'high',
      undefined,
    ]);
  });

  it('round-trips informational through Elastic via meta.rulestone', () => {
    const rule: Rule = {
      meta: {
        ...emptyMeta('Info rule'),
        id: '0f2a3c4d-1111-4222-8333-444455556666',
        severity: 'informational',
        authors: ['me'],
      },
      query: { kind: 'opaque', language: 'eql', text: 'process where true' },
      output: [],
      provenance: { dialect: 'eql' },
    };
    const written = writeDocument(rule, 'toml', { convert: false });
    const r = (parseToml(written.text) as { rule: Record<string, unknown> }).rule;
    expect([r.severity, r.risk_score, r.meta]).toEqual([
      'low',
      21,
      { rulestone: { severity: 'informational' } },
    ]);
    const back = readDocuments([{ text: written.text, file: 'x.toml' }])[0]?.rules[0]?.rule;
    expect(back?.meta.severity).toBe('informational');
  });
});

describe('durations', () => {
  it('reads every spelling the formats use', () => {
    expect(parseSentinelDuration('1h')).toEqual({ value: 1, unit: 'h' });
    expect(parseSentinelDuration('PT5M')).toEqual({ value: 5, unit: 'm' });
    expect(parseSentinelDuration('P1DT12H')).toEqual({ value: 36, unit: 'h' });
    expect(parseSentinelDuration('01:00:00')).toEqual({ value: 1, unit: 'h' });
    expect(parseSentinelDuration('1.00:00:00')).toEqual({ value: 1, unit: 'd' });
    expect(parseElasticFrom('now-9m')).toEqual({ value: 9, unit: 'm' });
    expect(parseElasticFrom('now-9m/m')).toBeUndefined();
    expect(parseIsoDuration('P')).toBeUndefined();
  });

  it('writes ISO-8601 and short forms that read back to the same length of time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 86400 }), (total) => {
        const d = fromSeconds(total);
        return (
          seconds(parseIsoDuration(isoDuration(d)) ?? { value: -1, unit: 's' }) === total &&
          seconds(parseSentinelDuration(shortDuration(d)) ?? { value: -1, unit: 's' }) === total
        );
      }),
    );
    expect(isoDuration({ value: 90, unit: 'm' })).toBe('PT1H30M');
    expect(shortDuration({ value: 2, unit: 'w' })).toBe('14d');
  });
});

describe('ids', () => {
  it('computes SHA-1 and RFC 9562 UUIDv5 (test vector: DNS namespace, www.example.com)', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives a stable id per source id and target, blind to the case of the source id', () => {
    const id = 'F1F3BF22-DEB2-418D-8CCE-E1A45E46A5BD';
    expect(derivedRuleId(id, 'elastic')).toBe(derivedRuleId(id.toLowerCase(), 'elastic'));
    expect(derivedRuleId(id, 'elastic')).not.toBe(derivedRuleId(id, 'sentinel'));
    expect(derivedRuleId(id, 'elastic')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('ids of converted rules', () => {
  const rule = (id: string): Rule =>
    ({
      ...({} as Rule),
      meta: { ...emptyMeta('t'), id, extensions: { elastic: {} } },
      provenance: { dialect: 'eql' },
    }) as Rule;

  it('link a Sigma rule to its source by a derived relation when the source id is a UUID', () => {
    const id = '7eb54028-ca72-4eb7-8185-b6864572347d';
    expect(forPlatform(rule(id), 'sigma').meta.related).toEqual([{ id, type: 'derived' }]);
  });

  it("leave the link out of Sigma for a source id that is no UUID (Sigma's related ids must be), but derive the id", () => {
    const id = '7eb54028-ca72-4eb7-8185-b6864572347db';
    const written = forPlatform(rule(id), 'sigma').meta;
    expect(written.related).toEqual([]);
    expect(written.id).toBe(derivedRuleId(id, 'sigma'));
    expect(forPlatform(rule(id), 'sentinel').meta.related).toEqual([{ id, type: 'derived' }]);
  });
});

describe('ATT&CK table', () => {
  it('names techniques and sub-techniques and files them under tactics', () => {
    expect(technique('T1021.003')).toEqual({
      id: 'T1021.003',
      name: 'Distributed Component Object Model',
      tactics: ['lateral-movement'],
      status: 'active',
    });
    expect(technique('t1059.001').name).toBe('PowerShell');
    expect(technique('T1021').name).toBe('Remote Services');
  });

  it('follows revocations to an active id, and knows the v19 ids of the v18 → v19 map', () => {
    const old = technique('T1073');
    expect(old.status).toBe('retired');
    expect(old.replacement).toBe('T1574.001');
    expect(technique(old.replacement as string).status).toBe('active');
    expect(technique('T1685')).toMatchObject({
      status: 'v19',
      name: 'Disable or Modify Tools',
      tactics: ['defense-impairment'],
    });
    expect(v19Id('T1562.001')).toBe('T1685');
    expect(v19Id('T1021')).toBe('T1021');
    expect(technique('T9999').status).toBe('unknown');
  });

  it('speaks every tactic spelling: Sigma tags, Elastic names (v18 and v19), Sentinel PascalCase', () => {
    expect(tacticByShortname('lateral_movement')?.id).toBe('TA0008');
    expect(tacticFromElastic('TA0005', 'Defense Evasion')?.shortname).toBe('defense-evasion');
    expect(tacticFromElastic('TA0005', 'Stealth')?.shortname).toBe('stealth');
    expect(tacticFromElastic('TA0011', undefined)?.shortname).toBe('command-and-control');
    expect(
      ['stealth', 'defense-impairment', 'defense-evasion', 'command-and-control', 'initial-access'].map(
        sentinelTactic,
      ),
    ).toEqual(['DefenseEvasion', 'DefenseEvasion', 'DefenseEvasion', 'CommandAndControl', 'InitialAccess']);
    expect(['CommandAndControl', 'DefenseEvasion', 'ImpairProcessControl'].map(tacticFromSentinel)).toEqual([
      'command-and-control',
      'defense-evasion',
      'impair-process-control',
    ]);
  });

  it('pairs techniques with tactics for threat[], adding the tactic a lone technique belongs to', () => {
    const ctx = makeContext();
    const threat = writeThreat({ tactics: ['stealth'], techniques: ['T1218.014', 'T1059.001'] }, ctx);
    expect(
      threat?.map((t) => [
        t.tactic.id,
        t.tactic.name,
        t.technique?.map((x) => [x.id, x.subtechnique?.map((s) => s.id)]),
      ]),
    ).toEqual([
      ['TA0005', 'Defense Evasion', [['T1218', ['T1218.014']]]],
      ['TA0002', 'Execution', [['T1059', ['T1059.001']]]],
    ]);
    expect(ctx.diagnostics.map((d) => d.code)).toEqual([
      'documents/attack-tactic-added',
      'documents/attack-v19-tactic',
    ]);
  });
});

describe('format detection', () => {
  it('tells the formats apart by name and content', () => {
    expect(detectDocumentFormat('a.toml', '')).toBe('toml');
    expect(detectDocumentFormat(undefined, '[metadata]\nmaturity = "production"\n[rule]\nname = "x"\n')).toBe(
      'toml',
    );
    expect(detectDocumentFormat('a.ndjson', '{"rule_id":"x","name":"y"}\n')).toBe('ndjson');
    expect(detectDocumentFormat('export.json', '{"rule_id":"x","type":"eql","risk_score":1}')).toBe('ndjson');
    expect(
      detectDocumentFormat(
        't.json',
        '{\n "$schema": "x",\n "resources": [ { "type": "Microsoft.OperationalInsights/workspaces/providers/alertRules" } ]\n}',
      ),
    ).toBe('arm');
    expect(detectDocumentFormat('r.yaml', 'id: x\nname: y\nkind: Scheduled\nquery: |\n  T\n')).toBe(
      'sentinel-yaml',
    );
    expect(
      detectDocumentFormat(
        'r.yml',
        'title: x\nlogsource:\n  product: windows\ndetection:\n  s: {a: 1}\n  condition: s\n',
      ),
    ).toBe('sigma');
    expect(detectDocumentFormat('r.txt', 'hello')).toBeUndefined();
    expect(documentFileName('Incoming DCOM Lateral Movement with MMC', 'toml')).toBe(
      'incoming_dcom_lateral_movement_with_mmc.toml',
    );
    expect(documentFileName('Über-Rule: *', 'sentinel-yaml')).toBe('uber_rule.yaml');
    expect(documentFileName('***', 'arm')).toBe('rule.json');
  });
});

describe('reading never stops a batch', () => {
  it('reports a broken file and reads the next', () => {
    const good =
      '[metadata]\nmaturity = "production"\n[rule]\nname = "ok"\nauthor = ["a"]\ndescription = "d"\nrule_id = "0f2a3c4d-1111-4222-8333-444455556666"\nrisk_score = 47\nseverity = "medium"\ntype = "query"\nlanguage = "kuery"\nquery = "process.name: x"\n';
    const files = readDocuments([
      { text: '[rule\nname = ', file: 'bad.toml' },
      { text: good, file: 'good.toml' },
      { text: 'whatever', file: 'x.bin' },
    ]);
    expect(files[0]?.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'documents/bad-toml',
      file: 'bad.toml',
      line: 1,
    });
    expect(files[1]?.rules[0]?.rule?.meta.title).toBe('ok');
    expect(files[1]?.rules[0]?.rule?.query).toEqual({
      kind: 'opaque',
      language: 'kuery',
      text: 'process.name: x',
    });
    expect(files[2]?.diagnostics[0]?.code).toBe('documents/unknown-format');
  });

  it('keeps a query its dialect rejects verbatim, with a warning placed at the line of the file', () => {
    const text =
      '[rule]\nname = "broken"\nauthor = ["a"]\ndescription = "d"\nseverity = "low"\nrisk_score = 21\ntype = "eql"\nlanguage = "eql"\nquery = \'\'\'\nprocess where (((\n\'\'\'\n';
    const [file] = readDocuments([{ text, file: 'broken.toml' }]);
    const parsed = file?.rules[0];
    expect(parsed?.rule?.query).toEqual({ kind: 'opaque', language: 'eql', text: 'process where (((\n' });
    expect(parsed?.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
    expect(parsed?.diagnostics.some((d) => d.code === 'documents/query-kept-verbatim')).toBe(true);
    const syntax = parsed?.diagnostics.find((d) => d.code.startsWith('eql/'));
    expect(syntax?.line).toBeGreaterThanOrEqual(10);
    const again = writeDocument(parsed?.rule as Rule, 'toml');
    expect((parseToml(again.text) as { rule: { query: string } }).rule.query).toBe('process where (((\n');
    const elsewhere = writeDocument(parsed?.rule as Rule, 'sentinel-yaml');
    expect(elsewhere.text).toBe('');
    expect(elsewhere.diagnostics.find((d) => d.severity === 'error')?.code).toBe('documents/opaque-query');
  });
});

describe('edits to the IR win over the kept original', () => {
  it('rewrites exactly the fields that changed', () => {
    const text = readFileSync(
      new URL('../../rules/originals/elastic_lateral_movement_dcom_mmc20.toml', import.meta.url),
      'utf8',
    );
    const rule = readDocuments([{ text, file: 'dcom.toml' }])[0]?.rules[0]?.rule as Rule;
    const edited: Rule = {
      ...rule,
      meta: {
        ...rule.meta,
        severity: 'critical',
        riskScore: undefined,
        title: 'Renamed',
        attack: { tactics: ['lateral-movement'], techniques: ['T1021.003'] },
      },
    };
    const before = parseToml(text) as { rule: Record<string, unknown>; metadata: unknown };
    const after = parseToml(writeDocument(edited, 'toml').text) as {
      rule: Record<string, unknown>;
      metadata: unknown;
    };
    expect([after.rule.severity, after.rule.risk_score, after.rule.name]).toEqual([
      'critical',
      99,
      'Renamed',
    ]);
    expect((after.rule.threat as unknown[]).length).toBe(1);
    for (const key of ['query', 'note', 'setup', 'index', 'tags', 'investigation_fields', 'from'])
      expect(after.rule[key]).toEqual(before.rule[key]);
    expect(after.metadata).toEqual(before.metadata);
  });
});

describe('templates', () => {
  it('writes with a user template, the helpers doing the escaping', () => {
    const text = readFileSync(
      new URL('../../rules/originals/sentinel_LateralMovementViaDCOM.yaml', import.meta.url),
      'utf8',
    );
    const rule = readDocuments([{ text, file: 'dcom.yaml' }])[0]?.rules[0]?.rule as Rule;
    const template = '# {{meta.title}} ({{meta.attack.techniques.[0]}})\n{{toml "rule" doc.rule}}';
    const out = writeDocument(rule, 'toml', { template });
    expect(out.text.split('\n')[0]).toBe('# Lateral Movement via DCOM (T1021.003)');
    const doc = parseToml(out.text) as { rule: Record<string, unknown>; metadata?: unknown };
    expect(doc.rule.name).toBe('Lateral Movement via DCOM');
    expect(doc.metadata).toBeUndefined();
  });
});

describe.skipIf(!hasShared)('Kibana export NDJSON', () => {
  it('reads the rule line, skips the export summary, and writes the rule back unchanged', () => {
    const text = readFileSync(
      sharedPath('reference', 'examples', 'kibana_export_eql_rule_and_summary.ndjson'),
      'utf8',
    );
    const [file] = readDocuments([{ text, file: 'export.ndjson' }]);
    expect(file?.rules).toHaveLength(1);
    const rule = file?.rules[0]?.rule as Rule;
    expect(rule.query.kind).not.toBe('opaque');
    const line = text.split('\n')[0] as string;
    expect(JSON.parse(writeDocument(rule, 'ndjson').text)).toEqual(JSON.parse(line));
  });
});
