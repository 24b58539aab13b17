/** GET /health answers: the service is up, with the number of programs it knows. */
import { z } from 'zod';

export const HealthSchema = z.object({ status: z.literal('ok'), programs: z.number().int() });

/** GET /openapi.json: an OpenAPI 3.1 document (described by the OpenAPI specification, not here). */
export const OpenApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.object({}).loose(), paths: z.record(z.string(), z.unknown()) });
