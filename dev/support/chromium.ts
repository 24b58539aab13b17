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
 * functions return), and an Excel.run over a fake selection for the task pane.
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
  const range = (values, rowIndex) => ({ values, rowIndex, load() {}, select() { window.__selected.push(values); }, getRow(i) { return range([values[i] ?? []], rowIndex + i); }, getEntireRow() { return range(values, rowIndex); },
    find(text) { return range([[text]], 0); } });
  window.Excel = { run: async (fn) => fn({
    workbook: {
      getSelectedRange: () => range(window.__selection.rows, window.__selection.rowIndex),
      worksheets: { getActiveWorksheet: () => ({ getUsedRange: () => range([window.__selection.headers, ...window.__selection.rows], 0) }) },
    },
    sync: async () => {},
  }) };
`;
