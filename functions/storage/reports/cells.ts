/**
 * The cells of a usage report row, read and checked one by one. Each reader returns the value,
 * or notes the problem in words naming the column and the value (a row with problems is
 * refused with its line, the rest of the file is imported).
 */
import { loadedCatalog } from '../catalogSource';
import { tenantIdSchema } from '../../../shared';
import { parseMonthText } from '../../../shared/dates';
import { parseCount } from '../../../shared/columns';
import { countLimitProblem, monthLimitProblem } from '../importLimits';
import type { RowSkip } from './usageRow';

const tenantIdCheck = tenantIdSchema();

export function tenantCell(raw: string, field: string, problems: string[]): string | null {
  const tenant = tenantIdCheck.safeParse(raw);
  if (tenant.success) return tenant.data;
  problems.push(`${field} "${raw}" is not a tenant ID (a GUID)`);
  return null;
}

export function monthCell(raw: string, field: string, asOfMonth: string, problems: string[]): string | null {
  const parsed = parseMonthText(raw);
  if (!parsed.ok) {
    problems.push(`${field} "${raw}" ${parsed.problem}`);
    return null;
  }
  const outside = monthLimitProblem(parsed.value, asOfMonth);
  if (outside !== null) {
    problems.push(outside);
    return null;
  }
  return parsed.value;
}

/** A count cell read and checked against the plausible range; null (with the problem noted) when it is not one. */
export function countCell(raw: string, field: string, unit: string, problems: string[]): number | null {
  const n = parseCount(raw);
  if (n === null) {
    problems.push(`${field} "${raw}" is not a whole number of ${unit}`);
    return null;
  }
  const implausible = countLimitProblem(field, raw, n, unit);
  if (implausible !== null) problems.push(implausible);
  return implausible === null ? n : null;
}

/**
 * The workload a product name means; a product no program pays for is skipped (Partner Center
 * reports Skype for Business and OneDrive too); a suite or an unknown name is a problem naming
 * what it is or the nearest known names.
 */
export function workloadCell(raw: string, field: string, problems: string[]): string | RowSkip | null {
  if (raw === '') {
    problems.push(`${field} is empty`);
    return null;
  }
  const match = loadedCatalog().workloads.match(raw);
  if (match.kind === 'workload') return match.workload.id;
  if (match.kind === 'untracked') return { kind: 'untracked-product', skipped: `${match.product.name} ("${raw}") is a product no incentive program pays for` };
  problems.push(`${field} ${loadedCatalog().workloads.problemWith(raw)}`);
  return null;
}

/** The program family that pays for a workload, or null with the problem noted. */
export function familyOf(workload: string, typed: string, problems: string[]): string | null {
  const family = loadedCatalog().familyOfWorkload(workload);
  if (family === undefined) problems.push(`no program pays for workload "${typed}"; add a programId column`);
  return family ?? null;
}

/** A row a spreadsheet adds at the bottom: its key cell says Total (or Grand total, Totals). */
export function isTotalRow(cells: readonly string[]): boolean {
  return cells.some((c) => /^(grand\s*)?totals?:?$/i.test(c.trim()));
}

/** Whether a flag cell says yes (1, true, yes). */
export function flagCell(raw: string): boolean {
  return /^(1|true|yes|y)$/i.test(raw.trim());
}

/**
 * A TPID cell: the TPID (digits), or null. One that is not digits (Excel writes long numbers as
 * 1.23457E+11, losing digits) is left out with a warning: the row's usage is still imported.
 */
export function tpidCell(raw: string, field: string, line: number, warn: (line: number, message: string, kind: string) => void): string | null {
  if (raw === '') return null;
  if (/^\d{1,20}$/.test(raw)) return raw;
  warn(line, `${field} "${raw}" is not a TPID (digits only, up to 20): the row is imported without it`, 'tpid-not-read');
  return null;
}
