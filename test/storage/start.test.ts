/**
 * `npm start` as a user runs it: Azurite and the API come up together, a tracked workload
 * survives a restart (Azurite keeps its data in a folder), and Ctrl-C stops both processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startAzurite } from '../../dev/azurite';
import { tenant } from '../support/azurite';

const root = join(__dirname, '..', '..');
const KEY = 'start-test-key';

interface Started {
  child: ChildProcess;
  output: () => string;
}

function start(env: Record<string, string>): Promise<Started> {
  // One process (no tsx wrapper in between), so that signals reach the host itself, as with npm start.
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'dev', 'localHost', 'start.ts')], {
    cwd: root,
    env: { ...process.env, ...env, INCENTIVES_API_KEY: KEY, INCENTIVES_STORAGE: '', AzureWebJobsStorage: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 30 s:\n${out}`)), 30_000);
    const check = setInterval(() => {
      if (/Ctrl-C stops everything/.test(out)) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
}

function stop(s: Started, signals: NodeJS.Signals[] = ['SIGINT']): Promise<number | null> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve(s.child.exitCode);
    s.child.once('exit', (code) => resolve(code));
    for (const signal of signals) s.child.kill(signal);
  });
}

/** Waits until `ready()` holds (the test's own timeout bounds it). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 20));
}

/** Waits (up to `limit` ms) until nothing listens on the port; true when it closed. */
async function closes(port: number, limit = 30_000): Promise<boolean> {
  for (let waited = 0; waited < limit; waited += 250) {
    if (!(await portOpen(port))) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** GET over HTTPS trusting the development certificate (self-signed). */
function httpsGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function portOpen(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`);
    return true;
  } catch {
    return false;
  }
}

/** Free ports for one start, and its environment: the add-in built into, and Azurite's data in, folders of `name`. */
async function setUp(location: string, name: string, data = join(location, name)): Promise<{ apiPort: number; tablePort: number; queuePort: number; addinPort: number; env: Record<string, string> }> {
  const [apiPort, tablePort, queuePort, addinPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = {
    PORT: String(apiPort),
    AZURITE_TABLE_PORT: String(tablePort),
    AZURITE_QUEUE_PORT: String(queuePort),
    ADDIN_PORT: String(addinPort),
    ADDIN_BUILD_DIR: join(location, `addin-${name}`),
    AZURITE_LOCATION: data,
  };
  return { apiPort, tablePort, queuePort, addinPort, env };
}

describe('npm start', () => {
  const location = mkdtempSync(join(tmpdir(), 'start-azurite-'));
  let running: Started | undefined;
  afterAll(async () => {
    if (running) await stop(running);
    rmSync(location, { recursive: true, force: true });
  });

  it('starts Azurite with the API, keeps tracked workloads across a restart, and Ctrl-C stops both', async () => {
    const { apiPort, tablePort, queuePort, addinPort, env } = await setUp(location, 'first', location);
    running = await start(env);
    expect(running.output()).toContain(`Azurite on 127.0.0.1 (tables ${tablePort}, queues ${queuePort})`);
    expect(running.output()).toMatch(/\[nightlyTimer\] timer 0 0 2 \* \* \* \(UTC\); next at \d{4}-\d{2}-\d{2}T02:00:00/);
    // The add-in, built and served over HTTPS for sideloading.
    expect(running.output()).toContain(`Excel add-in on https://localhost:${addinPort}/taskpane.html`);
    const metadata = await httpsGet(`https://localhost:${addinPort}/functions.json`);
    expect(metadata.status).toBe(200);
    expect(JSON.parse(metadata.body).functions.map((f: { id: string }) => f.id)).toContain('CPOR_ELIGIBLE');
    expect((await httpsGet(`https://localhost:${addinPort}/office/office.js`)).status).toBe(200);
    const url = `http://127.0.0.1:${apiPort}/api/v1/workloads/${tenant(900)}/intune`;
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'x-functions-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ programId: 'modern-work-usage', paidAvailableUnits: 500, monthlyActiveUsers: 100 }),
    });
    expect(put.status).toBe(201);

    expect(await stop(running)).toBe(0);
    expect(running.output()).toContain('Stopping the API, the triggers and Azurite');
    expect(await portOpen(apiPort)).toBe(false);
    expect(await portOpen(tablePort)).toBe(false);
    expect(await portOpen(queuePort)).toBe(false);
    expect(await portOpen(addinPort)).toBe(false);

    running = await start(env);
    const get = await fetch(url, { headers: { 'x-functions-key': KEY } });
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ paidAvailableUnits: 500, workload: 'intune' });
    expect(await stop(running)).toBe(0);
    running = undefined;
  }, 90_000);

  it('survives a request for a badly encoded path, stops cleanly on two SIGTERMs in a row, and keeps every acknowledged write', async () => {
    const { apiPort, tablePort, queuePort, addinPort, env } = await setUp(location, 'twice');
    running = await start(env);
    // The add-in server once died of this request, taking Azurite's unsaved writes with it.
    for (const path of ['/%', '/%zz', '/%c0%ae']) {
      const bad = await new Promise<number>((resolve, reject) =>
        get(`https://localhost:${addinPort}${path}`, { rejectUnauthorized: false }, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
      );
      expect(bad).toBe(400);
    }
    // No source maps are served, and CORS follows the add-in's port.
    expect((await httpsGet(`https://localhost:${addinPort}/functions.js.map`)).status).toBe(404);
    const preflight = await fetch(`http://127.0.0.1:${apiPort}/api/v1/eligibility`, {
      method: 'OPTIONS',
      headers: { origin: `https://localhost:${addinPort}`, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(`https://localhost:${addinPort}`);
    const urls = [1, 2, 3, 4, 5].map((n) => `http://127.0.0.1:${apiPort}/api/v1/workloads/${tenant(910 + n)}/intune`);
    for (const url of urls) {
      const put = await fetch(url, {
        method: 'PUT',
        headers: { 'x-functions-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ programId: 'modern-work-usage', paidAvailableUnits: 500, monthlyActiveUsers: 100 }),
      });
      expect(put.status).toBe(201);
    }
    // The second SIGTERM arrives once the first one's stop is under way (as npm's does).
    const exited = stop(running, ['SIGTERM']);
    await until(() => running!.output().includes('Stopping the API'));
    running.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(running.output()).toContain('Already stopping');
    for (const port of [apiPort, tablePort, queuePort, addinPort]) expect(await portOpen(port)).toBe(false);

    running = await start(env);
    for (const url of urls) expect((await fetch(url, { headers: { 'x-functions-key': KEY } })).status).toBe(200);
    expect(await stop(running)).toBe(0);
    running = undefined;
  }, 120_000);

  it('takes Azurite down with it when killed, and the next start finds the data', async () => {
    const { apiPort, tablePort, queuePort, env } = await setUp(location, 'killed');
    running = await start(env);
    const url = `http://127.0.0.1:${apiPort}/api/v1/workloads/${tenant(920)}/intune`;
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'x-functions-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ programId: 'modern-work-usage', paidAvailableUnits: 700, monthlyActiveUsers: 100 }),
    });
    expect(put.status).toBe(201);
    await stop(running, ['SIGKILL']);
    // No exit handler runs on SIGKILL: Azurite notices on its own, saves and frees its ports.
    expect(await closes(tablePort)).toBe(true);
    expect(await closes(queuePort)).toBe(true);

    running = await start(env);
    const got = await fetch(url, { headers: { 'x-functions-key': KEY } });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ paidAvailableUnits: 700 });
    expect(await stop(running)).toBe(0);
    running = undefined;
  }, 120_000);

  it('ends an Azurite of its own data folder left running, instead of failing on its ports', async () => {
    const data = join(location, 'leftover');
    const { apiPort, tablePort, queuePort, env } = await setUp(location, 'leftover', data);
    // An Azurite on the same folder and ports, as an earlier start could leave behind.
    const leftover = await startAzurite({ location: data, services: ['table', 'queue'], ports: { table: tablePort, queue: queuePort }, leftoverLog: () => {} });
    try {
      running = await start(env);
      expect(running.output()).toMatch(/An Azurite for .*leftover.table was still running/);
      expect((await fetch(`http://127.0.0.1:${apiPort}/api/v1/workloads`, { headers: { 'x-functions-key': KEY } })).status).toBe(200);
      expect(await stop(running)).toBe(0);
      running = undefined;
    } finally {
      await leftover.kill();
    }
  }, 120_000);

  it('still refuses, in words, ports held by an Azurite of another data folder', async () => {
    const { tablePort, queuePort, env } = await setUp(location, 'other');
    const other = await startAzurite({ services: ['table'], ports: { table: tablePort } });
    try {
      await expect(start(env)).rejects.toThrow(new RegExp(`Azurite could not start on ports ${tablePort}/${queuePort}`));
    } finally {
      await other.stop();
    }
  }, 60_000);
});
