/**
 * The OpenAPI 3.1 document of the API, generated from the engine's zod schemas (request
 * bodies and query parameters) so it cannot drift from what the handlers accept.
 */
import { z } from 'zod';
import {
  PartnerOfRecordInputSchema,
  PayoutBatchInputSchema,
  PayoutInputSchema,
  PoeCheckInputSchema,
  RecognitionInputSchema,
  REASON_CODES,
  PARTNER_CENTER_CODES,
  WorkloadFactsSchema,
} from '../../shared';
import { MAX_BATCH_ITEMS } from '../http/batch';
import { MAX_BODY_BYTES } from '../http/readJson';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

function batchOf(ref: string): JsonSchema {
  return {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ITEMS, items: { $ref: ref } } },
  };
}

function body(single: string, batch: string): JsonSchema {
  return {
    required: true,
    content: { 'application/json': { schema: { oneOf: [{ $ref: single }, { $ref: batch }] } } },
  };
}

const problems = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '401': { $ref: '#/components/responses/Unauthorized' },
  '413': { $ref: '#/components/responses/PayloadTooLarge' },
};

function answer(description: string, single: string, batch?: string): JsonSchema {
  return {
    description,
    content: { 'application/json': { schema: batch ? { oneOf: [{ $ref: single }, { $ref: batch }] } : { $ref: single } } },
  };
}

