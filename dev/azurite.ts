/**
 * Azurite, the storage emulator, started by the project itself: `npm start` runs it with data
 * in a git-ignored folder (tracked customers survive a restart), the tests and benchmarks run
 * it on free ports. It runs as a child process so that it can be stopped (and, in a test,
 * killed mid-import) without touching the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { azuriteConnectionString, type AzuriteService } from '../functions/storage/connection';

export { azuriteConnectionString, type AzuriteService };

export interface AzuriteOptions {
  /** Folder for Azurite's data; omitted: kept in memory only. */
  location?: string;
  /** Ports by service; 0 or omitted picks a free one. */
  ports?: Partial<Record<AzuriteService, number>>;
  services?: AzuriteService[];
  /** Where Azurite's own output goes (null: nowhere). */
  log?: ((line: string) => void) | null;
  /** Where the note about an Azurite of the same data folder left running goes (console.log by default). */
  leftoverLog?: (line: string) => void;
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

/**
 * Children still running when this process exits without stopping them: asked to stop with
 * SIGINT, on which Azurite saves its data (SIGKILL here once lost writes acknowledged seconds
 * before). They are detached, so they finish saving after we are gone.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGINT');
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
    // The IPC channel would keep Azurite running after it closed its server.
    if (child.connected) child.disconnect();
  });
}

/**
 * Loaded into each Azurite before its own code: when the process that started it goes away
 * (even killed with SIGKILL, which runs no exit handler), the IPC channel closes and Azurite
 * stops itself with SIGINT, the signal on which it saves its data. No orphan keeps the ports.
 */
const DIE_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  // A SIGINT after Azurite's own (once) handler ran must not kill it mid-save: this listener
  // keeps the default action away. Its output pipes are read by the parent: once the parent is
  // gone, writing to them must not fail the save either.
  "process.on('SIGINT', () => {}); process.on('disconnect', () => { for (const s of [process.stdout, process.stderr]) s.on('error', () => {}); process.kill(process.pid, 'SIGINT'); });",
)}`;

/** Where the pid of the Azurite serving a data folder is written while it runs. */
function pidFile(folder: string): string {
  return join(folder, 'azurite.pid');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line of a running process (Linux /proc), or '' where it cannot be read. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * An Azurite of this data folder left running by an earlier start (its pid file names a live
 * process whose command line is Azurite's, with this folder): stopped with SIGINT so it saves
 * its data, then SIGKILL after 10 s. Returns its pid, or null when there was none.
 */
export async function stopLeftoverAzurite(folder: string, log: (line: string) => void = () => {}): Promise<number | null> {
  let pid: number;
  try {
    pid = Number(JSON.parse(readFileSync(pidFile(folder), 'utf8')).pid);
  } catch {
    return null;
  }
  const cmd = commandLine(pid);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !cmd.includes('azurite') || !cmd.includes(folder)) return null;
  log(`An Azurite for ${folder} was still running (pid ${pid}, left by an earlier start); stopping it so that it saves its data.`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid) && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (let waited = 0; alive(pid) && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  return pid;
}

async function startService(service: AzuriteService, port: number, options: AzuriteOptions): Promise<ChildProcess> {
  const args = ['--import', DIE_WITH_PARENT, azuriteBin(service), `--${service}Host`, '127.0.0.1', `--${service}Port`, String(port), '--disableTelemetry', '--skipApiVersionCheck'];
  let folder: string | null = null;
  if (options.location) {
    folder = join(options.location, service);
    mkdirSync(folder, { recursive: true });
    await stopLeftoverAzurite(folder, options.leftoverLog ?? ((line) => console.log(line)));
    args.push('--location', folder);
  } else {
    args.push('--inMemoryPersistence');
  }
  if (!options.log) args.push('--silent');
  // Its own process group: a Ctrl-C in the terminal reaches us, and we stop Azurite once with
  // SIGINT (the signal on which it saves its data; a second one would kill it mid-save). The
  // IPC channel is how it notices that we are gone (DIE_WITH_PARENT).
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
  running.add(child);
  // The channel is for Azurite to notice our end; it must not keep this process alive.
  child.channel?.unref();
  if (folder !== null && child.pid !== undefined) writeFileSync(pidFile(folder), JSON.stringify({ pid: child.pid, port }));
  const written = folder;
  child.once('exit', () => {
    running.delete(child);
    if (written !== null) rmSync(pidFile(written), { force: true });
  });
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
