import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { map, scalar, quoted, seq, writeDocument, isPlainSafe } from '../../src/util/yaml-writer.js';

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
        const text = writeDocument(
          map([
            ['plain', scalar(a)],
            ['quoted', quoted(a)],
            ['list', seq([scalar(b), quoted(b)])],
            ['nested', map([['x', scalar(b)]])],
          ]),
        );
        const back = load(text);
        expect(back).toEqual({ plain: a, quoted: a, list: [b, b], nested: { x: b } });
      }),
      { numRuns: 3000 },
    );
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
    expect(writeDocument(map([['description', scalar('first line\nsecond line\n')]]))).toBe(
      'description: |\n    first line\n    second line\n',
    );
  });
});
