/** EQL's length of a text value, written as a field test that Sigma and KQL can state. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileExpr } from '../../src/engine/expr.js';
import { liftStringLength } from '../../src/lower/string-length.js';
import { renderRule } from '../../src/pipeline/convert.js';
import type { Expr, SearchQuery } from '../../src/ir/types.js';
import { dialect, eqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const kql = dialect('kql');
const LINUX_START = 'process where host.os.type == "linux" and event.type == "start"';

const filterOf = (text: string) => {
  const { rule, diagnostics } = liftStringLength(eqlRule(text));
  return { filter: (rule.query as SearchQuery).filter, diagnostics };
};

describe('EQL length() lifted to field tests', () => {
  it('writes "longer than n" as a regex of at least n + 1 characters, dot matching line breaks', () => {
    const { filter, diagnostics } = filterOf('any where length(process.command_line) > 255');
    expect(filter).toMatchObject({
      kind: 'predicate',
      field: 'process.command_line',
      op: 'regex',
      values: [{ type: 'regex', pattern: '^.{256,}', flags: { s: true, i: false }, anchored: false }],
    });
    expect(diagnostics).toMatchObject([{ code: 'eql/length', fidelity: 'narrower' }]);
    expect(filterOf('any where 200 <= length(process.parent.command_line)').filter).toMatchObject({
      values: [{ pattern: '^.{200,}' }],
    });
  });

  it('writes an empty value as the test of the empty string, and says nothing differs', () => {
    const { filter, diagnostics } = filterOf('file where length(file.extension) == 0');
    expect(filter).toMatchObject({ field: 'file.extension', op: 'eq', values: [{ pattern: [''] }] });
    expect(diagnostics).toMatchObject([{ severity: 'info', code: 'eql/length' }]);
    expect(diagnostics[0]?.fidelity).toBeUndefined();
  });

  it('lifts the steps of a sequence too', () => {
    const { rule } = liftStringLength(
      eqlRule('sequence [any where length(file.name) > 30] [any where length(file.name) > 5]'),
    );
    expect(JSON.stringify(rule.query)).not.toContain('"computed"');
  });

  it('says a negated length test is broader', () => {
    const { filter, diagnostics } = filterOf('any where not length(file.name) > 30');
    expect(filter).toMatchObject({ kind: 'not', item: { field: 'file.name', op: 'regex' } });
    expect(diagnostics).toMatchObject([{ fidelity: 'broader' }]);
  });

  it('leaves lists, upper bounds and counts RE2 cannot repeat', () => {
    for (const text of [
      'registry where length(registry.data.strings) > 0',
      'any where length(process.command_line) < 20',
      'any where length(process.command_line) == 12',
      'any where length(process.command_line) > 5000',
    ]) {
      expect(filterOf(text).filter.kind).toBe('computed');
    }
  });

  it('converts an Elastic rule that tests a command line’s length to Sigma and KQL', () => {
    const rule = eqlRule(`${LINUX_START} and process.name == "curl" and length(process.command_line) > 255`);
    const toSigma = renderRule(rule, sigma);
    expect(toSigma.text).toContain("CommandLine|re|s: '^.{256,}'");
    const toKql = renderRule(rule, kql);
    expect(toKql.text).toContain('ProcessCommandLine matches regex "(?s)^.{256,}"');
  });
});

describe('the lifted length test against the evaluator', () => {
  // Text within the Basic Multilingual Plane, line breaks included: there EQL's count and a regex's agree.
  const text = fc.string({
    unit: fc.constantFrom('a', ' ', '\n', '\r', 'é', '.', '\\', '中'),
    maxLength: 12,
  });
  const op = fc.constantFrom('>', '>=', '<', '<=', '==');

  it('selects the events the EQL comparison selects, where it lifts', () => {
    fc.assert(
      fc.property(text, op, fc.nat({ max: 13 }), fc.boolean(), (value, comparison, n, negate) => {
        const condition = `length(process.command_line) ${comparison} ${n}`;
        const query = `any where ${negate ? `not ${condition}` : condition}`;
        const source = (eqlRule(query).query as SearchQuery).filter;
        const lifted = filterOf(query).filter;
        if (JSON.stringify(lifted).includes('"computed"')) return;
        const event = { process: { command_line: value } };
        const run = (expr: Expr) => compileExpr(expr)(event);
        expect(run(lifted)).toBe(run(source));
      }),
      { numRuns: 500 },
    );
  });
});
