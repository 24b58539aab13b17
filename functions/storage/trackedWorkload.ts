/**
 * A tracked customer workload as ops teams keep it, and its monthly usage snapshots: the
 * fields a request may carry (validated with zod, names as everywhere else), the table rows
 * they become, and the engine facts they give on a date. The stored row adds what the engine
 * derived when it was written (`sizeBand`, `eligible`), so lists can filter on them.
 */
import { z } from 'zod';
import {
  claimDateOrderProblem,
  claimStatusWords,
  count,
  defaultCatalog,
  fastTrackedRecord,
  isoMonth,
  REJECTED_STATUSES,
  SLOW,
  tenantIdSchema,
  text,
  TRACKED_RECORD_FIELDS,
  TrackedRecordObject,
  withFast,
  type ClaimStatus,
  type UsageMonth,
} from '../../shared';
import { IMPORT_LIMITS } from './importLimits';
import { usageKeys, workloadKeys } from './keys';

export { CLAIM_STATUSES, MAX_NOTES_CHARS, type ClaimStatus } from '../../shared';

/** A workload name as typed, resolved to its id in the workload list (MDE, "Defender for Endpoint"...). */
export const workloadIdSchema = () =>
  text('a workload name', 100).transform((typed, ctx) => {
    const found = defaultCatalog.workloads.resolve(typed);
    if (found) return found.id;
    ctx.issues.push({ code: 'custom', message: `${defaultCatalog.workloads.problemWith(typed)}; GET /api/v1/workloads-catalog lists every accepted name`, input: typed });
    return z.NEVER;
  });

/** Every field of a tracked workload but its keys (tenantId and workload come from the route): shared/trackedRecord.ts. */
export const trackedWorkloadFields = TrackedRecordObject.shape;

type Issue = { code: 'custom'; path: string[]; message: string; input: unknown };

/** The claim fields the cross-field rules read. */
interface ClaimFieldValues {
  claimStatus: ClaimStatus;
  claimDate?: string | undefined;
  claimApprovedDate?: string | undefined;
  claimStatusDate?: string | undefined;
  claimRejectionReason?: string | undefined;
  claimDisputedDate?: string | undefined;
}

/**
 * Cross-field rules: the claim's status agrees with its dates, and the dates are in order. A
 * Rejected claim and one in Partner action required need the day they took that status (their
 * deadlines count from it); a rejection reason and a dispute date belong to a rejected claim.
 */
function claimProblems(v: ClaimFieldValues): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ code: 'custom', path: [path], message, input: v });
  const status = v.claimStatus;
  const words = `"${status}" (${claimStatusWords(status)})`;
  if (status === 'none' && (v.claimDate !== undefined || v.claimApprovedDate !== undefined))
    add('claimStatus', 'is "none" but the record has claim dates; set "filed" or "approved", or remove the dates');
  if (status !== 'none' && status !== 'draft' && v.claimDate === undefined) add('claimDate', `is required when claimStatus is ${words}`);
  if (status === 'approved' && v.claimApprovedDate === undefined) add('claimApprovedDate', 'is required when claimStatus is "approved"');
  if (status !== 'approved' && v.claimApprovedDate !== undefined) add('claimStatus', `is ${words} but claimApprovedDate is set; an approved claim has status "approved"`);
  const order = claimDateOrderProblem(v);
  if (order !== null) add('claimApprovedDate', order);
  if ((status === 'rejected' || status === 'action-required') && v.claimStatusDate === undefined)
    add('claimStatusDate', `is required when claimStatus is ${words}: the ${status === 'rejected' ? '30 days to dispute the rejection' : '14 business days to answer'} count from it`);
  if (status === 'none' && v.claimStatusDate !== undefined) add('claimStatusDate', 'is set but claimStatus is "none": there is no claim to date');
  if (v.claimStatusDate !== undefined && v.claimDate !== undefined && v.claimStatusDate < v.claimDate)
    add('claimStatusDate', `${v.claimStatusDate} is before claimDate ${v.claimDate}: a claim takes a status after it is filed`);
  if (v.claimRejectionReason !== undefined && !REJECTED_STATUSES.includes(status))
    add('claimRejectionReason', `is set but claimStatus is ${words}; a rejection reason belongs to a rejected claim (${REJECTED_STATUSES.join(', ')})`);
  if (v.claimDisputedDate !== undefined) {
    if (!REJECTED_STATUSES.includes(status)) add('claimDisputedDate', `is set but claimStatus is ${words}; only a rejected claim is disputed (${REJECTED_STATUSES.join(', ')})`);
    else if (v.claimDate !== undefined && v.claimDisputedDate < v.claimDate) add('claimDisputedDate', `${v.claimDisputedDate} is before claimDate ${v.claimDate}: dates are out of order`);
  }
  return issues;
}

