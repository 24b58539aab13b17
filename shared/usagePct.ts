/**
 * Usage %: MAU / PAU, on paid users only. MAU above PAU (free or student licences leaking into
 * the active-user count, typical of Education tenants) is capped at PAU and flagged.
 */
import { z } from 'zod';
import { parseWith } from './errors';
import { formatCount, formatPct, toPct } from './format';
import { reason, type Reason } from './reasons';
import { count } from './validation';
import type { Segment } from './vocabulary';
import { segmentSchema } from './vocabulary';

export interface UsageMeasure {
  /** MAU / PAU in percent, two decimals, at most 100; null when there are no paid seats. */
  usagePct: number | null;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  /** Active users that count: MAU capped at PAU. */
  countedActiveUsers: number;
  /** True when MAU was above PAU and was capped. */
  cappedAtPaidSeats: boolean;
}

export interface UsageVerdict extends UsageMeasure {
  reasons: Reason[];
}

/** The numbers of usage %, without the explanation. */
export function measureUsage(paidAvailableUnits: number, monthlyActiveUsers: number): UsageMeasure {
  const capped = monthlyActiveUsers > paidAvailableUnits;
  const counted = capped ? paidAvailableUnits : monthlyActiveUsers;
  return {
    usagePct: paidAvailableUnits === 0 ? null : toPct(counted, paidAvailableUnits),
    paidAvailableUnits,
    monthlyActiveUsers,
    countedActiveUsers: paidAvailableUnits === 0 ? 0 : counted,
    cappedAtPaidSeats: capped,
  };
}

/** USAGE_PCT (or NO_PAID_SEATS), and MAU_ABOVE_PAU when MAU was capped. */
export function usageReasons(m: UsageMeasure, segment?: Segment): Reason[] {
  if (m.usagePct === null) {
    return [
      reason(
        'NO_PAID_SEATS',
        { monthlyActiveUsers: m.monthlyActiveUsers },
        () => `There are no paid seats (PAU 0), so usage % cannot be measured; ${formatCount(m.monthlyActiveUsers)} active users on free or trial licences do not count.`,
      ),
    ];
  }
  const pct = m.usagePct;
  const reasons: Reason[] = [
    reason(
      'USAGE_PCT',
      { usagePct: pct, countedActiveUsers: m.countedActiveUsers, paidAvailableUnits: m.paidAvailableUnits },
      () => `Usage is ${formatPct(pct)}: ${formatCount(m.countedActiveUsers)} active of ${formatCount(m.paidAvailableUnits)} paid seats.`,
    ),
  ];
  if (m.cappedAtPaidSeats && segment === 'Education') {
    // DOMAIN decision (R7, Education): say what is unknown, never advise buying seats.
    reasons.push(
      reason(
        'MAU_ABOVE_PAU',
        { monthlyActiveUsers: m.monthlyActiveUsers, paidAvailableUnits: m.paidAvailableUnits },
        () =>
          `MAU ${formatCount(m.monthlyActiveUsers)} is above PAU ${formatCount(m.paidAvailableUnits)}: active users on paid seats are unknown, and Partner Center's HWM is probably inflated by free student licences. Only paid users count, so usage is capped at 100% and flagged; check the paid users' usage before relying on it.`,
      ),
    );
  } else if (m.cappedAtPaidSeats) {
    const why =
      segment === 'Education' ? 'free student licences leaking into the active-user count' : 'free or trial licences counted as active users (typical of Education tenants with free student licences)';
    reasons.push(
      reason(
        'MAU_ABOVE_PAU',
        { monthlyActiveUsers: m.monthlyActiveUsers, paidAvailableUnits: m.paidAvailableUnits },
        () => `MAU ${formatCount(m.monthlyActiveUsers)} is above PAU ${formatCount(m.paidAvailableUnits)}, likely ${why}; only paid users count, so usage is capped at 100%.`,
      ),
    );
  }
  return reasons;
}

/**
 * @example usageFor(1000, 93).usagePct // => 9.3
 * @example usageFor(200, 450).usagePct // => 100 (flagged MAU_ABOVE_PAU)
 */
export function usageFor(paidAvailableUnits: number, monthlyActiveUsers: number, segment?: Segment): UsageVerdict {
  const m = measureUsage(paidAvailableUnits, monthlyActiveUsers);
  return { ...m, reasons: usageReasons(m, segment) };
}

export const UsageInputSchema = z.strictObject({
  paidAvailableUnits: count(),
  monthlyActiveUsers: count('users'),
  segment: segmentSchema().optional(),
});
export type UsageInput = z.input<typeof UsageInputSchema>;

/** Usage % of a workload, paid users only. */
export function usagePct(input: UsageInput): UsageVerdict {
  const p = parseWith(UsageInputSchema, input);
  return usageFor(p.paidAvailableUnits, p.monthlyActiveUsers, p.segment);
}
