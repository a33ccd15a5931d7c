import { describe, expect, it } from 'vitest';
import type { Expr, Predicate, Rule } from '../../src/ir/types.js';
import { ANY, ONE } from '../../src/ir/pattern.js';
import { sameExpr } from '../../src/ir/normalize.js';
import { errorOf, filterOf, readRule } from './helpers.js';

function pred(expr: Expr): Predicate {
  if (expr.kind !== 'predicate') throw new Error(`expected a predicate, got ${expr.kind}`);
  return expr;
}

function strip(expr: Expr): unknown {
  // Positions are where the text was; the shape is what these tests compare.
  return JSON.parse(JSON.stringify(expr, (k, v) => (k === 'pos' ? undefined : v)));
}

describe('EQL strings', () => {
  it('reads every escape', () => {
    const p = pred(filterOf('any where a == "q\\"b\\\\t\\tn\\nr\\rf\\fb\\b\'\\\'"'));
    expect(p.values).toEqual([{ type: 'string', pattern: ["q\"b\\t\tn\nr\rf\fb\b''"] }]);
  });

  it('reads \\u{…} escapes of 2 to 8 hex digits, several in one string', () => {
    const p = pred(filterOf('any where a == "x\\u{41}\\u{202E}\\u{0001F600}"'));
    expect(p.values).toEqual([{ type: 'string', pattern: ['xA\u202E\u{1F600}'] }]);
  });

  it('reads """raw""" strings without escapes, with up to two extra closing quotes', () => {
    expect(pred(filterOf('any where a : """C:\\Windows\\*"""')).values).toEqual([
      { type: 'string', pattern: ['C:\\Windows\\', ANY] },
    ]);
    expect(pred(filterOf('any where a == """""x"""""')).values).toEqual([
      { type: 'string', pattern: ['""x""'] },
    ]);
  });

  it('rejects unknown escapes, bad \\u escapes and single quotes with positions', () => {
    expect(errorOf('process where a == "C:\\Windows"')).toMatchObject({
      line: 1,
      column: 23,
      code: 'eql/syntax',
    });
    expect(errorOf('process where a == "C:\\Windows"').message).toMatch(/unknown escape \\W/);
    expect(errorOf('process where a == "\\u{1}"').message).toMatch(/unicode escape/);
    expect(errorOf("process where a == 'x'").message).toMatch(/single quotes/);
    expect(errorOf('process where a == "x').message).toMatch(/unterminated string/);
  });
});

describe('EQL fields and names', () => {
  it('reads optional fields and records them on the source', () => {
    const rule = readRule('process where ?process.parent.name == "x" and ?a.b != null and c == 1');
    expect(rule.query.kind === 'search' && rule.query.source.native).toEqual({
      category: 'process',
      optionalFields: ['a.b', 'process.parent.name'],
    });
    expect(pred(filterOf('process where ?process.parent.name == "x"')).field).toBe('process.parent.name');
  });

  it('reads backticked names (a doubled backtick is one), @timestamp and array indexes', () => {
    expect(pred(filterOf('any where `my field`.`a``b` == 1')).field).toBe('my field.a`b');
    expect(pred(filterOf('any where @timestamp > 5')).field).toBe('@timestamp');
    expect(pred(filterOf('any where process.args[0] : "x"')).field).toBe('process.args[0]');
  });

  it('reads quoted event categories and any', () => {
    const quoted = readRule('"my-category" where a == 1');
    expect(quoted.query.kind === 'search' && quoted.query.source.native.category).toBe('my-category');
    const any = readRule('any where a == 1');
    expect(any.query.kind === 'search' && any.query.source).toEqual({
      model: 'ecs',
      native: { category: 'any' },
    });
  });

  it('keeps keywords lower-case only: AND is a field name', () => {
    expect(errorOf('process where a == 1 AND b == 2').message).toMatch(/AND/);
  });

  it('skips // and /* */ comments, and an unterminated comment is an error', () => {
    const expr = filterOf('process where /* block\n comment */ a == 1 // line comment\n and b == 2');
    expect(expr.kind).toBe('and');
    expect(errorOf('process where a == 1 /* open').message).toMatch(/unterminated comment/);
  });
});

