/**
 * What looks wrong in a usage history without being wrong enough to refuse: an import writes
 * these months anyway and warns, line by line, so an analyst can check the file before (dry
 * run) or after the import. Pure: the history in, the warnings out.
 * - MAU above PAU: only paid active users count (MAU is capped at PAU), and whether the month
 *   would raise the HWM, to what;
 * - PAU falling by more than half from the month before;
 * - months missing between two months of the history.
 */
import { addMonthsToMonth } from './dates';
import { formatCount } from './format';
import { raisedHighWaterMark } from './highWaterMark';

/** A month of a history; `line` is the file's line for months read from a file, absent for stored months. */
export interface HistoryEntry {
  month: string;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  line?: number;
}

export type HistoryWarningKind = 'mau-above-pau' | 'pau-fell-by-half' | 'months-missing';

export interface HistoryWarning {
  line: number;
  kind: HistoryWarningKind;
  message: string;
}

/**
 * The warnings of one workload's history (file months and stored ones; a file month replaces
 * a stored month of the same month). Only months read from the file are warned about.
 * @example historyWarnings('Intune', [{ month: '2026-09', paidAvailableUnits: 1000, monthlyActiveUsers: 100 }, { month: '2026-10', paidAvailableUnits: 400, monthlyActiveUsers: 100, line: 3 }], 150)[0].message
 * // => 'Intune: PAU fell from 1,000 in 2026-09 to 400 in 2026-10 (by 60%): check the file, or whether the customer cancelled seats'
 */
export function historyWarnings(workloadName: string, entries: readonly HistoryEntry[], seatMinimum: number): HistoryWarning[] {
  const byMonth = new Map<string, HistoryEntry>();
  for (const e of entries) {
    const held = byMonth.get(e.month);
    if (!held || e.line !== undefined) byMonth.set(e.month, e);
  }
  const months = [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  const warnings: HistoryWarning[] = [];
  let hwm = 0;
  let previous: HistoryEntry | undefined;
  for (const m of months) {
    if (m.line !== undefined) {
      if (m.monthlyActiveUsers > m.paidAvailableUnits) {
        const raised = raisedHighWaterMark(hwm, m.paidAvailableUnits, m.monthlyActiveUsers, seatMinimum);
        const effect =
          m.paidAvailableUnits < seatMinimum
            ? `the month does not count (PAU below the ${formatCount(seatMinimum)} seat minimum), so it leaves the HWM at ${formatCount(hwm)}`
            : raised > hwm
              ? `this month would raise the HWM from ${formatCount(hwm)} to ${formatCount(raised)}`
              : `the HWM stays ${formatCount(hwm)}`;
        warnings.push({
          line: m.line,
          kind: 'mau-above-pau',
          message: `${workloadName} ${m.month}: MAU ${formatCount(m.monthlyActiveUsers)} is above PAU ${formatCount(m.paidAvailableUnits)}; only ${formatCount(m.paidAvailableUnits)} count as paid active users and ${effect}`,
        });
      }
      if (previous && previous.month === addMonthsToMonth(m.month, -1) && m.paidAvailableUnits * 2 < previous.paidAvailableUnits) {
        const fall = Math.floor(((previous.paidAvailableUnits - m.paidAvailableUnits) * 100) / previous.paidAvailableUnits);
        warnings.push({
          line: m.line,
          kind: 'pau-fell-by-half',
          message: `${workloadName}: PAU fell from ${formatCount(previous.paidAvailableUnits)} in ${previous.month} to ${formatCount(m.paidAvailableUnits)} in ${m.month} (by ${fall}%): check the file, or whether the customer cancelled seats`,
        });
      }
    }
    if (previous) {
      const expected = addMonthsToMonth(previous.month, 1);
      if (expected !== m.month && (m.line !== undefined || previous.line !== undefined)) {
        const missing: string[] = [];
        for (let x = expected; x < m.month && missing.length < 25; x = addMonthsToMonth(x, 1)) missing.push(x);
        const more = addMonthsToMonth(expected, missing.length) < m.month;
        warnings.push({
          line: (m.line ?? previous.line)!,
          kind: 'months-missing',
          message: `${workloadName}: ${missing.length === 1 ? `${missing[0]} is` : `${missing.join(', ')}${more ? ' and more' : ''} are`} missing between ${previous.month} and ${m.month}: their usage is not in the HWM (if it was higher, the HWM is understated)`,
        });
      }
    }
    hwm = raisedHighWaterMark(hwm, m.paidAvailableUnits, m.monthlyActiveUsers, seatMinimum);
    previous = m;
  }
  return warnings.sort((a, b) => a.line - b.line);
}
