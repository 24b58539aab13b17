/**
 * Codes in the words the task pane shows: workload names from the catalog, advice, change
 * kinds and work list actions (shared/words.ts), money with its currency, dates readable.
 */
import { adviceWords, changeKindWords, defaultCatalog, formatMoney, workActionWords } from '../../../shared';

export { adviceWords, changeKindWords, workActionWords };

/** A workload's name ("Defender for Endpoint" for `defender-for-endpoint`); the code itself when unknown. */
export function workloadName(id: string): string {
  return defaultCatalog.workloads.resolve(id)?.name ?? id;
}

/** Cents as money ("$4,000.00"), or "amount not known" for null. */
export function money(cents: number | null | undefined, currency = 'USD'): string {
  return cents === null || cents === undefined ? 'amount not known' : formatMoney(cents, currency);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An ISO date as "22 Nov 2026" (UTC, as stored); a month "2026-11" as "Nov 2026". */
export function dateWords(iso: string | null | undefined): string {
  if (!iso) return 'no date';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1] ?? m[2];
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}
