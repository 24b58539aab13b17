/**
 * `npm start` as a user runs it: Azurite and the API come up together, a tracked workload
 * survives a restart (Azurite keeps its data in a folder), and Ctrl-C stops both processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../functions/storage/azurite';
import { tenant } from '../support/azurite';

const root = join(__dirname, '..', '..');
const KEY = 'start-test-key';

interface Started {
  child: ChildProcess;
  output: () => string;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(root, 'functions', 'localHost', 'start.ts')], {
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

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve(s.child.exitCode);
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGINT');
  });
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

describe('npm start', () => {
  const location = mkdtempSync(join(tmpdir(), 'start-azurite-'));
  let running: Started | undefined;
  afterAll(async () => {
    if (running) await stop(running);
    rmSync(location, { recursive: true, force: true });
  });

  it('starts Azurite with the API, keeps tracked workloads across a restart, and Ctrl-C stops both', async () => {
    const [apiPort, tablePort, queuePort, addinPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env = { PORT: String(apiPort), AZURITE_TABLE_PORT: String(tablePort), AZURITE_QUEUE_PORT: String(queuePort), ADDIN_PORT: String(addinPort), ADDIN_BUILD_DIR: join(location, 'addin'), AZURITE_LOCATION: location };
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
    const put = await fetch(url, { method: 'PUT', headers: { 'x-functions-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ programId: 'modern-work-usage', paidAvailableUnits: 500, monthlyActiveUsers: 100 }) });
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
});
