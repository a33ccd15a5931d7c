/**
 * `npm run bench`: throughput of rulestone's front and back ends over the shared corpora. Not a test: figures
 * depend on the machine. Writes bench/results.md and bench/results.json; run it on an idle machine.
 */
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus } from 'node:os';
import type { BenchRow } from './bench/measure.js';

const sharedDir = process.env.RULESTONE_SHARED ?? resolve('..', 'shared');
if (!existsSync(resolve(sharedDir, 'corpus'))) {
  console.error(`bench: ${sharedDir}/corpus is absent; nothing to measure`);
  process.exit(0);
}

type Suite = (shared: string) => Promise<BenchRow[]>;
const suites: [string, string, string][] = [
  ['sigma', './bench/sigma.js', 'benchSigma'],
  ['eql', './bench/eql.js', 'benchEql'],
  ['kql', './bench/kql.js', 'benchKql'],
  ['engine', './bench/engine.js', 'benchEngine'],
];

const rows: BenchRow[] = [];
for (const [name, module, fn] of suites) {
  const loaded = (await import(module).catch(() => undefined)) as Record<string, Suite> | undefined;
  const suite = loaded?.[fn];
  if (!suite) {
    console.error(`bench: no ${name} suite`);
    continue;
  }
  for (const row of await suite(sharedDir)) {
    rows.push(row);
    const extra = row.extra
      ? '  ' +
        Object.entries(row.extra)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')
      : '';
    console.log(
      `${row.name.padEnd(48)} ${String(row.rules).padStart(6)} rules  ${row.seconds.toFixed(3).padStart(8)} s  ${String(row.rulesPerSecond).padStart(9)} rules/s${extra}`,
    );
  }
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`;
mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n',
);
const table = [
  '| measurement | rules | seconds per pass | rules per second | notes |',
  '| --- | ---: | ---: | ---: | --- |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.rules} | ${r.seconds.toFixed(3)} | ${r.rulesPerSecond} | ${
        r.extra
          ? Object.entries(r.extra)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')
          : ''
      } |`,
  ),
];
writeFileSync(
  'bench/results.md',
  `# Benchmark results\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${machine}.\nEach figure is the fastest of several passes over texts already in memory.\n\n${table.join('\n')}\n`,
);
