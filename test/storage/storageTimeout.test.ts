/**
 * A table service that accepts connections and never answers (paused): every storage call is
 * bounded, so the API answers 503 with Retry-After in seconds instead of hanging, and works
 * again as soon as storage answers. The bound asserted is generous (the hang it replaces had no
 * end); the test does not depend on how fast the machine is.
 */
import { useAzurite, tenant } from '../support/azurite';
import { useFaultProxy } from '../support/faultProxy';
import { call, useTestHost } from '../support/localHost';

const azurite = useAzurite();
const host = useTestHost();
const proxy = useFaultProxy(azurite);

const base = { customerName: 'Contoso Ltd', programId: 'modern-work-usage', paidAvailableUnits: 1200, monthlyActiveUsers: 300 };

describe('a table service that never answers', () => {
  it.each([
    ['GET', 'a read', undefined],
    ['PUT', 'a create', base],
    ['POST', 'a usage POST', { month: '2024-05', paidAvailableUnits: 10, monthlyActiveUsers: 1 }],
  ])(
    '%s (%s) answers 503 with Retry-After well before a hang would end, then works again',
    async (method, _what, body) => {
      const path = `/api/v1/workloads/${tenant(1)}/intune`;
      // Storage answers at first (the tables exist, the workload is tracked)...
      if ((await call(host(), 'GET', path)).status === 404) expect((await call(host(), 'PUT', path, { body: base })).status).toBe(201);
      // ...then stops answering.
      proxy().stall();
      const started = Date.now();
      const answer = await call(host(), method, method === 'POST' ? `${path}/usage` : method === 'PUT' ? `/api/v1/workloads/${tenant(2)}/intune` : path, { body });
      const seconds = (Date.now() - started) / 1000;
      proxy().clear();
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.json.detail).toMatch(/Storage is unavailable/);
      expect(seconds).toBeLessThan(20);
      expect((await call(host(), 'GET', path)).status).toBe(200);
    },
    90_000,
  );
});
