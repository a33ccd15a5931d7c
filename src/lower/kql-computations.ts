import type { Rule } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { liftBasename } from './basename.js';
import { liftColumnIfExists } from './column-ifexists.js';
import { liftEmptyList } from './empty-list.js';
import { liftExtract } from './extract.js';
import { liftPrivateAddress } from './private-address.js';
import { liftTermAffix } from './term-affix.js';
import { liftTimeWindow } from './time-window.js';
import { liftToString } from './tostring.js';

/**
 * KQL computations that other dialects say otherwise: a limit to recent rows is the rule's look-back,
 * `ipv4_is_private` a CIDR test, `hasprefix`/`hassuffix` a regex, the file name of a path (`split(F, "\\")[-1]`)
 * an `eq`/`endswith` test, a comparison of `extract()` a (broader) regex test, a membership test of an
 * empty list the constant it is, a string comparison of `tostring(column)` or `columnifexists("column", …)`
 * the same test of the column. Each says how exact it is in its own note.
 */
export function liftKqlComputations(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  const lifts = [
    liftTimeWindow,
    liftPrivateAddress,
    liftEmptyList,
    liftTermAffix,
    liftBasename,
    liftExtract,
    liftToString,
    liftColumnIfExists,
  ];
  let current = rule;
  const diagnostics: Diagnostic[] = [];
  for (const lift of lifts) {
    const lifted = lift(current);
    current = lifted.rule;
    diagnostics.push(...lifted.diagnostics);
  }
  return { rule: current, diagnostics };
}
