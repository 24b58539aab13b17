/** The work list over HTTP: what to do first across the tracked workloads. */
import { WORK_ACTIONS } from '../../../shared';
import { MAX_ACTIONS_PAGE } from '../../http/actions';
import { ACTION_COLUMNS } from '../../csv/columns';
import { isoDateSchema, problem, query, ref, type Area } from '../parts';
import { WorkListPageSchema } from '../responses/actions';

export function actionsArea(): Area {
  return {
    paths: {
      '/actions': {
        get: {
          operationId: 'listActions',
          summary: "This week's work: one line per thing to do, ranked by the money at stake and then by the deadline",
          parameters: [
            query('asOfDate', isoDateSchema, { description: 'The date to judge on (default today, UTC).' }),
            query('tenantId', { type: 'string', format: 'uuid' }),
            query('kind', { type: 'string', enum: [...WORK_ACTIONS] }),
            query('pageSize', { type: 'integer', minimum: 1, maximum: MAX_ACTIONS_PAGE, default: 100 }),
            query('continuationToken', { type: 'string' }),
          ],
          responses: {
            '200': {
              description: `Lines in rank order. With Accept: text/csv, the page as CSV (columns ${ACTION_COLUMNS.map((c) => c.header).join(', ')}; amounts as decimals; the next page's token in the x-continuation-token header).`,
              content: { 'application/json': { schema: ref('WorkListPage') }, 'text/csv': { schema: { type: 'string' } } },
            },
            '400': problem[400],
            '401': problem[401],
            '503': problem[503],
          },
        },
      },
    },
    requests: {},
    responses: { WorkListPage: WorkListPageSchema },
  };
}
