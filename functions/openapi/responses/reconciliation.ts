/** GET /reconciliation, /reconciliation/summary and /workloads/{tenantId}/{workload}/payout answers. */
import { z } from 'zod';
import { RECONCILIATION_STATUSES, type CapComparison, type ReconciliationLine, type ReconciliationSummary } from '../../../shared';
import type { Extends, Out } from './describes';
import { PayoutLineSchema, PayoutResultSchema } from './payout';
import { ProblemSchema } from './problem';

const cents = () => z.number().int();

export const ReconciliationLineSchema = z.object({
  tenantId: z.string(),
  workload: z.string(),
  customerName: z.string().nullable(),
  segment: z.string(),
  cloud: z.string(),
  month: z.string().describe('The month that earned (YYYY-MM).'),
  milestones: z.array(z.number().int()).describe('Milestone programs: the milestones the month reached.'),
  predictedCents: cents().describe("The engine's payout line(s) for the month, in USD cents."),
  paidCents: cents().describe('The sum of distinct earnings (reversed, rejected or failed ones not counted), in USD cents.'),
  paidByHandCents: cents().describe('Of paidCents, what was entered by hand (POST /workloads/{tenantId}/{workload}/payments) because no export has it.'),
  differenceCents: cents().describe('Paid minus predicted.'),
  dueOn: z.iso.date().describe("The day the month's earnings are due (the 16th of the next month)."),
  partnerCenterCode: z.string().nullable().describe("Partner Center's ineligibility code for the month, if any."),
  status: z.enum(RECONCILIATION_STATUSES),
  message: z.string().describe('The line in a sentence, with the numbers and the dispute deadline.'),
  likelyCause: z.string(),
  disputeBy: z.iso.date().nullable().describe('The last day to dispute, where a dispute is possible (claim-action-required: the last day to answer Partner Center).'),
  earningCount: z.number().int().min(0),
  atStakeCents: cents()
    .nullable()
    .describe('Claim lines (claim-rejected, claim-action-required): what the claim can still earn if it stands, in USD cents; null on monthly lines and for per-user programs.'),
});

export const ReconciliationPageSchema = z.object({
  asOfDate: z.iso.date(),
  total: z.number().int().min(0).describe('Lines matching the filters.'),
  items: z.array(ReconciliationLineSchema),
  continuationToken: z.string().optional().describe('Present when more follow.'),
  nextLink: z.string().optional().describe('This request with the continuation token, without the key.'),
});

const group = {
  lines: z.number().int().min(0),
  predictedCents: cents(),
  paidCents: cents(),
  missingCents: cents(),
  lastPaidMonth: z.string().nullable().describe('The latest month with a payment; null when nothing was ever paid.'),
};

const capFigures = z.object({ capCents: cents(), earnedCents: cents(), balanceCents: cents() });

export const ReconciliationSummarySchema = z.object({
  asOfDate: z.iso.date(),
  workloads: z.number().int().min(0),
  lines: z.number().int().min(0),
  predictedCents: cents(),
  paidCents: cents(),
  missingCents: cents().describe('Predicted and not paid on missing, underpaid and unexpected-ineligible lines.'),
  byStatus: z.object(Object.fromEntries(RECONCILIATION_STATUSES.map((s) => [s, z.number().int().min(0)])) as Record<(typeof RECONCILIATION_STATUSES)[number], z.ZodNumber>),
  bySegmentAndCloud: z.array(z.object({ segment: z.string(), cloud: z.string(), ...group })).describe('Most missing first.'),
  nextDisputeBy: z.iso.date().nullable(),
  partnerCaps: z
    .array(
      z.object({
        participantId: z.string(),
        programName: z.string().nullable(),
        leverName: z.string().nullable(),
        customerId: z.string().nullable().describe('The customer a cap is for, null for a partner-wide cap.'),
        effectiveStart: z.string().nullable(),
        effectiveEnd: z.string().nullable(),
        refreshedOn: z.string().nullable(),
        partnerCenter: capFigures.describe("The cap report's figures, as last imported."),
        ours: capFigures
          .extend({ programId: z.string().describe('The program year of the catalog the row matches.') })
          .nullable()
          .describe("The catalog's cap of the year, what the tracked workloads' lines counted as paid between the cap's dates, the balance; null when no program year matches."),
        agrees: z.boolean().describe('Cap, earned (within the larger of $1 and 1%) and balance agree.'),
        message: z.string().describe('Both sides in a sentence, and why they disagree where they do.'),
      }),
    )
    .describe("Partner Center's cap report beside our figures, one per row of the report (with tenantId: that customer's caps only); empty before a cap report is imported."),
});

