import fc from 'fast-check';
import { call, useTestHost } from '../support/localHost';

const testHost = useTestHost();

const POST_ROUTES = ['/api/v1/eligibility', '/api/v1/payout', '/api/v1/poe-check', '/api/v1/attribution', '/api/v1/recognition'];

/** Bodies a script might send by mistake: any JSON, and near-valid facts with wrong types. */
const nearFacts = fc.record(
  {
    programId: fc.oneof(fc.constantFrom('security-usage', 'modern-work-usage-fy25', 'nope'), fc.string(), fc.integer()),
    asOfDate: fc.oneof(fc.constantFrom('2025-03-31', '2025-02-30', '31/03/2025'), fc.string(), fc.constant(null)),
    workload: fc.oneof(fc.constantFrom('MDE', 'Teams', ''), fc.string(), fc.array(fc.string())),
    paidAvailableUnits: fc.oneof(fc.integer({ min: -10, max: 100000 }), fc.double(), fc.string(), fc.constant(null)),
    monthlyActiveUsers: fc.oneof(fc.integer({ min: -10, max: 100000 }), fc.double(), fc.boolean()),
    cloud: fc.oneof(fc.constantFrom('GCC High', 'gcc'), fc.string()),
    claimDate: fc.oneof(fc.constantFrom('2025-01-10', '2026-01-01'), fc.string()),
    items: fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.string(), fc.constant([])),
  },
  { requiredKeys: [] },
);

describe('nothing a client sends gives a 500', () => {
  it('for arbitrary JSON and near-valid facts on every POST route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ROUTES), fc.oneof(fc.jsonValue(), nearFacts), async (route, body) => {
        const r = await call(testHost(), 'POST', route, { rawBody: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } });
        expect([200, 400]).toContain(r.status);
        if (r.status === 400) {
          expect(r.headers.get('content-type')).toBe('application/problem+json');
          expect(r.json.detail.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('for raw bytes that are not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ROUTES), fc.string({ minLength: 1 }), async (route, text) => {
        const r = await call(testHost(), 'POST', route, { rawBody: text, headers: { 'content-type': 'application/json' } });
        expect([200, 400]).toContain(r.status);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
