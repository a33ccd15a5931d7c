import { describe, expect, it } from 'vitest';
import { sameRule } from '../../src/ir/normalize.js';
import { readRule, stripPositions } from './helpers.js';

describe('ASIM filtering parameters', () => {
  it('read _Im_Dns(domain_has_any=list) as the parser and `where DnsQuery has_any (list)`', () => {
    const withParameter = readRule(
      'let tor = dynamic(["onion.to", "tor2web.org"]);\n_Im_Dns(domain_has_any=tor)\n| project SrcIpAddr',
    );
    const spelledOut = readRule(
      'let tor = dynamic(["onion.to", "tor2web.org"]);\n_Im_Dns\n| where DnsQuery has_any (tor)\n| project SrcIpAddr',
    );
    expect(sameRule(withParameter, spelledOut)).toBe(true);
    if (withParameter.query.kind !== 'search') throw new Error('not a search');
    expect(withParameter.query.source.native).toEqual({ function: '_Im_Dns' });
    expect(stripPositions(withParameter.query.filter)).toMatchObject({ field: 'DnsQuery', op: 'term' });
  });

  it('read the Web Session URL and user-agent parameters the same way, with spaces around =', () => {
    const rule = readRule(
      '_Im_WebSession(url_has_any = dynamic(["a.example"]), httpuseragent_has_any=dynamic(["curl"]))',
    );
    const spelledOut = readRule(
      '_Im_WebSession\n| where Url has_any (dynamic(["a.example"]))\n| where HttpUserAgent has_any (dynamic(["curl"]))',
    );
    expect(sameRule(rule, spelledOut)).toBe(true);
  });

  it('keep a call with any other parameter as it is written (its filter is not read)', () => {
    const rule = readRule('_Im_Dns(starttime=ago(1d), domain_has_any=dynamic(["x.example"]))');
    if (rule.query.kind !== 'search') throw new Error('not a search');
    expect(rule.query.source.native).toMatchObject({ function: '_Im_Dns' });
    expect((rule.query.source.native.args as string[]).length).toBe(2);
    expect(rule.query.filter).toEqual({ kind: 'const', value: true });
  });
});
