import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { fastLoadAll } from '../../src/dialects/sigma/fast-yaml.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { readText, walkFiles } from '../support/files.js';

/**
 * The fast loader against js-yaml (CORE schema, as the Sigma reader loads): wherever it returns a value, that
 * value is js-yaml's to the last detail (strict deep equality: prototypes, -0, NaN); where it gives up it
 * returns undefined and js-yaml loads the text. Giving up too often also fails: the fast path must be taken.
 */
function jsYamlAll(text: string): { docs: unknown[] } | { error: string } {
  try {
    return { docs: jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA }) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** null when the fast loader agrees with js-yaml (or gives up), else what differs. */
function disagreement(text: string): string | null {
  const fast = fastLoadAll(text);
  if (fast === undefined) return null;
  const slow = jsYamlAll(text);
  if ('error' in slow) return `fast loader read ${JSON.stringify(fast)} where js-yaml fails: ${slow.error}`;
  return isDeepStrictEqual(fast, slow.docs)
    ? null
    : `fast loader read ${JSON.stringify(fast)}, js-yaml ${JSON.stringify(slow.docs)}`;
}

/** Runs a property, counting the cases the fast loader took; returns that count and the number of runs. */
function checkAgreement(texts: fc.Arbitrary<string>, numRuns: number): { fast: number; runs: number } {
  let fast = 0;
  let runs = 0;
  fc.assert(
    fc.property(texts, (text) => {
      runs++;
      if (fastLoadAll(text) !== undefined) fast++;
      const problem = disagreement(text);
      if (problem !== null) throw new Error(`${JSON.stringify(text)}: ${problem}`);
    }),
    { numRuns },
  );
  return { fast, runs };
}

describe.skipIf(!hasShared)('fast YAML loader over the SigmaHQ corpus', () => {
  it('reads every file as js-yaml does, without falling back', () => {
    const files = hasShared ? walkFiles(sharedPath('corpus', 'sigma'), /\.ya?ml$/) : [];
    expect(files.length).toBeGreaterThan(2500);
    const fellBack: string[] = [];
    const differ: string[] = [];
    for (const file of files) {
      const text = readText(file);
      const fast = fastLoadAll(text);
      if (fast === undefined) {
        fellBack.push(file);
        continue;
      }
      const slow = jsYamlAll(text);
      if (!('docs' in slow) || !isDeepStrictEqual(fast, slow.docs)) differ.push(file);
    }
    console.log(
      `[fast-yaml] SigmaHQ corpus: ${files.length - fellBack.length} of ${files.length} files on the fast path, ${fellBack.length} fell back to js-yaml${fellBack.length ? ': ' + fellBack.slice(0, 5).join(', ') : ''}`,
    );
    expect(differ).toEqual([]);
    // Today every file takes the fast path; a few may leave it as the corpus grows, not a tenth of them.
    expect(fellBack.length).toBeLessThan(files.length / 100);
  });
});
if (!hasShared) console.warn('[fast-yaml] the shared corpus is absent: the corpus comparison is skipped');

// ---- Values dumped by js-yaml load back, in several dump styles ----

const KEY_CHARS = [
  'a',
  'B',
  'z',
  '_',
  '|',
  '-',
  '.',
  ' ',
  ':',
  '#',
  "'",
  '"',
  '0',
  '1',
  '\\',
  '*',
  '/',
  'é',
  '?',
  '&',
  '!',
  '[',
  '{',
  ',',
];
const TEXT_CHARS = [
  ...KEY_CHARS,
  '\n',
  '\t',
  ']',
  '}',
  '%',
  '@',
  '`',
  '~',
  '>',
  '\u2028',
  '\u0085',
  '\x07',
  '😀',
  '\uFEFF',
  '\r',
];
const key = fc.oneof(
  fc.constantFrom(
    'title',
    'id',
    'Image|endswith',
    'CommandLine|contains|all',
    'x',
    'null',
    'true',
    '1',
    '0x1F',
    '1e3',
    '~',
    'a: b',
    'c #d',
    '- e',
    '',
  ),
  fc.string({ unit: fc.constantFrom(...KEY_CHARS), maxLength: 8 }),
);
const text = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    'Null',
    '~',
    'true',
    'FALSE',
    'yes',
    '007',
    '0x1F',
    '0o17',
    '0b101',
    '1e3',
    '.inf',
    '-.Inf',
    '.NaN',
    '1_000',
    '2023-01-01',
    '12:30',
    '- a',
    'a: b',
    'b #c',
    '#d',
    "it's",
    'say "hi"',
    'C:\\Windows\\*',
    'line\nline',
    'trail\n',
    'keep\n\n',
    ' lead',
    'trail ',
    '---',
    '...',
    '%TAG',
    '@x',
    '`x',
    '&a',
    '*a',
    '!t',
    '|',
    '>',
    '[a]',
    '{a: 1}',
    '"',
    "'",
  ),
  fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength: 24 }),
  fc.string({ maxLength: 12 }),
  fc.lorem({ maxCount: 30 }),
);
const scalar = fc.oneof(
  { weight: 6, arbitrary: text },
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 1.5, -2.25, 1e21, 5e-324, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5, noNullPrototype: true }),
})).node;
const rootMap = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6, noNullPrototype: true });

