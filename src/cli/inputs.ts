import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { DIALECTS } from '../dialects/registry.js';
import { looksLikeIrJson } from '../pipeline/ir-json.js';
import { DOCUMENTS } from '../pipeline/batch.js';
import { detectDocumentFormat } from '../documents/index.js';
import type { InputText } from '../pipeline/batch.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** An input file found on disk: where it is, and the root it was found under (for mirrored output trees). */
export interface FoundFile {
  path: string;
  root: string;
  /** Path below the root ('' for a file named directly). */
  relative: string;
}

const RULE_EXTENSIONS = new Set([
  '.yml',
  '.yaml',
  '.eql',
  '.kql',
  '.kusto',
  '.csl',
  '.jsonl',
  '.json',
  '.toml',
  '.ndjson',
]);

/** Files named directly are always taken; folders are walked for rule-file endings, hidden entries skipped. */
export function findInputs(
  paths: string[],
  exclude: string[] = [],
): { files: FoundFile[]; errors: Diagnostic[] } {
  const files: FoundFile[] = [];
  const errors: Diagnostic[] = [];
  const excluded = exclude.map((e) => resolve(e));
  const walk = (dir: string, root: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(dir, name);
      if (excluded.some((e) => resolve(path) === e)) continue;
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path, root);
      else if (RULE_EXTENSIONS.has(extname(name).toLowerCase()))
        files.push({ path, root, relative: relative(root, path) });
    }
  };
  for (const p of paths) {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      errors.push({
        severity: 'error',
        code: 'input/missing',
        message: `no such file or folder: ${p}`,
        file: p,
      });
      continue;
    }
    if (stat.isDirectory()) walk(p, p);
    else files.push({ path: p, root: p, relative: '' });
  }
  return { files, errors };
}

/** The dialect of a file, by its ending and, where the ending is shared, by its content. */
export function detectDialect(path: string, text: string): { dialect?: string; problem?: string } {
  const ext = extname(path).toLowerCase();
  if (ext === '.json' && looksLikeIrJson(text)) return { dialect: 'ir' };
  // Whole rule documents (detection-rules TOML, Kibana NDJSON, Sentinel YAML, ARM); Sigma YAML is its dialect's.
  const document = detectDocumentFormat(path, text);
  if (document !== undefined && document !== 'sigma') return { dialect: DOCUMENTS };
  for (const module of Object.values(DIALECTS)) {
    if (
      module &&
      module.extensions.includes(ext) &&
      (ext !== '.yml' && ext !== '.yaml' ? true : module.sniff(text))
    ) {
      return { dialect: module.dialect };
    }
  }
  if (ext === '.yml' || ext === '.yaml') return { dialect: 'sigma' };
  for (const module of Object.values(DIALECTS)) if (module?.sniff(text)) return { dialect: module.dialect };
  return {
    problem: `no dialect or rule-document format reads '${ext || 'files without an ending'}' files with this content`,
  };
}

export interface LoadedInputs {
  inputs: (InputText & { found: FoundFile })[];
  errors: Diagnostic[];
}

export function loadInputs(files: FoundFile[], forced?: string): LoadedInputs {
  const inputs: LoadedInputs['inputs'] = [];
  const errors: Diagnostic[] = [];
  for (const found of files) {
    let text: string;
    try {
      text = readFileSync(found.path, 'utf8');
    } catch (error) {
      errors.push({
        severity: 'error',
        code: 'input/unreadable',
        message: `cannot read: ${(error as Error).message}`,
        file: found.path,
      });
      continue;
    }
    const detected = forced ? { dialect: forced } : detectDialect(found.path, text);
    if (!detected.dialect) {
      errors.push({
        severity: 'error',
        code: 'input/unsupported',
        message: detected.problem ?? 'unknown input',
        file: found.path,
      });
      continue;
    }
    inputs.push({ text, file: found.path, dialect: detected.dialect, found });
  }
  return { inputs, errors };
}
