/**
 * The row of a sheet holding a tracked workload (addin/src/sheetRows.ts), as the task pane's
 * "Earnings check" selects it: headers as an import reads them, tenants in any case, workloads
 * by id, name or Partner Center code; a sheet without a workload column matches on the tenant.
 */
import { indexSheetRows } from '../../addin/src/sheetRows';

const A = '8F2C1A9E-0B7D-4E55-9A51-3C1D2E4F5A6B';
const B = '11111111-0b7d-4e55-9a51-3c1d2e4f5a6b';

describe('the sheet row of a tracked workload', () => {
  const values = [
    ['Customer', 'Customer tenant ID', 'Product', 'PAU'],
    ['Contoso', A, 'Intune', 1000],
    ['Contoso', ` ${A.toLowerCase()} `, 'MDE', 900],
    ['Fabrikam', B, 'Teams', 300],
    ['Fabrikam', B, 'Teams', 301],
    ['', '', '', ''],
  ];
  const rows = indexSheetRows(values);

  it('matches the tenant in any case and the workload by id, name or code; the first row wins', () => {
    expect(rows.hasTenantColumn).toBe(true);
    expect(rows.find(A.toLowerCase(), 'intune')).toBe(1);
    expect(rows.find(A, 'defender-for-endpoint')).toBe(2);
    expect(rows.find(A.toLowerCase(), 'Defender for Endpoint')).toBe(2);
    expect(rows.find(B, 'teams')).toBe(3);
  });

  it('has no row for a workload or tenant the sheet does not hold', () => {
    expect(rows.find(B, 'intune')).toBeNull();
    expect(rows.find('22222222-0b7d-4e55-9a51-3c1d2e4f5a6b', 'teams')).toBeNull();
    expect(rows.find('', '')).toBeNull();
  });

  it('matches on the tenant alone where the sheet has no workload column, and nothing without a tenant column', () => {
    const tenantsOnly = indexSheetRows([
      ['Tenant ID', 'Customer'],
      [A, 'Contoso'],
      [B, 'Fabrikam'],
    ]);
    expect(tenantsOnly.find(B, 'teams')).toBe(2);
    const noTenants = indexSheetRows([
      ['Customer', 'Workload'],
      ['Contoso', 'Teams'],
    ]);
    expect(noTenants.hasTenantColumn).toBe(false);
    expect(noTenants.find(A, 'teams')).toBeNull();
    expect(indexSheetRows([]).find(A, 'teams')).toBeNull();
  });
});