/** The body of PUT: every field (absent optional ones are cleared). Valid fields take validation's fast path (shared/fastPath.ts). */
export const TrackedWorkloadSchema = withFast(
  TrackedRecordObject.check((ctx) => {
    for (const issue of claimProblems(ctx.value)) ctx.issues.push(issue);
  }),
  (input) => {
    const fields = fastTrackedRecord(input);
    return fields === SLOW || claimProblems(fields).length > 0 ? SLOW : fields;
  },
);
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
  /** Derived by the engine when the record was last written (evaluatedOn), or by the last nightly run. */
  sizeBand: string | null;
  eligible: boolean | null;
  evaluatedOn: string;
  advice?: string;
  adviceReason?: string;
  toEarnCents?: number;
  etag: string;
  updatedAt?: string;
}

/** Columns the nightly run keeps on a workload's row (its last state); a replace carries them over. */
export const NIGHTLY_COLUMNS = ['nightState', 'nightOf', 'nightRun', 'nightFirst'] as const;

/** The nightly's last state on a row: the state (JSON), its night, the run that wrote it, and whether it was the first. */
export interface NightColumns {
  nightState: string;
  nightOf: string;
  nightRun: string;
  nightFirst: boolean;
}

/** The nightly columns a row has. */
export function nightColumnsOf(entity: Record<string, unknown>): Partial<NightColumns> {
  const night: Partial<NightColumns> = {};
  if (typeof entity.nightState === 'string') night.nightState = entity.nightState;
  if (typeof entity.nightOf === 'string') night.nightOf = entity.nightOf;
  if (typeof entity.nightRun === 'string') night.nightRun = entity.nightRun;
  if (typeof entity.nightFirst === 'boolean') night.nightFirst = entity.nightFirst;
  return night;
}

/** What the engine derived for the stored row (evaluateTracked.ts). */
export interface Derived {
  sizeBand: string | null;
  eligible: boolean | null;
  evaluatedOn: string;
  /** The claim advice (claim-now, wait...) and its main sentence; null when the record cannot be judged. */
  advice?: string | null;
  adviceReason?: string | null;
  /** What can still be earned, in cents (null for per-user programs, or when not judged). */
  toEarnCents?: number | null;
  /** The customer's name in lower case: what `GET /workloads?customer=` finds by prefix. */
  customerKey?: string | null;
}

/** The columns a workload's row stores of what the engine derived (every writer of a row uses them). */
export function derivedColumns(derived: Derived): Record<string, string | number | boolean> & { sizeBand: string; evaluatedOn: string } {
  const columns: Record<string, string | number | boolean> & { sizeBand: string; evaluatedOn: string } = {
    sizeBand: derived.sizeBand ?? '',
    evaluatedOn: derived.evaluatedOn,
    advice: derived.advice ?? '',
    adviceReason: derived.adviceReason ?? '',
    customerKey: derived.customerKey ?? '',
  };
  if (derived.eligible !== null) columns.eligible = derived.eligible;
  if (derived.toEarnCents != null) columns.toEarnCents = derived.toEarnCents;
  return columns;
}

const FIELD_NAMES = TRACKED_RECORD_FIELDS;

/** The table row of a tracked workload (absent optional fields are not stored). */
export function workloadEntity(tenantId: string, workload: string, fields: TrackedWorkloadFields, derived: Derived): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = { ...workloadKeys(tenantId, workload) };
  for (const name of FIELD_NAMES) if (fields[name] !== undefined) entity[name] = fields[name];
  Object.assign(entity, derivedColumns(derived));
  return entity;
}

