/**
 * An entry's caveat says how its events differ from the hub log source's. A scope difference reverses with the
 * direction a rule takes through the entry: written into a table of every platform's processes, a Linux rule
 * also reads the others (broader); a query of that table read as a Linux rule loses them (narrower).
 */
import { oneEntryModel } from '../support/user-model.js';
import { describe, expect, it } from 'vitest';
import { checkDataModel, mapRule } from '../../src/datamodel/index.js';
import type { CategoryModel, DataModel } from '../../src/datamodel/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import type { Rule } from '../../src/ir/types.js';
import type { Diagnostic } from '../../src/report/diagnostics.js';
import { mustParse } from '../support/sigma.js';

function modelWith(caveat: CategoryModel['caveat']): DataModel {
  return {
    id: 'test-kql',
    title: 'test',
    dialect: 'kql',
    categories: [
      {
        logsource: { category: 'process_creation', product: 'linux' },
        source: { table: 'DeviceProcessEvents', where: [] },
        caveat,
        fields: { Image: 'FolderPath' },
      },
    ],
  };
}

const EVERY_PLATFORM = { fidelity: 'broader' as const, message: 'every platform' };

const SIGMA = mustParse(`title: Shell
logsource:
  product: linux
  category: process_creation
detection:
  selection:
    Image|endswith: '/bash'
  condition: selection
`);

function kqlRule(text: string): Rule {
  const [file] = kqlDialect.parse([{ text, file: 'test.kql' }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file));
  return rule;
}

const caveats = (diagnostics: Diagnostic[]) =>
  diagnostics
    .filter((d) => d.code.endsWith('-source'))
    .map((d) => ({ code: d.code, fidelity: d.fidelity, message: d.message }));

describe('caveats by direction', () => {
  it('says a written rule is broader and a read query narrower for a scope the model holds more of', () => {
    const model = modelWith(EVERY_PLATFORM);
    const written = mapRule(SIGMA, null, model, { unmapped: 'error' });
    expect(caveats(written.diagnostics)).toEqual([
      {
        code: 'mapping/broader-source',
        fidelity: 'broader',
        message: 'test-kql, linux/process_creation: every platform',
      },
    ]);
    const read = mapRule(kqlRule('DeviceProcessEvents\n| where FolderPath endswith "/bash"'), model, null, {
      unmapped: 'error',
    });
    expect(caveats(read.diagnostics)).toEqual([
      {
        code: 'mapping/narrower-source',
        fidelity: 'narrower',
        message: 'test-kql, linux/process_creation read as sigma: every platform',
      },
    ]);
  });

  it('keeps a stated read fidelity (a spelling that differs whichever way the rule goes)', () => {
    const model = modelWith({ fidelity: 'narrower', read: 'narrower', message: 'hives spelled in full' });
    const read = mapRule(kqlRule('DeviceProcessEvents\n| where FolderPath endswith "/bash"'), model, null, {
      unmapped: 'error',
    });
    expect(caveats(read.diagnostics).map((c) => c.fidelity)).toEqual(['narrower']);
  });

  it('accepts `read` in a user model and refuses other words', () => {
    const entry = (caveat: unknown) => oneEntryModel({ caveat });
    expect(checkDataModel(entry({ ...EVERY_PLATFORM, read: 'broader' })).problems).toEqual([]);
    expect(checkDataModel(entry({ ...EVERY_PLATFORM, read: 'exact' })).problems).not.toEqual([]);
  });
});
