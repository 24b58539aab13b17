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

/** Snapshots after approval, sorted by month (empty without an approval date). */
export function earningSnapshots(ctx: WorkloadContext, includeBelowMinimum = false): EarningSnapshot[] {
  const f = ctx.facts;
  if (f.claimApprovedDate === undefined) return [];
  const afterMonth = monthOf(f.claimApprovedDate);
  const lastMonth = monthOf(f.asOfDate < ctx.program.programYear.end ? f.asOfDate : ctx.program.programYear.end);
  const min = ctx.program.seatMinimum;
  const out: EarningSnapshot[] = [];
  const push = (month: string, pau: number, mau: number) => {
    const counts = pau >= min;
    if (!counts && !includeBelowMinimum) return;
    out.push({ month, paidAvailableUnits: pau, monthlyActiveUsers: mau, users: mau > pau ? pau : mau, counts });
  };
  let hasCurrent = false;
  for (const m of ctx.history) {
    if (m.month <= afterMonth || m.month > lastMonth) continue;
    if (m.month === monthOf(f.asOfDate)) hasCurrent = true;
    push(m.month, m.paidAvailableUnits, m.monthlyActiveUsers);
  }
  const asOfMonth = monthOf(f.asOfDate);
  if (!hasCurrent && asOfMonth > afterMonth && asOfMonth <= lastMonth) push(asOfMonth, f.paidAvailableUnits, f.monthlyActiveUsers);
  return out;
}
