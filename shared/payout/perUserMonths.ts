/**
 * R5 and DOMAIN.md, "HWM month by month": the months of a per-user claim in order, each with
 * its prior HWM (the highest counting paid active users before it, never less than the
 * claim's baseline) and the units it earns. Every month that counts raises the HWM, whatever
 * side of the claim or its approval it falls on; only months that earn (earningMonths.ts) are
 * paid: `min(MAU, PAU) - prior HWM` units when positive, within the maximum compensable units.
 */
import { monthOf } from '../dates';
import type { WorkloadContext } from '../facts';
import { raisedHighWaterMark } from '../highWaterMark';
import type { PerUserPayoutRules } from '../programs/schema';
import { earningsStopDate, lastEarningMonth, monthStanding } from './earningMonths';

/** What one month after the approval did, first rule that applies wins. */
export type PerUserOutcome =
  | 'stopped' // on or after the stop date of the maximum time since the claim (MXTMCPMT)
  | 'below-seat-minimum' // PAU below the seat minimum (MINTHNTMT)
  | 'units-used-up' // the maximum compensable units were paid before this month
  | 'no-room' // PAU at or below the prior HWM (PAULWPHWM)
  | 'no-new-users' // paid active users at or below the prior HWM (MAULWPHWM)
  | 'earned';

export interface PerUserMonth {
  month: string;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  /** MAU capped at PAU: paid active users. */
  users: number;
  /** The HWM this month had to beat. */
  priorHighWaterMark: number;
  outcome: PerUserOutcome;
  /** Paid active users above the prior HWM (0 unless earned). */
  netNew: number;
  /** Units paid for the month: net new users within the compensable units still unpaid. */
  units: number;
  /** Partner Center's compensable units: PAU minus the prior HWM, within the units still unpaid (0 when none). */
  compensableUnits: number;
}

export interface PerUserProgress {
  /** The HWM after the last month so far (today's prior HWM for what comes next). */
  highWaterMark: number;
  /** Units paid by the months that earned. */
  unitsPaid: number;
  /** The date earnings stop (claim date plus the maximum months), null without a claim. */
  stopDate: string | null;
}

/**
 * Walk the months of the usage history (today's facts standing in for the as-of month when the
 * history has no entry for it). With `out`, the months after the approval month that can be
 * listed (up to the last month of the program year) are written to it.
 * @example perUserMonths(ctx, rules, null) // claim HWM 100; 500 active in the approval month, 400 in the next
 * // => { highWaterMark: 500, unitsPaid: 0, ... } (400 is not above 500: MAULWPHWM)
 */
export function perUserMonths(ctx: WorkloadContext, rules: PerUserPayoutRules, out: PerUserMonth[] | null): PerUserProgress {
  const f = ctx.facts;
  const approvalMonth = f.claimApprovedDate === undefined ? null : monthOf(f.claimApprovedDate);
  const lastMonth = lastEarningMonth(f.asOfDate, ctx.program.programYear.end);
  const asOfMonth = monthOf(f.asOfDate);
  const p: PerUserProgress = {
    highWaterMark: ctx.baseline.highWaterMark,
    unitsPaid: 0,
    stopDate: f.claimDate === undefined ? null : earningsStopDate(f.claimDate, rules.maxMonthsSinceClaim),
  };
  const history = ctx.history;
  let hasCurrent = false;
  for (let i = 0; i < history.length; i++) {
    const m = history[i]!;
    if (m.month === asOfMonth) hasCurrent = true;
    visit(ctx, rules, p, m.month, m.paidAvailableUnits, m.monthlyActiveUsers, approvalMonth, lastMonth, out);
  }
  if (!hasCurrent) visit(ctx, rules, p, asOfMonth, f.paidAvailableUnits, f.monthlyActiveUsers, approvalMonth, lastMonth, out);
  return p;
}

function visit(
  ctx: WorkloadContext,
  rules: PerUserPayoutRules,
  p: PerUserProgress,
  month: string,
  pau: number,
  mau: number,
  approvalMonth: string | null,
  lastMonth: string,
  out: PerUserMonth[] | null,
): void {
  const min = ctx.program.seatMinimum;
  const prior = p.highWaterMark;
  p.highWaterMark = raisedHighWaterMark(prior, pau, mau, min);
  const standing = monthStanding(month, approvalMonth, lastMonth, p.stopDate);
  if (standing === 'before-approval' || standing === 'after-program-year') return;
  const users = mau > pau ? pau : mau;
  const unitsLeft = rules.maxCompensableUnits - p.unitsPaid;
  let outcome: PerUserOutcome;
  let netNew = 0;
  let units = 0;
  if (standing === 'stopped') outcome = 'stopped';
  else if (pau < min) outcome = 'below-seat-minimum';
  else if (unitsLeft <= 0) outcome = 'units-used-up';
  else if (pau <= prior) outcome = 'no-room';
  else if (users <= prior) outcome = 'no-new-users';
  else {
    outcome = 'earned';
    netNew = users - prior;
    units = netNew < unitsLeft ? netNew : unitsLeft;
    p.unitsPaid += units;
  }
  if (out !== null) {
    const room = outcome === 'stopped' || outcome === 'below-seat-minimum' || pau <= prior ? 0 : pau - prior;
    const compensableUnits = room < unitsLeft ? room : Math.max(0, unitsLeft);
    out.push({ month, paidAvailableUnits: pau, monthlyActiveUsers: mau, users, priorHighWaterMark: prior, outcome, netNew, units, compensableUnits });
  }
}
