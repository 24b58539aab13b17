/**
 * R5a and DOMAIN.md, "Opportunity units": PAU minus the prior HWM today (the highest counting
 * paid active users so far, every month included, never less than the claim's baseline), at
 * least 0, within the compensable units still unpaid. The verdict, the advice and the payout
 * all take the number from here, so the same facts always show the same number.
 */
import type { WorkloadContext } from '../facts';
import type { PerUserPayoutRules } from '../programs/schema';
import { perUserMonths, type PerUserProgress } from './perUserMonths';

export interface Opportunity {
  /** Active users still to be won and paid for. */
  units: number;
  /** The prior HWM today. */
  highWaterMark: number;
  /** Compensable units not yet paid on this claim (0 when the maximum is used up). */
  unitsLeft: number;
}

/**
 * @example perUserOpportunity(ctx, rules) // claim HWM 100, 300 active in February on 1,000 seats
 * // => { units: 700, highWaterMark: 300, unitsLeft: 2300 }
 */
export function perUserOpportunity(ctx: WorkloadContext, rules: PerUserPayoutRules, progress: PerUserProgress = perUserMonths(ctx, rules, null)): Opportunity {
  const left = rules.maxCompensableUnits - progress.unitsPaid;
  const unitsLeft = left > 0 ? left : 0;
  const room = ctx.facts.paidAvailableUnits - progress.highWaterMark;
  return { units: room <= 0 ? 0 : room < unitsLeft ? room : unitsLeft, highWaterMark: progress.highWaterMark, unitsLeft };
}