describe('EQL operators → IR semantics', () => {
  it('== is case-sensitive with no wildcards (a * is literal text)', () => {
    expect(strip(filterOf('any where a == "x*y"'))).toMatchObject({
      op: 'eq',
      cased: true,
      values: [{ type: 'string', pattern: ['x*y'] }],
    });
  });

  it(': is case-insensitive with * and ? wildcards; lists mean any of', () => {
    expect(strip(filterOf('any where a : ("?:\\\\x*", "y")'))).toMatchObject({
      op: 'eq',
      cased: false,
      matchAll: false,
      values: [
        { type: 'string', pattern: [ONE, ':\\x', ANY] },
        { type: 'string', pattern: ['y'] },
      ],
    });
  });

  it('like is case-sensitive wildcards, like~ case-insensitive (the same as :)', () => {
    expect(pred(filterOf('any where a like "x*"')).cased).toBe(true);
    expect(sameExpr(filterOf('any where a like~ "x*"'), filterOf('any where a : "x*"'))).toBe(true);
  });

  it('in is case-sensitive, in~ insensitive, neither has wildcards; not in negates', () => {
    expect(strip(filterOf('any where a in ("x*", 5)'))).toMatchObject({
      op: 'eq',
      cased: true,
      values: [
        { type: 'string', pattern: ['x*'] },
        { type: 'number', value: 5 },
      ],
    });
    expect(strip(filterOf('any where a in~ ("X*")'))).toMatchObject({
      op: 'eq',
      cased: false,
      values: [{ type: 'string', pattern: ['X*'] }],
    });
    const negated = filterOf('any where a not in~ ("x", "y",)');
    expect(negated.kind === 'not' && pred(negated.item).values).toHaveLength(2);
  });

  it('regex and regex~ are whole-value Lucene regexes', () => {
    expect(pred(filterOf('any where a regex "[0-9]+"')).values).toEqual([
      {
        type: 'regex',
        pattern: '[0-9]+',
        flags: { i: false, m: false, s: false },
        flavour: 'lucene',
        anchored: true,
      },
    ]);
    expect(
      pred(filterOf('any where a regex~ ("x.*", "y")')).values.map((v) => v.type === 'regex' && v.flags.i),
    ).toEqual([true, true]);
  });

  it('!= is not(==); == null and != null test absence', () => {
    expect(strip(filterOf('any where a != "x"'))).toMatchObject({
      kind: 'not',
      item: { op: 'eq', cased: true },
    });
    expect(strip(filterOf('any where a == null'))).toMatchObject({
      kind: 'predicate',
      op: 'null',
      values: [],
    });
    expect(strip(filterOf('any where a != null'))).toMatchObject({ kind: 'not', item: { op: 'null' } });
  });

  it('orders comparisons with numbers, including negative ones, and flips a literal on the left', () => {
    expect(strip(filterOf('any where a >= -5'))).toMatchObject({
      op: 'gte',
      values: [{ type: 'number', value: -5 }],
    });
    expect(strip(filterOf('any where 5 < a'))).toMatchObject({
      op: 'gt',
      field: 'a',
      values: [{ type: 'number', value: 5 }],
    });
    expect(strip(filterOf('any where a <= 1.5e3'))).toMatchObject({
      op: 'lte',
      values: [{ type: 'number', value: 1500 }],
    });
  });

  it('compares two fields with a fieldref value', () => {
    expect(strip(filterOf('any where a == b'))).toMatchObject({
      op: 'eq',
      cased: true,
      values: [{ type: 'fieldref', field: 'b' }],
    });
  });

  it('reads true/false as constants and booleans as values', () => {
    expect(filterOf('any where true')).toEqual({ kind: 'const', value: true });
    expect(strip(filterOf('any where a == false'))).toMatchObject({
      values: [{ type: 'boolean', value: false }],
    });
  });

  it('gives not, and, or their precedence (not binds to one comparison)', () => {
    const expr = filterOf('any where not a : "x" and b == 1 or c == 2');
    expect(strip(expr)).toMatchObject({
      kind: 'or',
      items: [
        { kind: 'and', items: [{ kind: 'not', item: { field: 'a' } }, { field: 'b' }] },
        { field: 'c' },
      ],
    });
    expect(strip(filterOf('any where not not a == 1'))).toMatchObject({ kind: 'not', item: { kind: 'not' } });
    expect(strip(filterOf('any where a == 1 and (b == 1 or c == 1)'))).toMatchObject({
      kind: 'and',
      items: [{}, { kind: 'or' }],
    });
  });
});

