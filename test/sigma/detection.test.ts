import { describe, expect, it } from 'vitest';
import { errorOf, filterOf, mustParse, parseOne, ruleText } from '../support/sigma.js';
import { ANY } from '../../src/ir/pattern.js';
import type { Expr, Predicate } from '../../src/ir/types.js';

function pred(
  field: string | null,
  op: Predicate['op'],
  values: Predicate['values'],
  extra: Partial<Predicate> = {},
): Predicate {
  return { kind: 'predicate', field, op, values, matchAll: false, cased: false, transforms: [], ...extra };
}
const s = (...pattern: (string | { wildcard: '*' | '?' })[]) => ({ type: 'string' as const, pattern });

describe('Sigma detection → IR', () => {
  it('a plain value is whole-value, case-insensitive equality', () => {
    expect(filterOf(`sel:\n    Image: 'C:\\Windows\\x.exe'\ncondition: sel`)).toEqual(
      pred('Image', 'eq', [s('C:\\Windows\\x.exe')]),
    );
  });

  it('contains/startswith/endswith become wildcard patterns in normal form', () => {
    expect(filterOf(`sel:\n    CommandLine|contains: 'x'\ncondition: sel`)).toEqual(
      pred('CommandLine', 'eq', [s(ANY, 'x', ANY)]),
    );
    expect(filterOf(`sel:\n    Image|endswith: '\\mmc.exe'\ncondition: sel`)).toEqual(
      pred('Image', 'eq', [s(ANY, '\\mmc.exe')]),
    );
    expect(filterOf(`sel:\n    Image|startswith: 'C:\\'\ncondition: sel`)).toEqual(
      pred('Image', 'eq', [s('C:\\', ANY)]),
    );
  });

  it('a value list is OR, and |all makes it AND', () => {
    const any = filterOf(`sel:\n    F: [a, b]\ncondition: sel`);
    expect(any.kind).toBe('or');
    const all = filterOf(`sel:\n    F|contains|all: [a, b]\ncondition: sel`);
    expect(all).toEqual({
      kind: 'and',
      items: [pred('F', 'eq', [s(ANY, 'a', ANY)]), pred('F', 'eq', [s(ANY, 'b', ANY)])],
    });
  });

  it('a list of maps is OR of ANDs, equal to the value-list form when the maps have one key', () => {
    expect(filterOf(`sel:\n    - F: a\n    - F: b\ncondition: sel`)).toEqual(
      filterOf(`sel:\n    F: [a, b]\ncondition: sel`),
    );
  });

  it('null is absence, empty string is an empty value, and they differ', () => {
    expect(filterOf(`sel:\n    F: null\ncondition: sel`)).toEqual(pred('F', 'null', []));
    expect(filterOf(`sel:\n    F: ''\ncondition: sel`)).toEqual(pred('F', 'eq', [s()]));
  });

  it('exists true/false', () => {
    expect(filterOf(`sel:\n    F|exists: true\ncondition: sel`)).toEqual(pred('F', 'exists', []));
    expect(filterOf(`sel:\n    F|exists: false\ncondition: sel`)).toEqual({
      kind: 'not',
      item: pred('F', 'exists', []),
    });
  });

  it('cased, and numbers stay numbers while quoted numbers stay strings', () => {
    expect(filterOf(`sel:\n    F|cased: Abc\ncondition: sel`)).toEqual(
      pred('F', 'eq', [s('Abc')], { cased: true }),
    );
    expect(filterOf(`sel:\n    EventID: 4688\ncondition: sel`)).toEqual(
      pred('EventID', 'eq', [{ type: 'number', value: 4688 }]),
    );
    expect(filterOf(`sel:\n    EventID: '4688'\ncondition: sel`)).toEqual(pred('EventID', 'eq', [s('4688')]));
  });

  it('neq negates the whole item', () => {
    expect(filterOf(`sel:\n    F|neq: [a, b]\ncondition: sel`)).toEqual({
      kind: 'not',
      item: { kind: 'or', items: [pred('F', 'eq', [s('a')]), pred('F', 'eq', [s('b')])] },
    });
  });

  it('re with flags is a case-sensitive substring PCRE regex unless i', () => {
    expect(filterOf(`sel:\n    F|re|i|s: '^a.b$'\ncondition: sel`)).toEqual(
      pred(
        'F',
        'regex',
        [
          {
            type: 'regex',
            pattern: '^a.b$',
            flags: { i: true, m: false, s: true },
            flavour: 'pcre',
            anchored: false,
          },
        ],
        { cased: true },
      ),
    );
  });

  it('cidr, comparisons, fieldref, time parts', () => {
    expect(filterOf(`sel:\n    Ip|cidr: 10.0.0.0/8\ncondition: sel`)).toEqual(
      pred('Ip', 'cidr', [{ type: 'cidr', cidr: '10.0.0.0/8' }]),
    );
    expect(filterOf(`sel:\n    Port|gte: 49152\ncondition: sel`)).toEqual(
      pred('Port', 'gte', [{ type: 'number', value: 49152 }]),
    );
    expect(filterOf(`sel:\n    A|fieldref: B\ncondition: sel`)).toEqual(
      pred('A', 'eq', [{ type: 'fieldref', field: 'B' }]),
    );
    expect(filterOf(`sel:\n    A|fieldref|startswith: B\ncondition: sel`)).toEqual(
      pred('A', 'startswith', [{ type: 'fieldref', field: 'B' }]),
    );
    expect(filterOf(`sel:\n    T|hour|gte: 22\ncondition: sel`)).toEqual(
      pred('T', 'gte', [{ type: 'number', value: 22 }], { datePart: 'hour' }),
    );
  });

  it('value transforms stay symbolic, in order', () => {
    expect(filterOf(`sel:\n    C|wide|base64offset|contains: ping\ncondition: sel`)).toEqual(
      pred('C', 'contains', [s('ping')], { transforms: ['wide', 'base64offset'] }),
    );
    expect(filterOf(`sel:\n    C|contains|windash: ' -enc'\ncondition: sel`)).toEqual(
      pred('C', 'contains', [s(' -enc')], { transforms: ['windash'] }),
    );
  });

  it('placeholders under expand', () => {
    expect(filterOf(`sel:\n    Host|expand: '%DomainControllers%'\ncondition: sel`)).toEqual(
      pred('Host', 'eq', [{ type: 'string', pattern: [{ placeholder: 'DomainControllers' }] }]),
    );
  });

  it('keywords: a plain list is OR of field-less values, |all makes it AND', () => {
    expect(filterOf(`keywords:\n    - mimikatz\n    - 'sekurlsa::'\ncondition: keywords`)).toEqual({
      kind: 'or',
      items: [pred(null, 'eq', [s('mimikatz')]), pred(null, 'eq', [s('sekurlsa::')])],
    });
    expect(filterOf(`keywords:\n    '|all':\n        - a\n        - b\ncondition: keywords`).kind).toBe(
      'and',
    );
  });

  it('null mixed into a list is accepted with a warning (pySigma does), as OR', () => {
    const { rule, diagnostics } = parseOne(ruleText(`sel:\n    F: [a, null]\ncondition: sel`));
    expect(rule).toBeDefined();
    expect(diagnostics.map((d) => d.code)).toContain('sigma/null-in-list');
  });
});

