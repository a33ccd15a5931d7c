/**
 * Pipeline shapes: sources (tables, ASIM functions with arguments), lets and query parameters, stages between
 * filters, output stages, and what stays an error.
 */
import { describe, expect, it } from 'vitest';
import type { KqlNativeSource } from '../../src/dialects/kql/index.js';
import { printKql } from '../../src/dialects/kql/index.js';
import { parseQuery } from '../../src/dialects/kql/parser.js';
import { sameExpr } from '../../src/ir/normalize.js';
import { hasShared } from '../support/shared.js';
import { filterOf, readError, readRule, roundTrip } from './helpers.js';
import { describeKusto, kustoDiagnostics } from './kusto.js';

const nativeOf = (text: string): KqlNativeSource => {
  const rule = readRule(text);
  if (rule.query.kind !== 'search') throw new Error('not a search');
  return rule.query.source.native as KqlNativeSource;
};

describe('KQL sources and stages', () => {
  it('a table, an ASIM function with named arguments, a parameterless function', () => {
    expect(readRule('SecurityEvent | where EventID == 4688').query).toMatchObject({
      source: { model: 'sentinel', native: { table: 'SecurityEvent' } },
    });
    const asim = readRule(
      'let list = dynamic(["a"]);\nimProcessCreate(commandline_has_any=list)\n| where CommandLine has_any (list)',
    );
    expect(asim.query).toMatchObject({
      source: {
        model: 'asim',
        native: {
          function: 'imProcessCreate',
          args: ['commandline_has_any=list'],
          statements: ['let list = dynamic(["a"])'],
        },
      },
    });
    expect(nativeOf('imAuthentication | where EventResult == "Failure"')).toEqual({
      function: 'imAuthentication',
    });
  });

  it('inlines tabular lets, parameterless functions, materialize and query parameters', () => {
    const direct = filterOf('EventID == 4688 and Account =~ "x"');
    expect(filterOf('Account =~ "x"', 'let base = SecurityEvent | where EventID == 4688;\nbase')).toEqual(
      direct,
    );
    expect(
      filterOf('Account =~ "x"', 'let base = () { SecurityEvent | where EventID == 4688 };\nbase'),
    ).toEqual(direct);
    expect(
      filterOf('Account =~ "x"', 'let base = view () { SecurityEvent | where EventID == 4688 };\nbase()'),
    ).toEqual(direct);
    expect(
      filterOf('Account =~ "x"', 'let base = materialize(SecurityEvent | where EventID == 4688);\nbase'),
    ).toEqual(direct);
    expect(
      filterOf(
        'Account =~ who and EventID == id',
        'declare query_parameters(who:string = "x", id:int = 4688);\nSecurityEvent',
      ),
    ).toEqual(filterOf('Account =~ "x" and EventID == 4688'));
  });

  it('substitutes extend columns into the filters that read them and moves the stage to the output', () => {
    const text =
      'let tag = "x";\nSecurityEvent\n| where EventID == 4688\n| extend Lower = tolower(Account), Tag = tag\n| where Lower == "admin"\n| project Lower, Tag';
    const rule = readRule(text);
    expect(rule.query).toMatchObject({
      source: { native: { table: 'SecurityEvent', statements: ['let tag = "x"'] } },
    });
    expect(rule.query.kind === 'search' && rule.query.source.native.stages).toBeFalsy();
    expect(
      sameExpr(
        filterOf('EventID == 4688 and Account =~ "admin"'),
        rule.query.kind === 'search' ? rule.query.filter : { kind: 'const', value: false },
      ),
    ).toBe(true);
    expect(rule.output).toEqual([
      { kind: 'opaque', dialect: 'kql', text: 'extend Lower = tolower(Account), Tag = tag' },
      { kind: 'project', fields: ['Lower', 'Tag'] },
    ]);
    expect(roundTrip(rule)).toBe(
      'let tag = "x";\nSecurityEvent\n| where EventID == 4688\n    and Account =~ "admin"\n| extend Lower = tolower(Account), Tag = tag\n| project Lower, Tag\n',
    );
  });

  it('substitutes each column as defined where the filter reads it, through redefinitions', () => {
    const rule = readRule(
      'T\n| where A == "a"\n| extend A = strcat(A, "x"), B = A\n| extend A = strcat(A, "y")\n| where A == "axy" and B == "ax"',
    );
    const expected = filterOf('A == "a" and strcat(strcat(A, "x"), "y") == "axy" and strcat(A, "x") == "ax"');
    expect(rule.query.kind === 'search' && sameExpr(rule.query.filter, expected)).toBe(true);
  });

  it('keeps in front of the filters the parse stages they read, and the extend stages those depend on', () => {
    const rule = readRule(
      'T\n| extend Lower = tolower(Account), Other = 1\n| parse Lower with "a" Rest\n| where Rest == "x" and Other == 1',
    );
    expect(rule.query).toMatchObject({
      source: {
        native: {
          stages: [
            { text: 'extend Lower = tolower(Account), Other = 1', defines: ['Lower', 'Other'] },
            { text: 'parse Lower with "a" Rest', defines: ['Rest'] },
          ],
        },
      },
    });
    expect(roundTrip(rule)).toBe(
      'T\n| extend Lower = tolower(Account), Other = 1\n| parse Lower with "a" Rest\n| where Rest == "x"\n    and Other == 1\n',
    );
  });

  it("reads SecurityEvent's XML extraction idiom as the event's own data fields", () => {
    const rule = readRule(
      'SecurityEvent\n| where EventID == 5136\n| parse EventData with * \'ObjectClass">\' ObjectClass "<" *\n| where ObjectClass == "user"',
    );
    expect(rule.query).toMatchObject({
      source: {
        native: {
          table: 'SecurityEvent',
          stages: [{ defines: ['ObjectClass'], eventDataFields: ['ObjectClass'] }],
        },
      },
    });
    // Other tables' parse stages compute columns of their own.
    const other = readRule(
      'T\n| parse EventData with * \'ObjectClass">\' ObjectClass "<" *\n| where ObjectClass == "user"',
    );
    expect(other.query).toMatchObject({ source: { native: { stages: [{ defines: ['ObjectClass'] }] } } });
    expect(JSON.stringify(other.query)).not.toContain('eventDataFields');
  });

  it('does not substitute row-dependent functions', () => {
    const serialised = readRule('T\n| extend p = prev(A), r = rand()\n| where p == "x"');
    expect(serialised.query).toMatchObject({ source: { native: { stages: [{ defines: ['p', 'r'] }] } } });
  });

  it('moves a filter before row-keeping stages (project of names, project-away, sort) and keeps them as output', () => {
    const rule = readRule(
      'SecurityEvent\n| project Account, EventID\n| sort by EventID desc\n| where EventID == 1\n| take 5',
    );
    expect(rule.output.map((o) => o.kind)).toEqual(['project', 'opaque', 'head']);
    expect(roundTrip(rule)).toBe(
      'SecurityEvent\n| where EventID == 1\n| project Account, EventID\n| sort by EventID desc\n| take 5\n',
    );
  });

  it('constant filters and bare sources round-trip', () => {
    expect(roundTrip(readRule('T | extend x = 1 | where true'))).toBe('T\n| extend x = 1\n');
    expect(roundTrip(readRule('T | where true'))).toBe('T\n');
    expect(roundTrip(readRule('T | where false | limit 3'))).toBe('T\n| where false\n| take 3\n');
  });

  it('refuses to move a filter across a stage that redefines what it read', () => {
    const d = readError(
      'SecurityEvent\n| where Account == "a"\n| parse Account with "x" Account\n| where Account == "b"',
    );
    expect(d).toMatchObject({ code: 'kql/redefined-column', line: 3, column: 3 });
    // An extend is substituted instead: the second filter reads the redefinition's expression.
    const rule = readRule(
      'SecurityEvent\n| where Account == "a"\n| extend Account = tolower(Account)\n| where Account == "b"',
    );
    const expected = filterOf('Account == "a" and Account =~ "b"');
    expect(rule.query.kind === 'search' && sameExpr(rule.query.filter, expected)).toBe(true);
  });

  it('quoted column names and keyword-like names print so that they read back', () => {
    const rule = readRule(
      "SecurityEvent | where ['Account'] == 'a' and ['count'] > 1 and Properties.Detail.Name =~ 'x'",
    );
    const text = roundTrip(rule);
    expect(text).toContain("['count'] > 1");
    expect(text).toContain('Properties.Detail.Name =~ "x"');
  });

  it('computed conditions print back exactly', () => {
    const text = roundTrip(
      readRule(
        'SecurityEvent\n| where TimeGenerated > ago(1d) and tolower(Account) has "adm" and strlen(CommandLine) - 2 * 3 > 10 and EventData.x[0] == "y" and iff(EventID == 1, true, false) and not(Account has_any ("a", "b") or Account startswith "c")',
      ),
    );
    expect(text).toContain('(strlen(CommandLine) - (2 * 3)) > 10');
    expect(text).toContain('not(Account has_any ("a", "b") or Account startswith "c")');
  });
});

