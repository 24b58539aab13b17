/**
 * Partner Center's earnings files imported as downloaded (PARTNER-CENTER.md: every documented
 * column, shuffled, rows repeated per transaction, a Summarized file, the ineligible revenue
 * usage details, the cap report) and reconciled over HTTP with the tracked workloads, to
 * statuses worked out by hand in the comments (the files and workloads: test/support/earningsFiles.ts).
 */
import { useAzurite, tenant } from '../support/azurite';
import { csv, EARNINGS_HEADERS, earningRow, importEarningsFixtures } from '../support/earningsFiles';
import { call, useTestHost } from '../support/localHost';

useAzurite();
const host = useTestHost();

const postCsv = (csvText: string) => call(host(), 'POST', '/api/v1/import', { rawBody: csvText, headers: { 'content-type': 'text/csv' } });

const contoso = tenant(1601);
const fabrikam = tenant(1602);

let first: { status: number; json: any };

beforeAll(async () => {
  first = await importEarningsFixtures(host(), contoso, fabrikam);
}, 60_000);

describe('importing the earnings files as downloaded', () => {
  it('tells the earnings report by its columns, counts each earningId once and refuses bad rows by line', () => {
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ fileKind: 'earnings', rowsRead: 9, earningsWritten: 3, duplicateRows: 3, rowErrors: 3 });
    expect(first.json.errors).toEqual([
      { line: 8, reason: 'customerTenantId is empty: an earning must name its tenant' },
      { line: 9, reason: 'workload is empty: an earning must name its workload (a service code such as exo or mdatp)' },
      { line: 10, reason: 'earningAmountUSD "10.005" has 3 decimals; USD amounts have at most 2' },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const again = await postCsv(
      csv(EARNINGS_HEADERS, [
        earningRow('E-FEB', contoso, '2025-02', '500.00', '460.00', 'T1', { milestone: '', baseline: 100, compensableUnits: 900 }),
        earningRow('E-FEB', contoso, '2025-02', '500.00', '460.00', 'T2', { baseline: 100, compensableUnits: 900 }),
        earningRow('E-MAR', contoso, '2025-03', '450.00', '414.00', 'T3'),
        earningRow('E-APR', contoso, '2025-04', '700.00', '644.00', 'T4'),
      ]),
    );
    expect(again.json).toMatchObject({ earningsWritten: 0, unchanged: 3 });
  });
});

