/**
 * The facts of one customer workload, as every caller gives them (Excel row, HTTP body,
 * stored record), and what the engine derives from them once: the program year that applies,
 * the workload's identity, usage, and the baseline at claim (R3).
 */
import { z } from 'zod';
import { monthOf, type IsoDate } from './dates';
import { formatCount, formatPct, toPct } from './format';
import { highWaterMarkFor, UsageHistorySchema, type UsageMonth } from './highWaterMark';
import type { Catalog } from './programs/catalog';
import { programIdSchema } from './programs/catalog';
import type { Program } from './programs/schema';
import { reason, type Reason } from './reasons';
import { bandIndex } from './sizeBand';
import { measureUsage, type UsageMeasure } from './usagePct';
import { count, isoDate, text } from './validation';
import { associationTypeSchema, cloudSchema, licenseProgramSchema, segmentSchema, type Market } from './vocabulary';
import type { WorkloadDefinition } from './workloads';

export const tenantIdSchema = () =>
  z
    .string({ error: 'must be a tenant ID (a GUID)' })
    .trim()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { error: (iss) => `must be a tenant ID (a GUID like 8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b), got "${String(iss.input)}"` })
    .transform((v) => v.toLowerCase());

export const partnerIdSchema = () =>
  z
    .string({ error: 'must be a partner ID' })
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, { error: (iss) => `must be a partner ID (letters, digits and hyphens), got "${String(iss.input)}"` });

export const countrySchema = () =>
  z
    .string({ error: 'must be a two-letter country code like US' })
    .trim()
    .regex(/^[A-Za-z]{2}$/, { error: (iss) => `must be a two-letter ISO country code like US, got "${String(iss.input)}"` })
    .transform((v) => v.toUpperCase());

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
  const asOfMonth = monthOf(f.asOfDate);
  f.usageHistory?.forEach((m, i) => {
    if (m.month > asOfMonth) issues.push({ path: ['usageHistory', i, 'month'], message: `${m.month} is after asOfDate ${f.asOfDate}` });
  });
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
 * Copy facts into one fixed object shape, absent fields included as undefined. Facts arrive
 * with any subset of optional fields in any order; V8 gives each combination its own hidden
 * class, and the engine's hot path would then read every field through slow megamorphic
 * lookups. One shape keeps those reads fast.
 */
export function normalizeFacts<T extends FactsShapeOutput>(f: T & PayoutExtras): T {
  const normalized: FactsShapeOutput & PayoutExtras = {
    tenantId: f.tenantId,
    customerName: f.customerName,
    programId: f.programId,
    asOfDate: f.asOfDate,
    workload: f.workload,
    paidAvailableUnits: f.paidAvailableUnits,
    monthlyActiveUsers: f.monthlyActiveUsers,
    licenseProgram: f.licenseProgram,
    cloud: f.cloud,
    segment: f.segment,
    country: f.country,
    associationType: f.associationType,
    partnerId: f.partnerId,
    claimingPartnerId: f.claimingPartnerId,
    claimDate: f.claimDate,
    claimApprovedDate: f.claimApprovedDate,
    claimId: f.claimId,
    highWaterMark: f.highWaterMark,
    paidAvailableUnitsAtClaim: f.paidAvailableUnitsAtClaim,
    usageHistory: f.usageHistory,
    poeAcknowledgementDate: f.poeAcknowledgementDate,
    market: f.market,
    milestonesPaid: f.milestonesPaid,
    paidToDateCents: f.paidToDateCents,
  };
  return normalized as T;
}

export const WorkloadFactsSchema = FactsObject.check(checkFacts).transform((f) => normalizeFacts(f));
export type WorkloadFacts = z.output<typeof WorkloadFactsSchema>;
export type WorkloadFactsInput = z.input<typeof WorkloadFactsSchema>;

/** The baseline a claim is measured against (R3). */
export interface Baseline {
  /** True when a claim was filed; false when the baseline is that of a claim filed on asOfDate. */
  filed: boolean;
  /** Claim date, or asOfDate for a claim not yet filed. */
  claimDate: IsoDate;
  /** The HWM at claim (active users, paid users only). */
  highWaterMark: number;
  /** PAU at claim. */
  paidAvailableUnits: number;
  /** HWM / PAU at claim, null without paid seats. */
  usagePct: number | null;
  /** Where the HWM comes from (for the explanation). */
  source: BaselineSource;
  /** The month of the HWM when it comes from the usage history. */
  sourceMonth: string | null;
}

export type BaselineSource = 'current-usage' | 'usage-history' | 'given-hwm' | 'claim' | 'below-seat-minimum';

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

/** Usage % of `users` over `seats`, users capped at seats; null without seats. */
export function pctOf(users: number, seats: number): number | null {
  if (seats === 0) return null;
  return toPct(users > seats ? seats : users, seats);
}

