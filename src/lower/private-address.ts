/**
 * KQL's `ipv4_is_private(ip)` is true for the three private ranges of RFC 1918 (10.0.0.0/8, 172.16.0.0/12,
 * 192.168.0.0/16), false for other IPv4 addresses, and null for anything that is not one (an IPv6 address, an
 * empty column). As a test of the address it is the CIDR test of those ranges, which every dialect has (Sigma
 * `|cidr`, EQL `cidrMatch`): exact where it is asserted, since null rows are not selected either. Where it is
 * denied (`not ipv4_is_private(ip)`, `== false`) KQL still drops the null rows, while the negated CIDR test selects
 * them: broader by the rows whose column holds no IPv4 address, which is said.
 */
import type { Predicate, Rule, Term } from '../ir/types.js';
import { liftComputed, type Lifted } from './computed-lift.js';
import { predicate } from '../ir/build.js';
import type { Diagnostic } from '../report/diagnostics.js';

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

function privateTest(field: string): Predicate {
  return predicate({ field, op: 'cidr', values: PRIVATE_RANGES.map((cidr) => ({ type: 'cidr', cidr })) });
}

/** `ipv4_is_private(f)` → f, else undefined. */
function privateCall(term: Term): string | undefined {
  if (term.kind !== 'call' || term.name !== 'ipv4_is_private' || term.args.length !== 1) return undefined;
  const [arg] = term.args as [Term];
  return arg.kind === 'field' ? arg.field : undefined;
}

function booleanValue(term: Term): boolean | undefined {
  return term.kind === 'value' && term.value.type === 'boolean' ? term.value.value : undefined;
}

/** The test a computed condition states, and whether it asserts (true) or denies (false) it. */
function privateCondition(term: Term): { field: string; asserted: boolean } | undefined {
  const bare = privateCall(term);
  if (bare !== undefined) return { field: bare, asserted: true };
  if (term.kind !== 'binary' || (term.op !== '==' && term.op !== '!=')) return undefined;
  const field = privateCall(term.left) ?? privateCall(term.right);
  const value = booleanValue(term.right) ?? booleanValue(term.left);
  if (field === undefined || value === undefined) return undefined;
  return { field, asserted: value === (term.op === '==') };
}

/**
 * `ipv4_is_private(ip)` as the CIDR test: exact where asserted, broader where denied (null rows then selected);
 * `ipv4_is_private(ip) == false` the other way round.
 */
function liftTerm(term: Term): Lifted | undefined {
  const condition = privateCondition(term);
  if (!condition) return undefined;
  const test = privateTest(condition.field);
  return condition.asserted
    ? { expr: test, denied: 'broader' }
    : { expr: { kind: 'not', item: test }, asserted: 'broader', denied: 'exact' };
}

/** The rule with its KQL `ipv4_is_private` conditions written as CIDR tests, and what that changes. */
export function liftPrivateAddress(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  return liftComputed(rule, liftTerm, {
    code: 'kql/ipv4-is-private',
    message: (fidelity) =>
      fidelity === undefined
        ? 'ipv4_is_private() written as a CIDR test of the RFC 1918 ranges'
        : 'ipv4_is_private() written as a CIDR test of the RFC 1918 ranges; where the rule denies it, rows whose column holds no IPv4 address (KQL: null, not selected) are now selected',
  });
}
