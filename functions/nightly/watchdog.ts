/**
 * Who notices a run that stopped moving: a shard whose next part has not been heard of within
 * `silenceMs` (its message lost, or its invocation died without a retry) is queued again,
 * from where its last recorded part stopped. That is safe because a part has the effect of
 * once however often it runs. A part re-queued `maxRequeues` times and still silent, or a run
 * older than `maxRunMs`, expires the run: marked `expired` with the reason in words, its lock
 * released so the next run can start.
 *
 * It is called by the watchdog timer (every few minutes), by every start that finds the lock
 * held (the 02:00 timer included), and by `npm run nightly` while it follows a run. The time
 * is the caller's `now()`, so tests move the clock instead of waiting.
 *
 * @example
 *   await watchRun(deps, '2026-11-22-timer-020000-a1b2c3')
 *   // => { runId, status: 'running', requeued: [{ shard: 5, part: 0 }] }
 */
import type { NightlyDeps } from './nightlyDeps';
import type { RunStatus } from './runStore';

export interface WatchPolicy {
  /** A shard not heard of for this long gets its next part queued again. */
  silenceMs: number;
  /** Re-queues of the same part before the run is given up. */
  maxRequeues: number;
  /** A run still running after this long expires. */
  maxRunMs: number;
}

const MINUTE = 60_000;

/**
 * The policy from the environment: NIGHTLY_SILENCE_MINUTES (15: longer than a part may run, the
 * Consumption plan's 10-minute function limit included, so a slow part is never taken for a
 * lost one), NIGHTLY_MAX_REQUEUES (3), NIGHTLY_MAX_RUN_MINUTES (240).
 */
export function watchPolicy(env: Record<string, string | undefined> = process.env): WatchPolicy {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return { silenceMs: number('NIGHTLY_SILENCE_MINUTES', 15) * MINUTE, maxRequeues: Math.floor(number('NIGHTLY_MAX_REQUEUES', 3)), maxRunMs: number('NIGHTLY_MAX_RUN_MINUTES', 240) * MINUTE };
}

export interface WatchOutcome {
  runId: string;
  status: RunStatus;
  /** Parts queued again by this check. */
  requeued: Array<{ shard: number; part: number }>;
  /** Why the run was expired by this check, in words. */
  expired?: string;
}

const minutes = (ms: number) => {
  const m = Math.round(ms / MINUTE);
  return m === 1 ? '1 minute' : `${m} minutes`;
};

type WatchDeps = Pick<NightlyDeps, 'runs' | 'enqueue' | 'now' | 'watch'>;

/** Check one run: re-queue its silent shards, or expire it. Null for an unknown run. */
export async function watchRun(deps: WatchDeps, runId: string): Promise<WatchOutcome | null> {
  const run = await deps.runs.getRun(runId);
  if (run === null) return null;
  const outcome: WatchOutcome = { runId, status: run.status, requeued: [] };
  if (run.status !== 'running') return outcome;
  const policy = deps.watch ?? watchPolicy();
  const now = deps.now();
  const started = Date.parse(run.startedAt);
  const shards = await deps.runs.shardStates(runId, run.shardsTotal);
  const open = shards.filter((s) => !s.done);
  if (open.length === 0) return outcome; // the last part is finishing the run

  const expire = async (reason: string) => {
    if (await deps.runs.endRun(runId, 'expired', reason, now)) return { ...outcome, status: 'expired' as const, expired: reason };
    const after = await deps.runs.getRun(runId);
    return { ...outcome, status: after?.status ?? run.status };
  };
  const names = (list: typeof open) => list.map((s) => `shard ${s.shard} part ${s.nextPart}`).join(', ');
  if (now.getTime() - started > policy.maxRunMs) {
    return expire(
      `Expired at ${now.toISOString()}: it ran ${minutes(now.getTime() - started)}, longer than the ${minutes(policy.maxRunMs)} a run may take; still unfinished: ${names(open)}. The lock is released so the next run can start.`,
    );
  }
  const silent = open.filter((s) => {
    const heard = Math.max(started, ...[s.lastRecordedAt, s.lastRequeuedAt].filter((t): t is string => t !== null).map((t) => Date.parse(t)));
    return now.getTime() - heard >= policy.silenceMs;
  });
  const lost = silent.filter((s) => s.nextPart > 0 && s.nextToken === undefined);
  if (lost.length > 0) {
    return expire(
      `Expired at ${now.toISOString()}: ${names(lost)} was not heard of within ${minutes(policy.silenceMs)} and cannot be queued again (its previous part did not record where it stopped). The lock is released so the next run can start.`,
    );
  }
  const givenUp = silent.filter((s) => s.requeues >= policy.maxRequeues);
  if (givenUp.length > 0) {
    return expire(
      `Expired at ${now.toISOString()}: ${names(givenUp)} was not heard of within ${minutes(policy.silenceMs)}, even after being queued again ${givenUp[0]!.requeues} times. The lock is released so the next run can start.`,
    );
  }
  for (const s of silent) {
    await deps.enqueue({ runId, night: run.night, shard: s.shard, part: s.nextPart, ...(s.nextToken !== undefined ? { continuationToken: s.nextToken } : {}) });
    await deps.runs.noteRequeue(runId, s.shard, s.nextPart, s.requeues + 1, now);
    outcome.requeued.push({ shard: s.shard, part: s.nextPart });
  }
  return outcome;
}

/** Check the run holding the lock, if any. */
export async function watchActiveRun(deps: WatchDeps): Promise<WatchOutcome | null> {
  const holder = await deps.runs.lockHolder();
  return holder === null ? null : watchRun(deps, holder);
}
