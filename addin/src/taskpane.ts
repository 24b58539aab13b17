/**
 * The task pane: tabs of small views (addin/src/views/*), each acting on the workbook:
 * this week's work, last night's changes, the earnings check, the sheet (track selected rows, pull tracked
 * workloads into a table), a chart of the selected row's usage, and the connection.
 * Styled with Fluent's Fabric Core and Office's theme colours; keyboard reachable.
 */
import { $ } from './ui/dom';
import { applyOfficeTheme, startTabs } from './ui/theme';
import { startCatalog } from './views/catalog';
import { startChanges } from './views/changes';
import { startChart } from './views/usageChart';
import { startConnection } from './views/connection';
import { startEarningsCheck } from './views/earningsCheck';
import { startPull } from './views/pullTable';
import { trackSelectedRows } from './views/track';
import { loadWorkList, startWorkList } from './views/workList';
import { loadSettings } from './settings';

export { fieldOf, rowToRecord } from './trackRows';
export { trackRow } from './views/track';

export function startTaskPane(): void {
  applyOfficeTheme();
  const show = startTabs($('tabs'));
  startConnection(() => {
    show('panel-work');
    void loadWorkList();
  });
  startCatalog();
  startWorkList();
  startChanges(new Date());
  startEarningsCheck(new Date().toISOString().slice(0, 10));
  startPull();
  startChart(() => new Date().toISOString().slice(0, 10));
  $('track').addEventListener('click', () => {
    trackSelectedRows().catch((e: unknown) => ($('track-status').textContent = e instanceof Error ? e.message : String(e)));
  });
  // Nothing is loaded (and so no error shown) before the user asks; without a key, the pane opens on the connection.
  show(loadSettings().apiKey === '' ? 'panel-connection' : 'panel-work');
}

const office = (globalThis as { Office?: { onReady(cb: () => void): void } }).Office;
if (typeof document !== 'undefined' && document.getElementById('settings')) {
  if (office) office.onReady(() => startTaskPane());
  else startTaskPane();
}
