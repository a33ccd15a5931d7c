import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSigma } from '../../src/dialects/sigma/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { renderRule } from '../../src/pipeline/convert.js';
import type { Rule } from '../../src/ir/types.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { walkFiles } from '../support/files.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

/**
 * The SigmaHQ corpus through the data models into EQL and KQL: whatever converts must be valid in the target
 * (EQL read back by our parser, KQL analysed by Kusto.Language), and the share that converts must not fall.
 */
/** Every n-th query goes through Kusto.Language (all of them with RULESTONE_FULL_CORPUS=1). */
const SAMPLE = process.env.RULESTONE_FULL_CORPUS ? 1 : 4;

describe.skipIf(!hasShared)('SigmaHQ corpus → EQL and KQL through the data models', () => {
  const files = hasShared ? walkFiles(sharedPath('corpus', 'sigma'), /\.ya?ml$/) : [];
  const rules = parseSigma(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })))
    .flatMap((f) => f.rules.map((r) => r.rule))
    .filter((r): r is Rule => r !== undefined);

  it('every EQL written reads back; at least 95% of the corpus converts', () => {
    const texts = rules
      .map((r) => renderRule(r, eqlDialect).text)
      .filter((t): t is string => t !== undefined);
    const unreadable = eqlDialect
      .parse(texts.map((text, i) => ({ text, file: `#${i}` })))
      .filter((f) => !f.rules[0]?.rule)
      .map((f) => `${f.file}: ${JSON.stringify(f.rules[0]?.diagnostics ?? f.diagnostics)}`);
    expect(unreadable).toEqual([]);
    console.info(`SigmaHQ → EQL: ${texts.length} of ${rules.length} rules`);
    expect(texts.length / rules.length).toBeGreaterThanOrEqual(0.95);
  });

  it('every KQL written (a sample, or all with RULESTONE_FULL_CORPUS=1) passes Kusto.Language; at least 90% converts', () => {
    const texts = rules
      .map((r) => renderRule(r, kqlDialect).text)
      .filter((t): t is string => t !== undefined);
    const problems = texts
      .filter((_, i) => i % SAMPLE === 0)
      .map((text) => ({ text, found: kustoDiagnostics(text) }))
      .filter((x) => x.found.length > 0)
      .map((x) => `${x.text}\n${describeKusto(x.found)}`);
    expect(problems).toEqual([]);
    console.info(`SigmaHQ → KQL: ${texts.length} of ${rules.length} rules`);
    expect(texts.length / rules.length).toBeGreaterThanOrEqual(0.9);
  });
});
