import jsYaml from 'js-yaml';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The three official Sigma JSON schemas (shipped in `schemas/sigma/`, public domain). */
export interface SigmaSchemas {
  rule: object;
  correlation: object;
  filter: object;
}

export interface SchemaProblem {
  document: number;
  kind: 'rule' | 'correlation' | 'filter' | 'unknown';
  message: string;
}

/**
 * Checks Sigma YAML against the official schemas, document by document. Dates are loaded as strings (YAML
 * core schema), as the schemas expect; formats (uuid) are enforced. The schemas' own defects (a list of
 * conditions is refused, correlation conditions are barely checked) are theirs: see docs/sigma.md.
 */
export function createSigmaValidator(schemas: SigmaSchemas): (text: string) => SchemaProblem[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const validators: Record<'rule' | 'correlation' | 'filter', ValidateFunction> = {
    rule: ajv.compile(schemas.rule),
    correlation: ajv.compile(schemas.correlation),
    filter: ajv.compile(schemas.filter),
  };
  return (text) => {
    const problems: SchemaProblem[] = [];
    const docs = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
    docs.forEach((doc, document) => {
      if (doc === null || doc === undefined) return;
      const record = doc as Record<string, unknown>;
      const kind =
        'correlation' in record
          ? 'correlation'
          : 'filter' in record
            ? 'filter'
            : 'detection' in record
              ? 'rule'
              : 'unknown';
      if (kind === 'unknown') {
        problems.push({ document, kind, message: 'neither a detection rule, a correlation nor a filter' });
        return;
      }
      const validate = validators[kind];
      if (!validate(doc)) {
        for (const error of validate.errors ?? []) {
          problems.push({
            document,
            kind,
            message: `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
          });
        }
      }
    });
    return problems;
  };
}
