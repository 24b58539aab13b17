/**
 * A large import never freezes the API: parsing, checking and evaluating the rows yield to the
 * event loop, so a health check answers while a multi-MiB CSV is imported over HTTP. Measured
 * both as the health checks' latency and, less noisy on a loaded machine, as the event loop's
 * own delay inside the process (monitorEventLoopDelay), which is what a blocked loop shows as.
 */
import { performance } from 'node:perf_hooks';
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { watchLoopBlocking } from '../support/loopBlocking';

useAzurite();
const host = useTestHost();

const WORKLOADS = ['intune', 'teams', 'defender-for-endpoint', 'defender-for-identity', 'exchange-online', 'sharepoint-online', 'entra-id-p2', 'copilot-m365'];
const TENANTS = 40;
const MONTHS = 24;
/** Columns the import ignores, as wide exports carry them (about 500 bytes a row). */
const EXTRA = Array.from({ length: 12 }, (_, i) => `Extra ${i}`);
const EXTRA_VALUES = EXTRA.map((_, i) => `"note ${i}: ${'lorem ipsum, dolor '.repeat(2)}"`).join(',');

/** 40 tenants x 8 workloads x 24 months (2024-01 to 2025-12) = 7,680 rows of about 600 bytes: 4.4 MiB. */
function bigCsv(): string {
  const lines = [`Customer Tenant ID,Customer Name,Workload,PAU,MAU,Usage Month,Region,Partner ID,${EXTRA.join(',')}`];
  for (let t = 0; t < TENANTS; t++) {
    for (let m = 0; m < MONTHS; m++) {
      const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      for (const [i, w] of WORKLOADS.entries()) lines.push(`${tenant(5000 + t)},"Customer ${t}, Ltd.",${w},${1000 + t},${100 + i * 10 + m},${month},EMEA,1234567,${EXTRA_VALUES}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('a large import does not block the API', () => {
  it('never holds the event loop long while a multi-MiB CSV is imported, so health checks answer meanwhile, and imports it all', async () => {
    const csv = bigCsv();
    expect(Buffer.byteLength(csv)).toBeGreaterThan(3 * 1024 * 1024);
    // Warm the route and the store first, so the measurement is of the import alone.
    expect((await call(host(), 'GET', '/api/v1/health', { key: null })).status).toBe(200);
    await call(host(), 'GET', `/api/v1/workloads?pageSize=1`);

    const loop = watchLoopBlocking();
    let finished = false;
    const importing = call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } }).finally(() => (finished = true));
    const latencies: number[] = [];
    while (!finished) {
      const started = performance.now();
      const r = await call(host(), 'GET', '/api/v1/health', { key: null });
      latencies.push(performance.now() - started);
      expect(r.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const r = await importing;
    const blocking = await loop.stop();

    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ rowsRead: TENANTS * MONTHS * WORKLOADS.length, usageWritten: TENANTS * MONTHS * WORKLOADS.length, workloadsCreated: TENANTS * WORKLOADS.length, rowErrors: 0 });
    const last = await call(host(), 'GET', `/api/v1/workloads/${tenant(5000 + TENANTS - 1)}/copilot-m365`);
    expect(last.json).toMatchObject({ paidAvailableUnits: 1000 + TENANTS - 1, monthlyActiveUsers: 170 + MONTHS - 1, usageMonth: '2025-12' });

    latencies.sort((a, b) => a - b);
    const healthP99 = percentile(latencies, 99);
    // The figures, for the report (the assertions below are what must hold).
    console.log(
      `import of ${(Buffer.byteLength(csv) / 1048576).toFixed(1)} MiB: ${latencies.length} health checks, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${healthP99.toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms; loop held (CPU) p99 ${blocking.p99CpuMs.toFixed(1)} ms, max ${blocking.maxCpuMs.toFixed(1)} ms (${blocking.gcInLongestMs.toFixed(1)} ms of it garbage collection), outside collections max ${blocking.maxCpuOutsideGcMs.toFixed(1)} ms; loop delay (wall) p99 ${blocking.p99WallMs.toFixed(1)} ms, max ${blocking.maxWallMs.toFixed(1)} ms over ${blocking.turns} turns`,
    );
    expect(latencies.length).toBeGreaterThanOrEqual(20);
    // The loop is held in slices of a few tens of milliseconds of work at most (the import before
    // slicing held it for 2.4 s of CPU at once on this file). Full runs on a crowded machine saw
    // turns of 230-280 ms that were a major garbage collection of the test worker's heap (its
    // pauses 320 ms of wall clock), which is not the import's doing: the longest turn is bounded
    // less the collections' pauses (both are printed above). Outside them, the paced import held
    // at most 50-90 ms in eight runs, alone and in full runs; with its pacing taken out, 246-361
    // ms in five (and a p99 of 90-180 ms, so the p99 alone does not tell them apart). Wall-clock
    // latency also counts waiting for a core, which other processes on a shared machine decide,
    // so it is printed above, not asserted.
    expect(blocking.p99CpuMs).toBeLessThan(100);
    expect(blocking.maxCpuOutsideGcMs).toBeLessThan(150);
  }, 180_000);

  it('reads a character whose bytes fall on both sides of a slice handed to the parser', async () => {
    // "ü" is two bytes in UTF-8; the padding puts its first byte at 16,383, the last of the
    // first 16 KiB slice.
    const head = `tenantId,workload,pau,mau,month,padding,customer\n${tenant(5999)},MDE,1000,100,2025-06,`;
    const padding = 'x'.repeat(16 * 1024 - 1 - Buffer.byteLength(head) - ',Z'.length);
    const csv = `${head}${padding},Zürich AG\n`;
    expect(Buffer.from(csv).indexOf(Buffer.from('ü'))).toBe(16 * 1024 - 1);
    const r = await call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.json).toMatchObject({ rowsRead: 1, rowErrors: 0 });
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(5999)}/MDE`)).json.customerName).toBe('Zürich AG');
  });
});
