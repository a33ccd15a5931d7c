import { describe, expect, it } from 'vitest';
import type { Predicate } from '../../src/ir/types.js';
import {
  ecsRefusal as refusal,
  ecsSearch as search,
  ecsToHub as toHub,
  predicateFields as fields,
  predicates,
  fidelityCodes as codes,
  hubToEql as toEql,
  sigmaRule as sigma,
} from '../support/ecs-hub.js';

/**
 * Elastic's EQL rules over the image loads of several producers (Elastic Defend's `library` events, the Sysmon
 * integration's event 7 in category process), Defend's driver loads, auditd's kernel-module syscalls, join keys
 * that are a path's last component, and fields the integrations copy into ECS.
 */

describe('image loads: Elastic Defend library events and the Sysmon integration event 7', () => {
  it('reads a Sysmon event 7 query (category process) as windows/image_load, the loaded image in file.*', () => {
    // Elastic's "Potential Credential Access via Renamed COM+ Services DLL", second step.
    const { query } = search(`process where host.os.type == "windows" and event.code == "7" and
      (file.pe.original_file_name : "COMSVCS.DLL" or file.pe.imphash : "EADBCCBB324829ACB5F2BBE87E5549A8") and
      not file.name : "COMSVCS.DLL"`);
    expect(query.source).toMatchObject({ category: 'image_load', product: 'windows' });
    expect(fields(query.filter)).toEqual(['OriginalFileName', 'Hashes', 'ImageLoaded']);
    const name = predicates(query.filter).find((p) => p.field === 'ImageLoaded');
    expect(name?.op).toBe('endswith');
  });

  it("reads the pipeline's action with Winlogbeat's wildcard as event 7, saying it reads only that action", () => {
    const { query, diagnostics } = search(`process where host.os.type == "windows" and
      event.action : "Image loaded*" and file.path : "C:\\\\Users\\\\*"`);
    expect(query.source).toMatchObject({ category: 'image_load', product: 'windows' });
    expect(fields(query.filter)).toEqual(['ImageLoaded']);
    expect(codes(diagnostics)).toContain('mapping/narrower-source/narrower');
  });

  it('keeps a wildcard action that names none of the values an entry knows as a test, refused', () => {
    const d = refusal(`process where host.os.type == "windows" and event.action : "Nothing known*" and
      file.path : "C:\\\\x"`);
    expect(d.code).toBe('mapping/unmapped-field');
  });

  it("reads another producer's optional field as missing: its test goes (Sysmon has no dll.*)", () => {
    const { query, diagnostics } = search(`process where host.os.type == "windows" and
      event.action : "Image loaded*" and (?dll.name : "scrobj.dll" or file.name : "scrobj.dll")`);
    expect(query.source).toMatchObject({ category: 'image_load' });
    expect(query.filter).toMatchObject({ kind: 'predicate', field: 'ImageLoaded', op: 'endswith' });
    expect(codes(diagnostics)).toContain('mapping/absent-field');
    // A negated test of the missing field holds: it goes too.
    const negated = search(`process where host.os.type == "windows" and event.code == "7" and
      not ?dll.name : "scrobj.dll" and file.name : "x.dll"`);
    expect(fields(negated.query.filter)).toEqual(['ImageLoaded']);
  });

  it('refuses the same field where the query does not mark it optional', () => {
    const d = refusal(`process where host.os.type == "windows" and event.code == "7" and
      (dll.name : "scrobj.dll" or file.name : "scrobj.dll")`);
    expect(d.code).toBe('mapping/unmapped-field');
    expect(d.message).toContain('dll.name');
  });

  it("reads Endpoint's older file.* names of a library event's image, and writes Defend's dll.*", () => {
    const { query } = search(
      'library where host.os.type == "windows" and (file.name : "taskschd.dll" or file.path : "C:\\\\x\\\\*")',
    );
    expect(query.source).toMatchObject({ category: 'image_load' });
    expect(fields(query.filter)).toEqual(['ImageLoaded', 'ImageLoaded']);
    const written = toEql(
      sigma(
        'product: windows\n    category: image_load',
        "selection:\n    ImageLoaded|endswith: '\\\\x.dll'\ncondition: selection",
      ),
    );
    expect(written).toBe('library where host.os.type == "windows" and dll.path : "*\\\\x.dll"');
  });

  it('reads an any-where query over both producers as one image_load search, each test said once', () => {
    // Elastic's "Suspicious WMIC XSL Script Execution", second step.
    const { query } = search(`any where host.os.type == "windows" and (event.category == "library" or
      (event.category == "process" and event.action : "Image loaded*")) and
      (?dll.name : ("jscript.dll", "vbscript.dll") or file.name : ("jscript.dll", "vbscript.dll"))`);
    expect(query.source).toMatchObject({ category: 'image_load', product: 'windows' });
    expect(query.filter).toMatchObject({ kind: 'predicate', field: 'ImageLoaded' });
    expect((query.filter as Predicate).values).toHaveLength(2);
  });
});

