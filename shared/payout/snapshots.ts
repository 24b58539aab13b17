/**
 * The monthly snapshots that can earn on a milestone claim: months after the claim's approval
 * month, within the program year (earningMonths.ts decides which months earn), with the
 * current facts standing in for the as-of month when the history has no entry for it. Only
 * growth after approval earns (R3).
 */
import { monthOf } from '../dates';
import type { WorkloadContext } from '../facts';
import { lastEarningMonth, monthStanding } from './earningMonths';

export interface EarningSnapshot {
  month: string;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  /** MAU capped at PAU: paid users only. */
  users: number;
  /** PAU at or above the seat minimum. */
  counts: boolean;
}

function snapshot(month: string, pau: number, mau: number, seatMinimum: number): EarningSnapshot {
  return { month, paidAvailableUnits: pau, monthlyActiveUsers: mau, users: mau > pau ? pau : mau, counts: pau >= seatMinimum };
}

const NONE: EarningSnapshot[] = [];

/** Snapshots after approval, sorted by month (empty without an approval date). */
export function earningSnapshots(ctx: WorkloadContext, includeBelowMinimum = false): EarningSnapshot[] {
  const f = ctx.facts;
  if (f.claimApprovedDate === undefined) return NONE;
  const afterMonth = monthOf(f.claimApprovedDate);
  const asOfMonth = monthOf(f.asOfDate);
  const lastMonth = lastEarningMonth(f.asOfDate, ctx.program.programYear.end);
  const min = ctx.program.seatMinimum;
  const out: EarningSnapshot[] = [];
  let hasCurrent = false;
  const history = ctx.history;
  for (let i = 0; i < history.length; i++) {
    const m = history[i]!;
    if (monthStanding(m.month, afterMonth, lastMonth, null) !== 'earns') continue;
    if (m.month === asOfMonth) hasCurrent = true;
    if (includeBelowMinimum || m.paidAvailableUnits >= min) out.push(snapshot(m.month, m.paidAvailableUnits, m.monthlyActiveUsers, min));
  }
  if (!hasCurrent && monthStanding(asOfMonth, afterMonth, lastMonth, null) === 'earns' && (includeBelowMinimum || f.paidAvailableUnits >= min)) {
    out.push(snapshot(asOfMonth, f.paidAvailableUnits, f.monthlyActiveUsers, min));
  }
  return out;
}
