/**
 * Azurite, the storage emulator, started by the project itself: `npm start` runs it with data
 * in a git-ignored folder (tracked customers survive a restart), the tests and benchmarks run
 * it on free ports. It runs as a child process so that it can be stopped (and, in a test,
 * killed mid-import) without touching the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export type AzuriteService = 'table' | 'queue';

export interface AzuriteOptions {
  /** Folder for Azurite's data; omitted: kept in memory only. */
  location?: string;
  /** Ports by service; 0 or omitted picks a free one. */
  ports?: Partial<Record<AzuriteService, number>>;
  services?: AzuriteService[];
  /** Where Azurite's own output goes (null: nowhere). */
  log?: ((line: string) => void) | null;
}

export interface Azurite {
  ports: Partial<Record<AzuriteService, number>>;
  /** A connection string for @azure/data-tables and @azure/storage-queue. */
  connectionString: string;
  /** Stops every service, letting Azurite save its data (SIGINT, then SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Kills every service at once, as a crash would (for tests of what survives). */
  kill(): Promise<void>;
}

/** Children still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The connection string of Azurite's development account at these ports. */
export function azuriteConnectionString(ports: Partial<Record<AzuriteService, number>>): string {
  const parts = ['DefaultEndpointsProtocol=http', `AccountName=${DEV_ACCOUNT}`, `AccountKey=${DEV_ACCOUNT_KEY}`];
  if (ports.table) parts.push(`TableEndpoint=http://127.0.0.1:${ports.table}/${DEV_ACCOUNT}`);
  if (ports.queue) parts.push(`QueueEndpoint=http://127.0.0.1:${ports.queue}/${DEV_ACCOUNT}`);
  return `${parts.join(';')};`;
}

function azuriteBin(service: AzuriteService): string {
  const root = dirname(require.resolve('azurite/package.json'));
  return join(root, 'dist', 'src', service, 'main.js');
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

async function startService(service: AzuriteService, port: number, options: AzuriteOptions): Promise<ChildProcess> {
  const args = [azuriteBin(service), `--${service}Host`, '127.0.0.1', `--${service}Port`, String(port), '--disableTelemetry', '--skipApiVersionCheck'];
  if (options.location) {
    const folder = join(options.location, service);
    mkdirSync(folder, { recursive: true });
    args.push('--location', folder);
  } else {
    args.push('--inMemoryPersistence');
  }
  if (!options.log) args.push('--silent');
  // Its own process group: a Ctrl-C in the terminal reaches us, and we stop Azurite once with
  // SIGINT (the signal on which it saves its data; a second one would kill it mid-save).
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const log = options.log;
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite (${service}) did not start within 30 s on port ${port}. Its output:\n${output}`));
    }, 30_000);
    const onData = (d: Buffer) => {
      const text = d.toString();
      output += text;
      if (log) for (const line of text.split('\n')) if (line.trim()) log(`[azurite ${service}] ${line.trim()}`);
      if (/successfully (started|listen)/i.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite (${service}) exited with code ${code} before listening on port ${port}. Its output:\n${output}`));
    });
  });
}

/** Start Azurite's services and wait until each listens. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const services = options.services ?? ['table'];
  const ports: Partial<Record<AzuriteService, number>> = {};
  const children: ChildProcess[] = [];
  try {
    for (const service of services) {
      const port = options.ports?.[service] || (await freePort());
      children.push(await startService(service, port, options));
      ports[service] = port;
    }
  } catch (e) {
    await Promise.all(children.map((c) => stopChild(c, 'SIGKILL')));
    throw e;
  }
  return {
    ports,
    connectionString: azuriteConnectionString(ports),
    stop: async () => {
      await Promise.all(children.map((c) => stopChild(c, 'SIGINT')));
    },
    kill: async () => {
      await Promise.all(children.map((c) => stopChild(c, 'SIGKILL')));
    },
  };
}
