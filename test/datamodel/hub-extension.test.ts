/**
 * rulestone's extension of the hub: ECS names for what Sigma's taxonomy cannot say (a process's user SID, its
 * argument count, its code signature …), carried into Sigma under those names, back into ECS as they are, and
 * into a Sentinel table only where a column means the same.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import type { Rule } from '../../src/ir/types.js';
import { hubExtensionFields } from '../../src/datamodel/index.js';
import { mustParse } from '../support/sigma.js';
import { dialect, eqlRule } from '../support/rules.js';

const sigma = dialect('sigma');
const eql = dialect('eql');
const kql = dialect('kql');

const convert = (rule: Rule, target: typeof sigma) => renderRule(rule, target);
const codes = (printed: { diagnostics: { code: string }[] }) => printed.diagnostics.map((d) => d.code);

describe('hub extension: ECS names for what Sigma has no name for', () => {
  const defend =
    'process where host.os.type == "windows" and event.type == "start" and ' +
    'process.name : "rundll32.exe" and process.args_count == 1 and user.id == "S-1-5-18"';

  it('writes Elastic Defend fields Sigma lacks by their ECS names, and says so', () => {
    const printed = convert(eqlRule(defend), sigma);
    expect(printed.text).toContain('process.args_count: 1');
    expect(printed.text).toContain("user.id|cased: 'S-1-5-18'");
    const note = printed.diagnostics.find((d) => d.code === 'mapping/hub-extension');
    expect(note?.severity).toBe('info');
    expect(note?.message).toMatch(/^process\.args_count, user\.id: not in Sigma's taxonomy/);
  });

  it('reads them back into ECS unchanged', () => {
    const printed = convert(eqlRule(defend), sigma);
    const back = sigma.parse([{ text: printed.text ?? '' }])[0]?.rules[0]?.rule;
    if (!back) throw new Error('no rule');
    const again = convert(back, eql);
    expect(again.text).toContain('process.args_count == 1');
    expect(again.text).toContain('user.id == "S-1-5-18"');
  });

  it("maps them to a Defender column only where one means the same: the process row's account SID", () => {
    const withSid = mustParse(`title: t
logsource: {category: process_creation, product: windows}
detection:
    sel:
        Image|endswith: '\\rundll32.exe'
        user.id: S-1-5-18
    condition: sel
`);
    const printed = convert(withSid, kql);
    expect(printed.text).toContain('DeviceProcessEvents');
    expect(printed.text).toMatch(/AccountSid =~ "S-1-5-18"/);
    const withCount = convert(eqlRule(defend), kql);
    expect(withCount.text).toBeUndefined();
    expect(withCount.diagnostics[0]?.message).toMatch(/process\.args_count .*no mapping|process\.args_count/);
  });

  it('gives a Linux user id no Defender column: there it is a numeric uid, not a SID', () => {
    const linux = eqlRule(
      'process where host.os.type == "linux" and event.type == "start" and process.name == "id" and user.id == "0"',
    );
    expect(convert(linux, sigma).text).toContain("user.id: '0'");
    const printed = convert(linux, kql);
    expect(printed.text).toBeUndefined();
    expect(codes(printed)).toContain('mapping/unmapped-field');
  });

  it("reads Defend's token integrity level as Sysmon's IntegrityLevel, not as an extension field", () => {
    const printed = convert(
      eqlRule(
        'process where host.os.type == "windows" and event.type == "start" and process.Ext.token.integrity_level_name == "high"',
      ),
      sigma,
    );
    expect(printed.text).toContain("IntegrityLevel|cased: 'High'");
    expect(codes(printed)).not.toContain('mapping/hub-extension');
  });

  it('extends endpoint log sources only, and leaves the fields a model already uses alone', () => {
    expect(hubExtensionFields({ category: 'process_creation', product: 'windows' })).toContain('user.id');
    expect(hubExtensionFields({ category: 'process_creation', product: 'windows' })).not.toContain('Image');
    expect(hubExtensionFields({ product: 'okta', service: 'okta' })).toEqual([]);
    // ECS `process.args` stays one argument of CommandLine (a part), not a field of its own.
    const printed = convert(
      eqlRule('process where host.os.type == "windows" and event.type == "start" and process.args == "-enc"'),
      sigma,
    );
    expect(printed.text).toContain('CommandLine|contains');
  });

  it('has Linux and macOS file renames, said to be its own, and writes them as Defender rename rows', () => {
    const rename = eqlRule(
      'file where host.os.type == "linux" and event.action == "rename" and file.path : "/etc/cron.d/*"',
    );
    const printed = convert(rename, sigma);
    expect(printed.text).toContain('category: file_rename\n    product: linux');
    const note = printed.diagnostics.find((d) => d.message.startsWith('linux/file_rename'));
    expect(note?.code).toBe('mapping/hub-extension');
    const kqlText = convert(rename, kql).text;
    expect(kqlText).toContain('DeviceFileEvents');
    expect(kqlText).toContain('ActionType == "FileRenamed"');
  });

  it("joins a process to its child's network events by the acting process's parent entity id", () => {
    const rule = eqlRule(`sequence by host.id with maxspan=10s
  [process where host.os.type == "linux" and event.type == "start" and process.name == "cupsd"] by process.entity_id
  [network where host.os.type == "linux" and event.type == "start"] by process.parent.entity_id`);
    const printed = convert(rule, sigma);
    expect(printed.text).toMatch(
      /aliases:\n\s+ProcessGuid:\n.*: ProcessGuid\n.*: process\.parent\.entity_id/,
    );
  });

  it("reads Defend's Windows connection action as Sysmon's Initiated, as on Linux", () => {
    const printed = convert(
      eqlRule(
        'network where host.os.type == "windows" and event.type == "start" and event.action == "connection_attempted" and destination.port == 445',
      ),
      sigma,
    );
    expect(printed.text).toContain("Initiated|cased: 'true'");
  });
});
