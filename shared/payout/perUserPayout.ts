/**
 * R5 and R5a (per-user-style programs): each month after the claim's approval, the net new
 * active users above the running HWM are paid at the market's rate, until the maximum
 * compensable units or the per-workload cap is reached, and not after the maximum time since
 * the claim. Earnings for month M are available by the program's day of month M+1.
 */
import { addMonthsIso, addMonthsToMonth } from '../dates';
import type { WorkloadContext } from '../facts';
import { formatCount, formatMoney } from '../format';
import type { PerUserPayoutRules } from '../programs/schema';
import { reason, type Reason } from '../reasons';
import type { Market } from '../vocabulary';
import type { PayoutLine } from './lines';
import { earningSnapshots, type EarningSnapshot } from './snapshots';

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
}

/**
 * Totals of a per-user payout; with `out`, also the month-by-month lines and the reasons (the
 * same branches either way, so the lines always add up to the totals).
 */
export function perUserPayoutFrom(ctx: WorkloadContext, rules: PerUserPayoutRules, market: Market, paidToDateCents: number, out: PerUserExplanation | null): PerUserComputation {
  // No closures here (deciding allocates nothing); lines and sentences are written by the
  // functions below, only when `out` is given.
  const f = ctx.facts;
  const rate = rules.ratePerUserCents[market];
  const stopDate = f.claimDate !== undefined ? addMonthsIso(f.claimDate, rules.maxMonthsSinceClaim) : null;
  // The first month that starts on or after the stop date earns nothing.
  const stopMonth = stopDate === null ? null : stopDate.endsWith('-01') ? stopDate.slice(0, 7) : addMonthsToMonth(stopDate.slice(0, 7), 1);
  let hwm = ctx.baseline.highWaterMark;
  let unitsPaid = 0;
  let earned = 0;
  let capped = 0;
  const snapshots = earningSnapshots(ctx, true);
  for (let k = 0; k < snapshots.length; k++) {
    const s = snapshots[k]!;
    const hwmBefore = hwm;
    let outcome: MonthOutcome;
    let netNew = 0;
    let units = 0;
    let gross = 0;
    let amount = 0;
    if (stopMonth !== null && s.month >= stopMonth) outcome = 'stopped';
    else if (!s.counts) outcome = 'below-seat-minimum';
    else if (s.paidAvailableUnits <= hwm) outcome = 'no-room';
    else if (s.users <= hwm) outcome = 'no-new-users';
    else {
      outcome = 'earned';
      netNew = s.users - hwm;
      units = Math.min(netNew, rules.maxCompensableUnits - unitsPaid);
      gross = units * rate;
      const capRoom = rules.capPerWorkloadCents - earned;
      amount = gross > capRoom ? capRoom : gross;
      capped += gross - amount;
      hwm = s.users;
      unitsPaid += units;
      earned += amount;
    }
    if (out) out.lines.push(monthLine(ctx, rules, market, s, outcome, hwmBefore, netNew, units, gross, amount, stopDate));
  }
  const room = Math.max(0, Math.min(f.paidAvailableUnits - hwm, rules.maxCompensableUnits - unitsPaid));
  const stopped = stopDate !== null && f.asOfDate >= stopDate;
  const potential = stopped ? 0 : Math.min(room * rate, Math.max(0, rules.capPerWorkloadCents - earned));
  if (out) explainTotals(ctx, rules, out, paidToDateCents, rate, stopped, room, hwm, unitsPaid, potential);
  return { earnedCents: earned, paidCents: paidToDateCents, owedCents: Math.max(0, earned - paidToDateCents), potentialCents: potential, unitsPaid, highWaterMark: hwm, rateCents: rate, cappedCents: capped };
}

type MonthOutcome = 'stopped' | 'below-seat-minimum' | 'no-room' | 'no-new-users' | 'earned';

