/**
 * Run the nightly re-evaluation now, from the command line, and follow it to the end:
 *
 *   npm run nightly                       (tonight's date, UTC)
 *   npm run nightly -- --as-of 2026-11-22
 *
 * It starts a run (or follows the active one: one run at a time) and works the shard queue
 * itself, as the local host does, printing progress until every shard is done. Storage:
 * INCENTIVES_STORAGE or AzureWebJobsStorage, else the Azurite `npm start` runs.
 * Exit 0 when the run completed, 1 when it completed with errors, 3 when storage is unreachable.
 */
import { nightlyDeps } from '../functions/nightly/nightlyDeps';
import { startRun } from '../functions/nightly/startRun';
import { loadRegisteredTriggers } from '../functions/localHost/registry';
import { startTriggers } from '../functions/localHost/triggers';
import { azuriteConnectionString } from '../functions/storage/azurite';
import { storageConnectionString } from '../functions/storage/connection';
import { StorageUnavailable } from '../functions/storage/storageErrors';

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
    for (;;) {
      const p = await deps.runs.progress(run.runId);
      if (p === null) throw new Error(`run ${run.runId} vanished`);
      const line = `${p.shardsDone}/${p.shardsTotal} shards, ${p.workloadsEvaluated.toLocaleString('en-US')} workloads evaluated, ${p.workloadsWritten.toLocaleString('en-US')} changed, ${p.changesFound.toLocaleString('en-US')} events, ${p.errors} errors`;
      if (line !== last) {
        console.log(line);
        last = line;
      }
      if (p.status !== 'running') {
        console.log(`Run ${p.runId}: ${p.status}.${p.poison.length > 0 ? ` Poison parts: ${p.poison.map((x) => `shard ${x.shard} part ${x.part} (${x.error})`).join('; ')}.` : ''}`);
        console.log(`Changes: GET /api/v1/changes?since=${p.night}`);
        return p.status === 'completed' ? 0 : 1;
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