const DUMP_STYLES: jsYaml.DumpOptions[] = [
  {},
  { schema: jsYaml.CORE_SCHEMA },
  { indent: 4, noArrayIndent: true },
  { indent: 4, lineWidth: 24 },
  { lineWidth: -1, noCompatMode: true },
  { quotingType: '"', forceQuotes: true },
  { flowLevel: 1 },
  { flowLevel: 2, condenseFlow: true },
  { indent: 3, sortKeys: true },
];

describe('fast YAML loader on js-yaml dumps', () => {
  it('loads what js-yaml dumps back to the same value, in every dump style', () => {
    const dumped = fc
      .tuple(rootMap, fc.integer({ min: 0, max: DUMP_STYLES.length - 1 }))
      .map(([doc, style]) => {
        const options = DUMP_STYLES[style] as jsYaml.DumpOptions;
        // In flow style js-yaml's own round trip is not exact (a key `a:` is written plain, `'~'` quoted
        // twice under condenseFlow): there the loaders must agree, but need not give back the dumped value.
        return { doc, text: jsYaml.dump(doc, options), exact: options.flowLevel === undefined };
      });
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(dumped, ({ doc, text, exact }) => {
        runs++;
        const loaded = fastLoadAll(text);
        const problem = disagreement(text);
        if (problem !== null) throw new Error(`${JSON.stringify(text)}: ${problem}`);
        if (loaded === undefined) return;
        fast++;
        // What was dumped comes back: js-yaml quotes whatever would read back as something else.
        if (exact && !isDeepStrictEqual(loaded, [doc]))
          throw new Error(`${JSON.stringify(text)} did not load back`);
      }),
      { numRuns: 3000 },
    );
    console.log(`[fast-yaml] js-yaml dumps: ${fast} of ${runs} on the fast path`);
    expect(fast).toBeGreaterThan(runs * 0.6);
  });

  it('loads block-style dumps of Sigma-like documents without falling back', () => {
    const sigmaLike = fc.record(
      {
        title: fc.lorem({ maxCount: 8 }),
        id: fc.uuid(),
        status: fc.constantFrom('test', 'stable', 'experimental'),
        description: fc.oneof(
          fc.lorem({ maxCount: 40 }),
          fc.lorem({ maxCount: 5 }).map((l) => `${l}\nsecond line\n`),
        ),
        references: fc.array(fc.webUrl(), { maxLength: 3 }),
        author: fc.lorem({ maxCount: 3 }),
        date: fc.constantFrom('2023-01-01', '2024/02/03'),
        tags: fc.array(fc.constantFrom('attack.execution', 'attack.t1059.001', 'detection.threat-hunting'), {
          maxLength: 3,
        }),
        logsource: fc.record(
          { category: fc.constantFrom('process_creation', 'file_event'), product: fc.constant('windows') },
          { noNullPrototype: true },
        ),
        detection: fc.record(
          {
            selection: fc.dictionary(
              fc.constantFrom(
                'Image|endswith',
                'CommandLine|contains',
                'CommandLine|contains|all',
                'ParentImage',
                'EventID',
              ),
              fc.oneof(
                text,
                fc.integer({ min: 1, max: 9999 }),
                fc.array(fc.oneof(text, fc.integer()), { minLength: 1, maxLength: 4 }),
              ),
              { minKeys: 1, maxKeys: 4, noNullPrototype: true },
            ),
            condition: fc.constantFrom('selection', 'selection and not filter', '1 of selection*'),
          },
          { noNullPrototype: true },
        ),
        falsepositives: fc.array(fc.lorem({ maxCount: 4 }), { maxLength: 2 }),
        level: fc.constantFrom('low', 'medium', 'high'),
      },
      { noNullPrototype: true },
    );
    const texts = fc
      .tuple(
        sigmaLike,
        fc.constantFrom<jsYaml.DumpOptions>(
          { indent: 4 },
          { indent: 2, noArrayIndent: true },
          { lineWidth: 30 },
        ),
      )
      .map(([doc, style]) => jsYaml.dump(doc, style));
    const { fast, runs } = checkAgreement(texts, 1000);
    // Only the awkward characters of `text` (tabs, control characters) send these to js-yaml.
    expect(fast).toBeGreaterThan(runs * 0.75);
  });
});

