import { describe, expect, it } from 'vitest';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { eqlDialect } from '../../src/dialects/eql/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { generateEvents } from '../../src/engine/index.js';
import type { Diagnostic } from '../../src/report/diagnostics.js';
import type { Expr, SearchQuery } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { eqlRule } from '../support/rules.js';

/**
 * Elastic rules say which events they read with event-source fields (`event.action`, `event.type`,
 * `network.protocol`): read as the hub log source those fields select, or refused, never kept as content.
 */

const ecs = DATA_MODELS.ecs;
if (!ecs) throw new Error('the ECS model is missing');
const strict = { unmapped: 'error' } as const;

function fields(expr: Expr, out: string[] = []): string[] {
  if (expr.kind === 'and' || expr.kind === 'or') for (const i of expr.items) fields(i, out);
  else if (expr.kind === 'not') fields(expr.item, out);
  else if (expr.kind === 'predicate' && expr.field) out.push(expr.field);
  return out;
}

/** The hub search an EQL query reads as, and what the mapping said. */
function toHub(text: string): { query: SearchQuery; diagnostics: Diagnostic[] } {
  const { rule, diagnostics } = mapRule(eqlRule(text), ecs, null, strict);
  return { query: rule.query as SearchQuery, diagnostics };
}

const narrower = (d: Diagnostic[]) => d.filter((x) => x.fidelity === 'narrower').map((x) => x.code);

/** The EQL of a Sigma rule on one log source, detection as YAML lines. */
function sigmaToEql(logsource: string, detection: string): string | undefined {
  const rule = mustParse(
    `title: t\nlogsource:\n${logsource
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n')}\ndetection:\n${detection
      .split('\n')
      .map((l) => '    ' + l)
      .join('\n')}\n`,
  );
  return eqlDialect.print(mapRule(rule, null, ecs, strict).rule).text;
}

describe('ECS event sources: Elastic Defend file events on Linux and macOS', () => {
  it('reads a rename as file_rename (a hub extension for Linux), the old path as SourceFilename', () => {
    const { query, diagnostics } = toHub(
      'file where host.os.type == "linux" and event.action == "rename" and file.Ext.original.path : "/usr/lib/vmware/*"',
    );
    expect(query.source).toMatchObject({ category: 'file_rename', product: 'linux' });
    expect(fields(query.filter)).toEqual(['SourceFilename']);
    expect(narrower(diagnostics)).toEqual([]);
  });

  it('reads a modification as file_change and a deletion as file_delete, exactly', () => {
    const change = toHub(
      'file where host.os.type == "macos" and event.action == "modification" and file.path like "/private/var/at/tabs/root"',
    );
    expect(change.query.source).toMatchObject({ category: 'file_change', product: 'macos' });
    expect(fields(change.query.filter)).toEqual(['TargetFilename']);
    expect(narrower(change.diagnostics)).toEqual([]);
    // Defend's deletions are the only file events of event.type deletion: either field says it.
    for (const selector of ['event.action == "deletion"', 'event.type == "deletion"']) {
      const { query, diagnostics } = toHub(`file where host.os.type == "linux" and ${selector}`);
      expect(query.source).toMatchObject({ category: 'file_delete', product: 'linux' });
      expect(narrower(diagnostics)).toEqual([]);
    }
  });

  it('reads creation or rename as file_event, and says the renames are lost', () => {
    const { query, diagnostics } = toHub(
      'file where host.os.type == "linux" and event.action in ("rename", "creation") and file.path : "/etc/cron.d/*"',
    );
    expect(query.source).toMatchObject({ category: 'file_event', product: 'linux' });
    expect(fields(query.filter)).toEqual(['TargetFilename']);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'mapping/narrower-source',
        fidelity: 'narrower',
        message: expect.stringContaining('other values of event.action'),
      }),
    );
  });

  it('reads Defend’s creation action as event.type creation, with nothing left out', () => {
    const { query, diagnostics } = toHub(
      'file where host.os.type == "macos" and event.action == "creation" and file.name : "x.plist"',
    );
    expect(query.source).toMatchObject({ category: 'file_event', product: 'macos' });
    expect(narrower(diagnostics)).toEqual([]);
  });

  it('does not read a fork as a process start', () => {
    expect(() =>
      mapRule(
        eqlRule('process where host.os.type == "linux" and event.type == "start" and event.action == "fork"'),
        ecs,
        null,
        strict,
      ),
    ).toThrow(/event\.action/);
  });

  it('writes the extended categories back as the Defend events they were read from', () => {
    expect(
      sigmaToEql(
        'category: file_rename\nproduct: linux',
        "sel:\n    SourceFilename|startswith: '/bin/'\ncondition: sel",
      ),
    ).toBe(
      'file where host.os.type == "linux" and event.action == "rename" and\n  file.Ext.original.path : "/bin/*"',
    );
    expect(
      sigmaToEql(
        'category: file_access\nproduct: macos',
        "sel:\n    TargetFilename: '/etc/master.passwd'\ncondition: sel",
      ),
    ).toBe(
      'file where host.os.type == "macos" and event.action == "open" and file.path : "/etc/master.passwd"',
    );
  });
});

