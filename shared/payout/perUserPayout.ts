/**
 * R5 and R5a (per-user-style programs): each month after the claim's approval, the paid
 * active users above the running HWM (perUserMonths.ts) are paid at the market's rate, within
 * the maximum compensable units and the per-workload cap, and only in months that end before
 * the stop date of the maximum time since the claim (earningMonths.ts). Earnings for month M
 * are available by the program's day of month M+1 (estimatedPaymentMonth.ts).
 */
import { monthOf } from '../dates';
import type { WorkloadContext } from '../facts';
import { formatCount, formatMoney } from '../format';
import type { PerUserPayoutRules } from '../programs/schema';
import { reason, type Reason } from '../reasons';
import type { Market } from '../vocabulary';
import { monthEndsBeforeStop } from './earningMonths';
import { earningsAvailableOn, estimatedPaymentMonth } from './estimatedPaymentMonth';
import type { PayoutLine } from './lines';
import { perUserOpportunity, type Opportunity } from './opportunityUnits';
import { perUserMonths, type PerUserMonth } from './perUserMonths';

/** Where a per-user payout writes its breakdown when asked to explain itself. */
export interface PerUserExplanation {
  lines: PayoutLine[];
  reasons: Reason[];
}

export interface PerUserComputation {
  earnedCents: number;
  paidCents: number;
  owedCents: number;
  potentialCents: number;
  /** Units paid so far and the HWM after the last month. */
  unitsPaid: number;
  highWaterMark: number;
  rateCents: number;
  /** Earned amounts held back by the per-workload cap. */
  cappedCents: number;
  /** Opportunity units (opportunityUnits.ts): the same number the verdict and the advice show. */
  opportunityUnits: number;
}

/**
 * Totals of a per-user payout; with `out`, also the month-by-month lines and the reasons (the
 * same walk either way, so the lines always add up to the totals).
 */
export function perUserPayoutFrom(ctx: WorkloadContext, rules: PerUserPayoutRules, market: Market, paidToDateCents: number, out: PerUserExplanation | null): PerUserComputation {
  const f = ctx.facts;
  const rate = rules.ratePerUserCents[market];
  const months: PerUserMonth[] | null = out ? [] : null;
  const progress = perUserMonths(ctx, rules, months);
  // The per-workload cap takes months in order, each up to what is left of it, so the total is
  // the cap or the sum of the months, whichever is less.
  const gross = progress.unitsPaid * rate;
  const earned = gross < rules.capPerWorkloadCents ? gross : rules.capPerWorkloadCents;
  const opportunity = perUserOpportunity(ctx, rules, progress);
  // Nothing more once the as-of month itself can no longer earn: later months cannot either.
  const stopped = progress.stopDate !== null && !monthEndsBeforeStop(monthOf(f.asOfDate), progress.stopDate);
  const capRoom = rules.capPerWorkloadCents - earned;
  const potential = stopped ? 0 : Math.min(opportunity.units * rate, capRoom);
  if (out && months) {
    let earnedSoFar = 0;
    for (const m of months) {
      const line = monthLine(ctx, rules, market, m, earnedSoFar, progress.stopDate);
      earnedSoFar += line.amountCents;
      out.lines.push(line);
    }
    explainTotals(ctx, rules, out, paidToDateCents, rate, stopped, progress.stopDate, opportunity, progress.unitsPaid, potential, capRoom);
  }
  return {
    earnedCents: earned,
    paidCents: paidToDateCents,
    owedCents: Math.max(0, earned - paidToDateCents),
    potentialCents: potential,
    unitsPaid: progress.unitsPaid,
    highWaterMark: progress.highWaterMark,
    rateCents: rate,
    cappedCents: gross - earned,
    opportunityUnits: opportunity.units,
  };
}

