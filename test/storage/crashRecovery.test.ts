/**
 * Azurite killed in the middle of a bulk import, then restarted on the same data: the import
 * fails with a clear "storage unavailable" after its bounded retries, and running it again
 * completes it, leaving exactly the file's rows (none lost, none twice).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, freePort, type Azurite } from '../../dev/azurite';
import { importCsv, type ImportProgress } from '../../functions/storage/csvImport';
import { StorageUnavailable } from '../../functions/storage/storageErrors';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { tenant } from '../support/azurite';

const TENANTS = 300;
const WORKLOADS = ['intune', 'teams', 'defender-for-endpoint', 'defender-for-identity'];
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

function exportFile(): { csv: string; rows: Map<string, string> } {
  const lines = ['Tenant ID,Customer,Workload,PAU,MAU,Month'];
  const rows = new Map<string, string>();
  for (let t = 0; t < TENANTS; t++) {
    for (const w of WORKLOADS) {
      for (const [i, m] of MONTHS.entries()) {
        const pau = 100 + t * 7 + i;
        const mau = 50 + ((t * 13 + i * 17) % 50);
        lines.push(`${tenant(5000 + t)},Customer ${t},${w},${pau},${mau},${m}`);
        rows.set(`${tenant(5000 + t)}/${w}|${m}`, `${pau}/${mau}`);
      }
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows };
}

/** The file in 64 KiB chunks; with `pauseAt`, a 6 s pause there (Azurite saves its data every 5 s). */
async function* chunked(text: string, pauseAt = -1): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += 64 * 1024) {
    if (pauseAt >= 0 && i >= pauseAt && i - 64 * 1024 < pauseAt) await new Promise((r) => setTimeout(r, 6_000));
    yield text.slice(i, i + 64 * 1024);
  }
}

async function storedRows(store: WorkloadStore): Promise<{ usage: Map<string, string>; workloads: number }> {
  const usage = new Map<string, string>();
  for await (const e of store.usage.listEntities<Record<string, unknown>>()) {
    const key = `${e.partitionKey}/${e.rowKey}`;
    if (usage.has(key)) throw new Error(`${key} stored twice`);
    usage.set(key, `${e.paidAvailableUnits}/${e.monthlyActiveUsers}`);
  }
  let workloads = 0;
  for await (const _ of store.workloads.listEntities()) workloads++;
  return { usage, workloads };
}

describe('an import interrupted by a storage crash', () => {
  const location = mkdtempSync(join(tmpdir(), 'azurite-crash-'));
  let azurite: Azurite | undefined;

  afterAll(async () => {
    await azurite?.stop();
    rmSync(location, { recursive: true, force: true });
  });

  it('completes when run again after the restart, with exactly the file rows', async () => {
    const { csv, rows } = exportFile();
    const port = await freePort();
    azurite = await startAzurite({ location, ports: { table: port } });
    const quickToGiveUp = new WorkloadStore(azurite.connectionString, { retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 } });
    await quickToGiveUp.ensureTables();

    let killed: Promise<void> | null = null;
    const onProgress = (p: ImportProgress) => {
      // Killed well after the pause: some rows are saved, those since are lost with the crash.
      if (!killed && p.usageWritten >= rows.size * 0.6) killed = azurite!.kill();
    };
    const first = importCsv(chunked(csv, Math.floor(csv.length * 0.4)), quickToGiveUp, { asOfDate: '2026-11-22', flushRows: 1_000, onProgress });
    await expect(first).rejects.toBeInstanceOf(StorageUnavailable);
    await expect(first).rejects.toThrow(/failed 3 times; last: .*ECONNREFUSED/);
    expect(killed).not.toBeNull();
    await killed;

    azurite = await startAzurite({ location, ports: { table: port } });
    const store = new WorkloadStore(azurite.connectionString);
    await store.ensureTables();
    const before = await storedRows(store);
    expect(before.usage.size).toBeGreaterThan(0);
    expect(before.usage.size).toBeLessThan(rows.size);

    const second = await importCsv(chunked(csv), store, { asOfDate: '2026-11-22' });
    expect(second.rowErrors).toBe(0);
    expect(second.usageWritten + second.unchanged).toBe(rows.size);

    const after = await storedRows(store);
    expect(after.usage).toEqual(rows);
    expect(after.workloads).toBe(TENANTS * WORKLOADS.length);
  }, 120_000);
});
