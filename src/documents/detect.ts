/**
 * Which rule-document format a file is, from its name and a look at its text. The name decides where it is
 * unambiguous (.toml, .ndjson); YAML and JSON need the text (Sigma and Sentinel are both YAML; an ARM
 * template and a one-line Kibana export are both JSON).
 */
export type DocumentFormat = 'sigma' | 'toml' | 'ndjson' | 'sentinel-yaml' | 'arm';

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  'sigma',
  'toml',
  'ndjson',
  'sentinel-yaml',
  'arm',
];

function yamlKind(text: string): DocumentFormat | undefined {
  const has = (key: string): boolean => new RegExp(`^${key}\\s*:`, 'm').test(text);
  if (
    has('detection') ||
    has('correlation') ||
    (has('title') && has('logsource')) ||
    (has('title') && has('filter'))
  )
    return 'sigma';
  if ((has('queryFrequency') || has('kind') || has('triggerOperator')) && has('query'))
    return 'sentinel-yaml';
  if (has('title')) return 'sigma';
  if (has('name') && has('query') && has('severity')) return 'sentinel-yaml';
  return undefined;
}

function jsonKind(text: string): DocumentFormat | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return undefined;
  if (/"resources"\s*:/.test(text) && /alertRules/.test(text)) return 'arm';
  const firstLine = trimmed.split('\n', 1)[0] as string;
  try {
    const record = JSON.parse(firstLine) as Record<string, unknown>;
    if ('rule_id' in record || ('type' in record && 'risk_score' in record) || 'exported_count' in record)
      return 'ndjson';
  } catch {
    // Not one object per line: a pretty-printed JSON file.
  }
  return undefined;
}

export function detectDocumentFormat(fileName: string | undefined, text: string): DocumentFormat | undefined {
  const name = (fileName ?? '').toLowerCase();
  if (name.endsWith('.toml')) return 'toml';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return jsonKind(text) === 'arm' ? 'arm' : 'ndjson';
  if (name.endsWith('.yml') || name.endsWith('.yaml')) return yamlKind(text);
  if (name.endsWith('.json')) return jsonKind(text);
  if (/^\s*\[(metadata|rule)\]\s*$/m.test(text)) return 'toml';
  return jsonKind(text) ?? yamlKind(text);
}

/** The file name ending each format is written with. */
export const DOCUMENT_EXTENSIONS: Readonly<Record<DocumentFormat, string>> = {
  sigma: '.yml',
  toml: '.toml',
  ndjson: '.ndjson',
  'sentinel-yaml': '.yaml',
  arm: '.json',
};

/** A file name for a rule's document: its title in lower-case words joined by `_` (detection-rules style). */
export function documentFileName(title: string, format: DocumentFormat): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents, split off by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
  return `${slug || 'rule'}${DOCUMENT_EXTENSIONS[format]}`;
}
