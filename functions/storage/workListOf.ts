/**
 * The work list of the tracked workloads on a date: every tracked record (of one tenant, or
 * all) judged by the one evaluator (evaluateTracked.ts) with its usage history, then ranked by
 * the engine (shared/workList.ts). Records the engine cannot judge are counted, not listed.
 * Read page by page, as the nightly reads them, with each page's usage in one query.
 */
import { defaultCatalog, workList, type Catalog, type EarningsFinding, type WorkItem, type WorkLine } from '../../shared';
import { evaluateTracked } from './evaluateTracked';
import type { WorkloadStore } from './workloadStore';

export interface WorkListRead {
  lines: WorkLine[];
  /** Tracked workloads read. */
  workloads: number;
  /** Of those, workloads the engine could not judge (their GET says why). */
  notJudged: number;
}

/** PartitionKey bounds [from, to) of every tenant (lowercase GUIDs), or of one. */
function bounds(tenantId: string | undefined): { from: string; to: string } {
  return tenantId === undefined ? { from: '0', to: 'g' } : { from: tenantId, to: `${tenantId}!` };
}

/**
 * The ranked work list. `earnings` are the earnings reconciliation's findings (missing
 * earnings, dispute deadlines), ranked with the rest; until earnings are imported there are none.
 */
export async function readWorkList(
  store: WorkloadStore,
  asOfDate: string,
  filter: { tenantId?: string | undefined } = {},
  earnings: readonly EarningsFinding[] = [],
  catalog: Catalog = defaultCatalog,
): Promise<WorkListRead> {
  const { from, to } = bounds(filter.tenantId);
  const items: WorkItem[] = [];
  let workloads = 0;
  let notJudged = 0;
  let token: string | undefined;
  do {
    const page = await store.workloadPage(from, to, 1000, token);
    token = page.continuationToken;
    if (page.items.length === 0) continue;
    const usage = await store.usageOfTenants(page.items[0]!.record.tenantId, page.items[page.items.length - 1]!.record.tenantId);
    for (const { record } of page.items) {
      workloads++;
      const evaluation = evaluateTracked(record, usage.get(`${record.tenantId}|${record.workload}`) ?? [], asOfDate, catalog);
      if (!evaluation.judged) {
        notJudged++;
        continue;
      }
      items.push({ tenantId: record.tenantId, workload: record.workload, customerName: record.customerName, context: evaluation.context, verdict: evaluation.verdict });
    }
  } while (token !== undefined);
  const tenantEarnings = filter.tenantId === undefined ? earnings : earnings.filter((e) => e.tenantId === filter.tenantId);
  return { lines: workList(catalog, items, tenantEarnings), workloads, notJudged };
}

/** Where a workload is read over the API (the work list's and the digest's link). */
export function workloadPath(tenantId: string, workload: string): string {
  return `/api/v1/workloads/${tenantId}/${workload}`;
}
