import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { translateRule } from '../../src/pipeline/convert.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { compareResults, evaluate, parseEvents, windowsEventView } from '../../src/engine/index.js';
import type { Rule } from '../../src/ir/types.js';
import { hasShared, sharedPath } from '../support/shared.js';

interface Entry {
  rule_path: string;
  rule_id: string;
  regression_dir: string;
}

/**
 * SigmaHQ's regression data (real Windows events each rule must match) through conversion: every rule that
 * converts to EQL or KQL must select the same events after translation, run on the events as the target's
 * data model records them.
 */
describe.skipIf(!hasShared)('SigmaHQ regression rules after conversion', () => {
  const base = sharedPath('corpus', 'sigma-regression');
  const entries: Entry[] = hasShared
    ? readFileSync(join(base, 'index.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Entry)
    : [];
  const cases = entries.flatMap((entry) => {
    const eventsPath = join(base, entry.regression_dir, `${entry.rule_id}.json`);
    const rule = parseSigma([
      { text: readFileSync(sharedPath('corpus', 'sigma', entry.rule_path), 'utf8'), file: entry.rule_path },
    ])[0]?.rules[0]?.rule;
    return rule && existsSync(eventsPath)
      ? [{ entry, rule: rule as Rule, events: parseEvents(readFileSync(eventsPath, 'utf8')) }]
      : [];
  });

  it.each([
    ['eql', eqlDialect, 143],
    ['kql', kqlDialect, 143],
  ] as const)('→ %s: every converted rule matches the same events', (name, dialect, floor) => {
    const broken: string[] = [];
    let verified = 0;
    for (const { entry, rule, events } of cases) {
      const v = verifyRule(rule, dialect, events);
      if (!v.comparison) continue; // not convertible yet: refused with a reason, counted in docs/conversion-rates.md
      verified++;
      if (!v.ok || (v.sourceMatches ?? 0) === 0) {
        broken.push(
          `${entry.rule_path}: expected ${v.expected}, got ${v.comparison.relation} (${v.sourceMatches} → ${v.translationMatches})`,
        );
      }
    }
    console.info(`regression rules verified through ${name}: ${verified} of ${cases.length}`);
    expect(broken).toEqual([]);
    expect(verified).toBeGreaterThanOrEqual(floor);
  });
});

describe.skipIf(!hasShared)('SigmaHQ regression rules there and back', () => {
  const base = sharedPath('corpus', 'sigma-regression');
  const entries: Entry[] = hasShared
    ? readFileSync(join(base, 'index.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Entry)
    : [];

  it.each([
    ['eql', eqlDialect],
    ['kql', kqlDialect],
  ] as const)('Sigma → %s → Sigma still matches every event the rule matched', (name, dialect) => {
    const broken: string[] = [];
    let checked = 0;
    for (const entry of entries) {
      const eventsPath = join(base, entry.regression_dir, `${entry.rule_id}.json`);
      const rule = parseSigma([
        { text: readFileSync(sharedPath('corpus', 'sigma', entry.rule_path), 'utf8'), file: entry.rule_path },
      ])[0]?.rules[0]?.rule;
      if (!rule || !existsSync(eventsPath)) continue;
      const there = translateRule(rule, dialect);
      if (!there.rule) continue;
      const back = translateRule(there.rule, sigmaDialect);
      if (!back.rule) {
        broken.push(
          `${entry.rule_path}: ${name} → sigma failed: ${back.diagnostics.map((d) => d.message).join('; ')}`,
        );
        continue;
      }
      checked++;
      const events = parseEvents(readFileSync(eventsPath, 'utf8')).map(windowsEventView);
      const before = evaluate(rule, events);
      const after = evaluate(back.rule, events);
      const relation = compareResults(before, after).relation;
      if (relation !== 'same' || before.count === 0)
        broken.push(`${entry.rule_path}: ${relation} (${before.count} → ${after.count})`);
    }
    console.info(`regression rules through ${name} and back: ${checked}`);
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(100);
  });
});
