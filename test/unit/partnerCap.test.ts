import { applyPartnerCap, calculatePayouts, type PayoutInput } from '../../shared';
import { modernWorkPayout, securityClaim } from '../support/facts';

/**
 * R6 and DOMAIN.md, "The partner cap is per partner and per program year": payouts of
 * different program years, or of different programs, are capped separately, each group named
 * with the cap's effective dates and its balance (as Partner Center's MaxCapBalance report).
 */

/** A Modern Work workload in market A owing $20,000.00 for the month after its approval. */
function owing(programId: string, asOfDate: string, workload: string): PayoutInput {
  // 2,000 net new users at $10.00 = $20,000.00 in the month after approval.
  const month = asOfDate.slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  return modernWorkPayout({
    programId,
    workload,
    asOfDate,
    claimDate: `${prev}-05`,
    claimApprovedDate: `${prev}-10`,
    highWaterMark: 0,
    paidAvailableUnitsAtClaim: 5000,
    paidAvailableUnits: 5000,
    monthlyActiveUsers: 2000,
  });
}

describe('partner cap per partner and program year (R6)', () => {
  // FY25: two workloads at $20,000.00 = $40,000.00; FY26 the same.
  const fy25 = [owing('modern-work-usage-fy25', '2025-03-31', 'Exchange Online'), owing('modern-work-usage-fy25', '2025-03-31', 'Teams')];
  const fy26 = [owing('modern-work-usage-fy26', '2026-03-31', 'Exchange Online'), owing('modern-work-usage-fy26', '2026-03-31', 'Teams')];

  it('one FY25 and one FY26 year at $40,000 each under a $50,000 cap: nothing capped', () => {
    const r = calculatePayouts({ partnerCapCents: 5_000_000, items: [fy25[0]!, fy26[0]!, fy25[1]!, fy26[1]!] });
    expect(r.items.map((i) => i.owedCents)).toEqual([2_000_000, 2_000_000, 2_000_000, 2_000_000]);
    expect(r.cappedCents).toBe(0);
    expect(r.payableCents).toBe(8_000_000);
    expect(r.partnerCaps.map((g) => [g.programId, g.capCents, g.totalAmountCents, g.cappedCents, g.balanceCents])).toEqual([
      ['modern-work-usage-fy25', 5_000_000, 4_000_000, 0, 1_000_000],
      ['modern-work-usage-fy26', 5_000_000, 4_000_000, 0, 1_000_000],
    ]);
  });

  it('each group is named with its effective dates, total earned and balance', () => {
    const r = calculatePayouts({ partnerCapCents: 5_000_000, items: [fy25[0]!, fy26[0]!, fy25[1]!, fy26[1]!] });
    expect(r.partnerCaps[0]).toMatchObject({
      programId: 'modern-work-usage-fy25',
      programName: 'Modern Work usage FY25',
      effectiveStartDate: '2024-10-01',
      effectiveEndDate: '2025-09-30',
      totalEarnedCents: 4_000_000,
      balanceCents: 1_000_000,
    });
    expect(r.partnerCaps[0]!.lines.map((l) => l.id)).toEqual(['items[0] Exchange Online', 'items[2] Teams']);
    expect(r.reasons[0]!.message).toBe(
      'Modern Work usage FY25 (2024-10-01 to 2025-09-30): $40,000.00 is within the partner cap of $50,000.00 ($0.00 earned before); $10,000.00 of the cap is still open.',
    );
  });

  it('a mixed batch is capped per group: a $30,000 cap caps $10,000 in each year', () => {
    const r = calculatePayouts({ partnerCapCents: 3_000_000, items: [fy25[0]!, fy26[0]!, fy25[1]!, fy26[1]!] });
    expect(r.partnerCaps.map((g) => [g.payableCents, g.cappedCents, g.balanceCents])).toEqual([
      [3_000_000, 1_000_000, 0],
      [3_000_000, 1_000_000, 0],
    ]);
    expect(r.cappedCents).toBe(2_000_000);
    expect(r.reasons.filter((x) => x.code === 'PARTNER_CAP_REACHED').map((x) => x.message)).toContain(
      'Modern Work usage FY26 (2025-10-01 to 2026-09-30): the partner cap of $30,000.00 is reached at "items[3] Teams": $10,000.00 of $20,000.00 is paid and $10,000.00 is reported as capped.',
    );
  });

  it('different programs of the same year are capped separately', () => {
    const security: PayoutInput = {
      programId: 'security-usage-fy25',
      asOfDate: '2025-03-31',
      workload: 'MDE',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: 160,
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 90,
      paidAvailableUnitsAtClaim: 1000,
    };
    const r = calculatePayouts({ partnerCapCents: 2_000_000, items: [fy25[0]!, security] });
    expect(r.partnerCaps.map((g) => [g.programId, g.cappedCents])).toEqual([
      ['modern-work-usage-fy25', 0],
      ['security-usage-fy25', 0],
    ]);
  });

  it('what was earned before is given per program year; one amount for a mixed batch is refused, naming the field', () => {
    const r = calculatePayouts({ partnerCapCents: 5_000_000, caps: [{ programId: 'modern-work-usage-fy26', earnedBeforeCents: 2_000_000 }], items: [fy25[0]!, fy26[0]!, fy25[1]!, fy26[1]!] });
    expect(r.partnerCaps.map((g) => [g.earnedBeforeCents, g.cappedCents, g.balanceCents])).toEqual([
      [0, 0, 1_000_000],
      [2_000_000, 1_000_000, 0],
    ]);
    expect(() => calculatePayouts({ earnedBeforeCents: 100, items: [fy25[0]!, fy26[0]!] })).toThrow(
      /earnedBeforeCents: applies to one program year, but the items are paid under 2 \(Modern Work usage FY25, Modern Work usage FY26\)/,
    );
    expect(() => calculatePayouts({ caps: [{ programId: 'security-usage-fy26', partnerCapCents: 1 }], items: [fy25[0]!] })).toThrow(/caps\[0\]\.programId: .*security-usage-fy26/);
  });
});

