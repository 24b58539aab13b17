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

/**
 * The facts Partner Center's earnings lines carry (PARTNER-CENTER.md, "Earnings"), under our
 * field names: `baseline`/`baselineType`, `milestone`, `claimId`, `earningRate` (here
 * `earningRateCents`), `compensableUnits`, `quantity`/`quantityType`, `calculationDate` and
 * `estimatedPaymentMonth`.
 */
export interface PayoutReportingFields {
  /** The HWM the line had to beat: the prior HWM of the month (per-user), the claim's baseline (milestones). */
  baseline: number;
  baselineType: 'HWM';
  /** The milestone number; null on per-user months. */
  milestone: number | null;
  /** The CPOR claim ID given with the facts, null without one. */
  claimId: string | null;
  /** Per-user: the rate per unit in cents; milestones: the line's amount at its band, null when nothing is due. */
  earningRateCents: number | null;
  /** Per-user: PAU minus the prior HWM, within the units still unpaid; null on milestone lines. */
  compensableUnits: number | null;
  /** The month's MAU (per-user months; the MAU that reached an earned milestone), null otherwise. */
  quantity: number | null;
  quantityType: 'MAU';
  /** The as-of date the line was computed for. */
  calculationDate: string;
  /** The month after the month that earned (see estimatedPaymentMonth.ts); null when the line earns nothing. */
  estimatedPaymentMonth: string | null;
}

export interface PayoutLine extends PayoutReportingFields {
  /** What the line is: `Milestone 1` or `2025-06`. */
  label: string;
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
