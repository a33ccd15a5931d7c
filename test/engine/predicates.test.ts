import { describe, expect, it } from 'vitest';
import { predicate } from '../../src/ir/build.js';
import { compileExpr, compilePredicate, EngineError, readField, MISSING } from '../../src/engine/index.js';
import { lit, pat, sigma } from './helpers.js';

describe('field access', () => {
  const nested = { process: { parent: { name: 'svchost.exe' } } };
  const dotted = { 'process.parent.name': 'svchost.exe' };
  const mixed = { process: { 'parent.name': 'svchost.exe' } };

  it('reads nested objects, literal dotted keys and mixes of both', () => {
    for (const e of [nested, dotted, mixed]) expect(readField(e, 'process.parent.name')).toBe('svchost.exe');
  });

  it('distinguishes missing from null', () => {
    expect(readField({}, 'a.b')).toBe(MISSING);
    expect(readField({ a: { b: null } }, 'a.b')).toBeNull();
  });

  it('collects values through arrays of objects', () => {
    expect(readField({ a: [{ b: 1 }, { c: 2 }, { b: 3 }] }, 'a.b')).toEqual([1, 3]);
  });
});

describe('eq with string patterns', () => {
  const test = (value: ReturnType<typeof pat>, cased: boolean, field = 'f') =>
    compilePredicate(predicate({ field, op: 'eq', values: [value], cased }));

  it('matches the whole value, case-insensitively unless cased', () => {
    expect(test(lit('cmd.exe'), false)({ f: 'CMD.EXE' })).toBe(true);
    expect(test(lit('cmd.exe'), true)({ f: 'CMD.EXE' })).toBe(false);
    expect(test(lit('cmd.exe'), false)({ f: 'xcmd.exe' })).toBe(false);
  });

  it('honours * and ? wildcards', () => {
    expect(test(pat('C:\\*\\cmd.exe'), false)({ f: 'c:\\windows\\system32\\CMD.exe' })).toBe(true);
    expect(test(pat('?:\\cmd.exe'), false)({ f: 'D:\\cmd.exe' })).toBe(true);
    expect(test(pat('?:\\cmd.exe'), false)({ f: 'DD:\\cmd.exe' })).toBe(false);
    expect(test(pat('a*b*c'), false)({ f: 'abbbc' })).toBe(true);
    expect(test(pat('a*b*c'), false)({ f: 'acb' })).toBe(false);
    expect(test(pat('*a?c*'), false)({ f: 'xxabcxx' })).toBe(true);
  });

  it('treats * and ? inside literal chunks as characters (escaped in the source)', () => {
    // Sigma 'a\*b' → pattern ['a*b']: one literal chunk.
    const star = sigma(`sel:\n    f: 'a\\*b'\ncondition: sel`);
    expect(star({ f: 'a*b' })).toBe(true);
    expect(star({ f: 'axxb' })).toBe(false);
    const question = sigma(`sel:\n    f: 'a\\?'\ncondition: sel`);
    expect(question({ f: 'a?' })).toBe(true);
    expect(question({ f: 'ab' })).toBe(false);
  });

  it('keeps a Windows path backslash literal and a trailing backslash before contains', () => {
    const rule = sigma(`sel:\n    f|contains: '\\Desktop\\'\ncondition: sel`);
    expect(rule({ f: 'C:\\Users\\me\\Desktop\\x.exe' })).toBe(true);
    expect(rule({ f: 'C:\\Users\\me\\Desktop' })).toBe(false);
  });

  it('counts ? as one character even outside the BMP', () => {
    expect(test(pat('a?b'), true)({ f: 'a😀b' })).toBe(true);
  });
});

describe('substring operators', () => {
  it('contains, startswith, endswith with wildcards inside', () => {
    const rule = sigma(
      `sel:\n    a|contains: 'x*z'\n    b|startswith: 'pre?'\n    c|endswith: '.e?e'\ncondition: sel`,
    );
    expect(rule({ a: '--xyyz--', b: 'PREFIX', c: 'cmd.exe' })).toBe(true);
    expect(rule({ a: '--xyy--', b: 'PREFIX', c: 'cmd.exe' })).toBe(false);
    expect(rule({ a: '--xz--', b: 'pre', c: 'cmd.exe' })).toBe(false);
  });

  it('cased substring operators', () => {
    const rule = sigma(`sel:\n    a|contains|cased: 'Embedding'\ncondition: sel`);
    expect(rule({ a: 'mmc.exe -Embedding' })).toBe(true);
    expect(rule({ a: 'mmc.exe -embedding' })).toBe(false);
  });
});

