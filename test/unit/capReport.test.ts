/**
 * Partner Center's cap report beside our figures: the row matched to the catalog's program
 * year, what the tracked workloads' lines counted as paid between the cap's dates, and a
 * sentence when they disagree. Shipped catalog: Modern Work usage FY25 (2024-10-01 to
 * 2025-09-30) caps a partner at $200,000.00.
 */
import { CapCheck, capProgram, defaultCatalog, type CapReportRow, type ReconciliationLine } from '../../shared';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

const row = (over: Partial<CapReportRow> = {}): CapReportRow => ({
  participantId: '1234567',
  participantName: 'Us',
  programName: 'Modern Work usage',
  programId: 'MW',
  leverName: null,
  customerId: null,
  maxCapUsdCents: 20_000_000,
  effectiveStart: '2024-10-01',
  effectiveEnd: '2025-09-30',
  totalEarningsUsdCents: 215_000,
  balanceUsdCents: 19_785_000,
  refreshedOn: '2025-06-18',
  ...over,
});
const line = (tenantId: string, month: string, paidCents: number) => ({ tenantId, month, paidCents }) as ReconciliationLine;

describe("the cap report's rows matched to the catalog", () => {
  it('by program name (a trailing FY ignored) or id, and the year containing the cap start', () => {
    expect(capProgram(defaultCatalog, row())?.id).toBe('modern-work-usage-fy25');
    expect(capProgram(defaultCatalog, row({ programName: 'Modern Work usage FY26', effectiveStart: '2025-10-01' }))?.id).toBe('modern-work-usage-fy26');
    expect(capProgram(defaultCatalog, row({ programName: null, programId: 'security-usage-fy25' }))?.id).toBe('security-usage-fy25');
    expect(capProgram(defaultCatalog, row({ programName: 'Azure migrate', programId: 'AZ' }))).toBeNull();
  });
});

describe('our figures beside Partner Center', () => {
  it('earned in the tracked lines of the year between the cap dates; disagreeing by $400.00, said in words', () => {
    const check = new CapCheck([row()], defaultCatalog);
    check.add('modern-work-usage', line(A, '2025-02', 50_000));
    check.add('modern-work-usage-fy25', line(B, '2025-04', 125_000));
    check.add('modern-work-usage', line(A, '2025-10', 99_900)); // FY26: not this cap's
    check.add('security-usage', line(A, '2025-03', 400_000)); // another program
    const [c] = check.result();
    // Ours: $500.00 + $1,250.00 = $1,750.00 earned, balance $200,000.00 - $1,750.00 = $198,250.00.
    expect(c!.ours).toEqual({ programId: 'modern-work-usage-fy25', capCents: 20_000_000, earnedCents: 175_000, balanceCents: 19_825_000 });
    expect(c!.partnerCenter).toEqual({ capCents: 20_000_000, earnedCents: 215_000, balanceCents: 19_785_000 });
    expect(c!.agrees).toBe(false);
    expect(c!.message).toBe(
      "Partner Center's cap report for Modern Work usage, 2024-10-01 to 2025-09-30, refreshed 2025-06-18: cap $200,000.00, earned $2,150.00, balance $197,850.00; ours (modern-work-usage-fy25): cap $200,000.00, earned $1,750.00 in the tracked workloads' earnings, balance $198,250.00. They disagree: Partner Center counts $400.00 more earned: earnings of customers not tracked here, or not imported yet.",
    );
  });

  it('agrees within the larger of $1 and 1%, and says so', () => {
    const check = new CapCheck([row({ totalEarningsUsdCents: 175_050, balanceUsdCents: 19_824_950 })], defaultCatalog);
    check.add('modern-work-usage', line(A, '2025-02', 175_000));
    const [c] = check.result();
    expect(c!.agrees).toBe(true);
    expect(c!.message).toMatch(/balance \$198,250\.00: they agree\.$/);
  });

  it('a cap other than the catalog has, a customer cap counting only that customer, and a row with no program', () => {
    const check = new CapCheck(
      [row({ maxCapUsdCents: 10_000_000, totalEarningsUsdCents: 0, balanceUsdCents: 10_000_000, customerId: B }), row({ programName: 'Azure migrate', programId: 'AZ' })],
      defaultCatalog,
    );
    check.add('modern-work-usage', line(A, '2025-02', 50_000)); // another customer: not counted
    const [capped, unknown] = check.result();
    expect(capped!.ours!.earnedCents).toBe(0);
    expect(capped!.message).toMatch(/\(customer 2222.*They disagree: the caps differ by \$100,000\.00: enter Partner Center's cap as the program year's defaultPartnerCapCents/);
    expect([unknown!.ours, unknown!.agrees]).toEqual([null, false]);
    expect(unknown!.message).toMatch(/No program year of the catalog matches it, so there is nothing of ours to compare\.$/);
  });
});
