/**
 * Writing one tenant's imported rows: its tracked workloads first (created, or their figures
 * taken from the latest month), then the usage months that are new or changed, compared with
 * what is stored so that importing the same file again writes nothing.
 */
import { loadedCatalog } from './catalogSource';
import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { parseWith, type UsageMonth } from '../../shared';
import type { ImportFindings } from './importFindings';
import { trackedFields } from './reports/perMonthUsage';
import type { UsageRow } from './reports/usageRow';
import { checkEntitySize } from './entitySize';
import { evaluateTracked } from './evaluateTracked';
import { statusOf } from './storageErrors';
import { derivedColumns, fromUsageEntity, fromWorkloadEntity, TrackedWorkloadSchema, usageEntity, withLatestMonth, workloadEntity } from './trackedWorkload';
import type { WorkloadStore } from './workloadStore';

type Row = TableEntity<Record<string, unknown>>;

/** What the writer counts (an import's summary). */
export interface WriteCounts {
  usageWritten: number;
  unchanged: number;
  workloadsCreated: number;
  workloadsUpdated: number;
}

/**
 * Write one tenant's rows: its tracked workloads, then the changed usage months. With
 * `dryRun`, everything is read and compared as for a real import, and the counts say what
 * would be written, but nothing is.
 */
export async function writeTenant(
  store: WorkloadStore,
  tenant: string,
  rows: UsageRow[],
  asOfDate: string,
  summary: WriteCounts,
  tenantKnown: boolean,
  findings: ImportFindings,
  dryRun = false,
): Promise<void> {
  // A tenant new to the store has nothing to read (one tracked meanwhile shows as a conflict,
  // and is then read and redone below).
  const tracked = new Map<string, Row>();
  if (tenantKnown) for (const e of await store.trackedWorkloadRows(tenant)) tracked.set(e.rowKey, e);
  // A report's workload with no paid seats starts no tracking (a SKU that does not include it).
  rows = rows.filter((r) => {
    if (!r.onlyIfTracked || tracked.has(r.workload)) return true;
    const name = loadedCatalog().workloads.byIdOrNull(r.workload)?.name ?? r.workload;
    findings.skip(r.line, 'no-paid-seats', `${name} ${r.month}: no paid seats for tenant ${tenant}, which does not track it; nothing to write`);
    return false;
  });
  for (const r of rows) findings.fileRow(r);
  // Usage is stored only for tracked workloads: when none of the file's workloads is tracked
  // yet, there is nothing stored to compare with (and no query to make).
  const stored = new Map<string, Row>();
  if (rows.some((r) => tracked.has(r.workload))) {
    for (const e of await store.tenantRows('usage', tenant)) {
      stored.set(e.rowKey, e);
      const m = fromUsageEntity(e);
      findings.storedMonth(tenant, String(e.workload), m.month, m.paidAvailableUnits, m.monthlyActiveUsers);
    }
  }
  const actions: TransactionAction[] = [];
  for (const r of rows) {
    const entity = usageEntity(tenant, r.workload, r);
    const before = stored.get(entity.rowKey);
    if (before && before.paidAvailableUnits === r.paidAvailableUnits && before.monthlyActiveUsers === r.monthlyActiveUsers) {
      summary.unchanged++;
      continue;
    }
    actions.push(['upsert', entity, 'Replace']);
    stored.set(entity.rowKey, entity);
  }

  // Each workload's history (stored and new) and its latest row in this file.
  const histories = new Map<string, UsageMonth[]>();
  for (const e of stored.values()) {
    const w = String(e.workload);
    let h = histories.get(w);
    if (!h) histories.set(w, (h = []));
    h.push(fromUsageEntity(e));
  }
  const latest = new Map<string, UsageRow>();
  for (const r of rows) {
    const l = latest.get(r.workload);
    if (!l || r.month >= l.month) latest.set(r.workload, r);
  }
  // A conflict means someone wrote the tenant's workloads meanwhile: read again and redo.
  for (let attempt = 1; ; attempt++) {
    try {
      await writeWorkloads(store, tenant, latest, histories, asOfDate, summary, attempt === 1 ? tracked : null, dryRun);
      break;
    } catch (e) {
      if ((statusOf(e) !== 409 && statusOf(e) !== 412) || attempt >= 5) throw e;
    }
  }
  // Usage after its workloads: a failure in between leaves a tracked workload missing a month
  // (the next import writes it), never usage of a workload that is not tracked.
  if (dryRun) summary.usageWritten += actions.length;
  else await store.writeUsageActions(actions, (n) => (summary.usageWritten += n));
}

async function writeWorkloads(
  store: WorkloadStore,
  tenant: string,
  latest: Map<string, UsageRow>,
  histories: Map<string, UsageMonth[]>,
  asOfDate: string,
  summary: WriteCounts,
  known: Map<string, Row> | null,
  dryRun: boolean,
): Promise<void> {
  // The rows read at the start, or (after a conflict) read again.
  let current = known;
  if (current === null) {
    current = new Map<string, Row>();
    for (const e of await store.trackedWorkloadRows(tenant)) current.set(e.rowKey, e);
  }
  const actions: TransactionAction[] = [];
  let created = 0;
  let updated = 0;
  for (const [workload, r] of latest) {
    const history = (histories.get(workload) ?? []).sort((a, b) => (a.month < b.month ? -1 : 1));
    const existing = current.get(workload);
    if (!existing) {
      const fields = parseWith(TrackedWorkloadSchema, trackedFields(r));
      const entity = workloadEntity(tenant, workload, fields, evaluateTracked({ tenantId: tenant, workload, ...fields }, history, asOfDate).derived);
      checkEntitySize(entity);
      actions.push(['create', entity]);
      created++;
      continue;
    }
    const record = fromWorkloadEntity(existing);
    // The latest month becomes the record's figures; an older month never overwrites them.
    const withMonth = withLatestMonth(record, r);
    if (withMonth === null) continue;
    const nameChanged = r.customerName !== undefined && r.customerName !== record.customerName;
    const tpidChanged = r.customerTpid !== undefined && r.customerTpid !== record.customerTpid;
    if (!nameChanged && !tpidChanged && record.usageMonth === r.month && record.paidAvailableUnits === r.paidAvailableUnits && record.monthlyActiveUsers === r.monthlyActiveUsers) continue;
    const next = { ...withMonth, ...(nameChanged ? { customerName: r.customerName } : {}), ...(tpidChanged ? { customerTpid: r.customerTpid } : {}) };
    const change: Record<string, unknown> = {
      partitionKey: existing.partitionKey,
      rowKey: existing.rowKey,
      paidAvailableUnits: next.paidAvailableUnits,
      monthlyActiveUsers: next.monthlyActiveUsers,
      usageMonth: next.usageMonth,
      ...derivedColumns(evaluateTracked(next, history, asOfDate).derived),
    };
    if (nameChanged) change.customerName = r.customerName;
    if (tpidChanged) change.customerTpid = r.customerTpid;
    actions.push(['update', change as Row, 'Merge', { etag: String(existing.etag) }]);
    updated++;
  }
  if (!dryRun) await store.writeWorkloadActions(actions);
  summary.workloadsCreated += created;
  summary.workloadsUpdated += updated;
}
