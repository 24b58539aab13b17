/**
 * The work list as CSV (GET /actions with Accept: text/csv): one row per line, in rank order,
 * amounts as decimal money. Kept in this one place so it can be folded into a shared CSV
 * answer writer later.
 */
import type { WorkLine } from '../../shared';

export const ACTIONS_CSV_COLUMNS = ['rank', 'customerName', 'tenantId', 'workload', 'action', 'amount', 'currency', 'deadline', 'message', 'link'] as const;

/** A CSV field: quoted when it holds a comma, a quote or a line break; a leading =, +, - or @ is kept from spreadsheets' formula parsing. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Integer cents as a decimal amount ("4000.00"). */
function decimal(cents: number | null): string | null {
  if (cents === null) return null;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function actionsCsv(lines: ReadonlyArray<WorkLine & { rank: number; link: string }>): string {
  const rows = [ACTIONS_CSV_COLUMNS.join(',')];
  for (const l of lines) {
    rows.push([l.rank, l.customerName, l.tenantId, l.workload, l.action, decimal(l.amountCents), l.currency, l.deadline, l.message, l.link].map(field).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
