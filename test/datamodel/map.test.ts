import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapRule, DATA_MODELS } from '../../src/datamodel/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { sameExpr } from '../../src/ir/normalize.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse, ruleText } from '../support/sigma.js';
import { projectRoot } from '../support/shared.js';

const ecs = DATA_MODELS.ecs;
if (!ecs) throw new Error('the ECS model is missing');

function eqlRule(path: string): Rule {
  const [file] = eqlDialect.parse([{ text: readFileSync(join(projectRoot, path), 'utf8'), file: path }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file));
  return rule;
}

const mmc20 = mustParse(
  readFileSync(
    join(projectRoot, 'rules/originals/sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml'),
    'utf8',
  ),
);

describe('data-model mapping: Sigma ⇄ ECS', () => {
  it('maps the SigmaHQ MMC20 rule to ECS process start events on Windows', () => {
    const { rule, diagnostics } = mapRule(mmc20, null, ecs, { unmapped: 'error' });
    expect(diagnostics).toEqual([]);
    expect(eqlDialect.print(rule).text).toBe(
      'process where host.os.type == "windows" and event.type == "start" and\n' +
        '  process.parent.executable : "*\\\\svchost.exe" and process.executable : "*\\\\mmc.exe" and\n' +
        '  process.command_line : "*-Embedding*"',
    );
  });

  it('maps it back to the same Sigma rule', () => {
    const there = mapRule(mmc20, null, ecs, { unmapped: 'error' }).rule;
    const back = mapRule(there, ecs, null, { unmapped: 'error' }).rule;
    const before = mmc20.query as SearchQuery;
    const after = back.query as SearchQuery;
    expect(sameExpr(before.filter, after.filter)).toBe(true);
    expect(after.source).toMatchObject({ model: 'sigma', category: 'process_creation', product: 'windows' });
  });

  it('turns the Elastic MMC20 sequence into Sigma fields, with the host and process keys', () => {
    const { rule, diagnostics } = mapRule(
      eqlRule('rules/queries/elastic_lateral_movement_dcom_mmc20.eql'),
      ecs,
      null,
      { unmapped: 'error' },
    );
    if (rule.query.kind !== 'sequence') throw new Error('not a sequence');
    expect(rule.query.keys).toEqual([
      { fields: ['Computer', 'Computer'] },
      { alias: 'ProcessGuid', fields: ['ProcessGuid', 'ParentProcessGuid'] },
    ]);
    const [network, child] = rule.query.steps.map((s) => s.query as SearchQuery);
    expect(network?.source).toMatchObject({
      model: 'sigma',
      category: 'network_connection',
      product: 'windows',
    });
    expect(child?.source).toMatchObject({ category: 'process_creation' });
    const fields = JSON.stringify(network?.filter);
    for (const f of [
      '"Image"',
      '"SourcePort"',
      '"DestinationPort"',
      '"SourceIp"',
      '"Initiated"',
      '"Protocol"',
    ])
      expect(fields).toContain(f);
    expect(fields).not.toContain('host.os.type');
    expect(fields).not.toContain('event.type');
    // ("incoming", "ingress") is read as Initiated 'false', which also covers the spelling "inbound".
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/value-family', fidelity: 'broader' }),
    );
  });

  it('reads process.name as the end of Image, exactly for plain names', () => {
    const rule = eqlRule('rules/queries/elastic_lateral_movement_dcom_shellwindow_shellbrowserwindow.eql');
    const mapped = mapRule(rule, ecs, null, { unmapped: 'error' }).rule;
    if (mapped.query.kind !== 'sequence') throw new Error('not a sequence');
    const child = mapped.query.steps[1]?.query as SearchQuery;
    expect(child.filter).toMatchObject({
      kind: 'predicate',
      field: 'ParentImage',
      op: 'endswith',
      values: [{ type: 'string', pattern: ['\\explorer.exe'] }],
    });
  });

  it('refuses what has no mapping, naming the field, rule and model, unless asked to keep it', () => {
    const odd = mustParse(ruleText(`sel:\n    Frobnication: x\ncondition: sel`));
    expect(() => mapRule(odd, null, ecs, { unmapped: 'error' })).toThrow(/Frobnication.*test rule.*ecs/);
    const kept = mapRule(odd, null, ecs, { unmapped: 'keep' });
    expect(kept.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/unmapped-field', severity: 'warning' }),
    );
    const canary = mustParse(
      ruleText(`sel:\n    logtype: 1001\ncondition: sel`)
        .replace('product: windows', 'product: opencanary')
        .replace('category: process_creation', 'category: application'),
    );
    expect(() => mapRule(canary, null, ecs, { unmapped: 'error' })).toThrow(
      /no mapping for opencanary\/application/,
    );
    const netText = ruleText(`sel:\n    Initiated: 'maybe'\ncondition: sel`).replace(
      'process_creation',
      'network_connection',
    );
    expect(() => mapRule(mustParse(netText), null, ecs, { unmapped: 'error' })).toThrow(/'maybe'|"maybe"/);
  });

  it('says so when an ECS query reads more than one Sigma log source (no event.type)', () => {
    const [file] = eqlDialect.parse([
      { text: 'process where host.os.type == "windows" and process.name : "mmc.exe"', file: 'x.eql' },
    ]);
    const { diagnostics } = mapRule(file?.rules[0]?.rule as Rule, ecs, null, { unmapped: 'error' });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/narrower-source', fidelity: 'narrower' }),
    );
  });
});

describe('data-model files', () => {
  it('every shipped model matches the data-model schema', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { DATA_MODEL_SCHEMA } = await import('../../src/datamodel/schema.js');
    const validate = new Ajv2020({ strict: false }).compile(DATA_MODEL_SCHEMA);
    for (const model of Object.values(DATA_MODELS))
      expect(validate(model), JSON.stringify(validate.errors)).toBe(true);
    expect(
      validate({
        id: 'x',
        title: 'x',
        dialect: 'eql',
        categories: [{ logsource: {}, source: {}, fields: {} }],
      }),
    ).toBe(false);
  });
});

describe('data-model mapping: the fields a rule shows', () => {
  it('are renamed with the rule, once each; unknown ones stay as written', () => {
    const rule = mustParse(
      ruleText(
        `sel:\n    Image: x\ncondition: sel`,
        'fields:\n    - CommandLine\n    - Image\n    - SomethingElse\n',
      ),
    );
    const mapped = mapRule(rule, null, ecs, { unmapped: 'error' }).rule;
    expect(mapped.meta.output?.fields).toEqual([
      'process.command_line',
      'process.executable',
      'SomethingElse',
    ]);
    const back = mapRule(mapped, ecs, null, { unmapped: 'error' }).rule;
    expect(back.meta.output?.fields).toEqual(['CommandLine', 'Image', 'SomethingElse']);
  });
});
