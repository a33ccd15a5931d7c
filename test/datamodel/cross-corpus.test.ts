/**
 * Elastic's EQL rules and Sentinel's filter rules through the data models into the other dialects: whatever
 * converts must be valid in the target (Sigma against the official schema, EQL read back by our parser, KQL
 * analysed by Kusto.Language), and the share that converts must not fall below what docs/conversion-rates.md
 * reports.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dialectModule } from '../../src/dialects/registry.js';
import { readBatch } from '../../src/pipeline/batch.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { detectDialect } from '../../src/cli/inputs.js';
import { createSigmaValidator } from '../../src/validation/sigma-schema.js';
import { shippedSigmaSchemas } from '../../src/validation/load-schemas.js';
import type { Rule } from '../../src/ir/types.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { walkFiles } from '../support/files.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

/** Every n-th KQL query goes through Kusto.Language (all of them with RULESTONE_FULL_CORPUS=1). */
const SAMPLE = process.env.RULESTONE_FULL_CORPUS ? 1 : 4;

function translatable(dir: string, pattern: RegExp): Rule[] {
  if (!hasShared) return [];
  const inputs = walkFiles(sharedPath(...(dir.split('/') as [string, ...string[]])), pattern).flatMap(
    (file) => {
      const text = readFileSync(file, 'utf8');
      const dialect = detectDialect(file, text).dialect;
      return dialect ? [{ file, text, dialect }] : [];
    },
  );
  return readBatch(inputs).flatMap((o) => (o.rule && o.ok && o.rule.query.kind !== 'opaque' ? [o.rule] : []));
}

function converted(rules: Rule[], target: string): string[] {
  const module = dialectModule(target);
  if (!module) throw new Error(`no dialect ${target}`);
  // Sigma is written as the command line writes it, a rule document (tags in Sigma's shape, the schedule kept).
  const format = target === 'sigma' ? 'sigma' : null;
  return rules
    .map((r) => renderRule(r, module, {}, {}, format).text)
    .filter((t): t is string => t !== undefined);
}

const validateSigma = createSigmaValidator(shippedSigmaSchemas());

function sigmaProblems(texts: string[]): string[] {
  return texts.flatMap((text) => {
    const problems = validateSigma(text);
    return problems.length ? [`${text}\n${JSON.stringify(problems)}`] : [];
  });
}

function kqlProblems(texts: string[]): string[] {
  return texts
    .filter((_, i) => i % SAMPLE === 0)
    .map((text) => ({ text, found: kustoDiagnostics(text) }))
    .filter((x) => x.found.length > 0)
    .map((x) => `${x.text}\n${describeKusto(x.found)}`);
}

function eqlProblems(texts: string[]): string[] {
  const eql = dialectModule('eql');
  if (!eql) throw new Error('no eql');
  return eql
    .parse(texts.map((text, i) => ({ text, file: `#${i}` })))
    .filter((f) => !f.rules[0]?.rule)
    .map(
      (f) =>
        `${texts[Number(f.file?.slice(1))]}\n${JSON.stringify(f.rules[0]?.diagnostics ?? f.diagnostics)}`,
    );
}

describe.skipIf(!hasShared)('Elastic EQL rules → Sigma and KQL through the data models', () => {
  const rules = translatable('corpus/elastic/toml', /\.toml$/);

  it('every Sigma written validates against the schema; at least 90% of the class converts (the target)', () => {
    const texts = converted(rules, 'sigma');
    expect(sigmaProblems(texts)).toEqual([]);
    console.info(`Elastic → Sigma: ${texts.length} of ${rules.length} rules`);
    expect(texts.length / rules.length).toBeGreaterThanOrEqual(0.9);
  });

  it('every KQL written (a sample, or all with RULESTONE_FULL_CORPUS=1) passes Kusto.Language; at least 59% converts', () => {
    const texts = converted(rules, 'kql');
    expect(kqlProblems(texts)).toEqual([]);
    console.info(`Elastic → KQL: ${texts.length} of ${rules.length} rules`);
    expect(texts.length / rules.length).toBeGreaterThanOrEqual(0.59);
  });
});

describe.skipIf(!hasShared)('Sentinel filter rules → Sigma and EQL through the data models', () => {
  const rules = translatable('corpus/sentinel/yaml', /\.ya?ml$/);

  it('every Sigma written validates against the schema; at least 81% of the class converts', () => {
    const texts = converted(rules, 'sigma');
    expect(sigmaProblems(texts)).toEqual([]);
    console.info(`Sentinel → Sigma: ${texts.length} of ${rules.length} rules`);
    expect(texts.length / rules.length).toBeGreaterThanOrEqual(0.81);
  });

  it('every EQL written reads back', () => {
    const texts = converted(rules, 'eql');
    expect(eqlProblems(texts)).toEqual([]);
    console.info(`Sentinel → EQL: ${texts.length} of ${rules.length} rules`);
    expect(texts.length).toBeGreaterThanOrEqual(170);
  });
});
