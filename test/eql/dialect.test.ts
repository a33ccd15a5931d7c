import { describe, expect, it } from 'vitest';
import { eqlDialect } from '../../src/dialects/eql/index.js';

describe('eqlDialect', () => {
  it('declares itself', () => {
    expect(eqlDialect.dialect).toBe('eql');
    expect(eqlDialect.extensions).toEqual(['.eql']);
  });

  it('sniffs EQL queries and JSONL of EQL queries, not Kusto or YAML', () => {
    expect(eqlDialect.sniff('/* c */ process where true')).toBe(true);
    expect(eqlDialect.sniff('\n// x\nsequence by host.id [a where true]')).toBe(true);
    expect(eqlDialect.sniff('sample by a [x where true] [y where true]')).toBe(true);
    expect(eqlDialect.sniff('{"id": "a", "query": "any where x == 1"}\n')).toBe(true);
    expect(eqlDialect.sniff('SecurityEvent\n| where EventID == 4688')).toBe(false);
    expect(eqlDialect.sniff('title: x\ndetection:\n  condition: sel')).toBe(false);
  });

  it('reads a plain query file as one rule titled by the file name', () => {
    const [file] = eqlDialect.parse([{ text: 'process where a == 1\n', file: 'rules/my_rule.eql' }]);
    expect(file?.file).toBe('rules/my_rule.eql');
    expect(file?.rules).toHaveLength(1);
    const rule = file?.rules[0]?.rule;
    expect(rule?.meta.title).toBe('my_rule');
    expect(rule?.provenance).toEqual({ dialect: 'eql', file: 'rules/my_rule.eql' });
  });

  it('reports errors of a plain file at their line and column, with the file', () => {
    const [file] = eqlDialect.parse([{ text: 'process where\n  a = 1', file: 'x.eql' }]);
    expect(file?.rules[0]?.rule).toBeUndefined();
    expect(file?.rules[0]?.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'eql/syntax',
        message: 'compare with == instead of =',
        line: 2,
        column: 5,
        file: 'x.eql',
      },
    ]);
  });

  it('reads JSONL records one rule each, errors positioned at the record line', () => {
    const text = [
      '{"id": "r1", "query": "process where a == 1"}',
      '',
      '{"id": "r2", "query": "process where\\n  (a == 1"}',
      'not json',
      '{"id": "r4"}',
      '{"id": "r5", "language": "kuery", "query": "process.name : x"}',
    ].join('\n');
    const [file] = eqlDialect.parse([{ text, file: 'q.jsonl' }]);
    const rules = file?.rules ?? [];
    expect(rules.map((r) => r.document)).toEqual([0, 2, 3, 4, 5]);
    expect(rules[0]?.rule?.meta.title).toBe('r1');
    expect(rules[0]?.rule?.provenance).toEqual({ dialect: 'eql', file: 'q.jsonl', document: 0 });
    expect(rules[1]?.diagnostics[0]).toMatchObject({
      line: 3,
      column: 1,
      document: 2,
      file: 'q.jsonl',
      code: 'eql/syntax',
    });
    expect(rules[1]?.diagnostics[0]?.message).toMatch(/unbalanced.*\(query line 2, column 10\)/);
    expect(rules[2]?.diagnostics[0]).toMatchObject({ line: 4, code: 'eql/jsonl' });
    expect(rules[3]?.diagnostics[0]?.message).toMatch(/"query" string/);
    expect(rules[4]?.diagnostics[0]?.message).toMatch(/kuery, not EQL/);
  });
});