describe('Sigma conditions', () => {
  const three = `a:\n    F: a\nb:\n    F: b\nc:\n    F: c\n`;
  const fa = pred('F', 'eq', [s('a')]);
  const fb = pred('F', 'eq', [s('b')]);
  const fc = pred('F', 'eq', [s('c')]);

  it('or < and < not', () => {
    const expected: Expr = {
      kind: 'or',
      items: [fa, { kind: 'and', items: [fb, { kind: 'not', item: fc }] }],
    };
    expect(filterOf(three + 'condition: a or b and not c')).toEqual(expected);
    expect(filterOf(three + 'condition: (a or b) and not c')).toEqual({
      kind: 'and',
      items: [
        { kind: 'not', item: fc },
        { kind: 'or', items: [fa, fb] },
      ],
    });
  });

  it('1 of / all of patterns and them, which skips _-prefixed identifiers', () => {
    const text = `sel_a:\n    F: a\nsel_b:\n    F: b\n_c:\n    F: c\n`;
    expect(filterOf(text + 'condition: 1 of sel_*')).toEqual({ kind: 'or', items: [fa, fb] });
    expect(filterOf(text + 'condition: all of them')).toEqual({ kind: 'and', items: [fa, fb] });
    expect(filterOf(text + 'condition: 1 of _*')).toEqual(fc);
    expect(filterOf(text + 'condition: any of sel_*')).toEqual({ kind: 'or', items: [fa, fb] });
  });

  it('a list of conditions is their OR', () => {
    expect(filterOf(three + 'condition:\n    - a\n    - b')).toEqual({ kind: 'or', items: [fa, fb] });
  });

  it('errors name the problem, with line and column', () => {
    const unknown = errorOf(ruleText(`sel:\n    F: a\ncondition: sel and nope`));
    expect(unknown.code).toBe('sigma/unknown-identifier');
    expect(unknown.message).toContain("'nope'");
    expect([unknown.line, unknown.column]).toEqual([8, 24]);

    const upper = errorOf(ruleText(`sel:\n    F: a\ncondition: sel AND sel`));
    expect(upper.code).toBe('sigma/bad-condition');
    expect(upper.message).toContain('lower case');

    const unbalanced = errorOf(ruleText(`sel:\n    F: a\ncondition: (sel`));
    expect(unbalanced.code).toBe('sigma/bad-condition');
    expect(unbalanced.line).toBe(8);

    const empty = errorOf(ruleText(`sel:\n    F: a\ncondition: 1 of x*`));
    expect(empty.code).toBe('sigma/empty-selector');
  });
});

