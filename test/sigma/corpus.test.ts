import { describe, expect, it } from 'vitest';
import { parseSigma, printSigma } from '../../src/dialects/sigma/index.js';
import { firstDifference, normalizeRule, sameRule } from '../../src/ir/normalize.js';
import { createSigmaValidator } from '../../src/validation/sigma-schema.js';
import { shippedSigmaSchemas } from '../../src/validation/load-schemas.js';
import { IR_JSON_SCHEMA } from '../../src/ir/schema.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Rule } from '../../src/ir/types.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { readText, walkFiles } from '../support/files.js';

/**
 * The SigmaHQ corpus (rules, emerging threats, threat hunting, placeholders, compliance): every rule reads,
 * prints to schema-valid Sigma, reads back to the same IR, and printing again gives the same bytes.
 */
describe.skipIf(!hasShared)('SigmaHQ corpus', () => {
  const files = hasShared ? walkFiles(sharedPath('corpus', 'sigma'), /\.ya?ml$/) : [];
  const parsed = parseSigma(files.map((file) => ({ file, text: readText(file) })));
  const rules: Rule[] = [];
  const unread: string[] = [];
  for (const f of parsed) {
    if (f.rules.length === 0) unread.push(`${f.file}: ${f.diagnostics.map((d) => d.message).join('; ')}`);
    for (const r of f.rules) {
      if (r.rule) rules.push(r.rule);
      else unread.push(`${f.file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    }
  }

  it('has the corpus it expects', () => {
    expect(files.length).toBeGreaterThan(2500);
    expect(files.some((f) => f.includes('rules-placeholder'))).toBe(true);
  });

  it('reads every rule', () => {
    expect(unread).toEqual([]);
    expect(rules.length).toBe(files.length);
  });

  it('every IR matches the IR JSON schema', () => {
    const validate = new Ajv2020({ strict: false }).compile(IR_JSON_SCHEMA);
    const bad = rules.filter((r) => !validate(JSON.parse(JSON.stringify(r)))).map((r) => r.provenance.file);
    expect(bad).toEqual([]);
  });

  const printed = rules.map((rule) => printSigma(rule).text);

  it('prints Sigma that the official schemas accept', () => {
    const validate = createSigmaValidator(shippedSigmaSchemas());
    const invalid = printed
      .map((text, i) => ({ file: rules[i]?.provenance.file, problems: validate(text) }))
      .filter((x) => x.problems.length > 0);
    expect(invalid).toEqual([]);
  });

  it('round-trips through Sigma with an unchanged IR, and printing is a fixed point', () => {
    const again = parseSigma(
      printed.map((text, i) => ({ text, file: `${rules[i]?.provenance.file} (printed)` })),
    );
    const changed: string[] = [];
    const moved: string[] = [];
    again.forEach((f, i) => {
      const before = rules[i] as Rule;
      const after = f.rules[0]?.rule;
      if (!after || !sameRule(before, after)) {
        changed.push(
          `${before.provenance.file}: ${after ? firstDifference(normalizeRule(before), normalizeRule(after)) : JSON.stringify(f.rules[0]?.diagnostics ?? f.diagnostics)}`,
        );
      } else if (printSigma(after).text !== printed[i]) moved.push(before.provenance.file as string);
    });
    expect(changed).toEqual([]);
    expect(moved).toEqual([]);
  });
});
