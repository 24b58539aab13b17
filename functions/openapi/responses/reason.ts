/**
 * A reason as every response carries it: a stable code, a sentence with the numbers, Partner
 * Center's code where one matches. Verdicts, payouts, POE checks, attribution, recognition and
 * change events all list them.
 */
import { z } from 'zod';
import { CLAIM_ACTIONS, PARTNER_CENTER_CODES, REASON_CODES, REASON_PARAMS, type ReasonCode, type PartnerCenterCode, type ReasonJson } from '../../../shared';
import type { Extends } from './describes';

const partnerCenterCode = z
  .enum(Object.keys(PARTNER_CENTER_CODES) as [PartnerCenterCode, ...PartnerCenterCode[]])
  .optional()
  .describe("Partner Center's reason code for the same outcome, where one matches.");

/** One code's reason: its params are that code's own shape (shared/reasonParams.ts). */
function reasonOf(code: ReasonCode) {
  return z.strictObject({
    code: z.literal(code).describe('A stable UPPER_SNAKE identifier.'),
    message: z.string().describe('A sentence with the actual numbers.'),
    params: REASON_PARAMS[code].describe('The numbers, dates and IDs the message states, typed per code.'),
    partnerCenterCode,
  });
}

const CODES = Object.keys(REASON_CODES) as ReasonCode[];

/**
 * A reason as every answer carries it, one shape per code. Typed as the engine's ReasonJson
 * (a union over 100+ codes that TypeScript cannot infer from a mapped list of schemas).
 */
export const ReasonSchema = z.discriminatedUnion('code', CODES.map(reasonOf) as unknown as [ReturnType<typeof reasonOf>, ...ReturnType<typeof reasonOf>[]]) as unknown as z.ZodType<ReasonJson>;

export const ReasonsSchema = z.array(ReasonSchema);

/** The claim advice beside a verdict: what to do, its main reason first. */
export const AdviceSchema = z.object({
  action: z.enum(CLAIM_ACTIONS),
  reasons: ReasonsSchema.describe('The main reason first (its sentence says what to do), then what else matters.'),
});

/** What every code's reason has in common; the shape per code is checked at run time (one schema per code). */
export type _Reason = Extends<ReasonJson, { code: ReasonCode; message: string; params: object; partnerCenterCode?: PartnerCenterCode }>;
