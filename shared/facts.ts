/**
 * The facts of one customer workload, as every caller gives them (Excel row, HTTP body,
 * stored record), and what the engine derives from them once: the program year that applies,
 * the workload's identity, usage, and the baseline at claim (R3, in baseline.ts).
 */
import { z } from 'zod';
import { baselineFor, type Baseline } from './baseline';
import { monthOf } from './dates';
import { fastStrictObject, SLOW, withFast } from './fastPath';
import { UsageHistorySchema, type UsageMonth } from './highWaterMark';
import { countrySchema, partnerIdSchema, tenantIdSchema } from './ids';
import type { Catalog } from './programs/catalog';
import { programIdSchema } from './programs/catalog';
import type { Program } from './programs/schema';
import { bandIndex } from './sizeBand';
import { measureUsage, type UsageMeasure } from './usagePct';
import { count, isoDate, text } from './validation';
import { associationTypeSchema, cloudSchema, licenseProgramSchema, segmentSchema, type Market } from './vocabulary';
import type { WorkloadDefinition } from './workloads';

/** Fields shared by every question about one customer workload. */
export const workloadFactsShape = {
  tenantId: tenantIdSchema().optional(),
  customerName: text('a customer name', 200).optional(),
  programId: programIdSchema(),
  /** The date the question is asked for; rules never read the clock. */
  asOfDate: isoDate(),
  workload: text('a workload name', 100),
  paidAvailableUnits: count(),
  monthlyActiveUsers: count('users'),
  licenseProgram: licenseProgramSchema().default('CSP'),
  cloud: cloudSchema().default('Commercial'),
  segment: segmentSchema().default('Commercial'),
  country: countrySchema().optional(),
  /** How the partner is associated: usage incentives are claimed with CPOR OSU. */
  associationType: associationTypeSchema().default('CPOR OSU'),
  /** Our partner ID. */
  partnerId: partnerIdSchema().optional(),
  /** The partner that currently holds the CPOR claim on this workload, if any. */
  claimingPartnerId: partnerIdSchema().optional(),
  claimDate: isoDate().optional(),
  claimApprovedDate: isoDate().optional(),
  /** Partner Center's CPOR claim ID, carried onto payout lines for matching with earnings reports. */
  claimId: text('a claim ID', 100).optional(),
  /** The baseline at claim: the prior HWM Partner Center shows on the claim (users). */
  highWaterMark: count('users').optional(),
  paidAvailableUnitsAtClaim: count().optional(),
  usageHistory: UsageHistorySchema.optional(),
  /** Date of the customer acknowledgement in the POE (for refresh advice). */
  poeAcknowledgementDate: isoDate().optional(),
};

const FactsObject = z.strictObject(workloadFactsShape);
type FactsShapeOutput = z.output<typeof FactsObject>;

type Issue = { path: (string | number)[]; message: string };

/** The claim-date order rule (of facts and of tracked records): a claim is approved on or after it is filed. */
export function claimDateOrderProblem(f: { claimDate?: string | undefined; claimApprovedDate?: string | undefined }): string | null {
  if (f.claimApprovedDate === undefined || f.claimDate === undefined || f.claimApprovedDate >= f.claimDate) return null;
  return `${f.claimApprovedDate} is before claimDate ${f.claimDate}: dates are out of order`;
}

/** Cross-field rules of workload facts: dates in order, a baseline for a filed claim. */
export function factsProblems(f: FactsShapeOutput): Issue[] {
  const issues: Issue[] = [];
  if (f.claimApprovedDate !== undefined && f.claimDate === undefined) {
    issues.push({ path: ['claimApprovedDate'], message: 'needs claimDate: a claim is approved after it is filed' });
  }
  if (f.claimDate !== undefined && f.claimDate > f.asOfDate) {
    issues.push({ path: ['claimDate'], message: `${f.claimDate} is after asOfDate ${f.asOfDate}: dates are out of order` });
  }
  const order = claimDateOrderProblem(f);
  if (order !== null) issues.push({ path: ['claimApprovedDate'], message: order });
  if (f.claimApprovedDate !== undefined && f.claimApprovedDate > f.asOfDate) {
    issues.push({ path: ['claimApprovedDate'], message: `${f.claimApprovedDate} is after asOfDate ${f.asOfDate}: dates are out of order` });
  }
  if (f.poeAcknowledgementDate !== undefined && f.poeAcknowledgementDate > f.asOfDate) {
    issues.push({ path: ['poeAcknowledgementDate'], message: `${f.poeAcknowledgementDate} is after asOfDate ${f.asOfDate}: an acknowledgement cannot be dated in the future` });
  }
  if (f.usageHistory !== undefined) {
    const asOfMonth = monthOf(f.asOfDate);
    f.usageHistory.forEach((m, i) => {
      if (m.month > asOfMonth) issues.push({ path: ['usageHistory', i, 'month'], message: `${m.month} is after asOfDate ${f.asOfDate}` });
    });
  }
  if (f.claimDate !== undefined) {
    const claimMonth = monthOf(f.claimDate);
    const historyCovers = f.usageHistory?.some((m) => m.month <= claimMonth) ?? false;
    if (f.highWaterMark === undefined && !historyCovers) {
      issues.push({
        path: ['highWaterMark'],
        message: `is required for a filed claim (the baseline at the ${f.claimDate} claim): give highWaterMark and paidAvailableUnitsAtClaim, or a usageHistory with months up to the claim`,
      });
    } else if (f.highWaterMark !== undefined && f.paidAvailableUnitsAtClaim === undefined && !historyCovers) {
      issues.push({
        path: ['paidAvailableUnitsAtClaim'],
        message: `is required with highWaterMark (usage % at claim is the HWM over the PAU at claim), unless usageHistory covers the claim month`,
      });
    }
  }
  return issues;
}

