/**
 * From a calibration finding to the effect of amending the catalog, over HTTP with Azurite:
 * GET /calibration names a rate Partner Center paid other than the catalog's and carries the
 * what-if with the amendment prefilled; POSTing it answers what the amendment would change for
 * every tracked workload, nothing stored. Figures by hand in the comments.
 */
import { tenant, useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

jest.setTimeout(60_000);

useAzurite();
const host = useTestHost();
const contoso = tenant(2211);

/**
 * Teams (Modern Work FY25, per-user, market B: $7.00 a user in the catalog), claimed 2025-01-10
 * on HWM 100 and 1,000 seats, approved 2025-01-20; MAU Jan 100, Feb 150, Mar 200: 50 units in
 * February and 50 in March. Partner Center paid February at $8.00: 50 x $8.00 = $400.00.
 */
beforeAll(async () => {
  const teams = `/api/v1/workloads/${contoso}/teams`;
  const put = await call(host(), 'PUT', teams, {
    body: {
      customerName: 'Contoso',
      programId: 'modern-work-usage-fy25',
      market: 'B',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: 200,
      claimStatus: 'approved',
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 100,
      paidAvailableUnitsAtClaim: 1000,
    },
  });
  expect(put.status).toBe(201);
  const items = [100, 150, 200].map((mau, i) => ({ month: `2025-0${i + 1}`, paidAvailableUnits: 1000, monthlyActiveUsers: mau }));
  expect((await call(host(), 'POST', `${teams}/usage`, { body: { items } })).status).toBe(200);
  const csv = `earningId,customerTenantId,workload,earningDate,earningRate,compensableUnits,earningAmountUSD,paymentStatus\nE-FEB,${contoso},teams,2025-02-28,8.00,50,400.00,Sent\n`;
  const imported = await call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
  expect(imported.json).toMatchObject({ fileKind: 'earnings', earningsWritten: 1 });
});

describe("a calibration finding opens the catalog's what-if with the paid figure", () => {
  it('names the amendment, and POSTing it shows its effect without storing it', async () => {
    const calibration = await call(host(), 'GET', '/api/v1/calibration?asOfDate=2025-04-20');
    expect(calibration.status).toBe(200);
    const [finding, ...rest] = calibration.json.findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'rate', market: 'B', paidCents: 800, catalogCents: 700, units: 50 });
    expect(finding.whatIf).toEqual({
      method: 'POST',
      href: '/api/v1/programs/modern-work-usage-fy25/what-if',
      body: {
        asOfDate: '2025-04-20',
        market: 'B',
        amendment: {
          effectiveFrom: '2025-02-01',
          note: 'Calibration: modern-work-usage-fy25: paid $8.00 per unit in market B for 50 units (1 earnings); the catalog says $7.00.',
          changes: { payout: { ratePerUserCents: { B: 800 } } },
        },
      },
    });
    const effect = await call(host(), 'POST', finding.whatIf.href, { body: finding.whatIf.body });
    expect(effect.status).toBe(200);
    expect(effect.json).toMatchObject({ programId: 'modern-work-usage-fy25', asOfDate: '2025-04-20', market: 'B', draft: 'amendment' });
    const mine = (effect.json.items as any[]).find((i) => i.tenantId === contoso);
    // Owed: February and March, 100 units: $700.00 at $7.00, $800.00 at $8.00, $100.00 more.
    expect([mine.stored.owedCents, mine.draft.owedCents, mine.difference.owedCents]).toEqual([70000, 80000, 10000]);
    // Nothing stored: the program still says $7.00 in market B.
    const program = await call(host(), 'GET', '/api/v1/programs/modern-work-usage-fy25');
    expect(program.json.payout.ratePerUserCents.B).toBe(700);
  });
});
