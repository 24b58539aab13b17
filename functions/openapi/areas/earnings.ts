/** Earnings over HTTP: what Microsoft paid against what the engine predicts. */
import { RECONCILIATION_STATUSES } from '../../../shared';
import { RECONCILIATION_COLUMNS } from '../../csv/columns';
import { MAX_RECONCILIATION_LOOKUP, MAX_RECONCILIATION_PAGE } from '../../http/reconciliation';
import { answer, bodyProblems, headerOf, isoDateSchema, problem, query, ref, requestSchema, type Area } from '../parts';
import { z } from 'zod';
import { HandPaymentSchema } from '../../storage/handPayments';
import {
  CalibrationSchema,
  PaymentAnswerSchema,
  PaymentListSchema,
  ReconciliationLookupSchema,
  ReconciliationPageSchema,
  ReconciliationSummarySchema,
  TrackedPayoutSchema,
} from '../responses/reconciliation';

export function earningsArea(): Area {
  const asOf = query('asOfDate', isoDateSchema, { description: 'The date to reconcile on (default today, UTC).' });
  const tenantId = query('tenantId', { type: 'string', format: 'uuid' });
  const workloadPath = [
    { name: 'tenantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    { name: 'workload', in: 'path', required: true, schema: { type: 'string' } },
  ];
  return {
    paths: {
      '/reconciliation': {
        get: {
          operationId: 'listReconciliation',
          summary: 'What was paid against what was predicted: one line per tracked workload and month from the claim approval, with a status, a sentence and the dispute deadline',
          parameters: [
            asOf,
            query('month', { type: 'string', pattern: '^\\d{4}-\\d{2}$' }),
            query('status', { type: 'string', enum: [...RECONCILIATION_STATUSES] }),
            tenantId,
            query('pageSize', { type: 'integer', minimum: 1, maximum: MAX_RECONCILIATION_PAGE, default: 100 }),
            query('continuationToken', { type: 'string' }),
          ],
          responses: {
            '200': {
              description: `Lines by tenant, workload and month. With Accept: text/csv, the page as CSV (columns ${RECONCILIATION_COLUMNS.map((c) => c.header).join(', ')}; the next page's token in the x-continuation-token header).`,
              content: { 'application/json': { schema: ref('ReconciliationPage') }, 'text/csv': { schema: { type: 'string' } } },
            },
            '400': problem[400],
            '401': problem[401],
            '503': problem[503],
          },
        },
      },
      '/calibration': {
        get: {
          operationId: 'calibration',
          summary: "Where the imported earnings show a per-user rate or a milestone amount other than the catalog's, with the units behind it",
          parameters: [asOf],
          responses: { '200': answer('The differences found', 'Calibration'), '400': problem[400], '401': problem[401], '503': problem[503] },
        },
      },
      '/reconciliation/lookup': {
        post: {
          operationId: 'reconciliationLookup',
          summary: "Many workloads' reconciliation lines at once, in the order asked (what =PI.PAID and =PI.RECONCILED read)",
          requestBody: { required: true, content: { 'application/json': { schema: ref('ReconciliationLookupRequest') } } },
          responses: { '200': answer('One answer per item: found, what was paid and the lines', 'ReconciliationLookup'), ...bodyProblems, '503': problem[503] },
        },
      },
      '/reconciliation/summary': {
        get: {
          operationId: 'reconciliationSummary',
          summary: 'Totals predicted, paid and missing, by status and by customer segment and cloud',
          parameters: [asOf, tenantId],
          responses: { '200': answer('The totals', 'ReconciliationSummary'), '400': problem[400], '401': problem[401], '503': problem[503] },
        },
      },
      '/workloads/{tenantId}/{workload}/payout': {
        get: {
          operationId: 'trackedPayout',
          summary: "A tracked workload's payout from its history and its imported earnings, line by line with predicted and paid",
          parameters: [
            { name: 'tenantId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'workload', in: 'path', required: true, schema: { type: 'string' } },
            asOf,
          ],
          responses: {
            '200': answer('The payout (null with problems when it cannot be computed)', 'TrackedPayout'),
            '400': problem[400],
            '401': problem[401],
            '404': problem[404],
            '503': problem[503],
          },
        },
      },
      '/workloads/{tenantId}/{workload}/payments': {
        post: {
          operationId: 'postPayment',
          summary:
            'Record a payment Microsoft made for a tracked workload that no earnings export has: the payout, reconciliation, PAID and the nightly count it; an imported earning of the same milestone (or month) and claim later supersedes it',
          parameters: workloadPath,
          requestBody: { required: true, content: { 'application/json': { schema: ref('PaymentRequest') } } },
          responses: {
            '201': answer('Recorded (Location: the payment)', 'PaymentAnswer', undefined, { location: headerOf('The payment: DELETE it there') }),
            '200': answer('The same payment (same id, or same figures) was already recorded: not added again', 'PaymentAnswer'),
            ...bodyProblems,
            '404': problem[404],
            '409': problem[409],
            '503': problem[503],
          },
        },
        get: {
          operationId: 'listPayments',
          summary: "A tracked workload's payments entered by hand, each counted or superseded by an imported earning, in words",
          parameters: workloadPath,
          responses: { '200': answer('The payments', 'PaymentList'), '400': problem[400], '401': problem[401], '404': problem[404], '503': problem[503] },
        },
      },
      '/workloads/{tenantId}/{workload}/payments/{id}': {
        delete: {
          operationId: 'deletePayment',
          summary: 'Remove a payment entered by hand',
          parameters: [...workloadPath, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Removed' }, '400': problem[400], '401': problem[401], '404': problem[404], '503': problem[503] },
        },
      },
    },
    requests: {
      PaymentRequest: requestSchema(HandPaymentSchema),
      ReconciliationLookupRequest: requestSchema(
        z.strictObject({
          asOfDate: z.iso.date().optional(),
          items: z
            .array(z.strictObject({ tenantId: z.string(), workload: z.string() }))
            .min(1)
            .max(MAX_RECONCILIATION_LOOKUP),
        }),
      ),
    },
    responses: {
      PaymentAnswer: PaymentAnswerSchema,
      PaymentList: PaymentListSchema,
      Calibration: CalibrationSchema,
      ReconciliationLookup: ReconciliationLookupSchema,
      ReconciliationPage: ReconciliationPageSchema,
      ReconciliationSummary: ReconciliationSummarySchema,
      TrackedPayout: TrackedPayoutSchema,
    },
  };
}
