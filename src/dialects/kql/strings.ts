/**
 * KQL string literals and names, for the printer. Escaping happens only here.
 */
import { STRING_OPERATOR_WORDS } from './tokens.js';

/** A string literal: verbatim `@"…"` when the text has backslashes (Windows paths, regexes) and no line breaks
 * or control characters, so that it reads as written; otherwise `"…"` with KQL escapes. */
export function quoteString(value: string): string {
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f\u2028\u2029]/;
  if (value.includes('\\') && !control.test(value)) return '@"' + value.replace(/"/g, '""') + '"';
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029)
      out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Words that cannot be bare column names: the string operators the lexer knows, and these keywords. */
const RESERVED = new Set([
  ...STRING_OPERATOR_WORDS,
  'let',
  'where',
  'filter',
  'extend',
  'project',
  'summarize',
  'by',
  'join',
  'lookup',
  'on',
  'union',
  'parse',
  'with',
  'top',
  'sort',
  'order',
  'distinct',
  'take',
  'limit',
  'datatable',
  'externaldata',
  'declare',
  'matches',
  'and',
  'or',
  'true',
  'false',
  'in',
  'has_any',
  'has_all',
  'between',
  'datetime',
  'timespan',
  'time',
  'guid',
  'set',
  'count',
  'asc',
  'desc',
  'nulls',
  'typeof',
  'dynamic',
  'regex',
  'kind',
  'not',
  'print',
  'range',
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A column name: bare when it is an identifier, else `['…']`. A dotted name is a path into a dynamic column. */
export function quoteName(name: string): string {
  if (IDENTIFIER.test(name) && !RESERVED.has(name)) return name;
  const segments = name.split('.');
  if (segments.length > 1 && segments.every((s) => IDENTIFIER.test(s) && !RESERVED.has(s))) return name;
  return "['" + name.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "']";
}