describe('EQL functions', () => {
  it('turns startsWith/endsWith/stringContains on a field into predicates, ~ meaning case-insensitive', () => {
    expect(strip(filterOf('any where startsWith~(a, "x*")'))).toMatchObject({
      op: 'startswith',
      cased: false,
      values: [{ pattern: ['x*'] }],
    });
    expect(strip(filterOf('any where ENDSWITH(a, "x")'))).toMatchObject({ op: 'endswith', cased: true });
    expect(strip(filterOf('any where stringcontains~(a, "x")'))).toMatchObject({
      op: 'contains',
      cased: false,
    });
  });

  it('turns cidrMatch (any letter case) into a cidr predicate', () => {
    expect(strip(filterOf('any where cidrmatch(destination.ip, "10.0.0.0/8", "::1")'))).toMatchObject({
      op: 'cidr',
      values: [
        { type: 'cidr', cidr: '10.0.0.0/8' },
        { type: 'cidr', cidr: '::1' },
      ],
    });
  });

  it('keeps computed conditions as EQL terms', () => {
    expect(filterOf('any where length(process.args) > 3')).toEqual({
      kind: 'computed',
      dialect: 'eql',
      term: {
        kind: 'binary',
        op: '>',
        left: { kind: 'call', name: 'length', args: [{ kind: 'field', field: 'process.args' }] },
        right: { kind: 'value', value: { type: 'number', value: 3 } },
      },
    });
    expect(strip(filterOf('any where substring(a, 0, -1) == "x"'))).toMatchObject({
      kind: 'computed',
      term: { op: '==', left: { name: 'substring' } },
    });
    expect(strip(filterOf('any where startsWith~(host.name, substring(user.name, 0, -1))'))).toMatchObject({
      kind: 'computed',
      term: { kind: 'call', name: 'startswith~' },
    });
  });

  it('reads every Elasticsearch function, and arithmetic with its precedence', () => {
    const calls = [
      'add(a, 1) == 2',
      'between(a, "x", "y") == "z"',
      'between~(a, "x", "y", true) == "z"',
      'concat(a, "x", b) == "y"',
      'divide(a, 2) == 1',
      'indexOf(a, "x") == 1',
      'indexOf~(a, "x", 2) == 1',
      'length(a) == 1',
      'modulo(a, 2) == 1',
      'multiply(a, 2) == 4',
      'number(a) == 1',
      'number(a, 16) == 1',
      'string(a) == "1"',
      'substring(a, 1) == "x"',
      'subtract(a, 1) == 0',
    ];
    for (const c of calls) expect(filterOf(`any where ${c}`).kind, c).toBe('computed');
    // Substring functions of two fields are substring tests against another field (Sigma's fieldref).
    for (const [c, op, cased] of [
      ['endsWith~(a, b)', 'endswith', false],
      ['startsWith(a, b)', 'startswith', true],
      ['stringContains(a, b)', 'contains', true],
    ] as const) {
      expect(filterOf(`any where ${c}`), c).toMatchObject({
        kind: 'predicate',
        field: 'a',
        op,
        cased,
        values: [{ type: 'fieldref', field: 'b' }],
      });
    }
    expect(strip(filterOf('any where a + b * 2 - -c % 3 > 1'))).toMatchObject({
      term: {
        op: '>',
        left: {
          op: '-',
          left: { op: '+', left: { field: 'a' }, right: { op: '*' } },
          right: { op: '%', left: { op: '-', left: { value: { value: 0 } }, right: { field: 'c' } } },
        },
      },
    });
  });

  it('rejects unknown functions, ~ where there is no ~ form, and wrong argument counts', () => {
    expect(errorOf('any where wildcard(a, "x")').message).toMatch(/unknown function wildcard/);
    expect(errorOf('any where length~(a) > 1').message).toMatch(/no case-insensitive form/);
    expect(errorOf('any where length(a, b) > 1').message).toMatch(/takes 1 argument/);
  });
});

