/**
 * Which report a file is, told by its columns (never by its name or column order), and the
 * reader of its records:
 * - Partner Center's Enterprise Mobility license usage report: it has `FreeVsPaidSKU` or one
 *   of the per-workload columns (`IntunePaidAvailableUnits`, `AATPActiveUsage`...);
 * - Partner Center's Office 365 license usage report: `WorkloadName` with
 *   `IsDuplicateRowForPGA` or `PGAPartnerID`;
 * - our own usage file: tenant ID, workload, PAU, MAU and month under any of their names;
 * - Partner Center's claims export: a claim ID column with a status column (claimsReport.ts),
 *   told apart before the usage files (`claimsReaderFor`).
 * A file that is none of these is refused as a whole, naming what it lacks, before anything is
 * written.
 */
import { StorageInputError } from '../storageErrors';
import { claimsReader, isClaimsReport, type ClaimsReportReader } from './claimsReport';
import { ColumnIndex } from './columns';
import { ENTERPRISE_MOBILITY_MARKERS, enterpriseMobilityReader } from './enterpriseMobilityUsage';
import { perMonthUsageReader } from './perMonthUsage';
import type { UsageReportReader } from './usageRow';

/** What the reader reports besides rows. */
export interface ReaderHooks {
  /** A line imported with something to check: `kind` counts it (sku-not-placed unless said). */
  warn(line: number, message: string, kind?: string): void;
}

/** The reader of a file with these headers; throws a StorageInputError (400) for a file we do not read. */
export function readerFor(headers: readonly string[], asOfMonth: string, hooks: ReaderHooks): UsageReportReader {
  const columns = new ColumnIndex(headers);
  if (looksBinary(headers)) throw new StorageInputError('file', 'is not CSV text (its first line holds binary data; an Excel workbook must be saved as CSV first)');
  if (ENTERPRISE_MOBILITY_MARKERS.some((m) => columns.has(m))) return enterpriseMobilityReader(columns, asOfMonth, hooks.warn);
  const office365 = columns.has('workloadname') && (columns.has('isduplicaterowforpga') || columns.has('pgapartnerid'));
  return perMonthUsageReader(columns, asOfMonth, office365, hooks.warn);
}

/** The reader of a claims export, when the headers are one (a claim ID with a status); null otherwise. */
export function claimsReaderFor(headers: readonly string[]): ClaimsReportReader | null {
  const columns = new ColumnIndex(headers);
  return isClaimsReport(columns) ? claimsReader(columns) : null;
}

/** A header line of an xlsx/zip or another binary file read as text. */
function looksBinary(headers: readonly string[]): boolean {
  const text = headers.join(',');
  return text.startsWith('PK\u0003\u0004') || /[\u0000-\u0008\u000e-\u001f]/.test(text) || text.includes('\ufffd');
}
