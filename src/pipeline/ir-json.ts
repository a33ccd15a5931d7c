import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { Rule } from '../ir/types.js';
import { IR_JSON_SCHEMA } from '../ir/schema.js';
import type { ParsedFile, SourceText } from '../dialects/types.js';
import type { Diagnostic } from '../report/diagnostics.js';

let validateRule: (((value: unknown) => boolean) & { errors?: ErrorObject[] | null }) | undefined;

function validator() {
  validateRule ??= new Ajv2020({ allErrors: false, strict: false }).compile(IR_JSON_SCHEMA);
  return validateRule;
}

/** Whether a JSON text looks like saved IR (`rulestone parse --ir`): one rule object or a list of them. */
export function looksLikeIrJson(text: string): boolean {
  // "provenance" tells saved IR from Kibana exports, which also have "meta" and "query" members.
  return (
    /^\s*[[{]/.test(text) &&
    /"meta"\s*:/.test(text) &&
    /"query"\s*:/.test(text) &&
    /"provenance"\s*:/.test(text)
  );
}

/** Reads saved IR back, checking every rule against the IR JSON schema. */
export function parseIrJson(input: SourceText): ParsedFile {
  const file: ParsedFile = {
    ...(input.file !== undefined ? { file: input.file } : {}),
    rules: [],
    diagnostics: [],
  };
  const where = input.file !== undefined ? { file: input.file } : {};
  let value: unknown;
  try {
    value = JSON.parse(input.text);
  } catch (error) {
    file.diagnostics.push({
      severity: 'error',
      code: 'ir/json',
      message: `not valid JSON: ${(error as Error).message}`,
      ...where,
    });
    return file;
  }
  const list = Array.isArray(value) ? value : [value];
  list.forEach((item, document) => {
    const validate = validator();
    if (validate(item)) {
      file.rules.push({ rule: item as Rule, diagnostics: [], document });
      return;
    }
    const error = validate.errors?.[0];
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: 'ir/schema',
      message:
        `rule ${document + 1} does not match the IR schema: ${error?.instancePath || '/'} ${error?.message ?? ''}`.trim(),
      document,
      ...where,
    };
    file.rules.push({ diagnostics: [diagnostic], document });
  });
  return file;
}
