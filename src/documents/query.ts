/**
 * The query inside a rule document, read and written through the dialect modules (EQL for Elastic
 * `language = "eql"`, KQL for Sentinel). Languages rulestone does not parse (kuery, lucene, esql, machine
 * learning rules without a query) become an OpaqueQuery.
 *
 * A query that fails to parse does not stop the document: it is kept as an OpaqueQuery in its language, and
 * the dialect's diagnostics come back as warnings (code kept) plus `documents/query-kept-verbatim`. The
 * document can then still be re-written in its own format, verbatim; translating it to another language
 * fails later, at print time, with an error that names the rule.
 *
 * To write a query back byte for byte when nobody changed it, the reader records a fingerprint of the IR it
 * produced; the writer reuses the original text when the rule's query still has that fingerprint.
 */
import type { Dialect, OutputStage, Query, Rule } from '../ir/types.js';
import { normalizeQuery } from '../ir/normalize.js';
import { stableStringify } from '../ir/stable-json.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { isRuleError } from '../report/diagnostics.js';
import type { DialectModule } from '../dialects/types.js';
import { eqlDialect } from '../dialects/eql/index.js';
import { kqlDialect } from '../dialects/kql/index.js';
import { sha1Hex } from './ids.js';

const DIALECT_OF_LANGUAGE: Record<string, DialectModule> = { eql: eqlDialect, kql: kqlDialect };

export interface QueryOrigin {
  file?: string;
  document?: number;
  /** Line of the document on which the query text starts (1-based), to place diagnostics in the file. */
  line?: number;
}

export interface ReadQuery {
  query: Query;
  output: OutputStage[];
  /** The dialect that parsed it, when one did. */
  dialect?: Dialect;
  fingerprint: string;
  diagnostics: Diagnostic[];
}

export function queryFingerprint(query: Query, output: OutputStage[]): string {
  return sha1Hex(stableStringify({ query: normalizeQuery(query), output }));
}

function placed(d: Diagnostic, origin: QueryOrigin): Diagnostic {
  const out: Diagnostic = { ...d, severity: d.severity === 'error' ? 'warning' : d.severity };
  if (origin.file !== undefined) out.file = origin.file;
  if (origin.document !== undefined) out.document = origin.document;
  if (origin.line !== undefined && d.line !== undefined) out.line = d.line + origin.line - 1;
  return out;
}

/** `language` is the document's name for it: eql, kuery, lucene, esql, kql, or '' for none. */
export function readQuery(text: string, language: string, origin: QueryOrigin): ReadQuery {
  const dialect = DIALECT_OF_LANGUAGE[language];
  const opaque = (diagnostics: Diagnostic[]): ReadQuery => {
    const query: Query = { kind: 'opaque', language, text };
    return { query, output: [], fingerprint: queryFingerprint(query, []), diagnostics };
  };
  if (!dialect) return opaque([]);
  let parsed;
  try {
    parsed = dialect.parse([{ text }])[0]?.rules[0];
  } catch (error) {
    // A crash inside a dialect is that dialect's bug; the document must still read.
    const message = error instanceof Error ? error.message : String(error);
    return opaque([
      placed(
        {
          severity: 'warning',
          code: 'documents/query-kept-verbatim',
          message: `the ${language} parser failed (${message}); the query is kept verbatim`,
        },
        origin,
      ),
    ]);
  }
  if (!parsed?.rule) {
    const diagnostics = (parsed?.diagnostics ?? []).map((d) => placed(d, origin));
    diagnostics.push(
      placed(
        {
          severity: 'warning',
          code: 'documents/query-kept-verbatim',
          message: `the ${language} query could not be read; it is kept verbatim and can only be written back to ${language}`,
        },
        origin,
      ),
    );
    return opaque(diagnostics);
  }
  const rule = parsed.rule;
  return {
    query: rule.query,
    output: rule.output,
    dialect: dialect.dialect,
    fingerprint: queryFingerprint(rule.query, rule.output),
    diagnostics: parsed.diagnostics.map((d) => placed(d, origin)),
  };
}

export interface WrittenQuery {
  text: string;
  language: string;
  diagnostics: Diagnostic[];
}

/**
 * The query text for a document in `language`. An opaque query is written verbatim when its language is the
 * target's (or one of `alsoAccepted`, for Elastic's several languages), otherwise it cannot be written.
 */
export function writeQuery(
  rule: Rule,
  language: string,
  original: { text?: unknown; fingerprint?: unknown },
  alsoAccepted: string[] = [],
): WrittenQuery {
  const sameAsRead =
    typeof original.text === 'string' && original.fingerprint === queryFingerprint(rule.query, rule.output);
  if (rule.query.kind === 'opaque') {
    const q = rule.query;
    if (q.language === language || alsoAccepted.includes(q.language)) {
      return { text: sameAsRead ? (original.text as string) : q.text, language: q.language, diagnostics: [] };
    }
    return {
      text: '',
      language,
      diagnostics: [
        {
          severity: 'error',
          code: 'documents/opaque-query',
          message: `the rule's query is ${q.language || 'absent'} text that rulestone does not parse, so it cannot be written as ${language}`,
        },
      ],
    };
  }
  if (sameAsRead) return { text: original.text as string, language, diagnostics: [] };
  const dialect = DIALECT_OF_LANGUAGE[language];
  if (!dialect) {
    return {
      text: '',
      language,
      diagnostics: [
        { severity: 'error', code: 'documents/no-printer', message: `no printer for ${language}` },
      ],
    };
  }
  try {
    const printed = dialect.print(rule);
    return { text: printed.text, language, diagnostics: printed.diagnostics };
  } catch (error) {
    if (isRuleError(error)) return { text: '', language, diagnostics: [error.diagnostic] };
    throw error;
  }
}
