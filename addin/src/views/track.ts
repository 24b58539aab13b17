/**
 * "Track selected rows": the selected rows of a sheet whose first row names the columns (as
 * in an import) sent to the tracked-customers API, with progress and a result per row.
 */
import { defaultCatalog } from '../../../shared';
import type { Cell } from '../cells';
import { rowToRecord } from '../trackRows';
import { api, problemText } from '../ui/api';
import { $, el } from '../ui/dom';
import { selectedRows } from '../ui/excel';

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
