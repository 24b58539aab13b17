/**
 * Which months can earn on a claim (R3, R5, R5a), one rule for the lines, the totals and the
 * verdict: a month earns only when it comes after the claim's approval month, is not after
 * the as-of date's program year, and (per-user programs) ends before the stop date set by the
 * maximum time since the claim (DOMAIN.md: "a month on or after the stop date earns
 * nothing"). The stop date is the claim date plus the program's months; a month that contains
 * the stop date does not end before it, so it earns nothing.
 */
import { addMonthsIso, monthOf, type IsoDate, type IsoMonth } from '../dates';

/** Where a month stands on a claim: only `earns` months can earn. */
export type MonthStanding = 'before-approval' | 'after-program-year' | 'stopped' | 'earns';

/**
 * The date earnings stop: the claim date plus the maximum months since the claim (MXTMCPMT).
 * @example earningsStopDate('2025-01-10', 12) // => '2026-01-10'
 */
export function earningsStopDate(claimDate: IsoDate, maxMonthsSinceClaim: number): IsoDate {
  return addMonthsIso(claimDate, maxMonthsSinceClaim);
}

/**
 * True when the month ends before the stop date, so it may still earn.
 * @example monthEndsBeforeStop('2025-12', '2026-01-10') // => true
 * @example monthEndsBeforeStop('2026-01', '2026-01-10') // => false (January 2026 earns nothing)
 */
export function monthEndsBeforeStop(month: IsoMonth, stopDate: IsoDate): boolean {
  // The last day of `month` is before `stopDate` exactly when `month` is before the stop's month.
  return month < monthOf(stopDate);
}

/**
 * Where a month stands on a claim. `approvalMonth` null: no claim approved, nothing earns.
 * `stopDate` null: no maximum time applies (milestone programs, no claim).
 * @example monthStanding('2025-02', '2025-01', '2025-06', '2026-01-10') // => 'earns'
 * @example monthStanding('2025-01', '2025-01', '2025-06', null) // => 'before-approval' (the approval month earns nothing)
 */
export function monthStanding(month: IsoMonth, approvalMonth: IsoMonth | null, lastMonth: IsoMonth, stopDate: IsoDate | null): MonthStanding {
  if (approvalMonth === null || month <= approvalMonth) return 'before-approval';
  if (month > lastMonth) return 'after-program-year';
  if (stopDate !== null && !monthEndsBeforeStop(month, stopDate)) return 'stopped';
  return 'earns';
}

/**
 * The last month that can earn for facts read on `asOfDate`: the as-of month, or the last
 * month of the program year when the as-of date is after it.
 * @example lastEarningMonth('2025-11-15', '2025-09-30') // => '2025-09'
 */
export function lastEarningMonth(asOfDate: IsoDate, programYearEnd: IsoDate): IsoMonth {
  return monthOf(asOfDate < programYearEnd ? asOfDate : programYearEnd);
}
