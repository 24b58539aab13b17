/**
 * Partner Center's Insights usage reports imported as downloaded (PARTNER-CENTER.md): the
 * Office 365 license usage report (one row per tenant, workload and month, PGA repeats) and the
 * Enterprise Mobility license usage report (wide: one row per subscription and SKU). Every
 * documented column, in another order than documented, plus a column nobody documented; the
 * stored months and HWMs are compared with values worked out by hand in the comments.
 * Also: the dry run (same answer, nothing written), warnings, total rows, files refused whole.
 */
import { highWaterMark } from '../../shared';
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

useAzurite();
const host = useTestHost();

const postCsv = (csv: string, query = '') => call(host(), 'POST', `/api/v1/import${query}`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });

/** A CSV with the given headers, each row's cells by header name (missing cells empty). */
function csv(headers: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): string {
  const cell = (v: string | number | undefined) => {
    const t = v === undefined ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [headers.join(','), ...rows.map((r) => headers.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n';
}

async function months(tenantId: string, workload: string) {
  return (await call(host(), 'GET', `/api/v1/workloads/${tenantId}/${workload}/usage`)).json.months as Array<{ month: string; paidAvailableUnits: number; monthlyActiveUsers: number }>;
}

const hwmOf = (programId: string, usageHistory: Awaited<ReturnType<typeof months>>) => highWaterMark({ programId, asOfDate: '2026-11-30', usageHistory }).highWaterMark;

// Documented: PGAPartnerID, CustomerTenantId, CustomerTpid, WorkloadName, Month, PaidAvailableUnits, MonthlyActiveUsers,
// CustomerName, CustomerMarket, CustomerSegment, IndustryName, VerticalName, EOU, PartnerID, PartnerName, PartnerLocation,
// PartnerAttributionType, IsDuplicateRowForPGA. Here shuffled, with "Downloaded On" added.
const O365_HEADERS = [
  'IsDuplicateRowForPGA',
  'CustomerName',
  'Month',
  'MonthlyActiveUsers',
  'WorkloadName',
  'Downloaded On',
  'PaidAvailableUnits',
  'CustomerTenantId',
  'PGAPartnerID',
  'CustomerTpid',
  'CustomerMarket',
  'CustomerSegment',
  'IndustryName',
  'VerticalName',
  'EOU',
  'PartnerID',
  'PartnerName',
  'PartnerLocation',
  'PartnerAttributionType',
];

const contoso = tenant(301);
const fabrikam = tenant(302);
const common = {
  PGAPartnerID: 4001,
  CustomerMarket: 'United Kingdom',
  CustomerSegment: 'SMB',
  IndustryName: 'Retail',
  VerticalName: 'Retail',
  EOU: 'UK',
  PartnerID: 4002,
  PartnerName: 'Partner Ltd',
  PartnerLocation: 'London',
  PartnerAttributionType: 'CPOR',
  'Downloaded On': '2026-11-30',
};
const O365_ROWS = [
  // line 2-4: Exchange Online, three months, plus (line 4) the PGA repeat of September.
  {
    ...common,
    CustomerTenantId: contoso,
    CustomerTpid: 11,
    CustomerName: 'Contoso Ltd',
    WorkloadName: 'Exchange Online',
    Month: '2026-08-01',
    PaidAvailableUnits: '1,000',
    MonthlyActiveUsers: 200,
    IsDuplicateRowForPGA: 0,
  },
  {
    ...common,
    CustomerTenantId: contoso,
    CustomerTpid: 11,
    CustomerName: 'Contoso Ltd',
    WorkloadName: 'Exchange Online',
    Month: '2026-09-01',
    PaidAvailableUnits: '1,000',
    MonthlyActiveUsers: 350,
    IsDuplicateRowForPGA: 0,
  },
  {
    ...common,
    CustomerTenantId: contoso,
    CustomerTpid: 11,
    CustomerName: 'Contoso Ltd',
    WorkloadName: 'Exchange Online',
    Month: '2026-09-01',
    PaidAvailableUnits: '1,000',
    MonthlyActiveUsers: 350,
    IsDuplicateRowForPGA: 1,
  },
  // line 5: October.
  {
    ...common,
    CustomerTenantId: contoso,
    CustomerTpid: 11,
    CustomerName: 'Contoso Ltd',
    WorkloadName: 'Exchange Online (Plan 2)',
    Month: '2026-10-01',
    PaidAvailableUnits: '1,000',
    MonthlyActiveUsers: 420,
    IsDuplicateRowForPGA: 'False',
  },
  // line 6: Teams, MAU above PAU (warned: only 400 count, the HWM rises from 0 to 400).
  {
    ...common,
    CustomerTenantId: contoso,
    CustomerTpid: 11,
    CustomerName: 'Contoso Ltd',
    WorkloadName: 'Microsoft Teams',
    Month: '2026-10-01',
    PaidAvailableUnits: 400,
    MonthlyActiveUsers: 500,
    IsDuplicateRowForPGA: 0,
  },
  // line 7: Skype for Business: no program pays for it, skipped.
  {
    ...common,
    CustomerTenantId: contoso,
    CustomerTpid: 11,
    CustomerName: 'Contoso Ltd',
    WorkloadName: 'Skype for Business',
    Month: '2026-10-01',
    PaidAvailableUnits: 1000,
    MonthlyActiveUsers: 10,
    IsDuplicateRowForPGA: 0,
  },
  // line 8-9: SharePoint, PAU falls from 2,000 to 800 (warned: by 60%); another name for the tenant (warned).
  {
    ...common,
    CustomerTenantId: fabrikam,
    CustomerTpid: 12,
    CustomerName: 'Fabrikam',
    WorkloadName: 'SharePoint Online (Plan 2)',
    Month: '2026-09-01',
    PaidAvailableUnits: 2000,
    MonthlyActiveUsers: 900,
    IsDuplicateRowForPGA: 0,
  },
  {
    ...common,
    CustomerTenantId: fabrikam,
    CustomerTpid: 12,
    CustomerName: 'Fabrikam, Inc.',
    WorkloadName: 'SharePoint Online (Plan 2)',
    Month: '2026-10-01',
    PaidAvailableUnits: 800,
    MonthlyActiveUsers: 700,
    IsDuplicateRowForPGA: 0,
  },
  // line 10: a suite is refused, saying so.
  {
    ...common,
    CustomerTenantId: fabrikam,
    CustomerTpid: 12,
    CustomerName: 'Fabrikam',
    WorkloadName: 'Office 365 E5',
    Month: '2026-10-01',
    PaidAvailableUnits: 800,
    MonthlyActiveUsers: 700,
    IsDuplicateRowForPGA: 0,
  },
  // line 11: the total row a spreadsheet adds.
  { CustomerTenantId: 'Total', PaidAvailableUnits: 6200, MonthlyActiveUsers: 2330 },
];

// Documented order: PGAMpnID, SubscriptionId, SubscriptionStartDate, SubscriptionEndDate, SubscriptionStatus, Month, SKU, SKUId,
// FreeVsPaidSKU, SalesModel, DetailedSalesModel, CustomerName, CustomerTenantId, CustomerTpid, CustomerSegment, CustomerMarket,
// IndustryName, VerticalName, EOU, MPNID, PartnerName, PartnerLocation, PartnerAttributionType, PartnerHierarchy, PaidAvailableUnits,
// MonthlyActiveUsers, AATPActiveUsage, MCASActiveUsage, AADPPaidAvailableUnits, IntunePaidAvailableUnits, AzipPaidAvailableUnits,
// AADPMonthlyActiveUsers, IntuneMonthlyActiveUsers, AzipMonthlyActiveUsers, MDM, MAM, SSPR. Here reversed, with "Region" added.
const EM_HEADERS = [
  'SSPR',
  'MAM',
  'MDM',
  'AzipMonthlyActiveUsers',
  'IntuneMonthlyActiveUsers',
  'AADPMonthlyActiveUsers',
  'AzipPaidAvailableUnits',
  'IntunePaidAvailableUnits',
  'AADPPaidAvailableUnits',
  'MCASActiveUsage',
  'AATPActiveUsage',
  'MonthlyActiveUsers',
  'PaidAvailableUnits',
  'Region',
  'PartnerHierarchy',
  'PartnerAttributionType',
  'PartnerLocation',
  'PartnerName',
  'MPNID',
  'EOU',
  'VerticalName',
  'IndustryName',
  'CustomerMarket',
  'CustomerSegment',
  'CustomerTpid',
  'CustomerTenantId',
  'CustomerName',
  'DetailedSalesModel',
  'SalesModel',
  'FreeVsPaidSKU',
  'SKUId',
  'SKU',
  'Month',
  'SubscriptionStatus',
  'SubscriptionEndDate',
  'SubscriptionStartDate',
  'SubscriptionId',
  'PGAMpnID',
];

const woodgrove = tenant(311);
const tailspin = tenant(312);
const sub = (id: string, sku: string, free: boolean) => ({
  SubscriptionId: id,
  SubscriptionStartDate: '1/1/2026',
  SubscriptionEndDate: '12/31/2026',
  SubscriptionStatus: 'Active',
  SKU: sku,
  SKUId: `sku-${id}`,
  FreeVsPaidSKU: free ? 'Free' : 'Paid',
  SalesModel: 'CSP',
  DetailedSalesModel: 'CSP Direct',
  PGAMpnID: 5001,
  MPNID: 5002,
  PartnerName: 'Partner Ltd',
  PartnerLocation: 'London',
  PartnerAttributionType: 'CPOR',
  PartnerHierarchy: 'Direct',
  EOU: 'UK',
  VerticalName: 'Banking',
  IndustryName: 'Financial services',
  CustomerMarket: 'United Kingdom',
  CustomerSegment: 'Enterprise',
  Region: 'EMEA',
  MDM: 1,
  MAM: 1,
  SSPR: 1,
});
const EM_ROWS = [
  // line 2: September, one paid EMS E5 subscription.
  {
    ...sub('s1', 'Enterprise Mobility + Security E5', false),
    CustomerTenantId: woodgrove,
    CustomerTpid: 21,
    CustomerName: 'Woodgrove Bank',
    Month: '9/1/2026',
    PaidAvailableUnits: 300,
    MonthlyActiveUsers: 150,
    IntunePaidAvailableUnits: 300,
    IntuneMonthlyActiveUsers: 150,
    AADPPaidAvailableUnits: 300,
    AADPMonthlyActiveUsers: 200,
    AzipPaidAvailableUnits: 300,
    AzipMonthlyActiveUsers: 30,
    AATPActiveUsage: 50,
    MCASActiveUsage: 10,
  },
  // lines 3-5: October, the EMS E5 subscription, a paid Intune Plan 1 subscription and a free (trial) EMS E5 one.
  {
    ...sub('s1', 'Enterprise Mobility + Security E5', false),
    CustomerTenantId: woodgrove,
    CustomerTpid: 21,
    CustomerName: 'Woodgrove Bank',
    Month: '10/1/2026',
    PaidAvailableUnits: 300,
    MonthlyActiveUsers: 250,
    IntunePaidAvailableUnits: 300,
    IntuneMonthlyActiveUsers: 250,
    AADPPaidAvailableUnits: 300,
    AADPMonthlyActiveUsers: 280,
    AzipPaidAvailableUnits: 300,
    AzipMonthlyActiveUsers: 40,
    AATPActiveUsage: 60,
    MCASActiveUsage: 20,
  },
  {
    ...sub('s2', 'Microsoft Intune Plan 1', false),
    CustomerTenantId: woodgrove,
    CustomerTpid: 21,
    CustomerName: 'Woodgrove Bank',
    Month: '10/1/2026',
    PaidAvailableUnits: 200,
    MonthlyActiveUsers: 250,
    IntunePaidAvailableUnits: 200,
    IntuneMonthlyActiveUsers: 250,
    AATPActiveUsage: 60,
    MCASActiveUsage: 20,
  },
  {
    ...sub('s3', 'Enterprise Mobility + Security E5', true),
    CustomerTenantId: woodgrove,
    CustomerTpid: 21,
    CustomerName: 'Woodgrove Bank',
    Month: '10/1/2026',
    PaidAvailableUnits: 25,
    MonthlyActiveUsers: 250,
    IntunePaidAvailableUnits: 25,
    IntuneMonthlyActiveUsers: 250,
    AADPPaidAvailableUnits: 25,
    AADPMonthlyActiveUsers: 280,
    AzipPaidAvailableUnits: 25,
    AzipMonthlyActiveUsers: 40,
    AATPActiveUsage: 60,
    MCASActiveUsage: 20,
  },
  // line 6: a tenant with a free Intune trial only: no paid seats, so no tracking starts.
  {
    ...sub('s4', 'Microsoft Intune Plan 1', true),
    CustomerTenantId: tailspin,
    CustomerTpid: 22,
    CustomerName: 'Tailspin Toys',
    Month: '10/1/2026',
    PaidAvailableUnits: 50,
    MonthlyActiveUsers: 40,
    IntunePaidAvailableUnits: 50,
    IntuneMonthlyActiveUsers: 40,
  },
  // line 7: a month that is no month.
  {
    ...sub('s5', 'Microsoft Intune Plan 1', false),
    CustomerTenantId: tailspin,
    CustomerTpid: 22,
    CustomerName: 'Tailspin Toys',
    Month: '13/2026',
    PaidAvailableUnits: 50,
    MonthlyActiveUsers: 40,
    IntunePaidAvailableUnits: 50,
    IntuneMonthlyActiveUsers: 40,
  },
  // line 8: the total row.
  { CustomerName: 'Grand Total', PaidAvailableUnits: 875, MonthlyActiveUsers: 690 },
];

describe("Partner Center's Office 365 license usage report", () => {
  it('is told by its columns, imports each month once (PGA repeats skipped), skips products no program pays for and total rows, and warns', async () => {
    const body = csv(O365_HEADERS, O365_ROWS);
    const preview = await postCsv(body, '?dryRun=true');
    expect(preview.status).toBe(200);
    const r = await postCsv(body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ dryRun: false, fileKind: 'office-365-license-usage', rowsRead: 10, usageWritten: 6, workloadsCreated: 3, rowErrors: 1, skippedRows: 3, duplicateRows: 0 });
    expect(r.json.fileDescription).toMatch(/^Partner Center's Office 365 license usage report/);
    // Every column but the eight the import reads, in the file's order.
    const read = ['IsDuplicateRowForPGA', 'CustomerName', 'CustomerTpid', 'Month', 'MonthlyActiveUsers', 'WorkloadName', 'PaidAvailableUnits', 'CustomerTenantId'];
    expect(r.json.ignoredColumns).toEqual(O365_HEADERS.filter((h) => !read.includes(h)));
    expect(r.json.errors).toEqual([
      { line: 10, reason: expect.stringMatching(/^workload "Office 365 E5" is a suite, not a workload: report each of its workloads on its own \(Exchange Online, SharePoint Online, Teams/) },
    ]);
    expect(r.json.skipped).toEqual([
      { line: 4, kind: 'pga-duplicate', message: expect.stringContaining('IsDuplicateRowForPGA') },
      { line: 7, kind: 'untracked-product', message: 'Skype for Business ("Skype for Business") is a product no incentive program pays for' },
      { line: 11, kind: 'total-row', message: 'a total row' },
    ]);
    expect(r.json.warnings).toEqual([
      { line: 6, kind: 'mau-above-pau', message: 'Teams 2026-10: MAU 500 is above PAU 400; only 400 count as paid active users and this month would raise the HWM from 0 to 400' },
      { line: 9, kind: 'two-customer-names', message: `tenant ${fabrikam} is named "Fabrikam, Inc." here and "Fabrikam" on line 8; the latest month's name is kept` },
      { line: 9, kind: 'pau-fell-by-half', message: 'SharePoint Online: PAU fell from 2,000 in 2026-09 to 800 in 2026-10 (by 60%): check the file, or whether the customer cancelled seats' },
    ]);
    // The dry run answered the same, but for saying it wrote nothing.
    expect({ ...preview.json, dryRun: false }).toEqual(r.json);

    const exo = await months(contoso, 'exchange-online');
    expect(exo).toEqual([
      { month: '2026-08', paidAvailableUnits: 1000, monthlyActiveUsers: 200 },
      { month: '2026-09', paidAvailableUnits: 1000, monthlyActiveUsers: 350 },
      { month: '2026-10', paidAvailableUnits: 1000, monthlyActiveUsers: 420 },
    ]);
    // All three months at or above Modern Work's 300 seats: the HWM is the highest MAU, 420.
    expect(hwmOf('modern-work-usage', exo)).toBe(420);
    // MAU 500 on 400 seats: 400 paid active users.
    expect(hwmOf('modern-work-usage', await months(contoso, 'teams'))).toBe(400);
    const spo = await call(host(), 'GET', `/api/v1/workloads/${fabrikam}/sharepoint-online`);
    // The customer's TPID kept from CustomerTpid (ineligibility rows keyed by TPID match it).
    expect(spo.json).toMatchObject({ customerName: 'Fabrikam, Inc.', customerTpid: '12', paidAvailableUnits: 800, monthlyActiveUsers: 700, usageMonth: '2026-10', programId: 'modern-work-usage' });
    expect((await call(host(), 'GET', `/api/v1/workloads/${contoso}/skype-for-business`)).status).toBe(400);

    // The same file again changes nothing.
    const again = await postCsv(body);
    expect(again.json).toMatchObject({ usageWritten: 0, unchanged: 6, workloadsCreated: 0, workloadsUpdated: 0 });
  });
});

describe("Partner Center's Enterprise Mobility license usage report", () => {
  it('adds PAU up over paid SKUs per tenant, workload and month, takes the largest MAU, and starts no tracking without paid seats', async () => {
    const body = csv(EM_HEADERS, EM_ROWS);
    const preview = await postCsv(body, '?dryRun=true');
    expect(preview.json).toMatchObject({ dryRun: true, fileKind: 'enterprise-mobility-license-usage', usageWritten: 10, workloadsCreated: 5 });
    // Nothing written by the preview.
    expect((await call(host(), 'GET', `/api/v1/workloads/${woodgrove}/intune`)).status).toBe(404);

    const r = await postCsv(body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ dryRun: false, fileKind: 'enterprise-mobility-license-usage', rowsRead: 7, usageWritten: 10, workloadsCreated: 5, rowErrors: 1, skippedRows: 2 });
    expect(r.json.fileDescription).toMatch(/Enterprise Mobility license usage report.*Intune, Entra ID P2, Purview Information Protection, Defender for Identity, Defender for Cloud Apps/);
    expect(r.json.ignoredColumns).toEqual(expect.arrayContaining(['SSPR', 'MAM', 'MDM', 'MonthlyActiveUsers', 'Region', 'SKUId', 'SubscriptionId', 'PGAMpnID']));
    expect(r.json.ignoredColumns).not.toContain('PaidAvailableUnits');
    expect(r.json.ignoredColumns).not.toContain('CustomerTpid');
    expect((await call(host(), 'GET', `/api/v1/workloads/${woodgrove}/intune`)).json.customerTpid).toBe('21');
    expect(r.json.errors).toEqual([{ line: 7, reason: expect.stringContaining('Month "13/2026" is not a real month') }]);
    expect(r.json.skipped).toEqual([
      { line: 6, kind: 'no-paid-seats', message: `Intune 2026-10: no paid seats for tenant ${tailspin}, which does not track it; nothing to write` },
      { line: 8, kind: 'total-row', message: 'a total row' },
    ]);
    expect(r.json.warnings).toEqual([]);

    // Intune, October: 300 (EMS E5) + 200 (Intune Plan 1) paid, the free trial's 25 not; MAU 250 on every row, taken once.
    const intune = await months(woodgrove, 'intune');
    expect(intune).toEqual([
      { month: '2026-09', paidAvailableUnits: 300, monthlyActiveUsers: 150 },
      { month: '2026-10', paidAvailableUnits: 500, monthlyActiveUsers: 250 },
    ]);
    expect(hwmOf('security-usage', intune)).toBe(250);
    // Entra ID Premium (AADP): only the EMS E5 subscription has it paid.
    expect(await months(woodgrove, 'entra-id-p2')).toEqual([
      { month: '2026-09', paidAvailableUnits: 300, monthlyActiveUsers: 200 },
      { month: '2026-10', paidAvailableUnits: 300, monthlyActiveUsers: 280 },
    ]);
    expect(await months(woodgrove, 'purview-information-protection')).toEqual([
      { month: '2026-09', paidAvailableUnits: 300, monthlyActiveUsers: 30 },
      { month: '2026-10', paidAvailableUnits: 300, monthlyActiveUsers: 40 },
    ]);
    // Defender for Identity and Cloud Apps: the paid units of SKUs that include them (EMS E5: 300; Intune Plan 1 does not).
    expect(await months(woodgrove, 'defender-for-identity')).toEqual([
      { month: '2026-09', paidAvailableUnits: 300, monthlyActiveUsers: 50 },
      { month: '2026-10', paidAvailableUnits: 300, monthlyActiveUsers: 60 },
    ]);
    const mcas = await months(woodgrove, 'defender-for-cloud-apps');
    expect(mcas.at(-1)).toEqual({ month: '2026-10', paidAvailableUnits: 300, monthlyActiveUsers: 20 });
    expect(hwmOf('security-usage', mcas)).toBe(20);
    expect((await call(host(), 'GET', `/api/v1/workloads/${woodgrove}/intune`)).json).toMatchObject({
      customerName: 'Woodgrove Bank',
      paidAvailableUnits: 500,
      monthlyActiveUsers: 250,
      usageMonth: '2026-10',
    });
    expect((await call(host(), 'GET', `/api/v1/workloads/${tailspin}/intune`)).status).toBe(404);

    // The same file again changes nothing, whatever the order of its rows.
    const lines = body.trimEnd().split('\r\n');
    const shuffled = [lines[0], ...lines.slice(1).reverse()].join('\r\n');
    const again = await postCsv(shuffled);
    expect(again.json).toMatchObject({ usageWritten: 0, unchanged: 10, workloadsCreated: 0, workloadsUpdated: 0 });
  });

  it('warns about a SKU it cannot place (its paid units are not counted for Defender for Identity)', async () => {
    const t = tenant(313);
    const body = csv(EM_HEADERS, [
      {
        ...sub('s9', 'Contoso Custom Bundle', false),
        CustomerTenantId: t,
        CustomerName: 'Adatum',
        Month: '2026-10',
        PaidAvailableUnits: 400,
        AATPActiveUsage: 90,
        IntunePaidAvailableUnits: 400,
        IntuneMonthlyActiveUsers: 300,
      },
    ]);
    const r = await postCsv(body);
    expect(r.json.warnings).toEqual([
      { line: 2, kind: 'sku-not-placed', message: 'SKU "Contoso Custom Bundle" is not one we can place: its 400 paid units are not counted for Defender for Identity' },
    ]);
    expect(r.json.skipped).toEqual([{ line: 2, kind: 'no-paid-seats', message: `Defender for Identity 2026-10: no paid seats for tenant ${t}, which does not track it; nothing to write` }]);
    expect(await months(t, 'intune')).toEqual([{ month: '2026-10', paidAvailableUnits: 400, monthlyActiveUsers: 300 }]);
  });
});

describe('files refused whole (nothing written)', () => {
  const t = tenant(321);
  it.each([
    ['a workbook, not CSV', 'PK\u0003\u0004\u0014\u0000\u0006\u0000binary', /is not CSV text/],
    ['a report of no kind we read', 'Invoice,Amount,Currency\r\nINV-1,100.00,USD\r\n', /has no column for tenantId.*This import reads/],
    ['a column present twice', `Tenant ID,Workload,PAU,MAU,Month,PAU\r\n${t},Intune,500,100,2026-10,600\r\n`, /has the column "PAU" twice \(columns 3 and 6\)/],
    ['two columns for one field', `Tenant ID,CustomerTenantId,Workload,PAU,MAU,Month\r\n${t},${t},Intune,500,100,2026-10\r\n`, /has two columns for tenantId/],
    ['an Enterprise Mobility report without FreeVsPaidSKU', `CustomerTenantId,Month,IntunePaidAvailableUnits,IntuneMonthlyActiveUsers\r\n${t},2026-10,500,100\r\n`, /has no column "FreeVsPaidSKU"/],
  ])('%s: 400 naming the problem', async (_what, body, message) => {
    const r = await postCsv(body);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.json.detail).toMatch(message);
    expect((await call(host(), 'GET', `/api/v1/workloads/${t}/intune`)).status).toBe(404);
  });

  it('refuses a body that is not CSV by its content type (415)', async () => {
    const r = await call(host(), 'POST', '/api/v1/import', { rawBody: '{"items":[]}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(415);
  });

  it('refuses a dryRun that is not true or false', async () => {
    const r = await postCsv('Tenant ID,Workload,PAU,MAU,Month\r\n', '?dryRun=maybe');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toMatch(/dryRun.*must be true or false/);
  });
});
