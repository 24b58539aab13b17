/**
 * The one evaluator of a tracked record: its facts on a date (with its usage history up to
 * that month), the engine's verdict on them, and what the stored row keeps of it. The API's
 * GET, the store's writes, the import and the nightly all judge a record here, under one
 * error policy: facts the engine cannot judge (a filed claim without its baseline, a program
 * no longer in the catalog) are an answer, not a failure; any other error is thrown.
 */
import {
  adviceForClaimStatus,
  amountLeftToEarn,
  claimAdviceFrom,
  claimIsFiled,
  contextFor,
  eligibilityFrom,
  EngineInputError,
  parseWith,
  sizeBand as sizeBandOf,
  WorkloadFactsSchema,
  type Catalog,
  type ClaimAdvice,
  type EligibilityVerdict,
  type InputIssue,
  type UsageMonth,
  type WorkloadContext,
  type WorkloadFacts,
  type WorkloadFactsInput,
} from '../../shared';
import { loadedCatalog } from './catalogSource';
import type { Derived, TrackedWorkload } from './trackedWorkload';

/** A record to judge: its keys and fields (what the row stores besides is not needed). */
export type TrackedRecord = Omit<TrackedWorkload, 'etag' | 'sizeBand' | 'eligible' | 'evaluatedOn' | 'updatedAt'>;

export type TrackedEvaluation =
  /** `advice` is the engine's, where the claim's status decides it (a rejection to dispute) that status's. */
  | { judged: true; facts: WorkloadFacts; context: WorkloadContext; verdict: EligibilityVerdict; advice: ClaimAdvice; derived: Derived }
  /** The engine cannot judge the record yet: why, and the band its PAU gives when that much is known. */
  | { judged: false; problems: InputIssue[]; derived: Derived };

/**
 * The engine's facts for a tracked workload on a date, with its usage history up to that
 * month (the high-water mark is derived from it by the engine). A claim, its approval and the
 * POE acknowledgement count from their dates on.
 */
export function factsFor(record: TrackedRecord, history: readonly UsageMonth[], asOfDate: string): WorkloadFactsInput {
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
  // A claim stands from Submitted to Approved, and while its rejection is disputed; a draft, a
  // rejected or a finally rejected claim sets no baseline (shared/claimStatus.ts).
  if (claimIsFiled(record.claimStatus) && record.claimDate !== undefined && record.claimDate <= asOfDate) {
    facts.claimDate = record.claimDate;
    if (record.claimApprovedDate !== undefined && record.claimApprovedDate <= asOfDate) facts.claimApprovedDate = record.claimApprovedDate;
    if (record.highWaterMark !== undefined) facts.highWaterMark = record.highWaterMark;
    if (record.paidAvailableUnitsAtClaim !== undefined) facts.paidAvailableUnitsAtClaim = record.paidAvailableUnitsAtClaim;
  }
  if (months.length > 0) facts.usageHistory = months.map((m) => ({ month: m.month, paidAvailableUnits: m.paidAvailableUnits, monthlyActiveUsers: m.monthlyActiveUsers }));
  if (record.poeAcknowledgementDate !== undefined && record.poeAcknowledgementDate <= asOfDate) facts.poeAcknowledgementDate = record.poeAcknowledgementDate;
  return facts;
}

/** The band of the record's PAU alone, or null when even that cannot be told (an unknown program). */
function bandOnly(record: TrackedRecord, asOfDate: string, catalog: Catalog): string | null {
  try {
    return sizeBandOf({ programId: record.programId, paidAvailableUnits: record.paidAvailableUnits, asOfDate }, catalog).band;
  } catch (e) {
    if (e instanceof EngineInputError) return null;
    throw e;
  }
}

/** The customer name as list filters compare it (lower case, spaces kept). */
export function customerKeyOf(record: { customerName?: string | undefined }): string | null {
  return record.customerName === undefined ? null : record.customerName.trim().toLowerCase();
}

/** Judge a tracked record on a date (see the top of the file for the error policy). */
export function evaluateTracked(record: TrackedRecord, history: readonly UsageMonth[], asOfDate: string, catalog: Catalog = loadedCatalog()): TrackedEvaluation {
  try {
    const facts = parseWith(WorkloadFactsSchema, factsFor(record, history, asOfDate));
    const context = contextFor(catalog, facts);
    const verdict = eligibilityFrom(catalog, context);
    const advice = adviceForClaimStatus(claimAdviceFrom(catalog, context, verdict), record, asOfDate);
    const derived: Derived = {
      sizeBand: verdict.sizeBand,
      eligible: verdict.eligible,
      evaluatedOn: asOfDate,
      advice: advice.action,
      adviceReason: advice.reasons[0]?.message ?? null,
      toEarnCents: amountLeftToEarn(catalog, context, verdict).toEarnCents,
      customerKey: customerKeyOf(record),
    };
    return { judged: true, facts, context, verdict, advice, derived };
  } catch (e) {
    if (!(e instanceof EngineInputError)) throw e;
    const derived: Derived = {
      sizeBand: bandOnly(record, asOfDate, catalog),
      eligible: null,
      evaluatedOn: asOfDate,
      advice: null,
      adviceReason: null,
      toEarnCents: null,
      customerKey: customerKeyOf(record),
    };
    return { judged: false, problems: e.issues, derived };
  }
}
