/**
 * KQL `hasprefix` / `hassuffix`: the value starts (ends) a term of the column, Kusto's terms being maximal
 * runs of ASCII letters and digits (as the engine reads them, src/engine/terms.ts). For a needle that ends
 * (`hassuffix`) or starts (`hasprefix`) with a letter or digit, that is the needle followed (preceded) by the
 * text's edge or a character that is neither: a regex every dialect has, exactly (`hassuffix "AdFind.exe"` is
 * `AdFind\.exe([^0-9A-Za-z].*)?$` with `.` matching line breaks, without case unless `_cs`; anchors only at
 * the ends, which Lucene's whole-value regexes need). Other dialects have no term-edge test, so it
 * stays a regex; the negated forms (`!hassuffix`) are the negated regex, which also selects rows where the
 * column is empty or missing, as Kusto's does. Needles with punctuation at the tested edge are left.
 */
import type { Rule, Term } from '../ir/types.js';
import { not, predicate } from '../ir/build.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { escapeRe2 } from '../dialects/kql/regex.js';
import { columnOf, liftComputed, stringOf, type Lifted } from './computed-lift.js';

const TERM_CHAR = /[0-9A-Za-z]/;
const NON_TERM = '[^0-9A-Za-z]';

function liftTerm(term: Term): Lifted | undefined {
  if (term.kind !== 'call' || term.args.length !== 2) return undefined;
  const m = /^(!?)has(prefix|suffix)(_cs)?$/.exec(term.name);
  if (!m) return undefined;
  const [, bang, kind, cs] = m;
  const field = columnOf(term.args[0], false);
  const needle = stringOf(term.args[1]);
  if (field === undefined || !needle) return undefined;
  const suffix = kind === 'suffix';
  const edge = suffix ? needle[needle.length - 1] : needle[0];
  if (!TERM_CHAR.test(edge as string)) return undefined;
  const text = escapeRe2(needle);
  const pattern = suffix ? `${text}(${NON_TERM}.*)?$` : `^(.*${NON_TERM})?${text}`;
  const test = predicate({
    field,
    op: 'regex',
    values: [
      { type: 'regex', pattern, flags: { i: !cs, m: false, s: true }, flavour: 're2', anchored: false },
    ],
    cased: true,
  });
  return { expr: bang ? not(test) : test };
}

/** The rule with its `hasprefix` / `hassuffix` conditions written as regex tests. */
export function liftTermAffix(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftComputed(rule, liftTerm, {
    code: 'kql/term-affix',
    message: () =>
      "hasprefix/hassuffix written as a regex test: the value next to the edge of a term (the text's edge or a character other than an ASCII letter or digit)",
  });
}
