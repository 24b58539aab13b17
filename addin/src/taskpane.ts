/**
 * The task pane: API settings (saved in the add-in, never in the workbook), "Track selected
 * rows" (sends the selected rows to the tracked-customers API with progress and a result per
 * row), and "Last night's changes" (the nightly change feed, filtered, each change leading to
 * its tenant's row in the sheet).
 */
import { defaultCatalog, TRACKED_KEYS, TRACKED_RECORD_FIELDS, trackedFieldKind } from '../../shared';
import { fieldOfHeader, normalizeHeader } from '../../shared/columns';
import type { ChangeItem, IncentivesApi } from './apiClient';
import { dateOf, isBlank, numberOf, type Cell } from './cells';
import { loadSettings, saveSettings } from './settings';

declare const Excel: {
  run<T>(fn: (context: ExcelContext) => Promise<T>): Promise<T>;
};
interface ExcelRange {
  values: unknown[][];
  rowIndex: number;
  address: string;
  load(props: string): void;
  select(): void;
  getRow(i: number): ExcelRange;
  find(text: string, options: { completeMatch: boolean; matchCase: boolean }): ExcelRange;
  getEntireRow(): ExcelRange;
}
interface ExcelContext {
  workbook: { getSelectedRange(): ExcelRange; worksheets: { getActiveWorksheet(): { getUsedRange(): ExcelRange } } };
  sync(): Promise<void>;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function api(): IncentivesApi {
  return (globalThis as unknown as { PartnerIncentives: { api: IncentivesApi } }).PartnerIncentives.api;
}

/** The formulas' catalog (functionsEntry.ts: one catalog for the page, whichever bundle asks). */
interface CatalogControl {
  load(apiUrl: string): Promise<unknown>;
  describe(): string;
  exampleYears(): string[];
}

function catalogControl(): CatalogControl {
  return (globalThis as unknown as { PartnerIncentives: { catalog: CatalogControl } }).PartnerIncentives.catalog;
}

/** The catalog in use, and the banner while any program year holds the shipped example figures. */
export function showCatalog(problem?: string): void {
  const control = catalogControl();
  $('catalog-status').textContent = problem ? `${problem} Formulas keep using: ${control.describe()}` : control.describe();
  const examples = control.exampleYears();
  const banner = $('catalog-banner');
  banner.hidden = examples.length === 0;
  banner.textContent =
    examples.length === 0 ? '' : `Amounts use example figures, not your program's (${examples.join(', ')}): load your team's catalog below, or enter the figures of the current incentive guide.`;
}

/** Recalculate the workbook so that every formula uses the catalog just loaded (where Excel allows). */
async function recalculate(): Promise<void> {
  try {
    await Excel.run(async (context) => {
      (context.workbook as unknown as { application?: { calculate(type: string): void } }).application?.calculate('Full');
      await context.sync();
    });
  } catch {
    // Outside Excel (or an older host): formulas pick the catalog up at their next calculation.
  }
}

async function loadCatalog(): Promise<void> {
  $('catalog-status').textContent = 'Loading the catalog...';
  try {
    await catalogControl().load(loadSettings().apiUrl);
    showCatalog();
    await recalculate();
  } catch (e) {
    showCatalog(`Could not load the catalog (${e instanceof Error ? e.message : String(e)}).`);
  }
}

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

function problemText(json: Record<string, unknown>, status: number): string {
  const errors = json.errors as Array<{ path: string; message: string }> | undefined;
  if (errors?.length) return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return String(json.detail ?? `HTTP ${status}`);
}

async function trackSelectedRows(): Promise<void> {
  const out = $<HTMLOListElement>('track-results');
  const progress = $<HTMLProgressElement>('track-progress');
  out.innerHTML = '';
  const { headers, rows, firstRow } = await Excel.run(async (context) => {
    const selected = context.workbook.getSelectedRange();
    selected.load('values,rowIndex');
    const used = context.workbook.worksheets.getActiveWorksheet().getUsedRange();
    const header = used.getRow(0);
    header.load('values');
    await context.sync();
    return { headers: (header.values[0] ?? []).map(String), rows: selected.values as Cell[][], firstRow: selected.rowIndex + 1 };
  });
  progress.max = rows.length;
  progress.value = 0;
  let done = 0;
  for (const [i, row] of rows.entries()) {
    const line = document.createElement('li');
    const { tenantId, workload, fields } = rowToRecord(headers, row);
    const label = `Row ${firstRow + i}`;
    try {
      if (!tenantId || !workload) throw new Error(`needs a tenant ID and a workload column (headers found: ${headers.join(', ') || 'none'})`);
      line.textContent = `${label}: ${await trackRow(tenantId, workload, fields)}`;
      line.className = 'ok';
    } catch (e) {
      line.textContent = `${label}: ${e instanceof Error ? e.message : String(e)}`;
      line.className = 'error';
    }
    out.appendChild(line);
    progress.value = ++done;
    $('track-status').textContent = `${done} of ${rows.length} rows`;
  }
}

/** Yesterday in UTC: the night the latest run evaluated. */
export function lastNight(now = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

async function goToTenant(tenantId: string): Promise<void> {
  await Excel.run(async (context) => {
    const found = context.workbook.worksheets.getActiveWorksheet().getUsedRange().find(tenantId, { completeMatch: true, matchCase: false });
    found.getEntireRow().select();
    await context.sync();
  });
}

export function renderChanges(items: ChangeItem[], kind: string, tenant: string): void {
  const list = $<HTMLUListElement>('changes');
  list.innerHTML = '';
  const shown = items.filter(
    (c) => (kind === '' || c.kind === kind) && (tenant === '' || c.tenantId.includes(tenant.toLowerCase()) || (c.customerName ?? '').toLowerCase().includes(tenant.toLowerCase())),
  );
  for (const c of shown) {
    const li = document.createElement('li');
    li.className = 'change';
    const link = document.createElement('a');
    link.href = '#';
    link.textContent = `${c.customerName ?? c.tenantId} · ${c.workload}`;
    link.title = `Go to tenant ${c.tenantId} in the sheet`;
    link.dataset.tenantId = c.tenantId;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      goToTenant(c.tenantId).catch((err: unknown) => ($('changes-status').textContent = `Could not find ${c.tenantId}: ${String(err)}`));
    });
    const kindEl = document.createElement('strong');
    kindEl.textContent = ` ${c.kind}`;
    const why = document.createElement('p');
    why.textContent = `${c.reasons[0]?.message ?? ''} Advice: ${c.advice.action}.`;
    li.append(link, kindEl, why);
    list.appendChild(li);
  }
  $('changes-status').textContent = `${shown.length} of ${items.length} changes`;
}

