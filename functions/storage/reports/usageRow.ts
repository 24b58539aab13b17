/** One checked usage month of one tenant's workload, as every usage report kind yields it. */
export interface UsageRow {
  /** The line of the file (for an aggregated row, the first line that added to it). */
  line: number;
  tenantId: string;
  workload: string;
  month: string;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  customerName?: string;
  /** The customer's TPID (`CustomerTpid`): matches ineligibility rows keyed by TPID. */
  customerTpid?: string;
  programId: string;
  /**
   * Written only for a workload already tracked: a report's row with no paid seats for a
   * workload (a SKU that does not include it) does not start tracking it.
   */
  onlyIfTracked?: boolean;
}

/** What a reader makes of one record. */
export type ReadOutcome = UsageRow | { refused: string } | RowSkip | null;

/** A row read but not imported on purpose: why, and a kind to count it by. */
export interface RowSkip {
  kind: 'total-row' | 'pga-duplicate' | 'untracked-product' | 'no-paid-seats';
  skipped: string;
}

/** A kind of usage report: how its records become usage rows. */
export interface UsageReportReader {
  kind: UsageReportKind;
  /** Which file it read, in words. */
  description: string;
  /** Headers not read, as written. */
  ignoredColumns: string[];
  /** A record's usage row, why it is refused or skipped, or null when it is held to be added up with others. */
  read(record: readonly string[], line: number): ReadOutcome;
  /** The rows held back (added up over several records), once every record is read. */
  finish(): Array<UsageRow | { line: number; refused: string }>;
}

export type UsageReportKind = 'usage' | 'office-365-license-usage' | 'enterprise-mobility-license-usage';
