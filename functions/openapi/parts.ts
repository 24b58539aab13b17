/**
 * The pieces every area of the OpenAPI document is made of: references to components, request
 * bodies (single or `{ items }`), JSON answers, the problem answers, path parameters.
 */
import { z } from 'zod';
import { MAX_BATCH_ITEMS } from '../http/batch';

export type JsonSchema = Record<string, unknown>;

/** What one area of the API adds to the document. */
export interface Area {
  paths: Record<string, JsonSchema>;
  /** Request schemas, already JSON Schema (see `requestSchema`), by component name. */
  requests: Record<string, JsonSchema>;
  /** Response schemas in zod, by component name: generated once for the whole document. */
  responses: Record<string, z.ZodType>;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A request schema as JSON Schema: what the handler accepts (zod's input side). */
export function requestSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/**
 * A request schema whose fields the API defaults (functions/http/defaults.ts) are optional:
 * `asOfDate` (today) and `programId` (the program that pays for the workload).
 */
export function withHttpDefaults(schema: JsonSchema): JsonSchema {
  const required = (schema.required as string[] | undefined)?.filter((f) => f !== 'asOfDate' && f !== 'programId');
  return { ...schema, required };
}

/** `{ items: [...] }` of a request component. */
export function batchOf(name: string): JsonSchema {
  return {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ITEMS, items: ref(name) } },
  };
}

/** A JSON body that is one item or a batch of them. */
export function singleOrBatchBody(single: string, batch: string): JsonSchema {
  return { required: true, content: { 'application/json': { schema: { oneOf: [ref(single), ref(batch)] } } } };
}

/** A JSON answer: a response component, or one of a single and a batch answer. */
export function answer(description: string, single: string, batch?: string, headers?: Record<string, JsonSchema>): JsonSchema {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: batch ? { oneOf: [ref(single), ref(batch)] } : ref(single) } },
  };
}

/**
 * An answer that is JSON by default and a CSV file with `Accept: text/csv` (a header row of
 * words, one row per item; the columns are listed in the description).
 */
export function answerOrCsv(description: string, single: string, batch: string | undefined, csvColumns: readonly { header: string }[]): JsonSchema {
  const json = answer(description, single, batch);
  return {
    ...json,
    description: `${description}. With Accept: text/csv, a CSV file with the columns ${csvColumns.map((c) => c.header).join(', ')}.`,
    content: { ...(json.content as object), 'text/csv': { schema: { type: 'string' } } },
  };
}

export const headerOf = (description: string) => ({ description, schema: { type: 'string' } });

/** Problem answers, by status, as the document's shared responses. */
export const problem = {
  400: { $ref: '#/components/responses/BadRequest' },
  401: { $ref: '#/components/responses/Unauthorized' },
  404: { $ref: '#/components/responses/NotFound' },
  409: { $ref: '#/components/responses/Conflict' },
  412: { $ref: '#/components/responses/PreconditionFailed' },
  413: { $ref: '#/components/responses/PayloadTooLarge' },
  415: { $ref: '#/components/responses/UnsupportedMediaType' },
  428: { $ref: '#/components/responses/PreconditionRequired' },
  503: { $ref: '#/components/responses/StorageUnavailable' },
} as const;

/** A problem answer with its own description. */
export function problemAnswer(description: string): JsonSchema {
  return { description, content: { 'application/problem+json': { schema: ref('Problem') } } };
}

/** What a route reading a JSON body may refuse: bad fields, no key, too large, not JSON. */
export const bodyProblems = { '400': problem[400], '401': problem[401], '413': problem[413], '415': problem[415] };

export const query = (name: string, schema: JsonSchema, extra: JsonSchema = {}) => ({ name, in: 'query', required: false, schema, ...extra });
export const isoDateSchema = { type: 'string', format: 'date' };
