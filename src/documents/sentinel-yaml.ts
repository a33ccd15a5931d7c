/** Sentinel analytic-rule YAML files (the Azure-Sentinel repository format), one rule per file. */
import { LineCounter, parseDocument } from 'yaml';
import type { Rule } from '../ir/types.js';
import type { ParsedFile } from '../dialects/types.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { asRecord } from './fields.js';
import { readSentinelRule, writeSentinelRule } from './sentinel.js';

export function readSentinelYaml(text: string, file?: string): ParsedFile {
  const where = file !== undefined ? { file } : {};
  const lines = new LineCounter();
  // The core schema keeps `2020-01-01` and `1.0.0` as strings, as the .NET validator reads them.
  const parsed = parseDocument(text, {
    lineCounter: lines,
    schema: 'core',
    uniqueKeys: false,
    prettyErrors: false,
  });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0] as NonNullable<(typeof parsed.errors)[number]>;
    const pos = lines.linePos(e.pos[0]);
    return {
      ...where,
      rules: [],
      diagnostics: [
        {
          ...where,
          severity: 'error',
          code: 'documents/bad-yaml',
          message: e.message.split('\n')[0] as string,
          line: pos.line,
          column: pos.col,
        },
      ],
    };
  }
  const doc = asRecord(parsed.toJS({ maxAliasCount: 100 }));
  if (!doc)
    return {
      ...where,
      rules: [],
      diagnostics: [
        {
          ...where,
          severity: 'error',
          code: 'documents/not-a-rule',
          message: 'the YAML document is not a mapping',
        },
      ],
    };
  const node = parsed.get('query', true) as { range?: [number, number, number] } | undefined;
  let queryLine: number | undefined;
  if (node?.range) {
    const start = lines.linePos(node.range[0]).line;
    // A block scalar's text starts on the line after its `|` indicator.
    queryLine = /^[|>]/.test(text.slice(node.range[0], node.range[0] + 1)) ? start + 1 : start;
  }
  const read = readSentinelRule({
    doc,
    source: 'sentinel-yaml',
    ...where,
    ...(queryLine !== undefined ? { queryLine } : {}),
  });
  return {
    ...where,
    rules: [{ ...(read.rule ? { rule: read.rule } : {}), diagnostics: read.diagnostics }],
    diagnostics: [],
  };
}

export function sentinelYamlView(rule: Rule): { doc: Record<string, unknown>; diagnostics: Diagnostic[] } {
  return writeSentinelRule(rule);
}
