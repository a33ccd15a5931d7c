/**
 * The data-model mechanisms on small models of their own: rules over several categories, fields kept under a
 * prefix, fields extracted from XML, conditions only recognised, argument fields, contradicting entries.
 */
import { describe, expect, it } from 'vitest';
import {
  consistentEvent,
  DATA_MODELS,
  eventToHub,
  eventToModel,
  mapRule,
} from '../../src/datamodel/index.js';
import { sameExpr } from '../../src/ir/normalize.js';
import { fidelityOf } from '../../src/report/diagnostics.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { nullLogicNotes } from '../../src/pipeline/null-logic.js';
import type { DataModel } from '../../src/datamodel/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { parseSigma, sigmaDialect } from '../../src/dialects/sigma/index.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';

const POWERSHELL = (code: string) => ({ field: 'event.code', values: [code], cased: true });

const ECS_LIKE: DataModel = {
  id: 'test-ecs',
  title: 'test',
  dialect: 'eql',
  categories: [
    {
      logsource: { category: 'ps_module', product: 'windows' },
      source: { eqlCategory: 'any', where: [POWERSHELL('4103')] },
      fields: { EventID: 'event.code' },
      types: { 'event.code': 'string' },
      fieldPrefix: 'winlog.event_data.',
    },
    {
      logsource: { category: 'ps_script', product: 'windows' },
      source: { eqlCategory: 'any', where: [POWERSHELL('4104')] },
      fields: { EventID: 'event.code', ScriptBlockText: 'powershell.file.script_block_text' },
      types: { 'event.code': 'string' },
      fieldPrefix: 'winlog.event_data.',
    },
    {
      logsource: { category: 'process_creation', product: 'windows' },
      source: {
        eqlCategory: 'process',
        where: [
          { field: 'host.os.type', values: ['windows'], cased: true },
          { field: 'event.type', values: ['start'], cased: true },
        ],
        recognised: [
          { field: 'event.action', values: ['exec', 'start'], cased: true, insteadOf: 'event.type' },
        ],
      },
      fields: { CommandLine: 'process.command_line', Image: 'process.executable' },
      parts: [{ field: 'process.args', of: 'CommandLine' }],
    },
  ],
};

const KQL_LIKE: DataModel = {
  id: 'test-kql',
  title: 'test',
  dialect: 'kql',
  categories: [
    {
      logsource: { product: 'windows', service: 'system' },
      source: { table: 'Event', where: [{ field: 'EventLog', values: ['System'], cased: true }] },
      fields: { EventID: 'EventID', Provider_Name: 'Source', Computer: 'Computer' },
      extract: { column: 'EventData' },
    },
  ],
};

const TWO_CATEGORIES = mustParse(`title: Two sources
logsource:
  product: windows
  category: [ps_module, ps_script]
detection:
  module: {EventID: 4103, Payload|contains: MMC20}
  script: {EventID: 4104, ScriptBlockText|contains: MMC20}
  condition: 1 of them
`);

function eql(rule: Rule): string {
  return eqlDialect.print(rule).text as string;
}

