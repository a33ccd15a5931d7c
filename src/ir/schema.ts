/**
 * JSON schema (draft 2020-12) of a Rule's JSON form, the shape `rulestone parse --ir` prints. It mirrors
 * `types.ts`; the test suite checks every rule of the corpora against it, so the two cannot drift apart
 * silently.
 */
const str = { type: 'string' } as const;
const strList = { type: 'array', items: str } as const;
const int = { type: 'integer', minimum: 0 } as const;

const defs = {
  position: {
    type: 'object',
    required: ['line', 'column'],
    properties: { line: int, column: int },
    additionalProperties: false,
  },
  patternPart: {
    oneOf: [
      str,
      {
        type: 'object',
        required: ['wildcard'],
        properties: { wildcard: { enum: ['*', '?'] } },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['placeholder'],
        properties: { placeholder: str },
        additionalProperties: false,
      },
    ],
  },
  value: {
    oneOf: [
      {
        type: 'object',
        required: ['type', 'pattern'],
        properties: {
          type: { const: 'string' },
          pattern: { type: 'array', items: { $ref: '#/$defs/patternPart' } },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['type', 'value'],
        properties: { type: { const: 'number' }, value: { type: 'number' } },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['type', 'value'],
        properties: { type: { const: 'boolean' }, value: { type: 'boolean' } },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['type'],
        properties: { type: { const: 'null' } },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['type', 'pattern', 'flags', 'flavour', 'anchored'],
        properties: {
          type: { const: 'regex' },
          pattern: str,
          flags: {
            type: 'object',
            required: ['i', 'm', 's'],
            properties: { i: { type: 'boolean' }, m: { type: 'boolean' }, s: { type: 'boolean' } },
            additionalProperties: false,
          },
          flavour: { enum: ['pcre', 'lucene', 're2'] },
          anchored: { type: 'boolean' },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['type', 'cidr'],
        properties: { type: { const: 'cidr' }, cidr: str },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['type', 'field'],
        properties: { type: { const: 'fieldref' }, field: str },
        additionalProperties: false,
      },
    ],
  },
  term: {
    oneOf: [
      {
        type: 'object',
        required: ['kind', 'field'],
        properties: { kind: { const: 'field' }, field: str },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'value'],
        properties: { kind: { const: 'value' }, value: { $ref: '#/$defs/value' } },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'name', 'args'],
        properties: {
          kind: { const: 'call' },
          name: str,
          args: { type: 'array', items: { $ref: '#/$defs/term' } },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'op', 'left', 'right'],
        properties: {
          kind: { const: 'binary' },
          op: { enum: ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>='] },
          left: { $ref: '#/$defs/term' },
          right: { $ref: '#/$defs/term' },
        },
        additionalProperties: false,
      },
    ],
  },
  expr: {
    oneOf: [
      {
        type: 'object',
        required: ['kind', 'items'],
        properties: {
          kind: { enum: ['and', 'or'] },
          items: { type: 'array', items: { $ref: '#/$defs/expr' } },
          label: str,
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'item'],
        properties: { kind: { const: 'not' }, item: { $ref: '#/$defs/expr' }, label: str },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'value'],
        properties: { kind: { const: 'const' }, value: { type: 'boolean' } },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'dialect', 'term'],
        properties: {
          kind: { const: 'computed' },
          dialect: { enum: ['sigma', 'eql', 'kql'] },
          term: { $ref: '#/$defs/term' },
        },
        additionalProperties: false,
      },
      { $ref: '#/$defs/predicate' },
    ],
  },
  predicate: {
    type: 'object',
    required: ['kind', 'field', 'op', 'values', 'matchAll', 'cased', 'transforms'],
    properties: {
      kind: { const: 'predicate' },
      field: { type: ['string', 'null'] },
      op: {
        enum: [
          'eq',
          'contains',
          'startswith',
          'endswith',
          'term',
          'regex',
          'cidr',
          'lt',
          'lte',
          'gt',
          'gte',
          'exists',
          'null',
        ],
      },
      values: { type: 'array', items: { $ref: '#/$defs/value' } },
      matchAll: { type: 'boolean' },
      cased: { type: 'boolean' },
      transforms: {
        type: 'array',
        items: { enum: ['base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'windash'] },
      },
      datePart: { enum: ['minute', 'hour', 'day', 'week', 'month', 'year'] },
      pos: { $ref: '#/$defs/position' },
    },
    additionalProperties: false,
  },
  source: {
    type: 'object',
    required: ['model', 'native'],
    properties: { model: str, category: str, product: str, service: str, native: { type: 'object' } },
    additionalProperties: false,
  },
  duration: {
    type: 'object',
    required: ['value', 'unit'],
    properties: {
      value: { type: 'number', minimum: 0 },
      unit: { enum: ['ms', 's', 'm', 'h', 'd', 'w', 'M', 'y'] },
    },
    additionalProperties: false,
  },
  joinKey: {
    type: 'object',
    required: ['fields'],
    properties: { alias: str, fields: strList },
    additionalProperties: false,
  },
  threshold: {
    type: 'object',
    properties: {
      gt: { type: 'number' },
      gte: { type: 'number' },
      lt: { type: 'number' },
      lte: { type: 'number' },
      eq: { type: 'number' },
      neq: { type: 'number' },
    },
    additionalProperties: false,
  },
  step: {
    type: 'object',
    required: ['query'],
    properties: {
      query: { $ref: '#/$defs/query' },
      runs: { type: 'integer', minimum: 1 },
      missing: { type: 'boolean' },
      ref: {
        type: 'object',
        required: ['inline'],
        properties: { id: str, name: str, title: str, inline: { type: 'boolean' } },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  query: {
    oneOf: [
      {
        type: 'object',
        required: ['kind', 'source', 'filter'],
        properties: {
          kind: { const: 'search' },
          source: { $ref: '#/$defs/source' },
          filter: { $ref: '#/$defs/expr' },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'keys', 'steps'],
        properties: {
          kind: { const: 'sequence' },
          keys: { type: 'array', items: { $ref: '#/$defs/joinKey' } },
          maxspan: { $ref: '#/$defs/duration' },
          steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
          until: { $ref: '#/$defs/step' },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'keys', 'steps'],
        properties: {
          kind: { const: 'temporal' },
          keys: { type: 'array', items: { $ref: '#/$defs/joinKey' } },
          window: { $ref: '#/$defs/duration' },
          steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
          condition: { $ref: '#/$defs/threshold' },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'function', 'keys', 'steps', 'condition'],
        properties: {
          kind: { const: 'aggregate' },
          function: { enum: ['count', 'distinct_count', 'sum', 'avg', 'percentile', 'median'] },
          field: str,
          percentile: { type: 'number' },
          keys: { type: 'array', items: { $ref: '#/$defs/joinKey' } },
          window: { $ref: '#/$defs/duration' },
          steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
          condition: { $ref: '#/$defs/threshold' },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'language', 'text'],
        properties: { kind: { const: 'opaque' }, language: str, text: str },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'source', 'appliesTo', 'filter'],
        properties: {
          kind: { const: 'filter' },
          source: { $ref: '#/$defs/source' },
          appliesTo: { oneOf: [{ const: 'any' }, strList] },
          filter: { $ref: '#/$defs/expr' },
        },
        additionalProperties: false,
      },
    ],
  },
  outputStage: {
    oneOf: [
      {
        type: 'object',
        required: ['kind', 'count'],
        properties: { kind: { enum: ['head', 'tail'] }, count: int },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'fields'],
        properties: { kind: { const: 'project' }, fields: strList },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['kind', 'dialect', 'text'],
        properties: { kind: { const: 'opaque' }, dialect: str, text: str, narrows: { type: 'boolean' } },
        additionalProperties: false,
      },
    ],
  },
  meta: {
    type: 'object',
    required: ['title', 'authors', 'references', 'related', 'tags', 'attack', 'falsePositives', 'extensions'],
    properties: {
      id: str,
      name: str,
      title: str,
      description: str,
      authors: strList,
      references: strList,
      related: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'type'],
          properties: { id: str, type: str },
          additionalProperties: false,
        },
      },
      severity: { enum: ['informational', 'low', 'medium', 'high', 'critical'] },
      riskScore: { type: 'number', minimum: 0, maximum: 100 },
      status: str,
      license: str,
      created: str,
      modified: str,
      tags: strList,
      attack: {
        type: 'object',
        required: ['tactics', 'techniques'],
        properties: { tactics: strList, techniques: strList },
        additionalProperties: false,
      },
      falsePositives: strList,
      note: str,
      schedule: {
        type: 'object',
        properties: { interval: { $ref: '#/$defs/duration' }, lookback: { $ref: '#/$defs/duration' } },
        additionalProperties: false,
      },
      output: {
        type: 'object',
        required: ['fields'],
        properties: { fields: strList },
        additionalProperties: false,
      },
      extensions: { type: 'object', additionalProperties: { type: 'object' } },
    },
    additionalProperties: false,
  },
} as const;

export const IR_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://rulestone.dev/schemas/ir-rule.json',
  title: 'rulestone IR rule',
  type: 'object',
  required: ['meta', 'query', 'output', 'provenance'],
  properties: {
    meta: { $ref: '#/$defs/meta' },
    query: { $ref: '#/$defs/query' },
    output: { type: 'array', items: { $ref: '#/$defs/outputStage' } },
    provenance: {
      type: 'object',
      required: ['dialect'],
      properties: {
        dialect: { enum: ['sigma', 'eql', 'kql'] },
        file: str,
        document: int,
        pos: { $ref: '#/$defs/position' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
  $defs: defs,
} as const;
