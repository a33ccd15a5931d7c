import type { Dialect, Rule } from '../ir/types.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** One input text: a file's contents and the name to report it under. */
export interface SourceText {
  text: string;
  file?: string;
}

/** One rule read from a file, or the diagnostics that say why it could not be read. */
export interface ParsedRule {
  rule?: Rule;
  diagnostics: Diagnostic[];
  /** Index of the document (multi-document YAML) or record (JSONL) the rule came from. */
  document?: number;
}

export interface ParsedFile {
  file?: string;
  rules: ParsedRule[];
  /** Problems with the file as a whole (it is not valid YAML, say): no rule could be read from it. */
  diagnostics: Diagnostic[];
}

export interface PrintResult {
  text: string;
  diagnostics: Diagnostic[];
}

/**
 * What every dialect provides to the pipeline. The core never reads files: the CLI hands in texts.
 * `parse` takes a batch because rules may refer to each other across files (Sigma correlations).
 * `print` throws a RuleError when the rule cannot be expressed in the dialect.
 */
export interface DialectModule {
  dialect: Dialect;
  /** File name endings this dialect reads, lower-case, with the dot. */
  extensions: string[];
  /** Whether a text of unknown type looks like this dialect. */
  sniff(text: string): boolean;
  parse(inputs: SourceText[]): ParsedFile[];
  print(rule: Rule): PrintResult;
}
