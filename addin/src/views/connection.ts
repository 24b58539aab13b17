/**
 * "Connection": the API URL and key, kept in the add-in (never in the workbook). Saving tests
 * the connection at once (health, then one keyed call) and says in words what is wrong:
 * unreachable, wrong key, or CORS. Nothing is said before the user saves.
 */
import { testConnection } from '../connection';
import { loadSettings, saveSettings } from '../settings';
import { api } from '../ui/api';
import { $ } from '../ui/dom';

export async function saveAndTest(): Promise<boolean> {
  const status = $('settings-status');
  const settings = { apiUrl: $<HTMLInputElement>('api-url').value, apiKey: $<HTMLInputElement>('api-key').value };
  const problem = saveSettings(settings);
  api().clear();
  if (problem) {
    status.className = 'status error';
    status.dataset.kind = 'bad-url';
    status.textContent = problem;
    return false;
  }
  status.className = 'status';
  status.dataset.kind = 'testing';
  status.textContent = 'Saved. Testing the connection...';
  const result = await testConnection(loadSettings());
  status.className = `status ${result.ok ? 'ok' : 'error'}`;
  status.dataset.kind = result.kind;
  status.textContent = result.ok ? `Saved. ${result.message} Formulas use these settings from their next calculation.` : `Saved, but: ${result.message}`;
  return result.ok;
}

export function startConnection(connected: () => void): void {
  const s = loadSettings();
  $<HTMLInputElement>('api-url').value = s.apiUrl;
  $<HTMLInputElement>('api-key').value = s.apiKey;
  $('settings').addEventListener('submit', (e) => {
    e.preventDefault();
    void saveAndTest().then((ok) => ok && connected());
  });
}
