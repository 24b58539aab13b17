/**
 * Reconciliation of the tracked workloads on a date: every tracked record (of one tenant, or
 * all) judged by the one evaluator with its usage history, its payout computed with what its
 * imported earnings paid, and its lines reconciled (trackedEarnings.ts) with the codes naming
 * its tenant or its customer's TPID. Read page by page as the nightly reads them: each page's
 * usage and earnings in one query each (and its TPIDs' codes, 15 TPIDs a query).
 */
import { loadedCatalog } from './catalogSource';
import { Calibration, type Catalog, type CalibrationFinding, type Earning, type Ineligibility, type ReconciliationLine, type UsageMonth } from '../../shared';
import type { TrackedWorkload } from './trackedWorkload';
import { ineligibleOf, tpidsOf } from './earningsStore';
import { payoutOfTracked, reconcileTracked } from './trackedEarnings';
import type { WorkloadStore } from './workloadStore';

/** PartitionKey bounds [from, to) of every tenant (lowercase GUIDs), or of one. */
function bounds(tenantId: string | undefined): { from: string; to: string } {
  return tenantId === undefined ? { from: '0', to: 'g' } : { from: tenantId, to: `${tenantId}!` };
}

export interface ReconciledWorkload {
  record: TrackedWorkload;
  lines: ReconciliationLine[];
}

/** A tracked workload with its usage history and imported earnings and codes. */
interface WithEarnings {
  record: TrackedWorkload;
  history: UsageMonth[];
  earnings: Earning[];
  ineligible: Ineligibility[];
}

/** The tracked workloads (of one tenant, or all) with their history and earnings, in key order. */
async function* trackedWithEarnings(store: WorkloadStore, filter: { tenantId?: string | undefined }): AsyncGenerator<WithEarnings> {
  const { from, to } = bounds(filter.tenantId);
  const earningsStore = store.earningsStore();
  let token: string | undefined;
  do {
    const page = await store.workloadPage(from, to, 1000, token);
    token = page.continuationToken;
    if (page.items.length === 0) continue;
    const first = page.items[0]!.record.tenantId;
    const last = page.items[page.items.length - 1]!.record.tenantId;
    const [usage, earnings, byTpid] = await Promise.all([store.usageOfTenants(first, last), earningsStore.ofTenants(first, last), earningsStore.ofTpids(tpidsOf(page.items.map((i) => i.record)))]);
    for (const { record } of page.items) {
      const paid = earnings.get(record.tenantId);
      yield { record, history: usage.get(`${record.tenantId}|${record.workload}`) ?? [], earnings: paid?.earnings.get(record.workload) ?? [], ineligible: ineligibleOf(record, paid, byTpid) };
    }
  } while (token !== undefined);
}

/** The reconciled tracked workloads, one at a time, in key order. */
export async function* reconciledWorkloads(
  store: WorkloadStore,
  asOfDate: string,
  filter: { tenantId?: string | undefined } = {},
  catalog: Catalog = loadedCatalog(),
): AsyncGenerator<ReconciledWorkload> {
  for await (const w of trackedWithEarnings(store, filter)) {
    yield { record: w.record, lines: reconcileTracked(w.record, w.history, asOfDate, w.earnings, w.ineligible, catalog) };
  }
}

/** Where the imported earnings show program figures other than the catalog's (shared/earnings/calibration.ts). */
export async function readCalibration(store: WorkloadStore, asOfDate: string, catalog: Catalog = loadedCatalog()): Promise<{ workloads: number; earnings: number; findings: CalibrationFinding[] }> {
  const calibration = new Calibration();
  let workloads = 0;
  let earnings = 0;
  for await (const w of trackedWithEarnings(store, {})) {
    if (w.earnings.length === 0) continue;
    const result = payoutOfTracked(w.record, w.history, asOfDate, w.earnings, catalog);
    if (result.program === null) continue;
    workloads++;
    earnings += result.paid.earnings.length;
    calibration.add(result.program, w.record.market ?? null, result.payout?.lines ?? [], w.earnings);
  }
  return { workloads, earnings, findings: calibration.findings(asOfDate) };
}
