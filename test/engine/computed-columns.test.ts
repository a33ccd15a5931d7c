/**
 * The evaluator reads events' own fields: a KQL rule that tests a column a `parse` computes is refused, not
 * misread; columns an `extend` computes are substituted by their expressions, which it evaluates.
 */
import { describe, expect, it } from 'vitest';
import { EngineError, evaluate } from '../../src/engine/index.js';
import { kqlRule } from '../support/rules.js';

describe('KQL columns a query computes', () => {
  it('are refused where the filter tests them', () => {
    const rule = kqlRule('CiscoSEGEvent\n| parse SrcUserName with Sender "@" *\n| where Sender == "ceo"');
    expect(() => evaluate(rule, [{ SrcUserName: 'ceo@x', Sender: 'ceo' }])).toThrow(EngineError);
    expect(() => evaluate(rule, [])).toThrow(/Sender, which the query computes/);
  });

  it('are computed from the event where an extend defines them: the filter reads its expression', () => {
    const rule = kqlRule(
      'CiscoSEGEvent\n| extend Address = strcat(SrcUserName, "@evil.example")\n| where Address == "ceo@evil.example"',
    );
    // An `Address` field of the event is not the computed column.
    const events = [{ SrcUserName: 'ceo' }, { SrcUserName: 'cfo', Address: 'ceo@evil.example' }];
    expect(evaluate(rule, events).count).toBe(1);
  });

  it("are fine where they are the event's own data read out of its XML", () => {
    const rule = kqlRule(
      `Event\n| where EventID == 7045\n| extend ServiceName = extract(@'<Data Name="ServiceName">([^<]*)<', 1, EventData)\n| where ServiceName == "x"`,
    );
    expect(evaluate(rule, [{ EventID: 7045, ServiceName: 'x' }]).count).toBe(1);
  });
});
