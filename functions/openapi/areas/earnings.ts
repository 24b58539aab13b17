/** Earnings over HTTP: what Microsoft paid against what the engine predicts. */
import { RECONCILIATION_STATUSES } from '../../../shared';
import { RECONCILIATION_COLUMNS } from '../../csv/columns';
import { MAX_RECONCILIATION_PAGE } from '../../http/reconciliation';
import { answer, isoDateSchema, problem, query, ref, type Area } from '../parts';
import { ReconciliationPageSchema, ReconciliationSummarySchema, TrackedPayoutSchema } from '../responses/reconciliation';

export function earningsArea(): Area {
  const asOf = query('asOfDate', isoDateSchema, { description: 'The date to reconcile on (default today, UTC).' });
  const tenantId = query('tenantId', { type: 'string', format: 'uuid' });
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
    },
    requests: {},
    responses: { ReconciliationPage: ReconciliationPageSchema, ReconciliationSummary: ReconciliationSummarySchema, TrackedPayout: TrackedPayoutSchema },
  };
}
