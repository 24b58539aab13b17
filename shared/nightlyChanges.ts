/**
 * What the nightly run looks for: a workload's state as one night sees it, and the changes
 * between the state stored last time and tonight's that an ops team must act on. Pure: the
 * nightly function reads and writes the states, this module only compares them.
 *
 * Kinds of change (with the reason code that opens each event's reasons):
 * - crossed-seat-minimum (SEAT_MINIMUM_CROSSED): PAU reached the seat minimum: claim now,
 *   while usage is low (months below the minimum do not count toward the baseline).
 * - band-step-up (BAND_STEPPED_UP): a larger size band: a larger amount is now earnable.
 * - milestone-reached (MILESTONE_REACHED): usage reached a milestone still earnable on the claim.
 * - usage-rising-before-claim (USAGE_RISING_BEFORE_CLAIM): more active users and no claim
 *   filed: each one raises the baseline; claim now.
 * - re-claim-opportunity (RECLAIM_OPPORTUNITY): usage % far below the claim's baseline (R8).
 * - poe-expiring / poe-expired (POE_EXPIRING / POE_EXPIRED): the acknowledgement turns (or
 *   turned) too old.
 * - program-year-ending (PROGRAM_YEAR_ENDING): the program year ends within 30 days.
 * - excluded (NOW_EXCLUDED): a rule no waiting can fix now stops earnings (a cloud changed to
 *   GCC High, a country, a license program...).
 * - partner-of-record-lost (PARTNER_OF_RECORD_LOST): another partner now holds the claim.
 *
 * A workload seen for the first time raises only the kinds that describe a state worth acting
 * on (re-claim, POE, program year); the others need a before to cross from.
 */
import { claimAdviceFrom, type ClaimAction } from './claimAdvice';
import { addMonthsIso, daysBetween } from './dates';
import { eligibilityFrom, STOPS_ALL_EARNINGS } from './eligibility';
import { contextFor, type WorkloadFacts } from './facts';
import { formatCount, formatPct, plural } from './format';
import type { Catalog } from './programs/catalog';
import { reason, reasonsJson, type Reason, type ReasonJson } from './reasons';

