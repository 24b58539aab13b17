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
 */
import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { parse, type CsvError } from 'csv-parse';
import { defaultCatalog, parseWith, tenantIdSchema, toInputIssues, type UsageMonth } from '../../shared';
import { parseMonthText } from '../../shared/dates';
import { detectDelimiter, mapColumns, parseCount, type ColumnMap } from './csvColumns';
import { checkEntitySize } from './entitySize';
import { eventLoopPacer } from './eventLoopPacer';
import { countLimitProblem, monthLimitProblem } from './importLimits';
import { KEY_SEPARATOR } from './keys';
import { StorageInputError, statusOf } from './storageErrors';
import { evaluateTracked } from './evaluateTracked';
import { derivedColumns, fromUsageEntity, fromWorkloadEntity, TrackedWorkloadSchema, usageEntity, withLatestMonth, workloadEntity } from './trackedWorkload';
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
const tenantId = tenantIdSchema();
/** Bytes handed to the parser at once (a few milliseconds of parsing). */
const PARSE_SLICE_BYTES = 16 * 1024;

interface UsageRow {
  line: number;
  tenantId: string;
  workload: string;
  month: string;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  customerName?: string;
  programId: string;
}

/** Chunks of the source with the delimiter detected from its first line. */
async function* withDelimiter(source: AsyncIterable<Uint8Array | string>, found: (d: ',' | ';' | '\t') => void, counted: (n: number) => void): AsyncGenerator<Buffer> {
  let head: Buffer[] = [];
  let headBytes = 0;
  let detected = false;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    counted(buf.length);
    if (detected) {
      yield buf;
      continue;
    }
    head.push(buf);
    headBytes += buf.length;
    const joined = Buffer.concat(head);
    const newline = joined.indexOf(10);
    if (newline >= 0 || headBytes > 1024 * 1024) {
      found(detectDelimiter(joined.subarray(0, newline >= 0 ? newline : joined.length).toString('utf8').replace(/^\ufeff/, '')));
      detected = true;
      yield joined;
      head = [];
    }
  }
  if (!detected) {
    const joined = Buffer.concat(head);
    found(detectDelimiter(joined.toString('utf8').replace(/^\ufeff/, '')));
    if (joined.length > 0) yield joined;
  }
}

/** A data row checked field by field; the reason names the column and the value. */
function checkRow(record: string[], columns: ColumnMap, line: number, asOfMonth: string): UsageRow | string {
  const at = (f: keyof ColumnMap['index']) => {
    const i = columns.index[f];
    return i === undefined ? '' : (record[i] ?? '').trim();
  };
  const problems: string[] = [];
  const tenant = tenantId.safeParse(at('tenantId'));
  if (!tenant.success) problems.push(`tenantId "${at('tenantId')}" is not a tenant ID (a GUID)`);
  const typedWorkload = at('workload');
  const workload = typedWorkload === '' ? null : defaultCatalog.workloads.resolve(typedWorkload);
  if (!workload) problems.push(typedWorkload === '' ? 'workload is empty' : `workload "${typedWorkload}" is not a workload we know`);
  const rawMonth = at('month');
  const parsedMonth = parseMonthText(rawMonth);
  const month = parsedMonth.ok ? parsedMonth.value : null;
  if (!parsedMonth.ok) problems.push(`month "${rawMonth}" ${parsedMonth.problem}`);
  else {
    const outside = monthLimitProblem(parsedMonth.value, asOfMonth);
    if (outside !== null) problems.push(outside);
  }
  const pau = countOf(at('paidAvailableUnits'), 'paidAvailableUnits', 'seats', problems);
  const mau = countOf(at('monthlyActiveUsers'), 'monthlyActiveUsers', 'users', problems);
  const customerName = at('customerName');
  if (customerName.length > 200) problems.push('customerName is longer than 200 characters');
  let programId = at('programId');
  if (programId !== '') {
    if (!defaultCatalog.knownProgramIds().includes(programId.toLowerCase())) problems.push(`programId "${programId}" is not a known program`);
    programId = programId.toLowerCase();
  } else if (workload) {
    const family = defaultCatalog.familyOfWorkload(workload.id);
    if (family === undefined) problems.push(`no program pays for workload "${typedWorkload}"; add a programId column`);
    else programId = family;
  }
  if (problems.length > 0) return problems.join('; ');
  const row: UsageRow = { line, tenantId: tenant.data!, workload: workload!.id, month: month!, paidAvailableUnits: pau!, monthlyActiveUsers: mau!, programId };
  if (customerName !== '') row.customerName = customerName;
  // The record the writer will store, checked now: a row it could not write is refused here,
  // by its line, instead of stopping the import after other rows were written.
  const stored = TrackedWorkloadSchema.safeParse(trackedFields(row));
  if (!stored.success) return toInputIssues(stored.error).map((i) => `${i.path} ${i.message}`).join('; ');
  return row;
}

