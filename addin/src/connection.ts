/**
 * The connection test the task pane runs when settings are saved: the API's health (no key),
 * then one keyed call, each failure said in words: the API cannot be reached, it refuses the
 * key, or the browser blocks the answer (CORS: the API does not allow the add-in's origin).
 */
import type { ApiSettings } from './apiClient';

export type ConnectionKind = 'ok' | 'unreachable' | 'wrong-key' | 'cors' | 'not-the-api' | 'error';

export interface ConnectionResult {
  kind: ConnectionKind;
  ok: boolean;
  message: string;
}

type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; mode?: 'cors' | 'no-cors' }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** The page's origin, for the CORS advice. */
function origin(): string {
  return (globalThis as { location?: { origin: string } }).location?.origin ?? 'the add-in';
}

/** Test the settings against the API: health, then a keyed call (GET /api/v1/programs). */
export async function testConnection(settings: ApiSettings, fetchImpl: FetchLike = (u, i) => fetch(u, i)): Promise<ConnectionResult> {
  const base = `${settings.apiUrl.replace(/\/+$/, '')}/api/v1`;
  let health;
  try {
    health = await fetchImpl(`${base}/health`);
  } catch {
    // The browser says nothing more on a failed fetch; an opaque (no-cors) request tells a server that answers from none at all.
    try {
      await fetchImpl(`${base}/health`, { mode: 'no-cors' });
      return {
        kind: 'cors',
        ok: false,
        message: `The API at ${settings.apiUrl} answers, but does not allow this add-in (${origin()}) to read its answers (CORS): add ${origin()} to the API's allowed origins (INCENTIVES_CORS_ORIGINS, or the Function App's CORS settings).`,
      };
    } catch {
      return { kind: 'unreachable', ok: false, message: `Nothing answers at ${settings.apiUrl}: check the URL and that the API is running (npm start serves it on http://localhost:7071).` };
    }
  }
  if (!health.ok) return { kind: 'not-the-api', ok: false, message: `${settings.apiUrl} answered ${health.status} to /api/v1/health: is this the partner incentives API? Check the URL.` };
  if (settings.apiKey === '') return { kind: 'wrong-key', ok: false, message: 'The API answers, but no API key is set: paste the key (npm start prints it).' };
  let keyed;
  try {
    keyed = await fetchImpl(`${base}/programs`, { headers: { 'x-functions-key': settings.apiKey } });
  } catch {
    return { kind: 'unreachable', ok: false, message: `The API at ${settings.apiUrl} stopped answering during the test: try again.` };
  }
  if (keyed.status === 401 || keyed.status === 403)
    return { kind: 'wrong-key', ok: false, message: `The API at ${settings.apiUrl} refuses this key (${keyed.status}): check the key (npm start prints it; in Azure, a function key of the app).` };
  if (!keyed.ok) return { kind: 'error', ok: false, message: `The API at ${settings.apiUrl} answered ${keyed.status} to a keyed call: see the API's log.` };
  return { kind: 'ok', ok: true, message: `Connected to ${settings.apiUrl}: the API answers and accepts the key.` };
}
