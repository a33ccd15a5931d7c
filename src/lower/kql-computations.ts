import type { Rule } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { liftPrivateAddress } from './private-address.js';
import { liftTimeWindow } from './time-window.js';

/**
 * KQL computations that other dialects say otherwise: a limit to recent rows is the rule's look-back, and
 * `ipv4_is_private` a CIDR test.
 */
export function liftKqlComputations(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  const windowed = liftTimeWindow(rule);
  const addressed = liftPrivateAddress(windowed.rule);
  return { rule: addressed.rule, diagnostics: [...windowed.diagnostics, ...addressed.diagnostics] };
}
