/**
 * The servers bench/api measures, each in its own process:
 *   node dist/bench/api/server.js host            the local host with every registered function
 *   node dist/bench/api/server.js bare <file>     a bare Node http server answering the canned
 *                                                 response in <file> to every request (the ceiling)
 * Prints "listening <port>" when ready.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalHost } from '../../functions/localHost/server';

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
  throw new Error('usage: server.js host | bare <response-file>');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
