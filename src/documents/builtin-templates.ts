/** The built-in document templates: GENERATED from templates/*.hbs by test/documents/template-generator.ts. */
export const BUILTIN_TEMPLATES: Readonly<Record<'toml' | 'ndjson' | 'sentinel-yaml' | 'arm', string>> = {
  toml: "{{! Elastic detection-rules TOML. `doc` holds the tables; `rule` is the IR rule, `meta` its metadata. }}\n{{toml 'metadata' doc.metadata}}\n{{toml 'rule' doc.rule}}\n{{#each doc.tables}}{{toml @key this}}{{/each}}",
  ndjson: '{{! One Kibana rule object on one line (the import format). }}\n{{json doc}}',
  'sentinel-yaml':
    '{{! Azure-Sentinel analytic-rule YAML. `doc` keys are in the template order of the repository. }}\n{{yaml doc}}',
  arm: '{{! ARM deployment template with one Sentinel alert rule. }}\n{{json template 2}}',
};
