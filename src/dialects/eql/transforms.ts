/**
 * Sigma value transforms (base64, base64offset, utf16*, wide, windash) written out as the plain values they
 * stand for, because EQL has none of them. The expansion is the shared one (src/lower/transforms.ts), which
 * follows the Sigma specification as pySigma implements it; here it only gets EQL's error code.
 */
import type { Expr, Predicate } from '../../ir/types.js';
import { RuleError } from '../../report/diagnostics.js';
import { TransformError, expandPredicateTransforms } from '../../lower/transforms.js';

/** The predicate with its transforms written out as plain values. */
export function expandTransforms(p: Predicate): Expr {
  try {
    return expandPredicateTransforms(p);
  } catch (error) {
    if (!(error instanceof TransformError)) throw error;
    throw new RuleError({
      code: 'eql/transform',
      message: `${p.field ?? '(keyword)'}|${p.transforms.join('|')}: ${error.message}`,
    });
  }
}
