/**
 * POST /payout answers: one workload's payout with its line-by-line breakdown (the facts
 * Partner Center's earnings lines carry), or a batch's payouts with the partner cap of each
 * program year applied.
 */
import { z } from 'zod';
import type { CapLine, PartnerCapGroup, PayoutLineStatus, PayoutResultJson, ReasonJson } from '../../../shared';
import type { Extends, Out } from './describes';
import { DefaultsUsedSchema, EligibilityVerdictSchema } from './eligibility';
import { ReasonsSchema } from './reason';

const LINE_STATUSES = ['earned', 'not-yet-reached', 'not-earnable', 'awaiting-approval', 'available', 'pending', 'no-earnings'] as const satisfies readonly PayoutLineStatus[];

const cents = () => z.number().int();

export const PayoutLineSchema = z.object({
  label: z.string().describe('What the line is: `Milestone 1` or `2025-06`.'),
  month: z.string().optional(),
  band: z.string().optional(),
  units: z.number().int().optional().describe('Per-user: net new users paid for in the month.'),
  rateCents: cents().optional(),
  amountCents: cents().describe('What the line earns in total, in cents.'),
  paidCents: cents().describe('Of that, already paid.'),
  owedCents: cents().describe('Still owed: amount minus paid, never negative.'),
  status: z.enum(LINE_STATUSES),
  availableOn: z.iso.date().optional().describe("Per-user months: the date the month's earnings are available."),
  baseline: z.number().int().describe('The HWM the line had to beat.'),
  baselineType: z.literal('HWM'),
  milestone: z.number().int().nullable(),
  claimId: z.string().nullable(),
  earningRateCents: cents().nullable(),
  compensableUnits: z.number().int().nullable(),
  quantity: z.number().int().nullable(),
  quantityType: z.literal('MAU'),
  calculationDate: z.iso.date(),
  estimatedPaymentMonth: z.string().nullable(),
  reasons: ReasonsSchema,
});

export const PayoutResultSchema = z.object({
  defaultsUsed: DefaultsUsedSchema.optional(),
  programId: z.string(),
  programName: z.string(),
  style: z.enum(['milestone', 'per-user']),
  currency: z.string(),
  canEarn: z.boolean().describe('False when a rule stops this workload from earning at all (see reasons).'),
  earnedCents: cents().describe('Earned on this claim to date, in cents (after the per-workload cap).'),
  alreadyPaidCents: cents(),
  owedCents: cents().describe('Earned and not yet paid.'),
  potentialCents: cents().describe('What could still be earned on this claim, in cents.'),
  cappedCents: cents().describe('Held back by the per-workload cap.'),
  opportunityUnits: z.number().int().nullable(),
  lines: z.array(PayoutLineSchema),
  eligibility: EligibilityVerdictSchema,
  reasons: ReasonsSchema,
});

export const CapLineSchema = z.object({ id: z.string(), amountCents: cents(), payableCents: cents(), cappedCents: cents() });

export const PartnerCapGroupSchema = z.object({
  programId: z.string(),
  programName: z.string(),
  effectiveStartDate: z.iso.date(),
  effectiveEndDate: z.iso.date(),
  capCents: cents(),
  earnedBeforeCents: cents().describe('Earned earlier in the program year, before these items.'),
  totalAmountCents: cents(),
  payableCents: cents(),
  cappedCents: cents(),
  balanceCents: cents().describe('Cap balance still open after these items.'),
  totalEarnedCents: cents().describe('Earned against the cap: what was earned before plus what these items may be paid.'),
  currency: z.string(),
  lines: z.array(CapLineSchema),
  reasons: ReasonsSchema,
});

export const PayoutBatchResultSchema = z.object({
  items: z.array(PayoutResultSchema),
  partnerCaps: z.array(PartnerCapGroupSchema).describe('The partner cap per program year (and program), groups in the order of their first item.'),
  payableCents: cents().describe('Payable after the caps, over every group.'),
  cappedCents: cents().describe('Held back by the caps, over every group.'),
  reasons: ReasonsSchema,
});

type CapGroupJson = Omit<PartnerCapGroup, 'reasons'> & { reasons: ReasonJson[] };
export type _Payout = [Extends<PayoutResultJson, Out<typeof PayoutResultSchema>>, Extends<Out<typeof PayoutResultSchema>, PayoutResultJson>];
export type _CapLine = [Extends<CapLine, Out<typeof CapLineSchema>>, Extends<Out<typeof CapLineSchema>, CapLine>];
export type _CapGroup = [Extends<CapGroupJson, Out<typeof PartnerCapGroupSchema>>, Extends<Out<typeof PartnerCapGroupSchema>, CapGroupJson>];
