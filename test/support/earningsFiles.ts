/**
 * Partner Center's earnings files as downloaded (PARTNER-CENTER.md: every documented column,
 * shuffled, rows repeated per transaction, a Summarized file, the ineligible revenue usage
 * details, the cap report), and two tracked Teams workloads whose reconciliation on 2025-06-20
 * has a line of every status (worked out by hand in the comments): shared by the storage test
 * of the import and reconciliation (test/storage/earningsReconciliation.test.ts) and the task
 * pane's "Earnings check" in Chromium (test/addin/earningsCheck.test.ts).
 */
import type { LocalHost } from '../../dev/localHost/server';
import { call } from './localHost';

export function csv(headers: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): string {
  const cell = (v: string | number | undefined) => {
    const t = v === undefined ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [headers.join(','), ...rows.map((r) => headers.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n';
}

/** "Earnings - Default", every documented attribute, in reverse order (column order must not matter). */
export const EARNINGS_HEADERS = `agreementEndDate, agreementNumber, agreementStartDate, baseline, baselineType, bucketSize,
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
export const SUMMARIZED_HEADERS = EARNINGS_HEADERS.filter((h) => h !== 'earningId' && h !== 'transactionId');
export const INELIGIBLE_HEADERS = `agreementNumber, compensableUnits, compensableUnitsAlt, customerId, customerIdType,
customerName, earningParticipantId, earningParticipantIdType, earningParticipantName,
engagementName, invoiceNumber, partnerAssociation, partnerCountryCode, partnerId,
partnerName, partnerRole, productId, productFamily, reason, subscriptionId,
transactionAmountUSD, transactionDate, unearnedId, quantity, quantityType, quantityAlt,
quantityAltType, resourceID, solutionArea, workload`
  .split(',')
  .map((h) => h.trim());
export const CAP_HEADERS = `participantID, participantType, participantName, earningParticipantID,
earningParticipantIDType, earningParticipantName, earningParticipantCountryCode, programName,
programID, engagementName, engagementID, leverName, customerID, customerName,
customerCountryCode, maxCapUSD, maxCapEffectiveStartDate, maxCapEffectiveEndDate,
totalEarningsUSD, balanceEarningOpportunityUSD, targetRevenueUSD, maxCapBalanceRefreshDate`
  .split(',')
  .map((h) => h.trim());

/** Teams (Modern Work FY25, per-user, market A: $10.00 a user), claimed 2025-01-10 on HWM 100 and 1,000 seats, approved 2025-01-20. */
async function trackTeams(host: LocalHost, tenantId: string, customerName: string, cloud: string, segment: string, mau: number[]) {
  const put = await call(host, 'PUT', `/api/v1/workloads/${tenantId}/teams`, {
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
  expect((await call(host, 'POST', `/api/v1/workloads/${tenantId}/teams/usage`, { body: { items } })).status).toBe(200);
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
export const earningRow = (id: string, tenantId: string, month: string, usd: string, eur: string, transactionId: string, extra: Record<string, string | number> = {}) => ({
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

const postCsv = (host: LocalHost, csvText: string) => call(host, 'POST', '/api/v1/import', { rawBody: csvText, headers: { 'content-type': 'text/csv' } });

/**
 * Tracks Contoso (Commercial) and Fabrikam (Education on GCC): Teams under Modern Work FY25,
 * claims approved 2025-01-20, six months of usage each. Nothing is paid until the files are imported.
 */
export async function trackEarningsWorkloads(host: LocalHost, contoso: string, fabrikam: string): Promise<void> {
  // Contoso (Commercial): MAU Jan 100 (approval month), Feb 150, Mar 200, Apr 260, May 300, Jun 300.
  // Predicted: Feb 50 x $10 = $500, Mar $500, Apr 60 = $600, May 40 = $400 (due 2025-06-16), Jun 0.
  await trackTeams(host, contoso, 'Contoso', 'Commercial', 'Commercial', [100, 150, 200, 260, 300, 300]);
  // Fabrikam (Education on GCC): MAU 100, 100, 100, Apr 200 (100 x $10 = $1,000), May 200 ($0), Jun 250 (50 = $500, due 2025-07-16).
  await trackTeams(host, fabrikam, 'Fabrikam', 'GCC', 'Education', [100, 100, 100, 200, 200, 250]);
}

/**
 * Imports the four files; the answer to the first earnings file (three rows refused by line) is
 * returned. With the workloads of trackEarningsWorkloads, reconciled on 2025-06-20: Contoso Jan
 * not-predicted ($100 paid), Feb matched, Mar underpaid ($50 short), Apr overpaid ($100), May
 * missing ($400), Jun matched; Fabrikam Apr unexpected-ineligible (IVDCLD, $1,000), Jun pending,
 * the rest matched.
 */
export async function importEarningsFiles(host: LocalHost, contoso: string, fabrikam: string): Promise<{ status: number; json: any }> {
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
  const first = await postCsv(host, csv(EARNINGS_HEADERS, rows));
  // The Summarized variant (no earningId): one row per earning; Contoso is paid $100 in the approval month.
  const summarized = await postCsv(host, csv(SUMMARIZED_HEADERS, [{ ...earningRow('', contoso, '2025-01', '100.00', '92.00', ''), earningId: '' }]));
  expect(summarized.json).toMatchObject({ fileKind: 'earnings-summarized', earningsWritten: 1, rowErrors: 0 });
  const ineligible = await postCsv(
    host,
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
    host,
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
  return first;
}

/** Both: the workloads tracked, then the files imported (the answer to the first earnings file). */
export async function importEarningsFixtures(host: LocalHost, contoso: string, fabrikam: string): Promise<{ status: number; json: any }> {
  await trackEarningsWorkloads(host, contoso, fabrikam);
  return importEarningsFiles(host, contoso, fabrikam);
}