describe('data-model mechanisms', () => {
  it('a rule over several categories reads each with its own selectors, folding what they settle', () => {
    const { rule } = mapRule(TWO_CATEGORIES, null, ECS_LIKE, { unmapped: 'error' });
    expect(eql(rule).replace(/\s+/g, ' ')).toBe(
      'any where (event.code == "4103" and winlog.event_data.Payload : "*MMC20*") or ' +
        '(event.code == "4104" and powershell.file.script_block_text : "*MMC20*")',
    );
  });

  it('a category whose fields the model lacks is left out, narrower; mixed EQL categories say theirs', () => {
    const noPrefix: DataModel = {
      ...ECS_LIKE,
      categories: ECS_LIKE.categories.map((c, i) => {
        if (i === 0) {
          const { fieldPrefix: _unused, ...rest } = c;
          return rest;
        }
        return i === 1 ? { ...c, source: { ...c.source, eqlCategory: 'process' } } : c;
      }),
    };
    const { rule, diagnostics } = mapRule(TWO_CATEGORIES, null, noPrefix, { unmapped: 'error' });
    expect(rule.query).toMatchObject({ source: { native: { category: 'process' } } });
    expect(eql(rule).replace(/\s+/g, ' ')).toBe(
      'process where event.code == "4104" and powershell.file.script_block_text : "*MMC20*"',
    );
    expect(diagnostics.map((d) => [d.code, d.fidelity])).toEqual([
      ['mapping/log-source-left-out', 'narrower'],
    ]);
  });

  it('fields under a prefix read back to their hub names', () => {
    const there = mapRule(TWO_CATEGORIES, null, ECS_LIKE, { unmapped: 'error' }).rule;
    const [parsed] = eqlDialect.parse([
      { text: 'any where event.code == "4103" and winlog.event_data.Payload : "*x*"' },
    ]);
    const back = mapRule(parsed!.rules[0]!.rule!, ECS_LIKE, null, { unmapped: 'error' });
    expect(back.diagnostics).toEqual([]);
    expect(sigmaDialect.print(back.rule).text).toContain("Payload|contains: 'x'");
    expect(there).toBeDefined();
  });

  it('fields without a column are extracted from the event XML, and read back', () => {
    const rule = mustParse(`title: Cleared
logsource: {product: windows, service: system}
detection:
  sel: {EventID: 104, Provider_Name: Microsoft-Windows-Eventlog, Channel|contains: x}
  condition: sel
`);
    const mapped = mapRule(rule, null, KQL_LIKE, { unmapped: 'error' }).rule;
    const text = kqlDialect.print(mapped).text as string;
    expect(text).toContain(`| extend Channel = extract(@'<Data Name="Channel">([^<]*)<', 1, EventData)`);
    const [parsed] = kqlDialect.parse([{ text }]);
    const back = mapRule(parsed!.rules[0]!.rule!, KQL_LIKE, null, { unmapped: 'error' });
    expect(back.diagnostics).toEqual([]);
    expect(sigmaDialect.print(back.rule).text).toContain("Channel|contains: 'x'");
  });

  it('recognised producer conditions are dropped, argument fields read as broader command-line matches', () => {
    const [parsed] = eqlDialect.parse([
      {
        text: 'process where host.os.type == "windows" and event.action in ("exec", "start") and process.args : "-enc" and not process.args : "-nop"',
      },
    ]);
    const back = mapRule(parsed!.rules[0]!.rule!, ECS_LIKE, null, { unmapped: 'error' });
    const text = sigmaDialect.print(back.rule).text as string;
    expect(text).not.toContain('event.action');
    expect(text).toContain("CommandLine|contains: '-enc'");
    expect(text).toContain("CommandLine|contains|neq: '-nop'");
    expect(back.diagnostics.map((d) => d.fidelity).sort()).toEqual(['broader', 'narrower']);
  });

  it('an entry the query contradicts is never chosen', () => {
    const [parsed] = eqlDialect.parse([
      { text: 'process where host.os.type == "linux" and process.executable : "/bin/sh"' },
    ]);
    expect(() => mapRule(parsed!.rules[0]!.rule!, ECS_LIKE, null, { unmapped: 'error' })).toThrow(
      /no sigma log source is known for test-ecs events of category "process"/,
    );
  });
});

