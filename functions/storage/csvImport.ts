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
import { ClaimsWriter } from './claimsWriter';
import { csvRecords } from './csvRows';
import { EarningsWriter } from './earningsWriter';
import { ColumnIndex } from './reports/columns';
import { earningsReaderFor, type EarningsReportKind, type EarningsReportReader } from './reports/earningsReports';
import { eventLoopPacer } from './eventLoopPacer';
import { ImportFindings } from './importFindings';
import { writeTenant } from './importWriter';
import { KEY_SEPARATOR } from './keys';
import { claimsReaderFor, readerFor } from './reports/reportKind';
import type { ClaimsReportReader } from './reports/claimsReport';
import type { UsageReportKind, UsageReportReader, UsageRow } from './reports/usageRow';
import { StorageInputError } from './storageErrors';
import type { WorkloadStore } from './workloadStore';

export interface RowError {
  /** Line of the file (1 = the header). */
  line: number;
  reason: string;
}

/** A line imported anyway, with what looks wrong in it (or a line read but not imported, and why). */
export interface RowNote {
  line: number;
  /** mau-above-pau, pau-fell-by-half, months-missing, two-customer-names, sku-not-placed; or skipped. */
  kind: string;
  message: string;
}

export interface ImportProgress {
  bytesRead: number;
  /** Data rows read (the header excluded). */
  rowsRead: number;
  /** Usage months written (new or changed). */
  usageWritten: number;
  /** Usage months (or earnings rows) already stored with the same values. */
  unchanged: number;
  /** Earnings files: earnings, ineligibility codes and cap rows written (new or changed). */
  earningsWritten: number;
  workloadsCreated: number;
  workloadsUpdated: number;
  /** Rows refused (see errors). */
  rowErrors: number;
  /** Rows naming a tenant, workload and month an earlier row named too (the later one is kept). */
  duplicateRows: number;
  /** Rows read and not imported on purpose (a total row, a PGA repeat, a product no program pays for). */
  skippedRows: number;
  /** Lines imported with a warning. */
  warningCount: number;
}

export interface ImportSummary extends ImportProgress {
  /** True when nothing was written: the counts say what an import would write. */
  dryRun: boolean;
  /** The kind of file read, told by its columns, and in words. */
  fileKind: UsageReportKind | EarningsReportKind | 'claims';
  fileDescription: string;
  delimiter: string;
  ignoredColumns: string[];
  /** The first 1,000 row errors; errorsOmitted counts the rest. */
  errors: RowError[];
  errorsOmitted: number;
  /** The first 1,000 lines skipped, with why; skippedByReason counts them all. */
  skipped: RowNote[];
  skippedByReason: Record<string, number>;
  /** The first 1,000 warnings (imported anyway), in line order; warningsByKind counts them all. */
  warnings: RowNote[];
  warningsByKind: Record<string, number>;
}

export interface ImportOptions {
  /** The date imports are judged on (usage months after it are refused); the caller's today. */
  asOfDate: string;
  /** Read, check and compare with what is stored, but write nothing. */
  dryRun?: boolean;
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
  const { bytesRead, rowsRead, usageWritten, unchanged, earningsWritten, workloadsCreated, workloadsUpdated, rowErrors, duplicateRows, skippedRows, warningCount } = s;
  return { bytesRead, rowsRead, usageWritten, unchanged, earningsWritten, workloadsCreated, workloadsUpdated, rowErrors, duplicateRows, skippedRows, warningCount };
}