describe('partner cap (R6)', () => {
  it.each([
    // cap, earned before, amounts, payable per item
    [100000, 0, [30000, 30000, 30000], [30000, 30000, 30000]], // within the cap
    [100000, 0, [60000, 60000, 60000], [60000, 40000, 0]], // reached mid-list
    [100000, 0, [50000, 50000, 1], [50000, 50000, 0]], // reached exactly, then capped
    [100000, 100000, [10, 20], [0, 0]], // already reached
    [100000, 90000, [5000, 6000], [5000, 5000]],
  ])('cap %i with %i earned before, amounts %j pay %j', (cap, before, amounts, payable) => {
    const r = applyPartnerCap({ partnerCapCents: cap, earnedBeforeCents: before, items: amounts.map((a, i) => ({ id: `w${i}`, amountCents: a })) });
    expect(r.lines.map((l) => l.payableCents)).toEqual(payable);
    expect(r.cappedCents).toBe(amounts.reduce((s, a) => s + a, 0) - payable.reduce((s, a) => s + a, 0));
    expect(r.payableCents + r.cappedCents).toBe(r.totalAmountCents);
    expect(r.balanceCents).toBe(Math.max(0, cap - before) - r.payableCents);
  });

  it('says where the cap is reached', () => {
    const r = applyPartnerCap({
      partnerCapCents: 100000,
      items: [
        { id: 'Contoso MDE', amountCents: 60000 },
        { id: 'Fabrikam Intune', amountCents: 60000 },
      ],
    });
    expect(r.reasons[0]!.message).toBe('The partner cap of $1,000.00 is reached at "Fabrikam Intune": $400.00 of $600.00 is paid and $200.00 is reported as capped.');
  });

  it("uses the program's default cap when the partner has none", () => {
    expect(applyPartnerCap({ programId: 'security-usage-fy25', items: [{ id: 'a', amountCents: 1 }] }).capCents).toBe(20000000);
    expect(() => applyPartnerCap({ items: [] })).toThrow(/partnerCapCents/);
  });

  it("applies across many workloads' payouts", () => {
    const claim = securityClaim();
    const r = calculatePayouts({ partnerCapCents: 500000, items: [claim, { ...claim, workload: 'Intune' }] });
    expect(r.items.map((i) => i.owedCents)).toEqual([400000, 400000]);
    expect(r.partnerCaps).toHaveLength(1);
    expect(r.partnerCaps[0]!.lines.map((l) => l.payableCents)).toEqual([400000, 100000]);
    expect(r.cappedCents).toBe(300000);
  });

  it('names the bad item of a batch by index', () => {
    expect(() => calculatePayouts({ items: [securityClaim(), securityClaim({ paidAvailableUnits: -5 })] })).toThrow(/items\[1\]\.paidAvailableUnits: cannot be negative/);
  });
});
