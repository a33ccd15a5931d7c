/** JSON schema of a data-model file, so that shipped and user models are checked the same way (ajv). */
const scalar = { type: ['string', 'number', 'boolean'] } as const;

export const DATA_MODEL_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'rulestone data model',
  type: 'object',
  $defs: {
    rewrites: {
      type: 'array',
      items: {
        type: 'object',
        required: ['hub', 'model'],
        additionalProperties: false,
        properties: { hub: scalar, model: { type: 'array', minItems: 1, items: scalar } },
      },
    },
    condition: {
      type: 'object',
      required: ['field', 'values', 'cased'],
      additionalProperties: false,
      properties: {
        field: { type: 'string' },
        values: { type: 'array', minItems: 1, items: { type: ['string', 'number'] } },
        cased: { type: 'boolean' },
        insteadOf: { type: 'string' },
      },
    },
  },
  required: ['id', 'title', 'dialect', 'categories'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$' },
    family: { type: 'string' },
    title: { type: 'string' },
    dialect: { enum: ['sigma', 'eql', 'kql'] },
    categories: {
      type: 'array',
      items: {
        type: 'object',
        required: ['logsource', 'source', 'fields'],
        additionalProperties: false,
        properties: {
          logsource: {
            type: 'object',
            additionalProperties: false,
            properties: {
              category: { type: 'string' },
              product: { type: 'string' },
              service: { type: 'string' },
            },
          },
          source: {
            type: 'object',
            required: ['where'],
            additionalProperties: false,
            properties: {
              eqlCategory: { type: 'string' },
              table: { type: 'string' },
              function: { type: 'string' },
              where: { type: 'array', items: { $ref: '#/$defs/condition' } },
              recognised: { type: 'array', items: { $ref: '#/$defs/condition' } },
            },
          },
          fields: { type: 'object', additionalProperties: { type: 'string' } },
          fieldPrefix: { type: 'string', minLength: 1 },
          keywordField: { type: 'string', minLength: 1 },
          presence: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['field', 'present', 'absent'],
              additionalProperties: false,
              properties: {
                field: { type: 'string', minLength: 1 },
                present: { type: 'string', minLength: 1 },
                absent: { type: 'string', minLength: 1 },
              },
            },
          },
          copies: {
            type: 'object',
            additionalProperties: {
              oneOf: [
                { type: 'string' },
                {
                  type: 'object',
                  required: ['field', 'values'],
                  additionalProperties: false,
                  properties: { field: { type: 'string' }, values: { $ref: '#/$defs/rewrites' } },
                },
              ],
            },
          },
          when: {
            type: 'object',
            required: ['field', 'values'],
            additionalProperties: false,
            properties: {
              field: { type: 'string' },
              values: { type: 'array', minItems: 1, items: { type: ['string', 'number'] } },
            },
          },
          fieldNotes: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['fidelity', 'message'],
              additionalProperties: false,
              properties: { fidelity: { enum: ['broader', 'narrower'] }, message: { type: 'string' } },
            },
          },
          caveat: {
            type: 'object',
            required: ['fidelity', 'message'],
            additionalProperties: false,
            properties: {
              fidelity: { enum: ['broader', 'narrower'] },
              message: { type: 'string' },
              read: { enum: ['broader', 'narrower'] },
            },
          },
          values: { type: 'object', additionalProperties: { $ref: '#/$defs/rewrites' } },
          basenames: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'of', 'separator'],
              additionalProperties: false,
              properties: {
                field: { type: 'string' },
                of: { type: 'string' },
                separator: { type: 'string' },
              },
            },
          },
          parts: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'of'],
              additionalProperties: false,
              properties: { field: { type: 'string' }, of: { type: 'string' } },
            },
          },
          elements: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'of'],
              additionalProperties: false,
              properties: {
                field: { type: 'string' },
                of: { type: 'array', minItems: 1, items: { type: 'string' } },
              },
            },
          },
          positions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['of', 'fields'],
              additionalProperties: false,
              properties: {
                of: { type: 'string' },
                fields: { type: 'array', minItems: 1, items: { type: 'string' } },
              },
            },
          },
          keyed: {
            type: 'object',
            additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
          },
          keyAliases: { type: 'object', additionalProperties: { type: 'string' } },
          keyScopes: {
            type: 'object',
            additionalProperties: { type: 'array', minItems: 1, items: { type: 'string' } },
          },
          keyParts: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['fields'],
              additionalProperties: false,
              properties: {
                fields: { type: 'array', minItems: 2, items: { type: 'string' } },
                scopes: { type: 'array', minItems: 1, items: { type: 'string' } },
              },
            },
          },
          types: { type: 'object', additionalProperties: { enum: ['number', 'string'] } },
          extract: {
            type: 'object',
            required: ['column'],
            additionalProperties: false,
            properties: {
              column: { type: 'string' },
              order: { type: 'array', items: { type: 'string' } },
              names: { type: 'object', additionalProperties: { type: 'string' } },
              layout: { enum: ['data', 'elements'] },
            },
          },
        },
      },
    },
  },
} as const;
