/**
 * A tracked customer workload as ops teams keep it, and its monthly usage snapshots: the
 * fields a request may carry (validated with zod, names as everywhere else), the table rows
 * they become, and the engine facts they give on a date. The stored row adds what the engine
 * derived when it was written (`sizeBand`, `eligible`), so lists can filter on them.
 */
import { z } from 'zod';
import {
  associationTypeSchema,
  cloudSchema,
  count,
  countrySchema,
  defaultCatalog,
  isoDate,
  isoMonth,
  licenseProgramSchema,
  partnerIdSchema,
  programIdSchema,
  segmentSchema,
  tenantIdSchema,
  text,
  type WorkloadFactsInput,
  type UsageMonth,
} from '../../shared';
import { usageKeys, workloadKeys } from './keys';

export const CLAIM_STATUSES = ['none', 'filed', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Notes are free text up to Table Storage's 64 KiB per text field. */
export const MAX_NOTES_CHARS = 32 * 1024;

/** A workload name as typed, resolved to its id in the workload list (MDE, "Defender for Endpoint"...). */
export const workloadIdSchema = () =>
  text('a workload name', 100).transform((typed, ctx) => {
    const found = defaultCatalog.workloads.resolve(typed);
    if (found) return found.id;
    ctx.issues.push({ code: 'custom', message: `"${typed}" is not a workload we know; use a name from GET /api/v1/programs (e.g. "Defender for Endpoint" or "MDE")`, input: typed });
    return z.NEVER;
  });

/** Every field of a tracked workload but its keys (tenantId and workload come from the route). */
export const trackedWorkloadFields = {
  customerName: text('a customer name', 200).optional(),
  programId: programIdSchema(),
  licenseProgram: licenseProgramSchema().default('CSP'),
  cloud: cloudSchema().default('Commercial'),
  segment: segmentSchema().default('Commercial'),
  country: countrySchema().optional(),
  paidAvailableUnits: count(),
  monthlyActiveUsers: count('users'),
  /** The month PAU and MAU were read for (set by imports from the latest month). */
  usageMonth: isoMonth().optional(),
  claimStatus: z.enum(CLAIM_STATUSES, { error: `must be one of ${CLAIM_STATUSES.join(', ')}` }).default('none'),
  claimDate: isoDate().optional(),
  claimApprovedDate: isoDate().optional(),
  /** The baseline on the claim (users), as Partner Center shows it. */
  highWaterMark: count('users').optional(),
  paidAvailableUnitsAtClaim: count().optional(),
  claimId: text('a claim ID', 100).optional(),
  /** POE facts: the customer's acknowledgement and where the documents are. */
  poeAcknowledgementDate: isoDate().optional(),
  poeReference: text('a POE reference', 1000).optional(),
  /** Partner of record: our partner ID, the partner holding the claim, how we are associated. */
  partnerId: partnerIdSchema().optional(),
  claimingPartnerId: partnerIdSchema().optional(),
  associationType: associationTypeSchema().default('CPOR OSU'),
  notes: z.string({ error: 'must be text' }).max(MAX_NOTES_CHARS, { error: `is longer than ${MAX_NOTES_CHARS.toLocaleString('en-US')} characters (64 KiB, the most one stored text field holds)` }).optional(),
};

type Issue = { code: 'custom'; path: string[]; message: string; input: unknown };

/** Cross-field rules: the claim's status agrees with its dates, and the dates are in order. */
function claimProblems(v: { claimStatus: ClaimStatus; claimDate?: string | undefined; claimApprovedDate?: string | undefined }): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ code: 'custom', path: [path], message, input: v });
  if (v.claimStatus === 'none' && (v.claimDate !== undefined || v.claimApprovedDate !== undefined)) add('claimStatus', 'is "none" but the record has claim dates; set "filed" or "approved", or remove the dates');
  if (v.claimStatus !== 'none' && v.claimDate === undefined) add('claimDate', `is required when claimStatus is "${v.claimStatus}"`);
  if (v.claimStatus === 'approved' && v.claimApprovedDate === undefined) add('claimApprovedDate', 'is required when claimStatus is "approved"');
  if (v.claimStatus !== 'approved' && v.claimApprovedDate !== undefined) add('claimStatus', `is "${v.claimStatus}" but claimApprovedDate is set; an approved claim has status "approved"`);
  if (v.claimDate !== undefined && v.claimApprovedDate !== undefined && v.claimApprovedDate < v.claimDate) add('claimApprovedDate', `${v.claimApprovedDate} is before claimDate ${v.claimDate}: dates are out of order`);
  return issues;
}

