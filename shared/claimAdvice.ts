/**
 * R8 and the timing advice the product adds: claim now, wait for seats, re-claim, ask for a
 * payment exception, refresh POE, or nothing to do; always with the reason and the numbers.
 */
import { acknowledgementAge } from './acknowledgementAge';
import { claimDeadline, type ClaimFields } from './claimStatus';
import { eligibilityFrom, STOPS_ALL_EARNINGS, type EligibilityVerdict } from './eligibility';
import { parseWith } from './errors';
import { contextFor, WorkloadFactsSchema, type WorkloadContext, type WorkloadFactsInput } from './facts';
import { formatCount, formatPct, plural } from './format';
import { defaultCatalog, type Catalog } from './programs/catalog';
import { perUserOpportunity } from './payout/opportunityUnits';
import { reason, type Reason, type ReasonCode, type ReasonParams } from './reasons';

export const CLAIM_ACTIONS = ['claim-now', 'wait-for-seats', 're-claim', 'ask-for-exception', 'refresh-poe', 'dispute-rejection', 'no-action', 'not-eligible'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

export interface ClaimAdvice {
  action: ClaimAction;
  /** The main reason in one sentence. */
  message: string;
  /** The main reason first, then what else matters. */
  reasons: Reason[];
  eligibility: EligibilityVerdict;
}

const EDUCATION_NO_SEATS = "Active users on paid seats are unknown here (MAU is above PAU, probably free student licences), so buying seats is not advised: check the paid users' usage first.";

/** Blocking reasons that waiting or re-claiming cannot fix. */
const HARD_STOPS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([...STOPS_ALL_EARNINGS, 'PROGRAM_NOT_ACTIVE', 'MAX_TIME_SINCE_CLAIM_REACHED']);

interface PoeTiming {
  expired: boolean;
  expiring: boolean;
  /** The last claim date the acknowledgement counts for (inclusive). */
  lastValidDate: string;
  daysLeft: number;
  /** Its age today, in months and days. */
  age: string;
}

/** The acknowledgement's window on the as-of date (inclusive, see acknowledgementAge.ts). */
export function poeTiming(ctx: WorkloadContext): PoeTiming | null {
  const ack = ctx.facts.poeAcknowledgementDate;
  if (ack === undefined) return null;
  const a = acknowledgementAge(ack, ctx.facts.asOfDate, ctx.program.poe.acknowledgementMaxAgeMonths);
  return { expired: !a.withinWindow, expiring: a.withinWindow && a.daysLeft <= ctx.program.advice.poeExpiryWarningDays, lastValidDate: a.lastValidDate, daysLeft: a.daysLeft, age: a.text };
}

function advise(action: ClaimAction, main: Reason, others: Reason[], eligibility: EligibilityVerdict): ClaimAdvice {
  return { action, message: main.message, reasons: [main, ...others], eligibility };
}

/** Advice from an already derived context (the engine's fast path). */
export function claimAdviceFrom(catalog: Catalog, ctx: WorkloadContext, eligibility = eligibilityFrom(catalog, ctx)): ClaimAdvice {
  const { facts: f, program, baseline } = ctx;
  const blocking = eligibility.reasons.filter((r) => HARD_STOPS.has(r.code));
  const poe = poeTiming(ctx);
  const maxAge = program.poe.acknowledgementMaxAgeMonths;
  const poeReason = (): Reason | null =>
    poe === null
      ? null
      : poe.expired
        ? reason(
            'POE_EXPIRED',
            { acknowledgementDate: f.poeAcknowledgementDate, lastValidDate: poe.lastValidDate, maxAgeMonths: maxAge },
            () =>
              `The POE acknowledgement of ${f.poeAcknowledgementDate} is ${poe.age} old, older than the ${maxAge} months allowed (it counted for claims filed up to ${poe.lastValidDate}): get a new signed customer acknowledgement before claiming.`,
          )
        : poe.expiring
          ? reason(
              'POE_EXPIRING',
              { acknowledgementDate: f.poeAcknowledgementDate, lastValidDate: poe.lastValidDate, daysLeft: poe.daysLeft },
              () =>
                `The POE acknowledgement of ${f.poeAcknowledgementDate} is ${poe.age} old and counts for claims filed up to ${poe.lastValidDate} (${poe.daysLeft === 0 ? 'today is the last day' : `${plural(poe.daysLeft, 'day', 'days')} left`}): claim by then or refresh it.`,
            )
          : null;

  if (blocking.length > 0) {
    const [first, ...rest] = blocking as [Reason, ...Reason[]];
    return advise('not-eligible', first, rest, eligibility);
  }
  const belowMinimum = f.paidAvailableUnits < program.seatMinimum;
  // Education with MAU above PAU: who is active on paid seats is unknown, so seats are never advised.
  const educationInflated = f.segment === 'Education' && ctx.usage.cappedAtPaidSeats;
  const nothingLeft = eligibility.reasons.find((r) => r.code === 'USAGE_ABOVE_MILESTONE_AT_CLAIM' || r.code === 'NO_ROOM_ABOVE_HWM' || r.code === 'COMPENSABLE_UNITS_USED_UP');

  if (!baseline.filed) {
    if (belowMinimum) {
      return advise(
        'wait-for-seats',
        reason('WAIT_FOR_SEATS', { paidAvailableUnits: f.paidAvailableUnits, seatMinimum: program.seatMinimum, seatsToGo: eligibility.seatsToGo }, () =>
          educationInflated
            ? `Wait: PAU ${formatCount(f.paidAvailableUnits)} is ${formatCount(eligibility.seatsToGo)} short of the ${formatCount(program.seatMinimum)} seat minimum. ${EDUCATION_NO_SEATS}`
            : `Wait for seats: PAU ${formatCount(f.paidAvailableUnits)} is below the ${formatCount(program.seatMinimum)} seat minimum. Claim as soon as ${plural(eligibility.seatsToGo, 'more paid seat is', 'more paid seats are')} bought, while usage is still low.`,
        ),
        eligibility.reasons.filter((r) => r.code === 'BELOW_SEAT_MINIMUM'),
        eligibility,
      );
    }
    if (nothingLeft) {
      return advise(
        'not-eligible',
        reason(
          'NOTHING_TO_CLAIM',
          { because: nothingLeft.code },
          () => `A claim now earns nothing: ${nothingLeft.message}${educationInflated ? ` ${EDUCATION_NO_SEATS}` : ' If the customer buys more seats, usage % falls and a claim can earn again.'}`,
        ),
        [nothingLeft],
        eligibility,
      );
    }
    const poeNote = poeReason();
    if (poe?.expired) return advise('refresh-poe', poeNote!, [], eligibility);
    const next = eligibility.earnableMilestones[0];
    const main = reason(
      'CLAIM_NOW',
      next
        ? { usagePct: baseline.usagePct ?? 0, milestone: next.number, milestonePct: next.usagePct }
        : { paidAvailableUnits: f.paidAvailableUnits, opportunityUnits: eligibility.opportunityUnits ?? 0, highWaterMark: baseline.highWaterMark },
      () =>
        next
          ? `Claim now: usage is ${formatPct(baseline.usagePct ?? 0)}, below milestone ${next.number} (${next.usagePct}%). Every active user added before the claim raises the baseline and can cost the milestone.`
          : `Claim now: PAU ${formatCount(f.paidAvailableUnits)} leaves ${formatCount(eligibility.opportunityUnits ?? 0)} users above the HWM of ${formatCount(baseline.highWaterMark)}; only users added after approval are paid.`,
    );
    return advise('claim-now', main, poeNote ? [poeNote] : [], eligibility);
  }

  // A claim is filed.
  if (belowMinimum) {
    return advise(
      'wait-for-seats',
      reason(
        'WAIT_FOR_SEATS',
        { paidAvailableUnits: f.paidAvailableUnits, seatMinimum: program.seatMinimum, seatsToGo: eligibility.seatsToGo },
        () =>
          `Nothing earns while PAU ${formatCount(f.paidAvailableUnits)} is below the ${formatCount(program.seatMinimum)} seat minimum: ${plural(eligibility.seatsToGo, 'more paid seat is', 'more paid seats are')} needed.`,
      ),
      [],
      eligibility,
    );
  }
  const payout = program.payout;
  if (payout.style === 'milestone' && baseline.usagePct !== null && ctx.usage.usagePct !== null) {
    const nowPct = ctx.usage.usagePct;
    const baselinePct = baseline.usagePct;
    const users = ctx.usage.countedActiveUsers;
    const notEarnable = payout.milestones.filter((m) => baseline.highWaterMark * 100 >= m.usagePct * baseline.paidAvailableUnits);
    const seatsGrew = f.paidAvailableUnits > baseline.paidAvailableUnits;
    // Usage reached a milestone the claim's baseline blocks, on real new users after seats were bought.
    const reachedAgain = notEarnable.filter((m) => users * 100 >= m.usagePct * f.paidAvailableUnits);
    if (seatsGrew && users > baseline.highWaterMark && reachedAgain.length > 0) {
      // DOMAIN decision: the advice names every milestone reached, not only the last.
      const list = reachedAgain.map((m) => `${m.number} (${m.usagePct}%)`).join(' and ');
      return advise(
        'ask-for-exception',
        reason(
          'EXCEPTION_OPPORTUNITY',
          { usagePct: nowPct, baselinePct, paidAvailableUnitsAtClaim: baseline.paidAvailableUnits, paidAvailableUnits: f.paidAvailableUnits, milestones: reachedAgain.map((m) => m.number) },
          () =>
            `Ask support for a payment exception: usage reached milestone${reachedAgain.length > 1 ? 's' : ''} ${list} at ${formatPct(nowPct)} after seats grew from ${formatCount(baseline.paidAvailableUnits)} to ${formatCount(f.paidAvailableUnits)}, but the claim's baseline (${formatPct(baselinePct)} at claim) blocks it.`,
        ),
        [],
        eligibility,
      );
    }
    // Usage % fell far below the baseline: a new claim would make blocked milestones earnable again.
    const regained = notEarnable.filter((m) => users * 100 < m.usagePct * f.paidAvailableUnits);
    // Exact: users / PAU < ratio * HWM / PAU at claim (no rounded percentages compared).
    if (users * baseline.paidAvailableUnits < program.advice.reclaimBelowBaselineRatio * baseline.highWaterMark * f.paidAvailableUnits && regained.length > 0) {
      const list = regained.map((m) => `${m.number} (${m.usagePct}%)`).join(' and ');
      const extra = poeReason();
      return advise(
        're-claim',
        reason(
          'RECLAIM_OPPORTUNITY',
          seatsGrew
            ? { usagePct: nowPct, baselinePct, paidAvailableUnitsAtClaim: baseline.paidAvailableUnits, paidAvailableUnits: f.paidAvailableUnits, milestones: regained.map((m) => m.number) }
            : { usagePct: nowPct, baselinePct, milestones: regained.map((m) => m.number) },
          () =>
            `Re-claim: usage fell to ${formatPct(nowPct)} from ${formatPct(baselinePct)} at claim${seatsGrew ? ` (seats grew from ${formatCount(baseline.paidAvailableUnits)} to ${formatCount(f.paidAvailableUnits)})` : ''}. Disassociate and claim again to reset the baseline, saying why in the claim comments: milestone${regained.length > 1 ? 's' : ''} ${list} become${regained.length > 1 ? '' : 's'} earnable again.`,
        ),
        extra ? [extra] : [],
        eligibility,
      );
    }
  }
  if (nothingLeft) {
    // Seats make room above the HWM, but not once the compensable units are used up.
    const seatsHelp = payout.style === 'per-user' && nothingLeft.code === 'NO_ROOM_ABOVE_HWM';
    return advise(
      seatsHelp ? 'wait-for-seats' : 'no-action',
      reason('NOTHING_TO_CLAIM', { because: nothingLeft.code }, () =>
        seatsHelp ? `${nothingLeft.message} ${educationInflated ? EDUCATION_NO_SEATS : 'More paid seats would make room to earn.'}` : nothingLeft.message,
      ),
      [],
      eligibility,
    );
  }
  const next = eligibility.earnableMilestones.find((m) => ctx.usage.countedActiveUsers < m.activeUsersNeeded);
  const dates = { claimDate: f.claimDate ?? null, claimApprovedDate: f.claimApprovedDate ?? null };
  const onTrack: ReasonParams['ON_TRACK'] = next
    ? { ...dates, milestone: next.number, milestonePct: next.usagePct, activeUsersNeeded: next.activeUsersNeeded, activeUsers: ctx.usage.countedActiveUsers }
    : payout.style === 'milestone'
      ? dates
      : { ...dates, opportunityUnits: eligibility.opportunityUnits ?? 0, highWaterMark: perUserOpportunity(ctx, payout).highWaterMark };
  const status = f.claimApprovedDate === undefined ? `the ${f.claimDate} claim awaits approval` : `the claim was approved on ${f.claimApprovedDate}`;
  return advise(
    'no-action',
    reason('ON_TRACK', onTrack, () =>
      next
        ? `On track: ${status}; milestone ${next.number} (${next.usagePct}%) is reached at ${formatCount(next.activeUsersNeeded)} active users, there are ${formatCount(ctx.usage.countedActiveUsers)}.`
        : `On track: ${status}; ${payout.style === 'milestone' ? 'every earnable milestone is reached' : `${formatCount(eligibility.opportunityUnits ?? 0)} opportunity units above the prior HWM of ${formatCount(perUserOpportunity(ctx, payout).highWaterMark)}`}.`,
    ),
    [],
    eligibility,
  );
}

export const ClaimAdviceInputSchema = WorkloadFactsSchema;
export type ClaimAdviceInput = WorkloadFactsInput;

/**
 * What to do about a customer workload now (R8).
 * @example adviseClaim({ programId: 'security-usage', asOfDate: '2025-03-01', workload: 'Intune',
 *   paidAvailableUnits: 10, monthlyActiveUsers: 10 }).action // => 'wait-for-seats'
 */
export function adviseClaim(input: ClaimAdviceInput, catalog: Catalog = defaultCatalog): ClaimAdvice {
  const facts = parseWith(WorkloadFactsSchema, input);
  return claimAdviceFrom(catalog, contextFor(catalog, facts));
}

/**
 * The advice for a tracked claim where its status decides it: a rejection still open to
 * dispute is disputed (once, within 30 days of the rejection, shared/claimStatus.ts) rather
 * than claimed again, since a new claim would start from a new baseline and give up the
 * rejected claim's date. A workload the rules exclude stays not eligible; every other status
 * keeps the engine's advice, whose reasons follow the main one.
 * @example adviceForClaimStatus(claimNow, { claimStatus: 'rejected', claimStatusDate: '2026-03-10' }, '2026-03-20').action // => 'dispute-rejection'
 */
export function adviceForClaimStatus(advice: ClaimAdvice, claim: ClaimFields, asOfDate: string): ClaimAdvice {
  const deadline = claimDeadline(claim, asOfDate);
  if (deadline === null || deadline.kind !== 'dispute-rejection' || deadline.daysLeft < 0 || advice.action === 'not-eligible') return advice;
  const main = reason(
    'DISPUTE_REJECTION',
    { rejectedOn: deadline.since, disputeBy: deadline.by },
    () => `Dispute the rejection rather than claim again: ${deadline.message} A new claim would start from a new baseline.`,
  );
  return advise('dispute-rejection', main, advice.reasons, advice.eligibility);
}
