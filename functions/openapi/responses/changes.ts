/** GET /changes answers: a page of the nightly runs' change feed. */
import { z } from 'zod';
import { CHANGE_KINDS, CLAIM_ACTIONS, type StateSummary } from '../../../shared';
import type { StoredChange } from '../../nightly/runStore';
import type { Extends, Out } from './describes';
import { AdviceSchema, ReasonsSchema } from './reason';

export const StateSummarySchema = z.object({
  eligible: z.boolean(),
  sizeBand: z.string(),
  usagePct: z.number().nullable(),
  paidAvailableUnits: z.number().int(),
  monthlyActiveUsers: z.number().int(),
  advice: z.enum(CLAIM_ACTIONS),
});

export const ChangeEventSchema = z.object({
  night: z.iso.date(),
  tenantId: z.string(),
  workload: z.string(),
  customerName: z.string().optional(),
  kind: z.enum(CHANGE_KINDS),
  before: StateSummarySchema.nullable(),
  after: StateSummarySchema,
  reasons: ReasonsSchema.describe("The change in a sentence first, then the verdict's reasons."),
  advice: AdviceSchema,
  lostCents: z.number().int().optional().describe('no-longer-claimable and nothing-left-to-earn: the money lost, in integer cents of the program currency, where it is known.'),
  time: z.iso.datetime(),
  runId: z.string(),
});

export const ChangePageSchema = z.object({
  items: z.array(ChangeEventSchema),
  continuationToken: z.string().optional().describe('Present when more follow.'),
  nextLink: z.string().optional().describe('This request with the continuation token, without the key.'),
});

export type _State = [Extends<StateSummary, Out<typeof StateSummarySchema>>, Extends<Out<typeof StateSummarySchema>, StateSummary>];
export type _Change = [Extends<StoredChange, Out<typeof ChangeEventSchema>>, Extends<Out<typeof ChangeEventSchema>, StoredChange>];
