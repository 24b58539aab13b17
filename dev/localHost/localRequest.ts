/**
 * The request the local host hands to `HttpRequest`, the way the Functions worker hands it a
 * native `Request` when it streams. It reads the body already in memory directly (text, json,
 * bytes) and builds a full fetch `Request` only for what needs one (body stream, form data,
 * clone), which keeps undici's request machinery off the common path; its headers are made
 * when first read.
 */
import type { IncomingHttpHeaders } from 'node:http';
export class LocalRequest {
  #headers: Headers | null = null;
  #full: Request | null = null;
  #used = false;

  constructor(
    readonly url: string,
    readonly method: string,
    private readonly incoming: IncomingHttpHeaders,
    private readonly bytes: Buffer,
  ) {}

  /** The fetch `Headers`, made when first read (a handler that reads none pays nothing for them). */
  get headers(): Headers {
    if (this.#headers === null) {
      const headers = new Headers();
      // Node joins repeated headers into one line except set-cookie, a list a request never needs.
      for (const key in this.incoming) {
        const value = this.incoming[key];
        if (typeof value === 'string') headers.append(key, value);
      }
      this.#headers = headers;
    }
    return this.#headers;
  }

  #request(): Request {
    this.#full ??= new Request(this.url, {
      method: this.method,
      headers: this.headers,
      body: this.method === 'GET' || this.method === 'HEAD' || this.bytes.length === 0 ? undefined : this.bytes,
    });
    return this.#full;
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: body has already been read');
    this.#used = true;
    return this.bytes;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#request().body;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#full?.bodyUsed ?? false);
  }

  async text(): Promise<string> {
    return this.#take().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async blob(): Promise<Blob> {
    return this.#request().blob();
  }

  async formData(): Promise<FormData> {
    return this.#request().formData();
  }

  clone(): Request {
    return this.#request().clone();
  }
}

/**
 * For bench/api only: the members of `HttpRequest` handlers use, straight over a LocalRequest,
 * without the library's class (its constructor and generator-wrapped body methods). The
 * benchmark runs the host both ways to show what that class costs per request.
 */
export function plainHttpRequest(native: LocalRequest, query: URLSearchParams, params: Record<string, string>): unknown {
  return {
    method: native.method,
    url: native.url,
    get headers() {
      return native.headers;
    },
    query,
    params,
    user: null,
    get body() {
      return native.body;
    },
    get bodyUsed() {
      return native.bodyUsed;
    },
    text: () => native.text(),
    json: () => native.json(),
    arrayBuffer: () => native.arrayBuffer(),
    blob: () => native.blob(),
    formData: () => native.formData(),
    clone: () => native.clone(),
  };
}
