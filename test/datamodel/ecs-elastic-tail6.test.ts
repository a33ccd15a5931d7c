/**
 * Elastic's EQL rules into the hub, round 6's tail: Defend's and Sysmon's names for a loaded driver together,
 * Defend's macOS library loads and Linux kernel-module loads as extension log sources, Windows `event.type:
 * change` file events (renames, overwrites), Defend's registry `modification`, GitHub's audit category and kind
 * of change, and a file operation's outcome.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { mustParse } from '../support/sigma.js';
import { dialect, eqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

const toSigma = (query: string) => renderRule(eqlRule(query), sigma);
const back = (text: string | undefined) => renderRule(mustParse(text ?? ''), eql);
const codes = (printed: ReturnType<typeof toSigma>) => printed.diagnostics.map((d) => d.code);

describe("a loaded driver tested by Defend's and Sysmon's names at once", () => {
  // Elastic's "Suspicious WMI Image Load from MS Office", its driver branch.
  const query =
    'driver where host.os.type == "windows" and process.name : "WINWORD.EXE" and (?dll.name : "wmiutils.dll" or file.name : "wmiutils.dll")';

  it("reads file.name (the Windows integration's event 6) as the driver, as dll.name is", () => {
    const printed = toSigma(query);
    expect(printed.text).toContain('category: driver_load\n    product: windows\n');
    expect(printed.text).toContain("ImageLoaded|endswith: '\\wmiutils.dll'");
    expect(printed.text).not.toContain('file.name');
    expect(printed.text).not.toContain('dll.name');
  });

  it("is written back by Defend's name only (file.name is read, never written)", () => {
    const written = back(toSigma(query).text).text ?? '';
    expect(written).toContain('dll.path : "*\\\\wmiutils.dll"');
    expect(written).not.toContain('file.');
  });
});

describe("Defend's macOS library loads: macos/image_load, the hub's extension", () => {
  // Elastic's "Unusual Library Load via Python", shortened.
  const query =
    'library where host.os.type == "macos" and event.action == "load" and dll.path like "/Users/*" and process.name like "python*" and not dll.code_signature.trusted == true';

  it('reads as macos/image_load with Sigma names and the signature extension field, and back', () => {
    const printed = toSigma(query);
    expect(printed.text).toContain('category: image_load\n    product: macos\n');
    expect(printed.text).toContain("ImageLoaded|startswith|cased: '/Users/'");
    expect(printed.text).toContain("Image|endswith|cased: '/python*'");
    expect(printed.text).toContain('dll.code_signature.trusted|neq: true');
    expect(printed.diagnostics.some((d) => d.message.startsWith('macos/image_load'))).toBe(true);
    const written = back(printed.text).text ?? '';
    expect(written).toMatch(/^library where host\.os\.type == "macos" and dll\.path like "\/Users\/\*"/);
  });

  it('is refused by name where no model has such events', () => {
    const printed = renderRule(mustParse(toSigma(query).text ?? ''), kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.message).toContain('macos/image_load');
  });
});

describe("Defend's Linux kernel-module loads: linux/driver_load, the hub's extension", () => {
  // Elastic's "Kernel Module Loaded with Tainting Flags", with a process test.
  const query =
    'process where host.os.type == "linux" and event.type == "start" and event.action == "load_module" and process.name == "insmod" and process.Ext.load_module.taint_flags != null';

  it('reads as linux/driver_load, the loading process by Sigma names, the module by ECS names', () => {
    const printed = toSigma(query);
    expect(printed.text).toContain('category: driver_load\n    product: linux\n');
    expect(printed.text).toContain("Image|endswith|cased: '/insmod'");
    expect(printed.text).toContain('process.Ext.load_module.taint_flags: null');
    expect(printed.text).not.toContain('load_module\n');
    const written = back(printed.text).text ?? '';
    expect(written).toContain('event.action == "load_module"');
    expect(written).toContain('process.Ext.load_module.taint_flags != null');
  });

  it('leaves process starts where they were', () => {
    const printed = toSigma(
      'process where host.os.type == "linux" and event.type == "start" and event.action == "exec" and process.name == "insmod"',
    );
    expect(printed.text).toContain('category: process_creation\n    product: linux\n');
  });

  it("keeps Windows driver loads' extension fields Defend's dll.* ones", () => {
    const rule = mustParse(
      [
        'title: t',
        'logsource:',
        '    category: driver_load',
        '    product: linux',
        'detection:',
        '    selection:',
        "        dll.code_signature.trusted: 'false'",
        '    condition: selection',
      ].join('\n'),
    );
    const printed = renderRule(rule, eql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.message).toContain('dll.code_signature.trusted');
  });
});

describe('Windows file events that say only `event.type: change`', () => {
  it("read as Defend's renames, told they read only those", () => {
    // Elastic's "Potential Secure File Deletion via SDelete Utility".
    const printed = toSigma(
      'file where host.os.type == "windows" and event.type == "change" and file.name : "*AAA.AAA"',
    );
    expect(printed.text).toContain('category: file_rename\n    product: windows\n');
    const narrower = printed.diagnostics.find((d) => d.code === 'mapping/narrower-source');
    expect(narrower?.message).toContain('event.action to be rename');
    expect(back(printed.text).text).toContain('event.action == "rename"');
  });

  it("read an overwrite as Sysmon's FileCreate (created or overwritten), broader", () => {
    // Elastic's "Potential Process Herpaderping Attempt", its file step.
    const printed = toSigma(
      'file where host.os.type == "windows" and event.type == "change" and event.action == "overwrite" and file.extension == "exe"',
    );
    expect(printed.text).toContain('category: file_event\n    product: windows\n');
    expect(printed.text).toContain("TargetFilename|endswith|cased: '.exe'");
    const broader = printed.diagnostics.find((d) => d.code === 'mapping/broader-source');
    expect(broader?.message).toContain('overwrite');
    expect(broader?.fidelity).toBe('broader');
  });

  it("are not Sysmon's creation-time changes, and a rename stays a rename", () => {
    const renamed = toSigma(
      'file where host.os.type == "windows" and event.type == "change" and event.action == "rename" and file.name : "x.exe"',
    );
    expect(renamed.text).toContain('category: file_rename');
    expect(codes(renamed)).not.toContain('mapping/narrower-source');
    const timestomp = toSigma(
      'file where host.os.type == "windows" and event.code == "2" and file.name : "x.exe"',
    );
    expect(timestomp.text).toContain('category: file_change');
  });

  it('leave hub file_event rules written as creations', () => {
    const rule = mustParse(
      [
        'title: t',
        'logsource:',
        '    category: file_event',
        '    product: windows',
        'detection:',
        '    selection:',
        "        TargetFilename|endswith: '.exe'",
        '    condition: selection',
      ].join('\n'),
    );
    const written = renderRule(rule, eql).text ?? '';
    expect(written).toContain('event.type == "creation"');
    expect(written).not.toContain('overwrite');
  });
});

describe("Defend's registry `modification`", () => {
  it('reads as registry_set, written back as its event.type', () => {
    const printed = toSigma(
      'registry where host.os.type == "windows" and event.action == "modification" and registry.path : "HKLM\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\*"',
    );
    expect(printed.text).toContain('category: registry_set\n    product: windows\n');
    expect(printed.text).not.toContain('EventType');
    expect(back(printed.text).text).toContain('event.type == "change"');
  });
});

describe("GitHub's audit category and kind of change", () => {
  // Elastic's "GitHub Protected Branch Settings Changed".
  const query =
    'configuration where data_stream.dataset == "github.audit" and github.category == "protected_branch" and event.type == "change"';

  it('are extension fields of github/audit, written back as they are', () => {
    const printed = toSigma(query);
    expect(printed.text).toContain('product: github\n    service: audit\n');
    expect(printed.text).toContain("github.category|cased: 'protected_branch'");
    expect(printed.text).toContain("event.type|cased: 'change'");
    const written = back(printed.text).text ?? '';
    expect(written).toContain('github.category == "protected_branch"');
    expect(written).toContain('event.type == "change"');
  });

  it('are refused by name where the target has no such column', () => {
    const printed = renderRule(mustParse(toSigma(query).text ?? ''), kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.message).toMatch(/github\.category|event\.type/);
  });
});

describe("a file operation's outcome", () => {
  it("is an extension field of Defend's file events", () => {
    // Elastic's "Sensitive Registry Hive Access via RegBack", shortened.
    const printed = toSigma(
      'file where host.os.type == "windows" and event.action == "open" and event.outcome == "success" and file.path : "?:\\\\Windows\\\\System32\\\\config\\\\RegBack\\\\SAM"',
    );
    expect(printed.text).toContain('category: file_access\n    product: windows\n');
    expect(printed.text).toContain("event.outcome|cased: 'success'");
    expect(back(printed.text).text).toContain('event.outcome == "success"');
  });
});
