/**
 * Headless Chromium for the add-in's browser tests and benchmark: Debian's chromium driven
 * by playwright-core (which cannot download browsers here), with the flags the machine
 * needs, and the stub host the add-in is loaded under.
 */
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * The stub host, run in the page before its scripts, as Excel would provide it: a
 * CustomFunctions runtime that records every associate call (and the Error type the
 * functions return), and an Excel.run over a fake selection for the task pane, recording the
 * sheets and tables it adds (window.__sheets) and the cells it writes (window.__writes).
 */
export const STUB_HOST = `
  window.__associated = {};
  window.__selection = { headers: [], rows: [], rowIndex: 1 };
  window.__selected = [];
  class CfError { constructor(code, message) { this.code = code; this.message = message; } }
  const runtime = {
    associate(id, fn) { window.__associated[id] = fn; },
    Error: CfError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', nullReference: '#NULL!' },
  };
  // office.js fills in its own CustomFunctions outside Excel; the stub stays as it is.
  Object.freeze(runtime);
  Object.defineProperty(window, 'CustomFunctions', { get: () => runtime, set: () => {}, configurable: false });
  const range = (values, rowIndex) => ({ values, rowIndex, rowCount: values.length, load() {}, select() { window.__selected.push(values); }, getRow(i) { return range([values[i] ?? []], rowIndex + i); }, getEntireRow() { return range(values, rowIndex); },
    find(text) { return range([[text]], 0); } });
  // Sheets the add-in adds (with their tables) and the cells it writes, for the tests to read.
  window.__sheets = {};
  window.__writes = [];
  const writable = (sheet, row, col) => { const r = { rowIndex: row, load() {}, select() {} };
    Object.defineProperty(r, 'values', { get: () => [], set: (v) => { window.__writes.push({ sheet, row, col, values: v }); } }); return r; };
  const sheet = (name, used) => ({ name, isNullObject: false, load() {}, activate() { window.__activeSheet = name; },
    getUsedRange: () => range(used(), 0), getRangeByIndexes: (row, col) => writable(name, row, col),
    tables: { add: () => { const t = { headers: [], rows: [], syncs: 0 }; window.__sheets[name].tables.push(t);
      return { name: 'Table' + Object.keys(window.__sheets).length, getHeaderRowRange: () => { const h = {}; Object.defineProperty(h, 'values', { set: (v) => { t.headers = v[0]; } }); return h; },
        rows: { add: (_index, values) => { t.rows.push(...values); t.adds = (t.adds ?? 0) + 1; } } }; } } });
  window.Excel = { run: async (fn) => fn({
    workbook: {
      getSelectedRange: () => range(window.__selection.rows, window.__selection.rowIndex),
      worksheets: {
        getActiveWorksheet: () => sheet('Sheet1', () => [window.__selection.headers, ...window.__selection.rows]),
        add: (name) => { window.__sheets[name] = { tables: [] }; return sheet(name, () => []); },
        getItemOrNullObject: (name) => (window.__sheets[name] ? sheet(name, () => []) : { isNullObject: true, load() {} }),
      },
    },
    sync: async () => {},
  }) };
`;
