/** The evaluator reads events' own fields: a KQL rule that tests a column it computes is refused, not misread. */
import { describe, expect, it } from 'vitest';
import { EngineError, evaluate } from '../../src/engine/index.js';
import { kqlRule } from '../support/rules.js';

describe('KQL columns a query computes', () => {
  it('are refused where the filter tests them', () => {
    const rule = kqlRule('CiscoSEGEvent\n| extend Sender = tolower(SrcUserName)\n| where Sender == "ceo"');
    expect(() => evaluate(rule, [{ SrcUserName: 'CEO', Sender: 'ceo' }])).toThrow(EngineError);
    expect(() => evaluate(rule, [])).toThrow(/Sender, which the query computes/);
  });

  it("are fine where they are the event's own data read out of its XML", () => {
    const rule = kqlRule(
      `Event\n| where EventID == 7045\n| extend ServiceName = extract(@'<Data Name="ServiceName">([^<]*)<', 1, EventData)\n| where ServiceName == "x"`,
    );
    expect(evaluate(rule, [{ EventID: 7045, ServiceName: 'x' }]).count).toBe(1);
  });
});
