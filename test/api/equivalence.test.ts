import { generateWorkloads } from '../../dev/support/generateWorkloads';
import { adviseClaim, checkEligibility, type WorkloadFactsInput } from '../../shared';
import { call, useTestHost } from '../support/localHost';

const testHost = useTestHost();

/** Generated workload facts (the benchmark's generator), without the payout-only fields. */
function generatedFacts(n: number, seed: number): WorkloadFactsInput[] {
  return generateWorkloads(n, seed).map(({ market: _m, milestonesPaid: _p, paidToDateCents: _t, ...facts }) => facts);
}

describe('HTTP and the engine give identical verdicts', () => {
  it('for 2,000 generated workloads, item by item, reasons included', async () => {
    const items = generatedFacts(2000, 7);
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: { items } });
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(items.length);
    items.forEach((facts, i) => {
      const advice = adviseClaim(facts);
      const expected = JSON.parse(JSON.stringify({ ...checkEligibility(facts).toJSON(), advice: { action: advice.action, reasons: advice.reasons } }));
      expect(r.json.items[i]).toEqual(expected);
    });
  });

  it('one at a time as well as in a batch', async () => {
    for (const facts of generatedFacts(40, 11)) {
      const single = await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts });
      expect(single.json).toEqual(JSON.parse(JSON.stringify({ ...checkEligibility(facts).toJSON(), advice: (({ action, reasons }) => ({ action, reasons }))(adviseClaim(facts)) })));
    }
  });
});

describe('a batch of 10,000 items', () => {
  it('is answered whole, in order', async () => {
    const items = generatedFacts(10_000, 3);
    const started = performance.now();
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: { items } });
    const ms = performance.now() - started;
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(10_000);
    expect(r.json.items[9_999].programId).toBe(checkEligibility(items[9_999]!).programId);
    // Timing is measured by bench/api; here only a generous bound that catches a pathology.
    expect(ms).toBeLessThan(15_000);
  }, 30_000);

  it('over the item limit is refused with a clear 400', async () => {
    const items = generatedFacts(10_001, 5);
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: { items } });
    expect(r.status).toBe(400);
    expect(r.json.errors[0]).toMatchObject({ path: 'items', message: 'holds 10001 items; at most 10000 per request' });
  }, 30_000);
});
