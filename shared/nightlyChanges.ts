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
 * - no-longer-claimable (NO_LONGER_CLAIMABLE): no claim is filed and the workload went from
 *   eligible to not eligible (usage passed the last milestone, seats fell below the minimum...),
 *   with the reason and what a claim would have earned (`lostCents`).
 * - nothing-left-to-earn (NOTHING_LEFT_TO_EARN): a filed claim that could still earn can no
 *   longer (every milestone reached or blocked, the maximum time since the claim...), with the
 *   reason and what is lost (`lostCents`, or opportunity units where the rate is unknown).
 * - earnings-missing (EARNINGS_MISSING): the 16th of the next month passed without the
 *   predicted earnings (reconciliation with the imported earnings: shared/earnings);
 * - dispute-deadline (DISPUTE_DEADLINE): a dispute window closes within 14 days;
 * - overpaid (OVERPAID): more was paid than predicted, a clawback risk.
 *   These three come from the findings the caller passes in; a month raises each once.
 *
 * Events describe the night's net change: a workload evaluated twice on the same night (facts
 * changed during the day, a run started again) is compared with the state stored at the end of
 * the previous night, not with the first evaluation of this night. So XS to M then M to L is
 * one event, XS to L, and an event that no longer holds (M back to XS) is listed in
 * `retracted`. Why net rather than both: the feed is read the next morning to act on the state
 * the workload is in now; a step that was undone or overtaken the same night would only ask
 * someone to act on a state that no longer exists. The caller replaces the night's event of
 * each kind and removes the retracted ones (its keys are night, tenant, workload and kind).
 *
 * A workload seen for the first time raises only the kinds that describe a state worth acting
 * on (re-claim, POE, program year); the others need a before to cross from.
 */
import { amountLeftToEarn } from './leftToEarn';
import { claimAdviceFrom, type ClaimAction, type ClaimAdvice } from './claimAdvice';
import { acknowledgementAge } from './acknowledgementAge';
import { daysBetween } from './dates';
import { eligibilityFrom, STOPS_ALL_EARNINGS, type EligibilityVerdict } from './eligibility';
import { contextFor, type WorkloadFacts } from './facts';
import { formatCount, formatMoney, formatPct, plural } from './format';
import { milestonePayoutFrom } from './payout/milestonePayout';
import type { Catalog } from './programs/catalog';
import { reason, reasonsJson, type Reason, type ReasonJson } from './reasons';
import type { ReconciliationFinding } from './earnings/findings';

/** What reconciliation found for a workload on a night: the months of each finding, with their amounts. */
export interface EarningsState {
  'earnings-missing': EarningsMonth[];
  'dispute-deadline': EarningsMonth[];
  overpaid: EarningsMonth[];
}
export interface EarningsMonth {
  month: string;
  amountCents: number;
  disputeBy: string | null;
  /** A claim's deadline (a rejection to dispute, Partner action required to answer): the line's sentence. */
  claim?: string;
}

/** The nightly judges what a claim earned, whatever was already paid on it. */
const NOTHING_PAID: readonly number[] = [];

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
  'no-longer-claimable',
  'nothing-left-to-earn',
  'earnings-missing',
  'dispute-deadline',
  'overpaid',
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
  /** The last claim date the acknowledgement counts for (inclusive). */
  poeExpiresOn: string | null;
  programYearEnd: string;
  programYearEnding: boolean;
  /** Codes of rules no waiting can fix that stop all earnings (another partner's claim aside). */
  stops: string[];
  /** False when another partner holds the claim. */
  partnerOfRecord: boolean;
  /**
   * What can still be earned, in cents: without a claim, what a claim filed now could earn
   * (the earnable milestones at today's band); with a claim, the payout's potential. Null for
   * per-user programs (their rate depends on the market, which the facts do not carry).
   * Absent in states stored before it existed.
   */
  toEarnCents?: number | null;
  /** Milestone claims: earned so far on the claim, in cents. */
  earnedCents?: number | null;
  /** Per-user programs: PAU minus the prior HWM. */
  opportunityUnits?: number | null;
  /** Something is left to earn (see toEarnCents and opportunityUnits). */
  leftToEarn?: boolean;
  /** Reconciliation's findings (absent when none were passed, and in states stored before it existed). */
  earnings?: EarningsState;
  /**
   * The state stored at the end of the previous night the workload was evaluated (null on its
   * first night): what a second evaluation of the same night compares with.
   */
  previousNight?: WorkloadState | null;
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
  /** no-longer-claimable and nothing-left-to-earn: what is lost, in cents, when known. */
  lostCents?: number | null;
}

