import { describe, expect, it } from 'vitest';
import { parseSigma, printSigma } from '../../src/dialects/sigma/index.js';
import { dialectModule } from '../../src/dialects/registry.js';
import { readBatch } from '../../src/pipeline/batch.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { emptyMeta, not, or, and, predicate, str } from '../../src/ir/build.js';
import { foldComplements, foldConstants } from '../../src/ir/fold.js';
import type { Expr, Rule, SearchQuery } from '../../src/ir/types.js';
import { createSigmaValidator } from '../../src/validation/sigma-schema.js';
import { shippedSigmaSchemas } from '../../src/validation/load-schemas.js';
import { mustParse, ruleText } from '../support/sigma.js';

const validate = createSigmaValidator(shippedSigmaSchemas());
const image = predicate({ field: 'Image', op: 'endswith', values: [str('\\cmd.exe')] });
const user = predicate({ field: 'User', op: 'eq', values: [str('SYSTEM')] });

function ruleOf(filter: Expr, product: string, service?: string): Rule {
  const query: SearchQuery = {
    kind: 'search',
    source: { model: 'sigma', product, ...(service ? { service } : {}), native: {} },
    filter,
  };
  return { meta: emptyMeta('every row'), query, output: [], provenance: { dialect: 'kql' } };
}

function filterRead(text: string): Expr {
  const rule = mustParse(text);
  if (rule.query.kind !== 'search') throw new Error('not a search');
  return rule.query.filter;
}

/** Every document of one conversion, read back and written in `to`. */
function convert(text: string, file: string, to: string): string[] {
  const dialect = file.endsWith('.eql') ? 'eql' : 'sigma';
  return readBatch([{ text, file, dialect }]).map((o) => {
    if (!o.rule) throw new Error(JSON.stringify(o.diagnostics));
    const printed = renderRule(o.rule!, dialectModule(to)!, {}, {});
    if (printed.text === undefined) throw new Error(JSON.stringify(printed.diagnostics));
    return printed.text;
  });
}

describe('a search that is a constant', () => {
  it('folds x or not x to true and x and not x to false, at any depth', () => {
    expect(foldComplements(or([image, not(image)]))).toEqual({ kind: 'const', value: true });
    expect(foldComplements(and([image, not(image)]))).toEqual({ kind: 'const', value: false });
    expect(foldComplements(and([user, or([image, not(image)])]))).toEqual(user);
    expect(foldComplements(or([user, and([image, not(image)])]))).toEqual(user);
    // A list of maps reads each map as a junction of one item.
    expect(foldComplements(or([and([image]), and([not(image)])]))).toEqual({ kind: 'const', value: true });
  });

  it('leaves an expression without a complementary pair as it was', () => {
    const e = or([image, not(user)]);
    expect(foldComplements(e)).toBe(e);
    expect(foldConstants(and([image, { kind: 'const', value: true }]))).toEqual(image);
  });

  it('writes a carried Sentinel table read whole as TimeGenerated present or absent, and reads it back', () => {
    const printed = printSigma(ruleOf({ kind: 'const', value: true }, 'sentinel', 'AWSGuardDuty'));
    expect(printed.text).toContain('- TimeGenerated|exists: true\n');
    expect(printed.text).toContain('- TimeGenerated|exists: false\n');
    expect(printed.diagnostics.map((d) => [d.code, d.fidelity])).toContainEqual([
      'sigma/constant-search',
      'exact',
    ]);
    expect(validate(printed.text!)).toEqual([]);
    expect(filterRead(printed.text!)).toEqual({ kind: 'const', value: true });
  });

  it('writes a search that matches nothing as the pair under and, read back as false', () => {
    const printed = printSigma(ruleOf({ kind: 'const', value: false }, 'elastic', 'redis'));
    expect(printed.text).toContain('@timestamp|exists');
    expect(filterRead(printed.text!)).toEqual({ kind: 'const', value: false });
  });

  it('refuses where no field of the log source is known', () => {
    const rule = ruleOf({ kind: 'const', value: true }, 'windows');
    expect(() => printSigma(rule)).toThrow(/constant true condition has no Sigma form/);
  });

  it('reads a hand-written `selection or not selection` as every event: in EQL the log source selector alone', () => {
    const text = ruleText('selection:\n    Image|endswith: \\cmd.exe\ncondition: selection or not selection');
    expect(filterRead(text)).toEqual({ kind: 'const', value: true });
    expect(convert(text, 'r.yml', 'eql')[0]).toBe(
      'process where host.os.type == "windows" and event.type == "start"',
    );
  });

  it("names a sequence step's key field in the step that tests nothing but its event category", () => {
    const eql = [
      'sequence by host.id, process.entity_id with maxspan=15s',
      '  [process where host.os.type == "macos" and event.type == "start" and process.name == "Automator"]',
      '  [network where host.os.type == "macos"]',
    ].join('\n');
    const [sigma] = convert(eql, 'automator.eql', 'sigma');
    expect(sigma).toContain('- Computer|exists: true\n');
    expect(parseSigma([{ text: sigma!, file: 's.yml' }])[0]!.rules.every((r) => r.rule)).toBe(true);
    const back = convert(sigma!, 's.yml', 'eql').at(-1)!;
    expect(back).toContain('[network where host.os.type == "macos" and event.type == "start"]');
    expect(back).not.toContain('exists');
    expect(back).not.toMatch(/\bnull\b/);
  });
});
