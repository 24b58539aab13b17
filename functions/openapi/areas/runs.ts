/** The nightly re-evaluation over HTTP: start a run, follow or cancel it, read the change feed. */
import { CHANGE_KINDS } from '../../../shared';
import { answer, answerOrCsv, headerOf, isoDateSchema, problem, problemAnswer, query, type Area } from '../parts';
import { CHANGE_COLUMNS } from '../../csv/columns';
import { ChangePageSchema } from '../responses/changes';
import { RunProgressSchema, StartedRunSchema } from '../responses/runs';

export function runsArea(): Area {
  const runId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  return {
    paths: {
      '/reevaluate': {
        post: {
          operationId: 'reevaluate',
          summary: 'Start a re-evaluation of every tracked workload now (one run at a time); answers 202 at once',
          parameters: [query('asOfDate', isoDateSchema, { description: 'The night to evaluate for (default today, UTC).' })],
          responses: {
            '202': answer('The run started, or the active run when one holds the lock (started false)', 'StartedRun', undefined, { Location: headerOf('The run, to follow its progress.') }),
            '400': problem[400],
            '401': problem[401],
            '503': problem[503],
          },
        },
      },
      '/runs/{id}': {
        get: {
          operationId: 'getRun',
          summary: 'A run and its progress',
          parameters: [runId],
          responses: {
            '200': answer('Status, shards done of total, workloads evaluated and written, changes found, errors, poison parts, and the run in words', 'RunProgress'),
            '401': problem[401],
            '404': problem[404],
            '503': problem[503],
          },
        },
      },
      '/runs/{id}/cancel': {
        post: {
          operationId: 'cancelRun',
          summary: 'Cancel a running run: it is marked cancelled with the reason, its queued parts are skipped and the lock is released',
          parameters: [runId],
          responses: {
            '200': answer('The run as it now stands (as GET /runs/{id})', 'RunProgress'),
            '401': problem[401],
            '404': problem[404],
            '409': problemAnswer('The run is finished already (completed, cancelled or expired): nothing to cancel'),
            '503': problem[503],
          },
        },
      },
      '/changes': {
        get: {
          operationId: 'listChanges',
          summary: 'The change feed of the nightly runs',
          parameters: [
            { name: 'since', in: 'query', required: true, schema: { type: 'string' }, description: 'ISO date or date-time.' },
            query('kind', { type: 'string', enum: [...CHANGE_KINDS] }),
            query('tenantId', { type: 'string', format: 'uuid' }),
            query('pageSize', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
            query('continuationToken', { type: 'string' }),
          ],
          responses: {
            '200': answerOrCsv('Events: tenant, workload, kind, before, after, reasons, advice, time, run ID', 'ChangePage', undefined, CHANGE_COLUMNS),
            '400': problem[400],
            '401': problem[401],
            '503': problem[503],
          },
        },
      },
    },
    requests: {},
    responses: { StartedRun: StartedRunSchema, RunProgress: RunProgressSchema, ChangePage: ChangePageSchema },
  };
}