describe('events between a model and the hub', () => {
  const entry = ECS_LIKE.categories[2]!;
  const withName = {
    ...entry,
    basenames: [{ field: 'process.name', of: 'Image', separator: '\\' }],
  };

  it('a part field agrees with its whole, made from it where missing unless the rule reads the whole', () => {
    expect(
      consistentEvent({ process: { name: 'b.exe', executable: 'C:\\x\\a.exe' } }, withName, new Set()),
    ).toEqual({ 'process.name': 'b.exe', 'process.executable': 'C:\\x\\b.exe' });
    expect(consistentEvent({ 'process.name': 'b.exe' }, withName, new Set())).toEqual({
      'process.name': 'b.exe',
      'process.executable': '\\b.exe',
    });
    expect(consistentEvent({ 'process.name': 'b.exe' }, withName, new Set(['process.executable']))).toEqual(
      {},
    );
    expect(
      consistentEvent(
        { 'process.args': ['-enc', 'x'], 'process.command_line': 'p -enc' },
        withName,
        new Set(),
      ),
    ).toMatchObject({ 'process.command_line': 'p -enc x' });
  });

  it('an event its selectors or recognised conditions exclude is no hub event of the entry', () => {
    expect(eventToHub({ 'host.os.type': 'windows', 'process.executable': 'a' }, entry)).toEqual({
      Image: 'a',
    });
    expect(eventToHub({ 'host.os.type': 'linux', 'process.executable': 'a' }, entry)).toBeUndefined();
    expect(eventToHub({ 'event.action': 'fork', 'process.executable': 'a' }, entry)).toBeUndefined();
  });
});

describe('EQL null logic in two-valued targets', () => {
  const read = (text: string) => eqlDialect.parse([{ text }])[0]!.rules[0]!.rule!;
  it('a negation on a field the rule does not require is broader outside EQL', () => {
    const notes = nullLogicNotes(read('process where not process.name : "a.exe"').query, 'eql', 'sigma');
    expect(notes.map((n) => [n.code, n.fidelity])).toEqual([['fidelity/missing-under-not', 'broader']]);
    expect(
      nullLogicNotes(
        read('process where process.name != null and not process.name : "a.exe"').query,
        'eql',
        'kql',
      ),
    ).toEqual([]);
    expect(nullLogicNotes(read('process where not process.name : "a.exe"').query, 'eql', 'eql')).toEqual([]);
  });
});

describe('keyword searches on a text field', () => {
  const SYSLOG: DataModel = {
    id: 'test-syslog',
    title: 'test',
    dialect: 'kql',
    categories: [
      {
        logsource: { product: 'linux', service: 'sshd' },
        source: { table: 'Syslog', where: [{ field: 'ProcessName', values: ['sshd'], cased: true }] },
        fields: { Computer: 'HostName' },
        keywordField: 'SyslogMessage',
      },
    ],
  };
  const rule = mustParse(`title: k
logsource: {product: linux, service: sshd}
detection:
  keywords: ['Failed password', 'Invalid user']
  condition: keywords
`);

  it('are substring tests on that field, narrower, and read back as keywords, broader', () => {
    const there = mapRule(rule, null, SYSLOG, { unmapped: 'error' });
    const text = kqlDialect.print(there.rule).text as string;
    expect(text).toContain('SyslogMessage contains "Failed password"');
    expect(there.diagnostics.map((d) => d.fidelity)).toEqual(['narrower']);
    const back = mapRule(kqlDialect.parse([{ text }])[0]!.rules[0]!.rule!, SYSLOG, null, {
      unmapped: 'error',
    });
    expect(sigmaDialect.print(back.rule).text).toContain("- 'Failed password'");
    expect(back.diagnostics.map((d) => d.fidelity)).toContain('broader');
  });
});

describe('a query that picks some of a selector’s values', () => {
  it('keeps its test in the filter (Sysmon pipe events are 17 or 18; the query wants 17)', () => {
    const ecs = DATA_MODELS.ecs!;
    const [parsed] = eqlDialect.parse([
      { text: 'file where host.os.type == "windows" and event.code == "17" and file.name : "\\\\x"' },
    ]);
    const back = mapRule(parsed!.rules[0]!.rule!, ecs, null, { unmapped: 'error' });
    expect(back.rule.query).toMatchObject({ source: { category: 'pipe_created' } });
    expect(sigmaDialect.print(back.rule).text).toMatch(/EventID: '17'/);
  });
});

describe('copies', () => {
  it('a field that repeats a hub field in its own words reads back with its own values', () => {
    const [parsed] = eqlDialect.parse([
      {
        text: 'network where host.os.type == "linux" and event.type == "start" and event.action == "connection_attempted" and destination.port == 4444',
      },
    ]);
    const back = mapRule(parsed!.rules[0]!.rule!, DATA_MODELS.ecs!, null, { unmapped: 'error' });
    const text = sigmaDialect.print(back.rule).text as string;
    expect(text).toContain("Initiated|cased: 'true'");
    expect(text).toContain('DestinationPort: 4444');
  });
});

