import { startLocalHost, type LocalHost } from '../../dev/localHost/server';

export const TEST_KEY = 'test-key-0123456789';
export const ADDIN_ORIGIN = 'https://addin.test';

/** The local host on a free port, with a known key; always closed by the caller's afterAll. */
export function startTestHost(): Promise<LocalHost> {
  return startLocalHost({ port: 0, apiKey: TEST_KEY, corsOrigins: [ADDIN_ORIGIN], log: null, keepAliveTimeoutMs: 120_000 });
}

/** Start the test host before the file's tests and close it after; returns a getter for it. */
export function useTestHost(): () => LocalHost {
  let host: LocalHost | undefined;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host?.close();
  });
  return () => {
    if (!host) throw new Error('the test host is not started');
    return host;
  };
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  key?: string | null;
  headers?: Record<string, string>;
}

export async function call(host: LocalHost, method: string, path: string, options: CallOptions = {}): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key !== null) headers['x-functions-key'] = options.key ?? TEST_KEY;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${host.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}
