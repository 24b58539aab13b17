/**
 * A nightly run that stops moving, against a real Azurite and the app's queue trigger: shard
 * messages lost at the start or between parts are queued again once the shard has not been
 * heard of within the bound; a run that stays silent, or runs too long, expires by itself
 * with its reason and frees the lock (the next start, the timer's included, goes ahead); a
 * run can be cancelled over HTTP; a run whose row storage lost is rebuilt by its parts and
 * never answers 404. The clock is moved by passing `now`, never waited for.
 */
import { loadRegisteredTriggers } from '../../dev/localHost/registry';
import { evaluatePart } from '../../functions/nightly/evaluatePart';
import { nightlyDeps, type NightlyDeps } from '../../functions/nightly/nightlyDeps';
import type { RunProgress } from '../../functions/nightly/runStore';
import type { ShardMessage } from '../../functions/nightly/shards';
import { startRun } from '../../functions/nightly/startRun';
import { watchRun, type WatchPolicy } from '../../functions/nightly/watchdog';
import { useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { useQueueTrigger, waitForRun } from '../support/nightly';
import { InvocationContext } from '@azure/functions';

useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();
useQueueTrigger(() => process.env.INCENTIVES_STORAGE!);

const MINUTE = 60_000;
const policy: WatchPolicy = { silenceMs: 5 * MINUTE, maxRequeues: 3, maxRunMs: 240 * MINUTE };

/** Tenant n of shard `shard`. */
const tenantOf = (shard: number, n: number) => `${shard.toString(16)}2222222-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function track(shard: number, n: number): Promise<void> {
  const r = await call(host(), 'PUT', `/api/v1/workloads/${tenantOf(shard, n)}/defender-for-endpoint`, { body: { programId: 'security-usage', paidAvailableUnits: 1000, monthlyActiveUsers: 100 } });
  if (r.status !== 201) throw new Error(`PUT: ${r.status} ${r.text}`);
}

/** The app's deps, with every message `lost` says dropped (as a queue that lost them). */
async function lossy(lost: (m: ShardMessage) => boolean): Promise<{ deps: NightlyDeps; dropped: ShardMessage[] }> {
  const deps = await nightlyDeps();
  const dropped: ShardMessage[] = [];
  return { deps: { ...deps, watch: policy, enqueue: async (m) => (lost(m) ? void dropped.push(m) : deps.enqueue(m)) }, dropped };
}

/** Poll the run until `done` says so (an outcome, with a generous bound only against hangs). */
async function until(runId: string, done: (p: RunProgress) => boolean): Promise<RunProgress> {
  const deps = await nightlyDeps();
  for (let i = 0; ; i++) {
    const p = await deps.runs.progress(runId);
    if (p !== null && done(p)) return p;
    if (i > 600) throw new Error(`run ${runId} never got there: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const at = (iso: string, plusMs: number) => () => new Date(Date.parse(iso) + plusMs);

beforeAll(async () => {
  for (const shard of [3, 7]) for (let n = 1; n <= 3; n++) await track(shard, n);
  await track(9, 1);
}, 60_000);

describe('a nightly run that stops moving', () => {
  it('queues a shard whose message was lost again once it is not heard of within the bound, and completes', async () => {
    const { deps, dropped } = await lossy((m) => m.shard === 3);
    const run = await startRun(deps, 'manual', '2026-12-01');
    expect(dropped).toEqual([{ runId: run.runId, night: '2026-12-01', shard: 3, part: 0 }]);
    const stuck = await until(run.runId, (p) => p.shardsDone === 15);
    expect(stuck.status).toBe('running');

    const app = await nightlyDeps();
    // Within the bound: nothing is sent again.
    expect(await watchRun({ ...app, watch: policy, now: at(stuck.startedAt, policy.silenceMs - 1000) }, run.runId)).toMatchObject({ status: 'running', requeued: [] });
    // Past it: shard 3 part 0 is queued again, and the run completes with exact figures.
    expect(await watchRun({ ...app, watch: policy, now: at(stuck.startedAt, policy.silenceMs + 1000) }, run.runId)).toMatchObject({ status: 'running', requeued: [{ shard: 3, part: 0 }] });
    const done = await waitForRun(run.runId);
    expect(done).toMatchObject({ status: 'completed', shardsDone: 16, workloadsEvaluated: 7, workloadsWritten: 7, workloadsFirstState: 7, requeued: 1, errors: 0 });
    const shown = await call(host(), 'GET', `/api/v1/runs/${run.runId}`);
    expect(shown.json.summary).toMatch(/^Completed: 16 of 16 shards, 7 workloads evaluated; .*1 part was queued again after not being heard of in time\./);
  }, 90_000);

  it('queues a lost next part again from where the previous part stopped, evaluating each workload once', async () => {
    // Parts of one workload; the queue trigger's own sends lose shard 7's part 1.
    const app = await nightlyDeps();
    const send = app.enqueue;
    const dropped: ShardMessage[] = [];
    app.partWorkloads = 1;
    app.enqueue = async (m) => (m.shard === 7 && m.part === 1 ? void dropped.push(m) : send(m));
    try {
      const run = await startRun(app, 'manual', '2026-12-02');
      const stuck = await until(run.runId, (p) => p.shardsDone === 15 && dropped.length === 1);
      expect(stuck.status).toBe('running');
      // Silent since its part 0 was recorded (the run's start is earlier still).
      expect(dropped).toEqual([expect.objectContaining({ shard: 7, part: 1, continuationToken: expect.any(String) })]);
      const outcome = await watchRun({ ...app, enqueue: send, watch: policy, now: at(stuck.lastHeardAt, policy.silenceMs + 1000) }, run.runId);
      expect(outcome).toMatchObject({ requeued: [{ shard: 7, part: 1 }] });
      const done = await waitForRun(run.runId);
      expect(done).toMatchObject({ status: 'completed', shardsDone: 16, workloadsEvaluated: 7, errors: 0 });
    } finally {
      delete app.partWorkloads;
      app.enqueue = send;
    }
  }, 90_000);

  it('expires a run whose shard stays silent after three re-queues, in words, and frees the lock for the timer', async () => {
    const { deps } = await lossy((m) => m.shard === 3);
    const run = await startRun(deps, 'manual', '2026-12-03');
    const stuck = await until(run.runId, (p) => p.shardsDone === 15);
    for (let k = 1; k <= 3; k++) {
      const outcome = await watchRun({ ...deps, now: at(stuck.startedAt, k * (policy.silenceMs + 1000)) }, run.runId);
      expect(outcome).toMatchObject({ status: 'running', requeued: [{ shard: 3, part: 0 }] });
    }
    const gaveUp = await watchRun({ ...deps, now: at(stuck.startedAt, 4 * (policy.silenceMs + 1000)) }, run.runId);
    expect(gaveUp).toMatchObject({ status: 'expired', expired: expect.stringContaining('shard 3 part 0 was not heard of within 5 minutes, even after being queued again 3 times') });
    const shown = await call(host(), 'GET', `/api/v1/runs/${run.runId}`);
    expect(shown.json).toMatchObject({ status: 'expired', requeued: 3, reason: expect.stringContaining('The lock is released') });
    expect(shown.json.summary).toMatch(/^Expired: 15 of 16 shards/);

    // The lock is free: the timer starts tonight's run at once.
    const timer = loadRegisteredTriggers().find((f) => f.name === 'nightlyTimer')!;
    const logged: string[] = [];
    await timer.handler(
      { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: {} },
      new InvocationContext({ functionName: 'nightlyTimer', logHandler: (_l, ...args) => logged.push(args.join(' ')) }),
    );
    const next = /Nightly run (\S+) started/.exec(logged.join('\n'));
    expect(next).not.toBeNull();
    expect((await waitForRun(next![1]!)).status).toBe('completed');
  }, 90_000);

  it('lets the next start expire a run that has run too long, and start', async () => {
    const { deps } = await lossy((m) => m.shard === 3);
    const run = await startRun(deps, 'timer', '2026-12-04');
    const stuck = await until(run.runId, (p) => p.shardsDone === 15);
    // Not too long yet: the start gets the active run back.
    const early = await startRun({ ...deps, now: at(stuck.startedAt, MINUTE) }, 'timer', '2026-12-04');
    expect(early).toEqual({ runId: run.runId, started: false, night: '2026-12-04' });
    const app = await nightlyDeps();
    const late = await startRun({ ...app, watch: policy, now: at(stuck.startedAt, policy.maxRunMs + MINUTE) }, 'timer', '2026-12-05');
    expect(late.started).toBe(true);
    expect(late.runId).not.toBe(run.runId);
    const old = await call(host(), 'GET', `/api/v1/runs/${run.runId}`);
    expect(old.json).toMatchObject({ status: 'expired', reason: expect.stringMatching(/it ran 241 minutes, longer than the 240 minutes a run may take; still unfinished: shard 3 part 0/) });
    expect((await waitForRun(late.runId)).status).toBe('completed');
  }, 90_000);

  it('cancels a stuck run over HTTP: 200 with the run as it stands, then 409; 404 for an unknown run; its queued parts are skipped', async () => {
    const { deps } = await lossy((m) => m.shard === 3);
    const run = await startRun(deps, 'manual', '2026-12-06');
    await until(run.runId, (p) => p.shardsDone === 15);
    expect((await call(host(), 'POST', `/api/v1/runs/${run.runId}/cancel`, { key: null })).status).toBe(401);
    const cancelled = await call(host(), 'POST', `/api/v1/runs/${run.runId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ runId: run.runId, status: 'cancelled', shardsDone: 15, finishedAt: expect.any(String), reason: expect.stringContaining('Cancelled on request') });
    expect(cancelled.json.summary).toMatch(/^Cancelled: 15 of 16 shards/);
    const again = await call(host(), 'POST', `/api/v1/runs/${run.runId}/cancel`);
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(new RegExp(`Run ${run.runId} is cancelled already \\(since .*\\); there is nothing to cancel\\.`));
    const unknown = await call(host(), 'POST', '/api/v1/runs/2026-12-06-manual-000000-abcdef/cancel');
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toBe('No run 2026-12-06-manual-000000-abcdef.');
    // A part of the cancelled run that arrives late does nothing.
    const app = await nightlyDeps();
    expect(await evaluatePart(app, { runId: run.runId, night: '2026-12-06', shard: 3, part: 0 })).toBeNull();
    expect(await app.runs.progress(run.runId)).toMatchObject({ status: 'cancelled', partsDone: 15 });
    // The lock went with it.
    const next = await startRun(app, 'manual', '2026-12-06');
    expect(next.started).toBe(true);
    await waitForRun(next.runId);
  }, 90_000);

  it('never vanishes: a run whose row storage lost is rebuilt by its parts', async () => {
    // Storage keeps the shard messages but loses the run's row and lock (an emulator killed
    // before it saved its tables: Azurite saves every 5 s, tables and queues separately).
    const app = await nightlyDeps();
    const held: ShardMessage[] = [];
    const run = await startRun({ ...app, enqueue: async (m) => void held.push(m) }, 'manual', '2026-12-07');
    await app.runs.runs.deleteEntity('run', run.runId);
    await app.runs.runs.deleteEntity('lock', 'nightly');
    expect((await call(host(), 'GET', `/api/v1/runs/${run.runId}`)).status).toBe(404);
    for (const m of held) await app.enqueue(m);
    const done = await waitForRun(run.runId);
    expect(done).toMatchObject({ status: 'completed', night: '2026-12-07', trigger: 'manual', shardsDone: 16, workloadsEvaluated: 7 });
    const shown = await call(host(), 'GET', `/api/v1/runs/${run.runId}`);
    expect(shown.status).toBe(200);
    expect(shown.json.summary).toMatch(/The run's record was lost by storage and rebuilt at .* from a shard message/);
  }, 90_000);
});
