/**
 * `npm run bench`: throughput of rulestone's front and back ends over the shared corpora. Not a test: figures
 * depend on the machine. Writes bench/results.md and bench/results.json; run it on an idle machine.
 */
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/** Runs one suite in this process and prints its rows as JSON (the parent's child mode). */
async function runSuite(name: string): Promise<BenchRow[]> {
  const entry = suites.find(([n]) => n === name);
  const loaded = entry
    ? ((await import(entry[1]).catch(() => undefined)) as Record<string, Suite> | undefined)
    : undefined;
  const suite = entry ? loaded?.[entry[2]] : undefined;
  return suite ? suite(sharedDir) : [];
}

const only = process.argv[2];
if (only !== undefined) {
  process.stdout.write(JSON.stringify(await runSuite(only)));
  process.exit(0);
}

// Each suite runs in a process of its own, so that one suite's heap and JIT state do not slow the next.
const rows: BenchRow[] = [];
for (const [name] of suites) {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const suiteRows = child.status === 0 && child.stdout ? (JSON.parse(child.stdout) as BenchRow[]) : [];
  if (suiteRows.length === 0) console.error(`bench: no ${name} results`);
  for (const row of suiteRows) {
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
