/**
 * Export tracked workloads or the nightly change feed as CSV on stdout, the same file the API
 * answers with `Accept: text/csv` (functions/csv/columns.ts):
 *
 *   npm run export -- workloads > workloads.csv
 *   npm run export -- workloads --programId security-usage --advice claim-now > claim-now.csv
 *   npm run export -- changes --since 2026-11-01 > changes.csv     (since: default 7 days ago)
 *
 * Workload filters are those of GET /api/v1/workloads (--tenantId, --programId, --sizeBand,
 * --customer, --advice, --claimStatus, --eligible, --workload). Storage as for npm run import.
 * Exit codes: 0 written, 2 a bad option (said in words), 3 storage unreachable.
 */
import { once } from 'node:events';
import { azuriteConnectionString } from '../dev/azurite';
import { allPages } from '../functions/csv/answerCsv';
import { CHANGE_COLUMNS, WORKLOAD_COLUMNS } from '../functions/csv/columns';
import { csvChunks } from '../functions/csv/csvText';
import { todayUtc } from '../functions/http/defaults';
import { listQuerySchema } from '../functions/http/listFilters';
import { nightlyDeps } from '../functions/nightly/nightlyDeps';
import { storageConnectionString } from '../functions/storage/connection';
import { StorageInputError, StorageUnavailable } from '../functions/storage/storageErrors';
import { WorkloadStore } from '../functions/storage/workloadStore';
import { isEngineInputError, parseWith } from '../shared';

const USAGE = 'Usage: npm run export -- workloads [--programId X] [--advice claim-now] [--customer name] ... | changes [--since 2026-11-01] [--kind K] [--tenantId T]';

/** `--name value` pairs of the arguments after the list's name. */
function options(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--') || i + 1 >= args.length) throw new StorageInputError(a, `is not an option with a value. ${USAGE}`);
    out[a.slice(2)] = args[++i]!;
  }
  return out;
}

async function write(chunks: AsyncIterable<string>): Promise<number> {
  let bytes = 0;
  for await (const text of chunks) {
    bytes += text.length;
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  }
  // Flushed before the process exits, even into a pipe.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  return bytes;
}

async function main(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'workloads' && what !== 'changes') {
    console.error(USAGE);
    return 2;
  }
  try {
    const given = options(rest);
    if (storageConnectionString() === null) process.env.INCENTIVES_STORAGE = azuriteConnectionString({ table: 10002, queue: 10001 });
    if (what === 'workloads') {
      const { filter } = parseWith(listQuerySchema(todayUtc()), given);
      const store = new WorkloadStore(storageConnectionString()!);
      await write(
        csvChunks(
          WORKLOAD_COLUMNS,
          allPages((token) => store.list(filter, 1000, token)),
        ),
      );
    } else {
      const { since = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10), kind, tenantId, ...unknown } = given;
      if (Object.keys(unknown).length > 0) throw new StorageInputError(Object.keys(unknown)[0]!, `is not an option of changes (--since, --kind, --tenantId). ${USAGE}`);
      const at = new Date(since);
      if (Number.isNaN(at.getTime())) throw new StorageInputError('since', `"${since}" is not a date like 2026-11-01`);
      const deps = await nightlyDeps();
      const query = { since: at, ...(kind ? { kind } : {}), ...(tenantId ? { tenantId } : {}) };
      await write(
        csvChunks(
          CHANGE_COLUMNS,
          allPages((token) => deps.runs.listChanges(query, 1000, token)),
        ),
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof StorageUnavailable) {
      console.error(`${e.message}\nIs storage running (npm start runs Azurite), or is INCENTIVES_STORAGE right?`);
      return 3;
    }
    if (e instanceof StorageInputError || isEngineInputError(e)) {
      console.error(e.message);
      return 2;
    }
    console.error(`The export stopped: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 3;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => process.exit(3),
);
