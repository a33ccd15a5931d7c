/**
 * `columnifexists("N", D)` (also `column_ifexists`) is the column N where the table has it, else the constant D
 * on every row. Rules use it for the columns Log Analytics creates on demand (AzureDiagnostics' `requestUri_s`,
 * custom logs' `payload_…_b`) and compare it with strings: `columnifexists("N", "") =~ "true"`.
 *
 * Where the table has N, the comparison is the same test of N. Where it has not, every row compares D; a field
 * test of N then sees a row without N, which is also how the hub sees a row whose N is empty (Kusto reads an
 * empty or null string column as ""). So the test of N is exact when, on a row without N, it gives what the
 * comparison of D gives: always with D = "" (an absent column and an empty value both fail `==`, `=~`,
 * `has`, `isnotempty`, both pass `!~`), and for any D where the two agree. Where they disagree for one
 * comparison, the rule's whole filter may still agree: `columnifexists("id_s", "None") !~ "None" and
 * isnotempty(columnifexists("id_s", "None"))` is false on a row without id_s either way (the first conjunct
 * when the column is absent, the second when the value is empty). So each column's comparisons are lifted when
 * the rule's filters, with every comparison of that column replaced by its value on a row without it, are the
 * same constant-folded expression for D and for the field tests; otherwise they are left. Exact either way.
 * Only string defaults and comparisons with non-empty strings (see stringComparison), and column names that
 * are plain identifiers (which every dialect writes as they are). The guard itself has no form elsewhere: KQL
 * written back from the field test names the column bare, which a workspace whose table lacks it refuses (the
 * note says so).
 */
import type { Expr, Rule, Term } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { compileExpr } from '../engine/expr.js';
import { liftComputed, stringComparison, stringOf } from './computed-lift.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Read {
  field: string;
  fallback: string;
  expr: Expr;
  /** The test's value on a row whose column is absent (the fallback compared) and on a row without it. */
  absent: boolean;
  missing: boolean;
}

/** A comparison of `columnifexists("N", "D")` with strings, and what it gives on rows without N. */
function read(term: Term): Read | undefined {
  let fallback: string | undefined;
  const operand = (t: Term | undefined): string | undefined => {
    if (t?.kind !== 'call' || !/^column_?ifexists$/.test(t.name) || t.args.length !== 2) return undefined;
    const field = stringOf(t.args[0]);
    const value = stringOf(t.args[1]);
    if (field === undefined || value === undefined || !IDENTIFIER.test(field)) return undefined;
    fallback = value;
    return field;
  };
  const compared = stringComparison(term, operand, { emptiness: true });
  if (!compared || fallback === undefined) return undefined;
  const test = compileExpr(compared.expr);
  // Kusto reads an empty or null string column as "": the test must not tell "" from a missing value.
  if (test({ [compared.field]: '' }) !== test({})) return undefined;
  return {
    field: compared.field,
    fallback,
    expr: compared.expr,
    absent: test({ [compared.field]: fallback }),
    missing: test({}),
  };
}

/** The rule's queries with each comparison of the column replaced by a constant, as JSON. */
function folded(rule: Rule, field: string, value: (r: Read) => boolean): string {
  const lifted = liftComputed(
    rule,
    (term) => {
      const r = read(term);
      return r?.field === field ? { expr: { kind: 'const', value: value(r) } } : undefined;
    },
    { code: '', message: () => '' },
  );
  return JSON.stringify(lifted.rule.query);
}

/** The rule with its comparisons of `columnifexists()` written as tests of the column, where that is exact. */
export function liftColumnIfExists(rule: Rule): { rule: Rule; diagnostics: Diagnostic[] } {
  const reads = new Map<string, Read[]>();
  liftComputed(
    rule,
    (term) => {
      const r = read(term);
      if (r) reads.set(r.field, [...(reads.get(r.field) ?? []), r]);
      return undefined;
    },
    { code: '', message: () => '' },
  );
  const liftable = new Set(
    [...reads].flatMap(([field, rs]) =>
      rs.every((r) => r.absent === r.missing) ||
      folded(rule, field, (r) => r.absent) === folded(rule, field, (r) => r.missing)
        ? [field]
        : [],
    ),
  );
  if (liftable.size === 0) return { rule, diagnostics: [] };
  return liftComputed(
    rule,
    (term) => {
      const r = read(term);
      return r && liftable.has(r.field) ? { expr: r.expr } : undefined;
    },
    {
      code: 'kql/column-ifexists',
      message: () =>
        'a comparison of columnifexists("N", default) written as the same test of the column N, which selects what the default selects on rows without N (KQL written from it names N bare: a workspace whose table has no such column refuses the query rather than read the default)',
    },
  );
}
