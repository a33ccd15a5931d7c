/**
 * Properties of the metadata mapping on generated rules: whatever the IR says, writing it to a format and
 * reading it back gives the same metadata, except where docs/documents.md says the format must change it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rule, RuleMeta, Severity } from '../../src/ir/types.js';
import { emptyMeta } from '../../src/ir/build.js';
import { allTactics } from '../../src/documents/attack.js';
import { ACTIVE_TECHNIQUES } from '../../src/documents/attack-data.js';
import {
  readDocuments,
  writeDocument,
  writeDocuments,
  validateSentinelYaml,
} from '../../src/documents/index.js';
import { elasticRiskScore } from '../../src/documents/severity.js';
import { seconds } from '../../src/documents/duration.js';
import { parse as parseYaml } from 'yaml';

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const line = text.filter((t) => t.trim() !== '' && t === t.trim() && !t.includes(','));
const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const uuid = fc.uuid();
const tactic = fc.constantFrom(...allTactics().map((t) => t.shortname));
const techniqueId = fc.constantFrom(...Object.keys(ACTIVE_TECHNIQUES));
const column = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,24}$/);

const metaArb = fc.record({
  title: line,
  description: fc.option(
    text.filter((t) => !(t.trim().startsWith("'") && t.trim().endsWith("'"))),
    { nil: undefined },
  ),
  authors: fc.array(line, { maxLength: 3 }),
  references: fc.array(text, { maxLength: 3 }),
  falsePositives: fc.array(text, { maxLength: 3 }),
  severity: fc.option(fc.constantFrom<Severity>('informational', 'low', 'medium', 'high', 'critical'), {
    nil: undefined,
  }),
  riskScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  created: fc.option(date, { nil: undefined }),
  status: fc.option(fc.constantFrom('stable', 'test', 'experimental', 'deprecated'), { nil: undefined }),
  tactics: fc.uniqueArray(tactic, { maxLength: 3 }),
  techniques: fc.uniqueArray(techniqueId, { maxLength: 4 }),
  interval: fc.integer({ min: 5, max: 600 }),
  extra: fc.integer({ min: 0, max: 600 }),
  fields: fc.uniqueArray(column, { maxLength: 8 }),
  tags: fc.array(
    line.filter((t) => !t.startsWith('attack.')),
    { maxLength: 3 },
  ),
  note: fc.option(text, { nil: undefined }),
  license: fc.option(line, { nil: undefined }),
  related: fc.array(fc.record({ id: uuid, type: fc.constantFrom('derived', 'similar', 'obsolete') }), {
    maxLength: 2,
  }),
});

type Generated = typeof metaArb extends fc.Arbitrary<infer T> ? T : never;

function toRule(g: Generated, language: string, query: string): Rule {
  const meta: RuleMeta = {
    ...emptyMeta(g.title),
    id: '11111111-2222-4333-8444-555555555555',
    authors: g.authors,
    references: g.references,
    falsePositives: g.falsePositives,
    tags: g.tags,
    related: g.related,
    attack: { tactics: g.tactics, techniques: g.techniques },
    schedule: {
      interval: { value: g.interval, unit: 'm' },
      lookback: { value: g.interval + g.extra, unit: 'm' },
    },
    ...(g.fields.length > 0 ? { output: { fields: g.fields } } : {}),
  };
  for (const key of [
    'description',
    'severity',
    'riskScore',
    'created',
    'status',
    'note',
    'license',
  ] as const) {
    if (g[key] !== undefined) (meta as unknown as Record<string, unknown>)[key] = g[key];
  }
  return {
    meta,
    query: { kind: 'opaque', language, text: query },
    output: [],
    provenance: { dialect: language === 'kql' ? 'kql' : 'eql' },
  };
}

function readBack(textOut: string, file: string): RuleMeta {
  const rule = readDocuments([{ text: textOut, file }])[0]?.rules[0]?.rule;
  if (!rule) throw new Error(`not read back:\n${textOut}`);
  return rule.meta;
}

describe('metadata survives its own format', () => {
  it.each(['toml', 'ndjson'] as const)('IR → %s → IR', (format) => {
    fc.assert(
      fc.property(metaArb, (g) => {
        const rule = toRule(g, 'eql', 'any where true');
        const back = readBack(writeDocument(rule, format, { convert: false }).text, `x.${format}`);
        const m = rule.meta;
        expect(back.title).toBe(m.title);
        expect(back.description).toBe(m.description);
        expect([back.authors, back.references, back.falsePositives, back.tags, back.related]).toEqual([
          m.authors,
          m.references,
          m.falsePositives,
          m.tags,
          m.related,
        ]);
        expect([back.note, back.license]).toEqual([m.note, m.license]);
        expect(back.severity).toBe(m.severity ?? 'low');
        expect(back.riskScore).toBe(elasticRiskScore(m.severity ?? 'low', m.riskScore));
        if (format === 'toml')
          expect([back.created, back.modified, back.status]).toEqual([
            m.created,
            m.created,
            m.status ?? 'experimental',
          ]);
        expect(back.schedule).toEqual(m.schedule);
        expect(back.output).toEqual(m.output);
        // Elastic nests sub-techniques under their parent; a technique outside every listed tactic adds its own.
        expect(new Set(back.attack.techniques)).toEqual(
          new Set([...m.attack.techniques, ...m.attack.techniques.map((t) => t.split('.')[0])]),
        );
        for (const t of m.attack.tactics) expect(back.attack.tactics).toContain(t);
      }),
      { numRuns: 150 },
    );
  });

  it('IR → Sentinel YAML → IR, and the document passes the validator rules', () => {
    fc.assert(
      fc.property(metaArb, (g) => {
        const rule = toRule(g, 'kql', 'SecurityEvent\n| where EventID == 4688');
        const out = writeDocument(rule, 'sentinel-yaml', { convert: false });
        const doc = parseYaml(out.text) as Record<string, unknown>;
        if (g.title.length <= 256) expect(validateSentinelYaml(doc)).toEqual([]);
        const back = readBack(out.text, 'x.yaml');
        const m = rule.meta;
        expect(back.title).toBe(m.title);
        expect(back.description).toBe(
          m.description !== undefined && m.description.trim() !== '' ? m.description : m.title,
        );
        expect(back.severity).toBe(m.severity === 'critical' ? 'high' : (m.severity ?? 'medium'));
        expect(back.authors).toEqual(m.authors);
        expect(back.attack).toEqual(m.attack);
        expect(back.tags).toEqual(m.tags);
        expect(back.related).toEqual(m.related.filter((r) => r.type === 'derived'));
        const s = (d?: { value: number; unit: 'm' }) => (d ? seconds(d) : undefined);
        const clamp = (x: number) => Math.min(14 * 86400, Math.max(300, x));
        expect(seconds(back.schedule?.interval ?? { value: 0, unit: 's' })).toBe(
          clamp(s(m.schedule?.interval as { value: number; unit: 'm' }) as number),
        );
        expect(seconds(back.schedule?.lookback ?? { value: 0, unit: 's' })).toBe(
          clamp(s(m.schedule?.lookback as { value: number; unit: 'm' }) as number),
        );
        expect(new Set(back.output?.fields ?? [])).toEqual(new Set((m.output?.fields ?? []).slice(0, 20)));
      }),
      { numRuns: 150 },
    );
  });
});

describe('several rules in one file', () => {
  it('NDJSON lines, a YAML stream, one ARM template with a resource each; TOML refuses', () => {
    const rules = ['One', 'Two'].map((t, i) =>
      toRule(
        {
          title: t,
          authors: [],
          references: [],
          falsePositives: [],
          tactics: [],
          techniques: [],
          interval: 5,
          extra: 0,
          fields: [],
          tags: [],
          related: [],
          description: undefined,
          severity: undefined,
          riskScore: undefined,
          created: undefined,
          status: undefined,
          note: undefined,
          license: undefined,
        },
        'kql',
        `T${i}`,
      ),
    );
    const arm = writeDocuments(rules, 'arm', { convert: false });
    const template = JSON.parse(arm.text) as { resources: { properties: { displayName: string } }[] };
    expect(template.resources.map((r) => r.properties.displayName)).toEqual(['One', 'Two']);
    expect(
      readDocuments([{ text: arm.text, file: 'two.json' }])[0]?.rules.map((r) => r.rule?.meta.title),
    ).toEqual(['One', 'Two']);
    expect(writeDocuments(rules, 'sentinel-yaml').text.split('\n---\n')).toHaveLength(2);
    const eqlRules = rules.map((r) => ({
      ...r,
      query: { kind: 'opaque' as const, language: 'eql', text: 'any where true' },
    }));
    expect(writeDocuments(eqlRules, 'ndjson').text.trim().split('\n')).toHaveLength(2);
    expect(writeDocuments(eqlRules, 'toml').diagnostics[0]?.code).toBe('documents/one-rule-per-toml');
  });

  it('places a KQL syntax problem at its line in the YAML file', () => {
    const yaml =
      'id: 11111111-2222-4333-8444-555555555555\nname: Broken\nseverity: Low\nkind: Scheduled\nquery: |\n  SecurityEvent\n  | where (((\n';
    const parsed = readDocuments([{ text: yaml, file: 'broken.yaml' }])[0]?.rules[0];
    expect(parsed?.rule?.query).toEqual({
      kind: 'opaque',
      language: 'kql',
      text: 'SecurityEvent\n| where (((\n',
    });
    const problem = parsed?.diagnostics.find((d) => d.code.startsWith('kql/'));
    expect(problem?.severity).toBe('warning');
    expect(problem?.line).toBeGreaterThanOrEqual(6);
  });
});
