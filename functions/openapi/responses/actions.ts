/** GET /actions answers: a page of the ranked work list. */
import { z } from 'zod';
import { WORK_ACTIONS, type WorkLine } from '../../../shared';
import type { Extends, Out } from './describes';
import { ReasonsSchema } from './reason';

export const WorkLineSchema = z.object({
  rank: z.number().int().min(1).describe('1 is the most money at stake (then the nearest deadline).'),
  tenantId: z.string(),
  customerName: z.string().nullable(),
  workload: z.string(),
  programId: z.string(),
  action: z.enum(WORK_ACTIONS),
  amountCents: z.number().int().nullable().describe('The money at stake in integer cents of the currency; null when it depends on the market (per-user programs).'),
  currency: z.string(),
  deadline: z.iso.date().nullable().describe('The date by which to act, or null when there is none.'),
  message: z.string().describe('The line in a sentence, with the amount and the deadline.'),
  reasons: ReasonsSchema.describe("The advice's reasons, and the forecast's where it sets the deadline."),
  link: z.string().describe('The workload over the API (GET it for its verdict and forecast).'),
});

export const WorkListPageSchema = z.object({
  asOfDate: z.iso.date(),
  total: z.number().int().min(0).describe('Lines in the list (of the kind asked for).'),
  workloadsRead: z.number().int().min(0),
  workloadsNotJudged: z.number().int().min(0).describe('Tracked workloads the engine cannot judge (their GET says why); they have no lines.'),
  items: z.array(WorkLineSchema),
  continuationToken: z.string().optional().describe('Present when more follow.'),
  nextLink: z.string().optional().describe('This request with the continuation token, without the key.'),
});

type WorkLineJson = WorkLine & { rank: number; link: string };
export type _Line = [Extends<WorkLineJson, Out<typeof WorkLineSchema>>, Extends<Out<typeof WorkLineSchema>, WorkLineJson>];
