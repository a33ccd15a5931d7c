/**
 * What `npm run rules` writes under rules/, shared with the test that fails when the checked-in files are stale.
 * Each job converts some of the DCOM inputs to one dialect with the same code path as the CLI.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import jsYaml from 'js-yaml';
import { run } from '../src/cli/main.js';

export interface RulesJob {
  /** Inputs below rules/ */
  inputs: string[];
  to: string;
  /** More options of `rulestone convert` */
  args?: string[];
  /** Output folder below the output root */
  out: string;
}

export const ORIGINALS = 'originals';
export const QUERIES = 'queries';

const SIGMAHQ = 'sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml';
const MDECREVOISIER = 'mdecrevoisier_win-os-DCOM_lateral_movement_via_MMC_PowerShell.yaml';
const ELASTIC = [
  'elastic_lateral_movement_dcom_mmc20.toml',
  'elastic_lateral_movement_dcom_shellwindow_shellbrowserwindow.toml',
];
const SENTINEL = 'sentinel_LateralMovementViaDCOM.yaml';
const originals = (...names: string[]): string[] => names.map((n) => join(ORIGINALS, n));

/**
 * Each original to every platform. KQL output uses the Defender XDR tables by default (the Sysmon Event table
 * where Defender records nothing); the SigmaHQ rule is also written for the Sysmon and SecurityEvent profiles.
 */
export const JOBS: RulesJob[] = [
  { inputs: originals(SIGMAHQ, MDECREVOISIER, ...ELASTIC, SENTINEL), to: 'sigma', out: 'sigma' },
  { inputs: originals(SIGMAHQ, MDECREVOISIER, ...ELASTIC, SENTINEL), to: 'eql', out: 'eql' },
  {
    inputs: originals(SIGMAHQ, MDECREVOISIER, ...ELASTIC, SENTINEL),
    to: 'eql',
    args: ['--format', 'toml'],
    out: 'elastic',
  },
  { inputs: originals(SIGMAHQ), to: 'kql', args: ['--profile', 'sentinel-sysmon'], out: 'kql/sysmon' },
  {
    inputs: originals(SIGMAHQ),
    to: 'kql',
    args: ['--profile', 'sentinel-securityevent'],
    out: 'kql/securityevent',
  },
  { inputs: originals(SIGMAHQ, MDECREVOISIER, ...ELASTIC, SENTINEL), to: 'kql', out: 'kql' },
  {
    inputs: originals(SIGMAHQ, MDECREVOISIER, ...ELASTIC, SENTINEL),
    to: 'kql',
    args: ['--format', 'yaml'],
    out: 'sentinel',
  },
];

/** The bare query of each Elastic TOML and Sentinel YAML original, as .eql / .kql files. */
export function extractQueries(rulesDir: string, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const name of readdirSync(join(rulesDir, ORIGINALS)).sort()) {
    const path = join(rulesDir, ORIGINALS, name);
    const stem = basename(name, extname(name));
    if (name.endsWith('.toml')) {
      const doc = parseToml(readFileSync(path, 'utf8')) as { rule?: { query?: string; language?: string } };
      if (doc.rule?.language !== 'eql' || !doc.rule.query) continue;
      written.push(join(outDir, `${stem}.eql`));
      writeFileSync(join(outDir, `${stem}.eql`), doc.rule.query.trim() + '\n');
    } else if (name.startsWith('sentinel_')) {
      const doc = jsYaml.load(readFileSync(path, 'utf8')) as { query?: string };
      if (!doc.query) continue;
      written.push(join(outDir, `${stem}.kql`));
      writeFileSync(join(outDir, `${stem}.kql`), doc.query.trim() + '\n');
    }
  }
  return written;
}

/** Runs every job; returns the exit status of the first that failed, else 0. */
export function generateRules(
  rulesDir: string,
  outRoot: string,
  log: (line: string) => void = () => {},
): number {
  extractQueries(rulesDir, join(outRoot, QUERIES));
  let status = 0;
  for (const job of JOBS) {
    const inputs = job.inputs.map((i) => (i.startsWith(QUERIES) ? join(outRoot, i) : join(rulesDir, i)));
    const code = run(
      ['convert', ...inputs, '--to', job.to, ...(job.args ?? []), '--out', join(outRoot, job.out)],
      {
        out: () => {},
        err: log,
      },
    );
    if (code !== 0 && status === 0) status = code;
  }
  return status;
}
