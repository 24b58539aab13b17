/**
 * The work list of the tracked workloads on a date: every tracked record (of one tenant, or
 * all) judged by the one evaluator (evaluateTracked.ts) with its usage history, then ranked by
 * the engine (shared/workList.ts). Records the engine cannot judge are counted, not listed.
 * Read page by page, as the nightly reads them, with each page's usage in one query.
 */
import { daysBetween } from '../../shared/dates';
import { defaultCatalog, findingsOf, reason, workList, type Catalog, type EarningsFinding, type ReconciliationFinding, type WorkItem, type WorkLine } from '../../shared';
import { ineligibleOf, tpidsOf } from './earningsStore';
import { evaluateTracked } from './evaluateTracked';
import { hasReconciliation, reconcileTracked } from './trackedEarnings';
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

/** A reconciliation finding as a work list line: money missing, or a dispute window closing. */
export function earningsFinding(f: ReconciliationFinding, programId: string, asOfDate: string): EarningsFinding | null {
  if (f.kind === 'overpaid' || f.deadline === null) return null;
  const l = f.line;
  const params = { months: [l.month], amountCents: f.amountCents, disputeBy: f.deadline };
  const why = f.kind === 'dispute-deadline' ? reason('DISPUTE_DEADLINE', { ...params, daysLeft: daysBetween(asOfDate, f.deadline) }, l.message) : reason('EARNINGS_MISSING', params, l.message);
  return {
    tenantId: l.tenantId,
    workload: l.workload,
    customerName: l.customerName ?? undefined,
    programId,
    action: f.kind,
    amountCents: f.amountCents,
    currency: 'USD',
    deadline: f.deadline,
    message: l.message,
    reasons: [why.toJSON()],
  };
}

/**
 * The ranked work list, with the earnings reconciliation's findings (missing earnings, dispute
 * deadlines of approved claims against the imported earnings) ranked with the rest; `earnings`
 * given, those instead.
 */
export async function readWorkList(
  store: WorkloadStore,
  asOfDate: string,
  filter: { tenantId?: string | undefined } = {},
  earnings?: readonly EarningsFinding[],
  catalog: Catalog = defaultCatalog,
): Promise<WorkListRead> {
  const found: EarningsFinding[] = [];
  const { from, to } = bounds(filter.tenantId);
  const items: WorkItem[] = [];
  let workloads = 0;
  let notJudged = 0;
  let token: string | undefined;
  do {
    const page = await store.workloadPage(from, to, 1000, token);
    token = page.continuationToken;
    if (page.items.length === 0) continue;
    const first = page.items[0]!.record.tenantId;
    const last = page.items[page.items.length - 1]!.record.tenantId;
    const [usage, paid, byTpid] = await Promise.all([
      store.usageOfTenants(first, last),
      earnings === undefined ? store.earningsStore().ofTenants(first, last) : null,
      earnings === undefined ? store.earningsStore().ofTpids(tpidsOf(page.items.map((i) => i.record))) : null,
    ]);
    for (const { record } of page.items) {
      workloads++;
      const history = usage.get(`${record.tenantId}|${record.workload}`) ?? [];
      const evaluation = evaluateTracked(record, history, asOfDate, catalog);
      if (!evaluation.judged) {
        notJudged++;
        continue;
      }
      if (paid !== null && hasReconciliation(record, asOfDate)) {
        const t = paid.get(record.tenantId);
        const lines = reconcileTracked(record, history, asOfDate, t?.earnings.get(record.workload) ?? [], ineligibleOf(record, t, byTpid ?? new Map()), catalog);
        for (const f of findingsOf(lines, asOfDate)) {
          const line = earningsFinding(f, evaluation.context.program.id, asOfDate);
          if (line !== null) found.push(line);
        }
      }
      items.push({ tenantId: record.tenantId, workload: record.workload, customerName: record.customerName, context: evaluation.context, verdict: evaluation.verdict, advice: evaluation.advice });
    }
  } while (token !== undefined);
  const given = earnings ?? found;
  const tenantEarnings = filter.tenantId === undefined ? given : given.filter((e) => e.tenantId === filter.tenantId);
  return { lines: workList(catalog, items, tenantEarnings), workloads, notJudged };
}

/** Where a workload is read over the API (the work list's and the digest's link). */
export function workloadPath(tenantId: string, workload: string): string {
  return `/api/v1/workloads/${tenantId}/${workload}`;
}
