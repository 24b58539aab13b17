/**
 * `npm start`: Azurite for storage and the local host on port 7071 (like Core Tools), serving
 * every function the app registers.
 * - Storage: Azurite, tables on port 10002 and queues on 10001 (AZURITE_TABLE_PORT and
 *   AZURITE_QUEUE_PORT move them) with its data in `.azurite/`
 *   (git-ignored: tracked customers survive a restart; AZURITE_LOCATION moves it). INCENTIVES_STORAGE or
 *   AzureWebJobsStorage set to a connection string use that storage instead, with no Azurite.
 * - INCENTIVES_API_KEY sets the function key (a development key is made and printed without
 *   it); INCENTIVES_CORS_ORIGINS (comma-separated) sets the origins CORS allows; PORT moves
 *   the API's port.
 * - The nightly's timer (NIGHTLY_SCHEDULE, default 02:00 UTC) and its queue trigger run too.
 * - The Excel add-in, built, on https://localhost:3000 (ADDIN_PORT) with a development
 *   certificate kept in `.certs/` (git-ignored), for sideloading.
 * Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../azurite';
import { storageConnectionString } from '../../functions/storage/connection';
import { ADDIN_OUT, buildAddin } from '../../addin/build';
import { startAddinServer, type AddinServer } from './addinServer';
import { devCertificate } from './devCertificate';
import { loadRegisteredTriggers } from './registry';
import { DEFAULT_CORS_ORIGINS, startLocalHost, type LocalHost } from './server';
import { startTriggers } from './triggers';

async function storage(): Promise<Azurite | null> {
  if (storageConnectionString() !== null) {
    console.log('Storage: the connection string in INCENTIVES_STORAGE / AzureWebJobsStorage.');
    return null;
  }
  const port = Number(process.env.AZURITE_TABLE_PORT ?? 10002);
  const queuePort = Number(process.env.AZURITE_QUEUE_PORT ?? 10001);
  // npm runs scripts from the package's folder: .azurite/ sits beside package.json.
  const location = process.env.AZURITE_LOCATION ?? join(process.cwd(), '.azurite');
  try {
    const azurite = await startAzurite({ location, services: ['table', 'queue'], ports: { table: port, queue: queuePort } });
    process.env.INCENTIVES_STORAGE = azurite.connectionString;
    console.log(`Storage: Azurite on 127.0.0.1 (tables ${port}, queues ${queuePort}), data in ${location}`);
    return azurite;
  } catch (e) {
    const first = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    throw new Error(`Azurite could not start on ports ${port}/${queuePort} (${first}). Is another Azurite running? Stop it, or set AZURITE_TABLE_PORT and AZURITE_QUEUE_PORT to free ports.`);
  }
}

/** Build the add-in and serve it over HTTPS for sideloading (port 3000, ADDIN_PORT moves it). */
async function serveAddin(): Promise<AddinServer | null> {
  const port = Number(process.env.ADDIN_PORT ?? 3000);
  try {
    const folder = process.env.ADDIN_BUILD_DIR ?? ADDIN_OUT;
    await buildAddin(folder);
    const tls = await devCertificate(join(process.cwd(), '.certs'));
    const server = await startAddinServer({ folder, port, host: 'localhost', tls });
    console.log(`Excel add-in on https://localhost:${port}/taskpane.html (manifest: https://localhost:${port}/manifest.xml; certificate to trust: ${tls.certPath}). See README, "Load the add-in".`);
    return server;
  } catch (e) {
    console.error(`The add-in is not served (${e instanceof Error ? e.message : String(e)}); the API runs without it. Is port ${port} free? ADDIN_PORT moves it.`);
    return null;
  }
}

/** What CORS allows: INCENTIVES_CORS_ORIGINS, else the origin this start serves the add-in from. */
function corsOriginsFrom(env: Record<string, string | undefined>): string[] {
  const configured = env.INCENTIVES_CORS_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (configured) return configured;
  return env.ADDIN_PORT ? [`https://localhost:${Number(env.ADDIN_PORT)}`] : DEFAULT_CORS_ORIGINS;
}

/** Parts that `stop` ends, filled in as they start (a failure half-way still stops what runs). */
const parts: { host?: LocalHost; triggers?: { stop(): Promise<void> } | null; addin?: AddinServer | null; azurite?: Azurite | null } = {};
let stopping: Promise<void> | null = null;

/**
 * Stops everything once, however many signals arrive (npm and a process-group kill send
 * SIGTERM twice): the API, the add-in and the triggers, then Azurite with SIGINT so that it
 * saves its data. Past 30 s, whatever is left is killed.
 */
function stop(code: number): void {
  if (stopping) {
    console.log('Already stopping; waiting for Azurite to save its data.');
    return;
  }
  console.log('Stopping the API, the triggers and Azurite...');
  setTimeout(() => {
    console.error('Stopping took more than 30 s; ending now.');
    void parts.azurite?.kill().finally(() => process.exit(1));
  }, 30_000).unref();
  stopping = Promise.allSettled([parts.host?.close(), parts.triggers?.stop(), parts.addin?.close()])
    .then(() => parts.azurite?.stop())
    .then(
      () => process.exit(code),
      () => process.exit(1),
    );
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(0));
  // A bug of ours must not take Azurite down without saving: log it and stop cleanly.
  process.on('uncaughtException', (e) => {
    console.error(`Unexpected error, stopping: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    stop(1);
  });
  process.on('unhandledRejection', (e) => {
    console.error(`Unexpected error, stopping: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    stop(1);
  });
  const azurite = await storage();
  parts.azurite = azurite;
  const port = Number(process.env.PORT ?? 7071);
  const corsOrigins = corsOriginsFrom(process.env);
  const host = await startLocalHost({ port, apiKey: process.env.INCENTIVES_API_KEY, corsOrigins }).catch(async (e: unknown) => {
    await azurite?.stop();
    throw e;
  });
  parts.host = host;
  console.log(`Partner incentives API on ${host.url}/api/v1 (${host.functions.length} functions):`);
  for (const fn of host.functions) console.log(`  ${fn.methods.join(',').padEnd(6)} /api/${fn.route}${fn.authLevel === 'anonymous' ? '  (no key)' : ''}`);
  if (host.generatedKey) {
    console.log(`\nINCENTIVES_API_KEY is not set; development key for this run:\n  ${host.apiKey}\nSend it as the x-functions-key header (or ?code=).`);
  } else {
    console.log('\nFunction key: from INCENTIVES_API_KEY.');
  }
  console.log(`CORS allows: ${corsOrigins.join(', ') || 'no origin'}.`);
  parts.addin = await serveAddin();
  // The nightly's timer and queue trigger, as the Functions host runs them.
  const connection = storageConnectionString();
  parts.triggers = connection === null ? null : startTriggers(loadRegisteredTriggers(), { connectionString: connection, log: (line) => console.log(line) });
  if (stopping) return;
  console.log('Ready. Ctrl-C stops everything.\n');
}

main().catch((e: unknown) => {
  console.error(`Could not start the local host: ${e instanceof Error ? e.message : String(e)}`);
  stop(1);
});
