import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateRules, JOBS, QUERIES } from '../../scripts/rules-plan.js';
import { projectRoot } from '../support/shared.js';
import { readText, walkFiles } from '../support/files.js';

/** The checked-in translations under rules/ are golden files: regenerating them must change nothing. */
describe('rules/ golden files', () => {
  const rulesDir = join(projectRoot, 'rules');
  const fresh = mkdtempSync(join(tmpdir(), 'rulestone-rules-'));
  const status = generateRules(rulesDir, fresh);
  const folders = [QUERIES, ...new Set(JOBS.map((j) => j.out))];

  it('regenerate without errors', () => {
    expect(status).toBe(0);
  });

  it.each(folders)('rules/%s is up to date (run `npm run rules` after a change, and review the diff)', (folder) => {
    const generated = walkFiles(join(fresh, folder), /./).map((f) => relative(fresh, f));
    const checkedIn = walkFiles(join(rulesDir, folder), /\.(yml|yaml|eql|kql|toml|ndjson|json)$/).map((f) => relative(rulesDir, f));
    expect(checkedIn.sort()).toEqual(generated.sort());
    for (const file of generated) expect(readText(join(rulesDir, file)), file).toBe(readText(join(fresh, file)));
  });

  it('the Sigma translation of the SigmaHQ MMC20 rule is the rule itself, in canonical layout', () => {
    const text = readText(join(rulesDir, 'sigma', 'sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml'));
    expect(text).toContain("        ParentImage|endswith: '\\svchost.exe'\n        Image|endswith: '\\mmc.exe'\n        CommandLine|contains: '-Embedding'\n    condition: selection\n");
  });

  it('cleans up', () => {
    rmSync(fresh, { recursive: true, force: true });
  });
});
