/**
 * When the earnings of a month are expected to be paid (R5; PARTNER-CENTER.md, "Timing").
 *
 * Rule: earnings for month M are available by the program's day (the 16th) of month M + 1,
 * so their estimated payment month is M + 1. A milestone reached in month M follows the same
 * rule (its usage is that of month M). Partner Center's own `estimatedPaymentMonth` may fall
 * later when a payment run is delayed; this is the earliest month the money can arrive.
 */
import { addMonthsToMonth, type IsoMonth } from '../dates';

/**
 * @example estimatedPaymentMonth('2025-12') // => '2026-01'
 */
export function estimatedPaymentMonth(earningMonth: IsoMonth): IsoMonth {
  return addMonthsToMonth(earningMonth, 1);
}

/**
 * The date a month's earnings are available: the program's day of the next month.
 * @example earningsAvailableOn('2024-11', 16) // => '2024-12-16'
 */
export function earningsAvailableOn(earningMonth: IsoMonth, day: number): string {
  return `${estimatedPaymentMonth(earningMonth)}-${day < 10 ? '0' : ''}${day}`;
}
