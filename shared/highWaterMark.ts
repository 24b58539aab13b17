/**
 * The HWM that counts (R1, R3, R5a): the highest MAU seen in months whose PAU was at or above
 * the seat minimum. Months below the minimum count for nothing, so a 10-seat pilot at 100%
 * usage does not raise the baseline of the claim filed after the customer buys 1,000 seats.
 * MAU above PAU is capped at PAU (paid users only).
 */
import { z } from 'zod';
import { lastDayOf, monthOf, type IsoDate, type IsoMonth } from './dates';
import { parseWith } from './errors';
import { fastArray, fastStrictObject, SLOW, withFast } from './fastPath';
import { formatCount } from './format';
import { defaultCatalog, programIdSchema, type Catalog } from './programs/catalog';
import type { Program } from './programs/schema';
import { resolveProgramOrThrow } from './programResolution';
import { reason, type Reason } from './reasons';
import { count, isoDate, isoMonth } from './validation';

const usageMonthShape = {
  month: isoMonth(),
  paidAvailableUnits: count(),
  monthlyActiveUsers: count('users'),
};
export const UsageMonthSchema = withFast(z.strictObject(usageMonthShape), fastStrictObject(usageMonthShape));
export type UsageMonth = z.output<z.ZodObject<typeof usageMonthShape, z.core.$strict>>;

const MAX_MONTHS = 600;
const fastMonths = fastArray(
  fastStrictObject(usageMonthShape, (v): UsageMonth => ({ month: v[0] as string, paidAvailableUnits: v[1] as number, monthlyActiveUsers: v[2] as number })),
  MAX_MONTHS,
);

/** Monthly usage snapshots, one per month, in any order (returned sorted by month). */
const usageHistory = z
  .array(UsageMonthSchema)
  .max(MAX_MONTHS, { error: 'has more than 600 months' })
  .check((ctx) => {
    const seen = new Map<string, number>();
    ctx.value.forEach((m, i) => {
      const first = seen.get(m.month);
      if (first !== undefined) {
        ctx.issues.push({ code: 'custom', path: [i, 'month'], message: `${m.month} appears twice (also at usageHistory[${first}])`, input: m.month });
      } else seen.set(m.month, i);
    });
  })
  .transform(sortedByMonth);

function sortedByMonth(months: UsageMonth[]): UsageMonth[] {
  return isSorted(months) ? months : [...months].sort((a, b) => (a.month < b.month ? -1 : 1));
}

/** No month twice (the fast path's test; zod's check names the duplicate). */
function noMonthTwice(months: UsageMonth[]): boolean {
  if (months.length < 2) return true;
  const seen = new Set<string>();
  for (const m of months) {
    if (seen.has(m.month)) return false;
    seen.add(m.month);
  }
  return true;
}

export const UsageHistorySchema = withFast(usageHistory, (input) => {
  const months = fastMonths(input);
  return months === SLOW || !noMonthTwice(months) ? SLOW : sortedByMonth(months);
});

function isSorted(months: UsageMonth[]): boolean {
  for (let i = 1; i < months.length; i++) if ((months[i] as UsageMonth).month < (months[i - 1] as UsageMonth).month) return false;
  return true;
}

export interface HighWaterMark {
  /** Highest counted MAU (0 when no month counts). */
  highWaterMark: number;
  /** Month of the HWM, null when no month counts. */
  month: IsoMonth | null;
  /** PAU of the latest counted month (null when none). */
  paidAvailableUnitsAtLatest: number | null;
  countedMonths: IsoMonth[];
  ignoredMonths: IsoMonth[];
}

export interface HwmWindow {
  /** Count months up to and including this month. */
  throughMonth?: IsoMonth;
  /** Count only months that ended before this date. */
  before?: IsoDate;
}

/**
 * The HWM of the months that count, within a window. History must be sorted by month.
 * `listMonths: false` skips listing the counted and ignored months (the engine's hot path).
 */
export function highWaterMarkFor(program: Program, history: readonly UsageMonth[], window: HwmWindow = {}, listMonths = true): HighWaterMark {
  let hwm = 0;
  let hwmMonth: IsoMonth | null = null;
  let latestPau: number | null = null;
  const countedMonths: IsoMonth[] = [];
  const ignoredMonths: IsoMonth[] = [];
  for (const m of history) {
    if (window.throughMonth !== undefined && m.month > window.throughMonth) break;
    if (window.before !== undefined && lastDayOf(m.month) >= window.before) break;
    if (m.paidAvailableUnits < program.seatMinimum) {
      if (listMonths) ignoredMonths.push(m.month);
      continue;
    }
    if (listMonths) countedMonths.push(m.month);
    latestPau = m.paidAvailableUnits;
    const users = m.monthlyActiveUsers > m.paidAvailableUnits ? m.paidAvailableUnits : m.monthlyActiveUsers;
    if (users > hwm || hwmMonth === null) {
      hwm = users;
      hwmMonth = m.month;
    }
  }
  return { highWaterMark: hwm, month: hwmMonth, paidAvailableUnitsAtLatest: latestPau, countedMonths, ignoredMonths };
}

