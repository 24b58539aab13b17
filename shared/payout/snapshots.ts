/**
 * The monthly snapshots that can earn on a claim: months after the claim's approval month,
 * within the program year, with the current facts standing in for the as-of month when the
 * history has no entry for it. Only growth after approval earns (R3).
 */
import { monthOf } from '../dates';
import type { WorkloadContext } from '../facts';

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
  const lastMonth = monthOf(f.asOfDate < ctx.program.programYear.end ? f.asOfDate : ctx.program.programYear.end);
  const min = ctx.program.seatMinimum;
  const out: EarningSnapshot[] = [];
  let hasCurrent = false;
  const history = ctx.history;
  for (let i = 0; i < history.length; i++) {
    const m = history[i]!;
    if (m.month <= afterMonth || m.month > lastMonth) continue;
    if (m.month === asOfMonth) hasCurrent = true;
    if (includeBelowMinimum || m.paidAvailableUnits >= min) out.push(snapshot(m.month, m.paidAvailableUnits, m.monthlyActiveUsers, min));
  }
  if (!hasCurrent && asOfMonth > afterMonth && asOfMonth <= lastMonth && (includeBelowMinimum || f.paidAvailableUnits >= min)) {
    out.push(snapshot(asOfMonth, f.paidAvailableUnits, f.monthlyActiveUsers, min));
  }
  return out;
}
