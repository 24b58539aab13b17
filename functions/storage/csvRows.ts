/**
 * The rows of a usage report export (CSV): the bytes read as CSV records (csv-parse, fed in
 * slices so long files never hold the event loop), and each data record checked field by
 * field into a usage row, or the reason it is refused (naming the column and the value).
 */
import { parse, type CsvError } from 'csv-parse';
import { defaultCatalog, tenantIdSchema, toInputIssues } from '../../shared';
import { parseMonthText } from '../../shared/dates';
import { detectDelimiter, parseCount, type ColumnMap } from './csvColumns';
import { countLimitProblem, monthLimitProblem } from './importLimits';
import { TrackedWorkloadSchema } from './trackedWorkload';

const tenantId = tenantIdSchema();
/** Bytes handed to the parser at once (a few milliseconds of parsing). */
const PARSE_SLICE_BYTES = 16 * 1024;

/** One checked data row: a month of one tenant's workload. */
export interface UsageRow {
  line: number;
  tenantId: string;
  workload: string;
  month: string;
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  customerName?: string;
  programId: string;
}

/** A CSV record with the line it ends on. */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** The records of a CSV source, and the delimiter found on its first line. */
export interface CsvRecords {
  delimiter: ',' | ';' | '\t';
  records: AsyncIterable<CsvRecord>;
  /** Settles once the whole source has been handed to the parser. */
  fed: Promise<void>;
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
      found(
        detectDelimiter(
          joined
            .subarray(0, newline >= 0 ? newline : joined.length)
            .toString('utf8')
            .replace(/^\ufeff/, ''),
        ),
      );
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

/**
 * Read a source as CSV records. The first chunk decides the delimiter before the parser is
 * made; `pace` gives the event loop a break between slices; a record that cannot be read as
 * CSV is reported by `skipped` (with its line) and reading goes on.
 */
export async function csvRecords(
  source: AsyncIterable<Uint8Array | string>,
  pace: () => Promise<void>,
  hooks: { bytesRead(n: number): void; skipped(line: number, reason: string): void },
): Promise<CsvRecords> {
  let delimiter: ',' | ';' | '\t' = ',';
  const chunks = withDelimiter(source, (d) => (delimiter = d), hooks.bytesRead);
  const first = await chunks.next();
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, skip_records_with_error: true });
  parser.on('skip', (e: CsvError) => hooks.skipped(Number((e as unknown as { lines?: number }).lines ?? 0), `not readable as CSV: ${e.message}`));
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
  return { delimiter, records: parser as AsyncIterable<CsvRecord>, fed: feeding };
}

/** A data row checked field by field; the reason names the column and the value. */
export function checkRow(record: string[], columns: ColumnMap, line: number, asOfMonth: string): UsageRow | string {
  const at = (f: keyof ColumnMap['index']) => {
    const i = columns.index[f];
    return i === undefined ? '' : (record[i] ?? '').trim();
  };
  const problems: string[] = [];
  const tenant = tenantId.safeParse(at('tenantId'));
  if (!tenant.success) problems.push(`tenantId "${at('tenantId')}" is not a tenant ID (a GUID)`);
  const typedWorkload = at('workload');
  const workload = typedWorkload === '' ? null : defaultCatalog.workloads.resolve(typedWorkload);
  if (!workload) problems.push(typedWorkload === '' ? 'workload is empty' : `workload ${defaultCatalog.workloads.problemWith(typedWorkload)}`);
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
  if (!stored.success)
    return toInputIssues(stored.error)
      .map((i) => `${i.path} ${i.message}`)
      .join('; ');
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
export function trackedFields(r: UsageRow) {
  return {
    ...(r.customerName !== undefined ? { customerName: r.customerName } : {}),
    programId: r.programId,
    paidAvailableUnits: r.paidAvailableUnits,
    monthlyActiveUsers: r.monthlyActiveUsers,
    usageMonth: r.month,
  };
}
