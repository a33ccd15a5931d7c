import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { FoundFile } from './inputs.js';

/** File endings by target dialect (bare queries) and by rule-document format. */
export const OUTPUT_EXTENSIONS: Record<string, string> = {
  sigma: '.yml',
  eql: '.eql',
  kql: '.kql',
  toml: '.toml',
  ndjson: '.ndjson',
  'sentinel-yaml': '.yaml',
  arm: '.json',
};

function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'rule'
  );
}

/**
 * Where a rule's output goes under `--out`: the input's place in its tree, mirrored, with the target's file
 * ending. A file that held several rules becomes a folder of that name with one file per rule.
 */
export function outputPath(
  outDir: string,
  found: FoundFile,
  target: string,
  rule: { index: number; count: number; name?: string },
): string {
  const rel = found.relative === '' ? basename(found.path) : found.relative;
  const stem = rel.slice(0, rel.length - extname(rel).length);
  const ext = OUTPUT_EXTENSIONS[target] ?? `.${target}`;
  if (rule.count <= 1) return join(outDir, stem + ext);
  const name = rule.name
    ? `${String(rule.index + 1).padStart(3, '0')}_${slug(rule.name)}`
    : String(rule.index + 1).padStart(3, '0');
  return join(outDir, stem, name + ext);
}

/**
 * Writes a file atomically: the text goes to a temporary file beside it, then replaces the target in one
 * rename, so a crash never leaves half a rule behind. Refuses to write over any input of the run.
 */
export function writeAtomic(path: string, text: string, inputs: Set<string>): void {
  const target = resolve(path);
  if (inputs.has(target)) throw new Error(`refusing to write over the input file ${path}`);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
