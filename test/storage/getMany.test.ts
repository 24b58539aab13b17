/**
 * WorkloadStore.getMany, behind POST /workloads/lookup and so the add-in's TRACKED cells:
 * keys answered in order (null when not tracked, or when the row's deletion has begun), read
 * by tenant: one partition query for a tenant asked for several keys, one point read for a
 * tenant asked for one.
 */
import { TrackedWorkloadSchema, workloadEntity } from '../../functions/storage/trackedWorkload';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { useAzurite } from '../support/azurite';

const tenant = (n: number) => `${n.toString(16).padStart(8, '0')}-0b7d-4e55-9a51-3c1d2e4f5a6b`;
const WORKLOADS = ['intune', 'defender-for-endpoint', 'defender-for-identity', 'entra-id-p2'];

describe('WorkloadStore.getMany', () => {
  const azurite = useAzurite();
  let store: WorkloadStore;

  beforeAll(async () => {
    store = new WorkloadStore(azurite().connectionString, { tablePrefix: 'getmany' });
    await store.ensureTables();
    for (const t of [1, 2, 3])
      for (const [i, w] of WORKLOADS.entries()) {
        const fields = TrackedWorkloadSchema.parse({ programId: 'security-usage', paidAvailableUnits: t * 100 + i, monthlyActiveUsers: 10 });
        await store.workloads.createEntity(workloadEntity(tenant(t), w, fields, { sizeBand: 'XS', eligible: true, evaluatedOn: '2026-11-22' }));
      }
    // A row whose deletion has begun is not tracked.
    await store.workloads.updateEntity({ partitionKey: tenant(3), rowKey: 'intune', deletingSince: '2026-11-22T00:00:00Z' }, 'Merge');
  });

  it('answers in order, read by tenant: up to 15 partitions in one query', async () => {
    const list = jest.spyOn(store.workloads, 'listEntities');
    const point = jest.spyOn(store.workloads, 'getEntity');
    const keys = [
      ...WORKLOADS.map((w) => ({ tenantId: tenant(1), workload: w })),
      { tenantId: tenant(2), workload: 'entra-id-p2' },
      { tenantId: tenant(1), workload: 'teams' },
      { tenantId: tenant(3), workload: 'intune' },
      { tenantId: tenant(3), workload: 'entra-id-p2' },
      { tenantId: tenant(9), workload: 'intune' },
    ];
    const out = await store.getMany(keys);
    expect(out.map((r) => r?.paidAvailableUnits ?? null)).toEqual([100, 101, 102, 103, 203, null, null, 303, null]);
    expect(out[0]).toMatchObject({ tenantId: tenant(1), workload: 'intune', sizeBand: 'XS' });
    // Four tenants, one query, no point reads.
    expect(list).toHaveBeenCalledTimes(1);
    expect(point).toHaveBeenCalledTimes(0);
    // Sixteen tenants: two queries.
    list.mockClear();
    const many = await store.getMany(Array.from({ length: 16 }, (_, n) => ({ tenantId: tenant(n + 1), workload: 'entra-id-p2' })));
    expect(many.map((r) => r?.paidAvailableUnits ?? null)).toEqual([103, 203, 303, ...Array.from({ length: 13 }, () => null)]);
    expect(list).toHaveBeenCalledTimes(2);
    // A lone key: a point read.
    expect(await store.getMany([{ tenantId: tenant(2), workload: 'intune' }])).toEqual([expect.objectContaining({ paidAvailableUnits: 200 })]);
    expect(point).toHaveBeenCalledTimes(1);
  });
});
