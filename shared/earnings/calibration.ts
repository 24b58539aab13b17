/**
 * Calibration: the program figures the catalog holds against what Partner Center actually
 * paid. Where earnings show a per-user rate (per market) or a milestone amount (per band)
 * different from the catalog's, the difference is reported with the units or earnings behind
 * it, so the team can amend the catalog ("paid $3.00 per unit in market B for 412 units; the
 * catalog says $2.50"). Pure: the caller gives each workload's program, market, payout lines
 * (for the band each milestone was reached at) and distinct earnings.
 *
 * Each finding carries the catalog's what-if (`POST /api/v1/programs/{id}/what-if`) with the
 * amendment prefilled from it: the paid figure from the first month paid at it (not before the
 * program year), so the team sees what amending would change for every tracked workload
 * before amending. Payments entered by hand are left out: only Partner Center's figures say
 * what the rate card is.
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
  /** The what-if of amending the catalog to the paid figure: POST `body` to `href`. */
  whatIf: CalibrationWhatIf;
}

/** The amendment a finding suggests, as the what-if (and the amendments route) take it. */
export interface CalibrationWhatIf {
  method: 'POST';
  href: string;
  body: {
    asOfDate?: string;
    /** Per-user findings: the market the rate is paid in (the what-if computes in it). */
    market?: string;
    amendment: { effectiveFrom: string; note: string; changes: { payout: Record<string, unknown> } };
  };
}

type Group = Omit<CalibrationFinding, 'message' | 'link' | 'whatIf'> & {
  /** The earliest month paid at the figure. */
  firstMonth: string;
  programYear: { start: string; end: string };
  /** Milestone findings: the catalog's amounts of the band. */
  bandAmounts: readonly number[] | null;
};

/** Adds up what earnings say a program pays, workload by workload, and reports what differs from the catalog. */
export class Calibration {
  private readonly groups = new Map<string, Group>();

  /** One tracked workload: its program, market (per-user), payout lines and earnings. */
  add(program: Program, market: string | null, lines: readonly PayoutLine[], earnings: Iterable<Earning>): void {
    const rules = program.payout;
    for (const e of distinctEarnings(earnings)) {
      // Adjustments, and payments typed in by hand, say nothing about the rate card.
      if (!countsAsPaid(e) || e.reasonCode !== null || e.entered !== undefined) continue;
      const where = { month: e.month, programYear: program.programYear };
      if (rules.style === 'per-user') {
        if (e.earningRateCents === null || market === null || e.earningRateCents <= 0) continue;
        const catalog = rules.ratePerUserCents[market as 'A' | 'B' | 'C'];
        if (catalog === undefined || catalog === e.earningRateCents) continue;
        const units = e.amountUsdCents % e.earningRateCents === 0 ? e.amountUsdCents / e.earningRateCents : (e.compensableUnits ?? 0);
        this.count({ programId: program.id, kind: 'rate', market, band: null, milestone: null, paidCents: e.earningRateCents, catalogCents: catalog }, units, { ...where, bandAmounts: null });
      } else {
        if (e.milestone === null) continue;
        const line = lines.find((l) => l.milestone === e.milestone && l.band !== undefined);
        const band = line?.band;
        const catalog = band === undefined ? undefined : rules.amountsCents[band]?.[e.milestone - 1];
        if (band === undefined || catalog === undefined || catalog === e.amountUsdCents) continue;
        this.count({ programId: program.id, kind: 'milestone-amount', market: null, band, milestone: e.milestone, paidCents: e.amountUsdCents, catalogCents: catalog }, 1, {
          ...where,
          bandAmounts: rules.amountsCents[band]!,
        });
      }
    }
  }

  private count(
    key: Omit<CalibrationFinding, 'message' | 'link' | 'whatIf' | 'units' | 'earnings'>,
    units: number,
    at: { month: string; programYear: { start: string; end: string }; bandAmounts: readonly number[] | null },
  ): void {
    const id = JSON.stringify(key);
    const g = this.groups.get(id);
    if (g) {
      g.units += units;
      g.earnings++;
      if (at.month < g.firstMonth) g.firstMonth = at.month;
    } else this.groups.set(id, { ...key, units, earnings: 1, firstMonth: at.month, programYear: at.programYear, bandAmounts: at.bandAmounts });
  }

  /**
   * The differences found, the most units first, each in a sentence with its what-if (for
   * `asOfDate` when given, else the what-if's default, today).
   */
  findings(asOfDate?: string): CalibrationFinding[] {
    return [...this.groups.values()]
      .sort((a, b) => b.units - a.units || (a.programId < b.programId ? -1 : 1))
      .map((g) => {
        const usd = (c: number) => formatMoney(c, 'USD');
        const message =
          g.kind === 'rate'
            ? `${g.programId}: paid ${usd(g.paidCents)} per unit in market ${g.market} for ${formatCount(g.units)} units (${formatCount(g.earnings)} earnings); the catalog says ${usd(g.catalogCents)}.`
            : `${g.programId}: paid ${usd(g.paidCents)} for milestone ${g.milestone} at band ${g.band} (${formatCount(g.earnings)} earnings); the catalog says ${usd(g.catalogCents)}.`;
        const { firstMonth: _first, programYear: _year, bandAmounts: _amounts, ...finding } = g;
        return { ...finding, message, link: `/api/v1/programs/${g.programId}`, whatIf: whatIfOf(g, message, asOfDate) };
      });
  }
}

/** The what-if of a finding: the catalog amended to the paid figure from the first month paid at it. */
function whatIfOf(g: Group, message: string, asOfDate: string | undefined): CalibrationWhatIf {
  const from = `${g.firstMonth}-01`;
  const effectiveFrom = from < g.programYear.start ? g.programYear.start : from > g.programYear.end ? g.programYear.end : from;
  const payout: Record<string, unknown> =
    g.kind === 'rate' ? { ratePerUserCents: { [g.market!]: g.paidCents } } : { amountsCents: { [g.band!]: g.bandAmounts!.map((c, i) => (i === g.milestone! - 1 ? g.paidCents : c)) } };
  return {
    method: 'POST',
    href: `/api/v1/programs/${g.programId}/what-if`,
    body: {
      ...(asOfDate === undefined ? {} : { asOfDate }),
      ...(g.kind === 'rate' ? { market: g.market! } : {}),
      amendment: { effectiveFrom, note: `Calibration: ${message}`, changes: { payout } },
    },
  };
}
