/**
 * CPOR eligibility of a customer workload for a program on a date (R1, R3, R4, R5, R7, R9):
 * program active, workload in the program and not retired, cloud and geography not excluded,
 * seat minimum met, association allowed for the license program, no other partner's claim,
 * and something left to earn above the baseline at claim. Every check runs, so the verdict
 * lists every reason at once, blocking ones first.
 */
import { withFiguresReasons } from './programs/figuresNotice';
import { monthOf } from './dates';
import { parseWith } from './errors';
import { baselineReason, type Baseline } from './baseline';
import { contextFor, WorkloadFactsSchema, type WorkloadContext, type WorkloadFactsInput } from './facts';
import { usageReasons } from './usagePct';
import { defaultCatalog, type Catalog } from './programs/catalog';
import type { Program } from './programs/schema';
import { because } from './eligibilityReasons';
import { reasonsJson, type Reason, type ReasonCode, type ReasonJson } from './reasons';
import { seatMinimumReason } from './seatMinimum';
import { sizeBandReason } from './sizeBand';
import { earningsStopDate, monthEndsBeforeStop } from './payout/earningMonths';
import { perUserOpportunity } from './payout/opportunityUnits';

/**
 * Blocking reasons no waiting can fix: they stop all earnings. The other blocking reasons
 * (seat minimum, milestones already reached, no room above the HWM, time since the claim,
 * program year) are decided month by month or milestone by milestone when paying.
 */
export const STOPS_ALL_EARNINGS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'WORKLOAD_NOT_IN_PROGRAM',
  'WORKLOAD_RETIRED',
  'WORKLOAD_PAYS_NO_INCENTIVE',
  'EXCLUDED_CLOUD',
  'EXCLUDED_GEOGRAPHY',
  'LICENSE_PROGRAM_NOT_ALLOWED',
  'ASSOCIATION_NOT_ALLOWED',
  'DPOR_NOT_FOR_LICENSE_PROGRAM',
  'CSP_TIER_NOT_FOR_LICENSE_PROGRAM',
  'WORKLOAD_CLAIMED_BY_OTHER_PARTNER',
]);

/** Reason codes that make a workload ineligible: those that stop all earnings, and the rest. */
export const BLOCKING_CODES: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  ...STOPS_ALL_EARNINGS,
  'PROGRAM_NOT_ACTIVE',
  'BELOW_SEAT_MINIMUM',
  'USAGE_ABOVE_MILESTONE_AT_CLAIM',
  'NO_ROOM_ABOVE_HWM',
  'COMPENSABLE_UNITS_USED_UP',
  'MAX_TIME_SINCE_CLAIM_REACHED',
]);

export interface EarnableMilestone {
  number: number;
  usagePct: number;
  /** Active users needed at today's PAU to reach it. */
  activeUsersNeeded: number;
  /** What it pays at today's band, in cents (0 below the seat minimum). */
  amountCents: number;
}

export interface EligibilityVerdict {
  eligible: boolean;
  programId: string;
  programName: string;
  workload: string;
  workloadId: string | null;
  sizeBand: string;
  usagePct: number | null;
  seatMinimum: number;
  /** Paid seats still missing to reach the seat minimum (0 when met). */
  seatsToGo: number;
  /** The baseline at claim (R3): the claim's, or that of a claim filed on asOfDate. */
  baseline: Baseline;
  /** Milestone-style programs: milestones still earnable on this claim. */
  earnableMilestones: EarnableMilestone[];
  /** Per-user programs: PAU minus the prior HWM today, within the compensable units still unpaid (payout/opportunityUnits.ts). */
  opportunityUnits: number | null;
  currency: string;
  /** Why, blocking reasons first; written when first read. */
  readonly reasons: Reason[];
  /** True when a rule no waiting can fix stops all earnings (cloud, workload, association...). */
  readonly stopsAllEarnings: boolean;
  /** The verdict as JSON carries it, reasons written. */
  toJSON(): EligibilityVerdictJson;
}

export type EligibilityVerdictJson = Omit<EligibilityVerdict, 'stopsAllEarnings' | 'toJSON' | 'reasons'> & { reasons: ReasonJson[] };

const palNotes = new WeakMap<Catalog, Map<string, string | null>>();

/** The PAL-only usage rule of the recognition data that covers a workload, if any (R9). */
function palOnlyNote(catalog: Catalog, workloadId: string): string | null {
  let notes = palNotes.get(catalog);
  if (notes === undefined) {
    notes = new Map();
    palNotes.set(catalog, notes);
  }
  let note = notes.get(workloadId);
  if (note === undefined) {
    note = findPalOnlyNote(catalog, workloadId);
    notes.set(workloadId, note);
  }
  return note;
}

