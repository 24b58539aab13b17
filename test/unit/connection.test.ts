/**
 * The task pane's connection test with a fake fetch: each way it can fail said in words
 * (unreachable, CORS, not the API, no key, wrong key, a failing keyed call), and success.
 */
import { testConnection } from '../../addin/src/connection';

const URL = 'http://localhost:7071';
type Answer = { status: number } | 'network-error';

/** A fetch answering by path (`health`, `programs`), the no-cors probe by `probe`. */
function fakeFetch(answers: { health: Answer; programs?: Answer; probe?: Answer }) {
  const calls: string[] = [];
  const fetch = async (url: string, init?: { mode?: string; headers?: Record<string, string> }) => {
    const which = init?.mode === 'no-cors' ? 'probe' : url.endsWith('/health') ? 'health' : 'programs';
    calls.push(`${which} ${url}${init?.headers?.['x-functions-key'] ? ` key=${init.headers['x-functions-key']}` : ''}`);
    const a = answers[which] ?? 'network-error';
    if (a === 'network-error') throw new TypeError('Failed to fetch');
    return { ok: a.status < 300, status: a.status, json: async () => ({}) };
  };
  return { fetch, calls };
}

describe('testConnection', () => {
  it('connected: health, then one keyed call', async () => {
    const { fetch, calls } = fakeFetch({ health: { status: 200 }, programs: { status: 200 } });
    await expect(testConnection({ apiUrl: `${URL}/`, apiKey: 'k' }, fetch)).resolves.toMatchObject({ kind: 'ok', ok: true });
    expect(calls).toEqual([`health ${URL}/api/v1/health`, `programs ${URL}/api/v1/programs key=k`]);
  });

  it('unreachable when not even an opaque request gets through; CORS when one does', async () => {
    await expect(testConnection({ apiUrl: URL, apiKey: 'k' }, fakeFetch({ health: 'network-error' }).fetch)).resolves.toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(/^Nothing answers at http:\/\/localhost:7071/),
    });
    await expect(testConnection({ apiUrl: URL, apiKey: 'k' }, fakeFetch({ health: 'network-error', probe: { status: 0 } }).fetch)).resolves.toMatchObject({
      kind: 'cors',
      message: expect.stringContaining('does not allow this add-in'),
    });
  });

  it('wrong key, no key, not the API, and a keyed call that fails otherwise', async () => {
    await expect(testConnection({ apiUrl: URL, apiKey: 'bad' }, fakeFetch({ health: { status: 200 }, programs: { status: 401 } }).fetch)).resolves.toMatchObject({
      kind: 'wrong-key',
      message: expect.stringContaining('refuses this key (401)'),
    });
    await expect(testConnection({ apiUrl: URL, apiKey: '' }, fakeFetch({ health: { status: 200 } }).fetch)).resolves.toMatchObject({
      kind: 'wrong-key',
      message: expect.stringContaining('no API key is set'),
    });
    await expect(testConnection({ apiUrl: URL, apiKey: 'k' }, fakeFetch({ health: { status: 404 } }).fetch)).resolves.toMatchObject({
      kind: 'not-the-api',
      message: expect.stringContaining('answered 404'),
    });
    await expect(testConnection({ apiUrl: URL, apiKey: 'k' }, fakeFetch({ health: { status: 200 }, programs: { status: 503 } }).fetch)).resolves.toMatchObject({ kind: 'error', ok: false });
  });
});
