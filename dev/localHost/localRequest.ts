/**
 * The request the local host hands to `HttpRequest`, the way the Functions worker hands it a
 * native `Request` when it streams. It reads the body already in memory directly (text, json,
 * bytes) and builds a full fetch `Request` only for what needs one (body stream, form data,
 * clone), which keeps undici's request machinery off the common path; its headers read node's
 * own header object until something needs the whole list (IncomingHeaders).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Headers' own members, called on an IncomingHeaders once its list is filled (TypeScript types them as properties, which `super` cannot reach). */
const base = Headers.prototype;

/**
 * A request's fetch `Headers` over node's header object: `get` and `has` read that object
 * directly (node has already lower-cased the names, and joined or dropped repeated values, so
 * they answer what `Headers` filled from it answer); anything else (iterating, changing) first
 * copies every header into the `Headers` itself, once. A handler usually asks for a header or two, and building undici's
 * header list for every request was about 3% of a single eligibility request's CPU.
 */
export class IncomingHeaders extends (Headers as unknown as new () => object) {
  #incoming: IncomingHttpHeaders | null;

  constructor(incoming: IncomingHttpHeaders) {
    super();
    this.#incoming = incoming;
  }

  /** This, with node's headers copied into its list (once): for every member that needs the whole list. */
  #filled(): Headers {
    const self = this as unknown as Headers;
    const incoming = this.#incoming;
    if (incoming !== null) {
      this.#incoming = null;
      // Node joins repeated headers into one line except set-cookie, a list a request never needs.
      for (const key in incoming) {
        const value = incoming[key];
        if (typeof value === 'string') base.append.call(self, key, value);
      }
    }
    return self;
  }

  get(name: string): string | null {
    if (this.#incoming === null) return base.get.call(this.#filled(), name);
    const value = this.#incoming[String(name).toLowerCase()];
    return typeof value === 'string' ? value : null;
  }

  has(name: string): boolean {
    if (this.#incoming === null) return base.has.call(this.#filled(), name);
    return typeof this.#incoming[String(name).toLowerCase()] === 'string';
  }

  append(name: string, value: string): void {
    base.append.call(this.#filled(), name, value);
  }

  set(name: string, value: string): void {
    base.set.call(this.#filled(), name, value);
  }

  delete(name: string): void {
    base.delete.call(this.#filled(), name);
  }

  getSetCookie(): string[] {
    return base.getSetCookie.call(this.#filled());
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    base.forEach.call(this.#filled(), callback, thisArg);
  }

  entries(): IterableIterator<[string, string]> {
    return base.entries.call(this.#filled());
  }

  keys(): IterableIterator<string> {
    return base.keys.call(this.#filled());
  }

  values(): IterableIterator<string> {
    return base.values.call(this.#filled());
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return base[Symbol.iterator].call(this.#filled());
  }
}

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

  /** The fetch `Headers`, reading node's header object until something needs the whole list. */
  get headers(): Headers {
    this.#headers ??= new IncomingHeaders(this.incoming) as unknown as Headers;
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
