/**
 * The ASIM data model (`--profile asim`): Sigma's log sources as Microsoft Sentinel's normalised parser functions
 * (imProcessCreate, imNetworkSession, imFileEvent, imRegistry, imDns, imWebSession), and Sentinel's own ASIM
 * queries read back into Sigma. Rules are real SigmaHQ and Azure-Sentinel detections, trimmed.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DATA_MODELS, mapRule } from '../../src/datamodel/index.js';
import { kqlDialect } from '../../src/dialects/kql/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { dialectModule } from '../../src/dialects/registry.js';
import { readBatch } from '../../src/pipeline/batch.js';
import { renderRule } from '../../src/pipeline/convert.js';
import { detectDialect } from '../../src/cli/inputs.js';
import type { DataModel } from '../../src/datamodel/index.js';
import { predicateFields } from '../support/ecs-hub.js';
import type { Expr, Rule, SearchQuery } from '../../src/ir/types.js';
import { sameExpr } from '../../src/ir/normalize.js';
import { mustParse } from '../support/sigma.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { walkFiles } from '../support/files.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

const asim = DATA_MODELS.asim as DataModel;
const strict = { unmapped: 'error' as const };

/** A Sigma rule with the given logsource lines and detection (both YAML, indented by 4 inside). */
function sigma(logsource: string, detection: string): Rule {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => (l.trim() === '' ? '' : '    ' + l))
      .join('\n');
  return mustParse(`title: test rule\nlogsource:\n${indent(logsource)}\ndetection:\n${indent(detection)}\n`);
}

function toKql(rule: Rule): { text: string; notes: string[]; messages: string[] } {
  const { rule: mapped, diagnostics } = mapRule(rule, null, asim, strict);
  return {
    text: kqlDialect.print(mapped).text,
    notes: diagnostics.map((d) => `${d.code} ${d.fidelity ?? ''}`.trim()),
    messages: diagnostics.map((d) => d.message),
  };
}

/** A KQL query read into the hub through the model its function belongs to. */
function toHub(text: string): { query: SearchQuery; notes: string[]; messages: string[] } {
  const [file] = kqlDialect.parse([{ text, file: 'test.kql' }]);
  const rule = file?.rules[0]?.rule;
  if (!rule) throw new Error(JSON.stringify(file));
  expect(rule.query.kind === 'search' && rule.query.source.model).toBe('asim');
  const { rule: mapped, diagnostics } = mapRule(rule, asim, null, strict);
  return {
    query: mapped.query as SearchQuery,
    notes: diagnostics.map((d) => `${d.code} ${d.fidelity ?? ''}`.trim()),
    messages: diagnostics.map((d) => d.message),
  };
}

const filterOf = (rule: Rule): Expr => (rule.query as SearchQuery).filter;

