import jsYaml from 'js-yaml';
import { join } from 'node:path';
import { parseSigma, printSigma } from '../../src/dialects/sigma/index.js';
import type { Rule } from '../../src/ir/types.js';
import { readText, walkFiles } from '../../test/support/files.js';
import { measure, type BenchRow } from './measure.js';

/**
 * Sigma over the SigmaHQ corpus: js-yaml loading alone (the floor: every converter must at least load the
 * YAML), our parse (YAML + IR), our print, and a whole conversion (parse + print), all on texts already in
 * memory so that disk speed does not count.
 */
/**
 * Reads a character of each printed text, as writing it out would: V8 may hold a string built by
 * concatenation as a tree of pieces and only join them when the text is read, and that cost belongs to
 * the conversion.
 */
let sink = 0;
function consume(text: string | undefined): void {
  if (text !== undefined) sink ^= text.charCodeAt(text.length >> 1);
}

export async function benchSigma(sharedDir: string): Promise<BenchRow[]> {
  const files = walkFiles(join(sharedDir, 'corpus', 'sigma'), /\.ya?ml$/);
  const inputs = files.map((file) => ({ file, text: readText(file) }));
  const rules = parseSigma(inputs).flatMap((f) =>
    f.rules.map((r) => r.rule).filter((r): r is Rule => r !== undefined),
  );
  const n = rules.length;
  const yaml = measure('sigma: js-yaml load only (floor)', n, () => {
    for (const { text } of inputs) jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  });
  const parse = measure('sigma: parse (YAML → IR)', n, () => {
    parseSigma(inputs);
  });
  const print = measure('sigma: print (IR → YAML)', n, () => {
    for (const rule of rules) consume(printSigma(rule).text);
  });
  const convert = measure('sigma: convert (parse + print)', n, () => {
    for (const f of parseSigma(inputs)) for (const r of f.rules) if (r.rule) consume(printSigma(r.rule).text);
  });
  convert.extra = { 'time / js-yaml time': Number((convert.seconds / yaml.seconds).toFixed(3)) };
  if (sink === -1) console.error('unreachable');
  return [yaml, parse, print, convert];
}
