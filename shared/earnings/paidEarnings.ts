/**
 * What Microsoft paid, from Partner Center's earnings report: one earning can appear on several
 * rows (one per underlying transaction), so earnings are summed by distinct `earningId`, never
 * by rows. The Summarized report has no `earningId`: each of its rows is one earning, named by
 * the key the importer gives it (its fields and its place among identical rows).
 */

/** One earning as the importer keeps it (amounts in integer minor units). */
export interface Earning {
  /** `earningId`, or for a Summarized row the key made from its fields. */
  earningKey: string;
  tenantId: string;
  workload: string;
  /** The month that earned (`earningDate` / `transactionDate`), YYYY-MM. */
  month: string;
  milestone: number | null;
  baseline: number | null;
  baselineType: string | null;
  compensableUnits: number | null;
  /** `earningRate` in cents per unit (USD), null when the file has none. */
  earningRateCents: number | null;
  amountUsdCents: number;
  /** In the payment currency's minor units, with that currency; null when the file has none. */
  amountPaymentMinor: number | null;
  paymentCurrency: string | null;
  claimId: string | null;
  paymentStatus: string | null;
  estimatedPaymentMonth: string | null;
  /** An adjustment's `reasonCode` (Ops Adjustment, Previous period earnings...). */
  reasonCode: string | null;
  programName: string | null;
  /** Present on a payment entered by hand where no export has it (enteredByHand.ts); absent on imported earnings. */
  entered?: HandEntry;
}

import { countedEarnings, type HandEntry, type Superseded } from './enteredByHand';

/** Payment statuses that mean the money did not (or will not) reach the partner. */
const NOT_PAID_STATUSES = new Set(['reversed', 'rejected', 'rejected during review', 'failed', 'tax invoice rejected']);

/** Whether an earning counts as paid (or on its way): not reversed, rejected or failed. */
export function countsAsPaid(e: Pick<Earning, 'paymentStatus'>): boolean {
  return e.paymentStatus === null || !NOT_PAID_STATUSES.has(e.paymentStatus.trim().toLowerCase());
}

/** The earnings once each: the first row of each `earningKey` stands for all its rows. */
export function distinctEarnings<E extends Pick<Earning, 'earningKey'>>(rows: Iterable<E>): E[] {
  const seen = new Map<string, E>();
  for (const r of rows) if (!seen.has(r.earningKey)) seen.set(r.earningKey, r);
  return [...seen.values()];
}

/**
 * The sum of distinct earnings in USD cents (an earning on three rows counts once; earnings
 * reversed, rejected or failed count nothing).
 * @example sumDistinctEarnings([{ earningKey: 'e1', amountUsdCents: 500, paymentStatus: 'Sent' },
 *   { earningKey: 'e1', amountUsdCents: 500, paymentStatus: 'Sent' }]) // => 500
 */
export function sumDistinctEarnings(rows: Iterable<Pick<Earning, 'earningKey' | 'amountUsdCents' | 'paymentStatus'>>): number {
  let total = 0;
  for (const e of distinctEarnings(rows)) if (countsAsPaid(e)) total += e.amountUsdCents;
  return total;
}

/** Paid earnings of one workload, by month and by milestone, in USD cents. */
export interface PaidSummary {
  totalCents: number;
  byMonth: Map<string, number>;
  byMilestone: Map<number, number>;
  /** The distinct earnings counted (reversed ones included: a line says so). */
  earnings: Earning[];
  /** Of the total, what was entered by hand (no export has it), in USD cents. */
  enteredByHandCents: number;
  /** Hand-entered payments an imported earning supersedes (not counted). */
  superseded: Superseded[];
}

/**
 * The distinct earnings of one workload, added up by month and by milestone; a hand-entered
 * payment counts unless an imported earning supersedes it (enteredByHand.ts).
 */
export function paidSummary(rows: Iterable<Earning>): PaidSummary {
  const { earnings, superseded } = countedEarnings(rows);
  let enteredByHandCents = 0;
  const byMonth = new Map<string, number>();
  const byMilestone = new Map<number, number>();
  let totalCents = 0;
  for (const e of earnings) {
    if (!countsAsPaid(e)) continue;
    totalCents += e.amountUsdCents;
    byMonth.set(e.month, (byMonth.get(e.month) ?? 0) + e.amountUsdCents);
    if (e.milestone !== null) byMilestone.set(e.milestone, (byMilestone.get(e.milestone) ?? 0) + e.amountUsdCents);
    if (e.entered !== undefined) enteredByHandCents += e.amountUsdCents;
  }
  return { totalCents, byMonth, byMilestone, earnings, enteredByHandCents, superseded };
}
