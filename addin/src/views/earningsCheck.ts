/**
 * "Earnings check": what Partner Center paid against what the engine predicted, on a date.
 * The summary at the top (GET /reconciliation/summary: totals predicted, paid and missing, the
 * next dispute deadline, each segment and cloud with its last payment, never paid said so);
 * under it the months that need action (GET /reconciliation, one status at a time, every page
 * followed with progress), ranked and worded by earningsCheck.ts. Each line selects its row of
 * the active sheet (tenant and workload) or, where the sheet has none, adds itself to the sheet.
 */
import { formatCount } from '../../../shared';
import { fieldOfHeader } from '../../../shared/columns';
import type { ReconciliationLineJson, ReconciliationSummaryJson } from '../apiClient';
import { ACTION_STATUSES, atStakeCents, daysBetween, deadlineWords, emptyStateWords, lineFigures, lineWho, openDeadline, rankEarningsLines, STATUS_WORDS, summaryWords } from '../earningsCheck';
import type { SheetRowIndex } from '../sheetRows';
import { api } from '../ui/api';
import { $, actionButton, el } from '../ui/dom';
import { activeSheetRows, appendRow, goToWorkload } from '../ui/excel';
import { dateWords, money, workloadName } from '../ui/words';

/** Lines shown at most (the most money first); the status line says how many more there are. */
export const EARNINGS_SHOWN = 200;

/** A line's cell under a sheet header: the columns written on an empty sheet, and the keys a tracking sheet has. */
const EARNINGS_CELLS: Record<string, (l: ReconciliationLineJson) => unknown> = {
  'Tenant ID': (l) => l.tenantId,
  Customer: (l) => l.customerName ?? '',
  Workload: (l) => workloadName(l.workload),
  Month: (l) => l.month,
  Status: (l) => STATUS_WORDS[l.status as keyof typeof STATUS_WORDS] ?? l.status,
  'Predicted (USD)': (l) => l.predictedCents / 100,
  'Paid (USD)': (l) => l.paidCents / 100,
  'Difference (USD)': (l) => l.differenceCents / 100,
  'Likely cause': (l) => l.likelyCause,
  'Dispute by': (l) => l.disputeBy ?? '',
};
const KEY_CELLS: Record<string, string> = { tenantId: 'Tenant ID', customerName: 'Customer', workload: 'Workload' };

function cellFor(header: string, l: ReconciliationLineJson): unknown {
  const direct = EARNINGS_CELLS[header];
  if (direct) return direct(l);
  const key = KEY_CELLS[fieldOfHeader(header) ?? ''];
  return key ? EARNINGS_CELLS[key]!(l) : undefined;
}

const status = () => $('earnings-status');

function goToRowButton(l: ReconciliationLineJson, who: string): HTMLButtonElement {
  return actionButton('Go to row', `Select the row of ${who} in the sheet`, () => selectRow(l, who), status);
}

async function selectRow(l: ReconciliationLineJson, who: string): Promise<void> {
  const row = await goToWorkload(l.tenantId, l.workload);
  status().textContent = row === null ? `This sheet has no row for ${who}: add it to the sheet.` : `Selected row ${row}: ${who}.`;
}

function earningItem(l: ReconciliationLineJson, rank: number, asOfDate: string, rows: SheetRowIndex | null): HTMLLIElement {
  const who = `${l.customerName ?? `tenant ${l.tenantId}`} · ${workloadName(l.workload)}`;
  const hasRow = rows === null ? null : rows.find(l.tenantId, l.workload) !== null;
  const open = openDeadline(l, asOfDate);
  const soon = open !== null && daysBetween(asOfDate, open) <= 14;
  const actions = el('div', { class: 'actions' });
  const addButton = actionButton(
    'Add to sheet',
    `Add ${who}, ${dateWords(l.month)} as a row under the sheet`,
    async () => {
      const row = await appendRow(Object.keys(EARNINGS_CELLS), (h) => cellFor(h, l));
      status().textContent = `Added ${who}, ${dateWords(l.month)} to row ${row}.`;
      addButton.replaceWith(goToRowButton(l, who));
    },
    status,
  );
  if (hasRow !== false) actions.append(goToRowButton(l, who));
  if (hasRow !== true) actions.append(addButton);
  const item = el(
    'li',
    {
      class: `card earning status-${l.status}`,
      'data-tenant-id': l.tenantId,
      'data-workload': l.workload,
      'data-month': l.month,
      'data-status': l.status,
      'data-has-row': hasRow === null ? 'unknown' : String(hasRow),
      tabindex: '0',
      'aria-label': `${rank}. ${STATUS_WORDS[l.status as keyof typeof STATUS_WORDS]}, ${money(atStakeCents(l))}, ${lineWho(l)}`,
    },
    el(
      'div',
      { class: 'card-head' },
      el('span', { class: 'ms-fontWeight-semibold' }, `${rank}. ${STATUS_WORDS[l.status as keyof typeof STATUS_WORDS] ?? l.status}`),
      el('span', { class: 'amount' }, money(atStakeCents(l))),
    ),
    el('div', { class: 'meta' }, lineWho(l)),
    el(
      'p',
      { class: 'figures' },
      ...lineFigures(l)
        .split(' · ')
        .flatMap((part, i) => [i > 0 ? ' · ' : null, el('span', { class: 'nowrap' }, part)]),
    ),
    el('p', {}, `Likely cause: ${l.likelyCause}.`),
    el('p', { class: `deadline${l.disputeBy === null ? ' none' : open === null ? ' closed' : ''}${soon ? ' soon' : ''}` }, deadlineWords(l, asOfDate)),
    el('details', { class: 'why' }, el('summary', {}, 'What Partner Center shows'), el('p', { class: 'reasons' }, l.message)),
    actions,
  );
  // The card itself selects its row (click, or Enter when it has the focus); its buttons and details act on their own.
  const fromCard = (target: EventTarget | null) => !(target instanceof Element && target.closest('button, summary, details'));
  item.addEventListener('click', (e) => {
    if (fromCard(e.target) && hasRow !== false) selectRow(l, who).catch((x: unknown) => (status().textContent = x instanceof Error ? x.message : String(x)));
  });
  item.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === item && hasRow !== false) {
      e.preventDefault();
      selectRow(l, who).catch((x: unknown) => (status().textContent = x instanceof Error ? x.message : String(x)));
    }
  });
  return item;
}

