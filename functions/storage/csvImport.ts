/**
 * Importing a Partner Center / usage report export (CSV): one row per tenant, workload and
 * month with PAU and MAU. Parsed by csv-parse as a stream (quoted fields, embedded commas and
 * newlines, a BOM, semicolon or tab separated exports), rows validated one by one: each bad
 * row is reported with its line number and reason, the good ones are imported.
 *
 * Idempotent: usage rows are keyed by tenant, workload and month and compared with what is
 * stored, so importing the same file again writes nothing; a tracked workload is created for
 * a new tenant/workload and takes PAU and MAU of its latest month (never of an older one).
 * Long files never hold the event loop: the parser gets the bytes in 16 KiB slices and the
 * row loop breaks every few milliseconds (eventLoopPacer.ts), so other requests are answered
 * during an import. Rows are buffered and written per tenant as transactions while parsing goes on; a failure
 * mid-way leaves whole batches behind, and running the import again completes it.
 *
 * This module is the orchestration (buffering, tenants written in parallel, the summary); the
 * rows are read and checked in csvRows.ts, and each tenant's rows written by importWriter.ts.
 */
import { mapColumns, type ColumnMap } from './csvColumns';
import { checkRow, csvRecords, type UsageRow } from './csvRows';
import { eventLoopPacer } from './eventLoopPacer';
import { writeTenant } from './importWriter';
import { KEY_SEPARATOR } from './keys';
import { StorageInputError } from './storageErrors';
import type { WorkloadStore } from './workloadStore';

export interface RowError {
  /** Line of the file (1 = the header). */
  line: number;
  reason: string;
}

export interface ImportProgress {
  bytesRead: number;
  /** Data rows read (the header excluded). */
  rowsRead: number;
  /** Usage months written (new or changed). */
  usageWritten: number;
  /** Usage months already stored with the same values. */
  unchanged: number;
  workloadsCreated: number;
  workloadsUpdated: number;
  /** Rows refused (see errors). */
  rowErrors: number;
  /** Rows naming a tenant, workload and month an earlier row named too (the later one is kept). */
  duplicateRows: number;
}

export interface ImportSummary extends ImportProgress {
  delimiter: string;
  ignoredColumns: string[];
  /** The first 1,000 row errors; errorsOmitted counts the rest. */
  errors: RowError[];
  errorsOmitted: number;
}

export interface ImportOptions {
  /** The date imports are judged on (usage months after it are refused); the caller's today. */
  asOfDate: string;
  onProgress?: (p: ImportProgress) => void;
  /** Tenants written at once. */
  concurrency?: number;
  /** Rows buffered before they are written. */
  flushRows?: number;
}

const MAX_LISTED_ERRORS = 1000;
/** Rows of one tenant written together as soon as they are read (one full transaction). */
const BATCH_ROWS = 100;

/** The counters of a summary, as progress reports carry them. */
function progressOf(s: ImportProgress): ImportProgress {
  const { bytesRead, rowsRead, usageWritten, unchanged, workloadsCreated, workloadsUpdated, rowErrors, duplicateRows } = s;
  return { bytesRead, rowsRead, usageWritten, unchanged, workloadsCreated, workloadsUpdated, rowErrors, duplicateRows };
}

/**
 * Import a CSV export into the store. Returns what was read, written and refused; throws
 * only when the file itself cannot be read as CSV (no header, no required column) or storage
 * stays unreachable (StorageUnavailable, with the progress so far in the message).
 */
export async function importCsv(source: AsyncIterable<Uint8Array | string>, store: WorkloadStore, options: ImportOptions): Promise<ImportSummary> {
  const asOfMonth = options.asOfDate.slice(0, 7);
  const flushRows = options.flushRows ?? 20_000;
  const concurrency = options.concurrency ?? 4;
  const summary: ImportSummary = {
    bytesRead: 0,
    rowsRead: 0,
    usageWritten: 0,
    unchanged: 0,
    workloadsCreated: 0,
    workloadsUpdated: 0,
    rowErrors: 0,
    duplicateRows: 0,
    delimiter: ',',
    ignoredColumns: [],
    errors: [],
    errorsOmitted: 0,
  };
  const fail = (line: number, reason: string) => {
    summary.rowErrors++;
    if (summary.errors.length < MAX_LISTED_ERRORS) summary.errors.push({ line, reason });
    else summary.errorsOmitted++;
  };
  const progress = () => options.onProgress?.(progressOf(summary));

  // Tenants tracked before the import: for the others there is nothing stored to compare with.
  const known = await store.trackedTenants();
  // tenant -> "workload|month" -> row (the later row of a duplicate wins)
  const buffered = new Map<string, Map<string, UsageRow>>();
  let bufferedRows = 0;
  // Tenants are written while parsing goes on: at most `concurrency` at once, one tenant's
  // writes one after the other (they share its partition), the first failure stops the import.
  const inFlight = new Set<Promise<void>>();
  const tenantChains = new Map<string, Promise<void>>();
  let failure: unknown = null;
  const schedule = async (tenant: string, rows: Map<string, UsageRow>) => {
    bufferedRows -= rows.size;
    buffered.delete(tenant);
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure !== null) throw failure;
    const previous = tenantChains.get(tenant) ?? Promise.resolve();
    const work: Promise<void> = previous
      .then(async () => {
        await writeTenant(store, tenant, [...rows.values()], options.asOfDate, summary, known.has(tenant));
        known.add(tenant);
      })
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => {
        progress();
        inFlight.delete(work);
        if (tenantChains.get(tenant) === work) tenantChains.delete(tenant);
      });
    inFlight.add(work);
    tenantChains.set(tenant, work);
  };
  const flushAll = async () => {
    for (const [tenant, rows] of [...buffered.entries()]) await schedule(tenant, rows);
  };
  const drainAll = async () => {
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (failure !== null) throw failure;
    progress();
  };

  // Parsing, checking and evaluating share the event loop with every other request.
  const pace = eventLoopPacer();
  const csv = await csvRecords(source, pace, { bytesRead: (n) => (summary.bytesRead += n), skipped: fail });
  summary.delimiter = csv.delimiter;

  let columns: ColumnMap | null = null;
  let lastProgress = Date.now();
  for await (const item of csv.records) {
    const line = item.info.lines;
    if (columns === null) {
      columns = mapColumns(item.record);
      summary.ignoredColumns = columns.ignored;
      continue;
    }
    summary.rowsRead++;
    await pace();
    const row = checkRow(item.record, columns, line, asOfMonth);
    if (typeof row === 'string') {
      fail(line, row);
      continue;
    }
    let rows = buffered.get(row.tenantId);
    if (!rows) buffered.set(row.tenantId, (rows = new Map()));
    const key = `${row.workload}${KEY_SEPARATOR}${row.month}`;
    if (rows.has(key)) summary.duplicateRows++;
    else bufferedRows++;
    rows.set(key, row);
    // A full transaction's worth of one tenant goes now; a large buffer goes whole.
    if (rows.size >= BATCH_ROWS) await schedule(row.tenantId, rows);
    else if (bufferedRows >= flushRows) await flushAll();
    if (Date.now() - lastProgress > 500) {
      lastProgress = Date.now();
      progress();
    }
  }
  await csv.fed;
  if (columns === null) throw new StorageInputError('file', 'has no header row: the first line must name the columns (tenant ID, customer, workload, PAU, MAU, month)');
  await flushAll();
  await drainAll();
  return summary;
}