describe('field notes', () => {
  it('a Windows User mapped to a name-only field is narrower where tested, broader under a negation', () => {
    const rule = mustParse(`title: u
logsource: {category: process_creation, product: windows}
detection:
  sel: {Image|endswith: x.exe}
  filter: {User|contains: AUTHORI}
  condition: sel and not filter
`);
    for (const model of [DATA_MODELS.ecs!, DATA_MODELS.sentinel!]) {
      const { diagnostics } = mapRule(rule, null, model, { unmapped: 'error' });
      expect(diagnostics.map((d) => [d.code, d.fidelity])).toEqual([['mapping/field-values', 'broader']]);
    }
  });
});

describe('KEY=value list fields (Sysmon Hashes)', () => {
  const rule = mustParse(`title: h
logsource: {category: process_creation, product: windows}
detection:
  sel:
    Hashes|contains: [IMPHASH=ABC, SHA256=DEF]
  condition: sel
`);
  it('test the field the model keeps for each key, leaving out the keys it does not keep', () => {
    const ecs = mapRule(rule, null, DATA_MODELS.ecs!, { unmapped: 'error' });
    expect(eql(ecs.rule)).toContain('process.pe.imphash : "ABC" or process.hash.sha256 : "DEF"');
    expect(ecs.diagnostics).toEqual([]);
    // Defender alone keeps no imphash: left out, narrower. The default profile writes the rule for Sysmon instead.
    const kql = mapRule(rule, null, DATA_MODELS['sentinel-mde']!, { unmapped: 'error' });
    expect(kqlDialect.print(kql.rule).text).toContain('| where SHA256 =~ "DEF"');
    expect(kql.diagnostics.map((d) => [d.code, d.fidelity])).toEqual([
      ['mapping/keyed-value-left-out', 'narrower'],
    ]);
    const whole = mapRule(rule, null, DATA_MODELS.sentinel!, { unmapped: 'error' });
    expect(kqlDialect.print(whole.rule).text).toContain(
      'Hashes contains "IMPHASH=ABC" or Hashes contains "SHA256=DEF"',
    );
    expect(whole.diagnostics.filter((d) => d.fidelity && d.fidelity !== 'exact')).toEqual([]);
  });

  it('read back as the list field containing KEY=value', () => {
    const [parsed] = eqlDialect.parse([
      {
        text: 'driver where host.os.type == "windows" and event.code == "6" and file.hash.sha256 == "ABC"',
      },
    ]);
    const back = mapRule(parsed!.rules[0]!.rule!, DATA_MODELS.ecs!, null, { unmapped: 'error' });
    expect(sigmaDialect.print(back.rule).text).toContain("Hashes|contains: 'SHA256=ABC'");
  });
});