/**
 * The running HWM after one month (DOMAIN.md, "HWM month by month"): a month whose PAU is at or
 * above the seat minimum raises it to the month's paid active users (MAU capped at PAU),
 * whatever side of the claim or its approval the month falls on; any other month leaves it.
 * @example raisedHighWaterMark(100, 1000, 500, 300) // => 500
 * @example raisedHighWaterMark(100, 250, 250, 300) // => 100 (below the seat minimum: counts for nothing)
 */
export function raisedHighWaterMark(hwm: number, paidAvailableUnits: number, monthlyActiveUsers: number, seatMinimum: number): number {
  if (paidAvailableUnits < seatMinimum) return hwm;
  const users = monthlyActiveUsers > paidAvailableUnits ? paidAvailableUnits : monthlyActiveUsers;
  return users > hwm ? users : hwm;
}

/** Reasons explaining a HWM. */
export function highWaterMarkReasons(program: Program, hwm: HighWaterMark, label = 'HWM'): Reason[] {
  const reasons: Reason[] = [];
  if (hwm.month === null) {
    reasons.push(
      reason(
        'NO_COUNTING_MONTHS',
        { seatMinimum: program.seatMinimum },
        `No month counts toward the ${label}: none had PAU at or above the ${formatCount(program.seatMinimum)} seat minimum, so the ${label} is 0.`,
      ),
    );
  } else {
    reasons.push(
      reason(
        'HWM_FROM_MONTHS',
        { highWaterMark: hwm.highWaterMark, month: hwm.month, countedMonths: hwm.countedMonths.length, seatMinimum: program.seatMinimum },
        `The ${label} is ${formatCount(hwm.highWaterMark)} active users (${hwm.month}), the highest of ${hwm.countedMonths.length} month${hwm.countedMonths.length === 1 ? '' : 's'} with PAU at or above the ${formatCount(program.seatMinimum)} seat minimum.`,
      ),
    );
  }
  if (hwm.ignoredMonths.length > 0) {
    reasons.push(
      reason(
        'MONTH_IGNORED_BELOW_SEAT_MINIMUM',
        { ignoredMonths: hwm.ignoredMonths.length, seatMinimum: program.seatMinimum },
        `Ignored ${hwm.ignoredMonths.length} month${hwm.ignoredMonths.length === 1 ? '' : 's'} below the ${formatCount(program.seatMinimum)} seat minimum (${hwm.ignoredMonths.join(', ')}): usage then counts for nothing.`,
      ),
    );
  }
  return reasons;
}

export const HighWaterMarkInputSchema = z.strictObject({
  programId: programIdSchema(),
  asOfDate: isoDate().optional(),
  usageHistory: UsageHistorySchema,
  /** Prior HWM: months up to and including the claim's month. Without it, every month up to asOfDate. */
  claimDate: isoDate().optional(),
  /** Starting HWM: months that ended before the association date (R5a). */
  associationDate: isoDate().optional(),
});
export type HighWaterMarkInput = z.input<typeof HighWaterMarkInputSchema>;

export interface HighWaterMarkVerdict extends HighWaterMark {
  /** Highest counted MAU before the association date, when one was given. */
  startingHighWaterMark: number | null;
  reasons: Reason[];
}

/**
 * The prior HWM (and, with an association date, the starting HWM) from a monthly history.
 * @example highWaterMark({ programId: 'security-usage-fy25', usageHistory: [
 *   { month: '2024-11', paidAvailableUnits: 10, monthlyActiveUsers: 10 },     // ignored: below 150
 *   { month: '2024-12', paidAvailableUnits: 1000, monthlyActiveUsers: 12 } ] }).highWaterMark // => 12
 */
export function highWaterMark(input: HighWaterMarkInput, catalog: Catalog = defaultCatalog): HighWaterMarkVerdict {
  const p = parseWith(HighWaterMarkInputSchema, input);
  const { program } = resolveProgramOrThrow(catalog, p.programId, p.asOfDate ?? p.claimDate);
  const through = p.claimDate ? monthOf(p.claimDate) : p.asOfDate ? monthOf(p.asOfDate) : undefined;
  const prior = highWaterMarkFor(program, p.usageHistory, through === undefined ? {} : { throughMonth: through });
  const reasons = highWaterMarkReasons(program, prior, p.claimDate ? `prior HWM at the ${p.claimDate} claim` : 'HWM');
  let starting: number | null = null;
  if (p.associationDate) {
    const s = highWaterMarkFor(program, p.usageHistory, { before: p.associationDate });
    starting = s.highWaterMark;
    reasons.push(
      reason(
        'HWM_FROM_MONTHS',
        { highWaterMark: s.highWaterMark, month: s.month, associationDate: p.associationDate },
        `The starting HWM (months that ended before the ${p.associationDate} association) is ${formatCount(s.highWaterMark)} active users${s.month ? ` (${s.month})` : ''}.`,
      ),
    );
  }
  return { ...prior, startingHighWaterMark: starting, reasons };
}
