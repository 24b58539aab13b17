/**
 * A lean HTTP/1.1 load client for loopback benchmarks: each connection is a raw socket that
 * writes a prepared request and reads the response by its content-length (or chunked end),
 * one request in flight per connection. Node's http client costs more CPU per request than a
 * bare server does, so with it the "ceiling" would measure the client, not the server.
 *
 * While loading, the client's event loop never sleeps (a setImmediate loop keeps it polling).
 * On this 2-core VM, waking a sleeping client for each response costs the server's write
 * about 15-20 µs more (the loopback write wakes the reader's core), which penalises a slower
 * server far more than a fast one; a polling client takes that cost out of every server's
 * figure alike.
 */
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Prepared request bytes: POST path with body and key. */
export function preparedPost(port: number, path: string, body: Buffer, key: string): Buffer {
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Functions-Key: ${key}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private sentAt = 0;
  private expected = -1;
  private status = 0;
  private chunked = false;

  constructor(
    private readonly socket: Socket,
    private readonly onResponse: (status: number, ms: number) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.receive(d));
  }

  send(request: Buffer): void {
    this.sentAt = performance.now();
    this.socket.write(request);
  }

  private receive(d: Buffer): void {
    this.buffer = this.buffer.length === 0 ? d : Buffer.concat([this.buffer, d]);
    for (;;) {
      if (this.expected < 0) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) return;
        const head = this.buffer.subarray(0, end).toString('latin1');
        this.status = Number(head.slice(9, 12));
        const m = /\r\ncontent-length: *(\d+)/i.exec(head);
        this.chunked = !m && /\r\ntransfer-encoding: *chunked/i.test(head);
        this.expected = m ? Number(m[1]) : 0;
        this.buffer = this.buffer.subarray(end + 4);
      }
      if (this.chunked) {
        const end = this.buffer.indexOf('\r\n0\r\n\r\n');
        if (end < 0) return;
        this.buffer = this.buffer.subarray(end + 7);
      } else {
        if (this.buffer.length < this.expected) return;
        this.buffer = this.buffer.subarray(this.expected);
      }
      this.expected = -1;
      this.onResponse(this.status, performance.now() - this.sentAt);
      if (this.buffer.length === 0) return;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Load a server from `clients` connections for `seconds` (after a 1 s warm-up). */
export async function loadServer(port: number, requests: Buffer[], clients: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let measuring = false;
  let stopping = false;
  let inFlight = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const connections: Connection[] = [];
  let polling = true;
  const poll = (): void => {
    if (polling) setImmediate(poll);
  };
  poll();
  let elapsed: number;
  try {
    for (let i = 0; i < clients; i++) {
      const socket = await new Promise<Socket>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
      const conn: Connection = new Connection(socket, (status, ms) => {
        inFlight--;
        if (measuring) {
          latencies.push(ms);
          if (status !== 200) errors++;
        }
        if (stopping) {
          if (inFlight === 0) allDone();
          return;
        }
        inFlight++;
        conn.send(requests[next++ % requests.length]!);
      });
      connections.push(conn);
    }
    for (const c of connections) {
      inFlight++;
      c.send(requests[next++ % requests.length]!);
    }
    await new Promise((r) => setTimeout(r, 1000));
    measuring = true;
    const started = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    elapsed = (performance.now() - started) / 1000;
    stopping = true;
    await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
  } finally {
    polling = false;
    for (const c of connections) c.close();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, perSecond: Math.round(latencies.length / elapsed), p50: at(0.5), p99: at(0.99), errors };
}