describe('Sigma input errors', () => {
  it('an unknown modifier points at its key', () => {
    const e = errorOf(ruleText(`sel:\n    Image|endswithh: x\ncondition: sel`));
    expect(e.code).toBe('sigma/unknown-modifier');
    expect(e.message).toContain("'endswithh'");
    expect([e.line, e.column]).toEqual([7, 9]);
  });

  it('broken YAML gives the loader position', () => {
    const [file] = (() => {
      const { diagnostics } = parseOne('title: x\ndetection:\n  sel: [a\n');
      return [diagnostics[0]];
    })();
    expect(file?.code).toBe('sigma/yaml');
    expect(file?.line).toBeGreaterThan(0);
  });

  it('a missing detection, condition, and bad modifier combinations', () => {
    expect(errorOf('title: x\nlogsource:\n    product: windows\n').code).toBe('sigma/missing-detection');
    expect(errorOf(ruleText(`sel:\n    F: a`)).code).toBe('sigma/missing-condition');
    expect(errorOf(ruleText(`sel:\n    F|contains|endswith: a\ncondition: sel`)).code).toBe(
      'sigma/unknown-modifier',
    );
    expect(errorOf(ruleText(`sel:\n    F|i: a\ncondition: sel`)).code).toBe('sigma/unknown-modifier');
    expect(errorOf(ruleText(`sel:\n    F|base64: 'a*'\ncondition: sel`)).code).toBe(
      'sigma/wildcard-in-base64',
    );
    expect(errorOf(ruleText(`sel:\n    F|cidr: 'not-a-net'\ncondition: sel`)).code).toBe('sigma/bad-cidr');
    expect(errorOf(ruleText(`sel:\n    F|gt: abc\ncondition: sel`)).code).toBe('sigma/bad-number');
    expect(errorOf(ruleText(`sel:\n    F|exists: yes\ncondition: sel`)).code).toBe('sigma/bad-value');
  });

  it('one broken document does not stop the others', () => {
    const good = ruleText(`sel:\n    F: a\ncondition: sel`);
    const bad = ruleText(`sel:\n    F|nope: a\ncondition: sel`);
    const rule = mustParse(good);
    expect(rule.meta.title).toBe('test rule');
    const { rule: none } = parseOne(bad);
    expect(none).toBeUndefined();
  });
});
