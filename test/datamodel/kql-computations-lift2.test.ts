/**
 * More KQL computations lifted into field tests before mapping (src/lower/tostring.ts, column-ifexists.ts): each
 * lift must select what the computation selects (measured with the engine where it evaluates the source, given
 * otherwise), and the translations must read back, their KQL passing Microsoft's analyzer where the table
 * declares the columns.
 */
import { describe, expect, it } from 'vitest';
import { renderRule } from '../../src/pipeline/convert.js';
import { liftKqlComputations } from '../../src/lower/kql-computations.js';
import { mustParse } from '../support/sigma.js';
import { computedLeft, selected } from '../support/lifts.js';
import { dialect, kqlRule } from '../support/rules.js';
import { describeKusto, kustoDiagnostics } from '../kql/kusto.js';

const sigma = dialect('sigma');
const kql = dialect('kql');

/** The lifted rule and what it selects, with what the source selects (measured, or given). */
function lift(query: string, events: Record<string, unknown>[], given?: number[]) {
  const source = kqlRule(query);
  const lifted = liftKqlComputations(source);
  if (lifted.rule.query.kind !== 'search') throw new Error('not a search');
  return {
    lifted,
    before: given ?? selected(source, events),
    after: selected(lifted.rule, events),
    computed: computedLeft(lifted.rule.query.filter),
    codes: lifted.diagnostics.map((d) => [d.code, d.fidelity]),
  };
}

/** Whether the lifts leave a computation in the query. */
function stays(query: string): boolean {
  const lifted = liftKqlComputations(kqlRule(query)).rule.query;
  return lifted.kind === 'search' && computedLeft(lifted.filter);
}

/** Sentinel → Sigma → KQL: the Sigma, and the KQL written back from it with Kusto.Language's errors. */
function roundTrip(query: string): { sigma: string; kql: string; errors: string } {
  const printed = renderRule(kqlRule(query), sigma);
  if (printed.text === undefined) throw new Error(printed.diagnostics.map((d) => d.message).join('; '));
  const back = renderRule(mustParse(printed.text), kql).text ?? '';
  return { sigma: printed.text, kql: back, errors: describeKusto(kustoDiagnostics(back)) };
}

describe('tostring() of a column compared with strings', () => {
  const events = [{ S: '200' }, { S: 200 }, { S: '404' }, { S: 'x 2xx' }, {}];

  it('is the same test of the column: exact', () => {
    const r = lift('T | where tostring(S) startswith "2"', events);
    expect(r.computed).toBe(false);
    expect(r.before).toEqual([0, 1]);
    expect(r.after).toEqual(r.before);
    expect(r.codes).toEqual([['kql/tostring', undefined]]);
  });

  it('covers has, in~, =~, !has, matches regex, each as the column test', () => {
    for (const [query, expected] of [
      ['T | where tostring(S) has "2xx"', [3]],
      ['T | where tostring(S) in~ ("404", "X 2XX")', [2, 3]],
      ['T | where tostring(S) =~ "X 2xx"', [3]],
      ['T | where tostring(S) !has "2xx"', [0, 1, 2, 4]],
      ['T | where tostring(S) matches regex "^4"', [2]],
    ] as const) {
      const r = lift(query, events, [...expected]);
      expect(r.computed, query).toBe(false);
      expect(r.after, query).toEqual(expected);
    }
  });

  it('leaves comparisons with the empty string, isempty, and tostring() of anything but a column', () => {
    for (const query of [
      'T | where tostring(S) == ""',
      'T | where tostring(S) !in ("", "a")',
      'T | where isnotempty(tostring(S))',
      'T | where tostring(parse_json(S).a) == "x"',
    ]) {
      expect(stays(query), query).toBe(true);
    }
  });

  it('a dynamic column: Cisco SEG verdicts convert to Sigma and back to KQL that Kusto accepts', () => {
    const query = `CiscoSEGEvent
| where NetworkDirection =~ 'Outgoing'
| where tostring(AdditionalFields) has 'ESADLPVerdict'
| extend dlp_verdict = extract(@'ESADLPVerdict":"(NOT_EVALUATED|NO TRIGGER|VIOLATION|NO VIOLATION)"', 1, tostring(AdditionalFields))
| where dlp_verdict =~ 'VIOLATION'`;
    const r = roundTrip(query);
    expect(r.sigma).toContain("AdditionalFields|contains: 'ESADLPVerdict'");
    expect(r.kql).toContain('AdditionalFields contains "ESADLPVerdict"');
    expect(r.errors).toBe('');
  });

  it('a string column: Cloudflare status codes', () => {
    const r = roundTrip(
      `Cloudflare | where HttpRequestMethod in~ ('POST', 'PUT') | where tostring(HttpStatusCode) startswith '2'`,
    );
    expect(r.sigma).toContain("HttpStatusCode|startswith: '2'");
    expect(r.errors).toBe('');
  });
});