/** A stored row back as a tracked workload. */
export function fromWorkloadEntity(entity: Record<string, unknown>): TrackedWorkload {
  const record: Record<string, unknown> = { tenantId: entity.partitionKey, workload: entity.rowKey };
  for (const name of FIELD_NAMES) if (entity[name] !== undefined && entity[name] !== null) record[name] = entity[name];
  record.sizeBand = typeof entity.sizeBand === 'string' && entity.sizeBand !== '' ? entity.sizeBand : null;
  record.eligible = typeof entity.eligible === 'boolean' ? entity.eligible : null;
  record.evaluatedOn = entity.evaluatedOn;
  if (typeof entity.advice === 'string' && entity.advice !== '') record.advice = entity.advice;
  if (typeof entity.adviceReason === 'string' && entity.adviceReason !== '') record.adviceReason = entity.adviceReason;
  if (typeof entity.toEarnCents === 'number') record.toEarnCents = entity.toEarnCents;
  record.etag = entity.etag;
  if (typeof entity.timestamp === 'string') record.updatedAt = entity.timestamp;
  return record as unknown as TrackedWorkload;
}

/** A record's own fields: without its keys, its ETag and what the engine derived. */
export function recordFields(record: TrackedWorkload): TrackedWorkloadFields {
  const fields: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) if (record[name] !== undefined) fields[name] = record[name];
  return fields as TrackedWorkloadFields;
}

/** The stored fields with a patch applied (null clears); the result is validated again by the caller. */
export function applyPatch(current: TrackedWorkload, patch: TrackedWorkloadPatch): Record<string, unknown> {
  const next: Record<string, unknown> = recordFields(current);
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

/**
 * One month of a workload's usage, within the limits an import holds rows to (importLimits.ts):
 * a mistyped month (2062-05 for 2026-05) would otherwise become the record's latest month and
 * hide every real month after it.
 */
export const UsageSnapshotSchema = z
  .strictObject({
    month: isoMonth(),
    paidAvailableUnits: count(),
    monthlyActiveUsers: count('users'),
  })
  .superRefine((s, ctx) => {
    const now = new Date().toISOString().slice(0, 7);
    if (s.month < IMPORT_LIMITS.firstMonth) ctx.addIssue({ code: 'custom', path: ['month'], message: `is before ${IMPORT_LIMITS.firstMonth}, earlier than any usage report` });
    else if (s.month > now) ctx.addIssue({ code: 'custom', path: ['month'], message: `is after the current month ${now}: usage is reported once it happened` });
    for (const field of ['paidAvailableUnits', 'monthlyActiveUsers'] as const) {
      if (s[field] > IMPORT_LIMITS.maxCount) ctx.addIssue({ code: 'custom', path: [field], message: `is implausibly large: a month holds at most ${IMPORT_LIMITS.maxCount.toLocaleString('en-US')}` });
    }
  });
export type UsageSnapshot = z.output<typeof UsageSnapshotSchema>;

export function usageEntity(tenantId: string, workload: string, s: UsageSnapshot): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return { ...usageKeys(tenantId, workload, s.month), workload, month: s.month, paidAvailableUnits: s.paidAvailableUnits, monthlyActiveUsers: s.monthlyActiveUsers };
}

export function fromUsageEntity(entity: Record<string, unknown>): UsageMonth {
  return { month: String(entity.month), paidAvailableUnits: Number(entity.paidAvailableUnits), monthlyActiveUsers: Number(entity.monthlyActiveUsers) };
}

/** The figures a record reads from its usage. */
type Figures = { paidAvailableUnits: number; monthlyActiveUsers: number; usageMonth?: string | undefined };

/**
 * The record with a month of usage as its current figures: a month at or after the record's
 * usageMonth gives its PAU and MAU (and becomes its usageMonth); an older month never
 * overwrites them (null).
 */
export function withLatestMonth<T extends Figures>(record: T, month: UsageMonth): T | null {
  if (record.usageMonth !== undefined && month.month < record.usageMonth) return null;
  return { ...record, paidAvailableUnits: month.paidAvailableUnits, monthlyActiveUsers: month.monthlyActiveUsers, usageMonth: month.month };
}
