/**
 * Cells as custom functions receive them, and answers shaped as Excel spills them. Row-wise
 * arguments are declared as matrices, so one formula takes a single cell or a whole column:
 * every argument is 1x1 (used for every row) or the shape of the largest one, and the answer
 * has that shape. Empty cells and omitted optional arguments are "no value".
 */

export type Cell = string | number | boolean | null | undefined;
export type Matrix = Cell[][];

/** An argument as it arrives: a matrix, or (omitted, or from code) a single value or nothing. */
export type Arg = Matrix | Cell;

/** Excel's day 0 for serial dates (1900 date system, as Excel counts it). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** A problem with one argument of one row, reported with the argument's name. */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    readonly problem: string,
  ) {
    super(`${argument}: ${problem}`);
    this.name = 'ArgumentError';
  }
}

function asMatrix(arg: Arg): Matrix {
  if (Array.isArray(arg)) return arg;
  return [[arg]];
}

/** The shape the answer takes: the largest argument; refused when two disagree. */
export function shapeOf(args: Record<string, Arg>): { rows: number; cols: number } {
  let rows = 1;
  let cols = 1;
  let from = '';
  for (const [name, arg] of Object.entries(args)) {
    const m = asMatrix(arg);
    const r = m.length;
    const c = m[0]?.length ?? 0;
    if (r === 0 || c === 0) throw new ArgumentError(name, 'is an empty range');
    if (r === 1 && c === 1) continue;
    if (rows === 1 && cols === 1) {
      rows = r;
      cols = c;
      from = name;
    } else if (r !== rows || c !== cols) {
      throw new ArgumentError(name, `is ${r} x ${c} cells but ${from} is ${rows} x ${cols}; give ranges of the same size, or a single cell`);
    }
  }
  return { rows, cols };
}

/** The cell of an argument for row i, column j (a single cell stands for every row). */
export function cellAt(arg: Arg, i: number, j: number): Cell {
  const m = asMatrix(arg);
  if (m.length === 1 && m[0]!.length === 1) return m[0]![0];
  return m[i]?.[j];
}

/** True for an empty cell or an omitted argument. */
export function isBlank(v: Cell): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Text, or undefined when blank; numbers become their text (a partner ID typed as a number). */
export function textOf(v: Cell): string | undefined {
  if (isBlank(v)) return undefined;
  return typeof v === 'string' ? v.trim() : String(v);
}

/** A count as the engine validates it: numbers as they are, numeric text as a number. */
export function numberOf(v: Cell): unknown {
  if (isBlank(v)) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return v;
}

/** An ISO date from a date cell (an Excel serial number) or ISO text; anything else is left for validation to name. */
export function dateOf(v: Cell): unknown {
  if (isBlank(v)) return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 2_958_465) return v;
    return new Date(EXCEL_EPOCH_MS + v * DAY_MS).toISOString().slice(0, 10);
  }
  return typeof v === 'string' ? v.trim() : v;
}

/** A list typed in one cell: "MDE, MDO" or "deployment; adoption-change-management". */
export function listOf(v: Cell): string[] | undefined {
  const t = textOf(v);
  if (t === undefined) return undefined;
  return t
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Answer every row: `row(i, j)` gives the value of that row, or throws; a thrown problem
 * becomes that cell's error (`error(message)`), so one bad row does not blank the column.
 */
export function eachRow<T>(args: Record<string, Arg>, row: (i: number, j: number) => T, error: (message: string) => unknown): Array<Array<T | unknown>> {
  const { rows, cols } = shapeOf(args);
  const out: Array<Array<T | unknown>> = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const line: Array<T | unknown> = new Array(cols);
    for (let j = 0; j < cols; j++) {
      try {
        line[j] = row(i, j);
      } catch (e) {
        line[j] = error(messageOf(e, rows * cols > 1 ? i * cols + j + 1 : 0));
      }
    }
    out[i] = line;
  }
  return out;
}

/** The message of a problem, naming the argument (and the row of a range). */
export function messageOf(e: unknown, row: number): string {
  const issues = (e as { issues?: Array<{ path: string; message: string }> }).issues;
  const text = Array.isArray(issues) && issues.length > 0 ? issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ') : e instanceof Error ? e.message : String(e);
  return row > 0 ? `row ${row}: ${text}` : text;
}
