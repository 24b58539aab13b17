/** The service itself: liveness and this document, both without a key. */
import { answer, type Area } from '../parts';
import { HealthSchema, OpenApiDocumentSchema } from '../responses/service';

export function serviceArea(): Area {
  return {
    paths: {
      '/health': { get: { operationId: 'health', security: [], summary: 'Liveness (no key)', responses: { '200': answer('ok, with the number of programs known', 'Health') } } },
      '/openapi.json': { get: { operationId: 'openApi', security: [], summary: 'This document (no key)', responses: { '200': answer('OpenAPI 3.1', 'OpenApiDocument') } } },
    },
    requests: {},
    responses: { Health: HealthSchema, OpenApiDocument: OpenApiDocumentSchema },
  };
}
