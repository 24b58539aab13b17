/**
 * API throughput and latency on loopback, with the ceiling measured in the same run:
 * - single-item POST /api/v1/eligibility from 50 concurrent clients for 5 s against the local
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
 *   same engine-only server: what that class costs (the issue's "with and without it").
 * - the host with the stored program catalog (an in-memory Azurite, the catalog seeded and
 *   cached) against the host without storage (the shipped catalog): target at least 0.95;
 * - the 10,000-item batch's answer sent canned by the bare server: the wire and the client
 *   alone, under the floor.
 * The single-item servers (host, engine-only, host without HttpRequest, stored catalog) are
 * loaded in rounds (BENCH_ROUNDS, 3 by default; SECONDS each, 5 by default), and each ratio is
 * the median of the rounds' ratios: the machine drifts by 20-40% over a minute, more than the
 * differences measured.
 * Each server runs in its own process pinned to core 0, and this process (the load, through
 * raw keep-alive sockets that never sleep: loadClient.ts) to core 1, where taskset exists and
 * there are two cores; the client stays light enough that the bare server sets the ceiling.
 *
 *   npm run bench:api            (BENCH_SECONDS=2 BENCH_ROUNDS=1 for a quick run)
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

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
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

/** The rounds of single-item loads: each round loads every server once, one after another. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The single-item servers, loaded in every round; their order turns each round so that none always follows the same one. */
const ROUND_SERVERS = [
  { key: 'host', args: ['host'], label: 'local host (registered handlers)' },
  { key: 'engine', args: ['engine'], label: 'bare node http, engine work only' },
  { key: 'plain', args: ['host-plain'], label: "host without the library's HttpRequest" },
  { key: 'stored', args: ['host-stored'], label: 'host, stored catalog (cached)' },
] as const;
type RoundServer = (typeof ROUND_SERVERS)[number]['key'];

const medianOf = (values: number[]): number => median([...values].sort((a, b) => a - b));

async function main(): Promise<void> {
  const pinning = pinClient();
  const singles = generateWorkloads(1000, 99).map(({ market: _m, milestonesPaid: _p, paidToDateCents: _t, ...facts }) => Buffer.from(JSON.stringify(facts)));
  const batchItems = generateWorkloads(10_000, 42).map(({ market: _m, milestonesPaid: _p, paidToDateCents: _t, ...facts }) => facts);
  const batchBody = Buffer.from(JSON.stringify({ items: batchItems }));

  // The host first: its answer is the bare server's canned response and what the others must
  // answer byte for byte; then its batches, on a fresh process (the peak memory is its own).
  const host = await startServer(['host']);
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
  // Below that floor: the same answer's bytes sent canned (reading the body, no parse, no stringify): the wire and the client alone.
  const cannedBatchFile = join(tmpdir(), `bench-api-canned-batch-${process.pid}.json`);
  writeFileSync(cannedBatchFile, batch.answer);
  let wire: { times: number[]; answer: Buffer };
  try {
    const wireServer = await startServer(['bare', cannedBatchFile]);
    try {
      wire = await timeBatches(wireServer.port, batchBody);
    } finally {
      await stop(wireServer.child);
    }
  } finally {
    rmSync(cannedBatchFile, { force: true });
  }

  const cannedFile = join(tmpdir(), `bench-api-canned-${process.pid}.json`);
  writeFileSync(cannedFile, sample);
  let bareResult: LoadResult;
  try {
    bareResult = await measureServer(['bare', cannedFile], singles, sample);
  } finally {
    rmSync(cannedFile, { force: true });
  }
  // The single-item servers in rounds: the machine drifts by 20-40% over a minute, so each
  // round's ratios compare servers measured within seconds of each other, and the median
  // round's ratio is the figure.
  const runs = new Map<RoundServer, LoadResult[]>(ROUND_SERVERS.map((s) => [s.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < ROUND_SERVERS.length; i++) {
      const server = ROUND_SERVERS[(round + i) % ROUND_SERVERS.length]!;
      runs.get(server.key)!.push(await measureServer([...server.args], singles, sample));
    }
  }
  const perRound = (key: RoundServer, over: RoundServer): number[] => runs.get(key)!.map((r, i) => r.perSecond / runs.get(over)![i]!.perSecond);
  const ratioLine = (label: string, ratios: number[], target: number): string =>
    `ratio ${label}: ${medianOf(ratios).toFixed(3)} (median of the rounds: ${ratios.map((r) => r.toFixed(3)).join(' / ')}); target at least ${target}: ${medianOf(ratios) >= target ? 'met' : 'NOT met'}`;

  const batchTimes = batch.times;
  const batchMedian = median(batchTimes);
  const floorMedian = median(floor.times);
  console.log(`single-item eligibility, ${CLIENTS} concurrent clients, ${SECONDS} s each, ${ROUNDS} rounds, response ~${sample.length} bytes (${pinning})`);
  console.log(line('bare node http, canned response', bareResult));
  for (const server of ROUND_SERVERS) {
    const results = runs.get(server.key)!;
    const mid = [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)]!;
    console.log(line(`${server.label} (median round)`, mid), `  rounds: ${results.map((r) => r.perSecond).join(' / ')}`);
  }
  const hostPerSecond = medianOf(runs.get('host')!.map((r) => r.perSecond));
  console.log(`ratio host / bare: ${(hostPerSecond / bareResult.perSecond).toFixed(3)}; earlier target at least 0.5: ${hostPerSecond / bareResult.perSecond >= 0.5 ? 'met' : 'NOT met'}`);
  console.log(`ratio engine work only / bare: ${(medianOf(runs.get('engine')!.map((r) => r.perSecond)) / bareResult.perSecond).toFixed(3)} (the most any host could reach here)`);
  console.log(ratioLine('host / engine work only', perRound('host', 'engine'), 0.6));
  console.log(ratioLine("host without the library's HttpRequest / engine work only (the same target, with that class taken out)", perRound('plain', 'engine'), 0.6));
  console.log(ratioLine('stored catalog / shipped catalog (host)', perRound('stored', 'host'), 0.95));
  console.log(
    `10,000-item batch (${(batchBody.length / 1024 / 1024).toFixed(1)} MiB request, ${(batch.answer.length / 1024 / 1024).toFixed(1)} MiB answer): best ${batchTimes[0]!.toFixed(0)} ms, median ${batchMedian.toFixed(0)} ms, worst ${batchTimes[batchTimes.length - 1]!.toFixed(0)} ms of ${batchTimes.length}`,
  );
  console.log(`batch floor (JSON.parse of the body + JSON.stringify of the same answers, no validation or evaluation): best ${floor.times[0]!.toFixed(0)} ms, median ${floorMedian.toFixed(0)} ms`);
  console.log(`the same answer's bytes sent canned (the body read, nothing parsed or made: the wire and the client): best ${wire.times[0]!.toFixed(0)} ms, median ${median(wire.times).toFixed(0)} ms`);
  console.log(
    `ratio batch / floor: ${(batchMedian / floorMedian).toFixed(2)}; target within 2x: ${batchMedian <= 2 * floorMedian ? 'met' : 'NOT met'}; target under 120 ms: ${batchMedian < 120 ? 'met' : `NOT met (the floor itself takes ${floorMedian.toFixed(0)} ms here)`}`,
  );
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
