/**
 * "This week's work": the ranked work list (GET /api/v1/actions), each line in words with its
 * amount and deadline, reasons expandable, selecting its tenant's row or added to the sheet.
 */
import { api, problemText } from '../ui/api';
import { $, actionButton, el, reasonsBlock } from '../ui/dom';
import { appendRow, goToTenant } from '../ui/excel';
import { dateWords, money, workActionWords, workloadName } from '../ui/words';

export interface WorkLineJson {
  rank: number;
  tenantId: string;
  customerName: string | null;
  workload: string;
  programId: string;
  action: string;
  amountCents: number | null;
  currency: string;
  deadline: string | null;
  message: string;
  reasons: Array<{ code: string; message: string }>;
}

const WORK_CELLS: Record<string, (w: WorkLineJson) => unknown> = {
  'Tenant ID': (w) => w.tenantId,
  Customer: (w) => w.customerName ?? '',
  Workload: (w) => workloadName(w.workload),
  Action: (w) => workActionWords(w.action),
  'Amount (USD)': (w) => (w.amountCents === null ? '' : w.amountCents / 100),
  Deadline: (w) => w.deadline ?? '',
  Why: (w) => w.message,
};

function workItem(w: WorkLineJson): HTMLLIElement {
  const who = `${w.customerName ?? w.tenantId} · ${workloadName(w.workload)}`;
  const status = () => $('work-status');
  return el(
    'li',
    { class: 'card work', 'data-tenant-id': w.tenantId, 'data-action': w.action },
    el('div', { class: 'card-head' }, el('span', { class: 'ms-fontWeight-semibold' }, `${w.rank}. ${workActionWords(w.action)}`), el('span', { class: 'amount' }, money(w.amountCents, w.currency))),
    el('div', { class: 'meta' }, `${who} · ${w.deadline ? `by ${dateWords(w.deadline)}` : 'no deadline'}`),
    el('p', {}, w.message),
    reasonsBlock(w.reasons),
    el(
      'div',
      { class: 'actions' },
      actionButton('Go to row', `Select tenant ${w.tenantId}'s row in the sheet`, () => goToTenant(w.tenantId), status),
      actionButton(
        'Add to sheet',
        'Add this line as a row under the sheet',
        async () => {
          const row = await appendRow(Object.keys(WORK_CELLS), (h) => WORK_CELLS[h]?.(w));
          status().textContent = `Added ${who} to row ${row}.`;
        },
        status,
      ),
    ),
  );
}

export function renderWorkList(lines: WorkLineJson[], total: number): void {
  $('work').replaceChildren(...lines.map(workItem));
  const sum = lines.reduce((n, l) => n + (l.amountCents ?? 0), 0);
  $('work-status').textContent =
    lines.length === 0 ? 'Nothing to do this week.' : `${lines.length} of ${total} things to do, ${money(sum, lines[0]?.currency ?? 'USD')} at stake (per-user amounts not counted).`;
}

export async function loadWorkList(): Promise<void> {
  $('work-status').textContent = 'Loading...';
  try {
    const { status, json } = await api().send('GET', '/actions?pageSize=100');
    if (status !== 200) throw new Error(problemText(json, status));
    renderWorkList(json.items as WorkLineJson[], Number(json.total));
  } catch (e) {
    $('work-status').textContent = e instanceof Error ? e.message : String(e);
  }
}

export function startWorkList(): void {
  $('work-load').addEventListener('click', () => void loadWorkList());
}