function findPalOnlyNote(catalog: Catalog, workloadId: string): string | null {
  const groups = catalog.recognition.productGroups.filter((g) => g.workloads.includes(workloadId)).map((g) => g.id);
  const usageRules = catalog.recognition.rules.filter((r) => r.metric === 'usage' && r.productGroups.some((g) => groups.includes(g)));
  if (usageRules.length > 0 && usageRules.every((r) => r.associationTypes.length === 1 && r.associationTypes[0] === 'PAL')) {
    return usageRules[0]?.note ?? 'Its usage is credited through Partner Admin Link (PAL), not CPOR.';
  }
  return null;
}

/** The program's retirement entry for a workload, if it retired it. */
function retiredEntry(program: Program, workloadId: string): Program['retiredWorkloads'][number] | undefined {
  const retired = program.retiredWorkloads;
  for (let i = 0; i < retired.length; i++) if (retired[i]!.workload === workloadId) return retired[i];
  return undefined;
}

/** Blocking reasons first, then the others (a loop: Array.concat is slow on the hot path). */
function appendTo(first: Reason[], rest: readonly Reason[]): Reason[] {
  for (let i = 0; i < rest.length; i++) first.push(rest[i]!);
  return first;
}

/** Where an assessment writes its reasons when asked to explain itself. */
interface Explanation {
  blocking: Reason[];
  info: Reason[];
}

interface Assessment {
  blocked: boolean;
  /** A reason no waiting can fix stops all earnings (see STOPS_ALL_EARNINGS). */
  stopsAllEarnings: boolean;
  workloadName: string;
  bandName: string;
  seatsMet: boolean;
  earnableMilestones: EarnableMilestone[];
  opportunityUnits: number | null;
}

/**
 * Every eligibility check, in one place. Without `out` it only decides (the fast path of
 * batches: no reason objects, no text); with `out` it also writes every reason, blocking ones
 * and informative ones. Both runs take the same branches, so the explanation always matches
 * the decision.
 */
