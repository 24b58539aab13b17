/**
 * "Track selected rows" reads a sheet row back into a tracked record (addin/src/trackRows.ts):
 * the claim status as a pulled table shows it, in Partner Center's words, or as stored.
 */
import { rowToRecord } from '../../addin/src/trackRows';
import { PULL_COLUMNS } from '../../addin/src/pullColumns';

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

describe('a sheet row read back as a tracked record', () => {
  it("reads the claim status in Partner Center's words or as stored, and leaves anything else for the API to refuse", () => {
    const headers = ['Tenant ID', 'Workload', 'Claim status', 'PAU'];
    expect(rowToRecord(headers, [TENANT, 'Teams', 'Under review', 400])).toEqual({ tenantId: TENANT, workload: 'Teams', fields: { claimStatus: 'under-review', paidAvailableUnits: 400 } });
    expect(rowToRecord(headers, [TENANT, 'Teams', 'Submitted', 400]).fields.claimStatus).toBe('filed');
    expect(rowToRecord(headers, [TENANT, 'Teams', 'rejected-final', 400]).fields.claimStatus).toBe('rejected-final');
    expect(rowToRecord(headers, [TENANT, 'Teams', ' Pending ', 400]).fields.claimStatus).toBe('Pending');
  });

  it('sends a text field Excel holds as a number (a TPID typed as 123456) as its digits', () => {
    expect(rowToRecord(['Tenant ID', 'Workload', 'Customer TPID'], [TENANT, 'Teams', 654321]).fields).toEqual({ customerTpid: '654321' });
  });

  it('gets back the claim status a pulled table wrote', () => {
    const column = PULL_COLUMNS.find((c) => c.header === 'Claim status')!;
    for (const status of ['filed', 'under-review', 'action-required', 'approved', 'rejected', 'disputed', 'rejected-final']) {
      const cell = column.cell({ claimStatus: status });
      expect(cell).toMatch(/^[A-Z][a-z ]+$/); // "Partner action required", never "action-required"
      expect(rowToRecord(['Claim status'], [cell as string]).fields.claimStatus).toBe(status);
    }
  });
});