describe('list fields whose elements are hub fields by position (elements)', () => {
  const LIST_LIKE: DataModel = {
    id: 'test-list',
    title: 'test',
    dialect: 'eql',
    categories: [
      {
        logsource: { product: 'linux', service: 'exec' },
        source: { eqlCategory: 'process', where: [{ field: 'event.action', values: ['exec'], cased: true }] },
        fields: { a0: 'process.executable' },
        elements: [{ field: 'process.args', of: ['a0', 'a1', 'a2'] }],
        types: { 'process.args': 'string' },
      },
    ],
  };
  const entry = LIST_LIKE.categories[0]!;
  const hub = (detection: string): Rule =>
    mustParse(`title: t\nlogsource: {product: linux, service: exec}\ndetection:\n${detection}\n`);
  const toModel = (rule: Rule) => {
    const { rule: mapped, diagnostics } = mapRule(rule, null, LIST_LIKE, { unmapped: 'error' });
    return { text: eql(mapped), notes: diagnostics.map((d) => [d.code, d.fidelity, d.message]) };
  };
  const toHub = (text: string) => {
    const [parsed] = eqlDialect.parse([{ text }]);
    const { rule, diagnostics } = mapRule(parsed!.rules[0]!.rule!, LIST_LIKE, null, { unmapped: 'error' });
    return { rule, notes: diagnostics.map((d) => [d.code, d.fidelity]) };
  };

  it('a position is written as a test of any element, broader and naming the position; one of its own exactly', () => {
    const { text, notes } = toModel(hub('  sel: {a0: chmod, a1: 777}\n  condition: sel'));
    expect(text).toBe(
      'process where event.action == "exec" and process.executable : "chmod" and process.args : "777"',
    );
    expect(notes).toEqual([
      [
        'mapping/list-element',
        'broader',
        'a1 is written as a test of any element of process.args, the list of a0…a2: the position is lost',
      ],
    ]);
  });

  it('negated, or as a test that the position is missing, it is narrower; both kinds in one rule are said both ways', () => {
    const not = toModel(hub('  sel: {a0: chmod}\n  flag: {a1: -R}\n  condition: sel and not flag'));
    expect(not.text).toContain('not process.args : "-R"');
    expect(not.notes.map((n) => n[1])).toEqual(['narrower']);
    // a1 missing is "the list is missing", which only an event without any argument is.
    const missing = toModel(hub('  sel: {a0: ls, a1: null}\n  condition: sel'));
    expect(missing.text).toContain('process.args == null');
    expect(missing.notes.map((n) => n[1])).toEqual(['narrower']);
    const mixed = mapRule(
      hub('  sel: {a1: x}\n  flag: {a2: y}\n  condition: sel and not flag'),
      null,
      LIST_LIKE,
      {
        unmapped: 'error',
      },
    );
    expect(fidelityOf(mixed.diagnostics)).toBe('unsupported');
  });

  it('several positions tested at once are several tests of any element: broader, as each test is', () => {
    const rule = hub('  sel: {a1: -t, a2: nat}\n  condition: sel');
    const { rule: mapped, diagnostics } = mapRule(rule, null, LIST_LIKE, { unmapped: 'error' });
    expect(eql(mapped)).toBe(
      'process where event.action == "exec" and process.args : "-t" and process.args : "nat"',
    );
    expect(fidelityOf(diagnostics)).toBe('broader');
    // One argument "-t" at a2 and "nat" at a1: the rule misses it, the translation finds it.
    const events = [
      { a0: 'iptables', a1: '-t', a2: 'nat' },
      { a0: 'iptables', a1: 'nat', a2: '-t' },
      { a0: 'iptables', a1: '-t' },
    ];
    const v = verifyRule(rule, eqlDialect, events, {
      profile: 'test-list',
      models: { ...DATA_MODELS, 'test-list': LIST_LIKE },
    });
    expect([v.ok, v.expected, v.comparison?.relation, v.sourceMatches, v.translationMatches]).toEqual([
      true,
      'broader',
      'broader',
      1,
      2,
    ]);
  });

  it('a test of the list reads back as that test of every position, or-ed, and says later elements are missed', () => {
    const { rule, notes } = toHub(
      'process where event.action == "exec" and process.args : "-t" and process.args : ("*--to-ports 42*", "*--to-ports 43*")',
    );
    const expected = hub(
      [
        '  t: [{a0: -t}, {a1: -t}, {a2: -t}]',
        '  ports:',
        "    - a0|contains: ['--to-ports 42', '--to-ports 43']",
        "    - a1|contains: ['--to-ports 42', '--to-ports 43']",
        "    - a2|contains: ['--to-ports 42', '--to-ports 43']",
        '  condition: t and ports',
      ].join('\n'),
    );
    expect(sameExpr((rule.query as SearchQuery).filter, (expected.query as SearchQuery).filter)).toBe(true);
    expect(notes).toEqual([['mapping/list-positions', 'narrower']]);
    expect(toHub('process where event.action == "exec" and not process.args : "-t"').notes).toEqual([
      ['mapping/list-positions', 'broader'],
    ]);
  });

  it('a test that the list is missing reads back as every position missing, exactly', () => {
    const { rule, notes } = toHub('process where event.action == "exec" and process.args == null');
    const expected = hub('  sel: {a0: null, a1: null, a2: null}\n  condition: sel');
    expect(sameExpr((rule.query as SearchQuery).filter, (expected.query as SearchQuery).filter)).toBe(true);
    expect(notes).toEqual([]);
  });

  it('a join key cannot be one element of a list', () => {
    const [file] = parseSigma([
      {
        text: `title: Many
correlation:
  type: event_count
  rules: [one]
  group-by: [a1]
  timespan: 10m
  condition: {gte: 3}
---
title: One
name: one
logsource: {product: linux, service: exec}
detection:
  sel: {a0: x}
  condition: sel
`,
      },
    ]);
    const rule = file!.rules.find((r) => r.rule?.query.kind === 'aggregate')!.rule!;
    expect(() => mapRule(rule, null, LIST_LIKE, { unmapped: 'error' })).toThrow(
      /a1 .*one element of the list process\.args/,
    );
  });

  it('events: positions gathered into the list in order, the list spread back, the two kept consistent', () => {
    expect(eventToModel({ a2: 'y', a0: 'cp', a1: 'x' }, LIST_LIKE, entry.logsource)).toEqual({
      'process.executable': 'cp',
      'process.args': ['cp', 'x', 'y'],
      'event.action': 'exec',
    });
    // Positions past the last the model names go nowhere.
    expect(
      eventToHub(
        { event: { action: 'exec' }, process: { executable: 'cp', args: ['cp', 'x', 'y', 'z'] } },
        entry,
      ),
    ).toEqual({ a0: 'cp', a1: 'x', a2: 'y' });
    // A generated event whose list lacks the executable gets it at its position.
    expect(
      consistentEvent({ 'process.executable': 'chattr', 'process.args': '-i' }, entry, new Set()),
    ).toEqual({
      'process.executable': 'chattr',
      'process.args': ['chattr', '-i'],
    });
    expect(consistentEvent({ 'process.args': ['ls', '-l'] }, entry, new Set())).toEqual({
      'process.executable': 'ls',
      'process.args': ['ls', '-l'],
    });
    expect(consistentEvent({ 'process.executable': 'ls' }, entry, new Set())).toEqual({
      'process.executable': 'ls',
      'process.args': ['ls'],
    });
    // Where the rule reads what is missing, its absence stays the point.
    expect(consistentEvent({ 'process.args': ['-l'] }, entry, new Set(['process.executable']))).toEqual({
      'process.args': [null, '-l'],
    });
    expect(consistentEvent({ 'process.executable': 'ls' }, entry, new Set(['process.args']))).toEqual({});
  });
});

