/**
 * The add-in's settings: the API's URL and key, kept in the add-in's own storage (the shared
 * runtime's localStorage), never in the workbook, so a shared workbook never carries the key.
 */
import type { ApiSettings } from './apiClient';

const URL_KEY = 'partnerIncentives.apiUrl';
const KEY_KEY = 'partnerIncentives.apiKey';
/** Where `npm start` serves the API. */
export const DEFAULT_API_URL = 'http://localhost:7071';

export function loadSettings(): ApiSettings {
  return { apiUrl: localStorage.getItem(URL_KEY) ?? DEFAULT_API_URL, apiKey: localStorage.getItem(KEY_KEY) ?? '' };
}

/** Save settings; the URL must be http(s). Returns the problem, or null when saved. */
export function saveSettings(s: ApiSettings): string | null {
  let url: URL;
  try {
    url = new URL(s.apiUrl.trim());
  } catch {
    return `API URL: "${s.apiUrl}" is not a URL (e.g. ${DEFAULT_API_URL})`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `API URL: must start with http:// or https://`;
  localStorage.setItem(URL_KEY, url.origin);
  localStorage.setItem(KEY_KEY, s.apiKey.trim());
  return null;
}
