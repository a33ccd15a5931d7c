/**
 * An EQL `any where` query over several log sources becomes one Sigma rule per event category (a Sigma rule has
 * one log source), or the KQL union of one query per table; together they alert on what the query alerts on.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { generateEvents } from '../../src/engine/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import type { SearchQuery } from '../../src/ir/types.js';
import { dialect, eqlRule } from '../support/rules.js';
import { kustoDiagnostics } from '../kql/kusto.js';

const sigma = dialect('sigma');
const kql = dialect('kql');

// detection-rules defense_evasion_right_to_left_override.toml
const RTLO = `any where host.os.type == "windows" and event.category in ("file", "process") and
  ((event.type == "creation" and file.path : "*\\u{202E}*") or (event.type == "start" and process.name : "*\\u{202E}*"))`;

describe('a query over several log sources, into Sigma', () => {
  it('is written as one rule per event category, each its branch, said by a warning', () => {
    const printed = renderRule(eqlRule(RTLO), sigma);
    const documents = (printed.text ?? '').split(/^---\n/m);
    expect(documents).toHaveLength(2);
    expect(documents[0]).toContain('(file events)');
    expect(documents[0]).toContain('category: file_event');
    expect(documents[0]).toContain("TargetFilename|contains: '\u202e'");
    expect(documents[0]).not.toContain('Image');
    expect(documents[1]).toContain('(process events)');
    expect(documents[1]).toContain('category: process_creation');
    expect(documents[1]).not.toContain('TargetFilename');
    const note = printed.diagnostics.find((d) => d.code === 'sigma/split-by-logsource');
    expect(note?.severity).toBe('warning');
    expect(note?.message).toContain('file, process');
    // Each document is a rule of its own.
    const [file] = sigmaDialect.parse([{ text: printed.text ?? '', file: 'split.yml' }]);
    expect(file?.rules.map((r) => r.rule?.query.kind)).toEqual(['search', 'search']);
  });

  it('gives each rule an id of its own, each linked to the source rule', () => {
    const rule = eqlRule(RTLO);
    const source = { ...rule, meta: { ...rule.meta, id: '3b7e1f2a-6f3c-4d7e-9a1b-2c3d4e5f6a7b' } };
    const text = renderRule(source, sigma, {}, {}, 'sigma').text ?? '';
    const ids = [...text.matchAll(/^id: (\S+)$/gm)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids).not.toContain(source.meta.id);
    expect([...text.matchAll(/- id: 3b7e1f2a-6f3c-4d7e-9a1b-2c3d4e5f6a7b\n\s+type: derived/g)]).toHaveLength(
      2,
    );
  });

  it('keeps its claim on generated events, checked part by part', () => {
    const rule = eqlRule(RTLO);
    const generated = generateEvents((rule.query as SearchQuery).filter);
    const events = [generated.match, ...generated.nearMisses].filter((e) => e !== undefined);
    const v = verifyRule(rule, sigma, events);
    expect(v.comparison).toBeDefined();
    expect(v.ok).toBe(true);
    expect(v.sourceMatches).toBeGreaterThan(0);
  });

  it('is written for KQL as the union of one query per table, which Kusto accepts and which keeps its claim', () => {
    const rule = eqlRule(RTLO);
    const printed = renderRule(rule, kql);
    expect(printed.text).toMatch(/^union\n    \(\n        DeviceFileEvents\n/);
    expect(printed.text).toContain('        DeviceProcessEvents\n');
    expect(kustoDiagnostics(printed.text ?? '')).toEqual([]);
    expect(printed.diagnostics.find((d) => d.code === 'kql/split-by-logsource')?.message).toContain(
      'union of 2',
    );
    const generated = generateEvents((rule.query as SearchQuery).filter);
    const events = [generated.match, ...generated.nearMisses].filter((e) => e !== undefined);
    const v = verifyRule(rule, kql, events);
    expect(v.comparison).toBeDefined();
    expect(v.ok).toBe(true);
  });
});