export interface NightlyEvaluation {
  state: WorkloadState;
  /** The night's net changes, against the state stored at the end of the previous night. */
  changes: ChangeEvent[];
  /** Kinds an earlier evaluation of the same night raised that no longer hold: remove them. */
  retracted: ChangeKind[];
}

/** Rules that stop all earnings, but another partner's claim (a kind of its own). */
const EXCLUSIONS = [...STOPS_ALL_EARNINGS].filter((c) => c !== 'WORKLOAD_CLAIMED_BY_OTHER_PARTNER');

function summary(s: WorkloadState): StateSummary {
  return { eligible: s.eligible, sizeBand: s.sizeBand, usagePct: s.usagePct, paidAvailableUnits: s.paidAvailableUnits, monthlyActiveUsers: s.monthlyActiveUsers, advice: s.advice };
}

/** A state without the previous night it carries. */
function withoutPrevious(s: WorkloadState): WorkloadState {
  const { previousNight: _p, ...rest } = s;
  return rest;
}

/** True when two states differ in anything a night compares (the date and the previous night aside). */
export function sameState(a: WorkloadState | null, b: WorkloadState): boolean {
  if (a === null) return false;
  const { asOfDate: _a, previousNight: _pa, ...restA } = a;
  const { asOfDate: _b, previousNight: _pb, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** What tonight's evaluation adds to the sentences (absent when only the kinds are needed). */
interface Tonight {
  verdict: EligibilityVerdict;
  adviceMessage: string;
  currency: string;
}

interface Found {
  kind: ChangeKind;
  why: () => Reason;
  lostCents?: number | null;
}

function money(cents: number, currency: string): string {
  return formatMoney(cents, currency);
}

/** The first blocking reason of tonight's verdict, as a clause. */
function mainBlocking(t: Tonight): string {
  const r = t.verdict.reasons[0];
  if (!r) return 'it is not eligible';
  // Kept as written (a full sentence after the colon): it may start with a product name.
  return r.message.replace(/\.$/, '');
}

/** The changes from state `b` to state `a` (pure on the two states; `t` only writes sentences). */
function changesBetween(b: WorkloadState | null, a: WorkloadState, t: Tonight | null): Found[] {
  const found: Found[] = [];
  const add = (kind: ChangeKind, why: () => Reason, lostCents?: number | null) => found.push(lostCents === undefined ? { kind, why } : { kind, why, lostCents });
  const currency = t?.currency ?? 'USD';
  const adviceClause = () => (t ? `, but no claim is advised: ${t.adviceMessage}` : '.');
  // Earnings findings are worth acting on from the first night: each month raises its kind once.
  for (const f of earningsChanges(b?.earnings, a.earnings, a.asOfDate)) add(f.kind, f.why);
  if (b !== null) {
    if (b.belowSeatMinimum && !a.belowSeatMinimum && a.stops.length === 0) {
      add('crossed-seat-minimum', () =>
        reason(
          'SEAT_MINIMUM_CROSSED',
          a.advice === 'claim-now'
            ? { paidAvailableUnitsBefore: b.paidAvailableUnits, paidAvailableUnits: a.paidAvailableUnits, seatMinimum: a.seatMinimum, usagePct: a.usagePct }
            : { paidAvailableUnitsBefore: b.paidAvailableUnits, paidAvailableUnits: a.paidAvailableUnits, seatMinimum: a.seatMinimum },
          `PAU went from ${formatCount(b.paidAvailableUnits)} to ${formatCount(a.paidAvailableUnits)}, reaching the ${formatCount(a.seatMinimum)} seat minimum${a.advice === 'claim-now' ? `: claim now, while usage is ${a.usagePct === null ? 'unknown' : formatPct(a.usagePct)}; the months below the minimum do not count toward the baseline.` : `${adviceClause()}`}`,
        ),
      );
    } else if (!b.belowSeatMinimum && a.bandIndex > b.bandIndex && a.stops.length === 0) {
      add('band-step-up', () =>
        reason(
          'BAND_STEPPED_UP',
          { paidAvailableUnitsBefore: b.paidAvailableUnits, paidAvailableUnits: a.paidAvailableUnits, bandBefore: b.sizeBand, band: a.sizeBand },
          `PAU went from ${formatCount(b.paidAvailableUnits)} to ${formatCount(a.paidAvailableUnits)}: band ${b.sizeBand} to band ${a.sizeBand}, so a larger amount is earnable.`,
        ),
      );
    }
    const newly = a.milestonesReached.filter((n) => !b.milestonesReached.includes(n));
    if (newly.length > 0) {
      // One event names every milestone reached tonight, and what each pays at today's band.
      add('milestone-reached', () => {
        const items = newly.map((n) => {
          const m = t?.verdict.earnableMilestones.find((x) => x.number === n);
          return m ? `${n} (${m.usagePct}%, ${money(m.amountCents, currency)})` : `${n}`;
        });
        return reason(
          'MILESTONE_REACHED',
          { usagePct: a.usagePct, milestones: newly, band: a.sizeBand },
          `Usage reached ${a.usagePct === null ? 'its milestone' : formatPct(a.usagePct)}: milestone${newly.length > 1 ? 's' : ''} ${items.join(' and ')} ${newly.length > 1 ? 'are' : 'is'} reached on the claim, at band ${a.sizeBand}.`,
        );
      });
    }
    // Rising usage right after crossing the minimum is part of that event, not another one.
    if (!a.claimFiled && a.advice === 'claim-now' && a.monthlyActiveUsers > b.monthlyActiveUsers && !a.belowSeatMinimum && !b.belowSeatMinimum) {
      add('usage-rising-before-claim', () =>
        reason(
          'USAGE_RISING_BEFORE_CLAIM',
          { monthlyActiveUsersBefore: b.monthlyActiveUsers, monthlyActiveUsers: a.monthlyActiveUsers },
          `Active users rose from ${formatCount(b.monthlyActiveUsers)} to ${formatCount(a.monthlyActiveUsers)} and no claim is filed: each one raises the baseline; claim now.`,
        ),
      );
    }
    const newStops = a.stops.filter((c) => !b.stops.includes(c));
    const excluded = newStops.length > 0 && b.stops.length === 0;
    if (excluded) {
      add(
        'excluded',
        () =>
          reason('NOW_EXCLUDED', { stops: newStops, ...lostParams(b) }, `It can no longer earn: ${t ? `${mainBlocking(t)} (${newStops.join(', ')})` : newStops.join(', ')}${lostText(b, currency)}.`),
        lostOf(b, a),
      );
    }
    const lostPartner = b.partnerOfRecord && !a.partnerOfRecord;
    if (lostPartner)
      add(
        'partner-of-record-lost',
        () => reason('PARTNER_OF_RECORD_LOST', lostParams(b), `Another partner now holds the claim on this workload: it no longer earns for us${lostText(b, currency)}.`),
        lostOf(b, a),
      );
    if (!excluded && !lostPartner) {
      if (!a.claimFiled && !b.claimFiled && b.eligible && !a.eligible) {
        add(
          'no-longer-claimable',
          () =>
            reason(
              'NO_LONGER_CLAIMABLE',
              lostParams(b),
              `It can no longer be claimed: ${t ? mainBlocking(t) : 'it is not eligible'}${lostText(b, currency, 'a claim filed before would have earned')}.`,
            ),
          lostOf(b, a),
        );
      } else if (a.claimFiled && b.claimFiled && b.leftToEarn === true && a.leftToEarn === false && !(newly.length > 0 && lostOf(b, a) === 0)) {
        // (Reaching the last milestones loses nothing: milestone-reached says it all.)
        const lost = lostOf(b, a);
        add(
          'nothing-left-to-earn',
          () =>
            reason(
              'NOTHING_LEFT_TO_EARN',
              lostParams(b, lost),
              `The claim has nothing left to earn: ${t ? (t.verdict.eligible ? 'every earnable milestone is reached' : mainBlocking(t)) : 'see the reasons'}${lost === 0 && b.opportunityUnits == null ? '; nothing is lost' : lostText(b, currency, 'lost', lost)}.`,
            ),
          lost,
        );
      }
    }
  }
  if (a.advice === 're-claim' && b?.advice !== 're-claim') {
    add('re-claim-opportunity', () =>
      reason(
        'RECLAIM_OPPORTUNITY',
        { usagePct: a.usagePct },
        `Usage is ${a.usagePct === null ? 'unknown' : formatPct(a.usagePct)}, far below the claim's baseline: disassociate and claim again to reset it (say why in the claim comments).`,
      ),
    );
  }
  if (a.poe === 'expiring' && b?.poe !== 'expiring') {
    const left = daysBetween(a.asOfDate, a.poeExpiresOn!);
    add('poe-expiring', () =>
      reason(
        'POE_EXPIRING',
        { lastValidDate: a.poeExpiresOn!, daysLeft: left },
        `The POE acknowledgement counts for claims filed up to ${a.poeExpiresOn} (${left === 0 ? 'today is the last day' : `${plural(left, 'day', 'days')} left`}): claim by then or refresh it.`,
      ),
    );
  }
  if (a.poe === 'expired' && b?.poe !== 'expired') {
    add('poe-expired', () =>
      reason(
        'POE_EXPIRED',
        { lastValidDate: a.poeExpiresOn! },
        `The POE acknowledgement counted for claims filed up to ${a.poeExpiresOn} and is now too old: get a new signed customer acknowledgement.`,
      ),
    );
  }
  if (a.programYearEnding && !(b?.programYearEnding === true && b.programId === a.programId)) {
    const left = daysBetween(a.asOfDate, a.programYearEnd);
    add('program-year-ending', () =>
      reason(
        'PROGRAM_YEAR_ENDING',
        { programYearEnd: a.programYearEnd, daysLeft: left },
        `The program year ends on ${a.programYearEnd} (${plural(left, 'day', 'days')} left): claims and POE for this year must be in before then.`,
      ),
    );
  }
  return found;
}

/** The figure lostText states: the money lost, or else the opportunity units that can no longer earn. */
function lostParams(b: WorkloadState, lost: number | null = b.toEarnCents ?? null): { lostCents: number | null; opportunityUnits: number | null } {
  if (lost != null && lost > 0) return { lostCents: lost, opportunityUnits: null };
  if (b.opportunityUnits != null && b.opportunityUnits > 0) return { lostCents: null, opportunityUnits: b.opportunityUnits };
  return { lostCents: null, opportunityUnits: null };
}

/** What is lost between two states, in cents: what could be earned, less what was earned meanwhile. */
function lostOf(b: WorkloadState, a: WorkloadState): number | null {
  if (b.toEarnCents == null) return null;
  const earnedTonight = b.earnedCents != null && a.earnedCents != null ? Math.max(0, a.earnedCents - b.earnedCents) : 0;
  return Math.max(0, b.toEarnCents - earnedTonight);
}

function lostText(b: WorkloadState, currency: string, what = 'lost', lost: number | null = b.toEarnCents ?? null): string {
  if (lost != null && lost > 0) return `; ${money(lost, currency)} ${what === 'lost' ? 'that could still be earned is lost' : `is lost (what ${what})`}`;
  if (b.opportunityUnits != null && b.opportunityUnits > 0) return `; ${formatCount(b.opportunityUnits)} opportunity units above the prior HWM can no longer earn`;
  return '';
}

/**
 * Evaluate validated facts for a night and compare with the state stored last time.
 * @example reevaluate(catalog, facts, null).changes // => [] for a quiet new workload
 */
export function reevaluate(catalog: Catalog, facts: WorkloadFacts, before: WorkloadState | null, findings?: readonly ReconciliationFinding[], givenAdvice?: ClaimAdvice): NightlyEvaluation {
  const ctx = contextFor(catalog, facts);
  const verdict = eligibilityFrom(catalog, ctx);
  // A tracked record's advice where its claim's status decides it (evaluateTracked.ts); the engine's otherwise.
  const advice = givenAdvice ?? claimAdviceFrom(catalog, ctx, verdict);
  const { program } = ctx;
  const codes = new Set(verdict.reasons.map((r) => r.code));
  // Reached means earned, as the payout decides it: by a month after the claim's approval (the
  // approval month earns nothing), at the exact ratio; a claim not approved has reached none.
  const milestonesReached: number[] = [];
  if (program.payout.style === 'milestone' && facts.claimDate !== undefined) {
    const rules = program.payout;
    const { earnedMask } = milestonePayoutFrom(ctx, rules, NOTHING_PAID, null);
    for (let i = 0; i < rules.milestones.length; i++) if (earnedMask & (1 << i)) milestonesReached.push(rules.milestones[i]!.number);
  }
  let poe: WorkloadState['poe'] = 'none';
  let poeExpiresOn: string | null = null;
  if (facts.poeAcknowledgementDate !== undefined) {
    const age = acknowledgementAge(facts.poeAcknowledgementDate, facts.asOfDate, program.poe.acknowledgementMaxAgeMonths);
    poeExpiresOn = age.lastValidDate;
    poe = !age.withinWindow ? 'expired' : age.daysLeft <= program.advice.poeExpiryWarningDays ? 'expiring' : 'ok';
  }
  // What is left to earn: the amounts the verdict and the payout already compute.
  const { toEarnCents, earnedCents, leftToEarn } = amountLeftToEarn(catalog, ctx, verdict);
  const daysToYearEnd = daysBetween(facts.asOfDate, program.programYear.end);
  // A second evaluation of the same night compares with the end of the previous night.
  const sameNight = before !== null && before.asOfDate === facts.asOfDate && before.previousNight !== undefined;
  const base = sameNight ? before.previousNight! : before;
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
    toEarnCents,
    earnedCents,
    opportunityUnits: verdict.opportunityUnits,
    leftToEarn,
    previousNight: base === null ? null : withoutPrevious(base),
  };
  if (findings !== undefined && findings.length > 0) state.earnings = earningsStateOf(findings);

  const found = changesBetween(base, state, { verdict, adviceMessage: advice.message, currency: program.currency });
  const retracted: ChangeKind[] = [];
  if (sameNight) {
    const now = new Set(found.map((f) => f.kind));
    for (const f of changesBetween(base, before, null)) if (!now.has(f.kind)) retracted.push(f.kind);
  }
  const verdictReasons = found.length > 0 ? reasonsJson(verdict.reasons) : [];
  const adviceJson = found.length > 0 ? { action: advice.action, reasons: reasonsJson(advice.reasons) } : { action: advice.action, reasons: [] };
  const changes = found.map(({ kind, why, lostCents }): ChangeEvent => {
    const event: ChangeEvent = { kind, before: base === null ? null : summary(base), after: summary(state), reasons: [why().toJSON(), ...verdictReasons], advice: adviceJson };
    if (lostCents !== undefined) event.lostCents = lostCents;
    return event;
  });
  return { state, changes, retracted };
}

/** The findings of a night as a state keeps them, by kind. */
function earningsStateOf(findings: readonly ReconciliationFinding[]): EarningsState {
  const state: EarningsState = { 'earnings-missing': [], 'dispute-deadline': [], overpaid: [] };
  for (const f of findings) {
    const month: EarningsMonth = { month: f.line.month, amountCents: f.amountCents, disputeBy: f.deadline };
    if (f.line.status === 'claim-rejected' || f.line.status === 'claim-action-required') month.claim = f.line.message;
    state[f.kind === 'missing-earnings' ? 'earnings-missing' : f.kind].push(month);
  }
  return state;
}

/** Months of each earnings kind found tonight and not the night before, as events. */
function earningsChanges(before: EarningsState | undefined, after: EarningsState | undefined, asOfDate: string): Found[] {
  if (after === undefined) return [];
  const found: Found[] = [];
  for (const kind of ['earnings-missing', 'dispute-deadline', 'overpaid'] as const) {
    // A month raises its kind once; a claim's deadline once per deadline (a new status sets a new one).
    const keyOf = (m: EarningsMonth) => (m.claim === undefined ? m.month : `${m.month}|${m.disputeBy}`);
    const known = new Set((before?.[kind] ?? []).map(keyOf));
    const fresh = after[kind].filter((m) => !known.has(keyOf(m)));
    if (fresh.length === 0) continue;
    const months = fresh.map((m) => m.month);
    const amountCents = fresh.reduce((t, m) => t + m.amountCents, 0);
    const disputeBy = fresh.reduce<string | null>((d, m) => (m.disputeBy !== null && (d === null || m.disputeBy < d) ? m.disputeBy : d), null);
    const what = `${months.length > 1 ? 'months' : 'month'} ${months.join(', ')}`;
    if (kind === 'overpaid') {
      found.push({
        kind,
        why: () =>
          reason('OVERPAID', { months, amountCents }, `Partner Center paid ${formatMoney(amountCents, 'USD')} more than predicted for ${what}: a clawback risk; keep it aside until it is explained.`),
      });
    } else if (kind === 'dispute-deadline') {
      const by = disputeBy ?? asOfDate;
      const daysLeft = Math.max(0, daysBetween(asOfDate, by));
      // A claim's deadline says it in its own words; unpaid months say what is not paid.
      const claims = fresh.filter((m) => m.claim !== undefined).map((m) => m.claim!);
      const unpaid = fresh.filter((m) => m.claim === undefined);
      const unpaidWords =
        unpaid.length === 0
          ? ''
          : `${formatMoney(
              unpaid.reduce((t, m) => t + m.amountCents, 0),
              'USD',
            )} predicted for ${unpaid.length > 1 ? 'months' : 'month'} ${unpaid.map((m) => m.month).join(', ')} is not paid and the dispute window closes on ${by}, in ${plural(daysLeft, 'day', 'days')}: dispute now.`;
      found.push({
        kind,
        why: () => reason('DISPUTE_DEADLINE', { months, amountCents, disputeBy: by, daysLeft }, [...claims, unpaidWords].filter((x) => x !== '').join(' ')),
      });
    } else {
      const by = disputeBy ?? asOfDate;
      found.push({
        kind,
        why: () =>
          reason('EARNINGS_MISSING', { months, amountCents, disputeBy: by }, `${formatMoney(amountCents, 'USD')} predicted for ${what} was not paid by the 16th of the next month; dispute by ${by}.`),
      });
    }
  }
  return found;
}
