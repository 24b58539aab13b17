/**
 * The OpenAPI 3.1 document of the API, assembled from its areas (engine decisions, catalog,
 * tracked workloads, nightly runs, the service itself). Request bodies and query parameters
 * come from the zod schemas the handlers parse with; response bodies from the zod schemas in
 * `responses/`, which test/api/responsesMatchDocument.test.ts checks the handlers' real
 * answers against. Neither side is written by hand, so neither can drift.
 */
import { z } from 'zod';
import { MAX_BATCH_ITEMS } from '../http/batch';
import { MAX_BODY_BYTES } from '../http/readJson';
import { actionsArea } from './areas/actions';
import { earningsArea } from './areas/earnings';
import { catalogArea } from './areas/catalog';
import { decisionsArea } from './areas/decisions';
import { runsArea } from './areas/runs';
import { serviceArea } from './areas/service';
import { workloadsArea } from './areas/workloads';
import { problemAnswer, type Area, type JsonSchema } from './parts';
import { ProblemSchema } from './responses/problem';
import { ReasonSchema } from './responses/reason';

/** The areas of the API, in the order the document lists their paths. */
export function apiAreas(): Area[] {
  return [decisionsArea(), catalogArea(), workloadsArea(), actionsArea(), earningsArea(), runsArea(), serviceArea()];
}

/** Shared response components: referenced from several areas. */
const SHARED_RESPONSES: Record<string, z.ZodType> = { Reason: ReasonSchema, Problem: ProblemSchema };

/**
 * Every named response schema as JSON Schema, generated together so that a schema named once
 * (a Reason, a verdict) is a `$ref` wherever it appears. Objects are closed
 * (`additionalProperties: false`): an answer with a field the document does not name fails.
 */
export function responseSchemas(named: Record<string, z.ZodType>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) {
    if (registry.has(schema)) throw new Error(`response schema ${id} is registered twice (as ${registry.get(schema)!.id})`);
    registry.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

function mergeNamed<T>(what: string, parts: Array<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) {
      if (name in out) throw new Error(`${what} ${name} is declared twice`);
      out[name] = value;
    }
  }
  return out;
}

/** The API's OpenAPI 3.1 document; its server is `/api/v1` relative to where the document is served. */
export function openApiDocument(): JsonSchema {
  const areas = apiAreas();
  const responses = responseSchemas(mergeNamed('response schema', [SHARED_RESPONSES, ...areas.map((a) => a.responses)]));
  const requests = mergeNamed(
    'request schema',
    areas.map((a) => a.requests),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner incentives API',
      version: '1.0.0',
      description: `Eligibility and payout of Microsoft partner incentives, with reasons. Bodies up to ${MAX_BODY_BYTES} bytes; batches of up to ${MAX_BATCH_ITEMS} items.`,
    },
    servers: [{ url: '/api/v1' }],
    security: [{ functionKey: [] }, { functionKeyQuery: [] }],
    paths: mergeNamed(
      'path',
      areas.map((a) => a.paths),
    ),
    components: {
      securitySchemes: {
        functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key' },
        functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code' },
      },
      schemas: mergeNamed('schema', [requests, responses]),
      responses: {
        BadRequest: problemAnswer('Malformed JSON or fields that did not pass validation (each named by path)'),
        Unauthorized: problemAnswer('Missing or wrong API key'),
        NotFound: problemAnswer('No such route or resource'),
        PayloadTooLarge: problemAnswer(`Body over ${MAX_BODY_BYTES} bytes`),
        UnsupportedMediaType: problemAnswer('A body type the endpoint does not read'),
        Conflict: problemAnswer('Already tracked (replace it with If-Match)'),
        PreconditionFailed: problemAnswer('The ETag is stale: the record changed since you read it; nothing was written'),
        PreconditionRequired: problemAnswer('If-Match with the ETag is required'),
        StorageUnavailable: problemAnswer('Storage unreachable after retries, or not configured; nothing is lost, retry later'),
      },
    },
  };
}