describe('EQL sequences, samples and pipes', () => {
  it('reads shared and per-step keys as index-aligned join keys', () => {
    const rule = readRule(
      'sequence by host.id, ?user.id with maxspan=30s [process where a == 1] by p.id [file where b == 1] by f.id',
    );
    const q = rule.query;
    expect(q.kind).toBe('sequence');
    if (q.kind !== 'sequence') return;
    expect(q.keys).toEqual([
      { fields: ['host.id', 'host.id'] },
      { fields: ['user.id', 'user.id'] },
      { fields: ['p.id', 'f.id'] },
    ]);
    expect(q.maxspan).toEqual({ value: 30, unit: 's' });
    expect(q.steps.map((s) => s.query.kind === 'search' && s.query.source.native)).toEqual([
      { category: 'process', optionalFields: ['user.id'] },
      { category: 'file', optionalFields: ['user.id'] },
    ]);
  });

  it('reads runs, missing events, until and every maxspan unit', () => {
    for (const unit of ['ms', 's', 'm', 'h', 'd']) {
      const r = readRule(`sequence with maxspan=5${unit} [a where true] [b where true]`);
      expect(r.query.kind === 'sequence' && r.query.maxspan).toEqual({ value: 5, unit });
    }
    const r = readRule(
      'sequence by k with maxspan = 2 m [a where x == 1] with runs=3 ![b where y == 1] [c where true] until [d where z == 1]',
    );
    if (r.query.kind !== 'sequence') throw new Error('not a sequence');
    expect(r.query.steps.map((s) => [s.runs, s.missing])).toEqual([
      [3, undefined],
      [undefined, true],
      [undefined, undefined],
    ]);
    expect(r.query.until?.query.kind).toBe('search');
    expect(r.query.keys).toEqual([{ fields: ['k', 'k', 'k', 'k'] }]);
  });

  it('reads sample by as a temporal query', () => {
    const r: Rule = readRule(
      'sample by host.id [process where a == 1] by user.id [network where b == 2] by source.user.id',
    );
    expect(r.query).toMatchObject({
      kind: 'temporal',
      keys: [{ fields: ['host.id', 'host.id'] }, { fields: ['user.id', 'source.user.id'] }],
    });
    expect(errorOf('sample [process where a == 1]').message).toMatch(/at least two/);
  });

  it('reads | head and | tail as output stages', () => {
    expect(readRule('process where true | head 5 | tail 2').output).toEqual([
      { kind: 'head', count: 5 },
      { kind: 'tail', count: 2 },
    ]);
    expect(errorOf('process where true | count').message).toMatch(/count is not supported/);
  });

  it('rejects inconsistent keys and missing events without maxspan', () => {
    expect(errorOf('sequence [a where true] by x [b where true]').message).toMatch(/same number of by keys/);
    expect(errorOf('sequence [a where true] ![b where true]').message).toMatch(
      /needs the sequence to have a maxspan/,
    );
    expect(errorOf('sample [a where true] with runs=2 [b where true]').message).toMatch(/runs/);
  });
});

describe('EQL syntax errors', () => {
  const cases: Array<[string, RegExp, number, number]> = [
    ['process where a = 1', /== instead of =/, 1, 17],
    ['process where (a == 1', /expected `\)`.*unbalanced/, 1, 22],
    ['sequence\n  [process where a == 1\n  [file where b == 2]', /expected `\]`/, 3, 3],
    ['process where a == 1)', /unexpected `\)`/, 1, 21],
    [
      'sequence with maxspan=150 [a where true]',
      /missing time unit in maxspan=150: did you mean 150s\?/,
      1,
      23,
    ],
    ['sequence with maxspan=5 weeks [a where true]', /unknown time unit weeks/, 1, 25],
    ['process where', /expected a condition but found the end/, 1, 14],
    ['process where a == ', /expected a value, a field or a function call but found the end/, 1, 19],
    ['process a == 1', /expected `where`/, 1, 9],
    ['process where a == 1 and', /found the end of the query/, 1, 25],
    ['process where a # 1', /unexpected character `#`/, 1, 17],
    ['process where a : b', /expected a string or a parenthesised list of strings/, 1, 19],
  ];
  for (const [query, message, line, column] of cases) {
    it(`reports ${JSON.stringify(query)} at ${line}:${column}`, () => {
      const d = errorOf(query);
      expect(d.message).toMatch(message);
      expect([d.line, d.column]).toEqual([line, column]);
      expect(d.severity).toBe('error');
    });
  }

  it('reports semantic problems at their position', () => {
    expect(errorOf('process where\n  x == 1 and\n  process.name')).toMatchObject({
      line: 3,
      column: 3,
      code: 'eql/semantics',
    });
  });
});
