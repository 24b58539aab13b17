/**
 * Starting a night: take the run lock (one active run at a time), record the run, and queue
 * one message per shard. Answers at once; the shards do the work. A start that finds the lock
 * held checks that run first (the watchdog): silent shards are queued again, and a run given
 * up expires and frees the lock for this start.
 */
import { randomBytes } from 'node:crypto';
import type { NightlyDeps } from './nightlyDeps';
import { SHARDS } from './shards';
import { watchRun } from './watchdog';

export interface StartedRun {
  runId: string;
  /** False when another run holds the lock: runId is that run. */
  started: boolean;
  night: string;
}

export async function startRun(deps: Pick<NightlyDeps, 'runs' | 'enqueue' | 'now' | 'watch'>, trigger: 'timer' | 'manual', night?: string): Promise<StartedRun> {
  const now = deps.now();
  const date = night ?? now.toISOString().slice(0, 10);
  const runId = `${date}-${trigger}-${now.toISOString().slice(11, 19).replace(/:/g, '')}-${randomBytes(3).toString('hex')}`;
  let lock = await deps.runs.takeLock(runId, now);
  if (!lock.taken) {
    const watched = await watchRun(deps, lock.heldBy);
    if (watched !== null && watched.status !== 'running') lock = await deps.runs.takeLock(runId, now);
  }
  if (!lock.taken) {
    const active = await deps.runs.getRun(lock.heldBy);
    return { runId: lock.heldBy, started: false, night: active?.night ?? date };
  }
  try {
    await deps.runs.createRun({ runId, night: date, trigger, status: 'running', startedAt: now.toISOString(), shardsTotal: SHARDS });
  } catch (e) {
    // Nothing half-started stays locked: the next start may go.
    await deps.runs.releaseLock(runId).catch(() => undefined);
    throw e;
  }
  try {
    for (let shard = 0; shard < SHARDS; shard++) await deps.enqueue({ runId, night: date, shard, part: 0 });
  } catch (e) {
    // The run is recorded: end it in words (its queued shards are then skipped). Should
    // storage refuse that too, the watchdog queues the missing shards once it is back.
    const why = e instanceof Error ? e.message : String(e);
    await deps.runs.endRun(runId, 'expired', `Expired at start: its shards could not all be queued (${why.slice(0, 300)}).`, deps.now()).catch(() => undefined);
    throw e;
  }
  return { runId, started: true, night: date };
}