let loaded: ChangeItem[] = [];

async function loadChanges(): Promise<void> {
  const since = ($<HTMLInputElement>('changes-since').value || lastNight()).trim();
  $('changes-status').textContent = 'Loading...';
  try {
    api().clear();
    loaded = await api().changesSince(since);
    renderChanges(loaded, $<HTMLSelectElement>('changes-kind').value, $<HTMLInputElement>('changes-tenant').value);
  } catch (e) {
    $('changes-status').textContent = e instanceof Error ? e.message : String(e);
  }
}

export function startTaskPane(): void {
  const s = loadSettings();
  $<HTMLInputElement>('api-url').value = s.apiUrl;
  $<HTMLInputElement>('api-key').value = s.apiKey;
  $<HTMLInputElement>('changes-since').value = lastNight();
  $('settings').addEventListener('submit', (e) => {
    e.preventDefault();
    const problem = saveSettings({ apiUrl: $<HTMLInputElement>('api-url').value, apiKey: $<HTMLInputElement>('api-key').value });
    api().clear();
    $('settings-status').textContent = problem ?? 'Saved. Formulas use these settings from their next calculation.';
    if (problem === null) void loadCatalog();
  });
  $('catalog-load').addEventListener('click', () => void loadCatalog());
  showCatalog();
  if (s.apiKey !== '') void loadCatalog();
  $('track').addEventListener('click', () => {
    trackSelectedRows().catch((e: unknown) => ($('track-status').textContent = e instanceof Error ? e.message : String(e)));
  });
  $('changes-load').addEventListener('click', () => void loadChanges());
  const refilter = () => renderChanges(loaded, $<HTMLSelectElement>('changes-kind').value, $<HTMLInputElement>('changes-tenant').value);
  $('changes-kind').addEventListener('change', refilter);
  $('changes-tenant').addEventListener('input', refilter);
  void loadChanges();
}

const office = (globalThis as { Office?: { onReady(cb: () => void): void } }).Office;
if (typeof document !== 'undefined' && document.getElementById('settings')) {
  if (office) office.onReady(() => startTaskPane());
  else startTaskPane();
}