describe('reconciliation over HTTP', () => {
  it('gives each tracked workload and month its status, by hand', async () => {
    const res = await call(host(), 'GET', '/api/v1/reconciliation?asOfDate=2025-06-20&pageSize=100');
    expect(res.status).toBe(200);
    const got = (res.json.items as any[]).map((l) => [l.customerName, l.month, l.predictedCents, l.paidCents, l.status]);
    expect(got).toEqual([
      ['Contoso', '2025-01', 0, 10000, 'not-predicted'],
      ['Contoso', '2025-02', 50000, 50000, 'matched'],
      ['Contoso', '2025-03', 50000, 45000, 'underpaid'],
      ['Contoso', '2025-04', 60000, 70000, 'overpaid'],
      ['Contoso', '2025-05', 40000, 0, 'missing'],
      ['Contoso', '2025-06', 0, 0, 'matched'],
      ['Fabrikam', '2025-01', 0, 0, 'matched'],
      ['Fabrikam', '2025-02', 0, 0, 'matched'],
      ['Fabrikam', '2025-03', 0, 0, 'matched'],
      ['Fabrikam', '2025-04', 100000, 0, 'unexpected-ineligible'], // IVDCLD on a GCC tenant
      ['Fabrikam', '2025-05', 0, 0, 'matched'],
      ['Fabrikam', '2025-06', 50000, 0, 'pending'], // due 2025-07-16
    ]);
    const apr = (res.json.items as any[]).find((l) => l.customerName === 'Fabrikam' && l.month === '2025-04');
    expect(apr.message).toBe(
      'Teams of Fabrikam for 2025-04: Partner Center says IVDCLD (the cloud is invalid), but our rules predict $1,000.00; predicted $1,000.00, paid $0.00. Dispute by 2025-08-14.',
    );
  });

  it('filters by status and month, and answers CSV on request', async () => {
    const missing = await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2025-06-20&status=missing&tenantId=${contoso}`);
    expect((missing.json.items as any[]).map((l) => l.month)).toEqual(['2025-05']);
    const file = await call(host(), 'GET', '/api/v1/reconciliation?asOfDate=2025-06-20&month=2025-03', { headers: { accept: 'text/csv' } });
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(file.text.split('\r\n')[0]).toMatch(/^Tenant ID,Customer,Workload,Month,Segment,Cloud,Predicted \(USD\),Paid \(USD\)/);
    expect(file.text).toContain('Contoso,Teams,2025-03,Commercial,Commercial,500,450,-50,underpaid');
  });

  it('sums up by status and by segment and cloud', async () => {
    const res = await call(host(), 'GET', '/api/v1/reconciliation/summary?asOfDate=2025-06-20');
    expect(res.json).toMatchObject({ workloads: 2, lines: 12, predictedCents: 350000, paidCents: 175000, missingCents: 145000 });
    expect(res.json.byStatus).toEqual({
      matched: 6,
      underpaid: 1,
      overpaid: 1,
      missing: 1,
      pending: 1,
      'unexpected-ineligible': 1,
      'not-predicted': 1,
      'claim-rejected': 0,
      'claim-action-required': 0,
    });
    expect(res.json.bySegmentAndCloud).toEqual([
      { segment: 'Education', cloud: 'GCC', lines: 6, predictedCents: 150000, paidCents: 0, missingCents: 100000, lastPaidMonth: null },
      { segment: 'Commercial', cloud: 'Commercial', lines: 6, predictedCents: 200000, paidCents: 175000, missingCents: 45000, lastPaidMonth: '2025-04' },
    ]);
  });

  it("shows Partner Center's cap report beside our cap, earned and balance, with a sentence where they disagree", async () => {
    const res = await call(host(), 'GET', '/api/v1/reconciliation/summary?asOfDate=2025-06-20');
    // Ours: Modern Work usage FY25 caps at $200,000.00; the tracked lines counted $1,750.00 paid (Contoso $100 + $500 + $450 + $700), balance $198,250.00.
    expect(res.json.partnerCaps).toEqual([
      {
        participantId: '1234567',
        programName: 'Modern Work usage',
        leverName: null,
        customerId: null,
        effectiveStart: '2024-10-01',
        effectiveEnd: '2025-09-30',
        refreshedOn: null,
        partnerCenter: { capCents: 20000000, earnedCents: 215000, balanceCents: 19785000 },
        ours: { programId: 'modern-work-usage-fy25', capCents: 20000000, earnedCents: 175000, balanceCents: 19825000 },
        agrees: false,
        message:
          "Partner Center's cap report for Modern Work usage, 2024-10-01 to 2025-09-30: cap $200,000.00, earned $2,150.00, balance $197,850.00; ours (modern-work-usage-fy25): cap $200,000.00, earned $1,750.00 in the tracked workloads' earnings, balance $198,250.00. They disagree: Partner Center counts $400.00 more earned: earnings of customers not tracked here, or not imported yet.",
      },
    ]);
    // One customer's summary shows only caps of that customer (this report has none).
    const one = await call(host(), 'GET', `/api/v1/reconciliation/summary?asOfDate=2025-06-20&tenantId=${contoso}`);
    expect(one.json.partnerCaps).toEqual([]);
  });

  it("shows a tracked workload's payout line by line, predicted and paid", async () => {
    const res = await call(host(), 'GET', `/api/v1/workloads/${contoso}/teams/payout?asOfDate=2025-06-20`);
    expect(res.status).toBe(200);
    expect(res.json.paid).toEqual({ totalCents: 175000, earnings: 4, enteredByHandCents: 0 });
    expect((res.json.payout.lines as any[]).map((l) => [l.month, l.predictedCents, l.paidInEarningsCents])).toEqual([
      ['2025-02', 50000, 50000],
      ['2025-03', 50000, 45000],
      ['2025-04', 60000, 70000],
      ['2025-05', 40000, 0],
      ['2025-06', 0, 0],
    ]);
  });

  it('puts missing earnings and closing dispute windows on the work list', async () => {
    // 2025-07-05: March is $50 short, its window closes 2025-07-15 (10 days); May's $400 is missing (window to 2025-09-14).
    const res = await call(host(), 'GET', `/api/v1/actions?asOfDate=2025-07-05&tenantId=${contoso}`);
    const earnings = (res.json.items as any[]).filter((l) => l.action === 'missing-earnings' || l.action === 'dispute-deadline').map((l) => [l.action, l.amountCents, l.deadline]);
    expect(earnings).toEqual([
      ['missing-earnings', 40000, '2025-09-14'],
      ['dispute-deadline', 5000, '2025-07-15'],
    ]);
  });

  it('refuses a bad status with a problem naming the field', async () => {
    const res = await call(host(), 'GET', '/api/v1/reconciliation?status=lost');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toContain('status');
  });
});
