/**
 * The servers bench/api measures, each in its own process:
 *   node .bench/bench/api/server.js host            the local host with every registered function
 *   node .bench/bench/api/server.js bare <file>     a bare Node http server answering the canned
 *                                                 response in <file> to every request (the ceiling)
 *   node .bench/bench/api/server.js engine          a bare Node http server doing only the engine's
 *                                                 own work for each request: JSON.parse, zod, the
 *                                                 verdict and advice, JSON.stringify (no host, no
 *                                                 key, no routing): the best any host could reach
 * Prints "listening <port>" when ready.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eligibilityAnswer } from '../../functions/http/eligibility';
import { startLocalHost } from '../../dev/localHost/server';
import { defaultCatalog, parseWith, WorkloadFactsSchema } from '../../shared';

// Exit cleanly on SIGTERM (so that --cpu-prof and similar write their files).
process.on('SIGTERM', () => process.exit(0));

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === 'host') {
    const host = await startLocalHost({ port: 0, apiKey: process.env.INCENTIVES_API_KEY ?? 'bench-key', log: null });
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
  throw new Error('usage: server.js host | bare <response-file> | engine');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
