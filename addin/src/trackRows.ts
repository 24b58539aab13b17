/**
 * "Track selected rows" (views/track.ts), the part that decides: which record field a column
 * header names, and a sheet row read back as a tracked record. No DOM: unit-tested in
 * test/unit/trackRow.test.ts.
 */
import { claimStatusOf, TRACKED_KEYS, TRACKED_RECORD_FIELDS, trackedFieldKind } from '../../shared';
import { fieldOfHeader, normalizeHeader } from '../../shared/columns';
import { dateOf, isBlank, numberOf, type Cell } from './cells';

/** Record fields a column header can name (beyond the import's aliases): what a user enters, not what the engine derives. */
const RECORD_FIELDS: readonly string[] = [...TRACKED_KEYS, ...TRACKED_RECORD_FIELDS];
const BY_NORMALIZED = new Map(RECORD_FIELDS.map((f) => [normalizeHeader(f), f]));

/** The record field a header names, if any. */
export function fieldOf(header: string): string | null {
  const direct = BY_NORMALIZED.get(normalizeHeader(header));
  if (direct) return direct;
  const imported = fieldOfHeader(header);
  return imported === 'month' ? null : imported;
}

function cellValue(field: string, v: Cell): unknown {
  if (isBlank(v)) return undefined;
  const kind = trackedFieldKind(field);
  if (kind === 'date') return dateOf(v);
  if (kind === 'count') return numberOf(v);
  // A claim status in Partner Center's words ("Under review", as a pulled table shows it) or as stored; anything else goes as written, for the API to refuse by name.
  if (field === 'claimStatus' && typeof v === 'string') return claimStatusOf(v) ?? v.trim();
  // A text field Excel holds as a number (a TPID typed as 123456) goes as its digits.
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v.trim() : v;
}

/** A row of the sheet as a tracked workload: its keys and its fields. */
export function rowToRecord(headers: string[], row: Cell[]): { tenantId?: string; workload?: string; fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = {};
  headers.forEach((h, i) => {
    const f = fieldOf(h);
    if (f) {
      const v = cellValue(f, row[i]);
      if (v !== undefined) fields[f] = v;
    }
  });
  const { tenantId, workload, ...rest } = fields;
  return { tenantId: tenantId as string | undefined, workload: workload as string | undefined, fields: rest };
}