/** The body of PUT: every field (absent optional ones are cleared). */
export const TrackedWorkloadSchema = z.strictObject(trackedWorkloadFields).check((ctx) => {
  for (const issue of claimProblems(ctx.value)) ctx.issues.push(issue);
});
export type TrackedWorkloadFields = z.output<typeof TrackedWorkloadSchema>;
export type TrackedWorkloadInput = z.input<typeof TrackedWorkloadSchema>;

/** The body of PATCH: any subset of the fields; `null` clears an optional one. */
export const TrackedWorkloadPatchSchema = z.strictObject(
  // Defaults are for PUT: a field a PATCH leaves out keeps its stored value.
  Object.fromEntries(Object.entries(trackedWorkloadFields).map(([k, s]) => [k, (s instanceof z.ZodDefault ? (s.unwrap() as z.ZodType) : (s as z.ZodType)).nullable().optional()])) as {
    [K in keyof typeof trackedWorkloadFields]: z.ZodOptional<z.ZodNullable<(typeof trackedWorkloadFields)[K]>>;
  },
);
export type TrackedWorkloadPatch = z.output<typeof TrackedWorkloadPatchSchema>;

/** The fields PATCH cannot clear (they have no empty value). */
const REQUIRED_FIELDS = ['programId', 'paidAvailableUnits', 'monthlyActiveUsers'] as const;

/** The keys of a tracked workload, from the route. */
export const WorkloadKeySchema = z.strictObject({ tenantId: tenantIdSchema(), workload: workloadIdSchema() });

/** A tracked workload as the API returns it: keys, fields, what the engine derived, and the ETag. */
export interface TrackedWorkload extends TrackedWorkloadFields {
  tenantId: string;
  workload: string;
  /** Derived by the engine when the record was last written. */
  sizeBand: string | null;
  eligible: boolean | null;
  evaluatedOn: string;
  etag: string;
  updatedAt?: string;
}

/** Columns the nightly run keeps on a workload's row (its last state); a replace carries them over. */
export const NIGHTLY_COLUMNS = ['nightState', 'nightOf', 'nightRun', 'nightFirst'] as const;

/** What the engine derived for the stored row. */
export interface Derived {
  sizeBand: string | null;
  eligible: boolean | null;
  evaluatedOn: string;
}

const FIELD_NAMES = Object.keys(trackedWorkloadFields) as (keyof TrackedWorkloadFields)[];

/** The table row of a tracked workload (absent optional fields are not stored). */
export function workloadEntity(tenantId: string, workload: string, fields: TrackedWorkloadFields, derived: Derived): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = { ...workloadKeys(tenantId, workload) };
  for (const name of FIELD_NAMES) if (fields[name] !== undefined) entity[name] = fields[name];
  entity.sizeBand = derived.sizeBand ?? '';
  entity.eligible = derived.eligible ?? undefined;
  entity.evaluatedOn = derived.evaluatedOn;
  return entity;
}

/** A stored row back as a tracked workload. */
export function fromWorkloadEntity(entity: Record<string, unknown>): TrackedWorkload {
  const record: Record<string, unknown> = { tenantId: entity.partitionKey, workload: entity.rowKey };
  for (const name of FIELD_NAMES) if (entity[name] !== undefined && entity[name] !== null) record[name] = entity[name];
  record.sizeBand = typeof entity.sizeBand === 'string' && entity.sizeBand !== '' ? entity.sizeBand : null;
  record.eligible = typeof entity.eligible === 'boolean' ? entity.eligible : null;
  record.evaluatedOn = entity.evaluatedOn;
  record.etag = entity.etag;
  if (typeof entity.timestamp === 'string') record.updatedAt = entity.timestamp;
  return record as unknown as TrackedWorkload;
}