function baselineFor(program: Program, f: WorkloadFacts, history: readonly UsageMonth[]): Baseline {
  if (f.claimDate === undefined) {
    // A claim filed today: its baseline is the HWM of the counting months, this month included.
    const countsNow = f.paidAvailableUnits >= program.seatMinimum;
    let hwm = countsNow ? (f.monthlyActiveUsers > f.paidAvailableUnits ? f.paidAvailableUnits : f.monthlyActiveUsers) : 0;
    let source: BaselineSource = 'current-usage';
    let sourceMonth: string | null = null;
    if (history.length > 0) {
      const h = highWaterMarkFor(program, history, { throughMonth: monthOf(f.asOfDate) }, false);
      if (h.highWaterMark > hwm) {
        hwm = h.highWaterMark;
        source = 'usage-history';
        sourceMonth = h.month;
      }
    }
    if (f.highWaterMark !== undefined && f.highWaterMark > hwm) {
      hwm = f.highWaterMark;
      source = 'given-hwm';
    }
    const pct = pctOf(hwm, f.paidAvailableUnits);
    return { filed: false, claimDate: f.asOfDate, highWaterMark: hwm, paidAvailableUnits: f.paidAvailableUnits, usagePct: pct, source: countsNow ? source : 'below-seat-minimum', sourceMonth };
  }
  const claimMonth = monthOf(f.claimDate);
  let hwm: number;
  let source: BaselineSource = 'claim';
  let sourceMonth: string | null = null;
  if (f.highWaterMark !== undefined) {
    hwm = f.highWaterMark;
  } else {
    const h = highWaterMarkFor(program, history, { throughMonth: claimMonth }, false);
    hwm = h.highWaterMark;
    source = 'usage-history';
    sourceMonth = h.month;
  }
  let pau = f.paidAvailableUnitsAtClaim;
  if (pau === undefined) {
    // The PAU of the latest month up to the claim (validation guarantees one exists).
    pau = f.paidAvailableUnits;
    for (let i = history.length - 1; i >= 0; i--) {
      const m = history[i]!;
      if (m.month <= claimMonth) {
        pau = m.paidAvailableUnits;
        break;
      }
    }
  }
  // No cap at the claim's PAU: the HWM is the highest counting MAU (each month's capped at its
  // own PAU), and later months are paid against it (DOMAIN: HWM month by month), so a claim
  // given as figures and as months keep the same HWM.
  // One claim, one answer (DOMAIN decisions): a claim filed while PAU was below the seat
  // minimum counts for nothing, whether given as figures or as months (those months do not
  // count), so its baseline is 0 either way.
  if (pau < program.seatMinimum) {
    hwm = 0;
    source = 'below-seat-minimum';
    sourceMonth = null;
  }
  return { filed: true, claimDate: f.claimDate, highWaterMark: hwm, paidAvailableUnits: pau, usagePct: pctOf(hwm, pau), source, sourceMonth };
}

/** The BASELINE_AT_CLAIM reason: what the baseline is and where it comes from. */
export function baselineReason(program: Program, b: Baseline): Reason {
  return reason('BASELINE_AT_CLAIM', () => {
    const hwm = formatCount(b.highWaterMark);
    const of = b.usagePct === null ? 'with no paid seats' : `${formatPct(b.usagePct)} of ${formatCount(b.paidAvailableUnits)} paid seats`;
    switch (b.source) {
      case 'below-seat-minimum':
        if (b.filed) {
          return `The ${b.claimDate} claim was filed with PAU ${formatCount(b.paidAvailableUnits)}, below the ${formatCount(program.seatMinimum)} seat minimum: usage then counts for nothing, so its baseline HWM is 0 active users; only growth after approval earns.`;
        }
        return `Below the ${formatCount(program.seatMinimum)} seat minimum usage counts for nothing: once PAU reaches it, the baseline of a claim is the HWM of the months at or above it${b.highWaterMark > 0 ? ` (${hwm} active users so far)` : ''}.`;
      case 'current-usage':
      case 'usage-history':
      case 'given-hwm':
        if (!b.filed) {
          const from = b.source === 'current-usage' ? 'current usage' : b.source === 'given-hwm' ? 'the given prior HWM' : `the ${b.sourceMonth} high of the usage history`;
          return `A claim filed on ${b.claimDate} would have a baseline HWM of ${hwm} active users (${from}), ${of}.`;
        }
        return `The ${b.claimDate} claim has a baseline HWM of ${hwm} active users (${b.sourceMonth ? `the ${b.sourceMonth} high of the months up to the claim that count` : 'no month up to the claim counts'}), ${of} at claim; only growth after approval earns.`;
      case 'claim':
        return `The ${b.claimDate} claim has a baseline HWM of ${hwm} active users (the prior HWM on the claim), ${of} at claim; only growth after approval earns.`;
    }
  });
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
