/**
 * Does the nightly's fan-out scale with queue workers? One Azurite, one seeded table, then the
 * same night run three times, worked by 1, 2 and 4 queue workers in parallel: each worker a
 * separate Node process running the app's queue trigger as the local host does (host.json's
 * batch of 4), as Functions instances would. Prints workloads/s for each and the speed-up over
 * one worker, all measured in this run. A warm-up run first settles the 1% of changed
 * workloads, so the three measured runs do the same work (read and evaluate every workload).
 *
 *   npm run bench:fanout              (BENCH_WORKLOADS=40000 by default)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startAzurite } from '../../dev/azurite';
import { loadRegisteredTriggers } from '../../dev/localHost/registry';
import { startTriggers } from '../../dev/localHost/triggers';
import { nightlyDeps } from '../../functions/nightly/nightlyDeps';
import type { RunProgress } from '../../functions/nightly/runStore';
import { startRun } from '../../functions/nightly/startRun';
import { NIGHT, seedWorkloads } from './seed';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 40_000);
const WORKERS = [1, 2, 4];

/** A queue worker: the app's queue trigger against INCENTIVES_STORAGE until told to stop. */
function worker(): void {
  const running = startTriggers(loadRegisteredTriggers(), {
    connectionString: process.env.INCENTIVES_STORAGE!,
    log: (l) => (/failed|poison/.test(l) ? console.error(l) : undefined),
    timers: false,
    pollMs: 20,
  });
  process.send?.('ready');
  process.on('message', (m) => {
    if (m === 'stop') void running.stop().then(() => process.exit(0));
  });
}

function startWorker(connectionString: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--worker'], { env: { ...process.env, INCENTIVES_STORAGE: connectionString }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return once(child, 'message').then(() => child);
}

async function stopWorker(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.send('stop');
  await exited;
}

async function runWith(workers: number, connectionString: string): Promise<{ seconds: number; progress: RunProgress }> {
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(connectionString)));
  try {
    const deps = await nightlyDeps();
    const started = performance.now();
    const run = await startRun(deps, 'manual', NIGHT);
    if (!run.started) throw new Error(`run ${run.runId} was active already`);
    for (;;) {
      const progress = await deps.runs.progress(run.runId);
      if (progress && progress.status !== 'running') return { seconds: (performance.now() - started) / 1000, progress };
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(children.map(stopWorker));
  }
}

async function main(): Promise<void> {
  const azurite = await startAzurite({ services: ['table', 'queue'] });
  process.env.INCENTIVES_STORAGE = azurite.connectionString;
  try {
    const deps = await nightlyDeps();
    const seedStarted = performance.now();
    await seedWorkloads(deps.store, WORKLOADS);
    console.log(`seeded ${WORKLOADS.toLocaleString('en-US')} workloads in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const warm = await runWith(4, azurite.connectionString);
    console.log(`warm-up (4 workers): ${warm.progress.workloadsWritten.toLocaleString('en-US')} changed workloads written in ${warm.seconds.toFixed(1)} s`);
    let one = 0;
    for (const workers of WORKERS) {
      const { seconds, progress } = await runWith(workers, azurite.connectionString);
      const rate = progress.workloadsEvaluated / seconds;
      one ||= rate;
      console.log(
        `${workers} worker${workers > 1 ? 's' : ' '}: ${progress.status}, ${progress.workloadsEvaluated.toLocaleString('en-US')} workloads in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en-US')} workloads/s (x${(rate / one).toFixed(2)} of 1 worker), ${progress.workloadsWritten} written, ${progress.errors} errors`,
      );
      if (progress.status !== 'completed' || progress.workloadsEvaluated !== WORKLOADS) process.exitCode = 1;
    }
  } finally {
    await azurite.stop();
  }
}

if (process.argv.includes('--worker')) worker();
else
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