describe('the KQL parser reads the whole query', () => {
  it('joins, unions, summarize, mv-expand, evaluate, datatable', () => {
    const q = [
      'let names = datatable(Name:string)["a", "b"];',
      'let recent = (t:timespan) { SecurityEvent | where TimeGenerated > ago(t) };',
      'union isfuzzy=true (recent(1d) | where EventID == 4688), Event',
      '| join kind=inner (names) on $left.Account == $right.Name',
      '| summarize hint.strategy=shuffle count(), make_set(Computer, 10) by Account, bin(TimeGenerated, 1h)',
      '| mv-expand Computer to typeof(string)',
      '| evaluate bag_unpack(x)',
      '| parse kind=regex flags=Ui Account with "(?<x>.*)" x:string',
      '| project-away x*',
      '| top 10 by count_ desc nulls last',
    ].join('\n');
    const { ast } = parseQuery(q);
    expect(ast.statements.map((s) => s.kind)).toEqual(['let', 'let', 'expr']);
    const main = ast.statements[2];
    expect(main?.kind === 'expr' && main.expr.kind === 'pipe' && main.expr.ops.map((o) => o.op)).toEqual([
      'join',
      'summarize',
      'opaque',
      'opaque',
      'parse',
      'project-away',
      'top',
    ]);
  });

  it('follows Kusto precedence: string operators bind tighter than arithmetic and ==', () => {
    const expr = (text: string): unknown => {
      const { ast } = parseQuery(`T | where ${text}`);
      const s = ast.statements[0];
      return s?.kind === 'expr' && s.expr.kind === 'pipe' && s.expr.ops[0]?.op === 'where'
        ? s.expr.ops[0].predicate
        : undefined;
    };
    expect(expr('1 + 2 has "3"')).toMatchObject({ op: '+', right: { op: 'has' } });
    expect(expr('a =~ "x" == b')).toMatchObject({ op: '==', left: { op: '=~' } });
    expect(expr('a or b and c')).toMatchObject({ op: 'or', right: { op: 'and' } });
    expect(expr('a + b * c < d')).toMatchObject({ op: '<', left: { op: '+', right: { op: '*' } } });
    expect(expr('x in (1, 2) and y between (1 .. 2)')).toMatchObject({
      op: 'and',
      left: { kind: 'in' },
      right: { kind: 'between' },
    });
  });

  it('reports unclosed strings, unknown characters and bad escapes with their position', () => {
    expect(() => parseQuery('T | where a == "x')).toThrow(/unterminated string/);
    expect(() => parseQuery('T\n| where a == #')).toThrow(/unexpected character '#'/);
    expect(() => parseQuery('T | where a == "\\d"')).toThrow(/invalid escape/);
    expect(() => parseQuery('T | where')).toThrow(/end of query/);
  });
});

describe.skipIf(!hasShared)('pipeline prints pass Kusto.Language', () => {
  it('stages, kept lets, ASIM arguments', () => {
    for (const text of [
      'let tag = "x";\nSecurityEvent\n| where EventID == 4688\n| extend Lower = tolower(Account), Tag = tag\n| where Lower == "admin"\n| project Lower, Tag',
      'let list = dynamic(["a"]);\nimProcessCreate(commandline_has_any=list)\n| where CommandLine has_any (list)',
      'SecurityEvent\n| project Account, EventID\n| sort by EventID desc\n| where EventID == 1\n| take 5',
    ]) {
      const printed = printKql(readRule(text)).text;
      const errors = kustoDiagnostics(printed);
      expect(errors, `${printed}\n${describeKusto(errors)}`).toEqual([]);
    }
  });
});