function assess(catalog: Catalog, ctx: WorkloadContext, out: Explanation | null): Assessment {
  // No closures here: the sentences live in eligibilityReasons.ts and are only built when
  // explaining, so deciding allocates nothing but the verdict.
  const f = ctx.facts;
  const program = ctx.program;
  const workload = ctx.workload;
  const baseline = ctx.baseline;
  let blocked = false;
  let stopsAll = false;

  // Program year (the date decides which year applies).
  if (!ctx.programActive) {
    blocked = true;
    out?.blocking.push(because.programNotActive(program, f.asOfDate, catalog.programOnDate(program.family, f.asOfDate)));
  } else {
    out?.info.push(because.programActive(program, f.asOfDate));
  }

  // Workload.
  const workloadName = workload ? workload.name : f.workload;
  if (!workload) {
    blocked = stopsAll = true;
    out?.blocking.push(because.unknownWorkload(catalog, program, f.workload));
  } else {
    const retired = retiredEntry(program, workload.id);
    if (retired) {
      blocked = stopsAll = true;
      out?.blocking.push(because.workloadRetired(program, workload, retired));
    } else if (!program.workloads.includes(workload.id)) {
      blocked = stopsAll = true;
      out?.blocking.push(because.workloadNotInProgram(catalog, program, workload));
      const pal = out ? palOnlyNote(catalog, workload.id) : null;
      if (pal) out?.info.push(because.creditedThroughPal(pal));
    } else if (program.recognitionOnlyWorkloads.includes(workload.id)) {
      blocked = stopsAll = true;
      out?.blocking.push(because.paysNoIncentive(program, workload));
    } else {
      out?.info.push(because.workloadInProgram(program, workload));
    }
  }

  // Cloud and geography (R7).
  if (program.excludedClouds.includes(f.cloud)) {
    blocked = stopsAll = true;
    out?.blocking.push(because.excludedCloud(program, f.cloud));
  } else if (f.cloud !== 'Commercial') {
    out?.info.push(because.cloudIncluded(program, f.cloud));
  }
  if (f.country !== undefined && program.excludedCountries.includes(f.country)) {
    blocked = stopsAll = true;
    out?.blocking.push(because.excludedGeography(program, f.country));
  }

  // Seats (R1), band (R2), usage.
  const seatsMet = f.paidAvailableUnits >= program.seatMinimum;
  if (!seatsMet) blocked = true;
  const bandName = ctx.bandIndex >= 0 ? program.sizeBands[ctx.bandIndex]!.name : program.belowMinimumBand;
  // The seat reason is written once every rule no purchase can fix is known (below): its
  // place is kept so the reasons read in the same order.
  const seatList = out ? (seatsMet ? out.info : out.blocking) : null;
  const seatAt = seatList ? seatList.length : 0;
  if (out) {
    out.info.push(sizeBandReason(program, f.paidAvailableUnits, ctx.bandIndex));
    for (const r of usageReasons(ctx.usage, f.segment)) out.info.push(r);
  }

  // Who may claim (R9).
  if (!program.licensePrograms.includes(f.licenseProgram)) {
    blocked = stopsAll = true;
    out?.blocking.push(because.licenseProgramNotAllowed(program, f.licenseProgram));
  }
  const onlyFor = catalog.associationLicensePrograms.get(f.associationType);
  if (onlyFor !== undefined && !onlyFor.includes(f.licenseProgram)) {
    blocked = stopsAll = true;
    out?.blocking.push(because.associationOnlyFor(f.associationType, onlyFor, f.licenseProgram));
  }
  if (!program.associationTypes.includes(f.associationType)) {
    blocked = stopsAll = true;
    out?.blocking.push(because.associationNotAllowed(program, f.associationType));
  } else {
    out?.info.push(because.associationAllowed(f.associationType, f.licenseProgram));
  }
  if (f.claimingPartnerId !== undefined && f.partnerId !== undefined && f.claimingPartnerId !== f.partnerId) {
    blocked = stopsAll = true;
    out?.blocking.push(because.claimedByOtherPartner(f.claimingPartnerId, workloadName));
  }

  if (seatList) {
    // Exclusions first (DOMAIN decisions): when a rule no purchase can fix stops earnings (an
    // excluded cloud, a retired workload, a program not active...), no message promises seats.
    // Education with MAU above PAU (DOMAIN decisions): who is active on paid seats is unknown, so
    // no seat purchase is advised either.
    const noPurchaseHelps = stopsAll || !ctx.programActive;
    const educationInflated = f.segment === 'Education' && ctx.usage.cappedAtPaidSeats;
    seatList.splice(
      seatAt,
      0,
      seatsMet
        ? seatMinimumReason(program, f.paidAvailableUnits)
        : noPurchaseHelps
          ? because.belowSeatMinimumNoPromise(program, f.paidAvailableUnits)
          : educationInflated
            ? because.belowSeatMinimumEducation(program, f.paidAvailableUnits, f.monthlyActiveUsers)
            : seatMinimumReason(program, f.paidAvailableUnits),
    );
  }

  // Something left to earn above the baseline (R3, R4, R5).
  const earnableMilestones: EarnableMilestone[] = [];
  let opportunityUnits: number | null = null;
  out?.info.push(baselineReason(program, baseline));
  const payout = program.payout;
  if (blocked) {
    // Already ineligible (below the seat minimum, excluded, not in the program...): what could
    // be earned is not the question yet, and amounts here would only mislead.
  } else if (payout.style === 'milestone') {
    const bandAmounts = ctx.bandIndex >= 0 ? payout.amountsCents[bandName] : undefined;
    for (let i = 0; i < payout.milestones.length; i++) {
      const m = payout.milestones[i]!;
      // Exact integer comparison: HWM / PAU < pct / 100.
      const earnable = baseline.paidAvailableUnits > 0 && baseline.highWaterMark * 100 < m.usagePct * baseline.paidAvailableUnits;
      if (earnable) {
        const needed = Math.ceil((m.usagePct * f.paidAvailableUnits) / 100);
        const amount = bandAmounts?.[i] ?? 0;
        earnableMilestones.push({ number: m.number, usagePct: m.usagePct, activeUsersNeeded: needed, amountCents: amount });
        out?.info.push(because.milestoneEarnable(program, m, baseline.usagePct, needed, f.paidAvailableUnits, bandAmounts ? amount : null, bandName));
      } else if (baseline.paidAvailableUnits > 0) {
        out?.info.push(because.milestoneReachedBeforeClaim(m, baseline.usagePct));
      }
    }
    if (earnableMilestones.length === 0) {
      blocked = true;
      out?.blocking.push(because.usageAboveMilestoneAtClaim(baseline.usagePct, payout.milestones[payout.milestones.length - 1]!.usagePct, baseline.paidAvailableUnits === 0));
    }
  } else {
    const opportunity = perUserOpportunity(ctx, payout);
    opportunityUnits = opportunity.units;
    if (opportunity.unitsLeft === 0) {
      blocked = true;
      out?.blocking.push(because.compensableUnitsUsedUp(payout.maxCompensableUnits));
    } else if (opportunityUnits === 0) {
      blocked = true;
      out?.blocking.push(because.noRoomAboveHwm(f.paidAvailableUnits, opportunity.highWaterMark));
    } else {
      out?.info.push(because.roomAboveHwm(opportunityUnits, f.paidAvailableUnits, opportunity.highWaterMark, opportunity.unitsLeft));
    }
    if (f.claimDate !== undefined) {
      // The same rule as the payout's months: the as-of month must end before the stop date.
      const stop = earningsStopDate(f.claimDate, payout.maxMonthsSinceClaim);
      if (!monthEndsBeforeStop(monthOf(f.asOfDate), stop)) {
        blocked = true;
        out?.blocking.push(because.maxTimeSinceClaim(stop, payout.maxMonthsSinceClaim, f.claimDate, f.asOfDate));
      }
    }
  }

  return { blocked, stopsAllEarnings: stopsAll, workloadName, bandName, seatsMet, earnableMilestones, opportunityUnits };
}

