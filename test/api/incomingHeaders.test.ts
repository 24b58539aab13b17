/**
 * The local host's request headers (dev/localHost/localRequest.ts, IncomingHeaders) read node's
 * header object directly until something needs the whole list: whatever a handler does with
 * them, they must answer what fetch `Headers` built from the same object answer.
 */
import type { IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import { IncomingHeaders, LocalRequest } from '../../dev/localHost/localRequest';

/** What the host used to hand handlers: every string header appended to fetch Headers. */
function fullHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const key in incoming) {
    const value = incoming[key];
    if (typeof value === 'string') headers.append(key, value);
  }
  return headers;
}

const lazy = (incoming: IncomingHttpHeaders): Headers => new IncomingHeaders(incoming) as unknown as Headers;

const NAMES = ['content-type', 'content-length', 'x-functions-key', 'accept', 'if-match', 'x-ms-client-principal', 'set-cookie', 'origin'];
const headerName = fc.constantFrom(...NAMES);
/** A header name as a client may write it: any mix of cases. */
const anyCase = headerName.chain((name) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
);
const headerValue = fc.stringMatching(/^[ -~]{0,20}$/).map((v) => v.trim());
/** Node's header object: lower-case names, repeated values already joined, set-cookie a list. */
const incomingHeaders = fc.dictionary(headerName, headerValue).map((h) => {
  const incoming: IncomingHttpHeaders = Object.create(null) as IncomingHttpHeaders;
  for (const [k, v] of Object.entries(h)) incoming[k] = k === 'set-cookie' ? [v] : v;
  return incoming;
});

type Op = { kind: 'get' | 'has' | 'delete'; name: string } | { kind: 'set' | 'append'; name: string; value: string } | { kind: 'list' };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('get' as const, 'has' as const, 'delete' as const), name: anyCase }),
  fc.record({ kind: fc.constantFrom('set' as const, 'append' as const), name: anyCase, value: headerValue }),
  fc.constant({ kind: 'list' as const }),
);

/** Apply one operation; what it answers (undefined for changes). */
function apply(headers: Headers, o: Op): unknown {
  switch (o.kind) {
    case 'get':
      return headers.get(o.name);
    case 'has':
      return headers.has(o.name);
    case 'delete':
      return headers.delete(o.name);
    case 'set':
      return headers.set(o.name, o.value);
    case 'append':
      return headers.append(o.name, o.value);
    case 'list':
      return [...headers];
  }
}

describe('the local host request headers', () => {
  it('answer every read and change as fetch Headers built from the same node headers do', () => {
    fc.assert(
      fc.property(incomingHeaders, fc.array(op, { maxLength: 12 }), (incoming, ops) => {
        const expected = fullHeaders(incoming);
        const actual = lazy(incoming);
        for (const o of ops) expect(apply(actual, o)).toEqual(apply(expected, o));
        expect([...actual.entries()]).toEqual([...expected.entries()]);
        expect([...actual.keys()]).toEqual([...expected.keys()]);
        expect([...actual.values()]).toEqual([...expected.values()]);
        const seen: string[] = [];
        actual.forEach((value, key) => seen.push(`${key}: ${value}`));
        expect(seen).toEqual([...expected].map(([k, v]) => `${k}: ${v}`));
        expect(actual.getSetCookie()).toEqual(expected.getSetCookie());
      }),
      { numRuns: 300 },
    );
  });

  it('are fetch Headers, and a Request built from them carries them', () => {
    const incoming = { 'content-type': 'text/plain', 'x-functions-key': 'k' } as IncomingHttpHeaders;
    const headers = lazy(incoming);
    expect(headers).toBeInstanceOf(Headers);
    expect(new Request('http://localhost/api/x', { method: 'POST', headers, body: 'hi' }).headers.get('Content-Type')).toBe('text/plain');
    // Reading does not copy: node's object is read as it is.
    expect(headers.get('X-Functions-Key')).toBe('k');
  });

  it('are what the LocalRequest gives, made once', () => {
    const request = new LocalRequest('http://localhost/api/v1/eligibility', 'POST', { 'content-type': 'application/json' }, Buffer.from('{}'));
    expect(request.headers).toBe(request.headers);
    expect(request.headers.get('content-type')).toBe('application/json');
  });
});
