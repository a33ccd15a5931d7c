/**
 * The Elasticsearch EQL dialect: reads plain query files (one query) and JSONL files of
 * `{"id": …, "query": …}` records; prints any IR rule as one EQL query.
 * Detection-rules TOML documents are read by the document layer, which hands their query text here.
 */
import type { Rule } from '../../ir/types.js';
import { emptyMeta } from '../../ir/build.js';
import type { Diagnostic } from '../../report/diagnostics.js';
import type { DialectModule, ParsedFile, ParsedRule, SourceText } from '../types.js';
import { parseEql } from './parser.js';
import { lowerStatement, LoweringError } from './lower.js';
import { printEql } from './print.js';

export { parseEql } from './parser.js';
export { printEql, printEqlCondition } from './print.js';

export interface EqlQueryOrigin {
  title: string;
  file?: string;
  document?: number;
}

/**
 * One EQL query → a Rule, or diagnostics whose line and column are those inside the query text.
 * This is what other readers (detection-rules TOML, Kibana NDJSON) call with the query they extracted.
 */
export function readEqlQuery(text: string, origin: EqlQueryOrigin): ParsedRule {
  const at = (message: string, code: string, line: number, column: number): ParsedRule => {
    const d: Diagnostic = { severity: 'error', code, message, line, column };
    if (origin.file !== undefined) d.file = origin.file;
    if (origin.document !== undefined) d.document = origin.document;
    const parsed: ParsedRule = { diagnostics: [d] };
    if (origin.document !== undefined) parsed.document = origin.document;
    return parsed;
  };
  const parsed = parseEql(text);
  if (!parsed.ok) return at(parsed.problem.message, 'eql/syntax', parsed.problem.line, parsed.problem.column);
  let lowered;
  try {
    lowered = lowerStatement(parsed.tree);
  } catch (error) {
    if (error instanceof LoweringError)
      return at(error.message, 'eql/semantics', error.pos.line, error.pos.column);
    throw error;
  }
  const rule: Rule = {
    meta: emptyMeta(origin.title),
    query: lowered.query,
    output: lowered.output,
    provenance: { dialect: 'eql' },
  };
  if (origin.file !== undefined) rule.provenance.file = origin.file;
  if (origin.document !== undefined) rule.provenance.document = origin.document;
  const result: ParsedRule = { rule, diagnostics: [] };
  if (origin.document !== undefined) result.document = origin.document;
  return result;
}

function baseName(file: string | undefined): string {
  if (!file) return 'EQL query';
  const name = file.replace(/\\/g, '/').split('/').pop() as string;
  return name.replace(/\.[^.]+$/, '') || name;
}

function looksLikeJsonl(input: SourceText): boolean {
  if (input.file && /\.(jsonl|ndjson)$/i.test(input.file)) return true;
  return /^\s*\{/.test(input.text);
}

function parseJsonl(input: SourceText): ParsedFile {
  const file: ParsedFile = { rules: [], diagnostics: [] };
  if (input.file !== undefined) file.file = input.file;
  input.text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = {
      ...(input.file !== undefined ? { file: input.file } : {}),
      line: index + 1,
      column: 1,
      document: index,
    };
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      file.rules.push({
        document: index,
        diagnostics: [
          {
            severity: 'error',
            code: 'eql/jsonl',
            message: `not a JSON record: ${(error as Error).message}`,
            ...where,
          },
        ],
      });
      return;
    }
    const r = record as Record<string, unknown>;
    if (typeof r !== 'object' || r === null || typeof r.query !== 'string') {
      file.rules.push({
        document: index,
        diagnostics: [
          {
            severity: 'error',
            code: 'eql/jsonl',
            message: 'a JSONL record needs a "query" string',
            ...where,
          },
        ],
      });
      return;
    }
    if (typeof r.language === 'string' && r.language !== 'eql') {
      file.rules.push({
        document: index,
        diagnostics: [
          {
            severity: 'error',
            code: 'eql/jsonl',
            message: `this record's query is ${r.language}, not EQL`,
            ...where,
          },
        ],
      });
      return;
    }
    const id = r.id ?? r.rule_id ?? r.name;
    const title =
      typeof id === 'string' || typeof id === 'number' ? String(id) : `${baseName(input.file)} #${index + 1}`;
    const parsed = readEqlQuery(r.query, {
      title,
      ...(input.file !== undefined ? { file: input.file } : {}),
      document: index,
    });
    // Positions inside a JSON string cannot be pointed at in the file: report the record's line, and say
    // where in the query the problem is.
    for (const d of parsed.diagnostics) {
      if (d.line !== undefined) d.message = `${d.message} (query line ${d.line}, column ${d.column})`;
      d.line = index + 1;
      d.column = 1;
    }
    file.rules.push(parsed);
  });
  return file;
}

const EQL_START =
  /^(?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:sequence\b|sample\b|(?:[A-Za-z_][A-Za-z0-9_]*|"[^"\n]*")\s+where\b)/;

export const eqlDialect: DialectModule = {
  dialect: 'eql',
  extensions: ['.eql'],
  sniff(text: string): boolean {
    if (EQL_START.test(text)) return true;
    const first = text.split('\n', 1)[0] ?? '';
    if (!/^\s*\{/.test(first)) return false;
    try {
      const record = JSON.parse(first) as Record<string, unknown>;
      return (
        typeof record.query === 'string' &&
        EQL_START.test(record.query) &&
        (record.language === undefined || record.language === 'eql')
      );
    } catch {
      return false;
    }
  },
  parse(inputs: SourceText[]): ParsedFile[] {
    return inputs.map((input) => {
      if (looksLikeJsonl(input)) return parseJsonl(input);
      const file: ParsedFile = {
        rules: [
          readEqlQuery(input.text, {
            title: baseName(input.file),
            ...(input.file !== undefined ? { file: input.file } : {}),
          }),
        ],
        diagnostics: [],
      };
      if (input.file !== undefined) file.file = input.file;
      return file;
    });
  },
  print(rule: Rule) {
    return printEql(rule);
  },
};
