/**
 * Payments entered by hand (docs/earnings.md): what Microsoft paid for a tracked workload when
 * no export has it, kept in the earnings table as an earning whose source is "entered by hand",
 * with who entered it, when and why. The payout, reconciliation, PAID and the nightly read it
 * with the imported earnings (EarningsStore.ofTenant/ofTenants); the engine's rule decides when
 * an imported earning supersedes it (shared/earnings/enteredByHand.ts).
 *
 * What a request may say, and the checks besides its shape: the amount in exact cents (a
 * decimal string of dollars read by digits, or whole cents), more than zero; the month not
 * after the current one; a milestone only where the workload's program has that milestone.
 * Its id is the client's, or made from its figures (month, amount, milestone, claim), so the
 * same payment posted twice is one payment.
 */
import { z } from 'zod';
import { EngineInputError, isoMonth, parseWith, toMinorUnits, type Catalog, type Earning, type InputIssue, type Program } from '../../shared';
import type { TrackedRecord } from './evaluateTracked';
import { keyHash } from './reports/earningsReports';

export const HAND_SOURCE = 'entered-by-hand';

const issue = (path: string, message: string): InputIssue => ({ path, code: 'custom', message });

export const HandPaymentSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, dots, dashes or underscores (your reference for the payment)' })
    .optional(),
  month: isoMonth(),
  amount: z.string({ error: 'must be a string of US dollars such as "300.00" (an exact decimal; or give amountCents)' }).optional(),
  amountCents: z.number().int({ error: 'must be whole cents' }).optional(),
  milestone: z.number().int().min(1).optional(),
  claimId: z.string().trim().min(1).max(100).optional(),
  note: z.string().trim().min(1).max(1000).optional(),
  enteredBy: z.string().trim().min(1).max(200).optional(),
});

/** A payment to record, checked. */
export interface HandPayment {
  id: string;
  month: string;
  amountCents: number;
  milestone: number | null;
  claimId: string | null;
  note: string | null;
  enteredBy: string | null;
}

/** The program a tracked workload's milestones belong to: its claim's year, or the payment month's. */
function programOf(record: TrackedRecord, month: string, catalog: Catalog): Program | null {
  try {
    return catalog.resolve(record.programId, record.claimDate ?? `${month}-01`).program;
  } catch (e) {
    if (e instanceof EngineInputError) return null;
    throw e;
  }
}

/**
 * A request body as a payment of a tracked workload, or a 400 naming every bad field.
 * @example handPaymentOf({ month: '2025-02', amount: '500.00' }, record, catalog, '2026-12-01').amountCents // => 50000
 */
export function handPaymentOf(body: unknown, record: TrackedRecord, catalog: Catalog, today: string): HandPayment {
  const input = parseWith(HandPaymentSchema, body);
  const issues: InputIssue[] = [];
  let amountCents: number | null = null;
  if ((input.amount === undefined) === (input.amountCents === undefined)) {
    issues.push(issue('amount', 'needs exactly one of amount (US dollars as a string, "300.00") or amountCents (whole cents, 30000)'));
  } else if (input.amount !== undefined) {
    const read = toMinorUnits(input.amount, 'USD');
    if (read.ok) amountCents = read.value;
    else issues.push(issue('amount', `"${input.amount}" ${read.problem}`));
  } else amountCents = input.amountCents!;
  const field = input.amount !== undefined ? 'amount' : 'amountCents';
  if (amountCents !== null && amountCents <= 0) issues.push(issue(field, 'must be more than 0: a payment Microsoft made (a reversal comes in the earnings export)'));
  if (input.month > today.slice(0, 7)) issues.push(issue('month', `is after the current month (${today.slice(0, 7)}): enter a payment once it is made`));
  const program = programOf(record, input.month, catalog);
  if (input.milestone === undefined && program !== null && program.payout.style === 'milestone') {
    // Microsoft books a milestone in a month of its own: without its number, an import of the same milestone could not be told to cover it, and both would count.
    issues.push(issue('milestone', `is required: ${program.id} pays by milestone (1 to ${program.payout.milestones.length}); say which one this payment is for`));
  }
  if (input.milestone !== undefined) {
    if (program !== null && program.payout.style !== 'milestone') {
      issues.push(issue('milestone', `is not one of the program's: ${program.id} pays per user, without milestones`));
    } else if (program !== null && program.payout.style === 'milestone' && input.milestone > program.payout.milestones.length) {
      issues.push(issue('milestone', `is not one of the program's: ${program.id} has milestones 1 to ${program.payout.milestones.length}`));
    }
  }
  if (issues.length > 0) throw new EngineInputError(issues, 'payment');
  const milestone = input.milestone ?? null;
  const claimId = input.claimId ?? null;
  return {
    id: input.id ?? `h-${keyHash(JSON.stringify([input.month, amountCents, milestone, claimId]))}`,
    month: input.month,
    amountCents: amountCents!,
    milestone,
    claimId,
    note: input.note ?? null,
    enteredBy: input.enteredBy ?? null,
  };
}

/** The earning a payment is, as the engine reads it (with who entered it, when, why). */
export function handEarning(tenantId: string, workload: string, p: HandPayment, enteredAt: string): Earning {
  return {
    earningKey: `hand:${p.id}`,
    tenantId,
    workload,
    month: p.month,
    milestone: p.milestone,
    baseline: null,
    baselineType: null,
    compensableUnits: null,
    earningRateCents: null,
    amountUsdCents: p.amountCents,
    amountPaymentMinor: null,
    paymentCurrency: null,
    claimId: p.claimId,
    paymentStatus: null,
    estimatedPaymentMonth: null,
    reasonCode: null,
    programName: null,
    entered: { id: p.id, enteredBy: p.enteredBy, enteredAt, note: p.note },
  };
}

/** Whether a stored payment has the same figures as one posted again (then it is the same payment). */
export function samePayment(stored: Earning, p: HandPayment): boolean {
  return stored.month === p.month && stored.amountUsdCents === p.amountCents && stored.milestone === p.milestone && stored.claimId === p.claimId;
}
