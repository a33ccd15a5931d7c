/** Comparing a rule with its translation over the same events (the core of `rulestone verify`). */
import { describe, expect, it } from 'vitest';
import { compareResults, evaluate } from '../../src/engine/index.js';
import { eqlRule, kqlRule, sigmaRule } from './helpers.js';
import { ruleText } from '../support/sigma.js';

const events = [
  { CommandLine: 'mmc.exe -Embedding', Image: 'C:\\Windows\\System32\\mmc.exe' },
  { CommandLine: 'MMC.EXE -EMBEDDING', Image: 'C:\\WINDOWS\\SYSTEM32\\MMC.EXE' },
  { CommandLine: 'notepad.exe', Image: 'C:\\Windows\\notepad.exe' },
];

describe('compareResults', () => {
  const sigma = evaluate(
    sigmaRule(ruleText(`sel:\n    CommandLine|contains: '-Embedding'\ncondition: sel`)),
    events,
  );

  it('same: KQL contains is case-insensitive like Sigma', () => {
    const kql = evaluate(kqlRule('DeviceProcessEvents | where CommandLine contains "-Embedding"'), events);
    expect(compareResults(sigma, kql)).toMatchObject({ relation: 'same', common: 2 });
  });

  it('narrower: KQL contains_cs (and EQL like) misses the upper-case event', () => {
    const kql = evaluate(kqlRule('DeviceProcessEvents | where CommandLine contains_cs "-Embedding"'), events);
    expect(compareResults(sigma, kql)).toMatchObject({
      relation: 'narrower',
      onlyFirst: [[1]],
      onlySecond: [],
    });
    const eql = evaluate(eqlRule('process where CommandLine like "*-Embedding*"'), events);
    expect(compareResults(sigma, eql).relation).toBe('narrower');
  });

  it('broader and different', () => {
    const broad = evaluate(kqlRule('DeviceProcessEvents | where CommandLine contains ".exe"'), events);
    expect(compareResults(sigma, broad)).toMatchObject({ relation: 'broader', onlySecond: [[2]] });
    const other = evaluate(kqlRule('DeviceProcessEvents | where CommandLine has "notepad.exe"'), events);
    expect(compareResults(sigma, other).relation).toBe('different');
  });
});
