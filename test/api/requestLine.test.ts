/**
 * What reaches the local host before any handler: the request target and the Host header.
 * Neither may produce a 5xx; a malformed one is a 400 naming it, and nothing echoes it back.
 */
import fc from 'fast-check';
import { rawRequest } from '../support/rawHttp';
import { TEST_KEY, useTestHost } from '../support/localHost';

const testHost = useTestHost();

describe('the Host header', () => {
  it.each(['[', 'a b', 'x:y:z', 'evil.test:99999', '%', 'é.test', '<script>', 'host/path', '@', 'a@b'])('answers 400 naming the Host header for %j, keyless routes included', async (host) => {
    for (const path of ['/api/v1/health', '/api/v1/openapi.json', '/api/v1/programs']) {
      const r = await rawRequest(testHost().port, path, { host, 'x-functions-key': TEST_KEY });
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/Host header/);
    }
  });

  it('accepts host names, IPv4 and IPv6 addresses, with or without a port', async () => {
    for (const host of ['localhost', 'localhost:7071', '127.0.0.1:8080', '[::1]:7071', 'api.example.com', 'my-func.azurewebsites.net']) {
      expect((await rawRequest(testHost().port, '/api/v1/health', { host })).status).toBe(200);
    }
  });

  it('is never echoed into the OpenAPI document', async () => {
    const r = await rawRequest(testHost().port, '/api/v1/openapi.json', { host: 'attacker.example:8443' });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('attacker');
    expect(JSON.parse(r.text.slice(r.text.indexOf('\r\n\r\n') + 4)).servers).toEqual([{ url: '/api/v1' }]);
  });

  it('never gives a 5xx, whatever the Host (1,000 generated values)', async () => {
    const host = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    const path = fc.constantFrom('/api/v1/health', '/api/v1/openapi.json', '/api/v1/programs', '/api/v1/eligibility', '/nope');
    await fc.assert(
      fc.asyncProperty(host, path, async (h, p) => {
        const r = await rawRequest(testHost().port, p, { host: h, 'x-functions-key': TEST_KEY });
        return r.status >= 200 && r.status < 500;
      }),
      { numRuns: 1_000 },
    );
    expect((await rawRequest(testHost().port, '/api/v1/health')).status).toBe(200);
  }, 120_000);
});

describe('the request target', () => {
  it('never gives a 5xx for odd paths (1,000 generated paths, percent-encoding and overlong UTF-8 included)', async () => {
    const segment = fc.oneof(
      fc.constantFrom('api', 'v1', 'workloads', 'health', 'programs', '00000000-0000-4000-8000-000000000001', 'intune', '..', '.', ''),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.constantFrom('%', '%zz', '%c0%ae', '%e0%80%ae', '%ed%a0%80', '//', '?x=%', '?continuationToken=%'),
    );
    const path = fc.array(segment, { maxLength: 7 }).map((parts) => `/${parts.join('/')}`);
    await fc.assert(
      fc.asyncProperty(path, async (p) => {
        const r = await rawRequest(testHost().port, p, { host: 'localhost', 'x-functions-key': TEST_KEY });
        // This host has no storage: a storage route's 503 "storage unavailable" is its true answer.
        return (r.status >= 200 && r.status < 500) || (r.status === 503 && r.text.includes('storage-unavailable'));
      }),
      { numRuns: 1_000 },
    );
  }, 120_000);

  it('reads a path that starts with two slashes as a path, not as another host', async () => {
    const r = await rawRequest(testHost().port, '//evil.example/api/v1/health', { host: 'localhost' });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('"status":"ok"');
  });
});
