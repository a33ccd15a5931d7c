/**
 * The Sentinel corpus (shared/corpus/sentinel/rules.jsonl, 747 analytic-rule queries of Azure-Sentinel 2022):
 * parse rate, what lowers to the IR, KQL → IR → KQL → IR without change, printing as a fixed point, and every
 * printed query checked by Kusto.Language against the Sentinel schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/ir/types.js';
import { firstDifference, normalizeRule } from '../../src/ir/normalize.js';
import { parseQuery, printKql, readKqlQuery, KqlSyntaxError } from '../../src/dialects/kql/index.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { describeKusto, kustoDiagnostics, kustoSyntaxErrors } from './kusto.js';

interface CorpusRecord {
  path: string;
  id: string;
  query: string;
}

function loadCorpus(): { records: CorpusRecord[]; classes: Map<string, string> } {
  const records = readFileSync(sharedPath('corpus', 'sentinel', 'rules.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
  const classes = new Map<string, string>();
  for (const line of readFileSync(sharedPath('reference', 'kql-rule-classes.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as { id: string; cls: string };
    classes.set(c.id, c.cls);
  }
  return { records, classes };
}

describe.skipIf(!hasShared)('the Sentinel corpus', () => {
  const { records, classes } = hasShared ? loadCorpus() : { records: [], classes: new Map<string, string>() };
  const printed: { path: string; text: string }[] = [];

  it('parses at least 98% of the queries; each failure has a reason and a position', () => {
    const failures: string[] = [];
    for (const r of records) {
      try {
        parseQuery(r.query);
      } catch (error) {
        expect(error).toBeInstanceOf(KqlSyntaxError);
        const e = error as KqlSyntaxError;
        expect(e.line).toBeGreaterThan(0);
        failures.push(`${r.path}:${e.line}:${e.column}: ${e.message}`);
        // Where we refuse a query, Microsoft's parser must refuse it too.
        expect(kustoSyntaxErrors(r.query).length, `${r.path} parses with Kusto.Language`).toBeGreaterThan(0);
      }
    }
    const rate = (records.length - failures.length) / records.length;
    console.info(
      `[kql corpus] parsed ${records.length - failures.length}/${records.length} (${(rate * 100).toFixed(1)}%)\n  ${failures.join('\n  ')}`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.98);
  });

  it('every pure-filter query and every other query the IR can hold round-trips KQL → IR → KQL → IR, printing a fixed point', () => {
    const reasons = new Map<string, number>();
    let pureFilter = 0;
    let pureFilterRoundTrip = 0;
    let lowered = 0;
    const problems: string[] = [];
    for (const r of records) {
      const isPureFilter = classes.get(r.path)?.startsWith('A ') ?? false;
      if (isPureFilter) pureFilter++;
      const first = readKqlQuery(r.query, { title: r.id });
      if (!first.rule) {
        const d = first.diagnostics[0];
        reasons.set(d?.code ?? '?', (reasons.get(d?.code ?? '?') ?? 0) + 1);
        if (isPureFilter) problems.push(`${r.path}: pure filter not lowered: ${d?.message}`);
        continue;
      }
      lowered++;
      const text = printKql(first.rule).text;
      const second = readKqlQuery(text, { title: r.id });
      if (!second.rule) {
        problems.push(
          `${r.path}: printed text does not read back: ${second.diagnostics[0]?.message}\n${text}`,
        );
        continue;
      }
      const diff = firstDifference(normalizeRule(first.rule), normalizeRule(second.rule as Rule));
      if (diff) {
        problems.push(`${r.path}: round trip changed ${diff}`);
        continue;
      }
      const again = printKql(second.rule).text;
      if (again !== text) {
        problems.push(`${r.path}: printing is not a fixed point\n${text}\n---\n${again}`);
        continue;
      }
      if (isPureFilter) pureFilterRoundTrip++;
      printed.push({ path: r.path, text });
    }
    console.info(
      `[kql corpus] lowered ${lowered}/${records.length}; round trip + fixed point ${printed.length}/${lowered}; ` +
        `pure filters ${pureFilterRoundTrip}/${pureFilter}; not lowered by reason: ${JSON.stringify([...reasons].sort((a, b) => b[1] - a[1]))}`,
    );
    expect(problems, problems.slice(0, 5).join('\n')).toEqual([]);
    expect(pureFilterRoundTrip).toBe(pureFilter);
    expect(printed.length).toBe(lowered);
    expect(lowered / records.length).toBeGreaterThan(0.45);
  });

  it('every printed query passes Kusto.Language (syntax and semantics, Sentinel schema)', () => {
    expect(printed.length).toBeGreaterThan(0);
    const failures: string[] = [];
    // The corpus holds some rules twice (Detections/ and Solutions/): each distinct text is analysed once.
    const seen = new Map<string, string>();
    for (const { path, text } of printed) {
      if (!seen.has(text)) seen.set(text, describeKusto(kustoDiagnostics(text)));
      const errors = seen.get(text) as string;
      if (errors !== '') failures.push(`${path}: ${errors}\n${text}`);
    }
    console.info(
      `[kql corpus] Kusto.Language errors in printed queries: ${failures.length}/${printed.length}`,
    );
    expect(failures, failures.slice(0, 3).join('\n')).toEqual([]);
  });
});
