/**
 * Partner Center's earnings files imported as downloaded (PARTNER-CENTER.md: every documented
 * column, shuffled, rows repeated per transaction, a Summarized file, the ineligible revenue
 * usage details, the cap report) and reconciled over HTTP with the tracked workloads, to
 * statuses worked out by hand in the comments.
 */
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

useAzurite();
const host = useTestHost();

const postCsv = (csv: string) => call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });

function csv(headers: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): string {
  const cell = (v: string | number | undefined) => {
    const t = v === undefined ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [headers.join(','), ...rows.map((r) => headers.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n';
}

/** "Earnings - Default", every documented attribute, in reverse order (column order must not matter). */
const EARNINGS_HEADERS = `agreementEndDate, agreementNumber, agreementStartDate, baseline, baselineType, bucketSize,
calculationDate, claimId, compensableUnits, customerCountry, customerEmail, customerName,
customerTenantId, desktopCount, distributorId, distributorName, earningAmount,
earningAmountInLastPaymentCurrency, earningAmountUSD, earningDate, earningExchangeRate,
earningId, earningParticipantId, earningParticipantName, earningParticipantIdType,
earningRate, earningType, engagementId, engagementName, estimatedPaymentMonth,
exchangeRateDate, externalReferenceId, externalReferenceIdLabel, fundCategory,
instantRebateAmount, invoiceDate, invoiceNumber, isPrivateOffer, lastPaymentCurrency, lever,
LicensingProgramName, LineItemId, localProviderSeller, Maturity month, milestone, OrderId,
parentProductId, parentProductName, participantId, participantIdType, participantName,
partnerAssociation, partnerCountryCode, partnerRole, partNumber, paymentId, paymentStatus,
paymentStatusDescription, productId, productName, productType, Program Code, programName,
purchaseOrderCoverageEndDate, purchaseOrderCoverageStartDate, purchaseOrderType,
purchaseTypeCode, purchaseTypeName, quantity, quantityAlt, quantityAltType, quantityType,
reasonCode, resellerCountry, resellerId, resellerName, resourceId, SkuId, solutionArea,
storeFee, subscriptionEndDate, subscriptionId, subscriptionStartDate, taxCity, taxCountry,
taxRemitModel, taxRemitted, taxState, taxZipCode, tpan, transactionAmount,
transactionAmountUSD, transactionCountryCode, transactionCurrency, transactionDate,
transactionExchangeRate, transactionId, transactionPaymentMethod, transactionType, userCount,
workload`
  .split(',')
  .map((h) => h.trim())
  .reverse();
const SUMMARIZED_HEADERS = EARNINGS_HEADERS.filter((h) => h !== 'earningId' && h !== 'transactionId');
const INELIGIBLE_HEADERS = `agreementNumber, compensableUnits, compensableUnitsAlt, customerId, customerIdType,
customerName, earningParticipantId, earningParticipantIdType, earningParticipantName,
engagementName, invoiceNumber, partnerAssociation, partnerCountryCode, partnerId,
partnerName, partnerRole, productId, productFamily, reason, subscriptionId,
transactionAmountUSD, transactionDate, unearnedId, quantity, quantityType, quantityAlt,
quantityAltType, resourceID, solutionArea, workload`
  .split(',')
  .map((h) => h.trim());
const CAP_HEADERS = `participantID, participantType, participantName, earningParticipantID,
earningParticipantIDType, earningParticipantName, earningParticipantCountryCode, programName,
programID, engagementName, engagementID, leverName, customerID, customerName,
customerCountryCode, maxCapUSD, maxCapEffectiveStartDate, maxCapEffectiveEndDate,
totalEarningsUSD, balanceEarningOpportunityUSD, targetRevenueUSD, maxCapBalanceRefreshDate`
  .split(',')
  .map((h) => h.trim());

const contoso = tenant(1601);
const fabrikam = tenant(1602);

/** Teams (Modern Work FY25, per-user, market A: $10.00 a user), claimed 2025-01-10 on HWM 100 and 1,000 seats, approved 2025-01-20. */
async function trackTeams(tenantId: string, customerName: string, cloud: string, segment: string, mau: number[]) {
  const put = await call(host(), 'PUT', `/api/v1/workloads/${tenantId}/teams`, {
    body: {
      customerName,
      programId: 'modern-work-usage-fy25',
      cloud,
      segment,
      market: 'A',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: mau[mau.length - 1],
      claimStatus: 'approved',
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 100,
      paidAvailableUnitsAtClaim: 1000,
    },
  });
  expect(put.status).toBe(201);
  const items = mau.map((m, i) => ({ month: `2025-0${i + 1}`, paidAvailableUnits: 1000, monthlyActiveUsers: m }));
  expect((await call(host(), 'POST', `/api/v1/workloads/${tenantId}/teams/usage`, { body: { items } })).status).toBe(200);
}

const common = {
  customerCountry: 'US',
  earningType: 'Usage incentive',
  engagementName: 'Modern Work usage',
  programName: 'Modern Work usage FY25',
  lever: 'Usage',
  baselineType: 'HWM',
  quantityType: 'MAU',
  quantityAltType: 'PAU',
  earningRate: '10.00',
  lastPaymentCurrency: 'EUR',
  transactionCurrency: 'USD',
};
const earningRow = (id: string, tenantId: string, month: string, usd: string, eur: string, transactionId: string, extra: Record<string, string | number> = {}) => ({
  ...common,
  earningId: id,
  customerTenantId: tenantId,
  workload: 'teams',
  earningDate: `${month}-28`,
  transactionDate: `${month}-28`,
  earningAmountUSD: usd,
  earningAmount: usd,
  earningAmountInLastPaymentCurrency: eur,
  transactionId,
  paymentStatus: 'Sent',
  claimId: 'CLM-1',
  ...extra,
});

let first: { status: number; json: any };

beforeAll(async () => {
  // Contoso (Commercial): MAU Jan 100 (approval month), Feb 150, Mar 200, Apr 260, May 300, Jun 300.
  // Predicted: Feb 50 x $10 = $500, Mar $500, Apr 60 = $600, May 40 = $400 (due 2025-06-16), Jun 0.
  await trackTeams(contoso, 'Contoso', 'Commercial', 'Commercial', [100, 150, 200, 260, 300, 300]);
  // Fabrikam (Education on GCC): MAU 100, 100, 100, Apr 200 (100 x $10 = $1,000), May 200 ($0), Jun 250 (50 = $500, due 2025-07-16).
  await trackTeams(fabrikam, 'Fabrikam', 'GCC', 'Education', [100, 100, 100, 200, 200, 250]);
  const rows = [
    earningRow('E-FEB', contoso, '2025-02', '500.00', '460.00', 'T1', { milestone: '', baseline: 100, compensableUnits: 900 }),
    earningRow('E-FEB', contoso, '2025-02', '500.00', '460.00', 'T2', { baseline: 100, compensableUnits: 900 }), // the same earning, second transaction
    earningRow('E-MAR', contoso, '2025-03', '450.00', '414.00', 'T3'), // $50 short: underpaid
    earningRow('E-APR', contoso, '2025-04', '700.00', '644.00', 'T4'), // $100 above $600: overpaid
    earningRow('E-APR', contoso, '2025-04', '700.00', '644.00', 'T5'),
    earningRow('E-APR', contoso, '2025-04', '700.00', '644.00', 'T6'),
    earningRow('E-X1', '', '2025-04', '10.00', '9.20', 'T7'), // no tenant: refused (line 9)
    earningRow('E-X2', contoso, '2025-04', '10.00', '9.20', 'T8', { workload: '' }), // no workload: refused (line 10)
    earningRow('E-X3', contoso, '2025-04', '10.005', '9.20', 'T9'), // three decimals in USD: refused (line 11)
  ];
  first = await postCsv(csv(EARNINGS_HEADERS, rows));
  // The Summarized variant (no earningId): one row per earning; Contoso is paid $100 in the approval month.
  const summarized = await postCsv(csv(SUMMARIZED_HEADERS, [{ ...earningRow('', contoso, '2025-01', '100.00', '92.00', ''), earningId: '' }]));
  expect(summarized.json).toMatchObject({ fileKind: 'earnings-summarized', earningsWritten: 1, rowErrors: 0 });
  const ineligible = await postCsv(
    csv(INELIGIBLE_HEADERS, [
      {
        customerId: fabrikam,
        customerIdType: 'Tenant',
        customerName: 'Fabrikam',
        workload: 'teams',
        reason: 'IVDCLD',
        transactionDate: '2025-04-30',
        unearnedId: 'U-1',
        quantity: 200,
        quantityType: 'MAU',
      },
      { customerId: '123456', customerIdType: 'TPID', customerName: 'Somebody', workload: 'exo', reason: 'CUSPUBSEC', transactionDate: '2025-04-30', unearnedId: 'U-2' },
    ]),
  );
  expect(ineligible.json).toMatchObject({ fileKind: 'ineligible-revenue-usage', earningsWritten: 2, rowErrors: 0 });
  const cap = await postCsv(
    csv(CAP_HEADERS, [
      {
        participantID: '1234567',
        participantType: 'PartnerId',
        participantName: 'Us',
        programName: 'Modern Work usage',
        programID: 'MW',
        maxCapUSD: '200000.00',
        maxCapEffectiveStartDate: '2024-10-01',
        maxCapEffectiveEndDate: '2025-09-30',
        totalEarningsUSD: '2150.00',
        balanceEarningOpportunityUSD: '197850.00',
      },
    ]),
  );
  expect(cap.json).toMatchObject({ fileKind: 'cap-report', earningsWritten: 1, rowErrors: 0 });
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

  it("shows a tracked workload's payout line by line, predicted and paid", async () => {
    const res = await call(host(), 'GET', `/api/v1/workloads/${contoso}/teams/payout?asOfDate=2025-06-20`);
    expect(res.status).toBe(200);
    expect(res.json.paid).toEqual({ totalCents: 175000, earnings: 4 });
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
