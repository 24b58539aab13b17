/**
 * The nightly benches' data: tenants of ten workloads each, every one stored with last night's
 * state as tonight would compute it unchanged, except 1 in 100 that has since grown by 2,000
 * seats (so a run writes 1% of the workloads).
 */
import type { TransactionAction } from '@azure/data-tables';
import { defaultCatalog, parseWith, reevaluate, WorkloadFactsSchema } from '../../shared';
import { factsFor } from '../../functions/storage/evaluateTracked';
import { fromWorkloadEntity, TrackedWorkloadSchema, workloadEntity } from '../../functions/storage/trackedWorkload';
import { inParallel } from '../../functions/storage/transactions';
import type { WorkloadStore } from '../../functions/storage/workloadStore';
import { TEN_WORKLOADS } from '../support/workloadIds';

const PER_TENANT = 10;
const CHANGED_EVERY = 100; // 1%
export const NIGHT = '2026-11-22';
const LAST_NIGHT = '2026-11-21';
const IDS = TEN_WORKLOADS;

function tenantId(t: number): string {
  // Spread over the 16 shards like real GUIDs: the first hex digit varies fastest.
  const h = (t * 2654435761) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-0000-4000-8000-${String(t).padStart(12, '0')}`;
}

/** Seed `workloads` tracked workloads (a multiple of ten). */
export async function seedWorkloads(store: WorkloadStore, workloads: number): Promise<void> {
  // Built tenant by tenant as the writers ask for them, never all in memory at once.
  const tenants = Array.from({ length: workloads / PER_TENANT }, (_, t) => t);
  await inParallel(tenants, 4, async (t) => {
    const actions: TransactionAction[] = [];
    for (let w = 0; w < PER_TENANT; w++) {
      const i = t * PER_TENANT + w;
      const pau = 200 + ((i * 37) % 5000);
      const programId = IDS[w]!.startsWith('defender') || IDS[w] === 'intune' || IDS[w] === 'entra-id-p2' ? 'security-usage' : 'modern-work-usage';
      const fields = TrackedWorkloadSchema.parse({ customerName: `Customer ${t}`, programId, paidAvailableUnits: pau, monthlyActiveUsers: Math.floor(pau / 4) });
      const entity = workloadEntity(tenantId(t), IDS[w]!, fields, { sizeBand: null, eligible: null, evaluatedOn: LAST_NIGHT });
      const record = fromWorkloadEntity({ ...entity, etag: '' });
      const last = reevaluate(defaultCatalog, parseWith(WorkloadFactsSchema, factsFor(record, [], LAST_NIGHT)), null).state;
      // Stored as tonight would compute it unchanged: only the changed 1% differ.
      last.asOfDate = NIGHT;
      entity.nightState = JSON.stringify(last);
      entity.nightOf = LAST_NIGHT;
      if (i % CHANGED_EVERY === 0) entity.paidAvailableUnits = pau + 2000;
      actions.push(['create', entity]);
    }
    await store.writeWorkloadActions(actions);
  });
}
