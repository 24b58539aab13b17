/**
 * The nightly's HTTP routes (all under /api/v1): start a run on demand, follow and cancel it,
 * read the change feed. The timer, queue and watchdog triggers are in nightly/handlers.ts.
 *   POST /reevaluate[?asOfDate=]      202 with the run ID at once
 *   GET  /runs/{id}                   progress, with a summary in words and its morning digest
 *   POST /runs/{id}/cancel            cancel a running run (200), 404 unknown, 409 finished
 *   GET  /changes?since=&kind=&tenantId=&pageSize=&continuationToken=
 */
import { allPages, csvResponse, wantsCsv } from '../csv/answerCsv';
import { CHANGE_COLUMNS } from '../csv/columns';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { CHANGE_KINDS, isoDate, parseWith, tenantIdSchema } from '../../shared';
import { digestView } from '../nightly/digest';
import { nightlyDeps, type NightlyDeps } from '../nightly/nightlyDeps';
import type { RunProgress } from '../nightly/runStore';
import { describeRun } from '../nightly/runSummary';
import { startRun } from '../nightly/startRun';
import { Conflict, NotFound } from './problems';
import { dateTimeParam, pageBody, pageSizeParam, queryObject } from './query';
import { handled, json } from './respond';

const ReevaluateQuery = z.strictObject({ asOfDate: isoDate().optional() });

export const reevaluate = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { asOfDate } = parseWith(ReevaluateQuery, queryObject(request));
  const deps = await nightlyDeps();
  const run = await startRun(deps, 'manual', asOfDate);
  const location = `/api/v1/runs/${run.runId}`;
  return json({ ...run, location, message: run.started ? 'Started; follow its progress at location.' : 'A run is active already; this is it.' }, 202, { location });
});

const withSummary = async (deps: Pick<NightlyDeps, 'runs'>, p: RunProgress) => ({ ...p, summary: describeRun(p), digest: await digestView(deps, p.runId, p.status === 'running') });

/** The run ID of the route, or 404 for one that cannot be a run's. */
function runIdOf(request: HttpRequest): string {
  const id = request.params.id ?? '';
  if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) throw new NotFound(`No run ${id.slice(0, 100)}.`);
  return id;
}

export const getRun = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = runIdOf(request);
  const deps = await nightlyDeps();
  const progress = await deps.runs.progress(id);
  if (progress === null) throw new NotFound(`No run ${id}.`);
  return json(await withSummary(deps, progress));
});

export const cancelRun = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = runIdOf(request);
  const deps = await nightlyDeps();
  const now = deps.now();
  const run = await deps.runs.getRun(id);
  if (run === null) throw new NotFound(`No run ${id}.`);
  const ended = run.status === 'running' && (await deps.runs.endRun(id, 'cancelled', `Cancelled on request at ${now.toISOString()}; parts still queued are skipped, the lock is released.`, now));
  const progress = (await deps.runs.progress(id))!;
  if (!ended) throw new Conflict(`Run ${id} is ${progress.status} already${progress.finishedAt ? ` (since ${progress.finishedAt})` : ''}; there is nothing to cancel.`);
  return json(await withSummary(deps, progress));
});

const ChangesQuery = z.strictObject({
  since: dateTimeParam('2026-11-22'),
  kind: z.enum(CHANGE_KINDS, { error: `must be one of ${CHANGE_KINDS.join(', ')}` }).optional(),
  tenantId: tenantIdSchema().optional(),
  pageSize: pageSizeParam(1000).optional(),
  continuationToken: z.string().max(4096).optional(),
});

export const listChanges = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { pageSize = 100, continuationToken, ...query } = parseWith(ChangesQuery, queryObject(request));
  const deps = await nightlyDeps();
  if (wantsCsv(request))
    return csvResponse(
      'changes.csv',
      CHANGE_COLUMNS,
      allPages((token) => deps.runs.listChanges(query, 1000, token), continuationToken),
    );
  const page = await deps.runs.listChanges(query, pageSize, continuationToken);
  return json(pageBody(request, page.items, page.continuationToken));
});