/**
 * A verdict decides at once and explains on demand: `reasons` are written the first time they
 * are read (or the verdict is serialised), by running the same checks again with a pen. A
 * batch that only needs the decision never builds them.
 */
class Verdict implements EligibilityVerdict {
  readonly eligible: boolean;
  readonly programId: string;
  readonly programName: string;
  readonly workload: string;
  readonly workloadId: string | null;
  readonly sizeBand: string;
  readonly usagePct: number | null;
  readonly seatMinimum: number;
  readonly seatsToGo: number;
  readonly baseline: EligibilityVerdict['baseline'];
  readonly earnableMilestones: EarnableMilestone[];
  readonly opportunityUnits: number | null;
  readonly currency: string;
  readonly #catalog: Catalog;
  readonly #ctx: WorkloadContext;
  readonly #stopsAllEarnings: boolean;
  #reasons: Reason[] | null = null;

  constructor(catalog: Catalog, ctx: WorkloadContext, a: Assessment) {
    const { program, baseline, facts: f } = ctx;
    this.eligible = !a.blocked;
    this.programId = program.id;
    this.programName = program.name;
    this.workload = a.workloadName;
    this.workloadId = ctx.workload ? ctx.workload.id : null;
    this.sizeBand = a.bandName;
    this.usagePct = ctx.usage.usagePct;
    this.seatMinimum = program.seatMinimum;
    this.seatsToGo = a.seatsMet ? 0 : program.seatMinimum - f.paidAvailableUnits;
    this.baseline = baseline;
    this.earnableMilestones = a.earnableMilestones;
    this.opportunityUnits = a.opportunityUnits;
    this.currency = program.currency;
    this.#catalog = catalog;
    this.#ctx = ctx;
    this.#stopsAllEarnings = a.stopsAllEarnings;
  }

  get reasons(): Reason[] {
    if (this.#reasons === null) {
      const out: Explanation = { blocking: [], info: [] };
      assess(this.#catalog, this.#ctx, out);
      this.#reasons = withFiguresReasons(out.blocking.length === 0 ? out.info : appendTo(out.blocking, out.info), this.#ctx.program);
    }
    return this.#reasons;
  }

  /** True when a rule no waiting can fix stops all earnings (cloud, workload, association...). */
  get stopsAllEarnings(): boolean {
    return this.#stopsAllEarnings;
  }

  toJSON(): EligibilityVerdictJson {
    return {
      eligible: this.eligible,
      programId: this.programId,
      programName: this.programName,
      workload: this.workload,
      workloadId: this.workloadId,
      sizeBand: this.sizeBand,
      usagePct: this.usagePct,
      seatMinimum: this.seatMinimum,
      seatsToGo: this.seatsToGo,
      baseline: this.baseline,
      earnableMilestones: this.earnableMilestones,
      opportunityUnits: this.opportunityUnits,
      currency: this.currency,
      reasons: reasonsJson(this.reasons),
    };
  }
}

/** Eligibility from an already derived context (the engine's fast path). */
export function eligibilityFrom(catalog: Catalog, ctx: WorkloadContext): EligibilityVerdict {
  return new Verdict(catalog, ctx, assess(catalog, ctx, null));
}

export const EligibilityInputSchema = WorkloadFactsSchema;
export type EligibilityInput = WorkloadFactsInput;

/**
 * May this customer workload be claimed (and earn) under the program on the date, and why.
 * @example checkEligibility({ programId: 'security-usage', asOfDate: '2025-03-31', workload: 'MDE',
 *   paidAvailableUnits: 149, monthlyActiveUsers: 20 }).reasons[0].message
 * // => "PAU 149 is below the 150 seat minimum of Security usage FY25; 1 more paid seat makes it eligible."
 */
export function checkEligibility(input: EligibilityInput, catalog: Catalog = defaultCatalog): EligibilityVerdict {
  const facts = parseWith(WorkloadFactsSchema, input);
  return eligibilityFrom(catalog, contextFor(catalog, facts));
}
