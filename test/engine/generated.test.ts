import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { EngineError, evaluate, generateEvents } from '../../src/engine/index.js';
import { and, predicate } from '../../src/ir/build.js';
import { ANY } from '../../src/ir/pattern.js';
import type { Rule } from '../../src/ir/types.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { walkFiles } from '../support/files.js';
import { readBatch } from '../../src/pipeline/batch.js';
import { dialectModule } from '../../src/dialects/registry.js';
import { detectDialect } from '../../src/cli/inputs.js';

describe('generated events', () => {
  it('make a matching event and one near miss per condition', () => {
    const filter = and([
      predicate({ field: 'Image', op: 'endswith', values: [{ type: 'string', pattern: ['\\mmc.exe'] }] }),
      predicate({
        field: 'CommandLine',
        op: 'contains',
        values: [{ type: 'string', pattern: ['-Embedding'] }],
      }),
      {
        kind: 'not',
        item: predicate({ field: 'User', op: 'eq', values: [{ type: 'string', pattern: ['SYSTEM', ANY] }] }),
      },
    ]);
    const { match, nearMisses } = generateEvents(filter);
    expect(match).toEqual({
      Image: '\\mmc.exe',
      CommandLine: '-Embedding',
      User: expect.stringContaining('no-match'),
    });
    expect(nearMisses).toHaveLength(3);
  });
});

/**
 * Over the SigmaHQ corpus: for every rule an event can be made for, its EQL and KQL translations must select
 * the same generated events (the match and its near misses) as the source, or a superset/subset exactly when
 * the conversion said broader/narrower. No translation may claim exactness and disagree.
 */
describe.skipIf(!hasShared)('SigmaHQ translations on generated events', () => {
  const files = hasShared ? walkFiles(sharedPath('corpus', 'sigma'), /\.ya?ml$/) : [];
  const rules = parseSigma(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })))
    .flatMap((f) => f.rules.map((r) => r.rule))
    .filter((r): r is Rule => r !== undefined && r.query.kind === 'search');
  const cases = rules.flatMap((rule) => {
    if (rule.query.kind !== 'search') return [];
    const generated = generateEvents(rule.query.filter);
    if (!generated.match) return [];
    const events = [generated.match, ...generated.nearMisses];
    try {
      // Only events that do what they claim: the first must match.
      return evaluate(rule, events).matches.some((m) => m.index === 0) ? [{ rule, events }] : [];
    } catch (error) {
      if (error instanceof EngineError) return [];
      throw error;
    }
  });

  it.each([
    ['eql', eqlDialect, 1650],
    ['kql', kqlDialect, 1450],
  ] as const)('%s translations agree with their claims', (name, dialect, floor) => {
    const wrong: string[] = [];
    let verified = 0;
    for (const { rule, events } of cases) {
      const v = verifyRule(rule, dialect, events);
      if (!v.comparison) continue;
      verified++;
      if (!v.ok)
        wrong.push(`${rule.provenance.file}: claimed ${v.expected}, measured ${v.comparison.relation}`);
    }
    console.info(
      `${name}: ${verified} translations checked on generated events (${cases.length} rules with events)`,
    );
    expect(wrong).toEqual([]);
    expect(verified).toBeGreaterThanOrEqual(floor);
  });
});

/**
 * The other corpora the same way: Elastic's EQL rules to Sigma and KQL (events in ECS, read into the hub and
 * into Sentinel's tables), Sentinel's filter rules to Sigma and EQL.
 */
describe.skipIf(!hasShared)('Elastic and Sentinel translations on generated events', () => {
  const corpora = [
    ['Elastic', 'corpus/elastic/toml', /\.toml$/, ['sigma', 'kql'], 380],
    ['Sentinel', 'corpus/sentinel/yaml', /\.ya?ml$/, ['sigma', 'eql'], 190],
  ] as const;
  it.each(corpora)('%s translations agree with their claims', (_name, dir, pattern, targets, floor) => {
    const inputs = walkFiles(sharedPath(...(dir.split('/') as [string, ...string[]])), pattern).map(
      (file) => {
        const text = readFileSync(file, 'utf8');
        return { file, text, dialect: detectDialect(file, text).dialect ?? 'unknown' };
      },
    );
    const rules = readBatch(inputs.filter((i) => i.dialect !== 'unknown')).flatMap((o) =>
      o.rule && o.ok && o.rule.query.kind === 'search' ? [o.rule] : [],
    );
    const wrong: string[] = [];
    for (const target of targets) {
      let verified = 0;
      for (const rule of rules) {
        if (rule.query.kind !== 'search') continue;
        const generated = generateEvents(rule.query.filter);
        if (!generated.match) continue;
        const events = [generated.match, ...generated.nearMisses];
        const v = verifyRule(rule, dialectModule(target)!, events);
        if (!v.comparison) continue;
        verified++;
        if (!v.ok)
          wrong.push(
            `${target}: ${rule.provenance.file}: claimed ${v.expected}, measured ${v.comparison.relation}`,
          );
      }
      console.info(`${_name} → ${target}: ${verified} translations checked on generated events`);
      if (target === targets[0]) expect(verified).toBeGreaterThanOrEqual(floor);
    }
    expect(wrong).toEqual([]);
  });
});
