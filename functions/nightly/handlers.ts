/**
 * The nightly's functions, thin: the timer starts a run, the queue trigger evaluates one part
 * of a shard, and HTTP starts a run on demand and reads runs and the change feed.
 *   timer        nightlyTimer   NCRONTAB from NIGHTLY_SCHEDULE, default 02:00 UTC
 *   queue        evaluateShard  on nightly-shards
 *   POST /api/v1/reevaluate[?asOfDate=]      202 with the run ID at once
 *   GET  /api/v1/runs/{id}                   progress, with a summary in words
 *   POST /api/v1/runs/{id}/cancel            cancel a running run (200), 404 unknown, 409 finished
 *   timer        nightlyWatchdog NIGHTLY_WATCHDOG_SCHEDULE, default every 2 minutes: re-queue
 *                silent shards of the active run, or expire it
 *   GET  /api/v1/changes?since=&kind=&tenantId=&pageSize=&continuationToken=
 */
import type { HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';
import { z } from 'zod';
import { CHANGE_KINDS, isoDate, parseWith, tenantIdSchema } from '../../shared';
import { handled, json } from '../http/respond';
import { Conflict, NotFound } from '../http/problems';
import { dateTimeParam, pageBody, pageSizeParam, queryObject } from '../http/query';
import { evaluatePart } from './evaluatePart';
import { nightlyDeps } from './nightlyDeps';
import { MAX_DEQUEUE_COUNT } from './shardQueue';
import { parseShardMessage } from './shards';
import type { RunProgress } from './runStore';
import { describeRun } from './runSummary';
import { startRun } from './startRun';
import { watchActiveRun } from './watchdog';

/** The schedule of the nightly run (NCRONTAB, UTC): NIGHTLY_SCHEDULE, default 02:00 every day. */
export const NIGHTLY_SCHEDULE = process.env.NIGHTLY_SCHEDULE || '0 0 2 * * *';

export async function nightlyTimer(timer: Timer, context: InvocationContext): Promise<void> {
  // A late timer (the app was down at 02:00) still runs: the night's changes are still news.
  if (timer.isPastDue) context.log('The nightly timer is late; running now.');
  const deps = await nightlyDeps();
  const run = await startRun(deps, 'timer');
  context.log(run.started ? `Nightly run ${run.runId} started for ${run.night}.` : `Run ${run.runId} is still active; no second run started.`);
}

/** How often the watchdog looks at the active run (NCRONTAB, UTC): NIGHTLY_WATCHDOG_SCHEDULE, default every 2 minutes. */
export const NIGHTLY_WATCHDOG_SCHEDULE = process.env.NIGHTLY_WATCHDOG_SCHEDULE || '0 */2 * * * *';

export async function nightlyWatchdog(_timer: Timer, context: InvocationContext): Promise<void> {
  const deps = await nightlyDeps();
  const outcome = await watchActiveRun(deps);
  if (outcome === null) return;
  if (outcome.expired !== undefined) context.log(`Run ${outcome.runId}: ${outcome.expired}`);
  if (outcome.requeued.length > 0) context.log(`Run ${outcome.runId}: queued again, not heard of in time: ${outcome.requeued.map((r) => `shard ${r.shard} part ${r.part}`).join(', ')}.`);
}

export async function evaluateShard(message: unknown, context: InvocationContext): Promise<void> {
  const m = parseShardMessage(message);
  const deps = await nightlyDeps();
  try {
    const result = await evaluatePart(deps, m);
    if (result) context.log(`run ${m.runId} shard ${m.shard} part ${m.part}: ${result.evaluated} evaluated, ${result.written} written, ${result.changes} changes`);
  } catch (e) {
    // The last attempt before the poison queue: say so in the run, so it can finish without this part.
    const dequeueCount = Number((context.triggerMetadata as { dequeueCount?: unknown } | undefined)?.dequeueCount ?? 1);
    if (dequeueCount >= MAX_DEQUEUE_COUNT) {
      const error = e instanceof Error ? e.message : String(e);
      await deps.runs.recordPart(m.runId, { shard: m.shard, part: m.part, evaluated: 0, written: 0, firstStates: 0, changes: 0, errors: 1, last: true, poison: error.slice(0, 1000) }, deps.now());
      await deps.runs.finishIfDone(m.runId, deps.now());
    }
    throw e;
  }
}

const ReevaluateQuery = z.strictObject({ asOfDate: isoDate().optional() });

export const reevaluate = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { asOfDate } = parseWith(ReevaluateQuery, queryObject(request));
  const deps = await nightlyDeps();
  const run = await startRun(deps, 'manual', asOfDate);
  const location = `/api/v1/runs/${run.runId}`;
  return json({ ...run, location, message: run.started ? 'Started; follow its progress at location.' : 'A run is active already; this is it.' }, 202, { location });
});

const withSummary = (p: RunProgress) => ({ ...p, summary: describeRun(p) });

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
  return json(withSummary(progress));
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
  return json(withSummary(progress));
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
  const page = await deps.runs.listChanges(query, pageSize, continuationToken);
  return json(pageBody(request, page.items, page.continuationToken));
});
