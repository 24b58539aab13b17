/**
 * Tracked workload answers: the record as stored (the fields a PUT carries, its keys, what the
 * engine derived when it was written, its ETag), the same with the verdict on a date (GET), a
 * page of records, a lookup's answers in order, and a workload's monthly usage.
 */
import { z } from 'zod';
import { TrackedWorkloadSchema, type TrackedWorkload } from '../../storage/trackedWorkload';
import type { Extends, Out } from './describes';
import { EligibilityAnswerSchema } from './eligibility';
import { ForecastSchema } from './forecast';
import { ProblemSchema } from './problem';

export const TrackedWorkloadRecordSchema = z.object({
  ...TrackedWorkloadSchema.shape,
  // Stored upper-cased; the request schema reads any case.
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  tenantId: z.string().describe("The customer's tenant ID."),
  workload: z.string().describe('The workload id.'),
  sizeBand: z.string().nullable().describe('Derived by the engine when the record was written.'),
  eligible: z.boolean().nullable().describe('Derived by the engine when the record was written (null: the facts are not enough to judge).'),
  evaluatedOn: z.iso.date(),
  advice: z.string().optional().describe('The claim advice on evaluatedOn (claim-now, wait, re-claim...).'),
  adviceReason: z.string().optional().describe("The advice's main sentence, with the numbers."),
  toEarnCents: z.number().int().optional().describe('What can still be earned on evaluatedOn, in cents (absent for per-user programs).'),
  etag: z.string(),
  updatedAt: z.iso.datetime().optional(),
});

/** GET /workloads/{tenantId}/{workload}: the record and its verdict on asOfDate, or why there is none. */
export const TrackedWorkloadWithVerdictSchema = TrackedWorkloadRecordSchema.extend({
  asOfDate: z.iso.date(),
  verdict: EligibilityAnswerSchema.nullable().describe('The verdict on asOfDate; null when the stored facts are not enough to judge (see verdictProblems).'),
  verdictProblems: ProblemSchema.shape.errors.unwrap().optional().describe('Why there is no verdict: the facts that did not pass validation.'),
  forecast: ForecastSchema.nullable().describe('When each earnable milestone is expected, from the usage history (null with no verdict).'),
});

/** POST /workloads/{tenantId}/{workload}/usage: the record with the PAU/MAU of its latest month. */
export const TrackedWorkloadAfterUsageSchema = TrackedWorkloadRecordSchema.extend({
  monthsStored: z.number().int().describe('Snapshots stored by this request.'),
});

export const TrackedWorkloadPageSchema = z.object({
  items: z.array(TrackedWorkloadRecordSchema),
  continuationToken: z.string().optional().describe('Present when more follow.'),
  nextLink: z.string().optional().describe('This request with the continuation token, without the key.'),
});

export const LookupAnswerSchema = z.object({
  items: z.array(
    z.object({
      tenantId: z.string(),
      workload: z.string(),
      found: z.boolean(),
      record: TrackedWorkloadRecordSchema.optional().describe('When found.'),
      problem: z.string().optional().describe('When not found: why (untracked, or not a valid key).'),
    }),
  ),
});

export const UsageMonthSchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  paidAvailableUnits: z.number().int(),
  monthlyActiveUsers: z.number().int(),
});

export const UsageHistorySchema = z.object({
  tenantId: z.string(),
  workload: z.string(),
  months: z.array(UsageMonthSchema).describe('Oldest first.'),
});

export type _Record = [Extends<TrackedWorkload, Out<typeof TrackedWorkloadRecordSchema>>, Extends<Out<typeof TrackedWorkloadRecordSchema>, TrackedWorkload>];
