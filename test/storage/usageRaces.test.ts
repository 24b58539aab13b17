/**
 * Usage POSTs racing other writes of the same workload, against a real Azurite:
 * - a DELETE racing a usage POST leaves no month behind: nothing is stored for a workload that
 *   is not tracked, and tracking it again starts with no history;
 * - usage POSTs without If-Match never get a precondition failure, however many run at once:
 *   every month is stored and the record takes the latest month's figures.
 */
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { useAzurite, tenant } from '../support/azurite';
import { useFaultProxy } from '../support/faultProxy';
import { call, useTestHost } from '../support/localHost';

const azurite = useAzurite();
const host = useTestHost();
const proxy = useFaultProxy(azurite);

const base = { customerName: 'Contoso Ltd', programId: 'modern-work-usage', paidAvailableUnits: 1200, monthlyActiveUsers: 300 };

/** The n-th month from January 2023 (all in the past). */
function month(n: number): string {
  return `${2023 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

describe('usage POSTs racing other writes', () => {
  it('a usage POST whose months land after a DELETE answers 404 and leaves none of them', async () => {
    const direct = new WorkloadStore(azurite().connectionString);
    const t = tenant(90);
    const path = `/api/v1/workloads/${t}/intune`;
    const put = await call(host(), 'PUT', path, { body: base });
    expect(put.status).toBe(201);
    // The POST has found the workload tracked; its months reach storage only after the DELETE.
    const held = proxy().hold({ method: 'POST', path: /\$batch/ });
    const posting = call(host(), 'POST', `${path}/usage`, { body: { items: [0, 1].map((i) => ({ month: month(i), paidAvailableUnits: 1000, monthlyActiveUsers: 100 })) } });
    await held.arrived;
    const del = await call(host(), 'DELETE', path, { headers: { 'if-match': put.headers.get('etag')! } });
    expect(del.status).toBe(204);
    held.release();
    const post = await posting;
    expect(post.status).toBe(404);
    expect(post.json.detail).toMatch(/not tracked/);
    expect(await direct.tenantRows('usage', t)).toEqual([]);
    expect((await call(host(), 'PUT', path, { body: base })).status).toBe(201);
    expect((await call(host(), 'GET', `${path}/usage`)).json.months).toEqual([]);
  });

  it('a DELETE racing a usage POST leaves no usage of the deleted workload, whoever wins', async () => {
    const direct = new WorkloadStore(azurite().connectionString);
    const outcomes: string[] = [];
    const orphaned: string[] = [];
    for (let round = 0; round < 30; round++) {
      const t = tenant(100 + round);
      const path = `/api/v1/workloads/${t}/intune`;
      const put = await call(host(), 'PUT', path, { body: base });
      expect(put.status).toBe(201);
      const [del, post] = await Promise.all([
        call(host(), 'DELETE', path, { headers: { 'if-match': put.headers.get('etag')! } }),
        call(host(), 'POST', `${path}/usage`, { body: { items: [0, 1, 2].map((i) => ({ month: month(i), paidAvailableUnits: 1000 + i, monthlyActiveUsers: 100 })) } }),
      ]);
      outcomes.push(`${del.status}/${post.status}`);
      // Each answer is one a client can act on (the POST may win and make the DELETE's ETag stale).
      expect([204, 412]).toContain(del.status);
      expect([200, 404]).toContain(post.status);
      const tracked = (await call(host(), 'GET', path)).status === 200;
      const usage = await direct.tenantRows('usage', t);
      if (!tracked && usage.length > 0) orphaned.push(`round ${round} (${del.status}/${post.status}): ${usage.map((e) => e.rowKey).join(', ')}`);
      if (!tracked) {
        expect((await call(host(), 'PUT', path, { body: base })).status).toBe(201);
        expect((await call(host(), 'GET', `${path}/usage`)).json.months).toEqual([]);
      }
    }
    expect(orphaned).toEqual([]);
    // Both orders happened at least once, or the race was not run.
    expect(outcomes.some((o) => o.startsWith('204'))).toBe(true);
  }, 120_000);

  it('20 concurrent usage POSTs without If-Match all answer 200 and store every month', async () => {
    const path = `/api/v1/workloads/${tenant(200)}/intune`;
    expect((await call(host(), 'PUT', path, { body: base })).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(host(), 'POST', `${path}/usage`, { body: { month: month(i), paidAvailableUnits: 2000 + i, monthlyActiveUsers: 500 + i } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const history = (await call(host(), 'GET', `${path}/usage`)).json.months;
    expect(history.map((m: { month: string }) => m.month)).toEqual(Array.from({ length: 20 }, (_, i) => month(i)));
    // The record carries the latest month's figures, whichever POST came last.
    const record = (await call(host(), 'GET', path)).json;
    expect(record).toMatchObject({ usageMonth: month(19), paidAvailableUnits: 2019, monthlyActiveUsers: 519 });
  }, 60_000);
});
