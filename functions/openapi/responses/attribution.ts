/** POST /attribution answers: partner of record and earning partner from a subscription timeline. */
import { z } from 'zod';
import type { PartnerOfRecordVerdict } from '../../../shared';
import type { Extends, Out, Written } from './describes';
import { ReasonSchema, ReasonsSchema } from './reason';

const SOURCE = z.enum(['DPOR', 'OSA']).nullable();
const POE_STATUS = z.enum(['pending', 'passed', 'failed', 'not-required']).nullable();

export const RecordPeriodSchema = z.object({
  from: z.iso.date().describe('First day of the period.'),
  to: z.iso.date().nullable().describe('First day of the next period (exclusive), null while it lasts.'),
  partnerOfRecord: z.string().nullable(),
  source: SOURCE,
  poeStatus: POE_STATUS,
  earningPartner: z.string().nullable(),
});

export const EventOutcomeSchema = z.object({
  index: z.number().int(),
  date: z.iso.date(),
  type: z.enum(['osa-attach', 'osa-remove', 'dpor-attach', 'dpor-remove', 'poe-result']),
  partnerId: z.string().nullable(),
  outcome: z.enum(['applied', 'rejected', 'ignored', 'after-as-of-date']),
  reason: ReasonSchema,
});

export const PartnerOfRecordVerdictSchema = z.object({
  asOfDate: z.iso.date(),
  partnerOfRecord: z.string().nullable(),
  source: SOURCE,
  since: z.iso.date().nullable(),
  poeStatus: POE_STATUS,
  earningPartner: z.string().nullable(),
  periods: z.array(RecordPeriodSchema),
  events: z.array(EventOutcomeSchema),
  reasons: ReasonsSchema,
});

export const PartnerOfRecordBatchSchema = z.object({ items: z.array(PartnerOfRecordVerdictSchema) });

export type _Attribution = [Extends<Written<PartnerOfRecordVerdict>, Out<typeof PartnerOfRecordVerdictSchema>>, Extends<Out<typeof PartnerOfRecordVerdictSchema>, Written<PartnerOfRecordVerdict>>];
