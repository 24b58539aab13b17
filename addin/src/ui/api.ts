/** The API client the functions page made (shared runtime: the task pane is the same page). */
import type { IncentivesApi } from '../apiClient';

export function api(): IncentivesApi {
  return (globalThis as unknown as { PartnerIncentives: { api: IncentivesApi } }).PartnerIncentives.api;
}

/** A problem answer (RFC 9457) in words: its field errors, or its detail. */
export function problemText(json: Record<string, unknown>, status: number): string {
  const errors = json.errors as Array<{ path: string; message: string }> | undefined;
  if (errors?.length) return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  if (status === 401) return 'The API refuses the key: check it under Connection.';
  return String(json.detail ?? `The API answered ${status}.`);
}

/** GET a path of the API (under /api/v1), its JSON body, or an Error in words. */
export async function getJson<T>(path: string): Promise<T> {
  const { status, json } = await api().send('GET', path);
  if (status >= 200 && status < 300) return json as T;
  throw new Error(problemText(json, status));
}
