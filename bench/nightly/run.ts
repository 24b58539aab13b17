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
import { loadRegisteredTriggers } from '../../dev/localHost/registry';
import { startTriggers } from '../../dev/localHost/triggers';
import { nightlyDeps } from '../../functions/nightly/nightlyDeps';
import { startRun } from '../../functions/nightly/startRun';
import { startAzurite } from '../../dev/azurite';
import { peakSampler } from '../support/peakMemory';
import { seedWorkloads } from './seed';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 100_000);
const NIGHT = '2026-11-22';

async function main(): Promise<void> {
  const azurite = await startAzurite({ services: ['table', 'queue'] });
  process.env.INCENTIVES_STORAGE = azurite.connectionString;
  try {
    const deps = await nightlyDeps();
    const { store } = deps;

    const seedStarted = performance.now();
    await seedWorkloads(store, WORKLOADS);
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
