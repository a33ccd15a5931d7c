/**
 * KQL's default profile writes a rule for ASIM's parser functions only where none of its tables has the rule's
 * log source, or every field the rule reads: Defender records no working directory of a Linux process.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { verifyRule } from '../../src/pipeline/verify.js';
import { mustParse } from '../support/sigma.js';
import { dialect } from '../support/rules.js';

const kql = dialect('kql');

const linuxProcess = (selection: string): string =>
  `title: t\nlogsource:\n    product: linux\n    category: process_creation\ndetection:\n    selection:\n${selection}\n    condition: selection\n`;

describe("the default KQL profile's ASIM fallback", () => {
  it("keeps Defender's table for what it has", () => {
    const printed = renderRule(mustParse(linuxProcess("        Image|endswith: '/curl'")), kql);
    expect(printed.text).toMatch(/^DeviceProcessEvents\n/);
    expect(printed.diagnostics.some((d) => d.code === 'mapping/other-source')).toBe(false);
  });

  it('writes imProcessCreate, and says so, where Defender lacks a field the rule reads', () => {
    const printed = renderRule(
      mustParse(
        linuxProcess("        Image|endswith: '/curl'\n        CurrentDirectory|startswith: '/tmp/'"),
      ),
      kql,
    );
    expect(printed.text).toMatch(/^imProcessCreate\n/);
    expect(printed.text).toContain('TargetProcessCurrentDirectory startswith "/tmp/"');
    const note = printed.diagnostics.find((d) => d.code === 'mapping/other-source');
    expect(note?.message).toContain('imProcessCreate');
    expect(note?.message).toContain('DeviceProcessEvents');
  });

  it('still refuses what no entry can write', () => {
    const printed = renderRule(mustParse(linuxProcess("        NoSuchField: 'x'")), kql);
    expect(printed.text).toBeUndefined();
    expect(printed.diagnostics[0]?.code).toBe('mapping/unmapped-field');
    // The error names Defender's table, the profile's first source.
    expect(printed.diagnostics[0]?.message).toContain('NoSuchField');
  });

  it('is checked on the events as the parser it was written for records them', () => {
    // imProcessCreate serves every platform's log source: the events must be mapped through the Linux entry,
    // not through the first one the query reads as (Windows) nor Defender's table.
    const rule = mustParse(
      linuxProcess("        Image|endswith: '/curl'\n        CurrentDirectory|startswith: '/tmp/'"),
    );
    const events = [
      { Image: '/usr/bin/curl', CurrentDirectory: '/tmp/x' },
      { Image: '/usr/bin/curl', CurrentDirectory: '/home/u' },
      { Image: '/usr/bin/wget', CurrentDirectory: '/tmp/x' },
    ];
    const v = verifyRule(rule, kql, events);
    expect(v.sourceMatches).toBe(1);
    expect(v.translationMatches).toBe(1);
    expect(v.ok).toBe(true);
  });
});