export const CHANGE_KINDS = [
  'crossed-seat-minimum',
  'band-step-up',
  'milestone-reached',
  'usage-rising-before-claim',
  're-claim-opportunity',
  'poe-expiring',
  'poe-expired',
  'program-year-ending',
  'excluded',
  'partner-of-record-lost',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Days before the end of a program year when the nightly says it is ending. */
export const PROGRAM_YEAR_ENDING_DAYS = 30;

/** What one night remembers of a workload (stored with it as JSON). */
export interface WorkloadState {
  asOfDate: string;
  programId: string;
  eligible: boolean;
  belowSeatMinimum: boolean;
  seatMinimum: number;
  bandIndex: number;
  sizeBand: string;
  usagePct: number | null;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  claimFiled: boolean;
  /** Milestones earnable on the claim that usage has reached. */
  milestonesReached: number[];
  advice: ClaimAction;
  poe: 'none' | 'ok' | 'expiring' | 'expired';
  poeExpiresOn: string | null;
  programYearEnd: string;
  programYearEnding: boolean;
  /** Codes of rules no waiting can fix that stop all earnings (another partner's claim aside). */
  stops: string[];
  /** False when another partner holds the claim. */
  partnerOfRecord: boolean;
}

/** The part of a state an event shows as before and after. */
export interface StateSummary {
  eligible: boolean;
  sizeBand: string;
  usagePct: number | null;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  advice: ClaimAction;
}

export interface ChangeEvent {
  kind: ChangeKind;
  before: StateSummary | null;
  after: StateSummary;
  /** The change in a sentence first, then the verdict's reasons. */
  reasons: ReasonJson[];
  advice: { action: ClaimAction; reasons: ReasonJson[] };
}

export interface NightlyEvaluation {
  state: WorkloadState;
  changes: ChangeEvent[];
}

/** Rules that stop all earnings, but another partner's claim (a kind of its own). */
const EXCLUSIONS = [...STOPS_ALL_EARNINGS].filter((c) => c !== 'WORKLOAD_CLAIMED_BY_OTHER_PARTNER');

function summary(s: WorkloadState): StateSummary {
  return { eligible: s.eligible, sizeBand: s.sizeBand, usagePct: s.usagePct, paidAvailableUnits: s.paidAvailableUnits, monthlyActiveUsers: s.monthlyActiveUsers, advice: s.advice };
}

/** True when two states differ in anything a night compares (the date aside). */
export function sameState(a: WorkloadState | null, b: WorkloadState): boolean {
  if (a === null) return false;
  const { asOfDate: _a, ...restA } = a;
  const { asOfDate: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/**
 * Evaluate validated facts for a night and compare with the state stored last time.
 * @example reevaluate(catalog, facts, null).changes // => [] for a quiet new workload
 */
export function reevaluate(catalog: Catalog, facts: WorkloadFacts, before: WorkloadState | null): NightlyEvaluation {
  const ctx = contextFor(catalog, facts);
  const verdict = eligibilityFrom(catalog, ctx);
  const advice = claimAdviceFrom(catalog, ctx, verdict);
  const { program } = ctx;
  const codes = new Set(verdict.reasons.map((r) => r.code));
  const milestonesReached: number[] = [];
  if (program.payout.style === 'milestone' && facts.claimDate !== undefined && verdict.usagePct !== null) {
    for (const m of verdict.earnableMilestones) if (verdict.usagePct >= m.usagePct) milestonesReached.push(m.number);
  }
  let poe: WorkloadState['poe'] = 'none';
  let poeExpiresOn: string | null = null;
  if (facts.poeAcknowledgementDate !== undefined) {
    poeExpiresOn = addMonthsIso(facts.poeAcknowledgementDate, program.poe.acknowledgementMaxAgeMonths);
    const daysLeft = daysBetween(facts.asOfDate, poeExpiresOn);
    poe = daysLeft <= 0 ? 'expired' : daysLeft <= program.advice.poeExpiryWarningDays ? 'expiring' : 'ok';
  }
  const daysToYearEnd = daysBetween(facts.asOfDate, program.programYear.end);
  const state: WorkloadState = {
    asOfDate: facts.asOfDate,
    programId: program.id,
    eligible: verdict.eligible,
    belowSeatMinimum: facts.paidAvailableUnits < program.seatMinimum,
    seatMinimum: program.seatMinimum,
    bandIndex: ctx.bandIndex,
    sizeBand: verdict.sizeBand,
    usagePct: verdict.usagePct,
    paidAvailableUnits: facts.paidAvailableUnits,
    monthlyActiveUsers: facts.monthlyActiveUsers,
    claimFiled: facts.claimDate !== undefined,
    milestonesReached,
    advice: advice.action,
    poe,
    poeExpiresOn,
    programYearEnd: program.programYear.end,
    programYearEnding: ctx.programActive && daysToYearEnd >= 0 && daysToYearEnd <= PROGRAM_YEAR_ENDING_DAYS,
    stops: EXCLUSIONS.filter((c) => codes.has(c)),
    partnerOfRecord: !codes.has('WORKLOAD_CLAIMED_BY_OTHER_PARTNER'),
  };

  const found: Array<{ kind: ChangeKind; why: Reason }> = [];
  const add = (kind: ChangeKind, why: Reason) => found.push({ kind, why });
  const b = before;
  const a = state;
  if (b !== null) {
    if (b.belowSeatMinimum && !a.belowSeatMinimum && a.stops.length === 0) {
      add('crossed-seat-minimum', reason('SEAT_MINIMUM_CROSSED', `PAU went from ${formatCount(b.paidAvailableUnits)} to ${formatCount(a.paidAvailableUnits)}, reaching the ${formatCount(a.seatMinimum)} seat minimum: claim now, while usage is ${a.usagePct === null ? 'unknown' : formatPct(a.usagePct)}; the months below the minimum do not count toward the baseline.`));
    } else if (!b.belowSeatMinimum && a.bandIndex > b.bandIndex && a.stops.length === 0) {
      add('band-step-up', reason('BAND_STEPPED_UP', `PAU went from ${formatCount(b.paidAvailableUnits)} to ${formatCount(a.paidAvailableUnits)}: band ${b.sizeBand} to band ${a.sizeBand}, so a larger amount is earnable.`));
    }
    for (const n of a.milestonesReached) {
      if (!b.milestonesReached.includes(n)) add('milestone-reached', reason('MILESTONE_REACHED', `Usage reached ${a.usagePct === null ? '' : formatPct(a.usagePct)}: milestone ${n} is reached on the claim.`));
    }
    // Rising usage right after crossing the minimum is part of that event, not another one.
    if (!a.claimFiled && a.advice === 'claim-now' && a.monthlyActiveUsers > b.monthlyActiveUsers && !a.belowSeatMinimum && !b.belowSeatMinimum) {
      add('usage-rising-before-claim', reason('USAGE_RISING_BEFORE_CLAIM', `Active users rose from ${formatCount(b.monthlyActiveUsers)} to ${formatCount(a.monthlyActiveUsers)} and no claim is filed: each one raises the baseline; claim now.`));
    }
    const newStops = a.stops.filter((c) => !b.stops.includes(c));
    if (newStops.length > 0 && b.stops.length === 0) {
      add('excluded', reason('NOW_EXCLUDED', `It can no longer earn: ${newStops.join(', ')} (see the reasons).`));
    }
    if (b.partnerOfRecord && !a.partnerOfRecord) add('partner-of-record-lost', reason('PARTNER_OF_RECORD_LOST', 'Another partner now holds the claim on this workload: it no longer earns for us.'));
  }
  if (a.advice === 're-claim' && b?.advice !== 're-claim') {
    add('re-claim-opportunity', reason('RECLAIM_OPPORTUNITY', `Usage is ${a.usagePct === null ? 'unknown' : formatPct(a.usagePct)}, far below the claim's baseline: disassociate and claim again to reset it (say why in the claim comments).`));
  }
  if (a.poe === 'expiring' && b?.poe !== 'expiring') {
    add('poe-expiring', reason('POE_EXPIRING', `The POE acknowledgement turns too old on ${a.poeExpiresOn} (${plural(daysBetween(a.asOfDate, a.poeExpiresOn!), 'day', 'days')} left): claim before then or refresh it.`));
  }
  if (a.poe === 'expired' && b?.poe !== 'expired') {
    add('poe-expired', reason('POE_EXPIRED', `The POE acknowledgement turned too old on ${a.poeExpiresOn}: get a new signed customer acknowledgement.`));
  }
  if (a.programYearEnding && !(b?.programYearEnding === true && b.programId === a.programId)) {
    add('program-year-ending', reason('PROGRAM_YEAR_ENDING', `The program year ends on ${a.programYearEnd} (${plural(daysToYearEnd, 'day', 'days')} left): claims and POE for this year must be in before then.`));
  }

  const verdictReasons = found.length > 0 ? reasonsJson(verdict.reasons) : [];
  const adviceJson = found.length > 0 ? { action: advice.action, reasons: reasonsJson(advice.reasons) } : { action: advice.action, reasons: [] };
  const changes = found.map(({ kind, why }) => ({ kind, before: b === null ? null : summary(b), after: summary(a), reasons: [why.toJSON(), ...verdictReasons], advice: adviceJson }));
  return { state, changes };
}
