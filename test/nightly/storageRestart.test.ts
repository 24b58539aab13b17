/**
 * Azurite stopped in the middle of a nightly run and started again on the same data: the
 * run finishes, every expected event is in the feed once, every changed workload has its new
 * state. Storage calls wait the outage out (bounded retries); the queue trigger keeps polling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nightlyDeps, resetNightlyDeps } from '../../functions/nightly/nightlyDeps';
import { startRun } from '../../functions/nightly/startRun';
import { resetTrackedStore } from '../../functions/storage/trackedStore';
import { loadRegisteredTriggers } from '../../dev/localHost/registry';
import { startTriggers, type Triggers } from '../../dev/localHost/triggers';
import { freePort, startAzurite, type Azurite } from '../../dev/azurite';
import { workloadEntity, TrackedWorkloadSchema } from '../../functions/storage/trackedWorkload';
import { waitForRun } from '../support/nightly';

const location = mkdtempSync(join(tmpdir(), 'azurite-nightly-'));
let azurite: Azurite;
let triggers: Triggers | undefined;
/** The stop-and-start of Azurite in the middle of the run, once begun. */
let restarted: Promise<void> | null = null;
const log: string[] = []; // kept for a failing run's diagnosis; no assertion depends on its timing
const saved = process.env.INCENTIVES_STORAGE;

afterAll(async () => {
  await triggers?.stop();
  await restarted?.catch(() => undefined); // never leave a restarting Azurite behind
  await azurite?.stop();
  rmSync(location, { recursive: true, force: true });
  if (saved === undefined) delete process.env.INCENTIVES_STORAGE;
  else process.env.INCENTIVES_STORAGE = saved;
  resetNightlyDeps();
  resetTrackedStore();
});

const tenant = (n: number) => `${(n % 16).toString(16)}1111111-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('a nightly run through a storage restart', () => {
  it('finishes with nothing lost and nothing twice', async () => {
    const ports = { table: await freePort(), queue: await freePort() };
    azurite = await startAzurite({ location, services: ['table', 'queue'], ports });
    process.env.INCENTIVES_STORAGE = azurite.connectionString;
    resetNightlyDeps();
    const deps = await nightlyDeps();

    // 64 workloads over the 16 shards, each grown from 50 to 80 active users since last night.
    const count = 64;
    for (let n = 0; n < count; n++) {
      const fields = TrackedWorkloadSchema.parse({ programId: 'security-usage', paidAvailableUnits: 1000, monthlyActiveUsers: 50 });
      await deps.store.workloads.createEntity(workloadEntity(tenant(n), 'defender-for-endpoint', fields, { sizeBand: 'M', eligible: true, evaluatedOn: '2026-11-20' }));
    }
    triggers = startTriggers(loadRegisteredTriggers(), { connectionString: azurite.connectionString, log: (l) => log.push(l), timers: false, pollMs: 30, visibilityTimeout: 5 });
    const first = await startRun(deps, 'manual', '2026-11-20');
    await waitForRun(first.runId);
    for (let n = 0; n < count; n++) {
      const e = await deps.store.workloads.getEntity(tenant(n), 'defender-for-endpoint');
      await deps.store.workloads.updateEntity({ partitionKey: tenant(n), rowKey: 'defender-for-endpoint', monthlyActiveUsers: 80 }, 'Merge', { etag: e.etag });
    }

    // Stop Azurite as the first workload of shard 15 is evaluated (its message is the last
    // one the start sends, so the start itself is never caught by the outage), start it again
    // a moment later. The test waits for that to have happened (however slow the machine),
    // never for a fixed time, and asserts what the run achieved, not what was logged.
    let outageBegan!: (restart: Promise<void>) => void;
    const outage = new Promise<Promise<void>>((resolve) => (outageBegan = resolve));
    let stoppedMidRun = false;
    deps.beforeWorkload = (_index, message) => {
      if (restarted || message.shard !== 15) return;
      restarted = (async () => {
        await azurite.stop();
        stoppedMidRun = true;
        await new Promise((r) => setTimeout(r, 1500));
        azurite = await startAzurite({ location, services: ['table', 'queue'], ports });
      })();
      outageBegan(restarted);
    };
    let run;
    try {
      const second = await startRun(deps, 'manual', '2026-11-21');
      await await outage;
      run = await waitForRun(second.runId, 90_000);
    } finally {
      delete deps.beforeWorkload;
    }
    expect(stoppedMidRun).toBe(true);
    // Exact figures after the recovery: every workload evaluated and written once, none lost.
    expect(run).toMatchObject({ status: 'completed', shardsDone: 16, workloadsEvaluated: count, workloadsWritten: count, workloadsFirstState: 0, errors: 0, poison: [] });

    const events = [];
    for await (const e of deps.runs.changes.listEntities<Record<string, unknown>>({ queryOptions: { filter: "PartitionKey eq '2026-11-21'" } })) events.push(`${e.tenantId} ${e.kind}`);
    expect(events.sort()).toEqual(Array.from({ length: count }, (_, n) => `${tenant(n)} usage-rising-before-claim`).sort());
    expect(run.changesFound).toBe(count);
    for (let n = 0; n < count; n++) {
      const e = await deps.store.workloads.getEntity<Record<string, unknown>>(tenant(n), 'defender-for-endpoint');
      expect(JSON.parse(String(e.nightState)).monthlyActiveUsers).toBe(80);
    }
  }, 150_000);
});
