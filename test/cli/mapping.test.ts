/** `--mapping FILE`: a user's data model extends a shipped one or adds a profile, and is checked first. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';

function cli(args: string[]) {
  let out = '';
  const err: string[] = [];
  const code = run(args, { out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

const RULE = `title: Custom field
logsource: {category: process_creation, product: windows}
detection:
    selection:
        Image|endswith: '\\a.exe'
        TicketId: 42
    condition: selection
`;

const OVERRIDE = `id: ecs
title: ECS with our own enrichment
dialect: eql
categories:
  - logsource: {category: process_creation, product: windows}
    source:
      eqlCategory: process
      where: [{field: host.os.type, values: [windows], cased: true}]
    fields: {Image: process.executable, TicketId: labels.ticket_id}
`;

describe('--mapping', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rulestone-mapping-'));
    writeFileSync(join(dir, 'rule.yml'), RULE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without it, a field the shipped model lacks is an error naming it', () => {
    const r = cli(['convert', join(dir, 'rule.yml'), '--to', 'eql']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TicketId');
  });

  it('a model of a shipped id takes precedence for its log sources', () => {
    writeFileSync(join(dir, 'ecs.yml'), OVERRIDE);
    const r = cli(['convert', join(dir, 'rule.yml'), '--to', 'eql', '--mapping', join(dir, 'ecs.yml')]);
    expect(r.err).toContain('1 of 1 rules converted');
    expect(r.code).toBe(0);
    expect(r.out).toContain('process where host.os.type == "windows"');
    expect(r.out).toContain('labels.ticket_id == 42');
  });

  it('a model of a new id is a profile of its own', () => {
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ ...parseOverride(), id: 'our-ecs' }));
    const r = cli([
      'convert',
      join(dir, 'rule.yml'),
      '--to',
      'eql',
      '--mapping',
      join(dir, 'mine.json'),
      '--profile',
      'our-ecs',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('labels.ticket_id == 42');
  });

  it('an invalid model is a usage error naming the file and the place', () => {
    writeFileSync(join(dir, 'bad.yml'), OVERRIDE.replace('fields:', 'feilds:'));
    const r = cli(['convert', join(dir, 'rule.yml'), '--to', 'eql', '--mapping', join(dir, 'bad.yml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.yml');
    expect(r.err).toContain('/categories/0');
  });
});

function parseOverride(): Record<string, unknown> {
  return {
    title: 'ours',
    dialect: 'eql',
    categories: [
      {
        logsource: { category: 'process_creation', product: 'windows' },
        source: { eqlCategory: 'process', where: [] },
        fields: { Image: 'process.executable', TicketId: 'labels.ticket_id' },
      },
    ],
  };
}
