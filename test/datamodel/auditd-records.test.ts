import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { findCategory } from '../../src/datamodel/map.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { sameExpr } from '../../src/ir/normalize.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { hasShared, sharedPath } from '../support/shared.js';

const ecs = DATA_MODELS.ecs;
if (!ecs) throw new Error('the ECS model is missing');
const strict = { unmapped: 'error' } as const;

/** The argument positions a query's test of process.args is read back as. */
const ARGS = Array.from({ length: 32 }, (_, i) => `a${i}`);

/** A SigmaHQ rule of linux/auditd. */
const auditdRule = (...parts: string[]): Rule =>
  mustParse(readFileSync(sharedPath('corpus', 'sigma', 'rules', 'linux', 'auditd', ...parts), 'utf8'));

const auditd = (detection: string): Rule =>
  mustParse(
    `title: t\nlogsource:\n    product: linux\n    service: auditd\ndetection:\n${detection
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n')}\n`,
  );

const eqlRule = (text: string): Rule => {
  const [file] = eqlDialect.parse([{ text, file: 'x.eql' }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file));
  return rule;
};

const toEql = (rule: Rule) => {
  const { rule: mapped, diagnostics } = mapRule(rule, null, ecs, strict);
  return { text: eqlDialect.print(mapped).text, diagnostics };
};

