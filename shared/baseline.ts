/**
 * R3. The baseline at claim: the HWM (active users, paid users only) and the PAU a claim is
 * measured against, where it comes from, and the BASELINE_AT_CLAIM reason that says so. Only
 * growth above the baseline, after approval, earns.
 */
import { monthOf, type IsoDate } from './dates';
import type { WorkloadFacts } from './facts';
import { formatCount, formatPct, toPct } from './format';
import { highWaterMarkFor, type UsageMonth } from './highWaterMark';
import type { Program } from './programs/schema';
import { reason, type Reason, type ReasonParams } from './reasons';

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

/** Usage % of `users` over `seats`, users capped at seats; null without seats. */
export function pctOf(users: number, seats: number): number | null {
  if (seats === 0) return null;
  return toPct(users > seats ? seats : users, seats);
}

/**
 * The baseline of a filed claim (from the claim's figures or the months up to it), or of a
 * claim filed on asOfDate when none is.
 * @example baselineFor(securityFy25, { ...facts, claimDate: '2025-01-15', highWaterMark: 160, paidAvailableUnitsAtClaim: 1000 }, [])
 * // => { filed: true, claimDate: '2025-01-15', highWaterMark: 160, paidAvailableUnits: 1000, usagePct: 16, source: 'claim', sourceMonth: null }
 */
export function baselineFor(program: Program, f: WorkloadFacts, history: readonly UsageMonth[]): Baseline {
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

/** The figures the BASELINE_AT_CLAIM sentence states, by where the baseline comes from. */
function baselineParams(program: Program, b: Baseline): ReasonParams['BASELINE_AT_CLAIM'] {
  const { claimDate, filed, source } = b;
  if (source === 'below-seat-minimum') {
    if (filed) return { claimDate, filed, source, highWaterMark: b.highWaterMark, paidAvailableUnits: b.paidAvailableUnits, seatMinimum: program.seatMinimum };
    return b.highWaterMark > 0 ? { claimDate, filed, source, highWaterMark: b.highWaterMark, seatMinimum: program.seatMinimum } : { claimDate, filed, source, seatMinimum: program.seatMinimum };
  }
  const of = b.usagePct === null ? { usagePct: null } : { usagePct: b.usagePct, paidAvailableUnits: b.paidAvailableUnits };
  return b.sourceMonth && source === 'usage-history'
    ? { claimDate, filed, source, sourceMonth: b.sourceMonth, highWaterMark: b.highWaterMark, ...of }
    : { claimDate, filed, source, highWaterMark: b.highWaterMark, ...of };
}

/** The BASELINE_AT_CLAIM reason: what the baseline is and where it comes from. */
export function baselineReason(program: Program, b: Baseline): Reason {
  return reason('BASELINE_AT_CLAIM', baselineParams(program, b), () => {
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
