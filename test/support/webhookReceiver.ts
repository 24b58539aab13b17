import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the receiver answers the next requests: a status, or no answer at all (a timeout). */
export type Answer = number | 'hang';

/**
 * A local webhook receiver on a free port: keeps every request it gets and answers with the
 * statuses queued (`answerWith`), 200 once they run out. Stopped after the file's tests.
 */
export function useWebhookReceiver(): { url: () => string; received: Received[]; answerWith(...answers: Answer[]): void; for(id: string): Received[] } {
  let server: Server | undefined;
  let url = '';
  const received: Received[] = [];
  const queue: Answer[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = queue.shift() ?? 200;
        if (answer === 'hang') return; // never answers: the sender times out
        res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : `status ${answer}`);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/workflows/abc/triggers/manual`;
  });
  afterEach(() => {
    queue.length = 0;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return {
    url: () => url,
    received,
    answerWith: (...answers) => queue.push(...answers),
    for: (id) => received.filter((r) => r.headers['x-digest-id'] === id),
  };
}