function monthLine(ctx: WorkloadContext, rules: PerUserPayoutRules, market: Market, m: PerUserMonth, earnedBefore: number, stopDate: string | null): PayoutLine {
  const { program, facts: f } = ctx;
  const money = (c: number) => formatMoney(c, program.currency);
  const rate = rules.ratePerUserCents[market];
  const availableOn = earningsAvailableOn(m.month, rules.earningsAvailableDay);
  const gross = m.units * rate;
  const capRoom = Math.max(0, rules.capPerWorkloadCents - earnedBefore);
  const amount = gross < capRoom ? gross : capRoom;
  const hwm = m.priorHighWaterMark;
  const why: Reason[] = [];
  let status: PayoutLine['status'] = 'no-earnings';
  switch (m.outcome) {
    case 'stopped':
      why.push(
        reason(
          'MAX_TIME_SINCE_CLAIM_REACHED',
          { stopDate: stopDate ?? '', maxMonthsSinceClaim: rules.maxMonthsSinceClaim, claimDate: f.claimDate ?? '', month: m.month },
          () => `${m.month} earns nothing: earnings stop on ${stopDate}, ${rules.maxMonthsSinceClaim} months after the ${f.claimDate} claim, and only months that end before it earn.`,
        ),
      );
      break;
    case 'below-seat-minimum':
      why.push(
        reason(
          'MONTH_BELOW_SEAT_MINIMUM',
          { month: m.month, paidAvailableUnits: m.paidAvailableUnits, seatMinimum: program.seatMinimum },
          () => `${m.month} earns nothing: PAU ${formatCount(m.paidAvailableUnits)} was below the ${formatCount(program.seatMinimum)} seat minimum.`,
        ),
      );
      break;
    case 'units-used-up':
      why.push(
        reason(
          'COMPENSABLE_UNITS_USED_UP',
          { maxCompensableUnits: rules.maxCompensableUnits, month: m.month },
          () => `${m.month} earns nothing: the maximum of ${formatCount(rules.maxCompensableUnits)} compensable units was paid by the months before.`,
        ),
      );
      break;
    case 'no-room':
      why.push(
        reason(
          'NO_ROOM_ABOVE_HWM',
          { paidAvailableUnits: m.paidAvailableUnits, highWaterMark: hwm, month: m.month },
          () => `${m.month} earns nothing: PAU ${formatCount(m.paidAvailableUnits)} is at or below the HWM of ${formatCount(hwm)}.`,
        ),
      );
      break;
    case 'no-new-users':
      why.push(
        reason(
          'NO_NEW_USERS_ABOVE_HWM',
          { month: m.month, activeUsers: m.users, highWaterMark: hwm },
          () => `${m.month} earns nothing: ${formatCount(m.users)} active users is not above the HWM of ${formatCount(hwm)}.`,
        ),
      );
      break;
    case 'earned': {
      why.push(
        reason(
          'NET_NEW_USERS',
          { month: m.month, activeUsers: m.users, netNewUsers: m.netNew, highWaterMark: hwm, units: m.units, rateCents: rate, market, grossCents: gross },
          () =>
            `${m.month}: ${formatCount(m.users)} active users, ${formatCount(m.netNew)} above the HWM of ${formatCount(hwm)}; ${formatCount(m.units)} × ${money(rate)} (market ${market}) = ${money(gross)}.`,
        ),
      );
      if (m.units < m.netNew) {
        why.push(
          reason(
            'MAX_COMPENSABLE_UNITS_REACHED',
            { units: m.units, netNewUsers: m.netNew, maxCompensableUnits: rules.maxCompensableUnits },
            () => `Only ${formatCount(m.units)} of ${formatCount(m.netNew)} new users are paid: the maximum of ${formatCount(rules.maxCompensableUnits)} compensable units is reached.`,
          ),
        );
      }
      if (amount < gross) {
        why.push(
          reason(
            'WORKLOAD_CAP_REACHED',
            { capCents: rules.capPerWorkloadCents, amountCents: amount, grossCents: gross, cappedCents: gross - amount },
            () => `The ${money(rules.capPerWorkloadCents)} cap per customer workload is reached: ${money(amount)} of ${money(gross)} is paid, ${money(gross - amount)} is capped.`,
          ),
        );
      }
      const available = f.asOfDate >= availableOn;
      status = available ? 'available' : 'pending';
      why.push(
        available
          ? reason('EARNINGS_AVAILABLE', { month: m.month, availableOn }, () => `Earnings for ${m.month} are available since ${availableOn}.`)
          : reason('EARNINGS_PENDING', { month: m.month, availableOn }, () => `Earnings for ${m.month} become available by ${availableOn}.`),
      );
      break;
    }
  }
  return {
    label: m.month,
    month: m.month,
    units: m.units,
    rateCents: rate,
    amountCents: amount,
    paidCents: 0,
    owedCents: 0,
    status,
    availableOn,
    baseline: hwm,
    baselineType: 'HWM',
    milestone: null,
    claimId: f.claimId ?? null,
    earningRateCents: rate,
    compensableUnits: m.compensableUnits,
    quantity: m.monthlyActiveUsers,
    quantityType: 'MAU',
    calculationDate: f.asOfDate,
    estimatedPaymentMonth: m.outcome === 'earned' ? estimatedPaymentMonth(m.month) : null,
    reasons: why,
  };
}

