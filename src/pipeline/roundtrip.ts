import type { DialectModule } from '../dialects/types.js';
import { firstDifference, normalizeRule, sameRule } from '../ir/normalize.js';
import type { Diagnostic } from '../report/diagnostics.js';
import type { RuleOutcome } from './batch.js';
import { printRule } from './convert.js';
import type { MappingOptions } from './mapping.js';

export interface RoundTripOutcome extends RuleOutcome {
  /** The rule in the via dialect, when it could be printed. */
  text?: string;
  /** Whether parse → print → parse gave the same IR (normal form). */
  preserved: boolean;
}

/**
 * parse → print in `via` → parse again, for rules already read. The printed texts are read back as one
 * batch, so a correlation still finds the rules it refers to.
 */
export function roundTrip(
  outcomes: RuleOutcome[],
  via: DialectModule,
  mapping: MappingOptions = {},
): RoundTripOutcome[] {
  const printed = outcomes.map((o) =>
    o.rule ? printRule(o.rule, via, { ...(o.file ? { file: o.file } : {}) }, mapping) : undefined,
  );
  const texts = printed.map((p, i) => ({ p, i })).filter((x) => x.p?.text !== undefined);
  const reread = via.parse(
    texts.map(({ p, i }) => ({
      text: p?.text as string,
      file: `${outcomes[i]?.source} (via ${via.dialect})`,
    })),
  );
  const back = new Map<number, (typeof reread)[number]>();
  texts.forEach(({ i }, k) => back.set(i, reread[k] as (typeof reread)[number]));
  return outcomes.map((o, i) => {
    const p = printed[i];
    if (!o.rule || !p) return { ...o, preserved: false };
    const diagnostics: Diagnostic[] = [...o.diagnostics, ...p.diagnostics];
    if (p.text === undefined) return { ...o, ok: false, preserved: false, diagnostics };
    const file = back.get(i);
    // A correlation printed with rules of its own reads back as several rules: the last one is the correlation.
    const again = file?.rules.at(-1)?.rule;
    const readErrors = [
      ...(file?.diagnostics ?? []),
      ...(file?.rules.flatMap((r) => r.diagnostics) ?? []),
    ].filter((d) => d.severity === 'error');
    if (!again) {
      diagnostics.push(...readErrors, {
        severity: 'error',
        code: 'roundtrip/unreadable',
        message: `the ${via.dialect} output could not be read back`,
        ...(o.file ? { file: o.file } : {}),
      });
      return { ...o, ok: false, preserved: false, text: p.text, diagnostics };
    }
    if (!sameRule(o.rule, again)) {
      const diff = firstDifference(normalizeRule(o.rule), normalizeRule(again));
      diagnostics.push({
        severity: 'error',
        code: 'roundtrip/changed',
        message: `the IR changed through ${via.dialect}: ${diff ?? 'unknown difference'}`,
        ...(o.file ? { file: o.file } : {}),
      });
      return { ...o, ok: false, preserved: false, text: p.text, diagnostics };
    }
    return { ...o, ok: o.ok, preserved: true, text: p.text, diagnostics };
  });
}
