/**
 * The local host reads a plain path (unreserved characters, no query, no dot segment) without
 * `new URL` (dev/localHost/server.ts, requestUrl): whatever the target and Host, what it reads
 * must be what `URL` reads, and a Host that `URL` refuses is still a 400.
 */
import fc from 'fast-check';
import { BadRequest } from '../../functions/http/problems';
import { requestUrl } from '../../dev/localHost/server';

/** Targets from pieces that the URL parser keeps, rewrites or resolves. */
const piece = fc.constantFrom('api', 'v1', 'Health', 'openapi.json', 'a-b_c~d', '.', '..', '...', '.x', '', '%2e', '%41', '%', ' ', '"', '<', '\\', '?', '?code=k', '#f', 'é', '\t', '|', '{');
const target = fc.array(piece, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`);
const host = fc.constantFrom('localhost', 'LocalHost:7071', '127.0.0.1:80', '[::1]:7071', '[0:0::1]', 'api.example.com:0080', '0x7f.1', 'my-func.azurewebsites.net', 'a..b', '[:::]', 'x.');

function read(t: string, h: string): object {
  const r = requestUrl({ url: t, headers: { host: h } });
  if (r instanceof BadRequest) return { bad: r.message };
  return { pathname: r.pathname, search: r.search, href: r.href, query: [...r.searchParams] };
}

function byUrl(t: string, h: string): object {
  let u: URL;
  try {
    u = new URL(`http://${h}${t}`);
  } catch {
    return { bad: expect.stringMatching(/^The Host header is not a host name/) as unknown };
  }
  return { pathname: u.pathname, search: u.search, href: u.href, query: [...u.searchParams] };
}

describe('the request target as the host reads it', () => {
  it('is what URL reads, for 5,000 generated targets and Hosts', () => {
    fc.assert(
      fc.property(target, host, (t, h) => {
        const ours = read(t, h);
        expect(ours).toEqual(byUrl(t, h));
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads a plain path as it is, and anything else as URL does', () => {
    expect(read('/api/v1/eligibility', 'LOCALHOST:80')).toEqual({ pathname: '/api/v1/eligibility', search: '', href: 'http://localhost/api/v1/eligibility', query: [] });
    expect(read('/api/v1/../v1/health', 'localhost')).toEqual({ pathname: '/api/v1/health', search: '', href: 'http://localhost/api/v1/health', query: [] });
    expect(read('/api/v1/workloads?code=k&tenantId=t', 'localhost:7071')).toMatchObject({
      pathname: '/api/v1/workloads',
      search: '?code=k&tenantId=t',
      query: [
        ['code', 'k'],
        ['tenantId', 't'],
      ],
    });
  });

  it('answers 400 naming the Host for a Host that URL refuses, once or many times', () => {
    for (let i = 0; i < 3; i++) {
      const r = requestUrl({ url: '/api/v1/health', headers: { host: '[:::]' } });
      expect(r).toBeInstanceOf(BadRequest);
      expect((r as BadRequest).message).toMatch(/Host header/);
    }
  });
});
