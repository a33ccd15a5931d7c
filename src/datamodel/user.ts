import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { DataModel } from './types.js';
import { DATA_MODEL_SCHEMA } from './schema.js';

let validate: ValidateFunction | undefined;

/**
 * A user's data model (the parsed content of a `--mapping` file), checked against the same schema as the
 * shipped ones. Problems name the place in the document (`/categories/2/fields/Image`).
 */
export function checkDataModel(value: unknown): { model?: DataModel; problems: string[] } {
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(DATA_MODEL_SCHEMA);
  if (validate(value)) return { model: value as unknown as DataModel, problems: [] };
  const problems = (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
  return { problems };
}

/**
 * The shipped models with a user's added: a model of a new id is a new profile; a model of a shipped id
 * extends that model, its categories taking precedence over the shipped ones for the same log source (the
 * first matching category wins), so one file can override one field mapping or add a log source.
 */
export function withUserModels(
  base: Record<string, DataModel>,
  user: DataModel[],
): Record<string, DataModel> {
  const out = { ...base };
  for (const model of user) {
    const shipped = out[model.id];
    out[model.id] = shipped
      ? { ...shipped, title: model.title, categories: [...model.categories, ...shipped.categories] }
      : model;
  }
  return out;
}
