import type { Rule } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { liftStringLength } from './string-length.js';

/** EQL computations that other dialects say as field tests: a text's length as a regex. */
export function liftEqlComputations(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftStringLength(rule);
}
