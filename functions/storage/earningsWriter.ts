/**
 * The import's second path: records of Partner Center's earnings files (earnings, ineligibility
 * codes, cap rows) buffered per partition and written to the earnings table. An earning
 * repeated on several transaction rows is one entity (the first row stands for it); a row
 * already stored with the same values is counted unchanged and not written, so importing the
 * same file again writes nothing.
 */
import { earningsEntity, sameRow, type EarningsStore } from './earningsStore';
import type { EarningsRecord } from './reports/earningsReports';

type Row = ReturnType<typeof earningsEntity>;

export interface EarningsCounts {
  earningsWritten: number;
  unchanged: number;
  duplicateRows: number;
}

/** A partition's rows are written once this many are buffered (a full transaction). */
const BATCH_ROWS = 100;

export class EarningsWriter {
  private readonly buffered = new Map<string, Map<string, Row>>();
  /** Row keys seen in this file, per partition (a repeated earning is counted once). */
  private readonly seen = new Map<string, Set<string>>();
  private readonly stored = new Map<string, Map<string, Record<string, unknown>>>();
  private bufferedRows = 0;

  constructor(
    private readonly store: EarningsStore,
    private readonly counts: EarningsCounts,
    private readonly dryRun: boolean,
    private readonly flushRows = 20_000,
  ) {}

  async take(record: EarningsRecord): Promise<void> {
    const row = earningsEntity(record);
    let seen = this.seen.get(row.partitionKey);
    if (!seen) this.seen.set(row.partitionKey, (seen = new Set()));
    if (seen.has(row.rowKey)) {
      this.counts.duplicateRows++;
      return;
    }
    seen.add(row.rowKey);
    let rows = this.buffered.get(row.partitionKey);
    if (!rows) this.buffered.set(row.partitionKey, (rows = new Map()));
    rows.set(row.rowKey, row);
    this.bufferedRows++;
    if (rows.size >= BATCH_ROWS) await this.flushPartition(row.partitionKey);
    else if (this.bufferedRows >= this.flushRows) await this.flush();
  }

  async flush(): Promise<void> {
    for (const partition of [...this.buffered.keys()]) await this.flushPartition(partition);
  }

  private async flushPartition(partition: string): Promise<void> {
    const rows = this.buffered.get(partition);
    if (!rows) return;
    this.buffered.delete(partition);
    this.bufferedRows -= rows.size;
    let stored = this.stored.get(partition);
    if (!stored) this.stored.set(partition, (stored = await this.store.partitionRows(partition)));
    const changed: Row[] = [];
    for (const row of rows.values()) {
      const before = stored.get(row.rowKey);
      if (before !== undefined && sameRow(before, row)) this.counts.unchanged++;
      else changed.push(row);
    }
    if (!this.dryRun && changed.length > 0) await this.store.write(changed);
    this.counts.earningsWritten += changed.length;
  }
}
