/**
 * Writes src/documents/builtin-templates.ts from templates/*.hbs: the core cannot read files, so the built-in
 * templates ship inside the module as well as beside it (for users to copy). The suite checks both agree.
 * Run: `npx tsx test/documents/template-generator.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prettify } from './attack-generator.js';

export const TEMPLATE_FILES = {
  toml: 'elastic-toml.hbs',
  ndjson: 'kibana-ndjson.hbs',
  'sentinel-yaml': 'sentinel-yaml.hbs',
  arm: 'sentinel-arm.hbs',
} as const;

export async function generateTemplateModule(root: string): Promise<string> {
  const entries = Object.entries(TEMPLATE_FILES).map(
    ([format, file]) =>
      `  ${JSON.stringify(format)}: ${JSON.stringify(readFileSync(join(root, 'templates', file), 'utf8'))},`,
  );
  return prettify(
    [
      '/** The built-in document templates: GENERATED from templates/*.hbs by test/documents/template-generator.ts. */',
      "export const BUILTIN_TEMPLATES: Readonly<Record<'toml' | 'ndjson' | 'sentinel-yaml' | 'arm', string>> = {",
      ...entries,
      '};',
      '',
    ].join('\n'),
  );
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain)
  writeFileSync(
    join(process.cwd(), 'src', 'documents', 'builtin-templates.ts'),
    await generateTemplateModule(process.cwd()),
  );
