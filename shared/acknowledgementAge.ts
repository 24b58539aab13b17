/**
 * R11 and DOMAIN's decision "Acknowledgement age": a customer acknowledgement counts for a claim
 * filed within the 12 months after it, inclusive (dated exactly one year before the claim
 * passes, one day older fails), and its age is stated in months and days as it is, never
 * rounded up to a whole number of months.
 */
import { addMonthsIso, daysBetween, monthsBetween, type IsoDate } from './dates';
import { plural } from './format';

export interface AcknowledgementAge {
  /** Whole months and remaining days from the acknowledgement to the date. */
  months: number;
  days: number;
  /** "11 months and 15 days", "12 months", "20 days". */
  text: string;
  /** The last claim date the acknowledgement counts for (inclusive). */
  lastValidDate: IsoDate;
  /** Days from the date to lastValidDate (0 on the last day, negative once too old). */
  daysLeft: number;
  /** True while a claim filed on the date may use it. */
  withinWindow: boolean;
}

/** Age from `from` to `to` in whole months and days (to on or after from). */
export function ageInMonthsAndDays(from: IsoDate, to: IsoDate): { months: number; days: number; text: string } {
  let months = monthsBetween(from, to);
  while (months > 0 && addMonthsIso(from, months) > to) months--;
  const days = daysBetween(addMonthsIso(from, months), to);
  const parts: string[] = [];
  if (months > 0) parts.push(plural(months, 'month', 'months'));
  if (days > 0 || months === 0) parts.push(plural(days, 'day', 'days'));
  return { months, days, text: parts.join(' and ') };
}

/**
 * @example acknowledgementAge('2024-03-31', '2025-03-15', 12)
 * // => { months: 11, days: 15, text: '11 months and 15 days', lastValidDate: '2025-03-31', daysLeft: 16, withinWindow: true }
 * @example acknowledgementAge('2024-03-14', '2025-03-15', 12).text // => '12 months and 1 day' (too old)
 */
export function acknowledgementAge(acknowledgementDate: IsoDate, onDate: IsoDate, maxAgeMonths: number): AcknowledgementAge {
  const age = ageInMonthsAndDays(acknowledgementDate, onDate);
  const lastValidDate = addMonthsIso(acknowledgementDate, maxAgeMonths);
  const daysLeft = daysBetween(onDate, lastValidDate);
  return { ...age, lastValidDate, daysLeft, withinWindow: daysLeft >= 0 };
}
