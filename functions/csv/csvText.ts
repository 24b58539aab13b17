/**
 * Writing CSV that opens as a table in Excel: a UTF-8 byte order mark, a header row a person
 * reads, one row per item, RFC 4180 quoting, and cells that Excel would run as a formula
 * (starting with =, +, -, @, tab or carriage return) written with a leading apostrophe, so a
 * customer name from a file can never become a formula in the analyst's workbook.
 */

/** A column: its header, and the cell of an item. */
export interface CsvColumn<T> {
  header: string;
  cell(item: T): string | number | boolean | null | undefined;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV text. Numbers are written as they are (a negative number is a number, not a formula). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line (with its CRLF) of the cells of an item. */
export function csvLine<T>(columns: readonly CsvColumn<T>[], item: T): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) line += (i === 0 ? '' : ',') + csvCell(columns[i]!.cell(item));
  return `${line}\r\n`;
}

/** The header line. */
export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return `\ufeff${columns.map((c) => csvCell(c.header)).join(',')}\r\n`;
}

/**
 * The CSV of items that come page by page, as chunks of text: the header first, then each
 * page's rows as soon as the page is read (a large list streams; nothing holds it all).
 */
export async function* csvChunks<T>(columns: readonly CsvColumn<T>[], pages: AsyncIterable<readonly T[]>): AsyncGenerator<string> {
  yield csvHeader(columns);
  for await (const page of pages) {
    let text = '';
    for (const item of page) text += csvLine(columns, item);
    if (text !== '') yield text;
  }
}

/**
 * Cents as an amount a spreadsheet reads as a number: 150000 -> 1500, 12345 -> 123.45. The
 * integer divided by 100 prints as its exact decimal (the shortest text of the nearest double).
 */
export function centsAsAmount(cents: number | null | undefined): number | null {
  return cents === null || cents === undefined ? null : cents / 100;
}
