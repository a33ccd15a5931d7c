import { parseSigma, printSigma } from '../../src/dialects/sigma/index.js';
import type { Expr, Rule } from '../../src/ir/types.js';
import { normalizeExpr } from '../../src/ir/normalize.js';
import type { Diagnostic } from '../../src/report/diagnostics.js';

/** A minimal rule around a detection block written as YAML lines (indented by 4). */
export function ruleText(detection: string, extra = ''): string {
  return `title: test rule\nlogsource:\n    category: process_creation\n    product: windows\ndetection:\n${detection
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : '    ' + l))
    .join('\n')}\n${extra}`;
}

export function parseOne(text: string, file = 'test.yml'): { rule?: Rule; diagnostics: Diagnostic[] } {
  const [parsed] = parseSigma([{ text, file }]);
  const first = parsed?.rules[0];
  return {
    ...(first?.rule ? { rule: first.rule } : {}),
    diagnostics: [...(parsed?.diagnostics ?? []), ...(first?.diagnostics ?? [])],
  };
}

export function mustParse(text: string): Rule {
  const { rule, diagnostics } = parseOne(text);
  if (!rule) throw new Error(`did not parse: ${JSON.stringify(diagnostics)}`);
  return rule;
}

/** The normal-form filter of a one-rule detection. */
export function filterOf(detection: string): Expr {
  const rule = mustParse(ruleText(detection));
  if (rule.query.kind !== 'search') throw new Error('not a search');
  return normalizeExpr(rule.query.filter);
}

export function errorOf(text: string): Diagnostic {
  const { rule, diagnostics } = parseOne(text);
  if (rule) throw new Error('expected an error, got a rule');
  const error = diagnostics.find((d) => d.severity === 'error');
  if (!error) throw new Error('no error diagnostic');
  return error;
}

export function reprint(text: string): string {
  return printSigma(mustParse(text)).text;
}
