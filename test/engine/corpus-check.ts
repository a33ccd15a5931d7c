/** Runs every SigmaHQ regression rule over its own events; shared by the corpus test and by hand (`tsx`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { evaluate, parseEvents, windowsEventView } from '../../src/engine/index.js';

export interface RegressionOutcome {
  rulePath: string;
  file: string;
  events: number;
  matched: number;
  expected: number | 'at least 1';
  ok: boolean;
  reason?: string;
}

interface IndexLine {
  rule_path: string;
  regression_dir: string;
  files: string[];
  tests: Array<{ path: string; match_count?: number }>;
}

export function runRegressionCorpus(sharedDir: string): RegressionOutcome[] {
  const root = join(sharedDir, 'corpus', 'sigma-regression');
  const lines = readFileSync(join(root, 'index.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const outcomes: RegressionOutcome[] = [];
  for (const line of lines) {
    const entry = JSON.parse(line) as IndexLine;
    const rulePath = entry.rule_path;
    const text = readFileSync(join(sharedDir, 'corpus', 'sigma', rulePath), 'utf8');
    const [parsed] = parseSigma([{ text, file: rulePath }]);
    const rule = parsed?.rules[0]?.rule;
    for (const file of entry.files.filter((f) => f.endsWith('.json'))) {
      const base = file.replace(/\.json$/, '');
      const test = entry.tests.find((t) => t.path.endsWith(`/${base}.evtx`));
      const expected = test?.match_count ?? 'at least 1';
      const outcome: RegressionOutcome = { rulePath, file, events: 0, matched: 0, expected, ok: false };
      outcomes.push(outcome);
      if (!rule) {
        const errors = [...(parsed?.diagnostics ?? []), ...(parsed?.rules[0]?.diagnostics ?? [])];
        outcome.reason = `rule did not parse: ${errors.map((d) => d.message).join('; ')}`;
        continue;
      }
      try {
        const events = parseEvents(readFileSync(join(root, entry.regression_dir, file), 'utf8'));
        outcome.events = events.length;
        const result = evaluate(rule, events, { view: windowsEventView });
        outcome.matched = result.count;
        outcome.ok = expected === 'at least 1' ? result.count >= 1 : result.count >= expected;
        if (!outcome.ok)
          outcome.reason = `matched ${result.count} of ${events.length} events, expected ${expected}`;
      } catch (error) {
        outcome.reason = `evaluation failed: ${(error as Error).message}`;
      }
    }
  }
  return outcomes;
}