/** A count cell read and checked against the plausible range; null (with the problem noted) when it is not one. */
function countOf(cell: string, field: string, unit: string, problems: string[]): number | null {
  const n = parseCount(cell);
  if (n === null) {
    problems.push(`${field} "${cell}" is not a whole number of ${unit}`);
    return null;
  }
  const implausible = countLimitProblem(field, cell, n, unit);
  if (implausible !== null) problems.push(implausible);
  return implausible === null ? n : null;
}

/** The fields a new tracked workload takes from a row. */
function trackedFields(r: UsageRow) {
  return {
    ...(r.customerName !== undefined ? { customerName: r.customerName } : {}),
    programId: r.programId,
    paidAvailableUnits: r.paidAvailableUnits,
    monthlyActiveUsers: r.monthlyActiveUsers,
    usageMonth: r.month,
  };
}

type Row = TableEntity<Record<string, unknown>>;

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
  let buffered = new Map<string, Map<string, UsageRow>>();
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
  let delimiter: ',' | ';' | '\t' = ',';
  const chunks = withDelimiter(source, (d) => (delimiter = d), (n) => (summary.bytesRead += n));
  // The first chunk decides the delimiter before the parser is made.
  const first = await chunks.next();
  summary.delimiter = delimiter;
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, skip_records_with_error: true });
  parser.on('skip', (e: CsvError) => fail(Number((e as unknown as { lines?: number }).lines ?? 0), `not readable as CSV: ${e.message}`));
  const feeding = (async () => {
    try {
      const drained = () =>
        new Promise<void>((resolve) => {
          const done = () => {
            parser.off('drain', done);
            parser.off('close', done);
            resolve();
          };
          parser.on('drain', done);
          parser.on('close', done);
        });
      // The parser reads all of a chunk at once: a whole request body (16 MiB) in one write
      // would hold the event loop for seconds, so it gets slices, with breaks between them.
      const feed = async (chunk: Buffer) => {
        for (let at = 0; at < chunk.length && !parser.destroyed; at += PARSE_SLICE_BYTES) {
          if (!parser.write(chunk.subarray(at, at + PARSE_SLICE_BYTES))) await drained();
          await pace();
        }
      };
      if (!first.done) await feed(first.value);
      for await (const chunk of chunks) {
        if (parser.destroyed) return;
        await feed(chunk);
      }
      parser.end();
    } catch (e) {
      parser.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();

  let columns: ColumnMap | null = null;
  let lastProgress = Date.now();
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
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
  await feeding;
  if (columns === null) throw new StorageInputError('file', 'has no header row: the first line must name the columns (tenant ID, customer, workload, PAU, MAU, month)');
  await flushAll();
  await drainAll();
  return summary;
}

/** Write one tenant's rows: its tracked workloads, then the changed usage months. */
async function writeTenant(store: WorkloadStore, tenant: string, rows: UsageRow[], asOfDate: string, summary: ImportProgress, tenantKnown: boolean): Promise<void> {
  // A tenant new to the store has nothing to read (one tracked meanwhile shows as a conflict,
  // and is then read and redone below).
  const tracked = new Map<string, Row>();
  if (tenantKnown) for (const e of await store.tenantRows('workloads', tenant)) tracked.set(e.rowKey, e);
  // Usage is stored only for tracked workloads: when none of the file's workloads is tracked
  // yet, there is nothing stored to compare with (and no query to make).
  const stored = new Map<string, Row>();
  if (rows.some((r) => tracked.has(r.workload))) for (const e of await store.tenantRows('usage', tenant)) stored.set(e.rowKey, e);
  const actions: TransactionAction[] = [];
  for (const r of rows) {
    const entity = usageEntity(tenant, r.workload, r);
    const before = stored.get(entity.rowKey);
    if (before && before.paidAvailableUnits === r.paidAvailableUnits && before.monthlyActiveUsers === r.monthlyActiveUsers) {
      summary.unchanged++;
      continue;
    }
    actions.push(['upsert', entity, 'Replace']);
    stored.set(entity.rowKey, entity);
  }

  // Each workload's history (stored and new) and its latest row in this file.
  const histories = new Map<string, UsageMonth[]>();
  for (const e of stored.values()) {
    const w = String(e.workload);
    let h = histories.get(w);
    if (!h) histories.set(w, (h = []));
    h.push(fromUsageEntity(e));
  }
  const latest = new Map<string, UsageRow>();
  for (const r of rows) {
    const l = latest.get(r.workload);
    if (!l || r.month >= l.month) latest.set(r.workload, r);
  }
  // A conflict means someone wrote the tenant's workloads meanwhile: read again and redo.
  for (let attempt = 1; ; attempt++) {
    try {
      await writeWorkloads(store, tenant, latest, histories, asOfDate, summary, attempt === 1 ? tracked : null);
      break;
    } catch (e) {
      if ((statusOf(e) !== 409 && statusOf(e) !== 412) || attempt >= 5) throw e;
    }
  }
  // Usage after its workloads: a failure in between leaves a tracked workload missing a month
  // (the next import writes it), never usage of a workload that is not tracked.
  await store.writeUsageActions(actions, (n) => (summary.usageWritten += n));
}

async function writeWorkloads(store: WorkloadStore, tenant: string, latest: Map<string, UsageRow>, histories: Map<string, UsageMonth[]>, asOfDate: string, summary: ImportProgress, known: Map<string, Row> | null): Promise<void> {
  // The rows read at the start, or (after a conflict) read again.
  let current = known;
  if (current === null) {
    current = new Map<string, Row>();
    for (const e of await store.tenantRows('workloads', tenant)) current.set(e.rowKey, e);
  }
  const actions: TransactionAction[] = [];
  let created = 0;
  let updated = 0;
  for (const [workload, r] of latest) {
    const history = (histories.get(workload) ?? []).sort((a, b) => (a.month < b.month ? -1 : 1));
    const existing = current.get(workload);
    if (!existing) {
      const fields = parseWith(TrackedWorkloadSchema, trackedFields(r));
      const entity = workloadEntity(tenant, workload, fields, evaluateTracked({ tenantId: tenant, workload, ...fields }, history, asOfDate).derived);
      checkEntitySize(entity);
      actions.push(['create', entity]);
      created++;
      continue;
    }
    const record = fromWorkloadEntity(existing);
    // The latest month becomes the record's figures; an older month never overwrites them.
    const withMonth = withLatestMonth(record, r);
    if (withMonth === null) continue;
    const nameChanged = r.customerName !== undefined && r.customerName !== record.customerName;
    if (!nameChanged && record.usageMonth === r.month && record.paidAvailableUnits === r.paidAvailableUnits && record.monthlyActiveUsers === r.monthlyActiveUsers) continue;
    const next = nameChanged ? { ...withMonth, customerName: r.customerName } : withMonth;
    const change: Record<string, unknown> = {
      partitionKey: existing.partitionKey,
      rowKey: existing.rowKey,
      paidAvailableUnits: next.paidAvailableUnits,
      monthlyActiveUsers: next.monthlyActiveUsers,
      usageMonth: next.usageMonth,
      ...derivedColumns(evaluateTracked(next, history, asOfDate).derived),
    };
    if (nameChanged) change.customerName = r.customerName;
    actions.push(['update', change as Row, 'Merge', { etag: String(existing.etag) }]);
    updated++;
  }
  await store.writeWorkloadActions(actions);
  summary.workloadsCreated += created;
  summary.workloadsUpdated += updated;
}
