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
import { earningSnapshots } from './snapshots';

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
  const { program, facts: f } = ctx;
  const money = (c: number) => formatMoney(c, program.currency);
  const rate = rules.ratePerUserCents[market];
  const stopDate = f.claimDate !== undefined ? addMonthsIso(f.claimDate, rules.maxMonthsSinceClaim) : null;
  let hwm = ctx.baseline.highWaterMark;
  let unitsPaid = 0;
  let earned = 0;
  let capped = 0;
  const lines = out === null ? null : out.lines;
  const reasons = out === null ? null : out.reasons;

  // The first month that starts on or after the stop date earns nothing.
  const stopMonth = stopDate === null ? null : stopDate.endsWith('-01') ? stopDate.slice(0, 7) : addMonthsToMonth(stopDate.slice(0, 7), 1);
  for (const s of earningSnapshots(ctx, true)) {
    // Messages are rendered lazily: they must read constants, never the running totals.
    const hwmBefore = hwm;
    let status: PayoutLine['status'] = 'no-earnings';
    let units = 0;
    let amount = 0;
    let why: Reason[] | null = null;
    if (stopMonth !== null && s.month >= stopMonth) {
      if (lines) why = [reason('MAX_TIME_SINCE_CLAIM_REACHED', () => `${s.month} earns nothing: earnings stopped on ${stopDate}, ${rules.maxMonthsSinceClaim} months after the ${f.claimDate} claim.`)];
    } else if (!s.counts) {
      if (lines) why = [reason('MONTH_BELOW_SEAT_MINIMUM', () => `${s.month} earns nothing: PAU ${formatCount(s.paidAvailableUnits)} was below the ${formatCount(program.seatMinimum)} seat minimum.`)];
    } else if (s.paidAvailableUnits <= hwm) {
      if (lines) why = [reason('NO_ROOM_ABOVE_HWM', () => `${s.month} earns nothing: PAU ${formatCount(s.paidAvailableUnits)} is at or below the HWM of ${formatCount(hwmBefore)}.`)];
    } else if (s.users <= hwm) {
      if (lines) why = [reason('NO_NEW_USERS_ABOVE_HWM', () => `${s.month} earns nothing: ${formatCount(s.users)} active users is not above the HWM of ${formatCount(hwmBefore)}.`)];
    } else {
      const netNew = s.users - hwm;
      const paidUnits = Math.min(netNew, rules.maxCompensableUnits - unitsPaid);
      const gross = paidUnits * rate;
      const capRoom = rules.capPerWorkloadCents - earned;
      units = paidUnits;
      amount = gross > capRoom ? capRoom : gross;
      if (gross > capRoom) capped += gross - capRoom;
      hwm = s.users;
      unitsPaid += paidUnits;
      earned += amount;
      if (lines) {
        why = [reason('NET_NEW_USERS', () => `${s.month}: ${formatCount(s.users)} active users, ${formatCount(netNew)} above the HWM of ${formatCount(hwmBefore)}; ${formatCount(paidUnits)} × ${money(rate)} (market ${market}) = ${money(gross)}.`)];
        if (paidUnits < netNew) {
          why.push(reason('MAX_COMPENSABLE_UNITS_REACHED', () => `Only ${formatCount(paidUnits)} of ${formatCount(netNew)} new users are paid: the maximum of ${formatCount(rules.maxCompensableUnits)} compensable units is reached.`));
        }
        if (gross > capRoom) {
          why.push(reason('WORKLOAD_CAP_REACHED', () => `The ${money(rules.capPerWorkloadCents)} cap per customer workload is reached: ${money(capRoom)} of ${money(gross)} is paid, ${money(gross - capRoom)} is capped.`));
        }
      }
    }
    if (lines === null || why === null) continue;
    const availableOn = `${addMonthsToMonth(s.month, 1)}-${rules.earningsAvailableDay < 10 ? '0' : ''}${rules.earningsAvailableDay}`;
    if (units > 0) {
      const available = f.asOfDate >= availableOn;
      status = available ? 'available' : 'pending';
      why.push(
        available
          ? reason('EARNINGS_AVAILABLE', () => `Earnings for ${s.month} are available since ${availableOn}.`)
          : reason('EARNINGS_PENDING', () => `Earnings for ${s.month} become available by ${availableOn}.`),
      );
    }
    lines.push({ label: s.month, month: s.month, units, rateCents: rate, amountCents: amount, paidCents: 0, owedCents: 0, status, availableOn, reasons: why });
  }

  // Spread what was already paid over the months in order, so each line shows what it still owes.
  let paidLeft = paidToDateCents;
  for (const line of lines ?? []) {
    const paid = Math.min(paidLeft, line.amountCents);
    line.paidCents = paid;
    line.owedCents = line.amountCents - paid;
    paidLeft -= paid;
  }

  if (f.claimApprovedDate === undefined) {
    reasons?.push(reason('CLAIM_NOT_APPROVED', () => f.claimDate ? `The ${f.claimDate} claim is not approved yet: only usage after approval earns.` : 'No claim is filed: only usage after the claim is approved earns.'));
  }
  // What is still possible: the room above the HWM, within the units and cap left.
  const room = Math.max(0, Math.min(f.paidAvailableUnits - hwm, rules.maxCompensableUnits - unitsPaid));
  const stopped = stopDate !== null && f.asOfDate >= stopDate;
  const potential = stopped ? 0 : Math.min(room * rate, Math.max(0, rules.capPerWorkloadCents - earned));
  if (!stopped) {
    reasons?.push(
      reason(
        room > 0 ? 'ROOM_ABOVE_HWM' : 'NO_ROOM_ABOVE_HWM',
        () => room > 0
          ? `Still possible: ${formatCount(room)} more users above the HWM of ${formatCount(hwm)} at ${money(rate)} each, up to ${money(potential)}.`
          : `Nothing more is possible: PAU ${formatCount(f.paidAvailableUnits)} leaves no room above the HWM of ${formatCount(hwm)}${unitsPaid >= rules.maxCompensableUnits ? ' or the maximum compensable units are paid' : ''}.`,
      ),
    );
  }
  const owed = Math.max(0, earned - paidToDateCents);
  return { earnedCents: earned, paidCents: paidToDateCents, owedCents: owed, potentialCents: potential, unitsPaid, highWaterMark: hwm, rateCents: rate, cappedCents: capped };
}
