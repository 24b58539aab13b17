/**
 * Partner Center's cap report beside our own figures. Each row of the report (a partner's cap
 * for a program, from a date to a date, perhaps for one customer) is matched to the catalog's
 * program year: the report's program name or ID naming the year's family or id (`Modern Work
 * usage` is `modern-work-usage`; a trailing `FY25` is ignored), and the year containing the
 * cap's start. Our side: the year's cap (`defaultPartnerCapCents`), what the reconciliation
 * lines of the tracked workloads counted as paid in that year between the cap's dates (imported
 * earnings and payments entered by hand), and the balance. Where the two disagree, a sentence
 * says by how much and why that usually happens.
 */
import { formatMoney } from '../format';
import type { Catalog } from '../programs/catalog';
import type { Program } from '../programs/schema';
import { withinTolerance, type ReconciliationLine } from './reconcile';

/** A row of Partner Center's cap report ("MaxCapBalance"), amounts in USD cents. */
export interface CapReportRow {
  participantId: string;
  participantName: string | null;
  programName: string | null;
  programId: string | null;
  leverName: string | null;
  customerId: string | null;
  maxCapUsdCents: number;
  effectiveStart: string | null;
  effectiveEnd: string | null;
  totalEarningsUsdCents: number;
  balanceUsdCents: number;
  refreshedOn: string | null;
}

export interface CapFigures {
  capCents: number;
  earnedCents: number;
  balanceCents: number;
}

export interface CapComparison {
  participantId: string;
  programName: string | null;
  leverName: string | null;
  customerId: string | null;
  effectiveStart: string | null;
  effectiveEnd: string | null;
  refreshedOn: string | null;
  partnerCenter: CapFigures;
  /** Our figures: null when no program year of the catalog matches the row. */
  ours: (CapFigures & { programId: string }) | null;
  /** Whether cap, earned and balance agree (earned within the larger of $1 and 1%). */
  agrees: boolean;
  message: string;
}

const usd = (c: number) => formatMoney(c, 'USD');
const slug = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .replace(/-fy\d{2,4}$/, '');

/**
 * The program year a cap row is for, if the catalog has it.
 * @example capProgram(defaultCatalog, { programName: 'Modern Work usage', effectiveStart: '2024-10-01', ... })?.id // => 'modern-work-usage-fy25'
 */
export function capProgram(catalog: Catalog, row: Pick<CapReportRow, 'programName' | 'programId' | 'effectiveStart'>): Program | null {
  if (row.effectiveStart === null) return null;
  const names = [row.programId, row.programName].filter((n): n is string => n !== null && n.trim() !== '');
  for (const name of names) {
    const exact = catalog.get(name.trim().toLowerCase());
    if (exact) return catalog.inForce(exact, row.effectiveStart);
    const family = slug(name);
    const year = catalog.programOnDate(family, row.effectiveStart);
    if (year) return year;
  }
  return null;
}

interface Tracked {
  row: CapReportRow;
  program: Program | null;
  earnedCents: number;
}

/** Adds up the reconciliation lines per cap row of the report, then compares. */
export class CapCheck {
  private readonly rows: Tracked[];

  constructor(
    rows: readonly CapReportRow[],
    private readonly catalog: Catalog,
  ) {
    this.rows = rows.map((row) => ({ row, program: capProgram(catalog, row), earnedCents: 0 }));
  }

  /** One reconciliation line of a tracked workload whose record names `programId` (a year or a family). */
  add(programId: string, line: ReconciliationLine): void {
    if (line.paidCents === 0) return;
    let year: string | null = null;
    for (const t of this.rows) {
      if (t.program === null) continue;
      const { effectiveStart, effectiveEnd, customerId } = t.row;
      if (effectiveStart !== null && line.month < effectiveStart.slice(0, 7)) continue;
      if (effectiveEnd !== null && line.month > effectiveEnd.slice(0, 7)) continue;
      if (customerId !== null && customerId.toLowerCase() !== line.tenantId.toLowerCase()) continue;
      year ??= this.yearOf(programId, line.month);
      if (year === t.program.id) t.earnedCents += line.paidCents;
    }
  }

  private yearOf(programId: string, month: string): string {
    try {
      return this.catalog.resolve(programId, `${month}-01`).program.id;
    } catch {
      return '';
    }
  }

  /** Each row of the report beside our figures, in the report's order. */
  result(): CapComparison[] {
    return this.rows.map(({ row, program, earnedCents }) => {
      const pc: CapFigures = { capCents: row.maxCapUsdCents, earnedCents: row.totalEarningsUsdCents, balanceCents: row.balanceUsdCents };
      const dates = `${row.effectiveStart ?? '?'} to ${row.effectiveEnd ?? '?'}`;
      const head = `Partner Center's cap report for ${row.programName ?? row.programId ?? 'a program'}${row.customerId === null ? '' : ` (customer ${row.customerId})`}, ${dates}${row.refreshedOn === null ? '' : `, refreshed ${row.refreshedOn}`}: cap ${usd(pc.capCents)}, earned ${usd(pc.earnedCents)}, balance ${usd(pc.balanceCents)}`;
      const base = {
        participantId: row.participantId,
        programName: row.programName,
        leverName: row.leverName,
        customerId: row.customerId,
        effectiveStart: row.effectiveStart,
        effectiveEnd: row.effectiveEnd,
        refreshedOn: row.refreshedOn,
        partnerCenter: pc,
      };
      if (program === null) {
        return { ...base, ours: null, agrees: false, message: `${head}. No program year of the catalog matches it, so there is nothing of ours to compare.` };
      }
      const capCents = program.defaultPartnerCapCents;
      const ours = { programId: program.id, capCents, earnedCents, balanceCents: Math.max(0, capCents - earnedCents) };
      const capAgrees = capCents === pc.capCents;
      const earnedAgrees = withinTolerance(pc.earnedCents, earnedCents);
      const agrees = capAgrees && earnedAgrees && withinTolerance(pc.balanceCents, ours.balanceCents);
      const oursWords = `ours (${program.id}): cap ${usd(capCents)}, earned ${usd(earnedCents)} in the tracked workloads' earnings, balance ${usd(ours.balanceCents)}`;
      if (agrees) return { ...base, ours, agrees, message: `${head}; ${oursWords}: they agree.` };
      const why: string[] = [];
      if (!capAgrees) {
        why.push(`the caps differ by ${usd(Math.abs(pc.capCents - capCents))}: enter Partner Center's cap as the program year's defaultPartnerCapCents if it is the one that applies`);
      }
      if (!earnedAgrees) {
        const diff = pc.earnedCents - earnedCents;
        why.push(
          diff > 0
            ? `Partner Center counts ${usd(diff)} more earned: earnings of customers not tracked here, or not imported yet`
            : `we count ${usd(-diff)} more earned than Partner Center: payments entered by hand or earnings imported after the report was refreshed`,
        );
      }
      if (why.length === 0) why.push(`the balances differ by ${usd(Math.abs(pc.balanceCents - ours.balanceCents))}`);
      return { ...base, ours, agrees, message: `${head}; ${oursWords}. They disagree: ${why.join('; ')}.` };
    });
  }
}
