/**
 * The nightly run raises `dispute-deadline` for a claim that needs the partner: a rejection
 * whose 30 days to dispute close within 14 days, and Partner action required whose 14 business
 * days to answer do; once per deadline, and none for a rejection already disputed.
 */
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { runNight, useQueueTrigger } from '../support/nightly';

const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();
useQueueTrigger(() => azurite().connectionString);

const rejected = tenant(2321);
const waiting = tenant(2322);
const disputed = tenant(2323);

/** Defender for Endpoint, 1,000 seats and 100 active (band M, both milestones earnable: $10,000), claimed 2026-01-12 on a baseline of 100. */
async function track(tenantId: string, claim: Record<string, unknown>) {
  const r = await call(host(), 'PUT', `/api/v1/workloads/${tenantId}/defender-for-endpoint`, {
    body: {
      customerName: 'Woodgrove',
      programId: 'security-usage-fy26',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: 100,
      claimDate: '2026-01-12',
      highWaterMark: 100,
      paidAvailableUnitsAtClaim: 1000,
      ...claim,
    },
  });
  expect(r.status).toBe(201);
}

async function deadlinesOn(night: string): Promise<Array<[string, string, number]>> {
  const r = await call(host(), 'GET', `/api/v1/changes?since=${night}&kind=dispute-deadline&pageSize=1000`);
  expect(r.status).toBe(200);
  return (r.json.items as any[])
    .filter((i) => i.night === night)
    .map((i): [string, string, number] => [i.tenantId, i.reasons[0].params.disputeBy, i.reasons[0].params.amountCents])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

beforeAll(async () => {
  await track(rejected, { claimStatus: 'rejected', claimStatusDate: '2026-02-16', claimRejectionReason: 'Missing customer consent on POE' });
  await track(waiting, { claimStatus: 'action-required', claimStatusDate: '2026-02-23' });
  await track(disputed, { claimStatus: 'rejected', claimStatusDate: '2026-02-20', claimDisputedDate: '2026-02-18' });
}, 60_000);

describe('dispute and answer deadlines at night', () => {
  it('raises each deadline once it closes within 14 days, once', async () => {
    // 2026-02-27: the rejection closes 2026-03-18 (19 days); the answer is due 2026-03-13 (Monday 23 + 14 business days: 14 days).
    expect(await runNight('2026-02-27')).toMatchObject({ workloadsEvaluated: 3, errors: 0 });
    expect(await deadlinesOn('2026-02-27')).toEqual([[waiting, '2026-03-13', 1_000_000]]);
    // 2026-03-06: 12 days to dispute the rejection; the answer already raised; the disputed claim never.
    await runNight('2026-03-06');
    expect(await deadlinesOn('2026-03-06')).toEqual([[rejected, '2026-03-18', 1_000_000]]);
    const event = (await call(host(), 'GET', `/api/v1/changes?since=2026-03-06&kind=dispute-deadline`)).json.items.find((i: any) => i.tenantId === rejected);
    expect(event.reasons[0].message).toBe(
      'Defender for Endpoint of Woodgrove: The claim was rejected on 2026-02-16 (missing customer consent on POE): dispute it by 2026-03-18 (12 days left); a rejection can be disputed once. $10,000.00 is at stake.',
    );
  }, 120_000);
});