describe('driver loads', () => {
  it("reads Elastic Defend's driver events (dll.*) as windows/driver_load", () => {
    const { query } = search(
      'driver where host.os.type == "windows" and dll.code_signature.status : ("errorExpired", "errorRevoked")',
    );
    expect(query.source).toMatchObject({ category: 'driver_load', product: 'windows' });
    expect(fields(query.filter)).toEqual(['SignatureStatus']);
  });

  it("still writes windows/driver_load as Sysmon's event 6", () => {
    const written = toEql(
      sigma(
        'product: windows\n    category: driver_load',
        "selection:\n    ImageLoaded|endswith: '\\\\x.sys'\ncondition: selection",
      ),
    );
    expect(written).toBe(
      'driver where host.os.type == "windows" and event.code == "6" and file.path : "*\\\\x.sys"',
    );
  });

  it("reads auditd's kernel-module syscalls as linux/auditd, saying the category is lost", () => {
    // Elastic's "Kernel Driver Load".
    const { query, diagnostics } = search(`driver where host.os.type == "linux" and
      event.action == "loaded-kernel-module" and auditd.data.syscall in ("init_module", "finit_module")`);
    expect(query.source).toMatchObject({ product: 'linux', service: 'auditd' });
    expect(fields(query.filter)).toEqual(['SYSCALL']);
    expect(codes(diagnostics)).toContain('mapping/broader-source/broader');
  });
});

describe("Auditbeat's syscall events and Defend's registry deletions", () => {
  it('reads a syscall in category process as linux/auditd, which Defend process starts do not take', () => {
    // Elastic's "Potential Process Name Stomping with Prctl".
    const { query, diagnostics } =
      search(`process where host.os.type == "linux" and auditd.data.syscall == "prctl" and
      auditd.data.a0 == "f" and process.executable like "/tmp/*"`);
    expect(query.source).toMatchObject({ product: 'linux', service: 'auditd' });
    expect(fields(query.filter)).toEqual(['SYSCALL', 'a0', 'exe']);
    expect(codes(diagnostics)).toContain('mapping/broader-source/broader');
    // A Linux process start still reads as process_creation.
    const start = search(
      'process where host.os.type == "linux" and event.type == "start" and process.name == "x"',
    );
    expect(start.query.source).toMatchObject({ category: 'process_creation', product: 'linux' });
  });

  it("does not name auditd in the refusal of another producer's query it cannot read", () => {
    // Elastic's "Potential Execution of rc.local Script" (Defend's already_running events: no hub log source).
    const d = refusal(`process where host.os.type == "linux" and event.type == "info" and
      event.action == "already_running" and process.parent.args == "/etc/rc.local"`);
    expect(d.code).toBe('mapping/unmapped-source');
    expect(d.message).not.toContain('auditd');
  });

  it('refuses a join key that is a name in one step and the last component of a path in another', () => {
    const d = refusal(`sequence by host.id, process.name with maxspan=1m
      [process where host.os.type == "linux" and auditd.data.syscall == "mprotect"]
      [network where host.os.type == "linux" and event.type == "start" and event.action == "connection_attempted"]`);
    expect(d.code).toBe('mapping/unmapped-field');
    expect(d.message).toContain("a path's last component in some steps");
  });

  it("reads Defend's registry deletions as Sysmon's delete event types, and refuses its other actions", () => {
    // Elastic's "Potential NetNTLMv1 Downgrade Attack".
    const { query } = search(`registry where host.os.type == "windows" and event.action != "deletion" and
      registry.value == "LmCompatibilityLevel" and registry.data.strings in ("0", "1")`);
    expect(query.source).toMatchObject({ category: 'registry_event', product: 'windows' });
    const eventType = predicates(query.filter).find((p) => p.field === 'EventType');
    expect(eventType?.values).toEqual([
      { type: 'string', pattern: ['DeleteKey'] },
      { type: 'string', pattern: ['DeleteValue'] },
    ]);
    expect(refusal('registry where host.os.type == "windows" and event.action == "query"').code).toBe(
      'mapping/unmapped-value',
    );
  });
});