describe("data-model mapping: audit records as Elastic's Auditd Logs integration keeps them", () => {
  it.skipIf(!hasShared)('writes a PATH rule for the auditd.log dataset, exactly', () => {
    const rule = auditdRule('path', 'lnx_auditd_systemd_service_creation.yml');
    const { text, diagnostics } = toEql(rule);
    expect(text).toBe(
      'any where event.dataset == "auditd.log" and event.action == "path" and\n' +
        '  auditd.log.nametype : "CREATE" and\n' +
        '  auditd.log.name : (\n' +
        '    "/usr/lib/systemd/system/*", "/etc/systemd/system/*", "*/.config/systemd/user/*"\n' +
        '  )',
    );
    expect(diagnostics).toEqual([]);
  });

  it.skipIf(!hasShared)('reads the PATH query back as the same Sigma rule', () => {
    const rule = auditdRule('path', 'lnx_auditd_ld_so_preload_mod.yml');
    const there = mapRule(rule, null, ecs, strict).rule;
    expect(eqlDialect.print(there).text).toBe(
      'any where event.dataset == "auditd.log" and event.action == "path" and\n' +
        '  auditd.log.name : "/etc/ld.so.preload"',
    );
    const { rule: back, diagnostics } = mapRule(there, ecs, null, strict);
    const query = back.query as SearchQuery;
    expect(query.source).toMatchObject({ model: 'sigma', product: 'linux', service: 'auditd' });
    expect(sameExpr(query.filter, (rule.query as SearchQuery).filter)).toBe(true);
    expect(diagnostics).toEqual([]);
  });

  it.skipIf(!hasShared)(
    "writes an EXECVE rule's a0 as process.executable, which the pipeline copies from it",
    () => {
      const rule = auditdRule('execve', 'lnx_auditd_user_discovery.yml');
      const { text, diagnostics } = toEql(rule);
      expect(text).toBe(
        'any where event.dataset == "auditd.log" and event.action == "execve" and\n' +
          '  process.executable : ("hostname", "id", "last", "uname", "users", "w", "who", "whoami")',
      );
      expect(diagnostics).toEqual([]);
      const back = mapRule(mapRule(rule, null, ecs, strict).rule, ecs, null, strict).rule;
      expect(sameExpr((back.query as SearchQuery).filter, (rule.query as SearchQuery).filter)).toBe(true);
    },
  );

  it.skipIf(!hasShared)(
    "looks for an EXECVE rule's keywords among its arguments, and says it looks nowhere else",
    () => {
      const rule = auditdRule('execve', 'lnx_auditd_change_file_time_attr.yml');
      const { text, diagnostics } = toEql(rule);
      expect(text).toBe(
        'any where event.dataset == "auditd.log" and event.action == "execve" and\n' +
          '  process.args : "*touch*" and process.args : ("*-t*", "*-acmr*", "*-d*", "*-r*")',
      );
      expect(diagnostics).toEqual([
        expect.objectContaining({ code: 'mapping/keyword-field', fidelity: 'narrower' }),
      ]);
    },
  );

  it("reads the integration's other names for the same events (data_stream.dataset, event.module)", () => {
    const rule = eqlRule(
      'any where data_stream.dataset == "auditd.log" and event.module == "auditd" and event.action == "execve" and\n' +
        '  process.executable == "chattr" and process.args_count == 3',
    );
    const { rule: hub, diagnostics } = mapRule(rule, ecs, null, strict);
    const expected = auditd('sel:\n    type: EXECVE\n    a0|cased: chattr\n    argc: 3\ncondition: sel');
    expect(sameExpr((hub.query as SearchQuery).filter, (expected.query as SearchQuery).filter)).toBe(true);
    expect(diagnostics).toEqual([]);
  });

  it('says so where a query does not name the record type the entry reads', () => {
    const rule = eqlRule('any where event.dataset == "auditd.log" and process.executable == "chattr"');
    const { rule: hub, diagnostics } = mapRule(rule, ecs, null, strict);
    expect(JSON.stringify((hub.query as SearchQuery).filter)).toContain('"EXECVE"');
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/narrower-source', fidelity: 'narrower' }),
    );
  });

  it.skipIf(!hasShared)(
    'writes argument positions a1…aN as tests of any element of process.args, broader, naming each position',
    () => {
      const rule = auditdRule('execve', 'lnx_auditd_bpfdoor_port_redirect.yml');
      const { text, diagnostics } = toEql(rule);
      expect(text).toBe(
        'any where event.dataset == "auditd.log" and event.action == "execve" and\n' +
          '  process.executable : "*iptables" and process.args : "-t" and process.args : "nat" and\n' +
          '  process.args : ("*--to-ports 42*", "*--to-ports 43*")',
      );
      expect(diagnostics.map((d) => [d.code, d.fidelity, d.message])).toEqual([
        [
          'mapping/list-element',
          'broader',
          'a1 is written as a test of any element of process.args, the list of a0…a31: the position is lost',
        ],
        [
          'mapping/list-element',
          'broader',
          'a2 is written as a test of any element of process.args, the list of a0…a31: the position is lost',
        ],
        // The keywords are looked for among the arguments only.
        expect.arrayContaining(['mapping/keyword-field', 'narrower']),
      ]);
    },
  );

  it.skipIf(!hasShared)(
    "reads the bpfdoor query's tests of process.args back as every position or-ed, not as a1",
    () => {
      const there = mapRule(auditdRule('execve', 'lnx_auditd_bpfdoor_port_redirect.yml'), null, ecs, strict);
      const query = eqlRule(eqlDialect.print(there.rule).text as string);
      const { rule: back, diagnostics } = mapRule(query, ecs, null, strict);
      const anyArg = (name: string, test: string) =>
        `${name}:\n` + ARGS.map((a) => `    - ${a}${test}`).join('\n') + '\n';
      const expected = auditd(
        'cmd:\n    type: EXECVE\n    a0|endswith: iptables\n' +
          anyArg('t', ": '-t'") +
          anyArg('nat', ': nat') +
          anyArg('ports', "|contains: ['--to-ports 42', '--to-ports 43']") +
          'condition: cmd and t and nat and ports',
      );
      expect(sameExpr((back.query as SearchQuery).filter, (expected.query as SearchQuery).filter)).toBe(true);
      // Exact up to the 32nd argument; an argument further on is missed.
      expect(diagnostics.map((d) => [d.code, d.fidelity])).toEqual([['mapping/list-positions', 'narrower']]);
    },
  );

  it.skipIf(!hasShared)(
    'writes a rule whose alternatives all name the EXECVE record type through the Auditd Logs entry',
    () => {
      const { text, diagnostics } = toEql(auditdRule('execve', 'lnx_auditd_susp_cmds.yml'));
      expect(text).toBe(
        'any where event.dataset == "auditd.log" and event.action == "execve" and\n' +
          '  (\n' +
          '    (process.executable : "chmod" and process.args : "777") or\n' +
          '    (process.executable : "chmod" and process.args : "u+s") or\n' +
          '    (process.executable : "cp" and process.args : "/bin/ksh") or\n' +
          '    (process.executable : "cp" and process.args : "/bin/sh")\n' +
          '  )',
      );
      expect(diagnostics.map((d) => [d.code, d.fidelity])).toEqual([['mapping/list-element', 'broader']]);
    },
  );

  it.skipIf(!hasShared)('still refuses argument positions in a rule that names no record type', () => {
    // Without `type: EXECVE` the rule is the Auditbeat entry's, whose a0…a3 are a SYSCALL record's arguments.
    const rule = auditdRule('execve', 'lnx_auditd_coinminer.yml');
    expect(() => mapRule(rule, null, ecs, strict)).toThrow(/the field a4 .*has no mapping/);
  });

  it.skipIf(!hasShared)(
    'checks the translations on audit records: an argument anywhere passes, a late one is missed',
    () => {
      // Sigma's rule wants -i second; the translation finds it anywhere.
      const rule = auditdRule('execve', 'lnx_auditd_chattr_immutable_removal.yml');
      const hub = [
        { type: 'EXECVE', a0: 'chattr', a1: '-i', a2: '/etc/passwd' },
        { type: 'EXECVE', a0: 'chattr', a1: '-R', a2: '-i' },
        { type: 'EXECVE', a0: 'chattr', a1: '+i' },
      ];
      const v = verifyRule(rule, eqlDialect, hub);
      expect([v.ok, v.expected, v.comparison?.relation, v.sourceMatches, v.translationMatches]).toEqual([
        true,
        'broader',
        'broader',
        1,
        2,
      ]);
      // A query for an argument reads back as a0…a31: one further on is missed.
      const query = eqlRule(
        'any where event.dataset == "auditd.log" and event.action == "execve" and process.args == "-i"',
      );
      const many = Array.from({ length: 40 }, (_, i) => `f${i}`);
      const events = [
        {
          event: { dataset: 'auditd.log', action: 'execve' },
          process: { executable: 'rm', args: ['rm', '-i', 'x'] },
        },
        {
          event: { dataset: 'auditd.log', action: 'execve' },
          process: { executable: 'rm', args: ['rm', ...many, '-i'] },
        },
        {
          event: { dataset: 'auditd.log', action: 'execve' },
          process: { executable: 'rm', args: ['rm', 'x'] },
        },
      ];
      const back = verifyRule(query, sigmaDialect, events);
      expect([
        back.ok,
        back.expected,
        back.comparison?.relation,
        back.sourceMatches,
        back.translationMatches,
      ]).toEqual([true, 'narrower', 'narrower', 2, 1]);
    },
  );

  it.skipIf(!hasShared)(
    'leaves rules whose alternatives name different record types to the Auditbeat entry',
    () => {
      // PATH or EXECVE, each in a selection of its own: no one record type, so no Auditd Logs entry.
      const rule = auditdRule('lnx_auditd_password_policy_discovery.yml');
      expect(() => mapRule(rule, null, ecs, strict)).toThrow(/"PATH" of type has no equivalent/);
    },
  );

  it('keeps SYSCALL rules and rules without a record type on the Auditbeat entry', () => {
    const syscall = auditd('sel:\n    type: SYSCALL\n    SYSCALL: mknod\ncondition: sel');
    expect(toEql(syscall).text).toBe(
      'any where event.module == "auditd" and auditd.message_type : "syscall" and\n' +
        '  auditd.data.syscall : "mknod"',
    );
    const untyped = auditd('sel:\n    key: susp_activity\ncondition: sel');
    expect(toEql(untyped).text).toBe('any where event.module == "auditd" and tags : "susp_activity"');
    expect(findCategory(ecs, { product: 'linux', service: 'auditd' })?.source.where[0]?.field).toBe(
      'event.module',
    );
  });
});
