/**
 * Writes whose response is lost after storage applied them (a proxy in front of Azurite
 * forwards the request, then drops the connection): the store retries, and every HTTP answer
 * must still be the true one (201, 200, 204 as if no fault happened), with nothing orphaned
 * (no usage row without its workload) and no old months coming back when a deleted workload is
 * tracked again.
 */
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { useAzurite, tenant } from '../support/azurite';
import { useFaultProxy } from '../support/faultProxy';
import { call, useTestHost } from '../support/localHost';

const azurite = useAzurite();
const host = useTestHost();
const proxy = useFaultProxy(azurite);
/** Reads the tables directly, past the proxy. */
let direct: WorkloadStore;

beforeAll(async () => {
  direct = new WorkloadStore(azurite().connectionString);
  await direct.ensureTables();
});
afterEach(() => {
  // A rule the test set but no request met means the test did not test what it says.
  const unmet = proxy().pending();
  proxy().clear();
  expect(unmet).toBe(0);
});

const base = { customerName: 'Contoso Ltd', programId: 'security-usage', paidAvailableUnits: 1200, monthlyActiveUsers: 300 };
/** Three past months (2024) of usage. */
const months = [
  { month: '2024-01', paidAvailableUnits: 1000, monthlyActiveUsers: 200 },
  { month: '2024-02', paidAvailableUnits: 1100, monthlyActiveUsers: 250 },
  { month: '2024-03', paidAvailableUnits: 1200, monthlyActiveUsers: 300 },
];

/** The row of the workloads table (a request to it names the table and then the keys). */
const workloadRow = /\/workloads\(PartitionKey=/;
const usageRow = /\/usage\(PartitionKey=/;

async function track(n: number, workload = 'intune'): Promise<{ path: string; etag: string }> {
  const path = `/api/v1/workloads/${tenant(n)}/${workload}`;
  const put = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
  expect(put.status).toBe(201);
  const usage = await call(host(), 'POST', `${path}/usage`, { body: { items: months } });
  expect(usage.status).toBe(200);
  return { path, etag: usage.headers.get('etag')! };
}

/** Usage rows of the tenant whose workload row is missing (what would come back on re-track). */
async function orphans(n: number): Promise<string[]> {
  const tracked = new Set((await direct.tenantRows('workloads', tenant(n))).map((e) => e.rowKey));
  return (await direct.tenantRows('usage', tenant(n))).map((e) => String(e.rowKey)).filter((key) => !tracked.has(key.split('|')[0]!));
}

describe('a write applied by storage whose response is lost', () => {
  it('create answers 201 (not 409 "already tracked" for its own write)', async () => {
    proxy().drop({ method: 'POST', path: /\/workloads$/ });
    const path = `/api/v1/workloads/${tenant(1)}/intune`;
    const put = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({ customerName: 'Contoso Ltd', paidAvailableUnits: 1200 });
    // A second create by another request is still a conflict.
    expect((await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } })).status).toBe(409);
  });

  it('PATCH answers 200 with the change (not 412 "nothing was written")', async () => {
    const path = `/api/v1/workloads/${tenant(2)}/intune`;
    const created = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
    proxy().drop({ method: 'PUT', path: workloadRow });
    const patched = await call(host(), 'PATCH', path, { body: { monthlyActiveUsers: 777 }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(patched.status).toBe(200);
    expect(patched.json.monthlyActiveUsers).toBe(777);
    // The ETag answered is the stored one: it works for the next write.
    const next = await call(host(), 'PATCH', path, { body: { notes: 'ok' }, headers: { 'if-match': patched.headers.get('etag')! } });
    expect(next.status).toBe(200);
    // And the first ETag is still refused: nothing else was loosened.
    expect((await call(host(), 'PATCH', path, { body: { notes: 'late' }, headers: { 'if-match': created.headers.get('etag')! } })).status).toBe(412);
  });

  it('PUT with If-Match answers 200 with the replacement', async () => {
    const path = `/api/v1/workloads/${tenant(3)}/intune`;
    const created = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
    proxy().drop({ method: 'PUT', path: workloadRow });
    const replaced = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage', paidAvailableUnits: 2500 }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(replaced.status).toBe(200);
    expect(replaced.json.paidAvailableUnits).toBe(2500);
  });

  it('usage POST answers 200 when the months batch or the record update is lost', async () => {
    const path = `/api/v1/workloads/${tenant(4)}/intune`;
    expect((await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } })).status).toBe(201);
    proxy().drop({ method: 'POST', path: /\$batch/ });
    proxy().drop({ method: 'PUT', path: workloadRow });
    const posted = await call(host(), 'POST', `${path}/usage`, { body: { items: months } });
    expect(posted.status).toBe(200);
    expect(posted.json).toMatchObject({ monthsStored: 3, usageMonth: '2024-03', paidAvailableUnits: 1200 });
    expect((await call(host(), 'GET', `${path}/usage`)).json.months).toEqual(months);
  });

  it.each([
    ['the workload row delete', 10, { method: 'DELETE', path: workloadRow }],
    ['a usage month delete', 11, { method: 'DELETE', path: usageRow }],
    ['the mark that the workload is being deleted', 12, { method: 'PATCH', path: workloadRow }],
  ])('DELETE answers 204 when %s is lost, leaves no usage, and re-tracking shows no old months', async (_what, n, match) => {
    const { path, etag } = await track(n);
    proxy().drop(match);
    const deleted = await call(host(), 'DELETE', path, { headers: { 'if-match': etag } });
    expect(deleted.status).toBe(204);
    expect((await call(host(), 'GET', path)).status).toBe(404);
    expect(await direct.tenantRows('usage', tenant(n))).toEqual([]);
    expect(await direct.tenantRows('workloads', tenant(n))).toEqual([]);
    expect((await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } })).status).toBe(201);
    expect((await call(host(), 'GET', `${path}/usage`)).json.months).toEqual([]);
  });

  it.each([
    ['the client retries the DELETE', 20, true],
    ['the workload is tracked again', 21, false],
  ])(
    'a DELETE cut off for good part-way (503) orphans nothing; then %s and no old month comes back',
    async (_then, n, retry) => {
      const { path, etag } = await track(n);
      // Every attempt at deleting a usage month fails before storage sees it: the DELETE stops part-way (503).
      proxy().cut({ method: 'DELETE', path: usageRow }, 1_000);
      const deleted = await call(host(), 'DELETE', path, { headers: { 'if-match': etag } });
      expect(deleted.status).toBe(503);
      expect(deleted.headers.get('retry-after')).toMatch(/^\d+$/);
      proxy().clear();
      expect(await orphans(n)).toEqual([]);
      // Deleting had begun: the workload is no longer tracked, not even in lists.
      expect((await call(host(), 'GET', path)).status).toBe(404);
      expect((await call(host(), 'GET', `/api/v1/workloads?tenantId=${tenant(n)}`)).json.items).toEqual([]);
      if (retry) {
        expect((await call(host(), 'DELETE', path, { headers: { 'if-match': etag } })).status).toBe(204);
        expect(await direct.tenantRows('usage', tenant(n))).toEqual([]);
        expect(await direct.tenantRows('workloads', tenant(n))).toEqual([]);
      }
      const again = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
      expect(again.status).toBe(201);
      expect((await call(host(), 'GET', `${path}/usage`)).json.months).toEqual([]);
      expect(await direct.tenantRows('usage', tenant(n))).toEqual([]);
    },
    60_000,
  );
});
