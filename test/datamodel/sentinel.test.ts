import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { hasShared, projectRoot } from '../support/shared.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

const mmc20 = mustParse(
  readFileSync(
    join(projectRoot, 'rules/originals/sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml'),
    'utf8',
  ),
);

function kqlRule(path: string): Rule {
  const [file] = kqlDialect.parse([{ text: readFileSync(join(projectRoot, path), 'utf8'), file: path }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file));
  return rule;
}

const model = (id: string) => {
  const m = DATA_MODELS[id];
  if (!m) throw new Error(`no model ${id}`);
  return m;
};

describe('data-model mapping: Sigma ⇄ Sentinel tables', () => {
  const expected: Record<string, string> = {
    'sentinel-mde':
      'DeviceProcessEvents\n| where InitiatingProcessFolderPath endswith @"\\svchost.exe"\n    and FolderPath endswith @"\\mmc.exe"\n    and ProcessCommandLine contains "-Embedding"\n',
    'sentinel-securityevent':
      'SecurityEvent\n| where EventID == 4688\n    and ParentProcessName endswith @"\\svchost.exe"\n    and NewProcessName endswith @"\\mmc.exe"\n    and CommandLine contains "-Embedding"\n',
    'sentinel-sysmon':
      'Event\n| where EventLog == "Microsoft-Windows-Sysmon/Operational"\n    and EventID == 1\n| parse EventData with * \'Image">\' Image "<" * \'CommandLine">\' CommandLine "<" * \'ParentImage">\' ParentImage "<" *\n| where ParentImage endswith @"\\svchost.exe"\n    and Image endswith @"\\mmc.exe"\n    and CommandLine contains "-Embedding"\n',
  };

  it.each(Object.keys(expected))('the SigmaHQ MMC20 rule as %s', (id) => {
    const { rule, diagnostics } = mapRule(mmc20, null, model(id), { unmapped: 'error' });
    expect(diagnostics).toEqual([]);
    expect(kqlDialect.print(rule).text).toBe(expected[id]);
  });

  it.skipIf(!hasShared).each(Object.keys(expected))(
    '%s output passes Kusto.Language with the Sentinel schema',
    (id) => {
      const text = kqlDialect.print(mapRule(mmc20, null, model(id), { unmapped: 'error' }).rule).text;
      const problems = kustoDiagnostics(text);
      expect(problems, describeKusto(problems)).toEqual([]);
    },
  );

  it('reads the Sentinel DCOM rule (Event table, Sysmon fields parsed from EventData) as Sigma process creation', () => {
    const { rule } = mapRule(
      kqlRule('rules/queries/sentinel_LateralMovementViaDCOM.kql'),
      model('sentinel-sysmon'),
      null,
      { unmapped: 'error' },
    );
    const query = rule.query as SearchQuery;
    expect(query.source).toMatchObject({ model: 'sigma', category: 'process_creation', product: 'windows' });
    expect(query.filter).toMatchObject({
      kind: 'and',
      items: [
        {
          field: 'ParentCommandLine',
          op: 'eq',
          cased: true,
          values: [{ pattern: ['C:\\Windows\\System32\\svchost.exe -k DcomLaunch'] }],
        },
        {
          field: 'CommandLine',
          op: 'eq',
          cased: true,
          values: [{ pattern: ['C:\\Windows\\System32\\mmc.exe -Embedding'] }],
        },
      ],
    });
  });

  it('and through the hub as an EQL process query with case-sensitive equality', () => {
    const hub = mapRule(
      kqlRule('rules/queries/sentinel_LateralMovementViaDCOM.kql'),
      model('sentinel-sysmon'),
      null,
      { unmapped: 'error' },
    ).rule;
    const ecs = mapRule(hub, null, model('ecs'), { unmapped: 'error' }).rule;
    expect(eqlDialect.print({ ...ecs, output: [] }).text).toBe(
      'process where host.os.type == "windows" and event.type == "start" and\n' +
        '  process.parent.command_line == "C:\\\\Windows\\\\System32\\\\svchost.exe -k DcomLaunch" and\n' +
        '  process.command_line == "C:\\\\Windows\\\\System32\\\\mmc.exe -Embedding"',
    );
  });
});
