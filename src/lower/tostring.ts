/**
 * `tostring(F)` of a column compared with strings (`tostring(AdditionalFields) has "ESAURLDetails"`,
 * `tostring(HttpStatusCode) startswith "2"`, `tostring(C) in~ (list)`) is the same test of the column F:
 * - a string column: tostring() is the value itself;
 * - a dynamic column: tostring() is its JSON text (a string value unquoted), which is what Kusto's string
 *   operators and comparisons read of a dynamic value when applied to the column itself (Kusto.Language accepts
 *   `dynamicColumn has "x"` and `=~`, `in~`, `startswith`, `matches regex` on it);
 * - numbers and booleans: tostring() is their canonical text, which the hub's string tests read too (the
 *   engine's text of a number or a bool, src/engine/values.ts).
 * So the lift is exact. What it cannot know is the column's declared type: KQL written from the hub field
 * test names the column bare, which Kusto accepts for string and dynamic columns only (Sentinel's rules use
 * tostring() mostly on those, since it is needed there least).
 * `tostring(F) == ""` and the other tests of the empty string are left: tostring() of a missing value is "",
 * which a field test of "" does not select. `isempty(tostring(F))` is left too, as an empty dynamic array or
 * bag is empty (isempty(F)) while its text "[]" is not.
 */
import type { Rule, Term } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { liftComputed, stringComparison, type Lifted } from './computed-lift.js';

/** `tostring(column)`: the column. */
function textOfColumn(term: Term | undefined): string | undefined {
  if (term?.kind !== 'call' || term.name !== 'tostring' || term.args.length !== 1) return undefined;
  const [inner] = term.args;
  return inner?.kind === 'field' ? inner.field : undefined;
}

function liftTerm(term: Term): Lifted | undefined {
  const compared = stringComparison(term, textOfColumn);
  return compared && { expr: compared.expr };
}

/** The rule with its string comparisons of `tostring(column)` written as tests of the column. */
export function liftToString(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftComputed(rule, liftTerm, {
    code: 'kql/tostring',
    message: () =>
      "a string comparison of tostring(F) written as the same test of the column F (Kusto's string operators read a column's text, a dynamic column's JSON text)",
  });
}