function explainTotals(
  ctx: WorkloadContext,
  rules: PerUserPayoutRules,
  out: PerUserExplanation,
  paidToDateCents: number,
  rate: number,
  stopped: boolean,
  stopDate: string | null,
  opportunity: Opportunity,
  unitsPaid: number,
  potential: number,
  capRoom: number,
): void {
  const { program, facts: f } = ctx;
  const money = (c: number) => formatMoney(c, program.currency);
  // Spread what was already paid over the months in order, so each line shows what it still owes.
  let paidLeft = paidToDateCents;
  for (const line of out.lines) {
    const paid = Math.min(paidLeft, line.amountCents);
    line.paidCents = paid;
    line.owedCents = line.amountCents - paid;
    paidLeft -= paid;
  }
  if (f.claimApprovedDate === undefined) {
    out.reasons.push(
      reason('CLAIM_NOT_APPROVED', { claimDate: f.claimDate ?? null }, () =>
        f.claimDate ? `The ${f.claimDate} claim is not approved yet: only usage after approval earns.` : 'No claim is filed: only usage after the claim is approved earns.',
      ),
    );
  }
  const hwm = opportunity.highWaterMark;
  if (stopped) {
    out.reasons.push(
      reason(
        'MAX_TIME_SINCE_CLAIM_REACHED',
        { stopDate: stopDate ?? '', maxMonthsSinceClaim: rules.maxMonthsSinceClaim, claimDate: f.claimDate ?? '', month: monthOf(f.asOfDate) },
        () => `Nothing more is possible: earnings stop on ${stopDate}, ${rules.maxMonthsSinceClaim} months after the ${f.claimDate} claim, and ${monthOf(f.asOfDate)} does not end before it.`,
      ),
    );
  } else if (opportunity.unitsLeft === 0) {
    out.reasons.push(
      reason(
        'COMPENSABLE_UNITS_USED_UP',
        { maxCompensableUnits: rules.maxCompensableUnits },
        () => `Nothing more is possible: the maximum of ${formatCount(rules.maxCompensableUnits)} compensable units is paid on this claim.`,
      ),
    );
  } else if (opportunity.units === 0) {
    out.reasons.push(
      reason(
        'NO_ROOM_ABOVE_HWM',
        { paidAvailableUnits: f.paidAvailableUnits, highWaterMark: hwm },
        () => `Nothing more is possible: PAU ${formatCount(f.paidAvailableUnits)} leaves no room above the HWM of ${formatCount(hwm)}.`,
      ),
    );
  } else if (capRoom <= 0) {
    out.reasons.push(
      reason('WORKLOAD_CAP_REACHED', { capCents: rules.capPerWorkloadCents }, () => `Nothing more is possible: the ${money(rules.capPerWorkloadCents)} cap per customer workload is reached.`),
    );
  } else {
    out.reasons.push(
      reason(
        'ROOM_ABOVE_HWM',
        unitsPaid > 0
          ? { opportunityUnits: opportunity.units, highWaterMark: hwm, rateCents: rate, potentialCents: potential, unitsPaid, maxCompensableUnits: rules.maxCompensableUnits }
          : { opportunityUnits: opportunity.units, highWaterMark: hwm, rateCents: rate, potentialCents: potential },
        () =>
          `Still possible: ${formatCount(opportunity.units)} more users above the HWM of ${formatCount(hwm)} at ${money(rate)} each, up to ${money(potential)}${unitsPaid > 0 ? ` (${formatCount(unitsPaid)} of ${formatCount(rules.maxCompensableUnits)} compensable units paid so far)` : ''}.`,
      ),
    );
  }
}
