/**
 * A small local host for the same handlers, for machines without Azure Functions Core Tools
 * (where they exist, `func start` runs the same app). It follows the host's conventions: routes under /api, function keys in the
 * `x-functions-key` header or the `code` query parameter for `authLevel: 'function'`, real
 * HttpRequest / InvocationContext objects, one log line per request (method, route, status,
 * ms; never a key), CORS for the configured origins only, and the body size limit.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, HttpResponse, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { MAX_BODY_BYTES } from '../../functions/http/readJson';
import { BadRequest, MethodNotAllowed, NotFound, PayloadTooLarge, PROBLEM_CONTENT_TYPE, Unauthorized, type HttpProblem } from '../../functions/http/problems';
import { LocalRequest, plainHttpRequest } from './localRequest';
import { loadRegisteredFunctions, type RegisteredHttpFunction } from './registry';

export interface LocalHostOptions {
  /** 7071 like Core Tools; 0 picks a free port. */
  port?: number;
  host?: string;
  /** The function key; without it a development key is made. */
  apiKey?: string;
  /** Origins allowed by CORS (the add-in's); others get no CORS headers. */
  corsOrigins?: string[];
  /** Where the one-line request log goes; null for none. */
  log?: ((line: string) => void) | null;
  /** Route prefix (host.json extensions.http.routePrefix). */
  routePrefix?: string;
  /**
   * How long an idle keep-alive connection stays open (5 s by default). Tests run the host in
   * their own process: when that process is busy for longer, the server's timer can close a
   * connection at the moment the client sends on it (ECONNRESET), so tests keep them longer
   * than their client (undici closes its idle connections after 4 s).
   */
  keepAliveTimeoutMs?: number;
  /**
   * For bench/api only: hand handlers a plain object with `HttpRequest`'s members instead of the
   * library's class, to measure what that class costs (localRequest.ts, plainHttpRequest).
   */
  plainRequests?: boolean;
}

export interface LocalHost {
  url: string;
  port: number;
  apiKey: string;
  /** True when the key was made because none was configured. */
  generatedKey: boolean;
  functions: RegisteredHttpFunction[];
  close(): Promise<void>;
}

interface Route {
  fn: RegisteredHttpFunction;
  pattern: RegExp;
  paramNames: string[];
}

/** The origin `npm start` serves the add-in from (addin/README.md); configurable. */
export const DEFAULT_CORS_ORIGINS = ['https://localhost:3000'];

