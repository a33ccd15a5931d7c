/**
 * SigmaHQ's regression data: every rule must match its own recorded Windows events (read through
 * windowsEventView), and must stay selective (no match on an empty event, few matches on the others' events).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { compileRule, parseEvents, windowsEventView } from '../../src/engine/index.js';
import { hasShared, sharedDir, sharedPath } from '../support/shared.js';
import { runRegressionCorpus } from './corpus-check.js';

describe.skipIf(!hasShared)('SigmaHQ regression corpus', () => {
  it('every rule matches its own regression events', () => {
    const outcomes = runRegressionCorpus(sharedDir);
    const failures = outcomes.filter((o) => !o.ok);
    const rate = (100 * (outcomes.length - failures.length)) / outcomes.length;
    console.log(
      `[engine] regression corpus: ${outcomes.length - failures.length}/${outcomes.length} (${rate.toFixed(1)} %)`,
    );
    for (const f of failures) console.log(`[engine]   ${f.rulePath} ${f.file}: ${f.reason}`);
    expect(outcomes.length).toBeGreaterThan(100);
    expect(failures.map((f) => `${f.rulePath}: ${f.reason}`)).toEqual([]);
  });

  it('rules stay selective: none matches an empty event, and each matches few of all the events', () => {
    const root = sharedPath('corpus', 'sigma-regression');
    const entries = readFileSync(join(root, 'index.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { rule_path: string; regression_dir: string; files: string[] });
    const events: unknown[] = [];
    const matchers = entries.map((e) => {
      for (const f of e.files.filter((x) => x.endsWith('.json'))) {
        events.push(...parseEvents(readFileSync(join(root, e.regression_dir, f), 'utf8')));
      }
      const rule = parseSigma([{ text: readFileSync(sharedPath('corpus', 'sigma', e.rule_path), 'utf8') }])[0]
        ?.rules[0]?.rule;
      if (!rule) throw new Error(`${e.rule_path} did not parse`);
      return { path: e.rule_path, matcher: compileRule(rule, { view: windowsEventView }) };
    });
    const loose: string[] = [];
    for (const { path, matcher } of matchers) {
      if (matcher.matches({})) loose.push(`${path} matches {}`);
      const hits = events.filter((e) => matcher.matches(e)).length;
      if (hits > events.length / 10) loose.push(`${path} matches ${hits} of ${events.length} events`);
    }
    expect(loose).toEqual([]);
  });
});
