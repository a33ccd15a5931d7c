/**
 * Evaluator throughput: one single-event Sigma rule (SigmaHQ's MMC20 lateral-movement rule) over a million
 * process-creation events generated in memory (Sysmon-style fields, one in a thousand matching).
 * Matching is checked too: the count found must equal the count planted, or the figure means nothing.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { compileRule } from '../../src/engine/index.js';
import type { BenchRow } from './measure.js';

const EVENTS = 1_000_000;
const MATCH_EVERY = 1000;

const IMAGES = [
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Windows\\System32\\cmd.exe',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Windows\\System32\\conhost.exe',
  'C:\\Windows\\explorer.exe',
  'C:\\Windows\\System32\\mmc.exe',
  'C:\\Windows\\System32\\rundll32.exe',
];
const COMMAND_LINES = [
  'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  '"C:\\Windows\\system32\\cmd.exe" /c dir C:\\Users',
  'powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1',
  '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US',
  '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\compmgmt.msc" /s',
];

/** A deterministic generator (mulberry32), so every run measures the same events. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(list: T[], r: number): T {
  return list[Math.floor(r * list.length)] as T;
}

export function generateProcessEvents(
  count: number,
  matchEvery: number,
): { events: object[]; planted: number } {
  const next = random(7);
  const events: object[] = [];
  let planted = 0;
  for (let i = 0; i < count; i++) {
    const matching = i % matchEvery === matchEvery - 1;
    if (matching) planted++;
    events.push({
      EventID: 1,
      UtcTime: '2026-11-22 23:00:00.000',
      ProcessId: 1000 + (i % 60000),
      Image: matching ? 'C:\\Windows\\System32\\mmc.exe' : pick(IMAGES, next()),
      CommandLine: matching ? 'C:\\Windows\\system32\\mmc.exe -Embedding' : pick(COMMAND_LINES, next()),
      ParentImage: matching ? 'C:\\Windows\\System32\\svchost.exe' : pick(IMAGES, next()),
      User: 'CORP\\user' + (i % 500),
      IntegrityLevel: 'Medium',
    });
  }
  return { events, planted };
}

export async function benchEngine(sharedDir: string): Promise<BenchRow[]> {
  void sharedDir; // the rule ships with the repository; nothing is needed from the shared folder
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const text = readFileSync(
    resolve(root, 'rules', 'originals', 'sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml'),
    'utf8',
  );
  const rule = parseSigma([{ text }])[0]?.rules[0]?.rule;
  if (!rule) throw new Error('the MMC20 rule did not parse');
  const matcher = compileRule(rule);
  const { events, planted } = generateProcessEvents(EVENTS, MATCH_EVERY);

  let found = 0;
  const pass = (): void => {
    found = 0;
    for (let i = 0; i < events.length; i++) if (matcher.matches(events[i])) found++;
  };
  pass(); // warm-up: lets the JIT settle before timing
  const rounds: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    pass();
    rounds.push((performance.now() - t0) / 1000);
  }
  if (found !== planted) throw new Error(`MMC20 matched ${found} events, ${planted} were planted`);
  const seconds = Math.min(...rounds);
  return [
    {
      name: 'engine: MMC20 Sigma rule over 1M process events',
      rules: 1,
      seconds,
      rulesPerSecond: Math.round(1 / seconds),
      extra: {
        events: EVENTS,
        matched: found,
        eventsPerSecond: Math.round(EVENTS / seconds),
        secondsPerMillion: Number(((seconds * 1_000_000) / EVENTS).toFixed(3)),
      },
    },
  ];
}