/** A check that adds the cross-field problems of workload facts to a schema's issues. */
export function checkFacts(ctx: { value: FactsShapeOutput; issues: unknown[] }): void {
  for (const issue of factsProblems(ctx.value)) ctx.issues.push({ code: 'custom', path: issue.path, message: issue.message, input: ctx.value });
}

/** Fields that only payout questions add to the workload facts. */
export interface PayoutExtras {
  market?: Market;
  milestonesPaid?: Array<{ milestone: number; amountCents: number }>;
  paidToDateCents?: number;
}

/**
 * Facts in one fixed object shape, absent fields included as undefined, from their fields'
 * values in the order of `workloadFactsShape` followed by the payout extras (the order the
 * fast path collects them in). Facts arrive with any subset of optional fields in any order;
 * V8 gives each combination its own hidden class, and the engine's hot path would then read
 * every field through slow megamorphic lookups. One shape, built at this one place whichever
 * path validated the facts, keeps those reads fast.
 */
export function factsFromValues<T extends FactsShapeOutput>(v: unknown[]): T {
  const normalized = {
    tenantId: v[0],
    customerName: v[1],
    programId: v[2],
    asOfDate: v[3],
    workload: v[4],
    paidAvailableUnits: v[5],
    monthlyActiveUsers: v[6],
    licenseProgram: v[7],
    cloud: v[8],
    segment: v[9],
    country: v[10],
    associationType: v[11],
    partnerId: v[12],
    claimingPartnerId: v[13],
    claimDate: v[14],
    claimApprovedDate: v[15],
    claimId: v[16],
    highWaterMark: v[17],
    paidAvailableUnitsAtClaim: v[18],
    usageHistory: v[19],
    poeAcknowledgementDate: v[20],
    market: v[21],
    milestonesPaid: v[22],
    paidToDateCents: v[23],
  };
  return normalized as unknown as T;
}

/** Every field of normalised facts, in order. */
const FACT_KEYS = Object.keys(factsFromValues([])) as (keyof (FactsShapeOutput & PayoutExtras))[];

/** Copy facts (validated by zod's detailed path) into the one fixed shape. */
export function normalizeFacts<T extends FactsShapeOutput>(f: T & PayoutExtras): T {
  return factsFromValues<T>(FACT_KEYS.map((key) => f[key]));
}

/** A shape's fields must come in the order factsFromValues places them: checked at load. */
export function assertFactsOrder(shape: object): void {
  const shapeKeys = Object.keys(shape);
  if (!shapeKeys.every((key, i) => key === FACT_KEYS[i])) throw new Error('factsFromValues must list the facts fields in the order of the facts shape');
}

assertFactsOrder(workloadFactsShape);
const fastFactsFields = fastStrictObject(workloadFactsShape, (v) => factsFromValues<FactsShapeOutput>(v));

/**
 * Workload facts, validated. Valid facts take the fast path (fastPath.ts: each field's plain
 * check, then the same cross-field rules); anything else goes through zod, which names every
 * problem. `parseWith` takes the fast path; `.parse`/`.safeParse` are zod's alone.
 */
export const WorkloadFactsSchema = withFast(
  FactsObject.check(checkFacts).transform((f) => normalizeFacts(f)),
  (input) => {
    const f = fastFactsFields(input);
    return f === SLOW || factsProblems(f).length > 0 ? SLOW : f;
  },
);
export type WorkloadFacts = z.output<typeof WorkloadFactsSchema>;
export type WorkloadFactsInput = z.input<typeof WorkloadFactsSchema>;

/** Everything derived once from the facts, shared by eligibility, payout and advice. */
export interface WorkloadContext {
  facts: WorkloadFacts;
  program: Program;
  programActive: boolean;
  workload: WorkloadDefinition | null;
  usage: UsageMeasure;
  bandIndex: number;
  baseline: Baseline;
  history: readonly UsageMonth[];
}

const EMPTY_HISTORY: readonly UsageMonth[] = [];

/** Derive the context of validated facts. Throws an EngineInputError for an unknown program. */
export function contextFor(catalog: Catalog, facts: WorkloadFacts): WorkloadContext {
  const { program, activeOnDate } = catalog.resolve(facts.programId, facts.asOfDate);
  const history = facts.usageHistory ?? EMPTY_HISTORY;
  return {
    facts,
    program,
    programActive: activeOnDate,
    workload: catalog.workloads.resolve(facts.workload),
    usage: measureUsage(facts.paidAvailableUnits, facts.monthlyActiveUsers),
    bandIndex: bandIndex(program, facts.paidAvailableUnits),
    baseline: baselineFor(program, facts, history),
    history,
  };
}