// ---- Random and mutated texts never make the fast loader disagree ----

const TOKENS = [
  'a',
  'key',
  'Image|endswith',
  '1',
  '0x1F',
  '007',
  '1e3',
  '.inf',
  '~',
  'null',
  'True',
  'FALSE',
  'False',
  'Null',
  'NULL',
  'yes',
  '-.Inf',
  '.NaN',
  '0o17',
  '0b101',
  '-0x1f',
  '+12',
  '1.',
  '-',
  '- ',
  ': ',
  ':',
  ' ',
  '  ',
  '    ',
  '\n',
  '\n  ',
  '\n    ',
  '\n- ',
  '\r\n',
  '#',
  ' #',
  "'",
  "''",
  '"',
  '\\',
  '\\x41',
  '\\u00e9',
  '\\n',
  '\\ ',
  '|',
  '|-',
  '|+',
  '>',
  '>-',
  '>+',
  '|2',
  '[',
  ']',
  '{',
  '}',
  ',',
  '?',
  '? ',
  '&a ',
  '*a',
  '!t ',
  '%',
  '@',
  '`',
  '---',
  '---\n',
  '...',
  '\t',
  '\uFEFF',
  'é',
  '😀',
  '\u2028',
  '<<',
  '__proto__',
  'x: y',
  '\n---\n',
  'C:\\Win\\*',
  'http://x/y?z=1#f',
];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join(''));

const SEEDS = [
  `title: Suspicious Use of Something
id: 5e4b0a5c-1f6d-4b38-9b6a-8f0c1f1c2d3e
status: test
description: |
    Detects something that
    spans lines.
references:
    - https://example.com/a?b=c#d
author: Someone, Another (@x)
date: 2023-01-01
modified: 2024/02/03
tags:
    - attack.execution
    - attack.t1059.001
logsource:
    category: process_creation
    product: windows
detection:
    selection_img:
        - Image|endswith: '\\cmd.exe'
        - OriginalFileName: 'Cmd.Exe'
    selection_cli:
        CommandLine|contains|all:
            - ' /c '
            - "echo \\"hi\\""
        EventID: 4688
    filter: # comment
        ParentImage: null
    condition: all of selection_* and not filter
falsepositives:
    - Unknown
level: high
`,
  `title: Multi
detection:
  keywords:
  - 'it''s'
  - plain text
    continued here
  - [a, 'b', "c", {d: 1}]
  condition: keywords
---
title: Second
correlation:
    type: event_count
    rules: [a, b]
    group-by:
    - User
    timespan: 1h
    condition: {gte: 10}
description: >-
    folded
    text

    kept apart
`,
];

describe('fast YAML loader never disagrees with js-yaml', () => {
  it('on token soup', () => {
    const { fast, runs } = checkAgreement(soup, 20000);
    console.log(`[fast-yaml] token soup: ${fast} of ${runs} on the fast path`);
    // Most soups are not YAML at all, but a good part is, and the fast loader must take some of those.
    expect(fast).toBeGreaterThan(runs * 0.05);
  });

  it('on arbitrary strings', () => {
    checkAgreement(fc.string({ maxLength: 60 }), 5000);
    checkAgreement(fc.string({ unit: 'binary', maxLength: 30 }), 3000);
  });

  it('on Sigma rules with random edits', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...SEEDS),
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.nat({ max: 6 }),
            fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 })),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      )
      .map(([seed, edits]) => {
        let out = seed;
        for (const [at, cut, insert] of edits) {
          const i = at % (out.length + 1);
          out = out.slice(0, i) + insert + out.slice(i + cut);
        }
        return out;
      });
    const { fast, runs } = checkAgreement(mutated, 20000);
    console.log(`[fast-yaml] edited rules: ${fast} of ${runs} on the fast path`);
    expect(fast).toBeGreaterThan(runs * 0.3);
  });

  it('on the seeds themselves, taking the fast path', () => {
    for (const seed of SEEDS) {
      expect(fastLoadAll(seed)).toBeDefined();
      expect(disagreement(seed)).toBeNull();
    }
  });
});

