/**
 * What one row of a usage export may plausibly say. A row outside these limits is refused with
 * its line and the limit it broke; the rest of the file is imported. The limits are in this one
 * place so the import, its messages and its tests agree.
 */
import { formatCount } from '../../shared';

export const IMPORT_LIMITS = {
  /**
   * The earliest usage month read: CPOR usage programs and their reports start after 2015, so
   * an older month (1899-12, 0001-05) is a mistyped or defaulted cell, not history.
   */
  firstMonth: '2015-01',
  /**
   * The largest PAU or MAU of one row: the largest tenants have a few million seats; a count
   * past ten million (1e20, or a number run together with the next column) is a broken cell.
   */
  maxCount: 10_000_000,
} as const;

/**
 * Why a usage month is out of the plausible range, or null. Months after the as-of month are
 * refused too: a report cannot hold usage that has not happened yet.
 * @example monthLimitProblem('2014-12', '2026-10') // => 'month 2014-12 is before 2015-01, earlier than any usage report this import reads'
 */
export function monthLimitProblem(month: string, asOfMonth: string): string | null {
  if (month < IMPORT_LIMITS.firstMonth) return `month ${month} is before ${IMPORT_LIMITS.firstMonth}, earlier than any usage report this import reads`;
  if (month > asOfMonth) return `month ${month} is after the current month ${asOfMonth}`;
  return null;
}

/**
 * Why a count read from a cell is implausible, or null. `digits` is the cell as read (shown
 * shortened when long), `value` its number.
 * @example countLimitProblem('paidAvailableUnits', '100000000000000000000', 1e20, 'seats') // => 'paidAvailableUnits 100000000000000000000 is implausibly large: a row holds at most 10,000,000 seats'
 */
export function countLimitProblem(field: string, digits: string, value: number, unit: string): string | null {
  if (Number.isSafeInteger(value) && value <= IMPORT_LIMITS.maxCount) return null;
  const shown = digits.length > 24 ? `${digits.slice(0, 20)}... (${digits.length} digits)` : digits;
  return `${field} ${shown} is implausibly large: a row holds at most ${formatCount(IMPORT_LIMITS.maxCount)} ${unit}`;
}
