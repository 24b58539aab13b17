/**
 * Tracked workloads in Table Storage: the records with their ETags, their monthly usage, the
 * lookup the add-in's TRACKED cells use, and the CSV import.
 */
import { CLAIM_STATUSES, TrackedWorkloadPatchSchema, TrackedWorkloadSchema, UsageSnapshotSchema } from '../../storage/trackedWorkload';
import { MAX_PAGE_SIZE } from '../../storage/workloadStore';
import { MAX_LOOKUP_ITEMS } from '../../http/workloads';
import { answer, answerOrCsv, batchOf, bodyProblems, headerOf, isoDateSchema, problem, query, ref, requestSchema, singleOrBatchBody, type Area, type JsonSchema } from '../parts';
import { WORKLOAD_COLUMNS } from '../../csv/columns';
import { CLAIM_ACTIONS } from '../../../shared';
import { ImportSummarySchema } from '../responses/importSummary';
import {
  LookupAnswerSchema,
  TrackedWorkloadAfterUsageSchema,
  TrackedWorkloadPageSchema,
  TrackedWorkloadRecordSchema,
  TrackedWorkloadWithVerdictSchema,
  UsageHistorySchema,
} from '../responses/trackedWorkload';

export function workloadsArea(): Area {
  const workloadPath = [
    { name: 'tenantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: "The customer's tenant ID." },
    { name: 'workload', in: 'path', required: true, schema: { type: 'string' }, description: 'A workload id or name (defender-for-endpoint, MDE, ...).' },
  ];
  const ifMatch = (required: boolean) => ({
    name: 'If-Match',
    in: 'header',
    required,
    schema: { type: 'string' },
    description: 'The ETag you read: the write happens only if nobody changed the record since (412 otherwise).',
  });
  const stored = { '404': problem[404], '503': problem[503] };
  const etag = { ETag: headerOf('The ETag to send as If-Match with the next write.') };
  const record = (description: string, component: string, headers: Record<string, JsonSchema> = etag) => answer(description, component, undefined, headers);
  return {
    paths: {
      '/workloads': {
        get: {
          operationId: 'listWorkloads',
          summary: 'Tracked workloads, filtered and paged',
          parameters: [
            query('tenantId', { type: 'string', format: 'uuid' }),
            query('programId', { type: 'string' }, { description: 'A program family (all its years) or a year (and the family where it means that year today), any case.' }),
            query('sizeBand', { type: 'string' }, { description: 'A band name in any case (xs, XS).' }),
            query('customer', { type: 'string' }, { description: 'The start of the customer name, any case.' }),
            query('advice', { type: 'string', enum: [...CLAIM_ACTIONS] }, { description: 'The claim advice when the record was last evaluated.' }),
            query('claimStatus', { type: 'string', enum: [...CLAIM_STATUSES] }),
            query('eligible', { type: 'string', enum: ['true', 'false'] }),
            query('workload', { type: 'string' }),
            query('updatedSince', { type: 'string' }, { description: 'ISO date or date-time.' }),
            query('pageSize', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 }),
            query('continuationToken', { type: 'string' }, { description: 'From the previous page.' }),
          ],
          responses: {
            '200': answerOrCsv('A page; continuationToken and nextLink are present when more follow (CSV: every matching workload, streamed)', 'TrackedWorkloadPage', undefined, WORKLOAD_COLUMNS),
            '400': problem[400],
            '401': problem[401],
            '503': problem[503],
          },
        },
      },
      '/workloads/lookup': {
        post: {
          operationId: 'lookupWorkloads',
          summary: `Many tracked workloads by key in one call (up to ${MAX_LOOKUP_ITEMS.toLocaleString('en-US')}), answered in order`,
          requestBody: { required: true, content: { 'application/json': { schema: ref('WorkloadLookup') } } },
          responses: { '200': answer('Each item with found and its record, or the problem', 'WorkloadLookupAnswer'), ...bodyProblems, '503': problem[503] },
        },
      },
      '/workloads/{tenantId}/{workload}': {
        get: {
          operationId: 'getWorkload',
          summary: "A tracked workload with today's verdict (or asOfDate's)",
          parameters: [...workloadPath, query('asOfDate', isoDateSchema)],
          responses: { '200': record('The record, its ETag and verdict', 'TrackedWorkloadWithVerdict'), '400': problem[400], '401': problem[401], ...stored },
        },
        put: {
          operationId: 'putWorkload',
          summary: 'Track a workload (201), or replace it when If-Match carries its ETag (200)',
          parameters: [...workloadPath, ifMatch(false)],
          requestBody: { required: true, content: { 'application/json': { schema: ref('TrackedWorkload') } } },
          responses: {
            '200': record('Replaced', 'TrackedWorkloadRecord'),
            '201': record('Tracked', 'TrackedWorkloadRecord', { ...etag, Location: headerOf('Where the record is.') }),
            ...bodyProblems,
            '409': problem[409],
            '412': problem[412],
            ...stored,
          },
        },
        patch: {
          operationId: 'patchWorkload',
          summary: 'Change some fields (null clears one)',
          parameters: [...workloadPath, ifMatch(true)],
          requestBody: { required: true, content: { 'application/json': { schema: ref('TrackedWorkloadPatch') } } },
          responses: { '200': record('Changed', 'TrackedWorkloadRecord'), ...bodyProblems, '412': problem[412], '428': problem[428], ...stored },
        },
        delete: {
          operationId: 'deleteWorkload',
          summary: 'Stop tracking a workload (its usage history goes too)',
          parameters: [...workloadPath, ifMatch(true)],
          responses: { '204': { description: 'Deleted' }, '400': problem[400], '401': problem[401], '412': problem[412], '428': problem[428], ...stored },
        },
      },
      '/workloads/{tenantId}/{workload}/usage': {
        get: {
          operationId: 'getUsage',
          summary: "A tracked workload's monthly usage",
          parameters: workloadPath,
          responses: { '200': answer('Months, oldest first', 'UsageHistory'), '400': problem[400], '401': problem[401], ...stored },
        },
        post: {
          operationId: 'postUsage',
          summary: 'Store monthly usage snapshots (a month stored again is replaced)',
          parameters: workloadPath,
          requestBody: singleOrBatchBody('UsageSnapshot', 'UsageSnapshotBatch'),
          responses: { '200': record('The record with PAU/MAU of its latest month', 'TrackedWorkloadAfterUsage'), ...bodyProblems, ...stored },
        },
      },
      '/import': {
        post: {
          operationId: 'importUsage',
          summary:
            "Import a usage file, Partner Center's Office 365 / Enterprise Mobility license usage report, or its earnings report (Default or Summarized), ineligible revenue usage details or cap report (CSV; the kind is told by its columns)",
          parameters: [
            {
              name: 'dryRun',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['true', 'false'] },
              description: 'true: read and check the file, answer what would be written, write nothing',
            },
          ],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: { '200': answer('What was read, written (or would be), unchanged, skipped and refused, with warnings per line', 'ImportSummary'), ...bodyProblems, '503': problem[503] },
        },
      },
    },
    requests: {
      TrackedWorkload: requestSchema(TrackedWorkloadSchema),
      TrackedWorkloadPatch: requestSchema(TrackedWorkloadPatchSchema),
      UsageSnapshot: requestSchema(UsageSnapshotSchema),
      UsageSnapshotBatch: batchOf('UsageSnapshot'),
      WorkloadLookup: {
        type: 'object',
        required: ['items'],
        additionalProperties: false,
        properties: {
          items: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_LOOKUP_ITEMS,
            items: { type: 'object', required: ['tenantId', 'workload'], additionalProperties: false, properties: { tenantId: { type: 'string' }, workload: { type: 'string' } } },
          },
        },
      },
    },
    responses: {
      TrackedWorkloadRecord: TrackedWorkloadRecordSchema,
      TrackedWorkloadWithVerdict: TrackedWorkloadWithVerdictSchema,
      TrackedWorkloadAfterUsage: TrackedWorkloadAfterUsageSchema,
      TrackedWorkloadPage: TrackedWorkloadPageSchema,
      WorkloadLookupAnswer: LookupAnswerSchema,
      UsageHistory: UsageHistorySchema,
      ImportSummary: ImportSummarySchema,
    },
  };
}