describe('null, empty and missing', () => {
  const isNull = sigma(`sel:\n    f: null\ncondition: sel`);
  const isEmpty = sigma(`sel:\n    f: ''\ncondition: sel`);
  const exists = sigma(`sel:\n    f|exists: true\ncondition: sel`);
  const absent = sigma(`sel:\n    f|exists: false\ncondition: sel`);

  it('null matches missing and null, not empty', () => {
    expect([isNull({}), isNull({ f: null }), isNull({ f: '' }), isNull({ f: 'x' })]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("'' matches only the empty string", () => {
    expect([isEmpty({}), isEmpty({ f: null }), isEmpty({ f: '' }), isEmpty({ f: 'x' })]).toEqual([
      false,
      false,
      true,
      false,
    ]);
  });

  it('exists is presence, whatever the value', () => {
    expect([exists({}), exists({ f: null }), exists({ f: '' })]).toEqual([false, true, true]);
    expect([absent({}), absent({ f: null })]).toEqual([true, false]);
  });

  it('an empty array counts as null', () => {
    expect(isNull({ f: [] })).toBe(true);
  });

  it('a negated value does match a missing field (two-valued logic)', () => {
    const notCmd = sigma(`sel:\n    f: cmd.exe\ncondition: not sel`);
    expect(notCmd({})).toBe(true);
    expect(notCmd({ f: 'cmd.exe' })).toBe(false);
  });
});

describe('multi-valued fields', () => {
  it('an array matches when any element matches', () => {
    const rule = sigma(`sel:\n    args: '-enc'\ncondition: sel`);
    expect(rule({ args: ['powershell', '-ENC', 'abc'] })).toBe(true);
    expect(rule({ args: ['powershell', '-nop'] })).toBe(false);
  });

  it('arrays nested very deep are searched without exhausting the stack', () => {
    let deep: unknown = 'needle';
    for (let k = 0; k < 100_000; k++) deep = [deep];
    expect(sigma(`sel:\n    f: needle\ncondition: sel`)({ f: deep })).toBe(true);
    expect(sigma(`keywords:\n    - needle\ncondition: keywords`)({ g: { f: deep } })).toBe(true);
  });

  it('|all needs each value matched, possibly by different elements', () => {
    const rule = sigma(`sel:\n    args|contains|all:\n        - 'power'\n        - 'enc'\ncondition: sel`);
    expect(rule({ args: ['powershell', '-enc'] })).toBe(true);
    expect(rule({ args: ['powershell', '-nop'] })).toBe(false);
  });
});

describe('numbers and strings', () => {
  const numeric = sigma(`sel:\n    EventID: 4688\ncondition: sel`);
  const quoted = sigma(`sel:\n    EventID: '4688'\ncondition: sel`);

  it('4688 and "4688" match both numeric and string event values', () => {
    for (const rule of [numeric, quoted]) {
      expect(rule({ EventID: 4688 })).toBe(true);
      expect(rule({ EventID: '4688' })).toBe(true);
      expect(rule({ EventID: 46880 })).toBe(false);
    }
  });

  it('numeric comparisons accept numbers and numeric strings', () => {
    const rule = sigma(`sel:\n    n|gte: 10\n    m|lt: 2.5\ncondition: sel`);
    expect(rule({ n: 10, m: '2' })).toBe(true);
    expect(rule({ n: '9', m: 2 })).toBe(false);
    expect(rule({ n: 'ten', m: 2 })).toBe(false);
    expect(rule({ n: '0x10', m: 2 })).toBe(true);
  });
});

describe('keywords', () => {
  it('a field-less value is searched inside every string of the event', () => {
    const rule = sigma(`keywords:\n    - 'mimikatz'\n    - 'sekurlsa'\ncondition: keywords`);
    expect(rule({ a: { b: ['x', 'run Mimikatz now'] } })).toBe(true);
    expect(rule({ a: 'benign' })).toBe(false);
  });

  it('|all keywords may be found in different values', () => {
    const rule = sigma(`keywords:\n    '|all':\n        - 'alpha'\n        - 'beta'\ncondition: keywords`);
    expect(rule({ x: 'alpha', y: 'BETA' })).toBe(true);
    expect(rule({ x: 'alpha' })).toBe(false);
  });
});

describe('fieldref', () => {
  it('compares two fields of the same event', () => {
    const rule = sigma(`sel:\n    User|fieldref: ParentUser\ncondition: sel`);
    expect(rule({ User: 'CORP\\A', ParentUser: 'corp\\a' })).toBe(true);
    expect(rule({ User: 'CORP\\A', ParentUser: 'CORP\\B' })).toBe(false);
    expect(rule({ User: 'CORP\\A' })).toBe(false);
  });
});

describe('date parts', () => {
  it('compares a part of a timestamp, in UTC', () => {
    const rule = sigma(`sel:\n    UtcTime|hour|gte: 22\ncondition: sel`);
    expect(rule({ UtcTime: '2026-11-22 23:10:00.000' })).toBe(true);
    expect(rule({ UtcTime: '2026-11-22T21:10:00Z' })).toBe(false);
    expect(rule({ UtcTime: 'not a date' })).toBe(false);
  });
});

describe('placeholders', () => {
  const p = predicate({
    field: 'User',
    op: 'eq',
    values: [{ type: 'string', pattern: [{ placeholder: 'admins' }] }],
  });

  it('is an error without values', () => {
    expect(() => compilePredicate(p)).toThrow(EngineError);
  });

  it('expands with a resolver map', () => {
    const test = compilePredicate(p, { placeholders: { admins: ['root', 'administrator'] } });
    expect(test({ User: 'Administrator' })).toBe(true);
    expect(test({ User: 'guest' })).toBe(false);
  });
});

describe('constants and boolean structure', () => {
  it('evaluates and / or / not / const', () => {
    const t = compileExpr({
      kind: 'or',
      items: [
        {
          kind: 'and',
          items: [predicate({ field: 'a', op: 'eq', values: [lit('1')] }), { kind: 'const', value: true }],
        },
        { kind: 'not', item: predicate({ field: 'b', op: 'exists' }) },
      ],
    });
    expect(t({ a: '1', b: 1 })).toBe(true);
    expect(t({ a: '2', b: 1 })).toBe(false);
    expect(t({ a: '2' })).toBe(true);
  });
});
