import type * as A from './ast.js';

/**
 * ASIM parsers take filtering parameters (`_Im_Dns(domain_has_any=list)`). Microsoft documents each as a filter
 * on one normalized column: these are the ones whose meaning is documented as `column has_any (list)`
 * (ASIM DNS, "domain_has_any: filter only DNS queries where the domain has any of the listed domain names";
 * Web Session, url_has_any and httpuseragent_has_any likewise). The call then reads as the parser followed by
 * that `where`, which is what it selects.
 */
const HAS_ANY_PARAMETERS: Record<string, Record<string, string>> = {
  dns: { domain_has_any: 'DnsQuery' },
  websession: { url_has_any: 'Url', httpuseragent_has_any: 'HttpUserAgent' },
};

/** `_Im_Dns`, `imDns`, `_ASim_Dns` … → `dns`. */
function schemaOf(functionName: string): string {
  return functionName.replace(/^(_?[Ii]m_?|_?ASim_?|vim)/, '').toLowerCase();
}

/**
 * The `where` operators a parser call's arguments stand for, or undefined where some argument is not a
 * filtering parameter documented above (the call is then kept as it is).
 */
export function asimParameterFilters(call: A.CallExpr): A.Operator[] | undefined {
  const known = HAS_ANY_PARAMETERS[schemaOf(call.name)];
  if (!known || call.args.length === 0) return undefined;
  const ops: A.Operator[] = [];
  for (const arg of call.args) {
    const column = arg.name === undefined ? undefined : known[arg.name];
    if (column === undefined) return undefined;
    const at = { start: arg.value.start, end: arg.value.end, line: arg.value.line, column: arg.value.column };
    const left: A.NameRef = { kind: 'name', name: column, ...at };
    const predicate: A.InExpr = { kind: 'in', op: 'has_any', left, items: [arg.value], ...at };
    ops.push({ op: 'where', keyword: 'where', predicate, ...at });
  }
  return ops;
}
