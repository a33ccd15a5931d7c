/**
 * Rule documents: whole rules with their metadata, read from and written to every platform's file format.
 *
 *   detectDocumentFormat(fileName, text)        → 'sigma' | 'toml' | 'ndjson' | 'sentinel-yaml' | 'arm' | undefined
 *   readDocuments(inputs, format?)              → ParsedFile[] (one per input; a bad file never stops the batch)
 *   writeDocument(rule, format, { template? })  → { text, diagnostics } (throws nothing; errors are diagnostics)
 *   writeDocuments(rules, format, options)      → one file for several rules (NDJSON lines; other formats: joined)
 *   convertRule(rule, format)                   → the rule as it should be written there: new stable id + `derived`
 *
 * Pure functions on text: no file or network access. Sigma YAML documents are the Sigma dialect's own input
 * and output; this module only prepares the metadata (ATT&CK tags) when a rule from elsewhere becomes Sigma.
 */
import type { Rule } from '../ir/types.js';
import type { ParsedFile, PrintResult, SourceText } from '../dialects/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { sigmaDialect } from '../dialects/sigma/index.js';
import { BUILTIN_TEMPLATES } from './builtin-templates.js';
import { detectDocumentFormat, type DocumentFormat } from './detect.js';
import { forPlatform, type Platform } from './identity.js';
import { ndjsonView, readNdjson } from './ndjson.js';
import { readSentinelYaml, sentinelYamlView } from './sentinel-yaml.js';
import { readToml, tomlView } from './toml.js';
import { readArmTemplate, writeArmTemplate } from './arm.js';
import { renderTemplate } from './templates.js';
import { fromSigmaSideField, sigmaTags, withSigmaSideField } from './sigma.js';

export {
  detectDocumentFormat,
  documentFileName,
  DOCUMENT_EXTENSIONS,
  DOCUMENT_FORMATS,
  type DocumentFormat,
} from './detect.js';
export { BUILTIN_TEMPLATES } from './builtin-templates.js';
export { validateArmTemplate, validateSentinelYaml } from './validate.js';
export { derivedRuleId, uuidV5 } from './ids.js';
export { technique, tacticByShortname, sentinelTactic, allTactics } from './attack.js';
export { ATTACK_NOTICE, ATTACK_VERSION } from './attack-data.js';
export { elasticRiskScore, elasticSeverity, sentinelSeverity } from './severity.js';
export { writeThreat } from './elastic.js';
export { writeArmTemplate } from './arm.js';
export { writeSentinelRule } from './sentinel.js';
export { writeElasticRule } from './elastic.js';

/** Formats a rule document can be written in (Sigma through the Sigma dialect's printer). */
export type OutputFormat = DocumentFormat;

export const PLATFORM_OF_FORMAT: Record<DocumentFormat, Platform> = {
  sigma: 'sigma',
  toml: 'elastic',
  ndjson: 'elastic',
  'sentinel-yaml': 'sentinel',
  arm: 'sentinel',
};

function readOne(input: SourceText, format: DocumentFormat): ParsedFile {
  switch (format) {
    case 'sigma': {
      const file = sigmaDialect.parse([input])[0] as ParsedFile;
      const rules = file.rules.map((r) =>
        r.rule ? { ...r, rule: { ...r.rule, meta: fromSigmaSideField(r.rule.meta) } } : r,
      );
      return { ...file, rules };
    }
    case 'toml':
      return readToml(input.text, input.file);
    case 'ndjson':
      return readNdjson(input.text, input.file);
    case 'sentinel-yaml':
      return readSentinelYaml(input.text, input.file);
    case 'arm': {
      const read = readArmTemplate(input.text, input.file);
      return {
        ...(input.file !== undefined ? { file: input.file } : {}),
        rules: read.rules,
        diagnostics: read.diagnostics,
      };
    }
  }
}

/**
 * Reads rule documents; `format` forces one format for all inputs, otherwise each is detected. An input
 * whose format cannot be told, or that fails to read, yields a ParsedFile with error diagnostics.
 */
export function readDocuments(inputs: SourceText[], format?: DocumentFormat): ParsedFile[] {
  return inputs.map((input) => {
    const where = input.file !== undefined ? { file: input.file } : {};
    const chosen = format ?? detectDocumentFormat(input.file, input.text);
    if (!chosen) {
      return {
        ...where,
        rules: [],
        diagnostics: [
          {
            ...where,
            severity: 'error',
            code: 'documents/unknown-format',
            message: 'cannot tell which rule-document format this is; name it with --format',
          },
        ],
      };
    }
    try {
      return readOne(input, chosen);
    } catch (error) {
      // One reader's bug must not end the batch.
      const message = error instanceof Error ? error.message : String(error);
      return {
        ...where,
        rules: [],
        diagnostics: [
          {
            ...where,
            severity: 'error',
            code: 'documents/internal',
            message: `reading as ${chosen} failed: ${message}`,
          },
        ],
      };
    }
  });
}

