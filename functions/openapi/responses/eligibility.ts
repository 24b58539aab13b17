/**
 * POST /eligibility answers: the engine's verdict (eligible, band, usage %, the baseline at
 * claim, what is still earnable, reasons) with the claim advice for the same facts. A payout
 * carries the same verdict without the advice.
 */
import { z } from 'zod';
import type { Baseline, EarnableMilestone, EligibilityVerdictJson } from '../../../shared';
import type { Extends, Out } from './describes';
import { AdviceSchema, ReasonsSchema } from './reason';

const BASELINE_SOURCES = ['current-usage', 'usage-history', 'given-hwm', 'claim', 'below-seat-minimum'] as const;

export const BaselineSchema = z.object({
  filed: z.boolean().describe('True when a claim was filed; false when the baseline is that of a claim filed on asOfDate.'),
  claimDate: z.iso.date().describe('Claim date, or asOfDate for a claim not yet filed.'),
  highWaterMark: z.number().int().describe('The HWM at claim (active users, paid users only).'),
  paidAvailableUnits: z.number().int().describe('PAU at claim.'),
  usagePct: z.number().nullable().describe('HWM / PAU at claim, null without paid seats.'),
  source: z.enum(BASELINE_SOURCES).describe('Where the HWM comes from.'),
  sourceMonth: z.string().nullable().describe('The month of the HWM when it comes from the usage history.'),
});

export const EarnableMilestoneSchema = z.object({
  number: z.number().int(),
  usagePct: z.number(),
  activeUsersNeeded: z.number().int().describe("Active users needed at today's PAU to reach it."),
  amountCents: z.number().int().describe("What it pays at today's band, in cents (0 below the seat minimum)."),
});

export const EligibilityVerdictSchema = z.object({
  eligible: z.boolean(),
  programId: z.string(),
  programName: z.string(),
  workload: z.string(),
  workloadId: z.string().nullable(),
  sizeBand: z.string(),
  usagePct: z.number().nullable(),
  seatMinimum: z.number().int(),
  seatsToGo: z.number().int().describe('Paid seats still missing to reach the seat minimum (0 when met).'),
  baseline: BaselineSchema,
  earnableMilestones: z.array(EarnableMilestoneSchema).describe('Milestone-style programs: milestones still earnable on this claim.'),
  opportunityUnits: z.number().int().nullable().describe('Per-user programs: PAU minus the prior HWM today, within the compensable units still unpaid.'),
  currency: z.string(),
  reasons: ReasonsSchema.describe('Why, blocking reasons first.'),
});

/** The defaults an HTTP answer used for fields the caller left out (functions/http/defaults.ts). */
export const DefaultsUsedSchema = z
  .array(z.object({ field: z.enum(['asOfDate', 'programId']), value: z.string(), why: z.string() }))
  .describe('Present when asOfDate or programId were left out: the value used for each, and why.');

/** One answer of POST /eligibility: the verdict and its claim advice. */
export const EligibilityAnswerSchema = EligibilityVerdictSchema.extend({ advice: AdviceSchema, defaultsUsed: DefaultsUsedSchema.optional() });

export const EligibilityAnswerBatchSchema = z.object({ items: z.array(EligibilityAnswerSchema) });

export type _Baseline = [Extends<Baseline, Out<typeof BaselineSchema>>, Extends<Out<typeof BaselineSchema>, Baseline>];
export type _Milestone = [Extends<EarnableMilestone, Out<typeof EarnableMilestoneSchema>>, Extends<Out<typeof EarnableMilestoneSchema>, EarnableMilestone>];
export type _Verdict = [Extends<EligibilityVerdictJson, Out<typeof EligibilityVerdictSchema>>, Extends<Out<typeof EligibilityVerdictSchema>, EligibilityVerdictJson>];
