/**
 * API throughput and latency on loopback, with the ceiling measured in the same run:
 * - single-item POST /api/v1/eligibility from 50 concurrent clients for 10 s against the local
 *   host, then the same load against a bare Node http server answering a canned response of
 *   the same size (target: the host serves at least 50% of the bare server's requests/s);
 * - the same load against a bare Node http server that does only the engine's own work per
 *   request (parse, validate, verdict, advice, serialise; no host): the most any host serving
 *   these answers could reach on this machine, to tell the host's cost from the engine's;
 * - POST /api/v1/eligibility with 10,000 items, next to its floor measured the same way: a bare
 *   server that only parses that request body and stringifies the same answers (no validation,
 *   no evaluation); targets: median within 2x the floor and under 120 ms; the host's peak
 *   memory (its process's high-water RSS, read from /proc after the first batch and after all
 *   13) under 150 MB;
 * - the host handing handlers a plain object instead of the library's HttpRequest, against the
 *   same engine-only server: what that class costs (the "with and without it").
 * - the host with the stored program catalog (an in-memory Azurite, the catalog seeded and
 *   cached) against the host without storage (the shipped catalog), alternated in rounds
 *   (BENCH_STORED_ROUNDS, 2 by default), best of each: target at least 0.95 (within 5%).
 * Each server runs in its own process pinned to core 0, and this process (the load, through
 * raw keep-alive sockets that never sleep: loadClient.ts) to core 1, where taskset exists and
 * there are two cores; the client stays light enough that the bare server sets the ceiling.
 *
 *   npm run bench:api            (BENCH_SECONDS=3 for a quick run)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorkloads } from '../../dev/support/generateWorkloads';
import { workerNodeArguments } from '../../dev/workerFlags';
import { loadServer, preparedPost, type LoadResult } from './loadClient';

/** The server script beside this one: compiled by npm run bench:api, or run from source with tsx. */
const SERVER = __filename.endsWith('.ts') ? ['--import', 'tsx', join(__dirname, 'server.ts')] : [join(__dirname, 'server.js')];

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 50;
const KEY = 'bench-key';
const ELIGIBILITY = '/api/v1/eligibility';

const PIN = process.platform === 'linux' && process.env.BENCH_PIN !== '0';

/** Pin this process (the load) to core 1, away from the servers on core 0; says where things run. */
function pinClient(): string {
  if (!PIN) return 'unpinned';
  if (availableParallelism() < 2) return 'servers on core 0, load unpinned (one core)';
  try {
    execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    return 'servers on core 0, load on core 1';
  } catch {
    return 'servers on core 0, load unpinned (taskset -p failed)';
  }
}