export const TrackedPayoutSchema = z.object({
  tenantId: z.string(),
  workload: z.string(),
  asOfDate: z.iso.date(),
  paid: z.object({
    totalCents: cents().describe('Distinct earnings counted for the workload (imported, and entered by hand where no export has them), in USD cents.'),
    earnings: z.number().int().min(0),
    enteredByHandCents: cents().describe('Of totalCents, what was entered by hand.'),
  }),
  payout: PayoutResultSchema.extend({
    lines: z.array(
      PayoutLineSchema.extend({
        predictedCents: cents().describe('What the engine predicts for the line (its amount).'),
        paidInEarningsCents: cents().describe('What the imported earnings paid for the line (its month, or its milestone).'),
      }),
    ),
  })
    .nullable()
    .describe('Null when the engine cannot compute it (see problems).'),
  problems: ProblemSchema.shape.errors.unwrap().describe('Why there is no payout (a per-user workload without its market, facts the engine cannot judge).'),
});

export type _Line = [Extends<ReconciliationLine, Out<typeof ReconciliationLineSchema>>, Extends<Out<typeof ReconciliationLineSchema>, ReconciliationLine>];
type SummaryJson = ReconciliationSummary & { asOfDate: string; workloads: number; partnerCaps: CapComparison[] };
export type _Summary = [Extends<SummaryJson, Out<typeof ReconciliationSummarySchema>>, Extends<Out<typeof ReconciliationSummarySchema>, SummaryJson>];

export const ReconciliationLookupSchema = z.object({
  asOfDate: z.iso.date(),
  items: z
    .array(
      z.object({
        tenantId: z.string(),
        workload: z.string(),
        found: z.boolean(),
        problem: z.string().optional().describe('Why nothing was found (not tracked, a bad key).'),
        paidCents: cents().optional().describe('Distinct earnings imported for the workload, in USD cents.'),
        lines: z.array(ReconciliationLineSchema).optional(),
      }),
    )
    .describe('In the order asked.'),
});

export const CalibrationSchema = z.object({
  asOfDate: z.iso.date(),
  workloads: z.number().int().min(0).describe('Tracked workloads with imported earnings.'),
  earnings: z.number().int().min(0).describe('Distinct earnings read.'),
  findings: z
    .array(
      z.object({
        programId: z.string(),
        kind: z.enum(['rate', 'milestone-amount']),
        market: z.string().nullable(),
        band: z.string().nullable(),
        milestone: z.number().int().nullable(),
        paidCents: cents().describe('What was paid: the rate per unit, or the milestone amount, in USD cents.'),
        catalogCents: cents().describe("The catalog's figure, in USD cents."),
        units: z.number().int().min(0),
        earnings: z.number().int().min(0),
        message: z.string(),
        link: z.string().describe("The program's figures over the API."),
        whatIf: z
          .object({
            method: z.literal('POST'),
            href: z.string().describe("The program's what-if route."),
            body: z.object({
              asOfDate: z.iso.date().optional(),
              market: z.string().optional().describe('Per-user findings: the market the rate was paid in.'),
              amendment: z.object({
                effectiveFrom: z.iso.date().describe('The first day of the first month paid at the figure (not before the program year).'),
                note: z.string().describe('"Calibration: " and the finding.'),
                changes: z.object({ payout: z.record(z.string(), z.unknown()) }).describe("The paid figure in place of the catalog's (ratePerUserCents of the market, or the band's amountsCents)."),
              }),
            }),
          })
          .describe(
            'See the effect of amending the catalog to the paid figure before doing it: POST body to href (nothing is stored; the same amendment POSTed to /programs/{id}/amendments stores it).',
          ),
      }),
    )
    .describe('Most units first; empty when the earnings agree with the catalog.'),
});

const PaymentSchema = z.object({
  id: z.string().describe("The payment's id: the one posted, or one made from its figures (month, amount, milestone, claim)."),
  month: z.string().describe('The month it pays for (YYYY-MM).'),
  amountCents: cents().describe('In USD cents.'),
  milestone: z.number().int().nullable(),
  claimId: z.string().nullable(),
  note: z.string().nullable(),
  enteredBy: z.string().nullable(),
  enteredAt: z.string().describe('When it was entered (ISO timestamp, UTC).'),
  counted: z.boolean().describe('False when an imported earning supersedes it (then only the imported one counts).'),
  supersededBy: z.array(z.string()).describe('The earning IDs of the imported earnings that supersede it.'),
  message: z.string().describe('The payment in a sentence: counted, or superseded by which imported earning.'),
});

export const PaymentAnswerSchema = z.object({
  created: z.boolean().describe('False when the same payment (same id, or same figures) was already recorded: it is not added again.'),
  payment: PaymentSchema,
});

export const PaymentListSchema = z.object({
  tenantId: z.string(),
  workload: z.string(),
  countedCents: cents().describe('What the payments entered by hand add to what was paid (superseded ones left out), in USD cents.'),
  items: z.array(PaymentSchema).describe('Oldest entry first.'),
});
