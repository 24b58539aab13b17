/**
 * The OpenAPI 3.1 document of the API, generated from the engine's zod schemas (request
 * bodies and query parameters) so it cannot drift from what the handlers accept.
 */
import { z } from 'zod';
import {
  CHANGE_KINDS,
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
import { CLAIM_STATUSES, TrackedWorkloadPatchSchema, TrackedWorkloadSchema, UsageSnapshotSchema } from '../storage/trackedWorkload';
import { MAX_PAGE_SIZE } from '../storage/workloadStore';
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

/** The API's OpenAPI 3.1 document; its server is `/api/v1` relative to where the document is served. */
export function openApiDocument(): JsonSchema {
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
  const workloadPath = [
    { name: 'tenantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: "The customer's tenant ID." },
    { name: 'workload', in: 'path', required: true, schema: { type: 'string' }, description: 'A workload id or name (defender-for-endpoint, MDE, ...).' },
  ];
  const ifMatch = (required: boolean) => ({ name: 'If-Match', in: 'header', required, schema: { type: 'string' }, description: 'The ETag you read: the write happens only if nobody changed the record since (412 otherwise).' });
  const stored = { '404': { $ref: '#/components/responses/NotFound' }, '503': { $ref: '#/components/responses/StorageUnavailable' } };
  const record = (description: string) => ({ description, headers: { ETag: { schema: { type: 'string' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/TrackedWorkloadRecord' } } } });
  const trackedRecord = {
    allOf: [
      { $ref: '#/components/schemas/TrackedWorkload' },
      {
        type: 'object',
        required: ['tenantId', 'workload', 'etag', 'sizeBand', 'eligible'],
        properties: {
          tenantId: { type: 'string' },
          workload: { type: 'string', description: 'The workload id.' },
          etag: { type: 'string' },
          sizeBand: { type: ['string', 'null'], description: 'Derived by the engine when the record was written.' },
          eligible: { type: ['boolean', 'null'], description: 'Derived by the engine when the record was written (null: the facts are not enough to judge).' },
          evaluatedOn: { type: 'string', format: 'date' },
          updatedAt: { type: 'string', format: 'date-time' },
          verdict: { oneOf: [{ $ref: '#/components/schemas/EligibilityVerdict' }, { type: 'null' }], description: 'GET only: the verdict on asOfDate.' },
          verdictProblems: { type: 'array', items: { type: 'object' }, description: 'GET only: why there is no verdict.' },
        },
      },
    ],
  };
  const importSummary = {
    type: 'object',
    properties: {
      rowsRead: { type: 'integer' },
      usageWritten: { type: 'integer' },
      unchanged: { type: 'integer' },
      workloadsCreated: { type: 'integer' },
      workloadsUpdated: { type: 'integer' },
      duplicateRows: { type: 'integer' },
      rowErrors: { type: 'integer' },
      errors: { type: 'array', items: { type: 'object', required: ['line', 'reason'], properties: { line: { type: 'integer' }, reason: { type: 'string' } } } },
      errorsOmitted: { type: 'integer' },
      delimiter: { type: 'string' },
      ignoredColumns: { type: 'array', items: { type: 'string' } },
      bytesRead: { type: 'integer' },
    },
  };
  const open = { description: 'Any JSON object; see the properties.', type: 'object', additionalProperties: true };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner incentives API',
      version: '1.0.0',
      description: `Eligibility and payout of Microsoft partner incentives, with reasons. Bodies up to ${MAX_BODY_BYTES} bytes; batches of up to ${MAX_BATCH_ITEMS} items.`,
    },
    servers: [{ url: '/api/v1' }],
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
      '/workloads': {
        get: {
          operationId: 'listWorkloads',
          summary: 'Tracked workloads, filtered and paged',
          parameters: [
            { name: 'tenantId', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
            { name: 'programId', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'sizeBand', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'claimStatus', in: 'query', required: false, schema: { type: 'string', enum: [...CLAIM_STATUSES] } },
            { name: 'eligible', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
            { name: 'workload', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'updatedSince', in: 'query', required: false, schema: { type: 'string' }, description: 'ISO date or date-time.' },
            { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 } },
            { name: 'continuationToken', in: 'query', required: false, schema: { type: 'string' }, description: 'From the previous page.' },
          ],
          responses: {
            '200': {
              description: 'A page; continuationToken and nextLink are present when more follow',
              content: { 'application/json': { schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/TrackedWorkloadRecord' } }, continuationToken: { type: 'string' }, nextLink: { type: 'string' } } } } },
            },
            '400': problems['400'],
            '401': problems['401'],
            '503': stored['503'],
          },
        },
      },
      '/workloads/lookup': {
        post: {
          operationId: 'lookupWorkloads',
          summary: 'Many tracked workloads by key in one call (up to 1,000), answered in order',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object', required: ['tenantId', 'workload'], properties: { tenantId: { type: 'string' }, workload: { type: 'string' } } } } } } } } },
          responses: {
            '200': { description: 'Each item with found and its record, or the problem', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { tenantId: { type: 'string' }, workload: { type: 'string' }, found: { type: 'boolean' }, record: { $ref: '#/components/schemas/TrackedWorkloadRecord' }, problem: { type: 'string' } } } } } } } } },
            ...problems,
            '503': stored['503'],
          },
        },
      },
      '/workloads/{tenantId}/{workload}': {
        get: {
          operationId: 'getWorkload',
          summary: "A tracked workload with today's verdict (or asOfDate's)",
          parameters: [...workloadPath, { name: 'asOfDate', in: 'query', required: false, schema: { type: 'string', format: 'date' } }],
          responses: { '200': record('The record, its ETag and verdict'), '400': problems['400'], '401': problems['401'], ...stored },
        },
        put: {
          operationId: 'putWorkload',
          summary: 'Track a workload (201), or replace it when If-Match carries its ETag (200)',
          parameters: [...workloadPath, ifMatch(false)],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/TrackedWorkload' } } } },
          responses: { '200': record('Replaced'), '201': record('Tracked'), ...problems, '409': { $ref: '#/components/responses/Conflict' }, '412': { $ref: '#/components/responses/PreconditionFailed' }, ...stored },
        },
        patch: {
          operationId: 'patchWorkload',
          summary: 'Change some fields (null clears one)',
          parameters: [...workloadPath, ifMatch(true)],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/TrackedWorkloadPatch' } } } },
          responses: { '200': record('Changed'), ...problems, '412': { $ref: '#/components/responses/PreconditionFailed' }, '428': { $ref: '#/components/responses/PreconditionRequired' }, ...stored },
        },
        delete: {
          operationId: 'deleteWorkload',
          summary: 'Stop tracking a workload (its usage history goes too)',
          parameters: [...workloadPath, ifMatch(true)],
          responses: { '204': { description: 'Deleted' }, '400': problems['400'], '401': problems['401'], '412': { $ref: '#/components/responses/PreconditionFailed' }, '428': { $ref: '#/components/responses/PreconditionRequired' }, ...stored },
        },
      },
      '/workloads/{tenantId}/{workload}/usage': {
        get: {
          operationId: 'getUsage',
          summary: "A tracked workload's monthly usage",
          parameters: workloadPath,
          responses: {
            '200': { description: 'Months, oldest first', content: { 'application/json': { schema: { type: 'object', properties: { tenantId: { type: 'string' }, workload: { type: 'string' }, months: { type: 'array', items: { $ref: '#/components/schemas/UsageSnapshot' } } } } } } },
            '400': problems['400'],
            '401': problems['401'],
            ...stored,
          },
        },
        post: {
          operationId: 'postUsage',
          summary: 'Store monthly usage snapshots (a month stored again is replaced)',
          parameters: workloadPath,
          requestBody: body('#/components/schemas/UsageSnapshot', '#/components/schemas/UsageSnapshotBatch'),
          responses: { '200': record('The record with PAU/MAU of its latest month'), ...problems, ...stored },
        },
      },
      '/import': {
        post: {
          operationId: 'importUsage',
          summary: 'Import a Partner Center / usage report export (CSV)',
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: { '200': { description: 'What was read, written, unchanged and refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportSummary' } } } }, ...problems, '415': { $ref: '#/components/responses/UnsupportedMediaType' }, '503': stored['503'] },
        },
      },
      '/reevaluate': {
        post: {
          operationId: 'reevaluate',
          summary: 'Start a re-evaluation of every tracked workload now (one run at a time); answers 202 at once',
          parameters: [{ name: 'asOfDate', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'The night to evaluate for (default today, UTC).' }],
          responses: {
            '202': { description: 'The run started, or the active run when one holds the lock (started false)', content: { 'application/json': { schema: { type: 'object', required: ['runId', 'started', 'night', 'location'], properties: { runId: { type: 'string' }, started: { type: 'boolean' }, night: { type: 'string', format: 'date' }, location: { type: 'string' }, message: { type: 'string' } } } } } },
            '400': problems['400'],
            '401': problems['401'],
            '503': stored['503'],
          },
        },
      },
      '/runs/{id}': {
        get: {
          operationId: 'getRun',
          summary: 'A run and its progress',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Status, shards done of total, workloads evaluated and written, changes found, errors, poison parts',
              content: { 'application/json': { schema: { type: 'object', properties: { runId: { type: 'string' }, night: { type: 'string' }, status: { type: 'string', enum: ['running', 'completed', 'completed-with-errors', 'cancelled', 'expired'] }, shardsDone: { type: 'integer' }, shardsTotal: { type: 'integer' }, partsDone: { type: 'integer' }, workloadsEvaluated: { type: 'integer' }, workloadsWritten: { type: 'integer' }, workloadsFirstState: { type: 'integer', description: 'Workloads evaluated for the first time: no change event, nothing earlier to compare with' }, changesFound: { type: 'integer' }, errors: { type: 'integer' }, poison: { type: 'array', items: { type: 'object' } }, requeued: { type: 'integer' }, lastHeardAt: { type: 'string', format: 'date-time' }, reason: { type: 'string' }, summary: { type: 'string', description: 'The run in words' } } } } },
            },
            '401': problems['401'],
            ...stored,
          },
        },
      },
      '/runs/{id}/cancel': {
        post: {
          operationId: 'cancelRun',
          summary: 'Cancel a running run: it is marked cancelled with the reason, its queued parts are skipped and the lock is released',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The run as it now stands (as GET /runs/{id})', content: { 'application/json': { schema: { type: 'object' } } } }, '401': problems['401'], '409': problemResponse('The run is finished already (completed, cancelled or expired): nothing to cancel'), ...stored },
        },
      },
      '/changes': {
        get: {
          operationId: 'listChanges',
          summary: 'The change feed of the nightly runs',
          parameters: [
            { name: 'since', in: 'query', required: true, schema: { type: 'string' }, description: 'ISO date or date-time.' },
            { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: [...CHANGE_KINDS] } },
            { name: 'tenantId', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
            { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
            { name: 'continuationToken', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'Events: tenant, workload, kind, before, after, reasons, advice, time, run ID',
              content: { 'application/json': { schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', properties: { night: { type: 'string' }, tenantId: { type: 'string' }, workload: { type: 'string' }, customerName: { type: 'string' }, kind: { type: 'string', enum: [...CHANGE_KINDS] }, before: { type: ['object', 'null'] }, after: { type: 'object' }, reasons: { type: 'array', items: { $ref: '#/components/schemas/Reason' } }, advice: { type: 'object' }, time: { type: 'string', format: 'date-time' }, runId: { type: 'string' } } } }, continuationToken: { type: 'string' }, nextLink: { type: 'string' } } } } },
            },
            '400': problems['400'],
            '401': problems['401'],
            '503': stored['503'],
          },
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
        TrackedWorkload: schemaOf(TrackedWorkloadSchema),
        TrackedWorkloadPatch: schemaOf(TrackedWorkloadPatchSchema),
        TrackedWorkloadRecord: trackedRecord,
        UsageSnapshot: schemaOf(UsageSnapshotSchema),
        UsageSnapshotBatch: batchOf('#/components/schemas/UsageSnapshot'),
        ImportSummary: importSummary,
        Problem: problem,
        Open: open,
      },
      responses: {
        BadRequest: problemResponse('Malformed JSON or fields that did not pass validation (each named by path)'),
        Unauthorized: problemResponse('Missing or wrong API key'),
        NotFound: problemResponse('No such route or resource'),
        PayloadTooLarge: problemResponse(`Body over ${MAX_BODY_BYTES} bytes`),
        UnsupportedMediaType: problemResponse('A body type the endpoint does not read'),
        Conflict: problemResponse('Already tracked (replace it with If-Match)'),
        PreconditionFailed: problemResponse('The ETag is stale: the record changed since you read it; nothing was written'),
        PreconditionRequired: problemResponse('If-Match with the ETag is required'),
        StorageUnavailable: problemResponse('Storage unreachable after retries, or not configured; nothing is lost, retry later'),
      },
    },
  };
}
