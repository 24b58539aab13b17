/**
 * The servers bench/api measures, each in its own process:
 *   node .bench/bench/api/server.js host            the local host with every registered function
 *                                                 (no storage: the shipped catalog)
 *   node .bench/bench/api/server.js host-plain      the same host handing handlers a plain object with
 *                                                 HttpRequest's members instead of the library's
 *                                                 class (what that class costs per request)
 *   node .bench/bench/api/server.js host-stored     the same host with an in-memory Azurite: the
 *                                                 stored program catalog, seeded and cached (the
 *                                                 cache-hit path every request takes)
 *   node .bench/bench/api/server.js bare <file>     a bare Node http server answering the canned
 *                                                 response in <file> to every request (the ceiling)
 *   node .bench/bench/api/server.js engine          a bare Node http server doing only the engine's
 *                                                 own work for each request: JSON.parse, zod, the
 *                                                 verdict and advice, JSON.stringify (no host, no
 *                                                 key, no routing): the best any host could reach
 *   node .bench/bench/api/server.js batch-floor     the batch's floor: JSON.parse of the request body,
 *                                                 then JSON.stringify of the same answers (made once,
 *                                                 at the first request) with no validation or evaluation
 * Prints "listening <port>" when ready.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eligibilityAnswer } from '../../functions/http/eligibility';
import { startAzurite } from '../../dev/azurite';
import { startLocalHost } from '../../dev/localHost/server';
import { programCatalog } from '../../functions/storage/catalogSource';
import { defaultCatalog, parseWith, WorkloadFactsSchema } from '../../shared';

/** Stopped before exiting (the Azurite of host-stored). */
let cleanup: () => Promise<void> = async () => undefined;

// Exit cleanly on SIGTERM (so that --cpu-prof and similar write their files).
process.on('SIGTERM', () => {
  void cleanup().finally(() => process.exit(0));
});

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === 'host' || mode === 'host-plain') {
    const host = await startLocalHost({ port: 0, apiKey: process.env.INCENTIVES_API_KEY ?? 'bench-key', log: null, plainRequests: mode === 'host-plain' });
    process.stdout.write(`listening ${host.port}\n`);
    return;
  }
  if (mode === 'host-stored') {
    const azurite = await startAzurite({ services: ['table'], log: null });
    cleanup = () => azurite.stop();
    process.env.INCENTIVES_STORAGE = azurite.connectionString;
    const host = await startLocalHost({ port: 0, apiKey: process.env.INCENTIVES_API_KEY ?? 'bench-key', log: null });
    // Seed and load the catalog before the load starts: the measured requests all hit the cache.
    const catalog = await programCatalog();
    if (catalog.info.source !== 'stored') throw new Error(`host-stored computes with the ${catalog.info.source} catalog`);
    process.stdout.write(`listening ${host.port}\n`);
    return;
  }
  if (mode === 'bare' && file) {
    const canned = readFileSync(file);
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(canned.length) });
        res.end(canned);
      });
    });
    server.keepAliveTimeout = 5_000;
    server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
    return;
  }
  if (mode === 'engine') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.stringify(eligibilityAnswer(parseWith(WorkloadFactsSchema, JSON.parse(Buffer.concat(chunks).toString('utf8'))), defaultCatalog));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      });
    });
    server.keepAliveTimeout = 5_000;
    server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
    return;
  }
  if (mode === 'batch-floor') {
    let answers: object[] | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: unknown[] };
        // The answers are the host's (made once, untimed by the warm-up requests); each request then pays the parse and the stringify.
        answers ??= body.items.map((item) => eligibilityAnswer(parseWith(WorkloadFactsSchema, item), defaultCatalog));
        const text = JSON.stringify({ items: answers });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
        res.end(text);
      });
    });
    server.keepAliveTimeout = 5_000;
    server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
    return;
  }
  throw new Error('usage: server.js host | host-plain | host-stored | bare <response-file> | engine | batch-floor');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
