/**
 * Which row of a sheet holds a tracked workload: the sheet's first row names the columns (as in
 * an import: "Tenant ID", "Customer tenant ID", "Workload", "Product"...), a row matches on its
 * tenant (case and spaces aside) and its workload, written as the catalog's id, its name or a
 * Partner Center code ("teams", "Teams", "MDE"). A sheet without a workload column matches on the
 * tenant alone (the work list's "Go to row" does the same). Pure: unit-tested in
 * test/unit/sheetRows.test.ts; ui/excel.ts reads the sheet and selects the row.
 */
import { defaultCatalog } from '../../shared';
import { fieldOfHeader } from '../../shared/columns';

const norm = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toLowerCase();

/** A workload cell as the catalog's id ("Defender for Endpoint", "MDE" -> "defender-for-endpoint"); the text itself when unknown. */
function workloadOf(cell: unknown): string {
  const text = String(cell ?? '').trim();
  return text === '' ? '' : (defaultCatalog.workloads.resolve(text)?.id ?? text.toLowerCase());
}

export interface SheetRowIndex {
  /** The index (into the values read, 0 = the header row) of the workload's first row, or null when the sheet has none. */
  find(tenantId: string, workload: string): number | null;
  /** Whether the sheet names a tenant column at all (without one no row can match). */
  readonly hasTenantColumn: boolean;
}

/** An index of a sheet's rows (its values, the first row naming the columns) by tenant and workload. */
export function indexSheetRows(values: readonly (readonly unknown[])[]): SheetRowIndex {
  const headers = (values[0] ?? []).map((h) => fieldOfHeader(String(h ?? '')));
  const tenantCol = headers.indexOf('tenantId');
  const workloadCol = headers.indexOf('workload');
  const rows = new Map<string, number>();
  if (tenantCol >= 0) {
    for (let i = 1; i < values.length; i++) {
      const row = values[i]!;
      const tenant = norm(row[tenantCol]);
      if (tenant === '') continue;
      const key = `${tenant}|${workloadCol >= 0 ? workloadOf(row[workloadCol]) : ''}`;
      if (!rows.has(key)) rows.set(key, i);
    }
  }
  return {
    hasTenantColumn: tenantCol >= 0,
    find: (tenantId, workload) => rows.get(`${norm(tenantId)}|${workloadCol >= 0 ? workloadOf(workload) : ''}`) ?? null,
  };
}
