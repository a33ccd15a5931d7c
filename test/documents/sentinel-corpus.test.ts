/**
 * Round trips over the Sentinel corpus: YAML → IR → YAML and → ARM → IR → ARM, compared as parsed structures;
 * written documents checked with the Azure-Sentinel validator rules and the ARM shape. Figures are printed;
 * any failure is listed with its reason.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hasShared, sharedPath } from '../support/shared.js';
import {
  readDocuments,
  validateArmTemplate,
  validateSentinelYaml,
  writeDocument,
} from '../../src/documents/index.js';
import { documentDifference, listFiles, throughIrJson } from './helpers.js';

function report(name: string, figures: Record<string, number>, failures: string[]): void {
  console.log(
    `[documents] ${name}: ${Object.entries(figures)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  for (const f of failures.slice(0, 20)) console.log(`  - ${f}`);
}

describe.skipIf(!hasShared)('Sentinel analytic-rule YAML corpus', () => {
  it('reads every rule file and writes YAML and ARM back with every field preserved', () => {
    const files = listFiles(sharedPath('corpus', 'sentinel', 'yaml'), /\.ya?ml$/);
    const failures: string[] = [];
    const kqlRejections = new Map<string, number>();
    const figures = {
      files: files.length,
      read: 0,
      'query parsed (kql)': 0,
      'query kept verbatim': 0,
      'yaml round trips': 0,
      'arm round trips': 0,
      'arm shape-valid': 0,
      'originals validator-clean': 0,
      'written validator-clean': 0,
    };
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const name = basename(path);
      const [file] = readDocuments([{ text, file: name }], 'sentinel-yaml');
      const read = file?.rules[0]?.rule;
      if (!read) {
        failures.push(
          `${name}: not read: ${JSON.stringify([...(file?.diagnostics ?? []), ...(file?.rules[0]?.diagnostics ?? [])].map((d) => d.message))}`,
        );
        continue;
      }
      figures.read++;
      const { rule, errors } = throughIrJson(read);
      if (errors) failures.push(`${name}: IR fails the IR JSON schema: ${errors}`);
      if (rule.query.kind === 'opaque') {
        figures['query kept verbatim']++;
        const reason = file?.rules[0]?.diagnostics.find((d) => d.code !== 'documents/query-kept-verbatim');
        kqlRejections.set(reason?.code ?? '?', (kqlRejections.get(reason?.code ?? '?') ?? 0) + 1);
      } else figures['query parsed (kql)']++;
      const original = parseYaml(text, { schema: 'core', uniqueKeys: false }) as Record<string, unknown>;
      const yaml = writeDocument(rule, 'sentinel-yaml');
      const written = parseYaml(yaml.text, { schema: 'core' }) as Record<string, unknown>;
      const diff = documentDifference(original, written);
      if (diff) failures.push(`${name}: YAML differs at ${diff}`);
      else figures['yaml round trips']++;
      if (validateSentinelYaml(original).length === 0) figures['originals validator-clean']++;
      if (validateSentinelYaml(written).length === 0) figures['written validator-clean']++;

      const arm = writeDocument(rule, 'arm');
      const template = JSON.parse(arm.text) as Record<string, unknown>;
      if (validateArmTemplate(template).length === 0) figures['arm shape-valid']++;
      const fromArm = readDocuments([{ text: arm.text, file: `${name}.json` }])[0]?.rules[0]?.rule;
      const armDiff = fromArm
        ? documentDifference(template, JSON.parse(writeDocument(fromArm, 'arm').text))
        : 'not read back';
      if (armDiff) failures.push(`${name}: ARM differs at ${armDiff}`);
      else figures['arm round trips']++;
    }
    report('Sentinel YAML', figures, [
      ...failures,
      ...[...kqlRejections].map(([code, n]) => `(kql dialect) ${code}: ${n}`),
    ]);
    expect(failures).toEqual([]);
    // A written document is validator-clean whenever its original was: conversion never breaks a valid rule.
    expect(figures['written validator-clean']).toBeGreaterThanOrEqual(figures['originals validator-clean']);
  });
});