// ---- Edge cases, each with the value written out ----

/** The fast loader's documents for `text`: they must exist, equal `expected` and equal js-yaml's. */
function fastDocs(text: string): unknown[] {
  const fast = fastLoadAll(text);
  expect(fast, `the fast loader gave up on ${JSON.stringify(text)}`).toBeDefined();
  const slow = jsYamlAll(text);
  expect(slow).toHaveProperty('docs');
  expect(isDeepStrictEqual(fast, (slow as { docs: unknown[] }).docs)).toBe(true);
  return fast as unknown[];
}

const one = (text: string): unknown => {
  const docs = fastDocs(text);
  expect(docs).toHaveLength(1);
  return docs[0];
};

describe('fast YAML loader edge cases', () => {
  it('quotes and escapes', () => {
    expect(one("a: 'it''s'\n")).toEqual({ a: "it's" });
    expect(one('a: "\\x41\\u00e9\\t\\"\\\\\\/\\0\\N\\_\\L"\n')).toEqual({ a: 'Aé\t"\\/\0\x85\xA0\u2028' });
    expect(one('a: "\\U0001F600"\n')).toEqual({ a: '😀' });
    expect(one('a: \'\'\nb: ""\n')).toEqual({ a: '', b: '' });
    expect(one("a: 'x  '\n")).toEqual({ a: 'x  ' });
    expect(one("a: 'one\n  two\n\n  three'\n")).toEqual({ a: 'one two\nthree' });
    expect(one('a: "one \\\n  two"\n')).toEqual({ a: 'one two' });
    expect(one("a: 'C:\\Windows\\'\n")).toEqual({ a: 'C:\\Windows\\' });
    expect(one('- "a"\n- \'b\'\n')).toEqual(['a', 'b']);
    expect(fastLoadAll('a: "\\q"\n')).toBeUndefined(); // an unknown escape: js-yaml's error
    expect(fastLoadAll("a: 'open\n")).toBeUndefined();
  });

  it('scalar types of the core schema', () => {
    expect(one('a: ~\nb: Null\nc: NULL\nd: null\ne:\nf: nULL\n')).toEqual({
      a: null,
      b: null,
      c: null,
      d: null,
      e: null,
      f: 'nULL',
    });
    expect(one('a: true\nb: False\nc: TRUE\nd: yes\ne: on\n')).toEqual({
      a: true,
      b: false,
      c: true,
      d: 'yes',
      e: 'on',
    });
    expect(one('a: 0x1F\nb: -0x1f\nc: 0o17\nd: 0b101\ne: 007\nf: +12\ng: 1_000\n')).toEqual({
      a: 31,
      b: -31,
      c: 15,
      d: 5,
      e: 7,
      f: 12,
      g: '1_000',
    });
    expect(one('a: 1e3\nb: 1.5\nc: .5\nd: -.5\ne: 1.\nf: 2.5E-3\n')).toEqual({
      a: 1000,
      b: 1.5,
      c: 0.5,
      d: '-.5',
      e: 1,
      f: 0.0025,
    });
    const special = one('a: .inf\nb: -.Inf\nc: .NaN\nd: -0\ne: -0.0\n') as Record<string, number>;
    expect(special.a).toBe(Infinity);
    expect(special.b).toBe(-Infinity);
    expect(special.c).toBeNaN();
    expect(Object.is(special.d, 0)).toBe(true);
    expect(Object.is(special.e, -0)).toBe(true);
    expect(one('a: \'007\'\nb: "1e3"\nc: 2023-01-01\nd: 12:30:00\n')).toEqual({
      a: '007',
      b: '1e3',
      c: '2023-01-01',
      d: '12:30:00',
    });
  });

  it('keys', () => {
    expect(one('a:b: c\nhttp://x: y\n')).toEqual({ 'a:b': 'c', 'http://x': 'y' });
    expect(one('1: a\n0x10: b\nnull: c\n~x: d\ntrue: e\n1e3: f\n')).toEqual({
      '1': 'a',
      '16': 'b',
      null: 'c',
      '~x': 'd',
      true: 'e',
      '1000': 'f',
    });
    expect(one('\'a: b\': 1\n"c #d": 2\nkey  : 3\n')).toEqual({ 'a: b': 1, 'c #d': 2, key: 3 });
    expect(one('Image|endswith: x\n')).toEqual({ 'Image|endswith': 'x' });
    expect(fastLoadAll('a: 1\na: 2\n')).toBeUndefined(); // duplicate keys: js-yaml's error
    expect(fastLoadAll('1: a\n1.0: b\n')).toBeUndefined(); // the same key once converted
    expect(fastLoadAll('__proto__: 1\n')).toBeUndefined();
  });

  it('sequences', () => {
    expect(one('- - nested\n  - again\n- - x\n')).toEqual([['nested', 'again'], ['x']]);
    expect(one('a:\n- b\n- c\nd: e\n')).toEqual({ a: ['b', 'c'], d: 'e' });
    expect(one('- a: 1\n  b: 2\n- c\n')).toEqual([{ a: 1, b: 2 }, 'c']);
    expect(one('-\n- x\n')).toEqual([null, 'x']);
    expect(one('a: [1, "two", three, {x: y}, []]\nb: {}\n')).toEqual({
      a: [1, 'two', 'three', { x: 'y' }, []],
      b: {},
    });
    expect(one('a: {x: 1, y}\n')).toEqual({ a: { x: 1, y: null } });
  });

  it('plain scalars over several lines, comments and spaces', () => {
    expect(one('a: one\n  two\n\n  three # c\nb: x\n')).toEqual({ a: 'one two\nthree', b: 'x' });
    expect(one('# head\na: 1 # one\n\n# between\nb: 2   \nc: x#y\n')).toEqual({ a: 1, b: 2, c: 'x#y' });
    expect(one('a: trailing   \nb:    \n')).toEqual({ a: 'trailing', b: null });
  });

  it('line ends, byte-order mark and documents', () => {
    expect(one('a: 1\r\nb:\r\n  - x\r\n')).toEqual({ a: 1, b: ['x'] });
    expect(one('a: |\r\n  x\r\n  y\r\n')).toEqual({ a: 'x\ny\n' });
    expect(one('\uFEFFa: 1\n')).toEqual({ a: 1 });
    expect(one('a: 1')).toEqual({ a: 1 });
    expect(fastDocs('a: 1\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(fastDocs('---\na: 1\n---\n')).toEqual([{ a: 1 }, null]);
    expect(fastDocs('')).toEqual([]);
    expect(fastDocs('# only a comment\n')).toEqual([null]);
    expect(fastLoadAll('a: 1\r')).toBeUndefined(); // a lone carriage return
  });

  it('block scalars and chomping', () => {
    expect(one('a: |\n  x\n   y\n\n')).toEqual({ a: 'x\n y\n' });
    expect(one('a: |-\n  x\n\n')).toEqual({ a: 'x' });
    expect(one('a: |+\n  x\n\n\nb: 1\n')).toEqual({ a: 'x\n\n\n', b: 1 });
    expect(one('a: >\n  one\n  two\n\n  three\n    more\n  back\n')).toEqual({
      a: 'one two\nthree\n  more\nback\n',
    });
    expect(one('a: >-\n  x\n  y\n')).toEqual({ a: 'x y' });
    expect(one('a: >+\n  x\n\n')).toEqual({ a: 'x\n\n' });
    expect(one('a: |2\n    x\n  y\n')).toEqual({ a: '  x\ny\n' });
    expect(one('- |\n  item\n- >-\n  folded\n')).toEqual(['item\n', 'folded']);
    expect(one('a: | # comment\n  x\nb: |\nc: 1\n')).toEqual({ a: 'x\n', b: '', c: 1 });
  });

  it('gives up on what is outside its subset', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '? a\n: b\n',
      'a:\n\t- b\n',
      '[a, b]: c\n',
      'a: [b,\n  c]\n',
      "key: 'abc\ndef' xyz: 1\n", // js-yaml reads a second key here
      'a: b\n  c: d\n',
      'a: 1\n...\n',
    ]) {
      expect(fastLoadAll(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});