describe('columnifexists("N", default) compared with strings', () => {
  it('with an empty default is the test of N: exact, also denied and isnotempty', () => {
    const events = [{ N: 'true' }, { N: 'TRUE' }, { N: 'false' }, { N: '' }, {}];
    for (const [query, expected] of [
      ['T | where columnifexists("N", "") =~ "true"', [0, 1]],
      ['T | where columnifexists("N", "") == "true"', [0]],
      ['T | where columnifexists("N", "") !~ "true"', [2, 3, 4]],
      ['T | where isnotempty(column_ifexists("N", ""))', [0, 1, 2]],
    ] as const) {
      const r = lift(query, events, [...expected]);
      expect(r.computed, query).toBe(false);
      expect(r.after, query).toEqual(expected);
      expect(r.codes).toEqual([['kql/column-ifexists', undefined]]);
    }
  });

  it('with another default, where the whole filter agrees on rows without N (Key Vault)', () => {
    // !~ "None" holds for a missing N but not for the default; isnotempty the other way round: together
    // they are false either way, so both lift.
    const query =
      'T | extend id_s = columnifexists("id_s", "None") | where id_s !~ "None" and isnotempty(id_s) and Op == "KeyDelete"';
    const events = [{ id_s: 'abc', Op: 'KeyDelete' }, { id_s: 'None', Op: 'KeyDelete' }, { Op: 'KeyDelete' }];
    // On the last event the table may have no id_s (the default "None" then fails !~) or an empty one
    // (isnotempty fails): not selected either way.
    const r = lift(query, events, [0]);
    expect(r.computed).toBe(false);
    expect(r.after).toEqual([0]);
  });

  it('is left where rows without N would be selected differently', () => {
    // Where the table has no N every row compares "None", which !~ "None" rejects; a field test of N would
    // select those rows (and rows whose N is empty, which the source selects too): not the same, left.
    expect(stays('T | where columnifexists("N", "None") !~ "None"')).toBe(true);
    // !~ "x" holds for the default and for a missing N alike: lifted.
    expect(stays('T | where columnifexists("N", "None") !~ "x"')).toBe(false);
    // A regex that matches the empty string tells "" from a missing value: left.
    expect(stays('T | where columnifexists("N", "") matches regex "^$"')).toBe(true);
  });

  it('AzureDiagnostics Key Vault operations convert to Sigma and back to KQL that Kusto accepts', () => {
    const r = roundTrip(`AzureDiagnostics
| extend ResultType = columnifexists("ResultType", "NoResultType")
| extend requestUri_s = columnifexists("requestUri_s", "None")
| where ResultType !~ "None" and isnotempty(ResultType)
| where requestUri_s !~ "None" and isnotempty(requestUri_s)
| where ResourceType =~ "VAULTS" and ResultType =~ "Success"`);
    expect(r.sigma).toContain('requestUri_s');
    expect(r.kql).toContain('requestUri_s !~ "None"');
    expect(r.kql).toContain('ResultType =~ "Success"');
    expect(r.errors).toBe('');
  });
});