/**
 * Import a CSV export into the store. Returns what was read, written, skipped and refused,
 * with warnings per line; throws only when the file itself cannot be read (not CSV, a report
 * of no kind we read, a column twice), before anything is written, or when storage stays
 * unreachable (StorageUnavailable, with the progress so far in the message).
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
    earningsWritten: 0,
    workloadsCreated: 0,
    workloadsUpdated: 0,
    rowErrors: 0,
    duplicateRows: 0,
    skippedRows: 0,
    warningCount: 0,
    dryRun: options.dryRun === true,
    fileKind: 'usage',
    fileDescription: '',
    delimiter: ',',
    ignoredColumns: [],
    errors: [],
    errorsOmitted: 0,
    skipped: [],
    skippedByReason: {},
    warnings: [],
    warningsByKind: {},
  };
  const fail = (line: number, reason: string) => {
    summary.rowErrors++;
    if (summary.errors.length < MAX_LISTED_ERRORS) summary.errors.push({ line, reason });
    else summary.errorsOmitted++;
  };
  const progress = () => options.onProgress?.(progressOf(summary));
  const findings = new ImportFindings(summary, MAX_LISTED_ERRORS);

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
        await writeTenant(store, tenant, [...rows.values()], options.asOfDate, summary, known.has(tenant), findings, summary.dryRun);
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

  let reader: UsageReportReader | null = null;
  // Partner Center's earnings files take the second path: the earnings writer.
  let earningsReader: EarningsReportReader | null = null;
  let earnings: EarningsWriter | null = null;
  // Ineligibility rows keyed by TPID: each TPID's first line and row count, to say which match no tracked tenant.
  const tpidLines = new Map<string, { line: number; rows: number; customerName: string | null }>();
  // Partner Center's claims export takes the third path: its rows set the claims of tracked workloads.
  let claimsReader: ClaimsReportReader | null = null;
  let claims: ClaimsWriter | null = null;
  let lastProgress = Date.now();
  const take = async (row: UsageRow) => {
    let rows = buffered.get(row.tenantId);
    if (!rows) buffered.set(row.tenantId, (rows = new Map()));
    const key = `${row.workload}${KEY_SEPARATOR}${row.month}`;
    if (rows.has(key)) summary.duplicateRows++;
    else bufferedRows++;
    rows.set(key, row);
    // A full transaction's worth of one tenant goes now; a large buffer goes whole.
    if (rows.size >= BATCH_ROWS) await schedule(row.tenantId, rows);
    else if (bufferedRows >= flushRows) await flushAll();
  };
  for await (const item of csv.records) {
    const line = item.info.lines;
    if (reader === null && earningsReader === null && claimsReader === null) {
      earningsReader = earningsReaderFor(new ColumnIndex(item.record), (at, message) => findings.warn(at, 'amount-left-out', message));
      if (earningsReader !== null) {
        summary.fileKind = earningsReader.kind;
        summary.fileDescription = earningsReader.description;
        summary.ignoredColumns = earningsReader.ignoredColumns;
        const earningsStore = store.earningsStore();
        if (!summary.dryRun) await earningsStore.ensureTable();
        earnings = new EarningsWriter(earningsStore, summary, summary.dryRun, flushRows);
        continue;
      }
      claimsReader = claimsReaderFor(item.record);
      if (claimsReader !== null) {
        summary.fileKind = claimsReader.kind;
        summary.fileDescription = claimsReader.description;
        summary.ignoredColumns = claimsReader.ignoredColumns;
        claims = new ClaimsWriter(store, summary, findings, fail, summary.dryRun, options.asOfDate);
        continue;
      }
      reader = readerFor(item.record, asOfMonth, { warn: (at, message, kind) => findings.warn(at, kind ?? 'sku-not-placed', message) });
      summary.fileKind = reader.kind;
      summary.fileDescription = reader.description;
      summary.ignoredColumns = reader.ignoredColumns;
      continue;
    }
    summary.rowsRead++;
    await pace();
    if (earningsReader !== null) {
      const read = earningsReader.read(item.record, line);
      if ('refused' in read) fail(line, read.refused);
      else if ('skipped' in read) findings.skip(line, read.kind, read.skipped);
      else {
        if (read.kind === 'ineligible' && read.ineligible.customerIdType === 'tpid') {
          const tpid = read.ineligible.customerKey.slice('tpid-'.length);
          const seen = tpidLines.get(tpid);
          if (seen) seen.rows++;
          else tpidLines.set(tpid, { line, rows: 1, customerName: read.ineligible.customerName });
        }
        await earnings!.take(read);
      }
      continue;
    }
    if (claimsReader !== null) {
      const read = claimsReader.read(item.record, line);
      if ('refused' in read) fail(line, read.refused);
      else if ('skipped' in read) findings.skip(line, read.kind, read.skipped);
      else claims!.take(read);
      continue;
    }
    const outcome = reader!.read(item.record, line);
    if (outcome === null) continue;
    if ('refused' in outcome) fail(line, outcome.refused);
    else if ('skipped' in outcome) findings.skip(line, outcome.kind, outcome.skipped);
    else await take(outcome);
    if (Date.now() - lastProgress > 500) {
      lastProgress = Date.now();
      progress();
    }
  }
  await csv.fed;
  if (claims !== null) {
    await claims.finish();
    findings.finish();
    progress();
    return summary;
  }
  if (earnings !== null) {
    await earnings.flush();
    if (tpidLines.size > 0) {
      const tracked = await store.trackedTpids([...tpidLines.keys()]);
      for (const [tpid, seen] of tpidLines) {
        if (tracked.has(tpid)) continue;
        const who = seen.customerName === null ? `TPID ${tpid}` : `TPID ${tpid} (${seen.customerName})`;
        const more = seen.rows > 1 ? ` (${seen.rows} rows)` : '';
        findings.warn(
          seen.line,
          'tpid-not-tracked',
          `${who} matches no tracked tenant: its ineligibility codes${more} are kept and are matched once a tracked workload has customerTpid ${tpid} (import a usage report with CustomerTpid, or set it by hand)`,
        );
      }
    }
    findings.finish();
    progress();
    return summary;
  }
  if (reader === null) throw new StorageInputError('file', 'has no header row: the first line must name the columns (tenant ID, customer, workload, PAU, MAU, month)');
  // Rows added up over several records (a wide report) go once every record is read.
  for (const row of reader.finish()) {
    await pace();
    if ('refused' in row) fail(row.line, row.refused);
    else await take(row);
  }
  await flushAll();
  await drainAll();
  findings.finish();
  return summary;
}