/** The stored fields with a patch applied (null clears); the result is validated again by the caller. */
export function applyPatch(current: TrackedWorkload, patch: TrackedWorkloadPatch): Record<string, unknown> {
  const next: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) if (current[name] !== undefined) next[name] = current[name];
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if ((REQUIRED_FIELDS as readonly string[]).includes(name)) continue;
      delete next[name];
    } else next[name] = value;
  }
  return next;
}

/** The fields of a record that PATCH may not clear, for its error message. */
export function requiredCleared(patch: TrackedWorkloadPatch): string[] {
  return REQUIRED_FIELDS.filter((name) => patch[name] === null);
}

/** One month of a workload's usage. */
export const UsageSnapshotSchema = z.strictObject({
  month: isoMonth(),
  paidAvailableUnits: count(),
  monthlyActiveUsers: count('users'),
});
export type UsageSnapshot = z.output<typeof UsageSnapshotSchema>;

export function usageEntity(tenantId: string, workload: string, s: UsageSnapshot): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return { ...usageKeys(tenantId, workload, s.month), workload, month: s.month, paidAvailableUnits: s.paidAvailableUnits, monthlyActiveUsers: s.monthlyActiveUsers };
}

export function fromUsageEntity(entity: Record<string, unknown>): UsageMonth {
  return { month: String(entity.month), paidAvailableUnits: Number(entity.paidAvailableUnits), monthlyActiveUsers: Number(entity.monthlyActiveUsers) };
}

/**
 * The engine's facts for a tracked workload on a date, with its usage history up to that
 * month (the high-water mark is derived from it by the engine).
 */
export function factsFor(record: TrackedWorkload, history: readonly UsageMonth[], asOfDate: string): WorkloadFactsInput {
  const month = asOfDate.slice(0, 7);
  const months = history.filter((m) => m.month <= month);
  const facts: WorkloadFactsInput = {
    tenantId: record.tenantId,
    programId: record.programId,
    asOfDate,
    workload: record.workload,
    paidAvailableUnits: record.paidAvailableUnits,
    monthlyActiveUsers: record.monthlyActiveUsers,
    licenseProgram: record.licenseProgram,
    cloud: record.cloud,
    segment: record.segment,
    associationType: record.associationType,
  };
  if (record.customerName !== undefined) facts.customerName = record.customerName;
  if (record.country !== undefined) facts.country = record.country;
  if (record.partnerId !== undefined) facts.partnerId = record.partnerId;
  if (record.claimingPartnerId !== undefined) facts.claimingPartnerId = record.claimingPartnerId;
  if (record.claimStatus !== 'none' && record.claimStatus !== 'rejected' && record.claimDate !== undefined && record.claimDate <= asOfDate) {
    facts.claimDate = record.claimDate;
    if (record.claimApprovedDate !== undefined && record.claimApprovedDate <= asOfDate) facts.claimApprovedDate = record.claimApprovedDate;
    if (record.highWaterMark !== undefined) facts.highWaterMark = record.highWaterMark;
    if (record.paidAvailableUnitsAtClaim !== undefined) facts.paidAvailableUnitsAtClaim = record.paidAvailableUnitsAtClaim;
  }
  if (months.length > 0) facts.usageHistory = months.map((m) => ({ month: m.month, paidAvailableUnits: m.paidAvailableUnits, monthlyActiveUsers: m.monthlyActiveUsers }));
  if (record.poeAcknowledgementDate !== undefined && record.poeAcknowledgementDate <= asOfDate) facts.poeAcknowledgementDate = record.poeAcknowledgementDate;
  return facts;
}
