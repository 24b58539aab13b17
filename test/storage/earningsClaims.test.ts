/**
 * Partner Center's claims export imported as downloaded (its columns are not documented: read
 * by name, in any case and spacing, the rest reported as ignored), setting the claims of the
 * tracked workloads; a rejected claim's 30 days to dispute (once) and Partner action
 * required's 14 business days on the reconciliation and the work list; and ineligibility rows
 * keyed by TPID matched to the tracked tenants with that TPID. Dates and amounts by hand in the
 * comments.
 */
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

useAzurite();
const host = useTestHost();

const postCsv = (csv: string) => call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
const csv = (lines: string[][]) => lines.map((l) => l.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

const fabrikam = tenant(2301);
const northwind = tenant(2302);
const litware = tenant(2303);

/** Track a Security usage FY26 workload with two months of usage (the baseline a claim would take). */
async function track(tenantId: string, workload: string, customerName: string, pau: number, mau: number, extra: Record<string, unknown> = {}) {
  const put = await call(host(), 'PUT', `/api/v1/workloads/${tenantId}/${workload}`, {
    body: { customerName, programId: 'security-usage-fy26', paidAvailableUnits: pau, monthlyActiveUsers: mau, ...extra },
  });
  expect(put.status).toBe(201);
  const items = ['2025-12', '2026-01'].map((month) => ({ month, paidAvailableUnits: pau, monthlyActiveUsers: mau }));
  expect((await call(host(), 'POST', `/api/v1/workloads/${tenantId}/${workload}/usage`, { body: { items } })).status).toBe(200);
}

const HEADERS = ['Claim ID', 'Customer Name', 'Customer Tenant ID', 'Product', 'Status', 'Date Submitted', 'Status Date', 'Rejection Reason', 'Partner ID', 'Comments'];

let imported: { status: number; json: any };

beforeAll(async () => {
  // Fabrikam's Defender for Endpoint: 1,000 seats, 100 active (10%): band M, both milestones
  // earnable on a claim of 2026-01-12, $4,000 + $6,000 = $10,000.
  await track(fabrikam, 'defender-for-endpoint', 'Fabrikam', 1000, 100);
  // Northwind's Intune: 400 seats, 20 active (5%): band XS, $1,000 + $1,500 = $2,500.
  await track(northwind, 'intune', 'Northwind', 400, 20);
  await track(northwind, 'defender-for-identity', 'Northwind', 400, 20);
  imported = await postCsv(
    csv([
      HEADERS,
      ['C-1042', 'Fabrikam', fabrikam, 'Microsoft Defender for Endpoint P2', 'Rejected', '1/12/2026', '2/16/2026', 'Insufficient proof of execution', '1234567', 'POE v1'],
      ['C-2001', 'Northwind', northwind, 'Intune Plan 1', 'PARTNER ACTION REQUIRED', '2026-01-20', '2026-02-16', '', '1234567', ''],
      ['C-3001', 'Litware', litware, 'Intune', 'Approved', '2026-01-05', '2026-01-25', '', '1234567', ''],
      ['C-4001', 'Northwind', northwind, 'Intune', 'Pending', '2026-01-20', '2026-02-16', '', '1234567', ''],
      ['C-4002', 'Northwind', northwind, 'Defender for Identity', 'Rejected', '2026-01-20', '', 'Customer declined', '1234567', ''],
    ]),
  );
}, 60_000);

describe("importing Partner Center's claims export", () => {
  it('is told by its columns, reports the columns it ignores, sets the claims of tracked workloads and refuses bad rows by line', () => {
    expect(imported.status).toBe(200);
    expect(imported.json).toMatchObject({ fileKind: 'claims', rowsRead: 5, workloadsUpdated: 2, rowErrors: 2, skippedRows: 1, ignoredColumns: ['Partner ID', 'Comments'] });
    expect(imported.json.errors).toEqual([
      {
        line: 5,
        reason: 'Status "Pending" is not a claim status; Partner Center\'s are Draft, Submitted, Under review, Partner action required, Approved, Rejected, Dispute, Rejected final',
      },
      // The Rejected claim of Northwind's Defender for Identity has no status date: its 30 days to dispute cannot be counted.
      {
        line: 6,
        reason:
          'claimStatusDate is required when claimStatus is "rejected" (Rejected): the 30 days to dispute the rejection count from it (the file has no status date, nor a rejection date for a rejected claim)',
      },
    ]);
    expect(imported.json.skipped).toEqual([
      { line: 4, kind: 'not-tracked', message: `Litware (tenant ${litware}) is not tracked for intune: track the workload (import its usage, or PUT it) and import the claims again` },
    ]);
  });

  it('keeps the status, the day it took it, the claim ID and date and the rejection reason on the record', async () => {
    const res = await call(host(), 'GET', `/api/v1/workloads/${fabrikam}/defender-for-endpoint`);
    expect(res.json).toMatchObject({
      claimStatus: 'rejected',
      claimStatusDate: '2026-02-16',
      claimDate: '2026-01-12',
      claimId: 'C-1042',
      claimRejectionReason: 'Insufficient proof of execution',
    });
    expect((await call(host(), 'GET', `/api/v1/workloads/${northwind}/intune`)).json).toMatchObject({ claimStatus: 'action-required', claimStatusDate: '2026-02-16', claimId: 'C-2001' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const again = await postCsv(
      csv([
        HEADERS,
        ['C-1042', 'Fabrikam', fabrikam, 'Microsoft Defender for Endpoint P2', 'Rejected', '1/12/2026', '2/16/2026', 'Insufficient proof of execution', '1234567', 'POE v1'],
        ['C-2001', 'Northwind', northwind, 'Intune Plan 1', 'PARTNER ACTION REQUIRED', '2026-01-20', '2026-02-16', '', '1234567', ''],
      ]),
    );
    expect(again.json).toMatchObject({ fileKind: 'claims', workloadsUpdated: 0, unchanged: 2, rowErrors: 0 });
  });
});

describe('a rejection to dispute and a question to answer, with their deadlines', () => {
  it('are reconciliation lines: dispute by rejection + 30 days, answer within 14 business days', async () => {
    // Rejected 2026-02-16 + 30 days = 2026-03-18; Partner action required since Monday 2026-02-16 + 14 business days = Friday 2026-03-06.
    const res = await call(host(), 'GET', '/api/v1/reconciliation?asOfDate=2026-02-20');
    const lines = (res.json.items as any[]).filter((l) => l.status.startsWith('claim-')).map((l) => [l.tenantId, l.status, l.disputeBy, l.atStakeCents]);
    expect(lines).toEqual([
      [fabrikam, 'claim-rejected', '2026-03-18', 1_000_000],
      [northwind, 'claim-action-required', '2026-03-06', 250_000],
    ]);
    const summary = await call(host(), 'GET', '/api/v1/reconciliation/summary?asOfDate=2026-02-20');
    expect(summary.json.byStatus).toMatchObject({ 'claim-rejected': 1, 'claim-action-required': 1 });
    expect(summary.json.nextDisputeBy).toBe('2026-03-06');
  });

  it('are on the work list once they close within 14 days, worth what the claim can still earn', async () => {
    const deadlines = async (date: string) =>
      ((await call(host(), 'GET', `/api/v1/actions?asOfDate=${date}`)).json.items as any[]).filter((l) => l.action === 'dispute-deadline').map((l) => [l.tenantId, l.amountCents, l.deadline]);
    // 2026-02-20: 26 and 14 days left: only Northwind's answer is due within 14 days.
    expect(await deadlines('2026-02-20')).toEqual([[northwind, 250_000, '2026-03-06']]);
    // 2026-03-06: 12 days to dispute Fabrikam's rejection; Northwind's last day to answer.
    expect(await deadlines('2026-03-06')).toEqual([
      [fabrikam, 1_000_000, '2026-03-18'],
      [northwind, 250_000, '2026-03-06'],
    ]);
    const fab = ((await call(host(), 'GET', `/api/v1/actions?asOfDate=2026-03-06&tenantId=${fabrikam}`)).json.items as any[]).find((l) => l.action === 'dispute-deadline');
    expect(fab.message).toBe(
      'Defender for Endpoint of Fabrikam: Claim C-1042 was rejected on 2026-02-16 (insufficient proof of execution): dispute it by 2026-03-18 (12 days left); a rejection can be disputed once. $10,000.00 is at stake.',
    );
  });

  it('advises disputing a rejection still open to dispute, not claiming again: on the record, its verdict and the work list', async () => {
    const record = (await call(host(), 'GET', `/api/v1/workloads/${fabrikam}/defender-for-endpoint?asOfDate=2026-03-06`)).json;
    expect(record.verdict.advice.action).toBe('dispute-rejection');
    expect(record.verdict.advice.reasons[0]).toMatchObject({ code: 'DISPUTE_REJECTION', params: { rejectedOn: '2026-02-16', disputeBy: '2026-03-18' } });
    expect(record.verdict.advice.reasons[0].message).toBe(
      'Dispute the rejection rather than claim again: Claim C-1042 was rejected on 2026-02-16 (insufficient proof of execution): dispute it by 2026-03-18 (12 days left); a rejection can be disputed once. A new claim would start from a new baseline.',
    );
    const lines = (await call(host(), 'GET', `/api/v1/actions?asOfDate=2026-03-06&tenantId=${fabrikam}`)).json.items as any[];
    expect(lines.map((l) => l.action)).toEqual(['dispute-deadline']);
    // Once the window has closed, a new claim is the way again.
    const later = (await call(host(), 'GET', `/api/v1/workloads/${fabrikam}/defender-for-endpoint?asOfDate=2026-03-19`)).json;
    expect(later.verdict.advice.action).not.toBe('dispute-rejection');
  });

  it('a rejection is disputed once: after the dispute, a new rejection has no window', async () => {
    const dispute = await postCsv(csv([HEADERS, ['C-1042', 'Fabrikam', fabrikam, 'MDE', 'Dispute', '1/12/2026', '3/1/2026', '', '', '']]));
    expect(dispute.json).toMatchObject({ workloadsUpdated: 1, rowErrors: 0 });
    expect((await call(host(), 'GET', `/api/v1/workloads/${fabrikam}/defender-for-endpoint`)).json).toMatchObject({ claimStatus: 'disputed', claimDisputedDate: '2026-03-01' });
    const again = await postCsv(csv([HEADERS, ['C-1042', 'Fabrikam', fabrikam, 'MDE', 'Rejected', '1/12/2026', '3/20/2026', 'Insufficient proof of execution', '', '']]));
    expect(again.json).toMatchObject({ workloadsUpdated: 1, rowErrors: 0 });
    expect((await call(host(), 'GET', `/api/v1/workloads/${fabrikam}/defender-for-endpoint`)).json).toMatchObject({
      claimStatus: 'rejected',
      claimStatusDate: '2026-03-20',
      claimDisputedDate: '2026-03-01',
    });
    const lines = (await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2026-03-25&tenantId=${fabrikam}`)).json.items as any[];
    expect(lines.filter((l) => l.status === 'claim-rejected')).toEqual([]);
  });

  it('refuses a rejected claim without its date over PUT, naming the field', async () => {
    const res = await call(host(), 'PUT', `/api/v1/workloads/${litware}/intune`, {
      body: { programId: 'security-usage-fy26', paidAvailableUnits: 400, monthlyActiveUsers: 20, claimStatus: 'rejected', claimDate: '2026-01-05' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toContain('claimStatusDate');
  });
});

describe('ineligibility rows keyed by TPID', () => {
  const adatum = tenant(2311);
  const adatumEu = tenant(2312);
  const tailspin = tenant(2313);
  let ineligible: { status: number; json: any };

  /**
   * Defender for Endpoint (Security usage FY26) claimed 2026-01-12 on a baseline of 100 of 1,000
   * seats (10%), approved 2026-01-20; February's 200 active users (20%) reach milestone 1:
   * $4,000 at band M predicted for 2026-02, due 2026-03-16.
   */
  async function trackClaimed(tenantId: string, customerName: string, extra: Record<string, unknown>) {
    const put = await call(host(), 'PUT', `/api/v1/workloads/${tenantId}/defender-for-endpoint`, {
      body: {
        customerName,
        programId: 'security-usage-fy26',
        paidAvailableUnits: 1000,
        monthlyActiveUsers: 200,
        claimStatus: 'approved',
        claimDate: '2026-01-12',
        claimApprovedDate: '2026-01-20',
        highWaterMark: 100,
        paidAvailableUnitsAtClaim: 1000,
        ...extra,
      },
    });
    expect(put.status).toBe(201);
    const items = (
      [
        ['2025-12', 100],
        ['2026-01', 100],
        ['2026-02', 200],
        ['2026-03', 200],
      ] as const
    ).map(([month, mau]) => ({ month, paidAvailableUnits: 1000, monthlyActiveUsers: mau }));
    expect((await call(host(), 'POST', `/api/v1/workloads/${tenantId}/defender-for-endpoint/usage`, { body: { items } })).status).toBe(200);
  }

  beforeAll(async () => {
    // Adatum's TPID entered with the record, Adatum EU's set by hand afterwards (PATCH), Tailspin's another TPID.
    await trackClaimed(adatum, 'Adatum', { customerTpid: '777001' });
    await trackClaimed(adatumEu, 'Adatum EU', {});
    const current = await call(host(), 'GET', `/api/v1/workloads/${adatumEu}/defender-for-endpoint`);
    const patched = await call(host(), 'PATCH', `/api/v1/workloads/${adatumEu}/defender-for-endpoint`, { body: { customerTpid: '777001' }, headers: { 'if-match': current.json.etag } });
    expect(patched.status).toBe(200);
    await trackClaimed(tailspin, 'Tailspin', { customerTpid: '777002' });
    const headers = ['customerId', 'customerIdType', 'customerName', 'workload', 'reason', 'transactionDate', 'unearnedId', 'productFamily'];
    ineligible = await postCsv(
      csv([
        headers,
        ['777001', 'TPID', 'Adatum Group', 'mdatp', 'IVDPOE', '2026-02-27', 'U-77', 'Security'],
        ['999999', 'TPID', 'Nobody Tracked', 'mdatp', 'IVDPOE', '2026-02-27', 'U-99', 'Security'],
        ['999999', 'TPID', 'Nobody Tracked', 'intune', 'IVDPOE', '2026-02-27', 'U-98', 'Security'],
      ]),
    );
  }, 60_000);

  it("a usage file's TPID is kept on the record; one that is not digits is left out with a warning, the usage imported", async () => {
    const usage = await postCsv(
      csv([
        ['Tenant ID', 'Workload', 'PAU', 'MAU', 'Month', 'CustomerTpid'],
        [tenant(2314), 'Intune', '400', '20', '2026-01', '818181'],
        [tenant(2315), 'Intune', '400', '20', '2026-01', '8.18E+05'],
      ]),
    );
    expect(usage.json).toMatchObject({ workloadsCreated: 2, rowErrors: 0, warningsByKind: { 'tpid-not-read': 1 } });
    expect(usage.json.warnings).toEqual([{ line: 3, kind: 'tpid-not-read', message: 'CustomerTpid "8.18E+05" is not a TPID (digits only, up to 20): the row is imported without it' }]);
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(2314)}/intune`)).json.customerTpid).toBe('818181');
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(2315)}/intune`)).json.customerTpid).toBeUndefined();
  });

  it('the import says which TPID matches no tracked tenant, with its line', () => {
    expect(ineligible.json).toMatchObject({ fileKind: 'ineligible-revenue-usage', earningsWritten: 3, rowErrors: 0, warningCount: 1 });
    expect(ineligible.json.warnings).toEqual([
      {
        line: 3,
        kind: 'tpid-not-tracked',
        message:
          'TPID 999999 (Nobody Tracked) matches no tracked tenant: its ineligibility codes (2 rows) are kept and are matched once a tracked workload has customerTpid 999999 (import a usage report with CustomerTpid, or set it by hand)',
      },
    ]);
    expect(ineligible.json.ignoredColumns).toEqual(['productFamily']);
  });

  it('matches the code to every tracked tenant with that TPID: unexpected where our rules predict earnings', async () => {
    // 2026-02: $4,000 predicted, nothing paid, IVDPOE (dated 2026-02-27): dispute by the due date
    // 2026-03-16 (later than the code's date) + 90 days = 2026-06-14.
    const february = async (tenantId: string) =>
      ((await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2026-04-01&tenantId=${tenantId}`)).json.items as any[])
        .filter((l) => l.month === '2026-02')
        .map((l) => [l.status, l.partnerCenterCode, l.predictedCents, l.disputeBy]);
    expect(await february(adatum)).toEqual([['unexpected-ineligible', 'IVDPOE', 400_000, '2026-06-14']]);
    expect(await february(adatumEu)).toEqual([['unexpected-ineligible', 'IVDPOE', 400_000, '2026-06-14']]);
    // Another TPID: no code; the $4,000 is missing (due 2026-03-16 has passed).
    expect(await february(tailspin)).toEqual([['missing', null, 400_000, '2026-06-14']]);
  });

  it('in the summary and the lookup too', async () => {
    const summary = await call(host(), 'GET', `/api/v1/reconciliation/summary?asOfDate=2026-04-01&tenantId=${adatumEu}`);
    expect(summary.json.byStatus).toMatchObject({ 'unexpected-ineligible': 1, missing: 0 });
    const lookup = await call(host(), 'POST', '/api/v1/reconciliation/lookup', { body: { asOfDate: '2026-04-01', items: [{ tenantId: adatumEu, workload: 'MDE' }] } });
    expect(lookup.status).toBe(200);
    expect((lookup.json.items[0].lines as any[]).find((l) => l.month === '2026-02')).toMatchObject({ status: 'unexpected-ineligible', partnerCenterCode: 'IVDPOE' });
  });
});
