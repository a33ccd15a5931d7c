import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../support/shared.js';
import type { Expr, Predicate, SequenceQuery } from '../../src/ir/types.js';
import { sameRule } from '../../src/ir/normalize.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { readRule } from './helpers.js';

/** The `query = '''…'''` block of a detection-rules TOML (reading TOML documents is not this suite's job). */
function tomlQuery(text: string): string {
  const m = /^query = '''\r?\n([\s\S]*?)'''/m.exec(text);
  if (!m) throw new Error('no query block');
  return m[1] as string;
}

function predicates(expr: Expr): Predicate[] {
  switch (expr.kind) {
    case 'predicate':
      return [expr];
    case 'and':
    case 'or':
      return expr.items.flatMap(predicates);
    case 'not':
      return predicates(expr.item);
    default:
      return [];
  }
}

describe.skipIf(!hasShared)('DCOM EQL rules (../shared/dcom)', () => {
  const files = hasShared
    ? readdirSync(sharedPath('dcom'))
        .filter((f) => /^elastic_.*\.toml$/.test(f))
        .sort()
    : [];

  it('finds both Elastic DCOM rules', () => {
    expect(files).toEqual([
      'elastic_lateral_movement_dcom_mmc20.toml',
      'elastic_lateral_movement_dcom_shellwindow_shellbrowserwindow.toml',
    ]);
  });

  for (const file of files) {
    describe(file, () => {
      const query = tomlQuery(readFileSync(sharedPath('dcom', file), 'utf8'));
      const rule = readRule(query);

      it('is a sequence with host.id shared and per-step entity ids', () => {
        const q = rule.query as SequenceQuery;
        expect(q.kind).toBe('sequence');
        expect(q.keys).toEqual([
          { fields: ['host.id', 'host.id'] },
          { fields: ['process.entity_id', 'process.parent.entity_id'] },
        ]);
        expect(q.maxspan).toEqual(file.includes('mmc20') ? { value: 1, unit: 'm' } : { value: 5, unit: 's' });
        expect(q.steps.map((s) => s.query.kind === 'search' && s.query.source)).toEqual([
          { model: 'ecs', native: { category: 'network' } },
          { model: 'ecs', native: { category: 'process' } },
        ]);
        expect(q.steps.every((s) => s.runs === undefined && !s.missing)).toBe(true);
      });

      it("keeps each operator's case sensitivity", () => {
        const q = rule.query as SequenceQuery;
        const [network, process] = q.steps.map((s) =>
          s.query.kind === 'search' ? predicates(s.query.filter) : [],
        );
        const byField = (ps: Predicate[] | undefined, field: string) => ps?.filter((p) => p.field === field);
        expect(byField(network, 'host.os.type')).toMatchObject([
          { op: 'eq', cased: true, values: [{ pattern: ['windows'] }] },
        ]);
        expect(byField(network, 'network.direction')).toMatchObject([
          { op: 'eq', cased: false, values: [{ pattern: ['incoming'] }, { pattern: ['ingress'] }] },
        ]);
        expect(byField(network, 'source.ip')).toMatchObject([
          { op: 'eq', cased: true },
          { op: 'eq', cased: true },
        ]);
        expect(byField(network, 'source.port')).toMatchObject([
          { op: file.includes('mmc20') ? 'gte' : 'gt', values: [{ type: 'number' }] },
        ]);
        expect(byField(process, 'process.parent.name')).toMatchObject([{ op: 'eq', cased: false }]);
      });

      it('prints back to EQL that reads as the same rule, and printing is a fixed point', () => {
        const text = eqlDialect.print(rule).text;
        expect(
          text.startsWith(
            `sequence by host.id with maxspan=${file.includes('mmc20') ? '1m' : '5s'}\n  [network where`,
          ),
        ).toBe(true);
        expect(text).toMatch(/\n {2}\] by process\.entity_id\n {2}\[process where /);
        expect(text.endsWith('] by process.parent.entity_id')).toBe(true);
        const again = readRule(text);
        expect(sameRule(again, rule)).toBe(true);
        expect(eqlDialect.print(again).text).toBe(text);
      });
    });
  }
});
