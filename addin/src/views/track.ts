/**
 * "Track selected rows": the selected rows of a sheet whose first row names the columns (as
 * in an import) sent to the tracked-customers API, with progress and a result per row.
 */
import { defaultCatalog, TRACKED_KEYS, TRACKED_RECORD_FIELDS, trackedFieldKind } from '../../../shared';
import { fieldOfHeader, normalizeHeader } from '../../../shared/columns';
import { dateOf, isBlank, numberOf, type Cell } from '../cells';
import { api, problemText } from '../ui/api';
import { $, el } from '../ui/dom';
import { selectedRows } from '../ui/excel';

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

/**
 * Track one row: a workload not tracked yet is created (under the program that pays for it
 * when the row names none); a tracked one gets the fields the row has, with the ETag just read.
 */
export async function trackRow(tenantId: string, workload: string, fields: Record<string, unknown>): Promise<string> {
  const path = `/workloads/${encodeURIComponent(tenantId)}/${encodeURIComponent(workload)}`;
  const current = await api().send('GET', path);
  if (current.status === 200) {
    const patched = await api().send('PATCH', path, { body: fields, etag: String(current.json.etag) });
    if (patched.status === 200) return 'updated';
    throw new Error(problemText(patched.json, patched.status));
  }
  if (current.status !== 404) throw new Error(problemText(current.json, current.status));
  const body = { ...fields };
  if (body.programId === undefined) {
    const id = defaultCatalog.workloads.resolve(workload)?.id;
    const family = id === undefined ? undefined : defaultCatalog.familyOfWorkload(id);
    if (family !== undefined) body.programId = family;
  }
  const created = await api().send('PUT', path, { body });
  if (created.status === 201) return 'tracked';
  throw new Error(problemText(created.json, created.status));
}

export async function trackSelectedRows(): Promise<void> {
  const out = $<HTMLOListElement>('track-results');
  const progress = $<HTMLProgressElement>('track-progress');
  out.innerHTML = '';
  const { headers, rows, firstRow } = await selectedRows();
  progress.max = rows.length;
  progress.value = 0;
  let done = 0;
  for (const [i, row] of rows.entries()) {
    const { tenantId, workload, fields } = rowToRecord(headers, row as Cell[]);
    const label = `Row ${firstRow + i}`;
    let line: HTMLLIElement;
    try {
      if (!tenantId || !workload) throw new Error(`needs a tenant ID and a workload column (headers found: ${headers.join(', ') || 'none'})`);
      line = el('li', { class: 'ok' }, `${label}: ${await trackRow(tenantId, workload, fields)}`);
    } catch (e) {
      line = el('li', { class: 'error' }, `${label}: ${e instanceof Error ? e.message : String(e)}`);
    }
    out.appendChild(line);
    progress.value = ++done;
    $('track-status').textContent = `${done} of ${rows.length} rows`;
  }
}
