/**
 * The records of an export (CSV): the bytes read as CSV records (csv-parse, fed in slices so
 * long files never hold the event loop). What the records mean is the report reader's
 * business (reports/reportKind.ts).
 */
import { parse, type CsvError } from 'csv-parse';
import { detectDelimiter } from './csvColumns';

export type { UsageRow } from './reports/usageRow';
/** Bytes handed to the parser at once (a few milliseconds of parsing). */
const PARSE_SLICE_BYTES = 16 * 1024;

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
