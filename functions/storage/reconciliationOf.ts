/**
 * Reconciliation of the tracked workloads on a date: every tracked record (of one tenant, or
 * all) judged by the one evaluator with its usage history, its payout computed with what its
 * imported earnings paid, and its lines reconciled (trackedEarnings.ts). Read page by page as
 * the nightly reads them: each page's usage and earnings in one query each.
 */
import { defaultCatalog, type Catalog, type ReconciliationLine } from '../../shared';
import type { TrackedWorkload } from './trackedWorkload';
import { reconcileTracked } from './trackedEarnings';
import type { WorkloadStore } from './workloadStore';

/** PartitionKey bounds [from, to) of every tenant (lowercase GUIDs), or of one. */
function bounds(tenantId: string | undefined): { from: string; to: string } {
  return tenantId === undefined ? { from: '0', to: 'g' } : { from: tenantId, to: `${tenantId}!` };
}

export interface ReconciledWorkload {
  record: TrackedWorkload;
  lines: ReconciliationLine[];
}

/** The reconciled tracked workloads, one at a time, in key order. */
export async function* reconciledWorkloads(
  store: WorkloadStore,
  asOfDate: string,
  filter: { tenantId?: string | undefined } = {},
  catalog: Catalog = defaultCatalog,
): AsyncGenerator<ReconciledWorkload> {
  const { from, to } = bounds(filter.tenantId);
  const earningsStore = store.earningsStore();
  await earningsStore.ensureTable();
  let token: string | undefined;
  do {
    const page = await store.workloadPage(from, to, 1000, token);
    token = page.continuationToken;
    if (page.items.length === 0) continue;
    const first = page.items[0]!.record.tenantId;
    const last = page.items[page.items.length - 1]!.record.tenantId;
    const [usage, earnings] = await Promise.all([store.usageOfTenants(first, last), earningsStore.ofTenants(first, last)]);
    for (const { record } of page.items) {
      const paid = earnings.get(record.tenantId);
      const lines = reconcileTracked(
        record,
        usage.get(`${record.tenantId}|${record.workload}`) ?? [],
        asOfDate,
        paid?.earnings.get(record.workload) ?? [],
        paid?.ineligible.get(record.workload) ?? [],
        catalog,
      );
      yield { record, lines };
    }
  } while (token !== undefined);
}
