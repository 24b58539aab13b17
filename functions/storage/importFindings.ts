/**
 * What an import notices besides errors: lines skipped on purpose (with why) and lines
 * imported with a warning. Warnings about a workload's history (MAU above PAU and the HWM,
 * PAU falling by half, missing months: shared/historyWarnings.ts) need the whole history, the
 * file's months and the stored ones, so they are worked out once every row is read; a
 * tenant ID seen with two customer names is noticed as rows come. A dry run and a real import
 * find the same things: the stored months are those read before anything is written.
 */
import { loadedCatalog } from './catalogSource';
import { EngineInputError, historyWarnings, type HistoryEntry } from '../../shared';
import type { RowNote } from './csvImport';
import type { UsageRow } from './reports/usageRow';

interface Counted {
  skippedRows: number;
  warningCount: number;
  skipped: RowNote[];
  skippedByReason: Record<string, number>;
  warnings: RowNote[];
  warningsByKind: Record<string, number>;
}

interface WorkloadHistory {
  workload: string;
  programId: string;
  file: HistoryEntry[];
  stored: Map<string, HistoryEntry>;
}

export class ImportFindings {
  private readonly histories = new Map<string, WorkloadHistory>();
  private readonly names = new Map<string, { name: string; line: number; warned: Set<string> }>();
  private readonly pending: RowNote[] = [];

  constructor(
    private readonly summary: Counted,
    private readonly maxListed: number,
  ) {}

  /** A line read and not imported on purpose. */
  skip(line: number, kind: string, message: string): void {
    this.summary.skippedRows++;
    this.summary.skippedByReason[kind] = (this.summary.skippedByReason[kind] ?? 0) + 1;
    if (this.summary.skipped.length < this.maxListed) this.summary.skipped.push({ line, kind, message });
  }

  /** A line imported with something to check. */
  warn(line: number, kind: string, message: string): void {
    this.summary.warningCount++;
    this.summary.warningsByKind[kind] = (this.summary.warningsByKind[kind] ?? 0) + 1;
    this.pending.push({ line, kind, message });
  }

  /** A row of the file, about to be written. */
  fileRow(row: UsageRow): void {
    this.history(row.tenantId, row.workload, row.programId).file.push({ month: row.month, paidAvailableUnits: row.paidAvailableUnits, monthlyActiveUsers: row.monthlyActiveUsers, line: row.line });
    if (row.customerName === undefined) return;
    const seen = this.names.get(row.tenantId);
    if (!seen) this.names.set(row.tenantId, { name: row.customerName, line: row.line, warned: new Set() });
    else if (seen.name !== row.customerName && !seen.warned.has(row.customerName)) {
      seen.warned.add(row.customerName);
      this.warn(row.line, 'two-customer-names', `tenant ${row.tenantId} is named "${row.customerName}" here and "${seen.name}" on line ${seen.line}; the latest month's name is kept`);
    }
  }

  /** A month already stored for a workload in the file (read by the writer before it writes). */
  storedMonth(tenantId: string, workload: string, month: string, paidAvailableUnits: number, monthlyActiveUsers: number): void {
    const h = this.histories.get(`${tenantId}|${workload}`);
    if (h && !h.stored.has(month)) h.stored.set(month, { month, paidAvailableUnits, monthlyActiveUsers });
  }

  /** Once every row is written: the history warnings, and the first warnings in line order into the summary. */
  finish(): void {
    for (const h of this.histories.values()) {
      const seatMinimum = this.seatMinimum(h);
      if (seatMinimum === null) continue;
      const fileMonths = new Set(h.file.map((e) => e.month));
      const stored = [...h.stored.values()].filter((e) => !fileMonths.has(e.month));
      const workloadName = loadedCatalog().workloads.byIdOrNull(h.workload)?.name ?? h.workload;
      for (const w of historyWarnings(workloadName, [...stored, ...h.file], seatMinimum)) this.warn(w.line, w.kind, w.message);
    }
    this.histories.clear();
    this.summary.skipped.sort((a, b) => a.line - b.line);
    this.pending.sort((a, b) => a.line - b.line);
    this.summary.warnings = this.pending.slice(0, this.maxListed);
    this.pending.length = 0;
  }

  private history(tenantId: string, workload: string, programId: string): WorkloadHistory {
    const key = `${tenantId}|${workload}`;
    let h = this.histories.get(key);
    if (!h) this.histories.set(key, (h = { workload, programId, file: [], stored: new Map() }));
    return h;
  }

  /** The seat minimum of the program paying for the workload in its latest month (null for a program the catalog no longer has). */
  private seatMinimum(h: WorkloadHistory): number | null {
    const latest = h.file.reduce((a, b) => (b.month > a ? b.month : a), '');
    try {
      return loadedCatalog().resolve(h.programId, `${latest}-01`).program.seatMinimum;
    } catch (e) {
      if (e instanceof EngineInputError) return null;
      throw e;
    }
  }
}
