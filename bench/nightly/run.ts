/**
 * The nightly run over 100,000 tracked workloads in Azurite, 1% of them changed since their
 * stored state, with the ceiling measured in the same run: reading the same table raw (every
 * entity, pages of 1,000). Prints wall time, workloads/s, peak memory of this process (which
 * works the queue as the local host does), the longest single invocation, and the ratio.
 * Targets: under 2 minutes, at least 60% of the raw read rate, under 300 MB, no invocation
 * over 60 s.
 *
 *   npm run bench:nightly            (BENCH_WORKLOADS=20000 for a quick run)
 */
import type { TransactionAction } from '@azure/data-tables';
import { defaultCatalog, parseWith, reevaluate, WorkloadFactsSchema } from '../../shared';
import { loadRegisteredTriggers } from '../../dev/localHost/registry';
import { startTriggers } from '../../dev/localHost/triggers';
import { nightlyDeps } from '../../functions/nightly/nightlyDeps';
import { startRun } from '../../functions/nightly/startRun';
import { startAzurite } from '../../dev/azurite';
import { factsFor } from '../../functions/storage/evaluateTracked';
import { fromWorkloadEntity, TrackedWorkloadSchema, workloadEntity } from '../../functions/storage/trackedWorkload';
import { inParallel } from '../../functions/storage/transactions';
import { peakSampler } from '../support/peakMemory';
import { TEN_WORKLOADS } from '../support/workloadIds';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 100_000);
const PER_TENANT = 10;
const CHANGED_EVERY = 100; // 1%
const NIGHT = '2026-11-22';
const LAST_NIGHT = '2026-11-21';
const IDS = TEN_WORKLOADS;

function tenantId(t: number): string {
  // Spread over the 16 shards like real GUIDs: the first hex digit varies fastest.
  const h = (t * 2654435761) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-0000-4000-8000-${String(t).padStart(12, '0')}`;
}

async function main(): Promise<void> {
  const azurite = await startAzurite({ services: ['table', 'queue'] });
  process.env.INCENTIVES_STORAGE = azurite.connectionString;
  try {
    const deps = await nightlyDeps();
    const { store } = deps;

    // Seed: every workload with last night's state; 1 in 100 has since grown by 2,000 seats.
    const seedStarted = performance.now();
    // Built tenant by tenant as the writers ask for them, never all in memory at once.
    const tenants = Array.from({ length: WORKLOADS / PER_TENANT }, (_, t) => t);
    await inParallel(tenants, 4, async (t) => {
      const actions: TransactionAction[] = [];
      for (let w = 0; w < PER_TENANT; w++) {
        const i = t * PER_TENANT + w;
        const pau = 200 + ((i * 37) % 5000);
        const programId = IDS[w]!.startsWith('defender') || IDS[w] === 'intune' || IDS[w] === 'entra-id-p2' ? 'security-usage' : 'modern-work-usage';
        const fields = TrackedWorkloadSchema.parse({ customerName: `Customer ${t}`, programId, paidAvailableUnits: pau, monthlyActiveUsers: Math.floor(pau / 4) });
        const entity = workloadEntity(tenantId(t), IDS[w]!, fields, { sizeBand: null, eligible: null, evaluatedOn: LAST_NIGHT });
        const record = fromWorkloadEntity({ ...entity, etag: '' });
        const last = reevaluate(defaultCatalog, parseWith(WorkloadFactsSchema, factsFor(record, [], LAST_NIGHT)), null).state;
        // Stored as tonight would compute it unchanged: only the changed 1% differ.
        last.asOfDate = NIGHT;
        entity.nightState = JSON.stringify(last);
        entity.nightOf = LAST_NIGHT;
        if (i % CHANGED_EVERY === 0) entity.paidAvailableUnits = pau + 2000;
        actions.push(['create', entity]);
      }
      await store.writeWorkloadActions(actions);
    });
    console.log(`seeded ${WORKLOADS.toLocaleString('en-US')} workloads in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    // The ceiling: the same table read raw.
    const rawStarted = performance.now();
    let raw = 0;
    for await (const page of store.workloads.listEntities().byPage({ maxPageSize: 1000 })) raw += page.length;
    const rawSeconds = (performance.now() - rawStarted) / 1000;

    // The run, its queue worked in this process as the local host works it.
    const triggers = loadRegisteredTriggers().map((fn) => {
      if (fn.type !== 'queueTrigger') return fn;
      const handler = fn.handler;
      return {
        ...fn,
        handler: async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await handler(...args);
          } finally {
            longest = Math.max(longest, performance.now() - started);
            invocations++;
          }
        },
      };
    });
    let longest = 0;
    let invocations = 0;
    const sampler = peakSampler();
    const started = performance.now();
    const running = startTriggers(triggers, { connectionString: azurite.connectionString, log: (l) => (/failed|poison/.test(l) ? console.error(l) : undefined), timers: false, pollMs: 20 });
    const run = await startRun(deps, 'manual', NIGHT);
    let progress;
    for (;;) {
      progress = await deps.runs.progress(run.runId);
      if (progress && progress.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const peak = sampler.stop();
    await running.stop();

    const rate = progress.workloadsEvaluated / seconds;
    const rawRate = raw / rawSeconds;
    const ratio = rate / rawRate;
    console.log(
      `nightly run: ${progress.status}, ${progress.workloadsEvaluated.toLocaleString('en-US')} workloads evaluated, ${progress.workloadsWritten.toLocaleString('en-US')} changed and written, ${progress.changesFound.toLocaleString('en-US')} events, ${progress.errors} errors, ${invocations} invocations`,
    );
    console.log(`wall time ${seconds.toFixed(1)} s (target under 120 s: ${seconds < 120 ? 'met' : 'NOT met'}); ${Math.round(rate).toLocaleString('en-US')} workloads/s`);
    console.log(`raw read of the same table: ${Math.round(rawRate).toLocaleString('en-US')} entities/s (${raw.toLocaleString('en-US')} in ${rawSeconds.toFixed(1)} s)`);
    console.log(`ratio run / raw read: ${ratio.toFixed(3)}; target at least 0.6: ${ratio >= 0.6 ? 'met' : 'NOT met'}`);
    console.log(
      `peak memory ${(peak / 1024 / 1024).toFixed(0)} MB (target under 300 MB: ${peak < 300 * 1024 * 1024 ? 'met' : 'NOT met'}); longest invocation ${(longest / 1000).toFixed(1)} s (target at most 60 s: ${longest <= 60_000 ? 'met' : 'NOT met'})`,
    );
    if (progress.workloadsEvaluated !== WORKLOADS || progress.status !== 'completed') process.exitCode = 1;
  } finally {
    await azurite.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
