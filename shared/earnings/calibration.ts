/**
 * Calibration: the program figures the catalog holds against what Partner Center actually
 * paid. Where earnings show a per-user rate (per market) or a milestone amount (per band)
 * different from the catalog's, the difference is reported with the units or earnings behind
 * it, so the team can amend the catalog ("paid $3.00 per unit in market B for 412 units; the
 * catalog says $2.50"). Pure: the caller gives each workload's program, market, payout lines
 * (for the band each milestone was reached at) and distinct earnings.
 */
import { formatCount, formatMoney } from '../format';
import type { PayoutLine } from '../payout/lines';
import type { Program } from '../programs/schema';
import { countsAsPaid, distinctEarnings, type Earning } from './paidEarnings';

export interface CalibrationFinding {
  programId: string;
  kind: 'rate' | 'milestone-amount';
  /** Per-user: the market; milestones: the band. */
  market: string | null;
  band: string | null;
  milestone: number | null;
  paidCents: number;
  catalogCents: number;
  /** Per-user: units paid at that rate; milestones: earnings paid at that amount. */
  units: number;
  earnings: number;
  message: string;
  /** Where to see (and try) the program's figures. */
  link: string;
}

/** Adds up what earnings say a program pays, workload by workload, and reports what differs from the catalog. */
export class Calibration {
  private readonly groups = new Map<string, Omit<CalibrationFinding, 'message' | 'link'>>();

  /** One tracked workload: its program, market (per-user), payout lines and earnings. */
  add(program: Program, market: string | null, lines: readonly PayoutLine[], earnings: Iterable<Earning>): void {
    const rules = program.payout;
    for (const e of distinctEarnings(earnings)) {
      if (!countsAsPaid(e) || e.reasonCode !== null) continue; // adjustments say nothing about the rate card
      if (rules.style === 'per-user') {
        if (e.earningRateCents === null || market === null || e.earningRateCents <= 0) continue;
        const catalog = rules.ratePerUserCents[market as 'A' | 'B' | 'C'];
        if (catalog === undefined || catalog === e.earningRateCents) continue;
        const units = e.amountUsdCents % e.earningRateCents === 0 ? e.amountUsdCents / e.earningRateCents : (e.compensableUnits ?? 0);
        this.count({ programId: program.id, kind: 'rate', market, band: null, milestone: null, paidCents: e.earningRateCents, catalogCents: catalog }, units);
      } else {
        if (e.milestone === null) continue;
        const line = lines.find((l) => l.milestone === e.milestone && l.band !== undefined);
        const band = line?.band;
        const catalog = band === undefined ? undefined : rules.amountsCents[band]?.[e.milestone - 1];
        if (band === undefined || catalog === undefined || catalog === e.amountUsdCents) continue;
        this.count({ programId: program.id, kind: 'milestone-amount', market: null, band, milestone: e.milestone, paidCents: e.amountUsdCents, catalogCents: catalog }, 1);
      }
    }
  }

  private count(key: Omit<CalibrationFinding, 'message' | 'link' | 'units' | 'earnings'>, units: number): void {
    const id = JSON.stringify(key);
    const g = this.groups.get(id);
    if (g) {
      g.units += units;
      g.earnings++;
    } else this.groups.set(id, { ...key, units, earnings: 1 });
  }

  /** The differences found, the most units first, each in a sentence. */
  findings(): CalibrationFinding[] {
    return [...this.groups.values()]
      .sort((a, b) => b.units - a.units || (a.programId < b.programId ? -1 : 1))
      .map((g) => {
        const usd = (c: number) => formatMoney(c, 'USD');
        const message =
          g.kind === 'rate'
            ? `${g.programId}: paid ${usd(g.paidCents)} per unit in market ${g.market} for ${formatCount(g.units)} units (${formatCount(g.earnings)} earnings); the catalog says ${usd(g.catalogCents)}.`
            : `${g.programId}: paid ${usd(g.paidCents)} for milestone ${g.milestone} at band ${g.band} (${formatCount(g.earnings)} earnings); the catalog says ${usd(g.catalogCents)}.`;
        return { ...g, message, link: `/api/v1/programs/${g.programId}` };
      });
  }
}