export function openApiDocument(serverUrl = 'http://localhost:7071'): JsonSchema {
  const reason = {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: Object.keys(REASON_CODES) },
      message: { type: 'string', description: 'A sentence with the actual numbers.' },
      partnerCenterCode: { type: 'string', enum: Object.keys(PARTNER_CENTER_CODES), description: "Partner Center's reason code for the same outcome, where one matches." },
    },
  };
  const reasons = { type: 'array', items: { $ref: '#/components/schemas/Reason' } };
  const verdict = {
    type: 'object',
    required: ['eligible', 'programId', 'sizeBand', 'usagePct', 'reasons', 'advice'],
    properties: {
      eligible: { type: 'boolean' },
      programId: { type: 'string' },
      programName: { type: 'string' },
      workload: { type: 'string' },
      workloadId: { type: ['string', 'null'] },
      sizeBand: { type: 'string' },
      usagePct: { type: ['number', 'null'] },
      seatMinimum: { type: 'integer' },
      seatsToGo: { type: 'integer' },
      baseline: { type: 'object' },
      earnableMilestones: { type: 'array', items: { type: 'object' } },
      opportunityUnits: { type: ['integer', 'null'] },
      currency: { type: 'string' },
      reasons,
      advice: {
        type: 'object',
        properties: {
          action: { type: 'string', enum: ['claim-now', 'wait-for-seats', 're-claim', 'ask-for-exception', 'refresh-poe', 'no-action', 'not-eligible'] },
          reasons: { ...reasons, description: 'The main reason first (its sentence says what to do), then what else matters.' },
        },
      },
    },
  };
  const problem = {
    type: 'object',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      errors: {
        type: 'array',
        description: 'Every bad field, by path.',
        items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  };
  const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  const keyed = [{ functionKey: [] }, { functionKeyQuery: [] }];
  const open = { description: 'Any JSON object; see the properties.', type: 'object', additionalProperties: true };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner incentives API',
      version: '1.0.0',
      description: `Eligibility and payout of Microsoft partner incentives, with reasons. Bodies up to ${MAX_BODY_BYTES} bytes; batches of up to ${MAX_BATCH_ITEMS} items.`,
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: keyed,
    paths: {
      '/eligibility': {
        post: {
          operationId: 'checkEligibility',
          summary: 'Eligibility of one workload or a batch, with claim advice',
          requestBody: body('#/components/schemas/WorkloadFacts', '#/components/schemas/WorkloadFactsBatch'),
          responses: { '200': answer('Verdict(s)', '#/components/schemas/EligibilityVerdict', '#/components/schemas/EligibilityVerdictBatch'), ...problems },
        },
      },
      '/payout': {
        post: {
          operationId: 'calculatePayout',
          summary: 'Payout of one workload, or of many with the partner cap applied',
          requestBody: body('#/components/schemas/PayoutInput', '#/components/schemas/PayoutBatchInput'),
          responses: { '200': answer('Payout with its line-by-line breakdown', '#/components/schemas/Open'), ...problems },
        },
      },
      '/size-band': {
        get: {
          operationId: 'sizeBand',
          summary: 'Size band of a PAU in a program',
          parameters: [
            { name: 'programId', in: 'query', required: true, schema: { type: 'string' }, example: 'security-usage-fy25' },
            { name: 'paidAvailableUnits', in: 'query', required: true, schema: { type: 'integer', minimum: 0 }, example: 1200 },
            { name: 'asOfDate', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Needed when programId names a family.' },
          ],
          responses: { '200': answer('Band, range, seats to the next band, reasons', '#/components/schemas/Open'), ...problems },
        },
      },
      '/poe-check': {
        post: {
          operationId: 'checkPoe',
          summary: 'Proof of execution, requirement by requirement',
          requestBody: body('#/components/schemas/PoeCheckInput', '#/components/schemas/PoeCheckBatch'),
          responses: { '200': answer('POE verdict(s)', '#/components/schemas/Open'), ...problems },
        },
      },
      '/attribution': {
        post: {
          operationId: 'partnerOfRecord',
          summary: 'Partner of record and earning partner from a subscription timeline',
          requestBody: body('#/components/schemas/PartnerOfRecordInput', '#/components/schemas/PartnerOfRecordBatch'),
          responses: { '200': answer('Partner of record, periods, event outcomes', '#/components/schemas/Open'), ...problems },
        },
      },
      '/recognition': {
        post: {
          operationId: 'recognize',
          summary: 'Is an association counted for a product and metric',
          requestBody: body('#/components/schemas/RecognitionInput', '#/components/schemas/RecognitionBatch'),
          responses: { '200': answer('Recognition verdict(s)', '#/components/schemas/Open'), ...problems },
        },
      },
      '/programs': {
        get: { operationId: 'listPrograms', summary: 'The program catalog', responses: { '200': answer('Programs', '#/components/schemas/Open'), '401': problems['401'] } },
      },
      '/programs/{id}': {
        get: {
          operationId: 'getProgram',
          summary: 'One program year (or the year of a family that covers asOfDate)',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'asOfDate', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': answer('The program data', '#/components/schemas/Open'), '401': problems['401'], '404': { $ref: '#/components/responses/NotFound' } },
        },
      },
      '/health': { get: { operationId: 'health', security: [], summary: 'Liveness (no key)', responses: { '200': answer('ok', '#/components/schemas/Open') } } },
      '/openapi.json': { get: { operationId: 'openApi', security: [], summary: 'This document (no key)', responses: { '200': answer('OpenAPI 3.1', '#/components/schemas/Open') } } },
    },
    components: {
      securitySchemes: {
        functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key' },
        functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code' },
      },
      schemas: {
        WorkloadFacts: schemaOf(WorkloadFactsSchema),
        WorkloadFactsBatch: batchOf('#/components/schemas/WorkloadFacts'),
        PayoutInput: schemaOf(PayoutInputSchema),
        PayoutBatchInput: { ...schemaOf(PayoutBatchInputSchema), properties: { ...(schemaOf(PayoutBatchInputSchema).properties as object), items: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ITEMS, items: { $ref: '#/components/schemas/PayoutInput' } } } },
        PoeCheckInput: schemaOf(PoeCheckInputSchema),
        PoeCheckBatch: batchOf('#/components/schemas/PoeCheckInput'),
        PartnerOfRecordInput: schemaOf(PartnerOfRecordInputSchema),
        PartnerOfRecordBatch: batchOf('#/components/schemas/PartnerOfRecordInput'),
        RecognitionInput: schemaOf(RecognitionInputSchema),
        RecognitionBatch: batchOf('#/components/schemas/RecognitionInput'),
        Reason: reason,
        EligibilityVerdict: verdict,
        EligibilityVerdictBatch: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/EligibilityVerdict' } } } },
        Problem: problem,
        Open: open,
      },
      responses: {
        BadRequest: problemResponse('Malformed JSON or fields that did not pass validation (each named by path)'),
        Unauthorized: problemResponse('Missing or wrong API key'),
        NotFound: problemResponse('No such route or resource'),
        PayloadTooLarge: problemResponse(`Body over ${MAX_BODY_BYTES} bytes`),
      },
    },
  };
}