describe('ECS event sources: negated selectors', () => {
  it('drops `event.type != "deletion"` as implied by file creation, and says the changes are lost', () => {
    const { query, diagnostics } = toHub(
      'file where host.os.type == "windows" and event.type != "deletion" and file.extension : "job"',
    );
    expect(query.source).toMatchObject({ category: 'file_event', product: 'windows' });
    expect(fields(query.filter)).toEqual(['TargetFilename']);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'mapping/narrower-source',
        message: expect.stringContaining('does not require event.type to be creation'),
      }),
    );
  });

  it('never reads a negation of the only value an entry reads as that entry', () => {
    // Not a deletion: of Defend's Linux file events, no file_delete entry may take it.
    const { query } = toHub('file where host.os.type == "linux" and event.action != "deletion"');
    expect(query.source.category).not.toBe('file_delete');
    // Not a creation: file_event's events all are, so it is no file_event rule (nor any other here).
    expect(() =>
      mapRule(
        eqlRule(
          'file where host.os.type == "linux" and event.type != "creation" and event.type != "deletion"',
        ),
        ecs,
        null,
        strict,
      ),
    ).toThrow(/event\.type/);
  });

  it('keeps its claim on generated events: the translation reads a subset of the source’s', () => {
    const rule = eqlRule(
      'file where host.os.type == "macos" and event.type != "deletion" and file.path like "/Library/LaunchDaemons/*"',
    );
    const filter = (rule.query as SearchQuery).filter;
    const generated = generateEvents(filter);
    const events = [generated.match, ...generated.nearMisses];
    const v = verifyRule(rule, sigmaDialect, events);
    expect(v.comparison).toBeDefined();
    expect(v.ok).toBe(true);
    expect(['narrower', 'unsupported']).toContain(v.expected);
  });
});

describe('ECS event sources: Windows', () => {
  it('reads Defend’s open events as Sigma’s windows/file_access, and says Defend reports some opens only', () => {
    const { query, diagnostics } = toHub(
      'file where host.os.type == "windows" and event.action == "open" and file.path : "?:\\\\Windows\\\\System32\\\\config\\\\RegBack\\\\SAM"',
    );
    expect(query.source).toMatchObject({ category: 'file_access', product: 'windows' });
    expect(fields(query.filter)).toEqual(['FileName']);
    // Defend's opens are some of the opens Sigma's file_access stands for: read as one, the rule reads them all.
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'mapping/broader-source', fidelity: 'broader' }),
    );
    expect(
      sigmaToEql(
        'category: file_access\nproduct: windows',
        "sel:\n    FileName|endswith: '\\Login Data'\n    Image|endswith: '\\rundll32.exe'\ncondition: sel",
      ),
    ).toBe(
      'file where host.os.type == "windows" and event.action == "open" and file.path : "*\\\\Login Data" and\n' +
        '  process.executable : "*\\\\rundll32.exe"',
    );
  });

  it('reads a DNS-marked Windows network query as dns_query, not as product-less dns', () => {
    const { query } = toHub(
      'network where host.os.type == "windows" and network.protocol == "dns" and dns.question.name : "*.zerossl.com"',
    );
    expect(query.source).toMatchObject({ category: 'dns_query', product: 'windows' });
    expect(fields(query.filter)).toEqual(['QueryName']);
  });
});
