/**
 * The nightly's triggers, thin: the timer starts a run, the queue trigger evaluates one part
 * of a shard, the watchdog looks after the active run (its HTTP routes: http/runs.ts).
 *   timer        nightlyTimer    NCRONTAB from NIGHTLY_SCHEDULE, default 02:00 UTC
 *   queue        evaluateShard   on nightly-shards
 *   timer        nightlyWatchdog NIGHTLY_WATCHDOG_SCHEDULE, default every 2 minutes: re-queue
 *                silent shards of the active run, or expire it; send morning digests still due
 */
import type { InvocationContext, Timer } from '@azure/functions';
import { deliverDueDigests, digestAfterRun } from './digest';
import { evaluatePart } from './evaluatePart';
import { nightlyDeps } from './nightlyDeps';
import { MAX_DEQUEUE_COUNT } from './shardQueue';
import { parseShardMessage } from './shards';
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
  // Digests of finished runs still due: never sent (a host stopped after the run), a retry, a silent sender.
  try {
    for (const d of await deliverDueDigests(deps)) if (d.record) context.log(`Run ${d.runId}: digest ${d.record.status}.`);
  } catch (e) {
    context.log(`Digests could not be swept: ${e instanceof Error ? e.message : String(e)}`);
  }
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
      if (await deps.runs.finishIfDone(m.runId, deps.now())) await digestAfterRun(deps, m.runId);
    }
    throw e;
  }
}