/** Written KQL must be valid for Microsoft's parser, against the declared ASIM functions. */
function expectValidKusto(text: string): void {
  const errors = kustoDiagnostics(text);
  expect(errors, `${describeKusto(errors)}\n${text}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------

describe('the ASIM model names only columns its functions return', () => {
  interface FunctionDecl {
    columns: [string, string][];
  }
  const schema = hasShared
    ? (JSON.parse(readFileSync(sharedPath('kql-schema', 'sentinel-schema.json'), 'utf8')) as {
        functions: Record<string, FunctionDecl>;
      })
    : undefined;

  it.skipIf(!hasShared)('every field, selector, copy, basename and typed column is declared', () => {
    const problems: string[] = [];
    for (const entry of asim.categories) {
      const fn = entry.source.function;
      expect(entry.source.table).toBeUndefined();
      const decl = fn === undefined ? undefined : schema?.functions[fn];
      if (!decl) {
        problems.push(`no declared function ${fn}`);
        continue;
      }
      const columns = new Map(decl.columns);
      const used = [
        ...Object.values(entry.fields),
        ...entry.source.where.map((c) => c.field),
        ...(entry.source.recognised ?? []).map((c) => c.field),
        ...Object.keys(entry.copies ?? {}),
        ...(entry.basenames ?? []).map((b) => b.field),
        ...Object.keys(entry.types ?? {}),
      ];
      for (const column of used)
        if (!columns.has(column))
          problems.push(`${fn} has no ${column} (${JSON.stringify(entry.logsource)})`);
      // A declared type says how values are written: numbers for int/long columns, text for string ones.
      for (const column of Object.values(entry.fields)) {
        const type = columns.get(column);
        const declared = entry.types?.[column];
        if (type === 'string' && declared === 'number') problems.push(`${fn}.${column} is text`);
        if ((type === 'int' || type === 'long') && declared !== 'number')
          problems.push(`${fn}.${column} is a number (${type}) without a number type`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes every log source through an im… unifying parser, never through an alias', () => {
    const written = new Map<string, string>();
    for (const entry of asim.categories) {
      const key = JSON.stringify(entry.logsource) + JSON.stringify(entry.when ?? null);
      if (!written.has(key)) written.set(key, entry.source.function as string);
    }
    expect(new Set(written.values())).toEqual(
      new Set(['imProcessCreate', 'imNetworkSession', 'imFileEvent', 'imRegistry', 'imDns', 'imWebSession']),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

// Exploiting CVE-2019-1388 (proc_creation_win_exploit_cve_2019_1388), trimmed.
const cve20191388 = sigma(
  'category: process_creation\nproduct: windows',
  "selection:\n    ParentImage|endswith: '\\consent.exe'\n    Image|endswith: '\\iexplore.exe'\n" +
    "    CommandLine|contains: ' http'\n    User|contains: 'AUTHORI'\ncondition: selection",
);

describe('Sigma process creation ⇄ imProcessCreate', () => {
  it("writes the created process as the target and Sysmon's parent as ASIM's acting process", () => {
    const { text, notes, messages } = toKql(cve20191388);
    expect(text).toBe(
      'imProcessCreate\n' +
        '| where ActingProcessName endswith @"\\consent.exe"\n' +
        '    and TargetProcessName endswith @"\\iexplore.exe"\n' +
        '    and TargetProcessCommandLine contains " http"\n' +
        '    and TargetUsername contains "AUTHORI"\n',
    );
    // Every platform's events, and a user name whose form depends on the source.
    expect(notes).toEqual(['mapping/broader-source broader', 'mapping/field-values narrower']);
    expect(messages.join('\n')).toMatch(/TargetUsername is written as each source writes it/);
    expectValidKusto(text);
  });

  it('reads it back as the same rule', () => {
    const { query } = toHub(toKql(cve20191388).text);
    expect(query.source).toMatchObject({ model: 'sigma', category: 'process_creation', product: 'windows' });
    expect(sameExpr(query.filter, filterOf(cve20191388))).toBe(true);
  });

  it("maps the grandparent to ASIM's ParentProcessName, never Sysmon's ParentImage", () => {
    const rule = sigma(
      'category: process_creation\nproduct: windows',
      "selection:\n    GrandParentImage|endswith: '\\TieringEngineService.exe'\n" +
        "    ParentImage|endswith: '\\conhost.exe'\ncondition: selection",
    );
    const { text, notes } = toKql(rule);
    expect(text).toBe(
      'imProcessCreate\n' +
        '| where ParentProcessName endswith @"\\TieringEngineService.exe"\n' +
        '    and ActingProcessName endswith @"\\conhost.exe"\n',
    );
    expect(notes).toContain('mapping/field-values narrower');
  });

  it('writes process ids as text, as ASIM keeps them', () => {
    const rule = sigma(
      'category: process_creation\nproduct: windows',
      'selection:\n    ParentProcessId: 4\ncondition: selection',
    );
    expect(toKql(rule).text).toBe('imProcessCreate\n| where ActingProcessId =~ "4"\n');
  });

  it("leaves Sysmon's combined Hashes unmapped: ASIM keeps one column per algorithm", () => {
    const rule = sigma(
      'category: process_creation\nproduct: windows',
      "selection:\n    Hashes|contains: 'IMPHASH=5ADA1D9C5C3B2A4F9CFB5EE4CE4C4B23'\ncondition: selection",
    );
    expect(() => mapRule(rule, null, asim, strict)).toThrow(/Hashes/);
  });

  it('writes Linux rules with / paths, and reads a file-name column as the end of the path', () => {
    // Linux Crontab Enumeration (proc_creation_lnx_crontab_enumeration), trimmed.
    const crontab = sigma(
      'category: process_creation\nproduct: linux',
      "selection:\n    Image|endswith: '/crontab'\n    CommandLine|contains: ' -l'\ncondition: selection",
    );
    const { text } = toKql(crontab);
    expect(text).toBe(
      'imProcessCreate\n| where TargetProcessName endswith "/crontab"\n    and TargetProcessCommandLine contains " -l"\n',
    );
    const { query } = toHub(
      'imProcessCreate\n| where DvcOs == "Linux" and TargetProcessFilename =~ "crontab"',
    );
    expect(query.source).toMatchObject({ category: 'process_creation', product: 'linux' });
    expect(query.filter).toMatchObject({
      field: 'Image',
      op: 'endswith',
      values: [{ pattern: ['/crontab'] }],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('Sigma network connections ⇄ imNetworkSession', () => {
  // HH.EXE Initiated HTTP Network Connection (net_connection_win_hh_http_connection).
  const hh = sigma(
    'category: network_connection\nproduct: windows',
    "selection:\n    Image|endswith: '\\hh.exe'\n    Initiated: 'true'\n    DestinationPort:\n" +
      '        - 80\n        - 443\ncondition: selection',
  );

  it('writes an outbound connection with the process at the source end', () => {
    const { text, notes } = toKql(hh);
    expect(text).toBe(
      'imNetworkSession\n' +
        '| where NetworkDirection =~ "Outbound"\n' +
        '    and SrcProcessName endswith @"\\hh.exe"\n' +
        '    and DstPortNumber in (80, 443)\n',
    );
    expect(notes).toEqual(['mapping/broader-source broader', 'mapping/field-values narrower']);
    expectValidKusto(text);
  });

  it('reads it back as the same rule', () => {
    const { query } = toHub(toKql(hh).text);
    expect(query.source).toMatchObject({ category: 'network_connection', product: 'windows' });
    expect(sameExpr(query.filter, filterOf(hh))).toBe(true);
  });

  it('writes an inbound connection with the process at the destination end', () => {
    // AnyDesk Incoming Connection (net_connection_win_remote_access_tools_anydesk_incoming_connection), trimmed.
    const anydesk = sigma(
      'category: network_connection\nproduct: windows',
      "selection:\n    Image|endswith: '\\AnyDesk.exe'\n    Initiated: 'false'\ncondition: selection",
    );
    const { text } = toKql(anydesk);
    expect(text).toBe(
      'imNetworkSession\n| where NetworkDirection =~ "Inbound"\n    and DstProcessName endswith @"\\AnyDesk.exe"\n',
    );
    const { query } = toHub(text);
    expect(sameExpr(query.filter, filterOf(anydesk))).toBe(true);
  });

  it('says so where a rule does not give the direction of the process it tests', () => {
    const rule = sigma(
      'category: network_connection\nproduct: windows',
      "selection:\n    Image|endswith: '\\rundll32.exe'\n    DestinationHostname|endswith: '.ngrok.io'\ncondition: selection",
    );
    const { text, messages } = toKql(rule);
    expect(text).toBe(
      'imNetworkSession\n| where SrcProcessName endswith @"\\rundll32.exe"\n    and DstHostname endswith ".ngrok.io"\n',
    );
    expect(messages.join('\n')).toMatch(/outbound connections only/);
    expect(messages.join('\n')).toMatch(/DstHostname holds the name without its domain/);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('Sigma file events ⇄ imFileEvent', () => {
  it('selects created, deleted and renamed files by their EventType', () => {
    const created = sigma(
      'category: file_event\nproduct: windows',
      "selection:\n    TargetFilename|endswith: '\\Start Menu\\Programs\\Startup\\evil.lnk'\n    Image|endswith: '\\wscript.exe'\ncondition: selection",
    );
    const written = toKql(created).text;
    expect(written).toBe(
      'imFileEvent\n' +
        '| where EventType == "FileCreated"\n' +
        '    and TargetFilePath endswith @"\\Start Menu\\Programs\\Startup\\evil.lnk"\n' +
        '    and ActingProcessName endswith @"\\wscript.exe"\n',
    );
    expectValidKusto(written);
    expect(sameExpr(toHub(written).query.filter, filterOf(created))).toBe(true);

    const deleted = sigma(
      'category: file_delete\nproduct: windows',
      "selection:\n    TargetFilename|endswith: '\\PowerShell\\PSReadLine\\ConsoleHost_history.txt'\ncondition: selection",
    );
    expect(toKql(deleted).text).toMatch(/^imFileEvent\n\| where EventType == "FileDeleted"\n/);

    // Suspicious Appended Extension (file_rename_win_ransomware), trimmed.
    const renamed = sigma(
      'category: file_rename\nproduct: windows',
      "selection:\n    SourceFilename|endswith: '.docx'\n    TargetFilename|contains: '.docx.'\ncondition: selection",
    );
    expect(toKql(renamed).text).toBe(
      'imFileEvent\n' +
        '| where EventType == "FileRenamed"\n' +
        '    and SrcFilePath endswith ".docx"\n' +
        '    and TargetFilePath contains ".docx."\n',
    );
  });

  it("reads ASIM's FileName alias as the end of the file's path", () => {
    const { query } = toHub('imFileEvent\n| where EventType == "FileCreated" and FileName =~ "evil.lnk"');
    expect(query.source).toMatchObject({ category: 'file_event', product: 'windows' });
    expect(query.filter).toMatchObject({
      field: 'TargetFilename',
      op: 'endswith',
      values: [{ pattern: ['\\evil.lnk'] }],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('Sigma registry events ⇄ imRegistry', () => {
  // CMSTP Execution Registry Event (registry_event_cmstp_execution_by_registry), with an EventType.
  const cmstp = sigma(
    'category: registry_event\nproduct: windows',
    "selection:\n    EventType: SetValue\n    TargetObject|contains: '\\cmmgr32.exe'\ncondition: selection",
  );

  it("turns Sysmon's EventType into ASIM's, saying how ASIM splits the key", () => {
    const { text, notes } = toKql(cmstp);
    expect(text).toBe(
      'imRegistry\n| where EventType =~ "RegistryValueSet"\n    and RegistryKey contains @"\\cmmgr32.exe"\n',
    );
    expect(notes).toEqual(['mapping/narrower-source narrower']);
    expectValidKusto(text);
    // Read back, a value set is Sigma's registry_set (Sysmon 13), which needs no EventType.
    const { query } = toHub(text);
    expect(query.source).toMatchObject({ category: 'registry_set', product: 'windows' });
    expect(query.filter).toMatchObject({ field: 'TargetObject', op: 'contains' });
    const unknown = sigma(
      'category: registry_event\nproduct: windows',
      "selection:\n    EventType: CreateValue\n    TargetObject|contains: 'x'\ncondition: selection",
    );
    expect(() => mapRule(unknown, null, asim, strict)).toThrow(/CreateValue/);
  });

  it('writes a value-set rule over the RegistryValueSet rows', () => {
    const rule = sigma(
      'category: registry_set\nproduct: windows',
      "selection:\n    TargetObject|contains: '\\Control\\SafeBoot\\Minimal\\'\n    Details: 'Service'\ncondition: selection",
    );
    expect(toKql(rule).text).toBe(
      'imRegistry\n' +
        '| where EventType == "RegistryValueSet"\n' +
        '    and RegistryKey contains @"\\Control\\SafeBoot\\Minimal\\"\n' +
        '    and RegistryValueData =~ "Service"\n',
    );
  });

  it('reads a query of every registry event as registry_event, and of created keys as registry_add', () => {
    expect(toHub('imRegistry\n| where RegistryKey has "ms-settings"').query.source).toMatchObject({
      category: 'registry_event',
    });
    expect(
      toHub('imRegistry\n| where EventType == "RegistryKeyCreated" and RegistryKey has "ms-settings"').query
        .source,
    ).toMatchObject({ category: 'registry_add' });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('Sigma DNS ⇄ imDns', () => {
  it("writes Sysmon 22's query and querying process", () => {
    const rule = sigma(
      'category: dns_query\nproduct: windows',
      "selection:\n    QueryName|endswith: '.anonfiles.com'\n    Image|endswith: '\\powershell.exe'\ncondition: selection",
    );
    const { text } = toKql(rule);
    expect(text).toBe(
      'imDns\n| where DnsQuery endswith ".anonfiles.com"\n    and SrcProcessName endswith @"\\powershell.exe"\n',
    );
    expectValidKusto(text);
  });

  // Suspicious DNS Query with B64 Encoded String (net_dns_susp_b64_queries).
  const b64 = sigma('category: dns', "selection:\n    query|contains: '==.'\ncondition: selection");

  it('writes the generic DNS log source exactly, and reads imDns back as it', () => {
    const { text, notes } = toKql(b64);
    expect(text).toBe('imDns\n| where DnsQuery contains "==."\n');
    expect(notes).toEqual([]);
    const { query } = toHub(text);
    expect(query.source).toMatchObject({ category: 'dns' });
    expect(query.source.product).toBeUndefined();
    expect(sameExpr(query.filter, filterOf(b64))).toBe(true);
  });

  it('reads the parameterless built-in parser and the Domain alias, and domain_has_any as its filter', () => {
    const { query } = toHub('_Im_Dns\n| where Domain endswith ".onion"');
    expect(query.source).toMatchObject({ category: 'dns' });
    expect(query.filter).toMatchObject({ field: 'query', op: 'endswith' });
    const filtered = toHub('_Im_Dns(domain_has_any=dynamic(["tor2web.org"]))\n| where DnsQuery has "x"').query;
    expect(filtered.source).toMatchObject({ category: 'dns' });
    expect(predicateFields(filtered.filter)).toEqual(['query', 'query']);
  });

  it('refuses a parser called with a parameter whose filter it does not read', () => {
    expect(() => toHub('_Im_Dns(starttime=ago(1d))\n| where DnsQuery has "x"')).toThrow(
      /no sigma log source is known for asim events of category "_Im_Dns"/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('Sigma web server and proxy logs ⇄ imWebSession', () => {
  // Citrix Netscaler Attack CVE-2019-19781 (web_cve_2019_19781_citrix_exploit), trimmed.
  const citrix = sigma(
    'category: webserver',
    "selection:\n    cs-uri-query|contains: '/../vpns/'\n    cs-method: POST\n    sc-status: 200\ncondition: selection",
  );

  it("writes a web server rule over WebServerSession rows, saying the URL's query is only part of Url", () => {
    const { text, notes } = toKql(citrix);
    expect(text).toBe(
      'imWebSession\n' +
        '| where EventType == "WebServerSession"\n' +
        '    and Url contains "/../vpns/"\n' +
        '    and HttpRequestMethod =~ "POST"\n' +
        '    and HttpStatusCode =~ "200"\n',
    );
    expect(notes).toEqual(['mapping/field-values broader']);
    expectValidKusto(text);
  });

  it('writes a proxy rule over HTTPsession rows', () => {
    // Chafer Malware URL Pattern (proxy_malware_chafer_url_pattern).
    const chafer = sigma(
      'category: proxy',
      "selection:\n    c-uri|contains: '/asp.asp\\?ui='\ncondition: selection",
    );
    const { text, notes } = toKql(chafer);
    expect(text).toBe(
      'imWebSession\n| where EventType == "HTTPsession"\n    and Url contains "/asp.asp?ui="\n',
    );
    expect(notes).toEqual(['mapping/broader-source broader']);
    const { query } = toHub(text);
    expect(query.source).toMatchObject({ category: 'proxy' });
    expect(sameExpr(query.filter, filterOf(chafer))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------

/** Azure-Sentinel's ASIM detections, read into Sigma. */
describe('Sentinel ASIM queries → Sigma', () => {
  // Base64 encoded Windows process command-lines (Normalized Process Events), the filter.
  it('reads the aliases CommandLine and Process', () => {
    const { query, notes } = toHub(
      'imProcessCreate\n| where CommandLine contains "TVqQAAMAAAAEAAA"\n| where isnotempty(Process)',
    );
    expect(query.source).toMatchObject({ category: 'process_creation', product: 'windows' });
    expect(query.filter).toMatchObject({
      kind: 'and',
      items: [{ field: 'CommandLine', op: 'contains' }, { kind: 'not' }],
    });
    // The parser's rows are every platform's; as a Windows rule it reads only Windows devices' (written the
    // other way, the same caveat makes the query broader).
    expect(notes).toEqual(['mapping/narrower-source narrower']);
  });

  // Potential re-named sdelete usage (ASIM Version): imProcess also holds terminations.
  it('reads imProcess as process creation, narrower where the query does not say ProcessCreated', () => {
    const text =
      'imProcess\n| where CommandLine has_all ("accepteula", "-s", "-r", "-q")\n| where Process !endswith "sdelete.exe"';
    const { query, messages } = toHub(text);
    expect(query.source).toMatchObject({ category: 'process_creation', product: 'windows' });
    const terminations = (m: string) => m.includes('does not require EventType to be ProcessCreated');
    expect(messages.some(terminations)).toBe(true);
    const stated = toHub(
      'imProcess\n| where EventType =~ "ProcessCreated" and Process endswith "svchost.exe"',
    );
    expect(stated.messages.some(terminations)).toBe(false);
    expect(stated.query.filter).toMatchObject({ field: 'Image', op: 'endswith' });
  });

  it.skipIf(!hasShared)('converts the corpus rules that read a parameterless ASIM parser', () => {
    const dir = sharedPath('corpus', 'sentinel', 'yaml');
    const inputs = walkFiles(dir, /\.ya?ml$/)
      .filter((f) => /imProcess_base64_encoded_pefile|Potentialre-namedsdeleteusage\(ASIMVersion\)/.test(f))
      .map((file) => {
        const text = readFileSync(file, 'utf8');
        return { file, text, dialect: detectDialect(file, text).dialect ?? 'unknown' };
      });
    expect(inputs).toHaveLength(2);
    const sigmaModule = dialectModule('sigma') ?? sigmaDialect;
    for (const outcome of readBatch(inputs)) {
      expect(outcome.rule).toBeDefined();
      const printed = renderRule(outcome.rule as Rule, sigmaModule, {}, {});
      expect(printed.text, JSON.stringify(printed.diagnostics)).toMatch(/category: process_creation/);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

describe.skipIf(!hasShared)('SigmaHQ rules written with --profile asim', () => {
  it('are valid KQL for Kusto.Language, for a sample of every log source the model writes', () => {
    const files = walkFiles(sharedPath('corpus', 'sigma'), /\.ya?ml$/);
    const inputs = files.map((file) => {
      const text = readFileSync(file, 'utf8');
      return { file, text, dialect: detectDialect(file, text).dialect ?? 'unknown' };
    });
    const kql = dialectModule('kql');
    if (!kql) throw new Error('no kql dialect');
    const perSource = new Map<string, number>();
    const invalid: string[] = [];
    let written = 0;
    for (const outcome of readBatch(inputs.filter((i) => i.dialect === 'sigma'))) {
      if (!outcome.ok || !outcome.rule || outcome.rule.query.kind !== 'search') continue;
      const source = outcome.rule.query.source;
      const key = [source.product, source.category, source.service].join('/');
      const printed = renderRule(outcome.rule, kql, {}, { profile: 'asim' });
      if (printed.text === undefined) continue;
      written++;
      // Up to 8 rules of each log source (all of them with RULESTONE_FULL_CORPUS=1).
      const seen = perSource.get(key) ?? 0;
      perSource.set(key, seen + 1);
      if (seen >= 8 && !process.env.RULESTONE_FULL_CORPUS) continue;
      const errors = kustoDiagnostics(printed.text);
      if (errors.length) invalid.push(`${outcome.rule.provenance.file}: ${describeKusto(errors)}`);
    }
    expect(invalid).toEqual([]);
    // The log sources the model covers convert (1,636 of the corpus's 2,627 rules when this was written).
    expect(written).toBeGreaterThan(1500);
    expect(perSource.size).toBeGreaterThanOrEqual(19);
  }, 120_000);
});
