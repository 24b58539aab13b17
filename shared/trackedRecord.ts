/**
 * The one model of a tracked customer workload, as ops teams keep it: the engine's facts it
 * shares (picked from the facts schema, so a rule about a fact reads the same everywhere) plus
 * what only tracking needs (the month PAU and MAU were read for, the claim's status, where the
 * POE is, notes). The API, the store, the import and the add-in all take their field list from
 * here. Browser-safe: the add-in bundles it.
 */
import { z } from 'zod';
import { workloadFactsShape } from './facts';
import { fastCheckOf, fastStrictObject, SLOW, withFast } from './fastPath';
import { CLAIM_STATUSES, type ClaimStatus } from './claimStatus';
import { isoDate, isoMonth, text } from './validation';
import { marketSchema } from './vocabulary';

export { CLAIM_STATUSES, type ClaimStatus } from './claimStatus';

/** Notes are free text up to Table Storage's 64 KiB per text field. */
export const MAX_NOTES_CHARS = 32 * 1024;

/** A field schema with its description for the OpenAPI document, keeping its fast check. */
function described<S extends z.ZodType>(schema: S, description: string): S {
  return withFast(schema.meta({ description }) as S, fastCheckOf(schema)!);
}

/** What only tracking adds to the engine's facts. */
const trackingShape = {
  /** The month PAU and MAU were read for (set from the latest month of usage). */
  usageMonth: isoMonth().optional(),
  claimStatus: described(
    withFast(z.enum(CLAIM_STATUSES, { error: `must be one of ${CLAIM_STATUSES.join(', ')}` }), (v) =>
      typeof v === 'string' && (CLAIM_STATUSES as readonly string[]).includes(v) ? (v as ClaimStatus) : SLOW,
    ).default('none'),
    "The claim's status as Partner Center shows it: none, draft, filed (Submitted), under-review, action-required (Partner action required: 14 business days to answer), approved, rejected (disputable once within 30 days), disputed (Dispute), rejected-final.",
  ),
  /** The day the claim took its status (a Rejected claim's rejection date: the 30 days to dispute count from it). */
  claimStatusDate: described(isoDate(), 'The day the claim took its status; required for rejected (the rejection date) and action-required.').optional(),
  /** Why Partner Center rejected the claim (customer declined, insufficient proof of execution...). */
  claimRejectionReason: described(text('a rejection reason', 300), 'Why Partner Center rejected the claim (rejected, disputed, rejected-final only).').optional(),
  /** The day the rejection was disputed: a rejection is disputed once. */
  claimDisputedDate: described(isoDate(), 'The day the rejection was disputed: a rejection is disputed once, so a claim with this date has no further dispute window.').optional(),
  /** The customer's TPID (`CustomerTpid` of the usage reports): matches ineligibility rows keyed by TPID. */
  customerTpid: described(
    withFast(z.string({ error: 'must be a TPID (a number written as text)' }).regex(/^\d{1,20}$/, { error: (iss) => `must be a TPID: digits only, up to 20, got "${String(iss.input)}"` }), (v) =>
      typeof v === 'string' && /^\d{1,20}$/.test(v) ? v : SLOW,
    ),
    "The customer's TPID (CustomerTpid of the usage reports): ineligibility rows keyed by TPID are matched to every tracked workload with it.",
  ).optional(),
  /** Per-user programs: the customer's market (A, B or C), which sets the rate a payout is predicted at. */
  market: marketSchema().optional(),
  /** Where the POE documents are. */
  poeReference: text('a POE reference', 1000).optional(),
  notes: withFast(
    z.string({ error: 'must be text' }).max(MAX_NOTES_CHARS, { error: `is longer than ${MAX_NOTES_CHARS.toLocaleString('en-US')} characters (64 KiB, the most one stored text field holds)` }),
    (v) => (typeof v === 'string' && v.length <= MAX_NOTES_CHARS ? v : SLOW),
  ).optional(),
};

/**
 * The fields of a tracked record, in the order the API returns them: every engine fact but the
 * keys (tenantId, workload: the route's), the date asked (asOfDate) and the history (its own
 * table), and the tracking fields.
 */
const RECORD_FIELDS = {
  customerName: true,
  customerTpid: true,
  programId: true,
  licenseProgram: true,
  cloud: true,
  segment: true,
  country: true,
  paidAvailableUnits: true,
  monthlyActiveUsers: true,
  usageMonth: true,
  claimStatus: true,
  claimStatusDate: true,
  claimRejectionReason: true,
  claimDisputedDate: true,
  claimDate: true,
  claimApprovedDate: true,
  highWaterMark: true,
  paidAvailableUnitsAtClaim: true,
  claimId: true,
  market: true,
  poeAcknowledgementDate: true,
  poeReference: true,
  partnerId: true,
  claimingPartnerId: true,
  associationType: true,
  notes: true,
} as const;

/** A tracked record's fields (no cross-field checks: the API adds the claim's). */
const trackedRecordObject = z.strictObject({ ...workloadFactsShape, ...trackingShape }).pick(RECORD_FIELDS);
export type TrackedRecordFields = z.output<typeof trackedRecordObject>;
/** The fast check of a tracked record's fields (validation's fast path, fastPath.ts). */
export const fastTrackedRecord = fastStrictObject(trackedRecordObject.shape);
export const TrackedRecordObject = withFast(trackedRecordObject, fastTrackedRecord);

/** The names of a tracked record's fields. */
export const TRACKED_RECORD_FIELDS = Object.keys(RECORD_FIELDS) as (keyof TrackedRecordFields)[];
/** The keys of a tracked record (from the route). */
export const TRACKED_KEYS = ['tenantId', 'workload'] as const;
/** What the API adds to a stored record: the engine's verdict when it was written, and when. */
export const TRACKED_DERIVED_FIELDS = ['sizeBand', 'eligible', 'evaluatedOn', 'advice', 'adviceReason', 'toEarnCents', 'updatedAt'] as const;
/** Every field of a tracked record as the API returns it (what the add-in's TRACKED shows). */
export const TRACKED_WORKLOAD_FIELDS: readonly string[] = [...TRACKED_KEYS, ...TRACKED_RECORD_FIELDS, ...TRACKED_DERIVED_FIELDS];

/** How a field's value is written in a cell: a count, a date, or text. */
export function trackedFieldKind(name: string): 'count' | 'date' | 'text' {
  let schema = (TrackedRecordObject.shape as Record<string, z.ZodType>)[name];
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) schema = schema.unwrap() as z.ZodType;
  if (schema instanceof z.ZodNumber) return 'count';
  return schema !== undefined && z.globalRegistry.get(schema)?.format === 'date' ? 'date' : 'text';
}