function monthLine(
  ctx: WorkloadContext,
  rules: PerUserPayoutRules,
  market: Market,
  s: EarningSnapshot,
  outcome: MonthOutcome,
  hwmBefore: number,
  netNew: number,
  units: number,
  gross: number,
  amount: number,
  stopDate: string | null,
): PayoutLine {
  const { program, facts: f } = ctx;
  const money = (c: number) => formatMoney(c, program.currency);
  const rate = rules.ratePerUserCents[market];
  const availableOn = `${addMonthsToMonth(s.month, 1)}-${rules.earningsAvailableDay < 10 ? '0' : ''}${rules.earningsAvailableDay}`;
  const why: Reason[] = [];
  let status: PayoutLine['status'] = 'no-earnings';
  switch (outcome) {
    case 'stopped':
      why.push(reason('MAX_TIME_SINCE_CLAIM_REACHED', () => `${s.month} earns nothing: earnings stopped on ${stopDate}, ${rules.maxMonthsSinceClaim} months after the ${f.claimDate} claim.`));
      break;
    case 'below-seat-minimum':
      why.push(reason('MONTH_BELOW_SEAT_MINIMUM', () => `${s.month} earns nothing: PAU ${formatCount(s.paidAvailableUnits)} was below the ${formatCount(program.seatMinimum)} seat minimum.`));
      break;
    case 'no-room':
      why.push(reason('NO_ROOM_ABOVE_HWM', () => `${s.month} earns nothing: PAU ${formatCount(s.paidAvailableUnits)} is at or below the HWM of ${formatCount(hwmBefore)}.`));
      break;
    case 'no-new-users':
      why.push(reason('NO_NEW_USERS_ABOVE_HWM', () => `${s.month} earns nothing: ${formatCount(s.users)} active users is not above the HWM of ${formatCount(hwmBefore)}.`));
      break;
    case 'earned': {
      why.push(reason('NET_NEW_USERS', () => `${s.month}: ${formatCount(s.users)} active users, ${formatCount(netNew)} above the HWM of ${formatCount(hwmBefore)}; ${formatCount(units)} × ${money(rate)} (market ${market}) = ${money(gross)}.`));
      if (units < netNew) {
        why.push(reason('MAX_COMPENSABLE_UNITS_REACHED', () => `Only ${formatCount(units)} of ${formatCount(netNew)} new users are paid: the maximum of ${formatCount(rules.maxCompensableUnits)} compensable units is reached.`));
      }
      if (amount < gross) {
        why.push(reason('WORKLOAD_CAP_REACHED', () => `The ${money(rules.capPerWorkloadCents)} cap per customer workload is reached: ${money(amount)} of ${money(gross)} is paid, ${money(gross - amount)} is capped.`));
      }
      const available = f.asOfDate >= availableOn;
      status = available ? 'available' : 'pending';
      why.push(
        available
          ? reason('EARNINGS_AVAILABLE', () => `Earnings for ${s.month} are available since ${availableOn}.`)
          : reason('EARNINGS_PENDING', () => `Earnings for ${s.month} become available by ${availableOn}.`),
      );
      break;
    }
  }
  return { label: s.month, month: s.month, units, rateCents: rate, amountCents: amount, paidCents: 0, owedCents: 0, status, availableOn, reasons: why };
}

function explainTotals(
  ctx: WorkloadContext,
  rules: PerUserPayoutRules,
  out: PerUserExplanation,
  paidToDateCents: number,
  rate: number,
  stopped: boolean,
  room: number,
  hwm: number,
  unitsPaid: number,
  potential: number,
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
    out.reasons.push(reason('CLAIM_NOT_APPROVED', () => (f.claimDate ? `The ${f.claimDate} claim is not approved yet: only usage after approval earns.` : 'No claim is filed: only usage after the claim is approved earns.')));
  }
  if (!stopped) {
    out.reasons.push(
      reason(room > 0 ? 'ROOM_ABOVE_HWM' : 'NO_ROOM_ABOVE_HWM', () =>
        room > 0
          ? `Still possible: ${formatCount(room)} more users above the HWM of ${formatCount(hwm)} at ${money(rate)} each, up to ${money(potential)}.`
          : `Nothing more is possible: PAU ${formatCount(f.paidAvailableUnits)} leaves no room above the HWM of ${formatCount(hwm)}${unitsPaid >= rules.maxCompensableUnits ? ' or the maximum compensable units are paid' : ''}.`,
      ),
    );
  }
}
