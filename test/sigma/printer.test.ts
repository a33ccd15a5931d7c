import { describe, expect, it } from 'vitest';
import { printSigma } from '../../src/dialects/sigma/index.js';
import { and, emptyMeta, not, or, predicate } from '../../src/ir/build.js';
import { ANY } from '../../src/ir/pattern.js';
import { sameExpr } from '../../src/ir/normalize.js';
import type { Expr, Rule } from '../../src/ir/types.js';
import { mustParse, reprint, ruleText } from '../support/sigma.js';
import { createSigmaValidator } from '../../src/validation/sigma-schema.js';
import { shippedSigmaSchemas } from '../../src/validation/load-schemas.js';

const validate = createSigmaValidator(shippedSigmaSchemas());

function ruleWith(filter: Expr): Rule {
  return {
    meta: emptyMeta('printed'),
    query: {
      kind: 'search',
      source: { model: 'sigma', category: 'process_creation', product: 'windows', native: {} },
      filter,
    },
    output: [],
    provenance: { dialect: 'eql' },
  };
}

function fail(): never {
  throw new Error('not a search');
}

function filterOfRule(rule: Rule): Expr {
  return rule.query.kind === 'search' ? rule.query.filter : fail();
}

function detectionOf(text: string): string {
  return text.slice(text.indexOf('detection:'));
}

const str = (...pattern: (string | { wildcard: '*' | '?' })[]) => ({ type: 'string' as const, pattern });

describe('Sigma printer', () => {
  it('writes modifiers, not hand-made wildcards', () => {
    const text = printSigma(
      ruleWith(
        and([
          predicate({ field: 'Image', op: 'eq', values: [str(ANY, '\\mmc.exe')] }),
          predicate({
            field: 'CommandLine',
            op: 'eq',
            values: [str(ANY, '-Embedding', ANY), str(ANY, '/Embedding', ANY)],
          }),
          predicate({ field: 'ParentImage', op: 'eq', values: [str('C:\\Windows\\', ANY)], cased: true }),
        ]),
      ),
    ).text;
    expect(detectionOf(text)).toBe(
      `detection:
    selection:
        Image|endswith: '\\mmc.exe'
        CommandLine|contains:
            - '-Embedding'
            - '/Embedding'
        ParentImage|startswith|cased: 'C:\\Windows\\'
    condition: selection
`,
    );
    expect(validate(text)).toEqual([]);
  });

  it('names negated parts as filters; alternatives of maps become one list of maps', () => {
    const text = printSigma(
      ruleWith(
        and([
          predicate({ field: 'Image', op: 'endswith', values: [str('\\a.exe')] }),
          not(
            or([
              predicate({ field: 'User', op: 'startswith', values: [str('adm_')] }),
              predicate({ field: 'Parent', op: 'eq', values: [str('x')] }),
            ]),
          ),
        ]),
      ),
    ).text;
    expect(detectionOf(text)).toBe(
      `detection:
    selection:
        Image|endswith: '\\a.exe'
    filter:
        - User|startswith: 'adm_'
        - Parent: 'x'
    condition: selection and not filter
`,
    );
    expect(validate(text)).toEqual([]);
  });

  it('keeps the source’s identifier names and its condition shape', () => {
    const source = ruleText(
      `selection:\n    Image|endswith: '\\x.exe'\nfilter_main_a:\n    User: 'a'\nfilter_main_b:\n    User|contains: 'b'\ncondition: selection and not 1 of filter_main_*`,
    );
    expect(detectionOf(reprint(source))).toBe(detectionOf(source) + '');
  });

  it('merges repeated keys into |all and writes neq, exists false, null and empty', () => {
    const text = printSigma(
      ruleWith(
        and([
          predicate({ field: 'C', op: 'contains', values: [str('a')] }),
          predicate({ field: 'C', op: 'contains', values: [str('b')] }),
          not(predicate({ field: 'N', op: 'eq', values: [{ type: 'number', value: 0 }] })),
          not(predicate({ field: 'E', op: 'exists' })),
        ]),
      ),
    ).text;
    expect(detectionOf(text)).toBe(
      `detection:
    selection:
        C|contains|all:
            - 'a'
            - 'b'
        N|neq: 0
        E|exists: false
    condition: selection
`,
    );
  });

  it('splits what a map cannot hold into several identifiers', () => {
    const rule = ruleWith(
      or([
        and([
          predicate({ field: 'A', op: 'eq', values: [str('1')] }),
          predicate({ field: 'B', op: 'eq', values: [str('2')] }),
        ]),
        and([
          predicate({ field: 'A', op: 'eq', values: [str('3')] }),
          not(predicate({ field: 'B', op: 'null' })),
        ]),
      ]),
    );
    const text = printSigma(rule).text;
    expect(
      sameExpr(rule.query.kind === 'search' ? rule.query.filter : fail(), filterOfRule(mustParse(text))),
    ).toBe(true);
    expect(validate(text)).toEqual([]);
  });

  it('refuses what Sigma cannot say instead of guessing', () => {
    expect(() =>
      printSigma(ruleWith({ kind: 'computed', dialect: 'eql', term: { kind: 'field', field: 'x' } })),
    ).toThrow(/no Sigma form/);
    expect(() => printSigma(ruleWith({ kind: 'const', value: true }))).toThrow(/no Sigma form/);
  });

  it('reports a term match written as contains as broader', () => {
    const result = printSigma(
      ruleWith(predicate({ field: 'CommandLine', op: 'term', values: [str('mimikatz')] })),
    );
    expect(result.text).toContain("CommandLine|contains: 'mimikatz'");
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'sigma/term-as-contains', fidelity: 'broader' }),
    );
  });

  it('anchors a whole-value (Lucene) regex so it keeps its meaning', () => {
    const text = printSigma(
      ruleWith(
        predicate({
          field: 'F',
          op: 'regex',
          cased: true,
          values: [
            {
              type: 'regex',
              pattern: 'a.*b',
              flags: { i: true, m: false, s: false },
              flavour: 'lucene',
              anchored: true,
            },
          ],
        }),
      ),
    ).text;
    expect(text).toContain("F|re|i: '^(?:a.*b)$'");
  });

  it('quotes every awkward value so that it reads back', () => {
    const values = [
      "it's",
      'a: b',
      '# c',
      '"q"',
      'tab\there',
      'line\nbreak',
      ' lead',
      'trail ',
      '- x',
      '@x',
      '%x%',
      'ü✓',
      '\u2028',
    ];
    const rule = ruleWith(predicate({ field: 'F', op: 'eq', values: values.map((v) => str(v)) }));
    const text = printSigma(rule).text;
    expect(sameExpr(filterOfRule(rule), filterOfRule(mustParse(text)))).toBe(true);
  });
});