/** The rule prepared for a format: a new stable id and a `derived` link when it crosses platforms. */
export function convertRule(rule: Rule, format: DocumentFormat): Rule {
  const converted = forPlatform(rule, PLATFORM_OF_FORMAT[format]);
  if (format === 'sigma') {
    const meta = withSigmaSideField(converted.meta);
    return { ...converted, meta: converted !== rule ? { ...meta, tags: sigmaTags(meta) } : meta };
  }
  return converted;
}

export interface WriteOptions {
  /** A handlebars template source to use instead of the built-in one. */
  template?: string;
  /** Set false to write the rule as it is, without a new id for another platform. Default true. */
  convert?: boolean;
}

function view(
  rule: Rule,
  format: Exclude<DocumentFormat, 'sigma'>,
): { view: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const base = { rule, meta: rule.meta };
  switch (format) {
    case 'toml': {
      const v = tomlView(rule);
      return { view: { ...base, doc: v.doc }, diagnostics: v.diagnostics };
    }
    case 'ndjson': {
      const v = ndjsonView(rule);
      return { view: { ...base, doc: v.doc }, diagnostics: v.diagnostics };
    }
    case 'sentinel-yaml': {
      const v = sentinelYamlView(rule);
      return { view: { ...base, doc: v.doc }, diagnostics: v.diagnostics };
    }
    case 'arm': {
      const v = writeArmTemplate(rule);
      return { view: { ...base, template: v.template, doc: v.template }, diagnostics: v.diagnostics };
    }
  }
}

/** Cleans template output: no blank lines at the ends, one final newline; NDJSON stays one line. */
function tidy(text: string, format: DocumentFormat): string {
  if (format === 'ndjson') return text.replace(/^\s+|\s+$/g, '') + '\n';
  // Only the ends: blank lines inside may belong to multi-line strings.
  return text.replace(/^\s*\n/, '').replace(/\s*$/, '\n');
}

export function writeDocument(rule: Rule, format: DocumentFormat, options: WriteOptions = {}): PrintResult {
  const prepared = options.convert === false ? rule : convertRule(rule, format);
  if (format === 'sigma') {
    try {
      return sigmaDialect.print(prepared);
    } catch (error) {
      const d = (error as { diagnostic?: Diagnostic }).diagnostic;
      if (d) return { text: '', diagnostics: [d] };
      throw error;
    }
  }
  const built = view(prepared, format);
  if (built.diagnostics.some((d) => d.severity === 'error'))
    return { text: '', diagnostics: built.diagnostics };
  const text = renderTemplate(options.template ?? BUILTIN_TEMPLATES[format], built.view);
  return { text: tidy(text, format), diagnostics: built.diagnostics };
}

/**
 * Several rules in one file: NDJSON one per line; Sigma and Sentinel YAML as a multi-document stream; ARM as
 * one template with a resource per rule. A TOML file holds one rule only (its tables would clash).
 */
export function writeDocuments(
  rules: Rule[],
  format: DocumentFormat,
  options: WriteOptions = {},
): PrintResult {
  if (format === 'toml' && rules.length > 1) {
    return {
      text: '',
      diagnostics: [
        {
          severity: 'error',
          code: 'documents/one-rule-per-toml',
          message: `a detection-rules TOML file holds one rule; write ${rules.length} files instead`,
        },
      ],
    };
  }
  if (format === 'arm') return writeArmTemplates(rules, options);
  const results = rules.map((rule) => writeDocument(rule, format, options));
  const texts = results.filter((r) => r.text !== '').map((r) => r.text);
  const separator = format === 'ndjson' ? '' : '---\n';
  return { text: texts.join(separator), diagnostics: results.flatMap((r) => r.diagnostics) };
}

function writeArmTemplates(rules: Rule[], options: WriteOptions): PrintResult {
  const diagnostics: Diagnostic[] = [];
  let merged: Record<string, unknown> | undefined;
  const resources: unknown[] = [];
  for (const rule of rules) {
    const built = writeArmTemplate(options.convert === false ? rule : convertRule(rule, 'arm'));
    diagnostics.push(...built.diagnostics);
    if (built.diagnostics.some((d) => d.severity === 'error')) continue;
    merged ??= built.template;
    resources.push(...(built.template.resources as unknown[]));
  }
  if (!merged) return { text: '', diagnostics };
  const template = { ...merged, resources };
  const text = renderTemplate(options.template ?? BUILTIN_TEMPLATES.arm, { rules, template, doc: template });
  return { text: tidy(text, 'arm'), diagnostics };
}
