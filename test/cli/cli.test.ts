import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';

function cli(args: string[]) {
  let out = '';
  const err: string[] = [];
  const code = run(args, { out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

const good = (title: string, value: string) => `title: ${title}
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '${value}'
    condition: selection
level: high
`;

describe('rulestone CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rulestone-cli-'));
    mkdirSync(join(dir, 'in', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'in', 'a.yml'), good('A', '\\a.exe'));
    writeFileSync(join(dir, 'in', 'nested', 'b.yaml'), good('B', '\\b.exe'));
    writeFileSync(
      join(dir, 'in', 'nested', 'broken.yml'),
      good('Broken', '\\c.exe').replace('condition: selection', 'condition: selection and nothing'),
    );
    writeFileSync(join(dir, 'in', 'notes.txt'), 'not a rule');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('converts a folder recursively into a mirrored tree, reports, and exits 1 when a rule failed', () => {
    const report = join(dir, 'report.json');
    const r = cli([
      'convert',
      join(dir, 'in'),
      '--to',
      'sigma',
      '--out',
      join(dir, 'out'),
      '--report',
      report,
    ]);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'out', 'a.yml'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'nested', 'b.yml'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'nested', 'broken.yml'))).toBe(false);
    expect(readFileSync(join(dir, 'out', 'a.yml'), 'utf8')).toBe(good('A', '\\a.exe'));
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.summary).toEqual({ files: 3, rules: 3, ok: 2, failed: 1, exact: 2 });
    const broken = json.results.find((x: { source: string }) => x.source.endsWith('broken.yml'));
    expect(broken).toMatchObject({ ok: false, output: null });
    expect(broken.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'sigma/unknown-identifier',
      line: 8,
      column: 30,
    });
    expect(broken.diagnostics[0].file).toContain('broken.yml');
    const a = json.results.find((x: { source: string }) => x.source.endsWith('a.yml'));
    expect(a).toMatchObject({ ok: true, diagnostics: [] });
    expect(a.output).toContain('a.yml');
    expect(r.err).toMatch(/broken\.yml:8:30: error sigma\/unknown-identifier/);
  });

  it('exits 0 when every rule converted, and writes to stdout without --out', () => {
    const r = cli([
      'convert',
      join(dir, 'in', 'a.yml'),
      join(dir, 'in', 'nested', 'b.yaml'),
      '--to',
      'sigma',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(good('A', '\\a.exe') + '---\n' + good('B', '\\b.exe'));
  });

  it('never writes over an input file', () => {
    const r = cli(['convert', join(dir, 'in', 'a.yml'), '--to', 'sigma', '--out', join(dir, 'in')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refusing to write over the input file');
    expect(readFileSync(join(dir, 'in', 'a.yml'), 'utf8')).toBe(good('A', '\\a.exe'));
  });

  it('leaves no temporary files behind', () => {
    cli(['convert', join(dir, 'in'), '--to', 'sigma', '--out', join(dir, 'out')]);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('bad usage exits 2', () => {
    expect(cli(['convert', join(dir, 'in')]).code).toBe(2);
    expect(cli(['convert', join(dir, 'in'), '--to', 'nope']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['convert', '--bogus']).code).toBe(2);
    expect(cli([]).code).toBe(2);
    expect(cli(['--help']).code).toBe(0);
  });

  it('a missing input is an error for that input, not a crash', () => {
    const r = cli(['convert', join(dir, 'nope.yml'), join(dir, 'in', 'a.yml'), '--to', 'sigma']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no such file or folder');
    expect(r.out).toContain('title: A');
  });

  it('parse --ir prints IR that reads back and converts the same', () => {
    const r = cli(['parse', join(dir, 'in', 'a.yml'), '--ir']);
    expect(r.code).toBe(0);
    const ir = JSON.parse(r.out);
    expect(ir.query.kind).toBe('search');
    writeFileSync(join(dir, 'a.ir.json'), r.out);
    const back = cli(['convert', join(dir, 'a.ir.json'), '--to', 'sigma']);
    expect(back.code).toBe(0);
    expect(back.out).toBe(good('A', '\\a.exe'));
  });

  it('saved IR that breaks the schema is refused with the reason', () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        meta: { title: 'x' },
        query: { kind: 'search' },
        output: [],
        provenance: { dialect: 'sigma' },
      }),
    );
    const r = cli(['convert', join(dir, 'bad.json'), '--to', 'sigma']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not match the IR schema');
  });

  it('roundtrip reports preserved rules', () => {
    const report = join(dir, 'rt.json');
    const r = cli([
      'roundtrip',
      join(dir, 'in', 'a.yml'),
      join(dir, 'in', 'nested', 'b.yaml'),
      '--via',
      'sigma',
      '--report',
      report,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('2 of 2 rules kept the same IR through sigma');
    expect(JSON.parse(readFileSync(report, 'utf8')).summary).toMatchObject({
      rules: 2,
      ok: 2,
      failed: 0,
      preserved: 2,
    });
  });
});

describe('rulestone CLI across dialects', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rulestone-cli-x-'));
    writeFileSync(join(dir, 'a.yml'), good('A', '\\a.exe'));
    writeFileSync(join(dir, 'q.eql'), 'process where process.name : "mmc.exe"');
    writeFileSync(join(dir, 'bad.eql'), 'process where process.name = "mmc.exe"');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('maps Sigma fields to ECS, refuses a field without a mapping unless --unmapped keep, which warns', () => {
    const mapped = cli(['convert', join(dir, 'a.yml'), '--to', 'eql']);
    expect(mapped.code).toBe(0);
    expect(mapped.out).toBe(
      'process where host.os.type == "windows" and event.type == "start" and\n  process.executable : "*\\\\a.exe"\n',
    );
    writeFileSync(join(dir, 'odd.yml'), good('Odd', '\\a.exe').replace('Image|endswith', 'Frobnication'));
    const refused = cli(['convert', join(dir, 'odd.yml'), '--to', 'eql']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('mapping/unmapped-field');
    expect(refused.err).toContain('Frobnication');
    const kept = cli(['convert', join(dir, 'odd.yml'), '--to', 'eql', '--unmapped', 'keep']);
    expect(kept.code).toBe(0);
    expect(kept.out).toContain('Frobnication : ');
    expect(kept.err).toContain('warning mapping/unmapped-field');
    expect(cli(['convert', join(dir, 'a.yml'), '--to', 'eql', '--unmapped', 'maybe']).code).toBe(2);
  });

  it('reads .eql files, reports EQL syntax errors with positions, and round-trips EQL', () => {
    const r = cli(['convert', join(dir, 'q.eql'), join(dir, 'bad.eql'), '--to', 'eql']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('process where process.name : "mmc.exe"\n');
    expect(r.err).toMatch(/bad\.eql:1:28: error eql\/syntax/);
    const trip = cli(['roundtrip', join(dir, 'q.eql'), '--via', 'eql']);
    expect(trip.code).toBe(0);
  });
});

describe('rulestone test', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rulestone-cli-t-'));
    writeFileSync(join(dir, 'a.yml'), good('A', '\\a.exe'));
    writeFileSync(
      join(dir, 'events.jsonl'),
      [{ Image: 'C:\\Tools\\A.EXE' }, { Image: 'C:\\Tools\\b.exe' }, { Image: 'C:\\x\\a.exe' }]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the events each rule selects, with Sigma semantics, and reports them', () => {
    const report = join(dir, 'test.json');
    const r = cli(['test', join(dir, 'a.yml'), '--events', join(dir, 'events.jsonl'), '--report', report]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 matching events (event 1, 3)');
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.summary).toMatchObject({ rules: 1, ok: 1, failed: 0, events: 3 });
    expect(json.results[0].matches).toBe(2);
  });

  it('needs events, and says so', () => {
    expect(cli(['test', join(dir, 'a.yml')]).code).toBe(2);
    writeFileSync(join(dir, 'bad.jsonl'), '{"a": 1}\n{"b": oops}\n');
    const r = cli(['test', join(dir, 'a.yml'), '--events', join(dir, 'bad.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.jsonl: line 2');
  });
});

describe('rulestone verify', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rulestone-cli-v-'));
    writeFileSync(join(dir, 'a.yml'), good('A', '\\a.exe'));
    writeFileSync(
      join(dir, 'events.jsonl'),
      [{ Image: 'C:\\Tools\\A.EXE' }, { Image: 'C:\\Tools\\b.exe' }, { Image: 'C:\\x\\a.exe.bak' }]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['eql', 'kql', 'sigma'])('the %s translation selects the same events as the Sigma rule', (to) => {
    const report = join(dir, 'verify.json');
    const r = cli([
      'verify',
      join(dir, 'a.yml'),
      '--to',
      to,
      '--events',
      join(dir, 'events.jsonl'),
      '--report',
      report,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`ok: same, 1 → 1 matching events in ${to}, exact claimed`);
    expect(JSON.parse(readFileSync(report, 'utf8')).results[0].verification).toEqual({
      expected: 'exact',
      relation: 'same',
      source: 1,
      translation: 1,
    });
  });
});

describe('rulestone convert --strict', () => {
  it('refuses translations that are not exact, and reports each verdict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulestone-cli-s-'));
    try {
      writeFileSync(join(dir, 'q.kql'), 'DeviceProcessEvents | where ProcessCommandLine has "mimikatz"');
      const report = join(dir, 'r.json');
      const loose = cli(['convert', join(dir, 'q.kql'), '--to', 'sigma', '--report', report]);
      expect(loose.code).toBe(0);
      expect(loose.err).toContain('1 of 1 rules converted to sigma (1 broader)');
      expect(JSON.parse(readFileSync(report, 'utf8')).results[0].fidelity).toBe('broader');
      const strict = cli(['convert', join(dir, 'q.kql'), '--to', 'sigma', '--strict']);
      expect(strict.code).toBe(1);
      expect(strict.err).toContain('--strict: the translation is broader, not exact');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
