import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { YamlWriter, isPlainSafe } from '../../src/util/yaml-writer.js';

/** Writes one document with the given writer calls. */
function written(write: (w: YamlWriter) => void): string {
  const w = new YamlWriter();
  w.document();
  write(w);
  return w.text();
}

const load = (text: string) => jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;
const awkward = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    ' ',
    '\n',
    '\t',
    ':',
    '#',
    '-',
    "'",
    '"',
    '\\',
    '|',
    '>',
    '*',
    '&',
    '!',
    '%',
    '@',
    '`',
    '{',
    '[',
    ',',
    '?',
    '0',
    '1',
    '.',
    'é',
    '\u2028',
    '\u0085',
    '\u0000',
    '~',
    'y',
    'n',
    'o',
  ),
  maxLength: 12,
});

describe('YAML writer', () => {
  it('any string written in any style reads back as the same string (property)', () => {
    fc.assert(
      fc.property(awkward, awkward, (a, b) => {
        const text = written((w) => {
          w.scalar(0, 'plain', a);
          w.scalar(0, 'quoted', a, 'quoted');
          w.open(0, 'list');
          w.item(4, b);
          w.item(4, b, 'quoted');
          w.open(0, 'nested');
          w.scalar(4, 'x', b);
        });
        const back = load(text);
        expect(back).toEqual({ plain: a, quoted: a, list: [b, b], nested: { x: b } });
      }),
      { numRuns: 3000 },
    );
  });

  it('writes any JSON-like value (custom fields, log sources) so that it reads back the same (property)', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'B', '_', 'x'), minLength: 1, maxLength: 4 });
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        awkward,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3 }),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(load(written((w) => w.any(0, 'custom', v)))).toEqual({ custom: v });
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a map that is a list item with its first key on the dash line', () => {
    const text = written((w) => {
      w.open(0, 'related');
      w.itemMap(4);
      w.scalar(6, 'id', 'a');
      w.scalar(6, 'type', 'derived');
      w.any(0, 'empty', [{}, []]);
    });
    expect(text).toBe('related:\n    - id: a\n      type: derived\nempty:\n    - {}\n    - []\n');
  });

  it('quotes what YAML 1.1 readers (PyYAML) would not read as a string', () => {
    for (const word of [
      'yes',
      'No',
      'on',
      'OFF',
      'y',
      '~',
      'null',
      '0x1F',
      '1_000',
      '1:30',
      '.5',
      '2020-01-01',
    ])
      expect(isPlainSafe(word)).toBe(false);
    for (const word of [
      'MMC20 Lateral Movement',
      'mdecrevoisier',
      'https://x.y/z?a=b',
      'attack.t1021.003',
      'C:\\Windows',
    ])
      expect(isPlainSafe(word)).toBe(true);
  });

  it('writes multi-line text as a literal block', () => {
    expect(written((w) => w.scalar(0, 'description', 'first line\nsecond line\n'))).toBe(
      'description: |\n    first line\n    second line\n',
    );
  });
});
