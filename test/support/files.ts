import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` whose name matches, sorted, for corpus tests. */
export function walkFiles(dir: string, match: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (match.test(name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
