/**
 * The KQL (Kusto Query Language, Microsoft Sentinel) dialect: query text ⇄ IR.
 *
 * Inputs: a plain query file (`.kql`, `.kusto`, `.csl`: one query, possibly with `let` statements), or JSONL
 * where each line is `{"id": …, "query": …}` (one rule per line; problems are reported at that line).
 * Sentinel rule documents (YAML, ARM) are read elsewhere and hand their `query` to `readKqlQuery`.
 */
import type { Rule } from '../../ir/types.js';
import { type Diagnostic, isRuleError } from '../../report/diagnostics.js';
import type { DialectModule, ParsedFile, ParsedRule, PrintResult, SourceText } from '../types.js';
import { KqlSyntaxError } from './errors.js';
import { lowerQuery, type LowerOrigin } from './lower.js';
import { parseQuery } from './parser.js';
import { printRule } from './print.js';

export { parseQuery } from './parser.js';
export { lex } from './lexer.js';
export { KqlSyntaxError } from './errors.js';
export { lowerQuery } from './lower.js';
export type { KqlNativeSource, KqlStage, LowerOrigin } from './lower.js';
export { printRule as printKql } from './print.js';

/** Reads one KQL query into a rule, or the diagnostics that say why it cannot be one. */
export function readKqlQuery(text: string, origin: LowerOrigin): ParsedRule {
  const base: Pick<ParsedRule, 'document'> =
    origin.document !== undefined ? { document: origin.document } : {};
  try {
    const parsed = parseQuery(text);
    const rule = lowerQuery(parsed.ast, parsed.tokens, origin);
    return { ...base, rule, diagnostics: [] };
  } catch (error) {
    return { ...base, diagnostics: [toDiagnostic(error, origin)] };
  }
}

function toDiagnostic(error: unknown, origin: LowerOrigin): Diagnostic {
  if (isRuleError(error)) return error.diagnostic;
  const where = {
    ...(origin.file !== undefined ? { file: origin.file } : {}),
    ...(origin.document !== undefined ? { document: origin.document } : {}),
  };
  if (error instanceof KqlSyntaxError) {
    return {
      severity: 'error',
      code: 'kql/syntax',
      message: error.message,
      ...where,
      line: error.line + (origin.lineOffset ?? 0),
      column: error.column,
    };
  }
  return {
    severity: 'error',
    code: 'kql/internal',
    message: error instanceof Error ? error.message : String(error),
    ...where,
  };
}

function baseName(file: string | undefined): string {
  if (!file) return 'KQL query';
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.(kql|kusto|csl|jsonl)$/i, '');
}

function looksLikeJsonl(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  return first !== undefined && /^\s*\{.*"query"\s*:/.test(first);
}

/** A query that starts with `let`, `union`, or a table or function followed by a pipe into a KQL operator. */
function looksLikeKql(text: string): boolean {
  const code = text.replace(/\/\/[^\n]*/g, '').trim();
  return /^(let\s+[A-Za-z_]\w*\s*=|declare\s+query_parameters|union\b|[A-Za-z_][\w]*(\s*\([^)]*\))?\s*\|\s*(where|filter|extend|project|summarize|join|parse|take|limit|sort|order|top|distinct|lookup|mv-expand|evaluate)\b)/.test(
    code,
  );
}

function parseJsonl(input: SourceText): ParsedFile {
  const rules: ParsedRule[] = [];
  const lines = input.text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = {
      ...(input.file !== undefined ? { file: input.file } : {}),
      document: index,
      line: index + 1,
    };
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      rules.push({
        document: index,
        diagnostics: [
          {
            severity: 'error',
            code: 'kql/jsonl',
            message: `line ${index + 1} is not JSON: ${(error as Error).message}`,
            ...where,
          },
        ],
      });
      return;
    }
    const query = (record as { query?: unknown }).query;
    if (typeof query !== 'string') {
      rules.push({
        document: index,
        diagnostics: [
          {
            severity: 'error',
            code: 'kql/jsonl',
            message: `line ${index + 1} has no "query" string`,
            ...where,
          },
        ],
      });
      return;
    }
    const id = (record as { id?: unknown }).id;
    const title =
      typeof id === 'string' || typeof id === 'number' ? String(id) : `${baseName(input.file)} #${index + 1}`;
    const parsed = readKqlQuery(query, {
      title,
      ...(input.file !== undefined ? { file: input.file } : {}),
      document: index,
    });
    // Positions inside the query become "line of the record" plus the position in the query text.
    for (const d of parsed.diagnostics) {
      if (d.line !== undefined) d.message = `${d.message} (query line ${d.line}, column ${d.column ?? 1})`;
      d.line = index + 1;
      delete d.column;
    }
    rules.push(parsed);
  });
  return { ...(input.file !== undefined ? { file: input.file } : {}), rules, diagnostics: [] };
}

export const kqlDialect: DialectModule = {
  dialect: 'kql',
  extensions: ['.kql', '.kusto', '.csl'],
  sniff(text: string): boolean {
    if (looksLikeJsonl(text)) {
      // JSONL of queries: KQL when its first query is (EQL corpora use the same record shape).
      const first = text.split('\n').find((line) => line.trim() !== '') as string;
      try {
        const query = (JSON.parse(first) as { query?: unknown }).query;
        return typeof query === 'string' && looksLikeKql(query);
      } catch {
        return false;
      }
    }
    return looksLikeKql(text);
  },
  parse(inputs: SourceText[]): ParsedFile[] {
    return inputs.map((input) => {
      if (looksLikeJsonl(input.text)) return parseJsonl(input);
      const rule = readKqlQuery(input.text, {
        title: baseName(input.file),
        ...(input.file !== undefined ? { file: input.file } : {}),
      });
      return { ...(input.file !== undefined ? { file: input.file } : {}), rules: [rule], diagnostics: [] };
    });
  },
  print(rule: Rule): PrintResult {
    return printRule(rule);
  },
};
