/**
 * Where a single request's time goes: runs one of bench/api's servers (the local host by
 * default, or the engine-only server) under V8's CPU profiler, loads it as bench:api does
 * (50 keep-alive connections, single-item eligibility) and prints the CPU time per request
 * split by what it was spent on: node's HTTP parsing, routing, the key check, building the
 * request objects, the handler (reading the body, validation, the engine, serialising the
 * answer), writing the response, garbage collection. Start-up is left out.
 *
 *   npm run bench:build && node .bench/bench/api/profile.js [host|engine] [seconds]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorkloads } from '../../dev/support/generateWorkloads';
import { loadServer, preparedPost } from './loadClient';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * What a sample's time was spent on: the first rule (in this order, most specific first) that
 * some frame of its stack matches decides. `file` matches the script's path.
 */
const RULES: Array<{ name: string; file: RegExp; category: string }> = [
  { name: 'text|json|arrayBuffer|__awaiter', file: /@azure\/functions\/dist\/azure-functions\.js$/, category: 'library: HttpRequest body methods (@azure/functions)' },
  { name: 'HttpRequest', file: /@azure\/functions\/dist\/azure-functions\.js$/, category: 'library: new HttpRequest (@azure/functions)' },
  { name: 'InvocationContext', file: /@azure\/functions\/dist\/azure-functions\.js$/, category: 'library: new InvocationContext (@azure/functions)' },
  { name: 'readJson', file: /functions\/http\/readJson\.js$/, category: 'handler: read the JSON body' },
  { name: 'parseWith', file: /shared\/errors\.js$/, category: 'handler: validation' },
  { name: 'json', file: /functions\/http\/respond\.js$/, category: 'handler: JSON.stringify of the answer' },
  { name: 'eligibilityAnswer', file: /functions\/http\/eligibility\.js$/, category: 'handler: engine (verdict, advice)' },
  { name: 'LocalRequest|IncomingHeaders|requestFor|headersOf', file: /dev\/localHost\/(localRequest|server)\.js$/, category: 'host: request objects (headers, native request)' },
  { name: 'requestUrl|routeFor|matchRoutes', file: /dev\/localHost\/server\.js$/, category: 'host: URL and routing' },
  { name: 'sameKey|authorised', file: /dev\/localHost\/server\.js$/, category: 'host: key check' },
  { name: 'writeResult|send', file: /dev\/localHost\/server\.js$/, category: 'host: writing the response (headers, body, socket)' },
  { name: 'logLine|logRequest', file: /dev\/localHost\/server\.js$/, category: 'host: request log' },
  { name: '', file: /functions\/http\/eligibility\.js$/, category: 'handler: other' },
  { name: '', file: /dev\/localHost\/server\.js$/, category: 'host: other (dispatch)' },
  { name: '', file: /bench\/api\/server\.js$/, category: 'engine-only server: its own code (JSON.parse, JSON.stringify, response)' },
  { name: 'parserOnHeadersComplete|parserOnIncoming|parserOnBody|parserOnMessageComplete|execute', file: /./, category: 'node: HTTP parsing, IncomingMessage' },
  { name: 'writev|writeGeneric|writeBuffer|writeUtf8String', file: /./, category: 'node: socket writes' },
  { name: 'onStreamRead', file: /./, category: 'node: socket reads' },
  { name: '(garbage collector)', file: /^$/, category: 'garbage collection' },
];

function categorise(stack: ProfileNode[]): string | null {
  if (stack.some((n) => n.callFrame.functionName.startsWith('Module._') || n.callFrame.url.endsWith('run_main.js'))) return null; // start-up
  const leaf = stack[stack.length - 1]!;
  if (leaf.callFrame.functionName === '(idle)' || leaf.callFrame.functionName === '(program)') return null;
  for (const rule of RULE_MATCHERS) {
    if (stack.some((n) => rule.name.test(n.callFrame.functionName) && rule.file.test(n.callFrame.url))) return rule.category;
  }
  return 'other (event loop, promises, timers)';
}

const RULE_MATCHERS = RULES.map((r) => ({ ...r, name: r.name === '' ? /^/ : new RegExp(`^(${r.name.replace(/[()]/g, '\\$&')})$`) }));

function split(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const timeById = new Map<number, number>();
  profile.samples.forEach((id, i) => timeById.set(id, (timeById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const out = new Map<string, number>();
  for (const [id, micros] of timeById) {
    const stack: ProfileNode[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.unshift(byId.get(cur)!);
    const category = categorise(stack);
    if (category !== null) out.set(category, (out.get(category) ?? 0) + micros);
  }
  return out;
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'host';
  const seconds = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-profile-'));
  const pin = process.platform === 'linux' && availableParallelism() >= 2;
  if (pin) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(__dirname, 'server.js'), mode];
  const child = pin
    ? spawn('taskset', ['-c', '0', process.execPath, ...nodeArgs], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, INCENTIVES_API_KEY: 'bench-key' } })
    : spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, INCENTIVES_API_KEY: 'bench-key' } });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const singles = generateWorkloads(1000, 99).map(({ market: _m, milestonesPaid: _p, paidToDateCents: _t, ...facts }) =>
      preparedPost(port, '/api/v1/eligibility', Buffer.from(JSON.stringify(facts)), 'bench-key'),
    );
    const result = await loadServer(port, singles, 50, seconds);
    await new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no profile');
    const parts = split(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
    const total = [...parts.values()].reduce((a, b) => a + b, 0);
    console.log(`${mode}: ${result.perSecond} requests/s under the profiler (${result.requests} requests); CPU per request ${(total / result.requests).toFixed(1)} µs, split:`);
    for (const [category, micros] of [...parts.entries()].sort((a, b) => b[1] - a[1])) {
      console.log(`  ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / result.requests).toFixed(1).padStart(6)} µs  ${category}`);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
