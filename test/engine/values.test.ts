import { describe, expect, it } from 'vitest';
import { compileCidr, compileTerm, expandTransforms, parseAddress } from '../../src/engine/index.js';
import { sigma } from './helpers.js';

describe('cidr', () => {
  it('IPv4 networks', () => {
    const net = compileCidr('10.0.0.0/8');
    expect(net('10.255.1.2')).toBe(true);
    expect(net('11.0.0.1')).toBe(false);
    expect(net('not an ip')).toBe(false);
    expect(compileCidr('192.168.1.7')('192.168.1.7')).toBe(true);
    expect(compileCidr('0.0.0.0/0')('8.8.8.8')).toBe(true);
  });

  it('IPv6 networks, compressed forms and embedded IPv4', () => {
    const net = compileCidr('fe80::/10');
    expect(net('fe80::1')).toBe(true);
    expect(net('FEBF:0:0:0:0:0:0:1')).toBe(true);
    expect(net('fec0::1')).toBe(false);
    expect(compileCidr('::1')('0:0:0:0:0:0:0:1')).toBe(true);
    expect(parseAddress('::ffff:1.2.3.4')?.value).toBe(0xffff01020304n);
  });

  it('IPv4 networks match IPv4-mapped IPv6 addresses, not other IPv6', () => {
    expect(compileCidr('10.0.0.0/8')('::ffff:10.1.1.1')).toBe(true);
    expect(compileCidr('10.0.0.0/8')('2001:db8::1')).toBe(false);
  });

  it('through Sigma |cidr', () => {
    const rule = sigma(
      `sel:\n    DestinationIp|cidr:\n        - '127.0.0.0/8'\n        - '::1/128'\ncondition: sel`,
    );
    expect(rule({ DestinationIp: '127.0.0.1' })).toBe(true);
    expect(rule({ DestinationIp: '::1' })).toBe(true);
    expect(rule({ DestinationIp: '128.0.0.1' })).toBe(false);
  });
});

describe('KQL has (terms)', () => {
  it('matches whole terms, not substrings of terms', () => {
    expect(compileTerm('Explorer', false)('KustoExplorerQueryRun')).toBe(false);
    expect(compileTerm('Explorer', false)('Kusto Explorer QueryRun')).toBe(true);
    expect(compileTerm('explorer', false)('KUSTO.EXPLORER')).toBe(true);
    expect(compileTerm('explorer', true)('KUSTO.EXPLORER')).toBe(false);
  });

  it('short needles follow the same rule (an index-less scan gives the same result)', () => {
    expect(compileTerm('ab', false)('x ab y')).toBe(true);
    expect(compileTerm('ab', false)('xab y')).toBe(false);
  });

  it('needles with punctuation need term boundaries only at their alphanumeric ends', () => {
    expect(compileTerm('cmd.exe', false)('C:\\Windows\\cmd.exe /c')).toBe(true);
    expect(compileTerm('cmd.exe', false)('C:\\Windows\\xcmd.exe')).toBe(false);
    expect(compileTerm('.exe', false)('run.exe')).toBe(true);
    expect(compileTerm('.exe', false)('run.exex')).toBe(false);
  });
});

describe('value transforms', () => {
  it('base64offset gives the three offsets with unstable edges removed (pySigma)', () => {
    expect(expandTransforms(['IEX'], ['base64offset'])).toEqual([['SUVY'], ['lFW'], ['JRV']]);
    expect(expandTransforms(['iex'], ['wide', 'base64offset'])).toEqual([
      ['aQBlAHgA'],
      ['kAZQB4A'],
      ['pAGUAeA'],
    ]);
  });

  it('base64, utf16 variants', () => {
    expect(expandTransforms(['cmd'], ['base64'])).toEqual([['Y21k']]);
    expect(expandTransforms(['cmd'], ['utf16le'])).toEqual([['c\0m\0d\0']]);
    expect(expandTransforms(['cmd'], ['utf16be'])).toEqual([['\0c\0m\0d']]);
    expect(expandTransforms(['cmd'], ['utf16'])).toEqual([['\xff\xfe', 'c\0m\0d\0']]);
    expect(expandTransforms(['cmd'], ['wide', 'base64'])).toEqual([['YwBtAGQA']]);
  });

  it('windash replaces flag-starting dashes and slashes by all five forms', () => {
    const out = expandTransforms([' -nop -w hidden'], ['windash']).map((p) => p.join(''));
    expect(out).toHaveLength(25);
    expect(out).toContain(' /nop \u2014w hidden');
    // A dash inside a word is not a flag.
    expect(expandTransforms(['a-b'], ['windash'])).toEqual([['a-b']]);
  });

  it('work end to end in a Sigma rule', () => {
    const rule = sigma(
      `sel:\n    CommandLine|windash|contains: ' -nop'\nsel2:\n    CommandLine|base64offset|contains: 'IEX'\ncondition: sel or sel2`,
    );
    expect(rule({ CommandLine: 'powershell \u2013nop -c x' })).toBe(true);
    expect(rule({ CommandLine: 'powershell /nop' })).toBe(true);
    expect(rule({ CommandLine: 'powershell -enc ' + btoa('xIEX (New-Object)') })).toBe(true);
    expect(rule({ CommandLine: 'powershell -enc ' + btoa('xxIEX (New-Object)') })).toBe(true);
    expect(rule({ CommandLine: 'powershell .nop' })).toBe(false);
  });
});
