/**
 * Elastic's Defend for Containers rules test the container a process runs in (`container.id like "?*"`). Defender
 * XDR keeps containers' processes apart, in Defender for Cloud's CloudProcessEvents: the default KQL profile
 * writes such a rule for it (and says so), keeps other Linux process rules on DeviceProcessEvents, and reads a
 * CloudProcessEvents query back as a Linux process start in a container.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { readBatch } from '../../src/pipeline/batch.js';
import { detectDialect } from '../../src/cli/inputs.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import type { Rule } from '../../src/ir/types.js';
import { mustParse } from '../support/sigma.js';
import { dialect, eqlRule, kqlRule } from '../support/rules.js';
import { hasShared, sharedPath } from '../support/shared.js';

const kql = dialect('kql');
const eql = dialect('eql');
const sigma = dialect('sigma');
const codes = (printed: { diagnostics: { code: string }[] }) => printed.diagnostics.map((d) => d.code);

/** Elastic's "Nsenter Execution with Target Flag Inside Container" (cloud_defend), as shipped. */
const NSENTER = `process where host.os.type == "linux" and event.type == "start" and event.action == "exec" and
  (process.name == "nsenter" or process.args == "nsenter") and
  container.id like "?*" and process.args like ("-t", "--target*")`;

const linuxProcess = (selection: string): Rule =>
  mustParse(
    `title: t\nlogsource:\n    product: linux\n    category: process_creation\ndetection:\n    selection:\n${selection}\n    condition: selection\n`,
  );

describe("the default KQL profile's CloudProcessEvents entry", () => {
  it("writes a Defend for Containers rule for CloudProcessEvents, the container's id as ContainerId", () => {
    const printed = renderRule(eqlRule(NSENTER), kql);
    expect(printed.text).toMatch(/^CloudProcessEvents\n/);
    expect(printed.text).toContain('FolderPath endswith_cs "/nsenter"');
    expect(printed.text).toContain('ProcessCommandLine contains_cs "nsenter"');
    expect(printed.text).toMatch(/ContainerId matches regex "\(\?s\)\^\.\.\*\$"/);
    // Said: another source than the profile's first, which holds containers' processes only.
    const other = printed.diagnostics.find((d) => d.code === 'mapping/other-source');
    expect(other?.message).toContain('CloudProcessEvents');
    expect(other?.message).toContain('DeviceProcessEvents');
    expect(codes(printed)).toContain('mapping/narrower-source');
  });

  it.skipIf(!hasShared)('converts the shipped rule file the same way', () => {
    const file = sharedPath(
      'corpus',
      'elastic',
      'toml',
      'rules',
      'integrations',
      'cloud_defend',
      'execution_tool_installation.toml',
    );
    const text = readFileSync(file, 'utf8');
    const [read] = readBatch([{ text, file, dialect: detectDialect(file, text).dialect ?? 'eql' }]);
    if (!read?.rule) throw new Error('the rule did not read');
    const printed = renderRule(read.rule, kql);
    expect(printed.text).toMatch(/^CloudProcessEvents\n/);
    expect(printed.text).toContain('FolderPath endswith_cs "/apt-get"');
    expect(printed.text).toContain('ContainerId');
  });

  it('keeps an ordinary Linux process rule on DeviceProcessEvents', () => {
    const printed = renderRule(
      linuxProcess("        Image|endswith: '/nsenter'\n        CommandLine|contains: '--target'"),
      kql,
    );
    expect(printed.text).toMatch(/^DeviceProcessEvents\n/);
    expect(codes(printed)).not.toContain('mapping/other-source');
    // A working directory still goes to ASIM's parser, which comes first.
    const cwd = renderRule(
      linuxProcess("        Image|endswith: '/curl'\n        CurrentDirectory|startswith: '/tmp/'"),
      kql,
    );
    expect(cwd.text).toMatch(/^imProcessCreate\n/);
  });

  it("writes a container's working directory, PIDs and workload fields to the table's columns and types", () => {
    const printed = renderRule(
      linuxProcess(
        [
          "        CurrentDirectory|startswith: '/tmp/'",
          '        ParentProcessId: 1',
          "        ProcessId: '42'",
          "        container.image.name|contains: 'nginx'",
          "        orchestrator.namespace: 'kube-system'",
          "        orchestrator.resource.name|startswith: 'web-'",
        ].join('\n'),
      ),
      kql,
    );
    expect(printed.text).toMatch(/^CloudProcessEvents\n/);
    expect(printed.text).toContain('ProcessCurrentWorkingDirectory startswith "/tmp/"');
    // ParentProcessId is a string column, ProcessId a long.
    expect(printed.text).toContain('ParentProcessId =~ "1"');
    expect(printed.text).toContain('ProcessId == 42');
    expect(printed.text).toContain('ContainerImageName contains "nginx"');
    expect(printed.text).toContain('KubernetesNamespace =~ "kube-system"');
    expect(printed.text).toContain('KubernetesPodName startswith "web-"');
  });

  it("still refuses what the table has no column for: the parent's image and command line", () => {
    const printed = renderRule(
      eqlRule(
        'process where host.os.type == "linux" and event.type == "start" and process.name == "kubectl" and ' +
          'container.id like "*" and not process.parent.executable == "/usr/bin/runc"',
      ),
      kql,
    );
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/unmapped-field');
  });

  it('reads a CloudProcessEvents query as a Linux process start in a container, for Sigma and EQL', () => {
    const rule = kqlRule(
      'CloudProcessEvents\n| where FileName in~ ("nsenter", "unshare") and ProcessCommandLine contains "--target" and isnotempty(ContainerId) and KubernetesNamespace == "default"',
    );
    const toSigma = renderRule(rule, sigma);
    expect(toSigma.text).toContain('category: process_creation');
    expect(toSigma.text).toContain('product: linux');
    expect(toSigma.text).toContain("- '/nsenter'");
    expect(toSigma.text).toContain('container.id: null');
    expect(toSigma.text).toContain("orchestrator.namespace|cased: 'default'");
    const toEql = renderRule(rule, eql);
    expect(toEql.text).toContain('process where host.os.type == "linux" and event.type == "start"');
    expect(toEql.text).toContain('process.executable : ("*/nsenter", "*/unshare")');
    expect(toEql.text).toContain('not (container.id == null or container.id == "")');
    expect(toEql.text).toContain('orchestrator.namespace == "default"');
    // Read as a Linux process start, a query of container processes alone loses that scope: broader.
    expect(codes(toEql)).toContain('mapping/broader-source');
    expect(codes(toEql)).not.toContain('mapping/narrower-source');
  });

  it('round-trips the written query back to the rule', () => {
    const printed = renderRule(eqlRule(NSENTER), kql);
    const back = renderRule(kqlRule(printed.text ?? ''), eql);
    expect(back.text).toContain('container.id');
    expect(back.text).toContain('process.executable');
    expect(back.text).toContain('"*/nsenter"');
  });

  it('is checked on events as CloudProcessEvents records them', () => {
    const rule = linuxProcess("        Image|endswith: '/nsenter'\n        container.id|startswith: 'a'");
    const events = [
      { Image: '/usr/bin/nsenter', 'container.id': 'abc123' },
      { Image: '/usr/bin/nsenter', 'container.id': 'bcd234' },
      { Image: '/usr/bin/unshare', 'container.id': 'abc123' },
      { Image: '/usr/bin/nsenter' },
    ];
    const v = verifyRule(rule, kql, events);
    expect(v.sourceMatches).toBe(1);
    expect(v.translationMatches).toBe(1);
    expect(v.ok).toBe(true);
  });
});
