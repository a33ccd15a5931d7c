/**
 * Throughput of the EQL front end (query text → IR rule) and back end (IR rule → query text) over the
 * Elastic EQL corpus (shared/corpus/elastic/eql-rules.jsonl), timed with the shared `measure` (warm-up
 * passes, then rounds for about two seconds, keeping the fastest).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../../src/ir/types.js';
import { printEql, readEqlQuery } from '../../src/dialects/eql/index.js';
import { measure, type BenchRow } from './measure.js';

export async function benchEql(sharedDir: string): Promise<BenchRow[]> {
  const text = readFileSync(join(sharedDir, 'corpus', 'elastic', 'eql-rules.jsonl'), 'utf8');
  const queries = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { query: string }).query);
  const rules: Rule[] = queries.map((query, i) => {
    const parsed = readEqlQuery(query, { title: `rule ${i}` });
    if (!parsed.rule) throw new Error(`corpus query ${i} does not parse: ${parsed.diagnostics[0]?.message}`);
    return parsed.rule;
  });
  const chars = queries.reduce((sum, q) => sum + q.length, 0);
  const parse = measure('eql: parse (query → IR)', queries.length, () => {
    for (const query of queries) readEqlQuery(query, { title: 'bench' });
  });
  parse.extra = { 'MB/s': Math.round((chars / parse.seconds / 1e6) * 100) / 100, 'target rules/s': 6400 };
  const print = measure('eql: print (IR → query)', rules.length, () => {
    for (const rule of rules) printEql(rule);
  });
  const convert = measure('eql: round trip (parse + print)', queries.length, () => {
    for (const query of queries) printEql(readEqlQuery(query, { title: 'bench' }).rule as Rule);
  });
  return [parse, print, convert];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sharedDir = process.argv[2] ?? join(process.cwd(), '..', 'shared');
  for (const r of await benchEql(sharedDir)) {
    console.log(
      `${r.name}: ${r.rules} rules, ${r.seconds.toFixed(3)} s per pass, ${r.rulesPerSecond} rules/s`,
    );
  }
}
