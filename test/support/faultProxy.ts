/**
 * A small HTTP proxy on a free port in front of Azurite's table endpoint, for fault tests.
 * Every request is forwarded unchanged, except those matching a rule:
 * - `drop`: forwarded to Azurite, its whole answer read (so the write is applied), and then
 *   the client's connection destroyed instead of answering: "applied, then the response lost";
 * - `cut`: never forwarded, the connection destroyed (a write that storage never saw);
 * - `stall`: accepted and never answered (a paused table service), until the proxy closes;
 * - `hold`: kept until the test releases it, then forwarded (to order a race for certain).
 * A rule applies to its next `times` matching requests, then is spent.
 *
 * @example
 *   const proxy = await startFaultProxy(azurite.ports.table!);
 *   proxy.drop({ method: 'DELETE', path: /workloads\(/ });
 *   // connect through proxy.connectionString; after the test: await proxy.close()
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { azuriteConnectionString } from '../../dev/azurite';
import { resetTrackedStore } from '../../functions/storage/trackedStore';

export interface RequestMatch {
  /** HTTP method (PUT, POST, PATCH, MERGE, DELETE, GET); any when omitted. */
  method?: string;
  /** Tested against the decoded path and query (`/devstoreaccount1/workloads(PartitionKey='...')`). */
  path?: RegExp;
  /** Tested against the request body (a $batch body names its operations in it). */
  body?: RegExp;
}

export type FaultKind = 'drop' | 'cut' | 'stall' | 'hold';

interface Rule extends RequestMatch {
  kind: FaultKind;
  left: number;
  /** For `hold`: called when the request arrives, and what it waits for. */
  arrived?: () => void;
  released?: Promise<void>;
}

export interface Held {
  /** Resolves when the held request has arrived at the proxy. */
  arrived: Promise<void>;
  /** Forward it now. */
  release(): void;
}

export interface SeenRequest {
  method: string;
  path: string;
  fault: FaultKind | null;
  /** Azurite's status, for forwarded requests (dropped ones included). */
  status?: number;
}

export interface FaultProxy {
  port: number;
  /** A connection string whose table endpoint is this proxy. */
  connectionString: string;
  /** Forward the next `times` matching requests, then drop the connection instead of answering. */
  drop(match: RequestMatch, times?: number): void;
  /** Destroy the connection of the next `times` matching requests without forwarding them. */
  cut(match: RequestMatch, times?: number): void;
  /** Never answer the next `times` matching requests (default: all of them). */
  stall(match?: RequestMatch, times?: number): void;
  /** Hold the next matching request until released (then it is forwarded as usual). */
  hold(match: RequestMatch): Held;
  /** Forget every rule that is not spent yet. */
  clear(): void;
  /** Every request seen, in order of arrival. */
  seen: SeenRequest[];
  /** Rules that have not met all their requests yet. */
  pending(): number;
  close(): Promise<void>;
}

function matches(rule: Rule, method: string, path: string, body: string): boolean {
  if (rule.left <= 0) return false;
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path !== undefined && !rule.path.test(path)) return false;
  if (rule.body !== undefined && !rule.body.test(body)) return false;
  return true;
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Start a proxy to Azurite's table service on `targetPort` (127.0.0.1), on a free port. */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const rules: Rule[] = [];
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    let path = req.url ?? '/';
    try {
      path = decodeURIComponent(path);
    } catch {
      // Matched as sent.
    }
    const rule = rules.find((r) => matches(r, method, path, body.toString('utf8')));
    if (rule) rule.left--;
    const entry: SeenRequest = { method, path, fault: rule?.kind ?? null };
    seen.push(entry);
    if (rule?.kind === 'stall') return; // The socket stays open and silent until close().
    if (rule?.kind === 'hold') {
      rule.arrived?.();
      await rule.released;
    }
    if (rule?.kind === 'cut') {
      req.socket.destroy();
      return;
    }

    const upstream = httpRequest({ host: '127.0.0.1', port: targetPort, method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${targetPort}` } }, async (answer) => {
      entry.status = answer.statusCode;
      if (rule?.kind === 'drop') {
        await readBody(answer); // Azurite has applied and answered; the caller never hears it.
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    connectionString: azuriteConnectionString({ table: port }),
    drop: (match, times = 1) => void rules.push({ ...match, kind: 'drop', left: times }),
    cut: (match, times = 1) => void rules.push({ ...match, kind: 'cut', left: times }),
    stall: (match = {}, times = Number.POSITIVE_INFINITY) => void rules.push({ ...match, kind: 'stall', left: times }),
    hold: (match) => {
      let arrived!: () => void;
      let release!: () => void;
      const rule: Rule = { ...match, kind: 'hold', left: 1, released: new Promise<void>((r) => (release = r)) };
      const held = { arrived: new Promise<void>((r) => (arrived = r)), release };
      rule.arrived = arrived;
      rules.push(rule);
      return held;
    },
    clear: () => void rules.splice(0),
    seen,
    pending: () => rules.filter((r) => r.left > 0 && Number.isFinite(r.left)).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The file's tests send every storage call of the app through a fault proxy in front of the
 * file's Azurite (started by `useAzurite`); returns a getter for the proxy.
 */
export function useFaultProxy(azurite: () => { ports: { table?: number } }): () => FaultProxy {
  let proxy: FaultProxy | undefined;
  beforeAll(async () => {
    proxy = await startFaultProxy(azurite().ports.table!);
    process.env.INCENTIVES_STORAGE = proxy.connectionString;
    resetTrackedStore();
  });
  afterAll(async () => {
    await proxy?.close();
  });
  return () => {
    if (!proxy) throw new Error('the fault proxy is not started');
    return proxy;
  };
}
