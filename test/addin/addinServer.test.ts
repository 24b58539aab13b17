/**
 * The add-in's static server faces anyone who can reach the port, without a key: no request
 * path may crash the process (a crash used to take Azurite and the API down with it).
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAddinServer, type AddinServer } from '../../dev/localHost/addinServer';
import { rawRequest } from '../support/rawHttp';

const folder = mkdtempSync(join(tmpdir(), 'addin-server-'));
let server: AddinServer;

beforeAll(async () => {
  writeFileSync(join(folder, 'taskpane.html'), '<!doctype html><title>pane</title>');
  mkdirSync(join(folder, 'assets'));
  writeFileSync(join(folder, 'assets', 'a b.png'), 'png');
  server = await startAddinServer({ folder });
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the add-in server', () => {
  it.each(['/%', '/%zz', '/%c0%ae', '/%c0%ae%c0%ae/etc/passwd', '/assets/%E0%A4%A'])('answers 400 to the badly encoded path %s and keeps serving', async (path) => {
    const bad = await rawRequest(server.port, path);
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/not valid percent-encoding/);
    expect((await fetch(`${server.url}/taskpane.html`)).status).toBe(200);
  });

  it('serves files by their decoded names and keeps paths inside its folder', async () => {
    expect((await rawRequest(server.port, '/assets/a%20b.png')).status).toBe(200);
    expect((await rawRequest(server.port, '/')).status).toBe(200);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e%5cpackage.json']) {
      expect((await rawRequest(server.port, path)).status).toBe(404);
    }
  });

  it('never answers 5xx and never stops, whatever the path (2,000 generated paths)', async () => {
    const byte = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`);
    const overlong = fc.constantFrom('%c0%ae', '%c0%af', '%e0%80%ae', '%f0%80%80%ae', '%c1%9c', '%ed%a0%80');
    const brokenEscape = fc.constantFrom('%', '%z', '%zz', '%4', '%%', '%u002e');
    const plain = fc.string({ unit: fc.constantFrom(..."abcXYZ019-._~/\\?#&=+;:@!$'()*,".split('')), maxLength: 12 });
    const segment = fc.oneof(plain, byte, overlong, brokenEscape, fc.constantFrom('..', '.', 'taskpane.html', 'assets', 'office'));
    const path = fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('')}`.replace(/#/g, '%23').replace(/ /g, '%20'));
    await fc.assert(
      fc.asyncProperty(path, async (p) => {
        const r = await rawRequest(server.port, p);
        return r.status >= 200 && r.status < 500;
      }),
      { numRuns: 2_000 },
    );
    expect((await fetch(`${server.url}/taskpane.html`)).status).toBe(200);
  }, 120_000);
});
