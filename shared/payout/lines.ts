/** One line of a payout breakdown: small enough to check by hand. */
import type { Reason } from '../reasons';

export type PayoutLineStatus =
  | 'earned' // reached and owed or paid
  | 'not-yet-reached' // earnable, usage has not reached it
  | 'not-earnable' // reached before the claim: can never be earned on this claim
  | 'awaiting-approval' // nothing earns before the claim is approved
  | 'available' // per-user month: earnings available
  | 'pending' // per-user month: earnings not yet available (before the 16th of the next month)
  | 'no-earnings'; // per-user month that earned nothing

export interface PayoutLine {
  /** What the line is: `Milestone 1` or `2025-06`. */
  label: string;
  milestone?: number;
  month?: string;
  band?: string;
  /** Per-user: net new users paid for in the month. */
  units?: number;
  rateCents?: number;
  /** What the line earns in total, in cents. */
  amountCents: number;
  /** Of that, already paid. */
  paidCents: number;
  /** Still owed: amount minus paid, never negative. */
  owedCents: number;
  status: PayoutLineStatus;
  /** Per-user months: the date the month's earnings are available. */
  availableOn?: string;
  reasons: Reason[];
}