function startServer(args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const command = PIN ? 'taskset' : process.execPath;
  // Every server runs with the app's own V8 flags (dev/workerFlags.ts) unless BENCH_NODE_FLAGS says otherwise.
  const nodeArgs = process.env.BENCH_NODE_FLAGS !== undefined ? process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean) : workerNodeArguments();
  const commandArgs = PIN ? ['-c', '0', process.execPath, ...nodeArgs, ...SERVER, ...args] : [...nodeArgs, ...SERVER, ...args];
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, INCENTIVES_API_KEY: KEY } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000).unref();
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function post(agent: Agent, port: number, path: string, body: Buffer): Promise<{ status: number; body: Buffer; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-functions-key': KEY } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Ten timed 10,000-item batches after three warm-ups: each request's time, and the last answer;
 * `afterFirst` runs once the first batch is answered (the host's peak memory of one batch).
 */
async function timeBatches(port: number, batchBody: Buffer, afterFirst?: () => void): Promise<{ times: number[]; answer: Buffer }> {
  const agent = new Agent({ keepAlive: true });
  const times: number[] = [];
  let answer: Buffer = Buffer.alloc(0);
  try {
    for (let i = 0; i < 13; i++) {
      const r = await post(agent, port, ELIGIBILITY, batchBody);
      if (r.status !== 200) throw new Error(`batch answered ${r.status}`);
      if (i === 0) afterFirst?.();
      if (i >= 3) times.push(r.ms);
      answer = r.body;
    }
  } finally {
    agent.destroy();
  }
  return { times: times.sort((a, b) => a - b), answer };
}

/** A process's peak resident memory so far in MB (VmHWM, Linux), or null where /proc has none. */
function peakMemoryMb(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const median = (sorted: number[]): number => sorted[Math.floor(sorted.length / 2)]!;

/**
 * Start a server, check that it answers the first request with `expected` byte for byte (so
 * that it is measured serving the host's answer), load it with the single-item requests, stop it.
 */
async function measureServer(args: string[], singles: Buffer[], expected: Buffer): Promise<LoadResult> {
  const server = await startServer(args);
  try {
    const agent = new Agent({ keepAlive: true });
    const first = await post(agent, server.port, ELIGIBILITY, singles[0]!);
    agent.destroy();
    if (first.status !== 200 || !first.body.equals(expected)) throw new Error(`server.js ${args[0]} does not answer what the host answers`);
    return await loadSingles(server.port, singles);
  } finally {
    await stop(server.child);
  }
}

/** The single-item load: 50 connections for SECONDS, cycling through the prepared requests. */
function loadSingles(port: number, singles: Buffer[]): Promise<LoadResult> {
  return loadServer(
    port,
    singles.map((b) => preparedPost(port, ELIGIBILITY, b, KEY)),
    CLIENTS,
    SECONDS,
  );
}

function line(label: string, r: LoadResult): string {
  return `${label.padEnd(34)} ${String(r.perSecond).padStart(7)} requests/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.requests} requests, ${r.errors} errors)`;
}

async function main(): Promise<void> {
  const pinning = pinClient();
  const singles = generateWorkloads(1000, 99).map(({ market: _m, milestonesPaid: _p, paidToDateCents: _t, ...facts }) => Buffer.from(JSON.stringify(facts)));
  const batchItems = generateWorkloads(10_000, 42).map(({ market: _m, milestonesPaid: _p, paidToDateCents: _t, ...facts }) => facts);
  const batchBody = Buffer.from(JSON.stringify({ items: batchItems }));

  // The host first: its answer is the bare server's canned response and what the engine-only
  // server must answer byte for byte.
  const host = await startServer(['host']);
  let hostResult: LoadResult;
  let sample: Buffer;
  let batch: { times: number[]; answer: Buffer };
  let batchPeakMb: number | null;
  let firstBatchPeakMb: number | null = null;
  try {
    const agent = new Agent({ keepAlive: true });
    const first = await post(agent, host.port, ELIGIBILITY, singles[0]!);
    agent.destroy();
    if (first.status !== 200) throw new Error(`the host answered ${first.status}: ${first.body.toString().slice(0, 300)}`);
    sample = first.body;
    // The 10,000-item batch: a few warm-up requests, then ten measured; the peak memory is the host's so far (start-up and batches).
    batch = await timeBatches(host.port, batchBody, () => (firstBatchPeakMb = peakMemoryMb(host.child.pid)));
    batchPeakMb = peakMemoryMb(host.child.pid);
    hostResult = await loadSingles(host.port, singles);
  } finally {
    await stop(host.child);
  }
  // The batch's floor: parse the same body, stringify the same answers; it must answer byte for byte what the host answered.
  const floorServer = await startServer(['batch-floor']);
  let floor: { times: number[]; answer: Buffer };
  try {
    floor = await timeBatches(floorServer.port, batchBody);
  } finally {
    await stop(floorServer.child);
  }
  if (!floor.answer.equals(batch.answer)) throw new Error('the batch floor server does not answer what the host answers');
  const cannedFile = join(tmpdir(), `bench-api-canned-${process.pid}.json`);
  writeFileSync(cannedFile, sample);
  let bareResult: LoadResult;
  try {
    bareResult = await measureServer(['bare', cannedFile], singles, sample);
  } finally {
    rmSync(cannedFile, { force: true });
  }
  const engineResult = await measureServer(['engine'], singles, sample);
  // The host without the library's HttpRequest class, right after the engine-only server: what that class costs.
  const plainResult = await measureServer(['host-plain'], singles, sample);

  // The stored catalog's cache-hit path against the shipped catalog, alternated (the machine drifts).
  const storedRuns: LoadResult[] = [];
  const shippedRuns: LoadResult[] = [];
  for (let round = 0; round < Number(process.env.BENCH_STORED_ROUNDS ?? 2); round++) {
    shippedRuns.push(await measureServer(['host'], singles, sample));
    storedRuns.push(await measureServer(['host-stored'], singles, sample));
  }
  const best = (runs: LoadResult[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

  const ratio = hostResult.perSecond / bareResult.perSecond;
  const batchTimes = batch.times;
  const batchMedian = median(batchTimes);
  const floorMedian = median(floor.times);
  console.log(`single-item eligibility, ${CLIENTS} concurrent clients, ${SECONDS} s each, response ~${sample.length} bytes (${pinning})`);
  console.log(line('local host (registered handlers)', hostResult));
  console.log(line('bare node http, canned response', bareResult));
  console.log(line('bare node http, engine work only', engineResult));
  console.log(`ratio host / bare: ${ratio.toFixed(3)}; target at least 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
  const hostToEngine = hostResult.perSecond / engineResult.perSecond;
  console.log(`ratio engine work only / bare: ${(engineResult.perSecond / bareResult.perSecond).toFixed(3)} (the most any host could reach here)`);
  console.log(`ratio host / engine work only: ${hostToEngine.toFixed(3)}; target at least 0.6: ${hostToEngine >= 0.6 ? 'met' : 'NOT met'}`);
  const plainToEngine = plainResult.perSecond / engineResult.perSecond;
  console.log(line("host without the library's HttpRequest", plainResult));
  console.log(`ratio host without the library's HttpRequest / engine work only: ${plainToEngine.toFixed(3)} (the same target, with that class taken out)`);
  console.log(
    `10,000-item batch (${(batchBody.length / 1024 / 1024).toFixed(1)} MiB request, ${(batch.answer.length / 1024 / 1024).toFixed(1)} MiB answer): best ${batchTimes[0]!.toFixed(0)} ms, median ${batchMedian.toFixed(0)} ms, worst ${batchTimes[batchTimes.length - 1]!.toFixed(0)} ms of ${batchTimes.length}`,
  );
  console.log(`batch floor (JSON.parse of the body + JSON.stringify of the same answers, no validation or evaluation): best ${floor.times[0]!.toFixed(0)} ms, median ${floorMedian.toFixed(0)} ms`);
  console.log(
    `ratio batch / floor: ${(batchMedian / floorMedian).toFixed(2)}; target within 2x: ${batchMedian <= 2 * floorMedian ? 'met' : 'NOT met'}; target under 120 ms: ${batchMedian < 120 ? 'met' : 'NOT met'}`,
  );
  if (storedRuns.length > 0) {
    const stored = best(storedRuns);
    const shipped = best(shippedRuns);
    const storedRatio = stored.perSecond / shipped.perSecond;
    console.log(line('host, shipped catalog (best)', shipped), `  rounds: ${shippedRuns.map((r) => r.perSecond).join(' / ')}`);
    console.log(line('host, stored catalog (best)', stored), `  rounds: ${storedRuns.map((r) => r.perSecond).join(' / ')}`);
    console.log(`ratio stored catalog / shipped catalog: ${storedRatio.toFixed(3)}; target at least 0.95: ${storedRatio >= 0.95 ? 'met' : 'NOT met'}`);
  }
  if (batchPeakMb === null || firstBatchPeakMb === null) console.log('host peak memory: not measurable here (no /proc)');
  else {
    console.log(`host peak memory, start-up and one batch: ${firstBatchPeakMb} MB; target under 150 MB: ${firstBatchPeakMb < 150 ? 'met' : 'NOT met'}`);
    console.log(`host peak memory, start-up and 13 batches in a row: ${batchPeakMb} MB; target under 150 MB: ${batchPeakMb < 150 ? 'met' : 'NOT met'}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
