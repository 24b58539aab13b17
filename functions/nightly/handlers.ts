/**
 * The nightly's functions, thin: the timer starts a run, the queue trigger evaluates one part
 * of a shard, and HTTP starts a run on demand and reads runs and the change feed.
 *   timer        nightlyTimer   NCRONTAB from NIGHTLY_SCHEDULE, default 02:00 UTC
 *   queue        evaluateShard  on nightly-shards
 *   POST /api/v1/reevaluate[?asOfDate=]      202 with the run ID at once
 *   GET  /api/v1/runs/{id}                   progress
 *   GET  /api/v1/changes?since=&kind=&tenantId=&pageSize=&continuationToken=
 */
import type { HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';
import { z } from 'zod';
import { CHANGE_KINDS, isoDate, parseWith, tenantIdSchema } from '../../shared';
import { handled, json } from '../http/respond';
import { NotFound } from '../http/problems';
import { dateTimeParam, pageBody, pageSizeParam, queryObject } from '../http/query';
import { evaluatePart } from './evaluatePart';
import { nightlyDeps } from './nightlyDeps';
import { MAX_DEQUEUE_COUNT } from './shardQueue';
import { parseShardMessage } from './shards';
import { startRun } from './startRun';

/** The schedule of the nightly run (NCRONTAB, UTC): NIGHTLY_SCHEDULE, default 02:00 every day. */
export const NIGHTLY_SCHEDULE = process.env.NIGHTLY_SCHEDULE || '0 0 2 * * *';

export async function nightlyTimer(timer: Timer, context: InvocationContext): Promise<void> {
  // A late timer (the app was down at 02:00) still runs: the night's changes are still news.
  if (timer.isPastDue) context.log('The nightly timer is late; running now.');
  const deps = await nightlyDeps();
  const run = await startRun(deps, 'timer');
  context.log(run.started ? `Nightly run ${run.runId} started for ${run.night}.` : `Run ${run.runId} is still active; no second run started.`);
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
      await deps.runs.recordPart(m.runId, { shard: m.shard, part: m.part, evaluated: 0, written: 0, changes: 0, errors: 1, last: true, poison: error.slice(0, 1000) });
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

export const getRun = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) throw new NotFound(`No run ${id}.`);
  const deps = await nightlyDeps();
  const progress = await deps.runs.progress(id);
  if (progress === null) throw new NotFound(`No run ${id}.`);
  return json(progress);
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