export function renderSummary(s: ReconciliationSummaryJson): void {
  const words = summaryWords(s);
  const figure = (label: string, cents: number, cls = '') => el('div', { class: `figure ${cls}` }, el('span', { class: 'figure-label' }, label), el('span', { class: 'figure-value' }, money(cents)));
  $('earnings-summary').replaceChildren(
    el(
      'div',
      { class: 'card summary', 'aria-label': words.totals },
      el('div', { class: 'figures-row' }, figure('Predicted', s.predictedCents), figure('Paid', s.paidCents), figure('Missing', s.missingCents, s.missingCents > 0 ? 'warn' : '')),
      el('p', { class: 'next-deadline ms-fontWeight-semibold' }, words.deadline),
      el('p', { class: 'meta counts' }, words.counts),
      el('p', { class: 'groups-title ms-fontWeight-semibold' }, 'Paid by segment and cloud'),
      el('ul', { class: 'groups' }, ...words.groups.map((g) => el('li', { class: g.neverPaid ? 'never-paid' : '' }, g.text))),
    ),
  );
}

export function renderEarnings(lines: readonly ReconciliationLineJson[], asOfDate: string, rows: SheetRowIndex | null): void {
  const ranked = rankEarningsLines(lines, asOfDate);
  const shown = ranked.slice(0, EARNINGS_SHOWN);
  $('earnings').replaceChildren(...shown.map((l, i) => earningItem(l, i + 1, asOfDate, rows)));
  const stake = ranked.reduce((n, l) => n + atStakeCents(l), 0);
  status().textContent =
    ranked.length === 0
      ? `Nothing to act on as of ${dateWords(asOfDate)}: every month is paid as predicted or not due yet.`
      : `${formatCount(ranked.length)} month${ranked.length === 1 ? '' : 's'} to act on, ${money(stake)} at stake${ranked.length > shown.length ? ` (the first ${shown.length} shown, the most money first)` : ''}.`;
}

export async function loadEarningsCheck(): Promise<void> {
  const asOfDate = $<HTMLInputElement>('earnings-as-of').value.trim();
  const progress = $<HTMLProgressElement>('earnings-progress');
  status().textContent = 'Reading the summary...';
  $('earnings').replaceChildren();
  $('earnings-summary').replaceChildren();
  try {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfDate)) throw new Error('As of: enter a date (the day to check the earnings on).');
    const summary = await api().reconciliationSummary(asOfDate);
    const empty = emptyStateWords(summary);
    if (empty !== null) {
      status().textContent = empty;
      return;
    }
    renderSummary(summary);
    const total = ACTION_STATUSES.reduce((n, s) => n + summary.byStatus[s], 0);
    progress.max = Math.max(total, 1);
    progress.value = 0;
    progress.hidden = false;
    const lines: ReconciliationLineJson[] = [];
    for (const s of ACTION_STATUSES) {
      if (summary.byStatus[s] === 0) continue;
      const before = lines.length;
      lines.push(
        ...(await api().reconciliationLines(asOfDate, s, (read) => {
          progress.value = before + read;
          status().textContent = `Reading the months to act on: ${formatCount(before + read)} of ${formatCount(total)}...`;
        })),
      );
    }
    const rows = await activeSheetRows().catch(() => null);
    renderEarnings(lines, asOfDate, rows);
  } catch (e) {
    status().textContent = e instanceof Error ? e.message : String(e);
  } finally {
    progress.hidden = true;
  }
}

export function startEarningsCheck(today: string): void {
  $<HTMLInputElement>('earnings-as-of').value = today;
  $('earnings-load').addEventListener('click', () => void loadEarningsCheck());
}
