/**
 * A reason as every response carries it: a stable code, a sentence with the numbers, Partner
 * Center's code where one matches. Verdicts, payouts, POE checks, attribution, recognition and
 * change events all list them.
 */
import { z } from 'zod';
import { CLAIM_ACTIONS, PARTNER_CENTER_CODES, REASON_CODES, type ReasonCode, type PartnerCenterCode, type ReasonJson } from '../../../shared';
import type { Extends, Out } from './describes';

export const ReasonSchema = z
  .object({
    code: z.enum(Object.keys(REASON_CODES) as [ReasonCode, ...ReasonCode[]]).describe('A stable UPPER_SNAKE identifier.'),
    message: z.string().describe('A sentence with the actual numbers.'),
    partnerCenterCode: z
      .enum(Object.keys(PARTNER_CENTER_CODES) as [PartnerCenterCode, ...PartnerCenterCode[]])
      .optional()
      .describe("Partner Center's reason code for the same outcome, where one matches."),
    params: z.record(z.string(), z.unknown()).optional().describe('The numbers the message states, typed per code.'),
  })
;

export const ReasonsSchema = z.array(ReasonSchema);

/** The claim advice beside a verdict: what to do, its main reason first. */
export const AdviceSchema = z
  .object({
    action: z.enum(CLAIM_ACTIONS),
    reasons: ReasonsSchema.describe('The main reason first (its sentence says what to do), then what else matters.'),
  })
;

export type _Reason = [Extends<ReasonJson, Out<typeof ReasonSchema>>, Extends<Out<typeof ReasonSchema>, ReasonJson>];