function compile(fn: RegisteredHttpFunction, prefix: string): Route {
  const paramNames: string[] = [];
  const path = `/${prefix}/${fn.route}`.replace(/\/+/g, '/');
  const source = path
    .split('/')
    .map((part) => {
      const m = /^\{(\w+)\??\}$/.exec(part);
      if (m) {
        paramNames.push(m[1]!);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { fn, pattern: new RegExp(`^${source}/?$`, 'i'), paramNames };
}

/** Host names, IPv4 and bracketed IPv6 addresses, each with an optional port (RFC 9110 `Host`). */
const HOST_HEADER = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

/** What the host reads of a request's URL: `URL` has these, and so has a plain path's target. */
export interface RequestTarget {
  readonly pathname: string;
  readonly search: string;
  readonly searchParams: URLSearchParams;
  readonly href: string;
}

/**
 * A path of unreserved characters only, no query, no `.` or `..` segment, no empty segment:
 * the WHATWG URL parser leaves such a path as it is, so it needs no parsing (a request's
 * `new URL` was 2% of its CPU on the single-item load). Any other target is parsed by `URL`.
 */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*\/?$/;

/** A plain path's target: the URL the parser would make, without parsing it. */
class PlainTarget implements RequestTarget {
  readonly search = '';
  constructor(
    private readonly origin: string,
    readonly pathname: string,
  ) {}
  get searchParams(): URLSearchParams {
    return new URLSearchParams();
  }
  get href(): string {
    return this.origin + this.pathname;
  }
}

/**
 * The origin (`http://` and the host as `URL` writes it: lower case, port 80 left out) of each
 * Host header seen, or null for one `URL` refuses. Clients send the same few; the table is
 * emptied past 64 so that made-up Hosts cannot grow it.
 */
const ORIGINS = new Map<string, string | null>();

function originOf(host: string): string | null {
  let origin = ORIGINS.get(host);
  if (origin === undefined) {
    try {
      origin = new URL(`http://${host}/`).origin;
    } catch {
      origin = null;
    }
    if (ORIGINS.size >= 64) ORIGINS.clear();
    ORIGINS.set(host, origin);
  }
  return origin;
}

/**
 * The request's URL from its target and Host header, or a 400 naming what is malformed. The
 * Host is checked before it is used (a malformed one used to make `new URL` throw: a 500), and
 * a target is always read as a path (`//other.host/x` is the path `//other.host/x`).
 */
export function requestUrl(req: Pick<IncomingMessage, 'url' | 'headers'>): RequestTarget | BadRequest {
  const host = req.headers.host ?? 'localhost';
  const m = HOST_HEADER.exec(host);
  const badHost = () =>
    new BadRequest(`The Host header is not a host name or address with an optional port: ${JSON.stringify(host.slice(0, 100))}.`, [
      { path: 'Host', code: 'invalid_format', message: 'is not a host name or address with an optional port' },
    ]);
  if (!m || (m[1] !== undefined && Number(m[1]) > 65535)) return badHost();
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return new BadRequest('The request target must be a path starting with /.', [{ path: 'url', code: 'invalid_format', message: 'must be a path starting with /' }]);
  const origin = originOf(host);
  if (origin === null) return badHost();
  if (PLAIN_PATH.test(target)) return new PlainTarget(origin, target);
  try {
    return new URL(`http://${host}${target}`);
  } catch {
    return badHost();
  }
}

/** The key check, in constant time; the expected key's bytes are made once, and a key of their length is written into one buffer kept for it. */
function keyChecker(expected: string): (given: string) => boolean {
  const b = Buffer.from(expected);
  const a = Buffer.alloc(b.length);
  return (given) => {
    if (Buffer.byteLength(given) !== b.length) return false;
    a.write(given);
    return timingSafeEqual(a, b);
  };
}

/** Write a whole response; a text body goes to the socket as it is (no copy into a Buffer first). */
function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * The routes a path matches: a path without parameters is looked up in a table made at start
 * (every route that matches it, in order); any other path is tried against each pattern.
 */
function routeMatcher(routes: Route[], prefix: string): (path: string) => Route[] {
  const byPath = new Map<string, Route[]>();
  // The same, by each route's path exactly as it is written: what clients send, found without lower-casing it.
  const byWrittenPath = new Map<string, Route[]>();
  for (const r of routes) {
    if (r.paramNames.length > 0) continue;
    const path = `/${prefix}/${r.fn.route}`.replace(/\/+/g, '/');
    const matching = routes.filter((other) => other.pattern.test(path));
    byPath.set(staticKey(path), matching);
    byWrittenPath.set(path, matching);
  }
  return (path) => byWrittenPath.get(path) ?? byPath.get(staticKey(path)) ?? routes.filter((r) => r.pattern.test(path));
}

/** A static path as routes match it: case-insensitive, one optional trailing slash. */
function staticKey(path: string): string {
  return (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();
}

function sendProblem(res: ServerResponse, p: HttpProblem, instance: string, extra: Record<string, string>): number {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE, ...extra };
  if (p instanceof MethodNotAllowed) headers.allow = p.allowed.join(', ');
  send(res, p.status, headers, JSON.stringify(p.toProblem(instance)));
  return p.status;
}

/** The request body, or null once it passes the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.once('end', () => resolve(over ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Write a handler's result: synchronously for a whole body, a promise for a streamed or HttpResponse one. */
function writeResult(res: ServerResponse, result: HttpResponseInit | HttpResponse | undefined, extra: Record<string, string>): number | Promise<number> {
  if (result instanceof HttpResponse) return writeHttpResponse(res, result, extra);
  const init = result ?? {};
  const status = init.status ?? 200;
  const headers: Record<string, string> = { ...extra };
  if (init.headers instanceof Headers) init.headers.forEach((value, key) => (headers[key] = value));
  else if (Array.isArray(init.headers)) for (const [key, value] of init.headers) headers[key.toLowerCase()] = value;
  else if (init.headers) for (const key in init.headers) headers[key.toLowerCase()] = String(init.headers[key]);
  const streamed = init.body as unknown;
  if (streamed !== null && typeof streamed === 'object' && Symbol.asyncIterator in streamed && !(streamed instanceof Uint8Array)) {
    return writeStreamed(res, status, headers, streamed as AsyncIterable<Uint8Array | string>);
  }
  let body: string | Buffer = '';
  if (init.jsonBody !== undefined) {
    body = JSON.stringify(init.jsonBody);
    headers['content-type'] ??= 'application/json';
  } else if (typeof init.body === 'string') body = init.body;
  else if (init.body instanceof Uint8Array) body = Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
  else if (init.body !== undefined && init.body !== null) body = String(init.body);
  send(res, status, headers, body);
  return status;
}

async function writeHttpResponse(res: ServerResponse, result: HttpResponse, extra: Record<string, string>): Promise<number> {
  {
    const headers: Record<string, string> = { ...extra };
    result.headers.forEach((value, key) => (headers[key] = value));
    send(res, result.status, headers, Buffer.from(await result.arrayBuffer()));
    return result.status;
  }
}

/** A streamed body (AsyncIterable or Readable): sent chunk by chunk, as Azure does with enableHttpStream. */
async function writeStreamed(res: ServerResponse, status: number, headers: Record<string, string>, streamed: AsyncIterable<Uint8Array | string>): Promise<number> {
  res.writeHead(status, headers);
  try {
    for await (const chunk of streamed) {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch (e) {
    // Headers are gone: break the connection rather than end a truncated answer as if whole.
    res.destroy(e instanceof Error ? e : new Error(String(e)));
  }
  return status;
}

export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  const functions = loadRegisteredFunctions();
  const prefix = options.routePrefix ?? 'api';
  const routes = functions.map((fn) => compile(fn, prefix));
  const generatedKey = !options.apiKey;
  const apiKey = options.apiKey || randomBytes(24).toString('base64url');
  const origins = new Set(options.corsOrigins ?? DEFAULT_CORS_ORIGINS);
  const log = options.log === undefined ? (line: string) => process.stdout.write(`${line}\n`) : options.log;

  const keyMatches = keyChecker(apiKey);
  const matchRoutes = routeMatcher(routes, prefix);

  const server: Server = createServer((req, res) => {
    // The clock is read only when there is a log line to write.
    const started = log ? performance.now() : 0;
    const handling = handle(req, res).catch((e: unknown) => {
      // Only a bug of the host itself gets here; answer rather than hang.
      if (!res.headersSent) send(res, 500, { 'content-type': PROBLEM_CONTENT_TYPE }, JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, detail: 'The local host failed.' }));
      log?.(`local host error: ${e instanceof Error ? e.message : String(e)}`);
      return { route: req.url?.split('?')[0] ?? '', status: 500 };
    });
    if (log) void handling.then((outcome) => log(`${req.method} ${outcome.route} ${outcome.status} ${(performance.now() - started).toFixed(1)}ms`));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ route: string; status: number }> {
    const origin = req.headers.origin;
    const cors: Record<string, string> = {};
    if (origin !== undefined && origins.has(origin)) {
      cors['access-control-allow-origin'] = origin;
      cors['access-control-expose-headers'] = 'etag, location';
      cors.vary = 'Origin';
    }
    const url = requestUrl(req);
    if (url instanceof BadRequest) {
      req.resume();
      return { route: '(bad request line)', status: sendProblem(res, url, '/', cors) };
    }
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const matches = matchRoutes(path);
    if (matches.length === 0) {
      req.resume();
      return { route: path, status: sendProblem(res, new NotFound(`No route ${path}; see /${prefix}/v1/openapi.json.`), path, cors) };
    }
    if (method === 'OPTIONS' && origin !== undefined) {
      // CORS preflight: allowed origins only.
      const allowed = [...new Set(matches.flatMap((r) => r.fn.methods))];
      if (cors['access-control-allow-origin']) {
        cors['access-control-allow-methods'] = allowed.join(', ');
        cors['access-control-allow-headers'] = 'content-type, x-functions-key, if-match, if-none-match';
        cors['access-control-max-age'] = '600';
      }
      send(res, 204, cors, '');
      return { route: matches[0]!.fn.route, status: 204 };
    }
    const route = matches.find((r) => r.fn.methods.includes(method));
    if (!route) {
      req.resume();
      const allowed = [...new Set(matches.flatMap((r) => r.fn.methods))];
      return { route: matches[0]!.fn.route, status: sendProblem(res, new MethodNotAllowed(`${method} is not allowed on ${path}; use ${allowed.join(' or ')}.`, allowed), path, cors) };
    }
    const fn = route.fn;
    if (fn.authLevel !== 'anonymous') {
      const given = (req.headers['x-functions-key'] as string | undefined) ?? url.searchParams.get('code');
      if (given === undefined || given === null || given === '') {
        req.resume();
        return { route: fn.route, status: sendProblem(res, new Unauthorized('This endpoint needs an API key in the x-functions-key header (or the code query parameter).'), path, cors) };
      }
      if (!keyMatches(given)) {
        req.resume();
        return { route: fn.route, status: sendProblem(res, new Unauthorized('The API key is not valid.'), path, cors) };
      }
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return { route: fn.route, status: sendProblem(res, new PayloadTooLarge(`The body is ${declared} bytes; the limit is ${MAX_BODY_BYTES} bytes (16 MiB). Split the batch.`), path, cors) };
    }
    const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, MAX_BODY_BYTES);
    if (body === null) {
      return { route: fn.route, status: sendProblem(res, new PayloadTooLarge(`The body is over the limit of ${MAX_BODY_BYTES} bytes (16 MiB). Split the batch.`), path, cors) };
    }
    const params: Record<string, string> = {};
    const m = route.pattern.exec(path)!;
    for (const [i, name] of route.paramNames.entries()) {
      try {
        params[name] = decodeURIComponent(m[i + 1]!);
      } catch {
        req.resume();
        const problem = new BadRequest(`The route parameter ${name} is not valid percent-encoding: "${m[i + 1]}".`, [{ path: name, code: 'invalid_format', message: 'is not valid percent-encoding' }]);
        return { route: fn.route, status: sendProblem(res, problem, path, cors) };
      }
    }
    // The worker's own streaming path passes a native request the same way (nativeRequest).
    const native = new LocalRequest(url.href, method, req.headers, body);
    const request = (
      options.plainRequests
        ? plainHttpRequest(native, url.searchParams, params)
        : new HttpRequest({ query: url.search === '' ? {} : Object.fromEntries(url.searchParams), params, nativeRequest: native } as unknown as ConstructorParameters<typeof HttpRequest>[0])
    ) as HttpRequest;
    const context = new InvocationContext({ invocationId: randomUUID(), functionName: fn.name, logHandler: (level, ...args) => log?.(`[${fn.name}] ${level}: ${args.map(String).join(' ')}`) });
    const result = (await fn.handler(request, context)) as HttpResponseInit | HttpResponse | undefined;
    const status = writeResult(res, result, cors);
    return { route: fn.route, status: typeof status === 'number' ? status : await status };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7071, options.host ?? '127.0.0.1', () => resolve());
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    apiKey,
    generatedKey,
    functions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
