/**
 * Elastic's Linux and macOS rules in the default KQL profile: the hub's extension fields that Defender's device
 * tables keep in columns described alike for every platform (the acting process's parent, a file's size, a
 * renamed file's former name) are written for Linux and macOS as for Windows; those Defender has no column of
 * the same meaning for stay refused, with the reason in the error.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { dialect, eqlRule } from '../support/rules.js';

const kql = dialect('kql');
const errors = (printed: { diagnostics: { severity: string; code: string; message: string }[] }) =>
  printed.diagnostics.filter((d) => d.severity === 'error');

describe('Defender extension columns on Linux and macOS entries', () => {
  it("writes a file's former name as PreviousFileName on Linux file rows", () => {
    // Elastic's "System V Init Script Created", as shipped: its dpkg exclusion tests the former name.
    const printed = renderRule(
      eqlRule(`file where host.os.type == "linux" and event.action in ("creation", "file_create_event") and
        file.path like "/etc/init.d/*" and not file.Ext.original.name like "*.dpkg-new"`),
      kql,
    );
    expect(errors(printed)).toEqual([]);
    expect(printed.text).toMatch(/^DeviceFileEvents\n/);
    expect(printed.text).toContain('ActionType == "FileCreated"');
    expect(printed.text).toContain('PreviousFileName !endswith_cs ".dpkg-new"');
  });

  it('does the same for macOS', () => {
    const printed = renderRule(
      eqlRule(`file where host.os.type == "macos" and event.type == "creation" and
        file.path like "/Library/LaunchDaemons/*" and file.Ext.original.name == "a.plist"`),
      kql,
    );
    expect(errors(printed)).toEqual([]);
    expect(printed.text).toContain('PreviousFileName == "a.plist"');
  });

  it("leaves a Linux rename's former path unmapped: whether PreviousFolderPath holds the old file's name varies", () => {
    const printed = renderRule(
      eqlRule(`file where host.os.type == "linux" and event.action == "rename" and
        file.Ext.original.path like "/tmp/*"`),
      kql,
    );
    expect(printed.text).toBeUndefined();
    expect(
      errors(printed)
        .map((e) => e.message)
        .join('\n'),
    ).toContain('SourceFilename');
  });

  it("writes a Linux file's size as FileSize", () => {
    const printed = renderRule(
      eqlRule(`file where host.os.type == "linux" and event.type == "creation" and
        file.path like "/tmp/*" and file.size > 1000000`),
      kql,
    );
    expect(errors(printed)).toEqual([]);
    expect(printed.text).toMatch(/^DeviceFileEvents\n/);
    expect(printed.text).toContain('FileSize > 1000000');
  });

  it("writes the parent of a Linux connection's process as InitiatingProcessParentId", () => {
    const printed = renderRule(
      eqlRule(`network where host.os.type == "linux" and event.type == "start" and
        process.name == "curl" and process.parent.pid == 1`),
      kql,
    );
    expect(errors(printed)).toEqual([]);
    expect(printed.text).toMatch(/^DeviceNetworkEvents\n/);
    expect(printed.text).toContain('InitiatingProcessParentId == 1');
  });
});

describe('what stays refused on Linux and macOS', () => {
  it("keeps a Linux process's numeric user id unmapped: Defender's AccountSid holds Windows SIDs", () => {
    const printed = renderRule(
      eqlRule(`process where host.os.type == "linux" and event.type == "start" and
        process.name == "sudo" and user.id == "0"`),
      kql,
    );
    expect(printed.text).toBeUndefined();
    const [error] = errors(printed);
    expect(error?.code).toBe('mapping/unmapped-field');
    expect(error?.message).toContain('user.id');
    expect(printed.diagnostics.map((d) => d.message).join('\n')).not.toContain('AccountSid');
  });

  it('joins a Linux sequence by process.entity_id by process id, creation time and device', () => {
    // Microsoft's advanced-hunting guidance: ProcessUniqueId is filled on Windows; elsewhere a process is
    // DeviceId + ProcessId + ProcessCreationTime (keyParts on the Linux entries).
    const printed = renderRule(
      eqlRule(`sequence by process.entity_id with maxspan=1m
        [process where host.os.type == "linux" and event.type == "start" and process.name == "git"]
        [network where host.os.type == "linux" and event.type == "start" and process.name == "git"]`),
      kql,
    );
    expect(printed.text).toContain('| join kind=inner (step2) on ProcessId, ProcessCreationTime, DeviceId\n');
    expect(printed.text).not.toContain('ProcessUniqueId');
  });

  it("keeps CloudTrail's flattened request text unmapped: AWSCloudTrail's RequestParameters is JSON", () => {
    // Elastic keeps requestParameters as `{key=value, …}` text; a test of `Status=Suspended` means nothing in JSON.
    const printed = renderRule(
      eqlRule(`info where data_stream.dataset == "aws.cloudtrail" and event.action == "PutBucketVersioning" and
        stringContains(aws.cloudtrail.request_parameters, "Status=Suspended")`),
      kql,
    );
    expect(printed.text).toBeUndefined();
    expect(
      errors(printed)
        .map((e) => e.message)
        .join('\n'),
    ).toContain('aws.cloudtrail.request_parameters');
  });
});
