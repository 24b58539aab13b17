import { nightlyDeps } from '../../functions/nightly/nightlyDeps';
import type { DigestRecord, RunProgress } from '../../functions/nightly/runStore';
import { startRun } from '../../functions/nightly/startRun';
import { loadRegisteredTriggers } from '../../dev/localHost/registry';
import { startTriggers, type Triggers } from '../../dev/localHost/triggers';

/**
 * The app's queue trigger running against the test Azurite (as the local host runs it), with
 * its log kept for the test; stopped after the file's tests.
 */
export function useQueueTrigger(connectionString: () => string): { log: string[] } {
  const state = { log: [] as string[] };
  let triggers: Triggers | undefined;
  beforeAll(() => {
    triggers = startTriggers(loadRegisteredTriggers(), { connectionString: connectionString(), log: (l) => state.log.push(l), timers: false, pollMs: 30, visibilityTimeout: 10 });
  });
  afterAll(async () => {
    await triggers?.stop();
  });
  return state;
}

/** Wait until a run is no longer running. */
export async function waitForRun(runId: string, timeoutMs = 60_000): Promise<RunProgress> {
  const deps = await nightlyDeps();
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = await deps.runs.progress(runId);
    if (p && p.status !== 'running') return p;
    if (Date.now() > until) throw new Error(`run ${runId} still running after ${timeoutMs} ms: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Start a night for `night` and wait for it to finish. */
export async function runNight(night: string): Promise<RunProgress> {
  const deps = await nightlyDeps();
  const run = await startRun(deps, 'manual', night);
  if (!run.started) throw new Error(`run ${run.runId} was active already`);
  return waitForRun(run.runId);
}

/** Wait until a finished run's digest is settled (sent, or its attempt recorded), as its sender records it after the run ends. */
export async function waitForDigest(runId: string, timeoutMs = 30_000): Promise<DigestRecord> {
  const deps = await nightlyDeps();
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await deps.runs.getDigest(runId);
    if (found && found.record.status !== 'sending') return found.record;
    if (Date.now() > until) throw new Error(`the digest of run ${runId} is not settled after ${timeoutMs} ms: ${JSON.stringify(found?.record ?? null)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
