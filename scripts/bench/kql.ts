/**
 * Throughput of the KQL front end and back end over the Sentinel corpus (shared/corpus/sentinel/rules.jsonl),
 * and, side by side in the same run on the same queries, Microsoft's parser `Kusto.Language.KustoCode.Parse`
 * (npm @kusto/language-service-next, a devDependency: the bench needs it, the product does not).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../../src/ir/types.js';
import { parseQuery, printKql, readKqlQuery } from '../../src/dialects/kql/index.js';
import { kustoLanguage } from '../../test/kql/kusto.js';
import { measure, type BenchRow } from './measure.js';

/** Kusto.Language is slow enough that the shared two-second measure would take minutes: one warm-up, three rounds. */
function measureFew(name: string, rules: number, pass: () => void): BenchRow {
  pass();
  const rounds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    pass();
    rounds.push((performance.now() - t0) / 1000);
  }
  const seconds = Math.min(...rounds);
  return { name, rules, seconds, rulesPerSecond: Math.round(rules / seconds) };
}

export async function benchKql(sharedDir: string): Promise<BenchRow[]> {
  const queries = readFileSync(join(sharedDir, 'corpus', 'sentinel', 'rules.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { query: string }).query);
  const rules: Rule[] = queries.flatMap((query, i) => readKqlQuery(query, { title: `rule ${i}` }).rule ?? []);
  const chars = queries.reduce((sum, q) => sum + q.length, 0);

  const parse = measure('kql: parse (query → syntax tree)', queries.length, () => {
    for (const query of queries) {
      try {
        parseQuery(query);
      } catch {
        // the corpus has one query with a syntax error; it costs the same to reject
      }
    }
  });
  parse.extra = { 'MB/s': Math.round((chars / parse.seconds / 1e6) * 100) / 100 };
  const read = measure('kql: read (query → IR, or error)', queries.length, () => {
    for (const query of queries) readKqlQuery(query, { title: 'bench' });
  });
  const print = measure('kql: print (IR → query)', rules.length, () => {
    for (const rule of rules) printKql(rule);
  });

  const kusto = kustoLanguage();
  const reference = measureFew('Kusto.Language KustoCode.Parse (same queries)', queries.length, () => {
    for (const query of queries) kusto.KustoCode.Parse(query);
  });
  const ratio = Math.round((reference.seconds / parse.seconds) * 10) / 10;
  parse.extra['× KustoCode.Parse'] = ratio;
  parse.extra['target ×'] = 20;
  return [parse, read, print, reference];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sharedDir = process.argv[2] ?? join(process.cwd(), '..', 'shared');
  for (const r of await benchKql(sharedDir)) {
    const extra = r.extra
      ? '  ' +
        Object.entries(r.extra)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')
      : '';
    console.log(
      `${r.name}: ${r.rules} rules, ${r.seconds.toFixed(3)} s per pass, ${r.rulesPerSecond} rules/s${extra}`,
    );
  }
}
