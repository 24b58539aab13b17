/**
 * "Last night's changes": the nightly change feed from a date, filtered by kind and by tenant
 * or customer, every code in words, with the night, the numbers before and after and the
 * money; reasons expandable; each change selects its tenant's row or adds itself to the sheet.
 */
import { CHANGE_KIND_WORDS, formatCount } from '../../../shared';
import type { ChangeItem } from '../apiClient';
import { api } from '../ui/api';
import { $, actionButton, el, reasonsBlock } from '../ui/dom';
import { appendRow, goToTenant } from '../ui/excel';
import { adviceWords, changeKindWords, dateWords, money, workloadName } from '../ui/words';

/** Yesterday in UTC: the night the latest run evaluated (the pane passes its clock in). */
export function lastNight(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** The numbers of a change: PAU, MAU and band before and after, and the money at stake. */
export function changeFigures(c: ChangeItem): string {
  const parts: string[] = [];
  const b = c.before ?? null;
  const a = c.after;
  if (a) {
    parts.push(b && b.paidAvailableUnits !== a.paidAvailableUnits ? `PAU ${formatCount(b.paidAvailableUnits)} → ${formatCount(a.paidAvailableUnits)}` : `PAU ${formatCount(a.paidAvailableUnits)}`);
    parts.push(b && b.monthlyActiveUsers !== a.monthlyActiveUsers ? `MAU ${formatCount(b.monthlyActiveUsers)} → ${formatCount(a.monthlyActiveUsers)}` : `MAU ${formatCount(a.monthlyActiveUsers)}`);
    parts.push(b && b.sizeBand !== a.sizeBand ? `band ${b.sizeBand} → ${a.sizeBand}` : `band ${a.sizeBand}`);
  }
  if (c.lostCents !== undefined) parts.push(`lost ${money(c.lostCents)}`);
  else if (a && a.toEarnCents !== undefined) parts.push(a.toEarnCents === null ? 'still to earn: per-user rate, see the payout' : `still to earn ${money(a.toEarnCents)}`);
  return parts.join(' · ');
}

/** The kinds the filter offers, in words. */
export function fillKinds(select: HTMLSelectElement): void {
  select.replaceChildren(el('option', { value: '' }, 'All kinds'), ...Object.entries(CHANGE_KIND_WORDS).map(([code, words]) => el('option', { value: code }, words)));
}

function changeItem(c: ChangeItem): HTMLLIElement {
  const who = `${c.customerName ?? c.tenantId} · ${workloadName(c.workload)}`;
  const status = () => $('changes-status');
  return el(
    'li',
    { class: 'card change', 'data-tenant-id': c.tenantId, 'data-kind': c.kind },
    el('div', { class: 'card-head' }, el('span', { class: 'ms-fontWeight-semibold' }, who), el('span', { class: 'badge' }, changeKindWords(c.kind))),
    el('div', { class: 'meta' }, `Night of ${dateWords(c.night)} · ${changeFigures(c)}`),
    el('p', {}, c.reasons[0]?.message ?? ''),
    el('p', { class: 'advice' }, `Advice: ${adviceWords(c.advice.action)}.`),
    reasonsBlock([...c.reasons, ...(c.advice.reasons ?? [])]),
    el(
      'div',
      { class: 'actions' },
      actionButton('Go to row', `Select tenant ${c.tenantId}'s row in the sheet`, () => goToTenant(c.tenantId), status),
      actionButton(
        'Add to sheet',
        'Add this change as a row under the sheet',
        async () => {
          const row = await appendRow(['Tenant ID', 'Customer', 'Workload', 'Change', 'Night', 'What happened', 'Advice'], (h) => CHANGE_CELLS[h]?.(c));
          status().textContent = `Added ${who} to row ${row}.`;
        },
        status,
      ),
    ),
  );
}

/** A change's cell under a sheet header (the headers a work sheet may have). */
const CHANGE_CELLS: Record<string, (c: ChangeItem) => unknown> = {
  'Tenant ID': (c) => c.tenantId,
  Customer: (c) => c.customerName ?? '',
  Workload: (c) => workloadName(c.workload),
  Change: (c) => changeKindWords(c.kind),
  Night: (c) => c.night,
  'What happened': (c) => c.reasons[0]?.message ?? '',
  Advice: (c) => adviceWords(c.advice.action),
};

export function renderChanges(items: ChangeItem[], kind: string, tenant: string): void {
  const t = tenant.trim().toLowerCase();
  const shown = items.filter((c) => (kind === '' || c.kind === kind) && (t === '' || c.tenantId.includes(t) || (c.customerName ?? '').toLowerCase().includes(t)));
  $('changes').replaceChildren(...shown.map(changeItem));
  $('changes-status').textContent = `${shown.length} of ${items.length} changes`;
}

let loaded: ChangeItem[] = [];

export async function loadChanges(): Promise<void> {
  const since = ($<HTMLInputElement>('changes-since').value || lastNight(new Date())).trim();
  $('changes-status').textContent = 'Loading...';
  try {
    api().clear();
    loaded = await api().changesSince(since);
    renderChanges(loaded, $<HTMLSelectElement>('changes-kind').value, $<HTMLInputElement>('changes-tenant').value);
  } catch (e) {
    $('changes-status').textContent = e instanceof Error ? e.message : String(e);
  }
}

export function startChanges(now: Date): void {
  fillKinds($<HTMLSelectElement>('changes-kind'));
  $<HTMLInputElement>('changes-since').value = lastNight(now);
  $('changes-load').addEventListener('click', () => void loadChanges());
  const refilter = () => renderChanges(loaded, $<HTMLSelectElement>('changes-kind').value, $<HTMLInputElement>('changes-tenant').value);
  $('changes-kind').addEventListener('change', refilter);
  $('changes-tenant').addEventListener('input', refilter);
}