describe('join keys and copied fields', () => {
  it('groups by the path where the rule groups by its last component, narrower, and says so', () => {
    // Elastic's "Potential Linux Credential Dumping via Proc Filesystem".
    const { query, diagnostics } = toHub(`sequence by host.id, process.parent.name with maxspan=1m
      [process where host.os.type == "linux" and process.name == "ps" and event.action in ("exec", "start")]
      [process where host.os.type == "linux" and process.name == "strings" and event.action in ("exec", "start")]`);
    expect(query.kind).toBe('sequence');
    if (query.kind !== 'sequence') return;
    expect(query.keys.map((k) => k.fields[0])).toEqual(['Computer', 'ParentImage']);
    expect(codes(diagnostics)).toContain('mapping/key-basename/narrower');
  });

  it("reads the Kubernetes integration's user.name copy as the audit event's user, for a key", () => {
    const { query } = toHub(`sequence by user.name with maxspan=5m
      [any where data_stream.dataset == "kubernetes.audit_logs" and kubernetes.audit.verb == "create"]
      [any where data_stream.dataset == "kubernetes.audit_logs" and kubernetes.audit.verb == "patch"]`);
    if (query.kind !== 'sequence') throw new Error(query.kind);
    expect(query.keys[0]?.fields[0]).toBe('user.username');
  });

  it("reads a Sysmon DNS query's user.name as User, saying the domain is not in it", () => {
    const { query, diagnostics } = search(
      'network where host.os.type == "windows" and event.code == "22" and user.name : "bob"',
    );
    expect(query.source).toMatchObject({ category: 'dns_query' });
    expect(fields(query.filter)).toEqual(['User']);
    expect(codes(diagnostics)).toContain('mapping/field-values/narrower');
  });

  it("reads Defend's Windows file deletions as windows/file_delete, and still writes Sysmon's event 23", () => {
    // Elastic's "Suspicious Print Spooler File Deletion".
    const { query } = search(`file where host.os.type == "windows" and event.type == "deletion" and
      file.extension : "dll" and not process.name : "spoolsv.exe"`);
    expect(query.source).toMatchObject({ category: 'file_delete', product: 'windows' });
    expect(fields(query.filter)).toEqual(['TargetFilename', 'Image']);
    const written = toEql(
      sigma(
        'product: windows\n    category: file_delete',
        "selection:\n    TargetFilename|endswith: '.dll'\ncondition: selection",
      ),
    );
    expect(written).toContain('event.code == "23"');
  });

  it("reads file.extension of Defend's renames as the end of the new path", () => {
    const { query } = search(
      'file where host.os.type == "windows" and event.action == "rename" and file.extension : "exe"',
    );
    expect(query.source).toMatchObject({ category: 'file_rename' });
    expect(query.filter).toMatchObject({ field: 'TargetFilename', op: 'endswith' });
  });
});
