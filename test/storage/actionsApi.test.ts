/**
 * GET /api/v1/actions over real HTTP against a real Azurite: the work list of the tracked
 * workloads, ranked, agreeing with each workload's own GET (verdict and forecast), filtered,
 * paged, as CSV; and bad queries as 400 problems naming the field.
 */
import { forecast } from '../../addin/src/formulas';
import { tenant, useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

useAzurite();
const host = useTestHost();

const A = tenant(101);
const B = tenant(102);
const C = tenant(103);
const ON = '2026-03-31'; // inside Security usage FY26 (2025-10-01 to 2026-09-30)

async function track(tenantId: string, workload: string, body: object, usage?: object[]) {
  const put = await call(host(), 'PUT', `/api/v1/workloads/${tenantId}/${workload}`, { body: { programId: 'security-usage', ...body } });
  expect(put.status).toBe(201);
  if (usage) expect((await call(host(), 'POST', `/api/v1/workloads/${tenantId}/${workload}/usage`, { body: { items: usage } })).status).toBe(200);
}

let months: Array<{ month: string; paidAvailableUnits: number; monthlyActiveUsers: number }> = [];

beforeAll(async () => {
  // A: 1,000 seats (band M), MAU +10 a month from 40 in 2025-10 to 90 in 2026-03: claim now, $4,000 + $6,000;
  //    milestone 1 (150 users) expected in 2026-09.
  months = Array.from({ length: 6 }, (_, i) => ({ month: `${i < 3 ? 2025 : 2026}-${String(((9 + i) % 12) + 1).padStart(2, '0')}`, paidAvailableUnits: 1000, monthlyActiveUsers: 40 + 10 * i }));
  await track(A, 'MDE', { customerName: 'Alpine', paidAvailableUnits: 1000, monthlyActiveUsers: 90 }, months);
  // B: a re-claim: claimed at 90 of 200 seats (45%), now 100 active on 2,500 (band L): $8,000 + $12,000.
  await track(B, 'MDE', {
    customerName: 'Birch',
    paidAvailableUnits: 2500,
    monthlyActiveUsers: 100,
    claimStatus: 'approved',
    claimDate: '2025-11-01',
    claimApprovedDate: '2025-11-10',
    highWaterMark: 90,
    paidAvailableUnitsAtClaim: 200,
  });
  // B: claim now with a POE that turns 12 months old on 2026-04-15: 600 seats (band S), $2,000 + $3,000.
  await track(B, 'Intune', { customerName: 'Birch', paidAvailableUnits: 600, monthlyActiveUsers: 50, poeAcknowledgementDate: '2025-04-15' });
  // C: below the seat minimum: nothing to do.
  await track(C, 'MDE', { customerName: 'Cedar', paidAvailableUnits: 100, monthlyActiveUsers: 10 });
}, 60_000);

describe('GET /actions', () => {
  it('ranks every line by money at stake, then deadline, with amounts and links', async () => {
    const r = await call(host(), 'GET', `/api/v1/actions?asOfDate=${ON}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ asOfDate: ON, total: 4, workloadsRead: 4, workloadsNotJudged: 0 });
    expect(
      r.json.items.map((l: { rank: number; customerName: string; workload: string; action: string; amountCents: number; deadline: string | null }) => [
        l.rank,
        l.customerName,
        l.workload,
        l.action,
        l.amountCents,
        l.deadline,
      ]),
    ).toEqual([
      [1, 'Birch', 'defender-for-endpoint', 're-claim', 2000000, null],
      [2, 'Alpine', 'defender-for-endpoint', 'claim-now', 1000000, '2026-09-01'],
      [3, 'Birch', 'intune', 'refresh-poe', 500000, '2026-04-15'],
      [4, 'Birch', 'intune', 'claim-now', 500000, null],
    ]);
    expect(r.json.items[1].link).toBe(`/api/v1/workloads/${A}/defender-for-endpoint`);
    expect(r.json.items[1].message).toMatch(/Every active user added before the claim raises the baseline\. Milestone 1 expected in 2026-09: claim before then\.$/);
  });

  it("agrees with the workload's own GET: the same earnable amounts and the same forecast", async () => {
    const list = await call(host(), 'GET', `/api/v1/actions?asOfDate=${ON}&tenantId=${A}`);
    const one = await call(host(), 'GET', `/api/v1/workloads/${A}/defender-for-endpoint?asOfDate=${ON}`);
    const earnable = one.json.verdict.earnableMilestones.reduce((s: number, m: { amountCents: number }) => s + m.amountCents, 0);
    expect(list.json.items[0].amountCents).toBe(earnable);
    expect(one.json.verdict.advice.action).toBe('claim-now');
    expect(one.json.forecast).toMatchObject({ projected: true, trendPerMonth: 10, window: { from: '2025-10', to: '2026-03', months: 6 } });
    expect(one.json.forecast.milestones[0]).toMatchObject({ number: 1, status: 'expected', expectedMonth: '2026-09' });
    expect(`${one.json.forecast.milestones[0].expectedMonth}-01`).toBe(list.json.items[0].deadline);
    // The Excel formula over the same months in a range says the same.
    const rows = months.map((m) => [m.month, m.paidAvailableUnits, m.monthlyActiveUsers]);
    expect(forecast([['MDE']], rows, [[ON]])).toEqual([[one.json.forecast.milestones[0].expectedMonth]]);
  });

  it('a workload with too little history: the forecast says why in its GET', async () => {
    const one = await call(host(), 'GET', `/api/v1/workloads/${B}/intune?asOfDate=${ON}`);
    expect(one.json.forecast).toMatchObject({ projected: false, reasons: [{ code: 'FORECAST_NOT_POSSIBLE' }] });
    expect(one.json.forecast.reasons[0].message).toBe('No forecast: 0 months of usage up to 2026-03; a trend needs at least 3 consecutive months.');
  });

  it('filters by tenant and kind, and pages by rank', async () => {
    const kind = await call(host(), 'GET', `/api/v1/actions?asOfDate=${ON}&kind=claim-now`);
    expect(kind.json.items.map((l: { customerName: string; rank: number }) => [l.customerName, l.rank])).toEqual([
      ['Alpine', 2],
      ['Birch', 4],
    ]);
    const tenantB = await call(host(), 'GET', `/api/v1/actions?asOfDate=${ON}&tenantId=${B}`);
    expect(tenantB.json.items.map((l: { action: string }) => l.action)).toEqual(['re-claim', 'refresh-poe', 'claim-now']);
    const first = await call(host(), 'GET', `/api/v1/actions?asOfDate=${ON}&pageSize=3`);
    expect(first.json.items).toHaveLength(3);
    expect(first.json.nextLink).toBe(`/api/v1/actions?asOfDate=${ON}&pageSize=3&continuationToken=r3`);
    const second = await call(host(), 'GET', first.json.nextLink);
    expect(second.json.items.map((l: { rank: number }) => l.rank)).toEqual([4]);
    expect(second.json.nextLink).toBeUndefined();
  });

  it('answers CSV on request, amounts as decimals', async () => {
    const r = await call(host(), 'GET', `/api/v1/actions?asOfDate=${ON}&pageSize=2`, { headers: { accept: 'text/csv' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('x-continuation-token')).toBe('r2');
    const rows = r.text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe('Rank,Customer,Tenant ID,Workload,Action,Amount,Currency,Deadline,What to do,Link');
    expect(rows[1]).toMatch(new RegExp(`^1,Birch,${B},Defender for Endpoint,Re-claim,20000,USD,,"Re-claim: a new claim makes milestones 1 and 2 earnable again, \\$20,000\\.00 at band L\\.`));
    expect(rows[2]).toMatch(/^2,Alpine,.*,Claim now,10000,USD,2026-09-01,"Claim now: /);
    expect(rows).toHaveLength(3);
  });

  it('bad queries are 400 problems naming the field', async () => {
    for (const [query, field] of [
      ['kind=later', 'kind'],
      ['asOfDate=2026-02-30', 'asOfDate'],
      ['tenantId=nope', 'tenantId'],
      ['continuationToken=xyz', 'continuationToken'],
      ['pageSize=0', 'pageSize'],
      ['colour=red', ''],
    ] as const) {
      const r = await call(host(), 'GET', `/api/v1/actions?${query}`);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      if (field) expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
  });
});
