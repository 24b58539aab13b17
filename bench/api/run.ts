/**
 * API throughput and latency on loopback, with the ceiling measured in the same run:
 * - single-item POST /api/v1/eligibility from 50 concurrent clients against the local
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
 * The single-item servers (the bare one, host, engine-only, host without HttpRequest, stored
 * catalog) all run at once and are loaded in turn, in slices (BENCH_SLICES, 6; BENCH_SECONDS
 * each, 2, after a second's warm-up; one turn each, unmeasured, first): the machine drifts by 20-40% within a minute, more than
 * the differences measured, and loaded in short turns every server sees the same drift.
 * Each server runs in its own process pinned to core 0, and this process (the load, through
 * raw keep-alive sockets that never sleep: loadClient.ts) to core 1, where taskset exists and
 * there are two cores; the client stays light enough that the bare server sets the ceiling.
 *
 *   npm run bench:api            (BENCH_SECONDS=1 BENCH_SLICES=1 for a quick run)
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

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
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

/** The single-item load: 50 connections for SECONDS, cycling through the prepared requests. */
function loadSingles(port: number, singles: Buffer[]): Promise<LoadResult> {
  return loadServer(
    port,
    singles.map((b) => preparedPost(port, ELIGIBILITY, b, KEY)),
    CLIENTS,
    SECONDS,
  );
}

function line(label: string, r: Pick<LoadResult, 'perSecond' | 'p50' | 'p99' | 'requests' | 'errors'>): string {
  return `${label.padEnd(34)} ${String(r.perSecond).padStart(7)} requests/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.requests} requests, ${r.errors} errors)`;
}

/** Single-item loads come in slices: every server is loaded for SECONDS in each slice, one after another. */
const SLICES = Number(process.env.BENCH_SLICES ?? 6);

/** The single-item servers, all running at once and loaded in turn; their order turns each slice so that none always follows the same one. */
const SLICED_SERVERS = [
  { key: 'host', args: ['host'], label: 'local host (registered handlers)' },
  { key: 'engine', args: ['engine'], label: 'bare node http, engine work only' },
  { key: 'plain', args: ['host-plain'], label: "host without the library's HttpRequest" },
  { key: 'stored', args: ['host-stored'], label: 'host, stored catalog (cached)' },
  { key: 'bare', args: ['bare'], label: 'bare node http, canned response' },
] as const;
type SlicedServer = (typeof SLICED_SERVERS)[number]['key'];

/** A server's slices added up: its requests/s over all of them, its worst p99, and each slice's rate. */
interface SlicedResult {
  perSecond: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  slices: number[];
}

function addUp(results: LoadResult[]): SlicedResult {
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const seconds = results.reduce((n, r) => n + r.requests / r.perSecond, 0);
  return {
    perSecond: Math.round(requests / seconds),
    requests,
    errors: results.reduce((n, r) => n + r.errors, 0),
    p50: median(results.map((r) => r.p50).sort((a, b) => a - b)),
    p99: Math.max(...results.map((r) => r.p99)),
    slices: results.map((r) => r.perSecond),
  };
}

/**
 * Every single-item server started at once; then SLICES slices, each loading every server for
 * SECONDS in turn. The machine drifts by 20-40% within a minute, more than the differences
 * measured: loaded in short turns, every server sees the same drift.
 */
async function measureSliced(singles: Buffer[], sample: Buffer, cannedFile: string): Promise<Map<SlicedServer, SlicedResult>> {
  const started: Array<{ key: SlicedServer; port: number; child: ChildProcess }> = [];
  try {
    for (const s of SLICED_SERVERS) {
      const server = await startServer(s.key === 'bare' ? [...s.args, cannedFile] : [...s.args]);
      started.push({ key: s.key, ...server });
      const agent = new Agent({ keepAlive: true });
      const first = await post(agent, server.port, ELIGIBILITY, singles[0]!);
      agent.destroy();
      if (first.status !== 200 || !first.body.equals(sample)) throw new Error(`server.js ${s.args[0]} does not answer what the host answers`);
    }
    // A first, unmeasured turn for each: the JIT has compiled every server's path before the slices.
    for (const server of started) await loadSingles(server.port, singles);
    const results = new Map<SlicedServer, LoadResult[]>(SLICED_SERVERS.map((s) => [s.key, []]));
    for (let slice = 0; slice < SLICES; slice++) {
      for (let i = 0; i < started.length; i++) {
        const server = started[(slice + i) % started.length]!;
        results.get(server.key)!.push(await loadSingles(server.port, singles));
      }
    }
    return new Map([...results].map(([key, r]) => [key, addUp(r)]));
  } finally {
    await Promise.all(started.map((s) => stop(s.child)));
  }
}

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
  let sliced: Map<SlicedServer, SlicedResult>;
  try {
    sliced = await measureSliced(singles, sample, cannedFile);
  } finally {
    rmSync(cannedFile, { force: true });
  }
  const rate = (key: SlicedServer): number => sliced.get(key)!.perSecond;
  const ratioLine = (label: string, key: SlicedServer, over: SlicedServer, target: number): string => {
    const perSlice = sliced.get(key)!.slices.map((r, i) => r / sliced.get(over)!.slices[i]!);
    const ratio = rate(key) / rate(over);
    return `ratio ${label}: ${ratio.toFixed(3)} (slices ${Math.min(...perSlice).toFixed(2)} to ${Math.max(...perSlice).toFixed(2)}); target at least ${target}: ${ratio >= target ? 'met' : 'NOT met'}`;
  };

  const batchTimes = batch.times;
  const batchMedian = median(batchTimes);
  const floorMedian = median(floor.times);
  console.log(`single-item eligibility, ${CLIENTS} concurrent clients, ${SLICES} slices of ${SECONDS} s for each server, response ~${sample.length} bytes (${pinning})`);
  for (const server of SLICED_SERVERS) {
    const r = sliced.get(server.key)!;
    console.log(line(server.label, r), `  slices: ${r.slices.join(' / ')}`);
  }
  console.log(ratioLine('host / bare (earlier target)', 'host', 'bare', 0.5));
  console.log(`ratio engine work only / bare: ${(rate('engine') / rate('bare')).toFixed(3)} (the most any host could reach here)`);
  console.log(ratioLine('host / engine work only', 'host', 'engine', 0.6));
  console.log(ratioLine("host without the library's HttpRequest / engine work only (the same target, with that class taken out)", 'plain', 'engine', 0.6));
  console.log(ratioLine('stored catalog / shipped catalog (host)', 'stored', 'host', 0.95));
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
