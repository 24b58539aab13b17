/**
 * What the task pane does in the workbook, through Excel's JavaScript API: find and select a
 * tenant's row or a tenant's workload's row (sheetRows.ts), read the selected row's keys, append a row under the sheet's columns, and
 * write an Excel table in chunks with progress.
 */
import { indexSheetRows, type SheetRowIndex } from '../sheetRows';

/* The slice of Excel's API the pane uses (office.js provides it in Excel; the tests' stub host in Chromium). */
export interface ExcelRange {
  values: unknown[][];
  rowIndex: number;
  rowCount: number;
  address: string;
  load(props: string): void;
  select(): void;
  getRow(i: number): ExcelRange;
  find(text: string, options: { completeMatch: boolean; matchCase: boolean }): ExcelRange;
  getEntireRow(): ExcelRange;
}
interface ExcelTable {
  name: string;
  getHeaderRowRange(): ExcelRange;
  rows: { add(index: number | undefined, values: unknown[][]): void };
}
interface ExcelWorksheet {
  name: string;
  isNullObject: boolean;
  load(props: string): void;
  activate(): void;
  getUsedRange(valuesOnly?: boolean): ExcelRange;
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): ExcelRange;
  tables: { add(range: ExcelRange, hasHeaders: boolean): ExcelTable };
}
export interface ExcelContext {
  workbook: {
    getSelectedRange(): ExcelRange;
    worksheets: { getActiveWorksheet(): ExcelWorksheet; add(name: string): ExcelWorksheet; getItemOrNullObject(name: string): ExcelWorksheet };
  };
  sync(): Promise<void>;
}
declare const Excel: { run<T>(fn: (context: ExcelContext) => Promise<T>): Promise<T> };

export function excelRun<T>(fn: (context: ExcelContext) => Promise<T>): Promise<T> {
  return Excel.run(fn);
}

/** Select the row of the active sheet holding the tenant (the first match). */
export async function goToTenant(tenantId: string): Promise<void> {
  await Excel.run(async (context) => {
    const found = context.workbook.worksheets.getActiveWorksheet().getUsedRange().find(tenantId, { completeMatch: true, matchCase: false });
    found.getEntireRow().select();
    await context.sync();
  });
}

/** The active sheet's rows by tenant and workload (sheetRows.ts), read once: which workloads have a row. */
export async function activeSheetRows(): Promise<SheetRowIndex> {
  return Excel.run(async (context) => {
    const used = context.workbook.worksheets.getActiveWorksheet().getUsedRange(true);
    used.load('values');
    await context.sync();
    return indexSheetRows(used.values);
  });
}

/** Select the active sheet's row of a tenant's workload; the sheet row number selected, or null when the sheet has no such row. */
export async function goToWorkload(tenantId: string, workload: string): Promise<number | null> {
  return Excel.run(async (context) => {
    const used = context.workbook.worksheets.getActiveWorksheet().getUsedRange(true);
    used.load('values,rowIndex');
    await context.sync();
    const i = indexSheetRows(used.values).find(tenantId, workload);
    if (i === null) return null;
    used.getRow(i).getEntireRow().select();
    await context.sync();
    return used.rowIndex + i + 1;
  });
}

/** The active sheet's header row and the selected rows (the first row names the columns, as in an import). */
export async function selectedRows(): Promise<{ headers: string[]; rows: unknown[][]; firstRow: number }> {
  return Excel.run(async (context) => {
    const selected = context.workbook.getSelectedRange();
    selected.load('values,rowIndex');
    const header = context.workbook.worksheets.getActiveWorksheet().getUsedRange().getRow(0);
    header.load('values');
    await context.sync();
    return { headers: (header.values[0] ?? []).map(String), rows: selected.values, firstRow: selected.rowIndex + 1 };
  });
}

/** Append one row under the active sheet's used range, its cells placed under the headers `cellFor` fills (headers written first on an empty sheet). */
export async function appendRow(defaultHeaders: readonly string[], cellFor: (header: string) => unknown): Promise<number> {
  return Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    const used = sheet.getUsedRange(true);
    used.load('values,rowIndex,rowCount');
    await context.sync();
    let headers = (used.values[0] ?? []).map(String).filter((h) => h !== '');
    let row = used.rowIndex + used.rowCount;
    if (headers.length === 0) {
      headers = [...defaultHeaders];
      sheet.getRangeByIndexes(0, 0, 1, headers.length).values = [headers];
      row = 1;
    }
    sheet.getRangeByIndexes(row, 0, 1, headers.length).values = [headers.map((h) => cellFor(h) ?? '')];
    await context.sync();
    return row + 1;
  });
}

/** Rows written per sync: small enough for Excel on the web's request limit (5 MB). */
export const TABLE_CHUNK = 500;

/**
 * A new sheet (named `sheetName`, or `sheetName 2`... when taken) with an Excel table of the
 * headers, filled by the row pages `pages` yields, `progress` told after every chunk.
 */
export async function writeTable(sheetName: string, headers: readonly string[], pages: AsyncIterable<unknown[][]>, progress: (written: number) => void): Promise<{ sheet: string; rows: number }> {
  return Excel.run(async (context) => {
    let name = sheetName;
    for (let n = 2; ; n++) {
      const existing = context.workbook.worksheets.getItemOrNullObject(name);
      // Usually once: a second round only when the name is taken.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      if (existing.isNullObject) break;
      name = `${sheetName} ${n}`;
    }
    const sheet = context.workbook.worksheets.add(name);
    const table = sheet.tables.add(sheet.getRangeByIndexes(0, 0, 1, headers.length), true);
    table.getHeaderRowRange().values = [[...headers]];
    await context.sync();
    let written = 0;
    for await (const page of pages) {
      for (let i = 0; i < page.length; i += TABLE_CHUNK) {
        const chunk = page.slice(i, i + TABLE_CHUNK);
        table.rows.add(undefined, chunk);
        // One sync per chunk, on purpose: Excel on the web refuses requests over 5 MB, and the pane shows progress.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        written += chunk.length;
        progress(written);
      }
    }
    sheet.activate();
    await context.sync();
    return { sheet: name, rows: written };
  });
}