describe('a hub list kept one item per field, by position (positions)', () => {
  const ITEMS_LIKE: DataModel = {
    id: 'test-items',
    title: 'test',
    dialect: 'eql',
    categories: [
      {
        logsource: { product: 'windows', service: 'application' },
        source: {
          eqlCategory: 'any',
          where: [{ field: 'winlog.channel', values: ['Application'], cased: false }],
        },
        fields: { EventID: 'event.code' },
        positions: [{ of: 'Data', fields: ['item.p1', 'item.p2', 'item.p3'] }],
        types: { 'event.code': 'string', 'item.p1': 'string', 'item.p2': 'string', 'item.p3': 'string' },
      },
    ],
  };
  const entry = ITEMS_LIKE.categories[0]!;
  const models = { ...DATA_MODELS, 'test-items': ITEMS_LIKE };
  const hub = (detection: string): Rule =>
    mustParse(`title: t\nlogsource: {product: windows, service: application}\ndetection:\n${detection}\n`);
  const toModel = (rule: Rule) => {
    const { rule: mapped, diagnostics } = mapRule(rule, null, ITEMS_LIKE, { unmapped: 'error' });
    const text = eql(mapped).replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
    return { text, notes: diagnostics.map((d) => [d.code, d.fidelity]) };
  };
  const toHub = (text: string) => {
    const [parsed] = eqlDialect.parse([{ text }]);
    const { rule, diagnostics } = mapRule(parsed!.rules[0]!.rule!, ITEMS_LIKE, null, { unmapped: 'error' });
    return {
      filter: (rule.query as SearchQuery).filter,
      notes: diagnostics.map((d) => [d.code, d.fidelity]),
    };
  };
  const hubFilter = (detection: string) => (hub(detection).query as SearchQuery).filter;
  const verify = (rule: Rule, events: unknown[]) => {
    const v = verifyRule(rule, eqlDialect, events, { profile: 'test-items', models });
    return [v.expected, v.sourceMatches, v.translationMatches];
  };

  it('a test of the list is that test of each position, or-ed, and says items past the last are not looked at', () => {
    const { text, notes } = toModel(hub('  sel: {EventID: 1040, Data|contains: "://"}\n  condition: sel'));
    expect(text).toBe(
      'any where winlog.channel : "Application" and event.code : "1040" and ' +
        '(item.p1 : "*://*" or item.p2 : "*://*" or item.p3 : "*://*")',
    );
    expect(notes).toEqual([['mapping/list-positions', 'narrower']]);
    // The fourth item is past the last position: the rule finds it, the translation does not.
    const rule = hub('  sel: {Data|contains: "://"}\n  condition: sel');
    expect(
      verify(rule, [
        { Data: ['a', 'http://x'] },
        { Data: 'http://x' },
        { Data: ['a', 'b', 'c', 'http://x'] },
      ]),
    ).toEqual(['narrower', 3, 2]);
  });

  it('|all wants every value in some item, not all in one', () => {
    const rule = hub('  sel: {Data|contains|all: [lsass.exe, WLDAP32.dll]}\n  condition: sel');
    const { text } = toModel(rule);
    expect(text).toBe(
      'any where winlog.channel : "Application" and ' +
        '(item.p1 : "*lsass.exe*" or item.p2 : "*lsass.exe*" or item.p3 : "*lsass.exe*") and ' +
        '(item.p1 : "*WLDAP32.dll*" or item.p2 : "*WLDAP32.dll*" or item.p3 : "*WLDAP32.dll*")',
    );
    const events = [
      { Data: ['lsass.exe', 'x', 'WLDAP32.dll'] },
      { Data: ['lsass.exe'] },
      { Data: ['lsass.exe WLDAP32.dll'] },
    ];
    expect(verify(rule, events)).toEqual(['narrower', 2, 2]);
  });

  it('negated, each position requires itself, so that an event with fewer items still passes in EQL', () => {
    const rule = hub(
      '  sel: {EventID: 18456}\n  filter: {Data|contains: "CLIENT: 10."}\n  condition: sel and not filter',
    );
    const { text, notes } = toModel(rule);
    expect(text).toContain(
      'not ((item.p1 != null and item.p1 : "*CLIENT: 10.*") or (item.p2 != null and item.p2 : "*CLIENT: 10.*") or ' +
        '(item.p3 != null and item.p3 : "*CLIENT: 10.*"))',
    );
    // Items past the last are not looked at: broader under the negation.
    expect(notes).toContainEqual(['mapping/list-positions', 'broader']);
    const events = [
      { EventID: 18456, Data: ['sa', 'CLIENT: 8.8.8.8'] },
      { EventID: 18456, Data: ['sa', 'CLIENT: 10.0.0.1'] },
      { EventID: 18456, Data: ['sa', 'x', 'y', 'CLIENT: 10.0.0.1'] },
    ];
    // The first passes both (its third position is missing, which EQL would make unknown without the guard);
    // the third only the translation.
    expect(verify(rule, events).slice(1)).toEqual([1, 2]);
  });

  it('a test that the list is missing is every position missing; a presence test any position there', () => {
    const missing = toModel(hub('  sel: {EventID: 1}\n  empty: {Data: null}\n  condition: sel and empty'));
    expect(missing.text).toBe(
      'any where winlog.channel : "Application" and event.code : "1" and ' +
        'item.p1 == null and item.p2 == null and item.p3 == null',
    );
    expect(missing.notes).toEqual([['mapping/list-positions', 'broader']]);
    const present = toModel(hub('  sel: {Data|exists: true}\n  condition: sel'));
    expect(present.text).toContain('(item.p1 != null or item.p2 != null or item.p3 != null)');
    expect(present.notes.filter((n) => n[0] === 'mapping/list-positions')).toEqual([]);
  });

  it('reads every written shape back as the test of the list', () => {
    const cases = [
      '  sel: {Data|contains: [a, b]}\n  condition: sel',
      '  sel: {Data|contains|all: [a, b]}\n  condition: sel',
      '  sel: {Data|endswith: y}\n  filter: {Data|startswith: x}\n  condition: sel and not filter',
      '  sel: {EventID: "1"}\n  empty: {Data: null}\n  condition: sel and empty',
      '  sel: {EventID: "1"}\n  empty: {Data: null}\n  condition: sel and not empty',
      '  sel: {Data|exists: true}\n  condition: sel',
      '  sel: {EventID: "1"}\n  gone: {Data|exists: false}\n  condition: sel and gone',
      '  a: {Data|contains: x}\n  b: {EventID: "2"}\n  condition: a or b',
      '  a: {Data|contains: x}\n  b: {Data|contains|all: [y, z]}\n  condition: not (a or b)',
    ];
    for (const detection of cases) {
      const written = eql(mapRule(hub(detection), null, ITEMS_LIKE, { unmapped: 'error' }).rule);
      const { filter } = toHub(written);
      expect(sameExpr(filter, hubFilter(detection)), `${detection}\n${written}`).toBe(true);
    }
  });

  it('says the hub reads items past the last position too', () => {
    const { notes } = toHub(
      'any where winlog.channel : "Application" and (item.p1 : "x" or item.p2 : "x" or item.p3 : "x")',
    );
    expect(notes).toEqual([['mapping/list-positions', 'broader']]);
    const negated = toHub(
      'any where winlog.channel : "Application" and not (item.p1 : "x" or item.p2 : "x" or item.p3 : "x")',
    );
    expect(negated.notes).toEqual([['mapping/list-positions', 'narrower']]);
    expect(sameExpr(negated.filter, hubFilter('  f: {Data: x}\n  condition: not f'))).toBe(true);
  });

  it('a test of some positions only has no hub name', () => {
    expect(() => toHub('any where winlog.channel : "Application" and item.p1 : "x"')).toThrow(
      /item\.p1 .*holds one item of Data.*every item \(item\.p1…p3\)/,
    );
    expect(() =>
      toHub('any where winlog.channel : "Application" and (item.p1 : "x" or item.p2 : "x")'),
    ).toThrow(/item\.p\d .*holds one item of Data/);
    // Different tests of each position are no one test of the list.
    expect(() =>
      toHub('any where winlog.channel : "Application" and (item.p1 : "x" or item.p2 : "x" or item.p3 : "y")'),
    ).toThrow(/holds one item of Data/);
  });

  it('the list cannot be compared with another field', () => {
    expect(() => toModel(hub('  sel: {EventID|fieldref: Data}\n  condition: sel'))).toThrow(
      /Data .*keeps one item per field \(item\.p1…p3\).*cannot be compared/,
    );
  });

  it('events: the list spread over the positions in order, gathered back', () => {
    expect(eventToModel({ EventID: 1, Data: ['a', null, 'c', 'd'] }, ITEMS_LIKE, entry.logsource)).toEqual({
      'event.code': 1,
      'item.p1': 'a',
      'item.p3': 'c',
      'winlog.channel': 'Application',
    });
    expect(eventToModel({ Data: 'a' }, ITEMS_LIKE, entry.logsource)).toMatchObject({ 'item.p1': 'a' });
    expect(
      eventToHub(
        { winlog: { channel: 'Application' }, event: { code: '1' }, item: { p1: 'a', p3: 'c' } },
        entry,
      ),
    ).toEqual({ EventID: '1', Data: ['a', 'c'] });
  });
});
