/**
 * Run the nightly re-evaluation now, from the command line, and follow it to the end:
 *
 *   npm run nightly                       (tonight's date, UTC)
 *   npm run nightly -- --as-of 2026-11-22
 *
 * It starts a run (or follows the active one: one run at a time) and works the shard queue
 * itself, as the local host does, printing progress until every shard is done, and the run
 * in words at the end (how many workloads got their first state among them), and where the
 * morning digest went and whether it was delivered (DIGEST_WEBHOOK_URL). While it
 * follows, it also watches the run: a shard not heard of within NIGHTLY_SILENCE_MINUTES is
 * queued again, and a run given up expires rather than being followed forever. Storage:
 * INCENTIVES_STORAGE or AzureWebJobsStorage, else the Azurite `npm start` runs.
 * Exit 0 when the run completed, 1 when it completed with errors, was cancelled or expired,
 * 3 when storage is unreachable.
 */
import { deliverDigest, digestView, type DigestView } from '../functions/nightly/digest';
import { nightlyDeps, type NightlyDeps } from '../functions/nightly/nightlyDeps';
import { describeRun } from '../functions/nightly/runSummary';
import { watchRun } from '../functions/nightly/watchdog';
import { startRun } from '../functions/nightly/startRun';
import { loadRegisteredTriggers } from '../dev/localHost/registry';
import { startTriggers } from '../dev/localHost/triggers';
import { azuriteConnectionString } from '../dev/azurite';
import { storageConnectionString } from '../functions/storage/connection';
import { StorageUnavailable } from '../functions/storage/storageErrors';

/**
 * The run's digest once its sender has recorded the outcome (it is sent right after the run
 * finishes); a digest not yet sent (the run finished elsewhere) is sent from here.
 */
async function settledDigest(deps: NightlyDeps, runId: string): Promise<DigestView> {
  const until = Date.now() + 60_000;
  for (;;) {
    const view = await digestView(deps, runId, false);
    if (view.status !== 'sending' && view.status !== 'pending') return view;
    if (view.status === 'pending') await deliverDigest(deps, runId);
    if (Date.now() > until) return view;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--as-of');
  const night = at >= 0 ? argv[at + 1] : undefined;
  if (night !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(night)) {
    console.error(`--as-of needs a date like 2026-11-22, got ${night}`);
    return 2;
  }
  if (storageConnectionString() === null) process.env.INCENTIVES_STORAGE = azuriteConnectionString({ table: 10002, queue: 10001 });
  const connection = storageConnectionString()!;
  let deps;
  try {
    deps = await nightlyDeps();
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\nIs storage running (npm start runs Azurite), or is INCENTIVES_STORAGE right?`);
    return 3;
  }
  const run = await startRun(deps, 'manual', night);
  console.log(run.started ? `Run ${run.runId} started for ${run.night}.` : `Run ${run.runId} (${run.night}) is active already; following it.`);
  const triggers = startTriggers(loadRegisteredTriggers(), { connectionString: connection, log: (line) => (/failed|poison|unreachable/.test(line) ? console.error(line) : undefined), timers: false });
  try {
    let last = '';
    let watched = 0;
    for (;;) {
      const p = await deps.runs.progress(run.runId);
      if (p === null) throw new Error(`run ${run.runId} is not recorded in storage (was its row lost?); its parts record it again when they run`);
      const first = p.workloadsFirstState > 0 ? ` (${p.workloadsFirstState.toLocaleString('en-US')} of them first states, no event)` : '';
      const line = `${p.shardsDone}/${p.shardsTotal} shards, ${p.workloadsEvaluated.toLocaleString('en-US')} workloads evaluated, ${p.workloadsWritten.toLocaleString('en-US')} written${first}, ${p.changesFound.toLocaleString('en-US')} events, ${p.errors} errors`;
      if (line !== last) {
        console.log(line);
        last = line;
      }
      if (p.status !== 'running') {
        console.log(`Run ${p.runId}: ${describeRun(p)}`);
        console.log(`Changes: GET /api/v1/changes?since=${p.night}`);
        console.log(`Digest: ${(await settledDigest(deps, p.runId)).message}`);
        return p.status === 'completed' ? 0 : 1;
      }
      // Every 10 s: queue silent shards again, or expire a run given up.
      if (Date.now() - watched > 10_000) {
        watched = Date.now();
        const outcome = await watchRun(deps, run.runId);
        for (const r of outcome?.requeued ?? []) console.error(`Shard ${r.shard} part ${r.part} was not heard of in time; queued again.`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await triggers.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof StorageUnavailable ? e.message : e);
    process.exit(e instanceof StorageUnavailable ? 3 : 4);
  },
);
