/** Shared helpers of the document tests: corpus listing, structural comparison, the Elastic API schemas. */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Rule } from '../../src/ir/types.js';
import { IR_JSON_SCHEMA } from '../../src/ir/schema.js';
import { sharedPath } from '../support/shared.js';
import { firstDifference } from '../../src/ir/normalize.js';

/** Corpus listing: the suite's shared walker. */
export { walkFiles as listFiles } from '../support/files.js';

/** The first difference between two parsed documents, or null: what "the round trip preserved it" means. */
export function documentDifference(a: unknown, b: unknown): string | null {
  return firstDifference(a, b);
}

const validators = new Map<string, ValidateFunction>();

/**
 * The detection-rules API schema for a rule type. They declare draft-04 but use no keyword whose meaning
 * changed after it, so Ajv's default draft (07) validates them once the `$schema` line is dropped; `enumNames`
 * (a UI hint) is allowed by turning strict mode off.
 */
export function elasticSchema(type: string): ValidateFunction {
  let validate = validators.get(type);
  if (!validate) {
    const schema = JSON.parse(
      readFileSync(sharedPath('schemas', 'elastic-detection-rules', `master.${type}.json`), 'utf8'),
    ) as Record<string, unknown>;
    delete schema.$schema;
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    validators.set(type, validate);
  }
  return validate;
}

export function schemaErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ');
}

let irValidator: ValidateFunction | undefined;

/**
 * The rule as `--ir` saves and reads it (JSON), after checking it against the IR JSON schema: the side
 * channels must survive that trip, or a user editing saved IR would lose fields.
 */
export function throughIrJson(rule: Rule): { rule: Rule; errors: string } {
  irValidator ??= new Ajv2020({ strict: false }).compile(IR_JSON_SCHEMA);
  const saved = JSON.parse(JSON.stringify(rule)) as Rule;
  return { rule: saved, errors: irValidator(saved) ? '' : schemaErrors(irValidator) };
}
