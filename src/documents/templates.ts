/**
 * Handlebars rendering of rule documents. A writer builds a view (`doc`: the document as data; `rule` and
 * `meta`: the IR) and a template lays it out; the helpers do the escaping, so a user template never has to:
 * `{{toml "rule" doc.rule}}`, `{{yaml doc}}`, `{{yamlEntry "name" doc.name}}`, `{{json doc}}` (one line),
 * `{{json value 2}}` (indented). Templates are compiled without HTML escaping.
 */
import Handlebars from 'handlebars';
import { tomlTable } from './toml-text.js';
import { yamlDocument, yamlEntry } from './yaml-text.js';

const hb = Handlebars.create();

const isOptions = (x: unknown): boolean =>
  x !== null && typeof x === 'object' && 'hash' in (x as object) && 'data' in (x as object);

hb.registerHelper('toml', (name: unknown, value: unknown) => tomlTable(String(name), value));
hb.registerHelper('yaml', (value: unknown, order: unknown) =>
  yamlDocument(
    (value ?? {}) as Record<string, unknown>,
    typeof order === 'string' && !isOptions(order) ? order.split(/\s+/) : [],
  ),
);
hb.registerHelper('yamlEntry', (key: unknown, value: unknown) => yamlEntry(String(key), value));
hb.registerHelper('json', (value: unknown, indent: unknown) =>
  JSON.stringify(value ?? null, null, typeof indent === 'number' ? indent : undefined),
);

const compiled = new Map<string, Handlebars.TemplateDelegate>();

export function renderTemplate(source: string, view: Record<string, unknown>): string {
  let template = compiled.get(source);
  if (!template) {
    template = hb.compile(source, { noEscape: true, strict: false });
    compiled.set(source, template);
  }
  return template(view);
}
