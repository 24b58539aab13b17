import { claimFieldsFrom } from '../../functions/storage/claimsWriter';
import { claimDeadline } from '../../shared';
import { claimDateCell, claimsReader, isClaimsReport, type ClaimRow } from '../../functions/storage/reports/claimsReport';
import { ColumnIndex } from '../../functions/storage/reports/columns';
import { StorageInputError } from '../../functions/storage/storageErrors';
import type { TrackedWorkload } from '../../functions/storage/trackedWorkload';

const TENANT = '33333333-3333-4333-8333-333333333333';

describe("reading Partner Center's claims export", () => {
  it('is told by a claim ID with a status, in any case and spacing; an earnings or usage file is not one', () => {
    expect(isClaimsReport(new ColumnIndex(['CLAIM ID', 'customer tenant id', 'Product', 'claim_status']))).toBe(true);
    expect(isClaimsReport(new ColumnIndex(['earningId', 'claimId', 'paymentStatus', 'customerTenantId']))).toBe(false);
    expect(isClaimsReport(new ColumnIndex(['Tenant ID', 'Workload', 'PAU', 'MAU', 'Month']))).toBe(false);
  });

  it('a claims export without a tenant column is refused whole, naming it', () => {
    expect(() => claimsReader(new ColumnIndex(['Claim ID', 'Product', 'Status']))).toThrow(StorageInputError);
    expect(() => claimsReader(new ColumnIndex(['Claim ID', 'Product', 'Status']))).toThrow(/without a column for tenantId/);
  });

  it('reads dates as ISO or month first with slashes, and says what is wrong with one that is not a date', () => {
    const problems: string[] = [];
    expect(claimDateCell('2/16/2026 12:00:00 AM', 'Rejected date', problems)).toBe('2026-02-16');
    expect(claimDateCell('2026-02-16T23:30:00Z', 'Status date', problems)).toBe('2026-02-16');
    expect(claimDateCell('', 'Status date', problems)).toBeNull();
    expect(problems).toEqual([]);
    expect(claimDateCell('2/30/2026', 'Status date', problems)).toBeNull();
    expect(claimDateCell('next week', 'Status date', problems)).toBeNull();
    expect(problems).toEqual([
      'Status date "2/30/2026" is not a real date (read month first, as Partner Center writes it)',
      'Status date "next week" is not a date: write it as 2026-02-16 (or 2/16/2026, month first)',
    ]);
  });

  it('a row: the status in words, the rejection date as the status date; problems named by the file’s column', () => {
    const reader = claimsReader(new ColumnIndex(['Claim ID', 'Tenant ID', 'Workload', 'Status', 'Rejected Date', 'Rejection reason', 'Region']));
    expect(reader.ignoredColumns).toEqual(['Region']);
    expect(reader.read(['C-1', TENANT, 'Defender for Endpoint', 'rejected', '2026-02-16', 'POE unavailable', 'EMEA'], 2)).toMatchObject({
      claimStatus: 'rejected',
      statusDate: '2026-02-16',
      rejectionReason: 'POE unavailable',
      workload: 'defender-for-endpoint',
    });
    expect(reader.read(['C-2', 'nope', 'Intune', 'Lost', '', '', ''], 3)).toEqual({
      refused: `Tenant ID "nope" is not a tenant ID (a GUID); Status "Lost" is not a claim status; Partner Center's are Draft, Submitted, Under review, Partner action required, Approved, Rejected, Dispute, Rejected final`,
    });
    expect(reader.read(['C-3', TENANT, 'Skype for Business', 'Approved', '', '', ''], 4)).toMatchObject({ kind: 'untracked-product' });
  });
});

describe('a claims row applied to a tracked record', () => {
  const record = {
    tenantId: TENANT,
    workload: 'defender-for-endpoint',
    programId: 'security-usage-fy26',
    licenseProgram: 'CSP',
    cloud: 'Commercial',
    segment: 'Commercial',
    associationType: 'CPOR OSU',
    paidAvailableUnits: 1000,
    monthlyActiveUsers: 100,
    claimStatus: 'approved',
    claimDate: '2026-01-12',
    claimApprovedDate: '2026-01-20',
    etag: 'x',
    sizeBand: 'M',
    eligible: true,
    evaluatedOn: '2026-02-01',
  } as TrackedWorkload;
  const row = (over: Partial<ClaimRow>): ClaimRow => ({
    line: 2,
    tenantId: TENANT,
    workload: 'defender-for-endpoint',
    claimId: 'C-1',
    claimStatus: 'rejected',
    claimDate: null,
    statusDate: null,
    approvedDate: null,
    rejectionReason: null,
    customerName: null,
    ...over,
  });

  it('a disassociated claim (Rejected final) loses its approval date and keeps the reason', () => {
    const out = claimFieldsFrom(record, row({ claimStatus: 'rejected-final', statusDate: '2026-03-01', rejectionReason: 'Partner request' }));
    expect(out).toEqual({ fields: expect.objectContaining({ claimStatus: 'rejected-final', claimStatusDate: '2026-03-01', claimRejectionReason: 'Partner request', claimDate: '2026-01-12' }) });
    expect('fields' in out && 'claimApprovedDate' in out.fields).toBe(false);
  });

  it('a rejection after a dispute remembers the dispute (the status date of the Dispute)', () => {
    const inDispute = { ...record, claimStatus: 'disputed', claimStatusDate: '2026-03-05', claimApprovedDate: undefined } as unknown as TrackedWorkload;
    expect(claimFieldsFrom(inDispute, row({ statusDate: '2026-03-20' }))).toEqual({
      fields: expect.objectContaining({ claimStatus: 'rejected', claimStatusDate: '2026-03-20', claimDisputedDate: '2026-03-05' }),
    });
  });

  it("another claim's rejection has its own 30 days: nothing of the earlier claim (its dispute, reason, date) is inherited", () => {
    const earlier = {
      ...record,
      claimId: 'C-1',
      claimStatus: 'rejected-final',
      claimStatusDate: '2026-03-01',
      claimDisputedDate: '2026-02-10',
      claimRejectionReason: 'Partner request',
      claimApprovedDate: undefined,
    } as unknown as TrackedWorkload;
    const withDate = claimFieldsFrom(earlier, row({ claimId: 'C-2', claimDate: '2026-04-01', statusDate: '2026-05-04' }));
    expect(withDate).toEqual({ fields: expect.objectContaining({ claimId: 'C-2', claimStatus: 'rejected', claimDate: '2026-04-01', claimStatusDate: '2026-05-04' }) });
    const fields = (withDate as { fields: Record<string, unknown> }).fields;
    expect([fields.claimDisputedDate, fields.claimRejectionReason]).toEqual([undefined, undefined]);
    expect(claimDeadline(fields as never, '2026-05-10')).toMatchObject({ kind: 'dispute-rejection', by: '2026-06-03' });
    // A file without a claim date column: the earlier claim's date is not the new claim's, so the row is refused naming it (not kept with C-1's dispute).
    expect(claimFieldsFrom(earlier, row({ claimId: 'C-2', statusDate: '2026-05-04' }))).toEqual({ refused: 'claimDate is required when claimStatus is "rejected" (Rejected)' });
  });

  it('a rejection without any date is refused, naming claimStatusDate', () => {
    expect(claimFieldsFrom(record, row({}))).toEqual({
      refused:
        'claimStatusDate is required when claimStatus is "rejected" (Rejected): the 30 days to dispute the rejection count from it (the file has no status date, nor a rejection date for a rejected claim)',
    });
  });
});
