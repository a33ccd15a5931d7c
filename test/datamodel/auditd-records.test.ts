import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { findCategory } from '../../src/datamodel/map.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { sameExpr } from '../../src/ir/normalize.js';
import type { Rule, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { hasShared, sharedPath } from '../support/shared.js';

const ecs = DATA_MODELS.ecs;
if (!ecs) throw new Error('the ECS model is missing');
const strict = { unmapped: 'error' } as const;

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
    'refuses the argument positions a1…aN, which process.args keeps only as an unindexed list',
    () => {
      const rule = auditdRule('execve', 'lnx_auditd_bpfdoor_port_redirect.yml');
      expect(() => mapRule(rule, null, ecs, strict)).toThrow(/the field a1 .*has no mapping/);
      // Nor is a query's test of process.args read as one position.
      const query = eqlRule(
        'any where event.dataset == "auditd.log" and event.action == "execve" and process.args == "-t"',
      );
      expect(() => mapRule(query, ecs, null, strict)).toThrow(/process\.args .*has no sigma name/);
    },
  );

  it.skipIf(!hasShared)(
    'leaves rules that name their record types only inside alternatives to the Auditbeat entry',
    () => {
      // PATH or EXECVE, each in a selection of its own: no top-level record type, so no Auditd Logs entry.
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
