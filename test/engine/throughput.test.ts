import { describe, expect, it } from 'vitest';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { compileRule } from '../../src/engine/index.js';
import { generateProcessEvents } from '../../scripts/bench/engine.js';
import { readText } from '../support/files.js';
import { projectRoot } from '../support/shared.js';
import { join } from 'node:path';

describe('throughput', () => {
  it('a single-event rule runs over 200,000 events well inside the 1M-in-2-s budget', () => {
    const text = readText(
      join(projectRoot, 'rules', 'originals', 'sigma_proc_creation_win_mmc_mmc20_lateral_movement.yml'),
    );
    const rule = parseSigma([{ text }])[0]?.rules[0]?.rule;
    if (!rule) throw new Error('MMC20 did not parse');
    const matcher = compileRule(rule);
    const { events, planted } = generateProcessEvents(200_000, 1000);
    let found = 0;
    const t0 = performance.now();
    for (const e of events) if (matcher.matches(e)) found++;
    const seconds = (performance.now() - t0) / 1000;
    expect(found).toBe(planted);
    // 1M in 2 s is 0.4 s for 200k; the margin absorbs a busy shared machine and a cold JIT.
    expect(seconds).toBeLessThan(0.4 * 2.5);
  });
});
