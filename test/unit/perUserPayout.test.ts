import { adviseClaim, calculatePayout, checkEligibility, EngineInputError, type PayoutInput } from '../../shared';
import { codes, modernWorkPayout, securityClaim } from '../support/facts';

/**
 * DOMAIN.md, "HWM month by month": the HWM is the highest MAU of every month that counts,
 * whatever side of the claim or its approval; the prior HWM of month M is the highest
 * counting MAU before M, never less than the claim's baseline.
 */
describe('per-user payout: the running HWM counts every counting month', () => {
  /** A Modern Work claim filed 2025-01-10 with prior HWM 100 on 1,000 seats, approved 2025-01-20. */
  const claim: Partial<PayoutInput> = { claimDate: '2025-01-10', claimApprovedDate: '2025-01-20', highWaterMark: 100, paidAvailableUnitsAtClaim: 1000 };

  it('500 active in the approval month raises the HWM: 400 in February pays nothing (MAULWPHWM)', () => {
    const p = calculatePayout(
      modernWorkPayout({
        ...claim,
        asOfDate: '2025-02-28',
        usageHistory: [{ month: '2025-01', paidAvailableUnits: 1000, monthlyActiveUsers: 500 }], // approval month: earns nothing, raises the HWM
        paidAvailableUnits: 1000,
        monthlyActiveUsers: 400, // February
      }),
    );
    expect(p.earnedCents).toBe(0); // was $3,000.00 (300 above the claim's HWM of 100)
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]).toMatchObject({ month: '2025-02', units: 0, amountCents: 0, baseline: 500 });
    expect(p.lines[0]!.reasons[0]).toMatchObject({ code: 'NO_NEW_USERS_ABOVE_HWM', partnerCenterCode: 'MAULWPHWM' });
    expect(p.lines[0]!.reasons[0]!.message).toBe('2025-02 earns nothing: 400 active users is not above the HWM of 500.');
  });

  it('months between the claim and its approval raise the HWM too; the claim month below the baseline does not lower it', () => {
    const p = calculatePayout(
      modernWorkPayout({
        claimDate: '2024-11-25',
        claimApprovedDate: '2025-01-05',
        highWaterMark: 100,
        paidAvailableUnitsAtClaim: 1000,
        asOfDate: '2025-02-28',
        usageHistory: [
          { month: '2024-11', paidAvailableUnits: 1000, monthlyActiveUsers: 80 }, // claim month, below the baseline
          { month: '2024-12', paidAvailableUnits: 1000, monthlyActiveUsers: 260 }, // before approval: raises the HWM to 260
          { month: '2025-01', paidAvailableUnits: 1000, monthlyActiveUsers: 250 }, // approval month
        ],
        monthlyActiveUsers: 300, // February: 40 above 260
      }),
    );
    expect(p.lines.map((l) => [l.month, l.baseline, l.units, l.amountCents])).toEqual([['2025-02', 260, 40, 40000]]);
    expect(p.earnedCents).toBe(40000);
  });

  it('a month below the seat minimum neither earns nor raises the HWM', () => {
    const p = calculatePayout(
      modernWorkPayout({
        ...claim,
        asOfDate: '2025-03-31',
        usageHistory: [
          { month: '2025-01', paidAvailableUnits: 250, monthlyActiveUsers: 250 }, // below 300: counts for nothing
          { month: '2025-02', paidAvailableUnits: 280, monthlyActiveUsers: 270 }, // below 300
        ],
        monthlyActiveUsers: 150, // March: 50 above the claim's 100
      }),
    );
    expect(p.lines.map((l) => [l.month, l.baseline, l.units])).toEqual([
      ['2025-02', 100, 0],
      ['2025-03', 100, 50],
    ]);
  });

  it('a month earns min(MAU, PAU) minus the prior HWM: MAU above PAU pays only paid users', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, asOfDate: '2025-02-28', paidAvailableUnits: 400, monthlyActiveUsers: 900 }));
    expect(p.lines[0]).toMatchObject({ month: '2025-02', units: 300, baseline: 100 });
  });
});

describe('maximum time since the claim (MXTMCPMT): one rule for which months earn', () => {
  /** Claimed 2025-01-10, approved 2025-01-20; Modern Work stops earnings 12 months after the claim: 2026-01-10. */
  const claim: Partial<PayoutInput> = { claimDate: '2025-01-10', claimApprovedDate: '2025-01-20', highWaterMark: 100, paidAvailableUnitsAtClaim: 1000 };
  const history = [
    { month: '2025-11', paidAvailableUnits: 1000, monthlyActiveUsers: 200 },
    { month: '2025-12', paidAvailableUnits: 1000, monthlyActiveUsers: 300 }, // ends 2025-12-31, before the stop date: earns
  ];

  it('January 2026, the month of the 2026-01-10 stop date, earns nothing; December 2025 does', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, asOfDate: '2026-01-31', usageHistory: history, monthlyActiveUsers: 600 }));
    const byMonth = new Map(p.lines.map((l) => [l.month, l]));
    expect(byMonth.get('2025-12')).toMatchObject({ units: 100, amountCents: 100000 });
    const jan = byMonth.get('2026-01')!;
    expect(jan).toMatchObject({ units: 0, amountCents: 0, status: 'no-earnings' });
    expect(jan.reasons[0]).toMatchObject({ code: 'MAX_TIME_SINCE_CLAIM_REACHED', partnerCenterCode: 'MXTMCPMT' });
    expect(jan.reasons[0]!.message).toBe('2026-01 earns nothing: earnings stop on 2026-01-10, 12 months after the 2025-01-10 claim, and only months that end before it earn.');
    expect(p.earnedCents).toBe(p.lines.reduce((s, l) => s + l.amountCents, 0));
    expect(p.potentialCents).toBe(0);
  });

  it('read on 2026-01-05, before the stop date, January already earns nothing and nothing more is possible', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, asOfDate: '2026-01-05', usageHistory: history, monthlyActiveUsers: 600 }));
    expect(p.lines.find((l) => l.month === '2026-01')!.amountCents).toBe(0);
    expect(p.potentialCents).toBe(0);
    const v = checkEligibility({
      ...claim,
      programId: 'modern-work-usage',
      workload: 'Exchange Online',
      asOfDate: '2026-01-05',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: 600,
      usageHistory: history,
    });
    expect(v.eligible).toBe(false);
    expect(codes(v.reasons)).toContain('MAX_TIME_SINCE_CLAIM_REACHED');
  });
});

describe('maximum compensable units used up', () => {
  /** Market C, claim HWM 0 on 5,000 seats: November pays the whole 2,500 units. */
  const usedUp: PayoutInput = modernWorkPayout({
    claimDate: '2024-10-10',
    claimApprovedDate: '2024-10-20',
    highWaterMark: 0,
    paidAvailableUnitsAtClaim: 5000,
    market: 'C',
    asOfDate: '2024-12-31',
    paidAvailableUnits: 5000,
    monthlyActiveUsers: 3500,
    usageHistory: [{ month: '2024-11', paidAvailableUnits: 5000, monthlyActiveUsers: 3000 }],
  });

  it('a later month says the units are used up, not PAULWPHWM or MAULWPHWM', () => {
    const p = calculatePayout(usedUp);
    const dec = p.lines.find((l) => l.month === '2024-12')!;
    expect(dec.units).toBe(0);
    expect(dec.reasons[0]!.code).toBe('COMPENSABLE_UNITS_USED_UP');
    expect(dec.reasons[0]!.message).toBe('2024-12 earns nothing: the maximum of 2,500 compensable units was paid by the months before.');
    expect(codes(p.reasons)).toContain('COMPENSABLE_UNITS_USED_UP');
    expect(p.reasons.every((r) => r.partnerCenterCode !== 'PAULWPHWM')).toBe(true);
    expect(p.potentialCents).toBe(0);
  });

  it('the verdict says so and has 0 opportunity units; the advice never says "on track"', () => {
    const { market: _m, ...facts } = usedUp;
    const v = checkEligibility(facts);
    expect(v.opportunityUnits).toBe(0);
    expect(v.reasons[0]!.code).toBe('COMPENSABLE_UNITS_USED_UP');
    expect(codes(v.reasons)).not.toContain('NO_ROOM_ABOVE_HWM');
    const a = adviseClaim(facts);
    expect(codes(a.reasons)).not.toContain('ON_TRACK');
    expect(a.message).not.toMatch(/on track/i);
    expect(a.message).toMatch(/2,500 compensable units/);
  });
});

describe('reporting fields on payout lines (the facts of Partner Center earnings lines)', () => {
  it('per-user months carry baseline, rate, compensable units, quantity type, calculation date and payment month', () => {
    const p = calculatePayout(
      modernWorkPayout({
        claimId: 'CLM-2025-0042',
        claimDate: '2025-01-10',
        claimApprovedDate: '2025-01-20',
        highWaterMark: 100,
        paidAvailableUnitsAtClaim: 1000,
        asOfDate: '2025-03-20',
        paidAvailableUnits: 1000,
        monthlyActiveUsers: 260,
        usageHistory: [{ month: '2025-02', paidAvailableUnits: 800, monthlyActiveUsers: 200 }],
      }),
    );
    const [feb, mar] = p.lines;
    expect(feb).toMatchObject({
      month: '2025-02',
      baseline: 100,
      baselineType: 'HWM',
      milestone: null,
      claimId: 'CLM-2025-0042',
      earningRateCents: 1000,
      units: 100,
      compensableUnits: 700,
      quantity: 200,
      quantityType: 'MAU',
      calculationDate: '2025-03-20',
      estimatedPaymentMonth: '2025-03',
    });
    expect(mar).toMatchObject({ month: '2025-03', baseline: 200, units: 60, compensableUnits: 800, estimatedPaymentMonth: '2025-04' });
  });

  it('milestone lines carry the claim baseline, the milestone and the claim ID; a line without a claim ID says null', () => {
    const p = calculatePayout(securityClaim({ claimId: 'CLM-7' }));
    expect(p.lines[0]).toMatchObject({ milestone: 1, baseline: 90, baselineType: 'HWM', claimId: 'CLM-7', quantityType: 'MAU', calculationDate: '2025-06-30', estimatedPaymentMonth: '2025-07' });
    expect(p.lines[1]).toMatchObject({ milestone: 2, estimatedPaymentMonth: null });
    const without = calculatePayout({ programId: 'security-usage', asOfDate: '2025-06-30', workload: 'MDE', paidAvailableUnits: 1000, monthlyActiveUsers: 160 });
    expect(without.lines[0]!.claimId).toBeNull();
  });

  it('refuses a claim ID that is not text, naming the field', () => {
    expect(() => calculatePayout(modernWorkPayout({ claimId: 42 as unknown as string }))).toThrow(/claimId/);
  });
});

describe('per-user payout (R5, R5a)', () => {
  const claim = { claimDate: '2024-10-10', claimApprovedDate: '2024-10-20', highWaterMark: 100, paidAvailableUnitsAtClaim: 1000 };
  const history = [
    { month: '2024-10', paidAvailableUnits: 1000, monthlyActiveUsers: 120 }, // approval month: earns nothing, raises the HWM from 100 to 120
    { month: '2024-11', paidAvailableUnits: 1000, monthlyActiveUsers: 150 }, // +30 over HWM 120
    { month: '2024-12', paidAvailableUnits: 1000, monthlyActiveUsers: 140 }, // below new HWM 150: MAULWPHWM
    { month: '2025-01', paidAvailableUnits: 250, monthlyActiveUsers: 240 }, // below the 300 minimum
    { month: '2025-02', paidAvailableUnits: 1000, monthlyActiveUsers: 200 }, // +50 over 150
  ];

  it('pays net new users above the running HWM, month by month, at the market rate', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, usageHistory: history, monthlyActiveUsers: 200, asOfDate: '2025-03-10' }));
    expect(p.lines.map((l) => [l.month, l.units, l.amountCents, l.reasons[0]!.code])).toEqual([
      ['2024-11', 30, 30000, 'NET_NEW_USERS'],
      ['2024-12', 0, 0, 'NO_NEW_USERS_ABOVE_HWM'],
      ['2025-01', 0, 0, 'MONTH_BELOW_SEAT_MINIMUM'],
      ['2025-02', 50, 50000, 'NET_NEW_USERS'],
      ['2025-03', 0, 0, 'NO_NEW_USERS_ABOVE_HWM'], // today's facts stand for March
    ]);
    expect(p.earnedCents).toBe(80000);
    expect(p.lines[1]!.reasons[0]!.partnerCenterCode).toBe('MAULWPHWM');
  });

  it("each month's message shows the HWM of that month, however late it is read", () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, usageHistory: history, monthlyActiveUsers: 200, asOfDate: '2025-03-10' }));
    const messages = JSON.parse(JSON.stringify(p.lines)).map((l: { reasons: Array<{ message: string }> }) => l.reasons[0]!.message);
    expect(messages).toEqual([
      '2024-11: 150 active users, 30 above the HWM of 120; 30 × $10.00 (market A) = $300.00.',
      '2024-12 earns nothing: 140 active users is not above the HWM of 150.',
      '2025-01 earns nothing: PAU 250 was below the 300 seat minimum.',
      '2025-02: 200 active users, 50 above the HWM of 150; 50 × $10.00 (market A) = $500.00.',
      '2025-03 earns nothing: 200 active users is not above the HWM of 200.',
    ]);
  });

  it('market decides the rate', () => {
    const a = calculatePayout(modernWorkPayout({ ...claim, usageHistory: history, asOfDate: '2025-03-10', monthlyActiveUsers: 200, market: 'A' }));
    const c = calculatePayout(modernWorkPayout({ ...claim, usageHistory: history, asOfDate: '2025-03-10', monthlyActiveUsers: 200, market: 'c' }));
    expect([a.earnedCents, c.earnedCents]).toEqual([80000, 32000]);
  });

  it.each([
    ['2024-12-15', 'pending'], // November's earnings come by 2024-12-16
    ['2024-12-16', 'available'],
  ])('on %s November is %s (available by the 16th of the next month)', (asOfDate, status) => {
    const p = calculatePayout(modernWorkPayout({ ...claim, usageHistory: history.slice(0, 2), asOfDate, monthlyActiveUsers: 150 }));
    expect(p.lines[0]).toMatchObject({ month: '2024-11', status, availableOn: '2024-12-16' });
  });

  it('PAU at or below the HWM leaves no room (PAULWPHWM)', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, highWaterMark: 400, asOfDate: '2024-11-20', paidAvailableUnits: 400, monthlyActiveUsers: 400 }));
    expect(p.lines[0]!.reasons[0]).toMatchObject({ code: 'NO_ROOM_ABOVE_HWM', partnerCenterCode: 'PAULWPHWM' });
    expect(p.earnedCents).toBe(0);
  });

  it('stops at the maximum compensable units', () => {
    const p = calculatePayout(
      modernWorkPayout({ ...claim, highWaterMark: 0, paidAvailableUnits: 5000, paidAvailableUnitsAtClaim: 5000, monthlyActiveUsers: 3000, asOfDate: '2024-11-30', market: 'C' }),
    );
    expect(p.lines[0]).toMatchObject({ units: 2500, amountCents: 2500 * 400 });
    expect(codes(p.lines[0]!.reasons)).toContain('MAX_COMPENSABLE_UNITS_REACHED');
  });

  it('stops at the per-workload cap and reports the capped amount', () => {
    const p = calculatePayout(
      modernWorkPayout({ ...claim, highWaterMark: 0, paidAvailableUnits: 5000, paidAvailableUnitsAtClaim: 5000, monthlyActiveUsers: 3000, asOfDate: '2024-11-30', market: 'A' }),
    );
    // 2,500 units x $10.00 = $25,000.00, exactly the cap
    expect(p.earnedCents).toBe(2500000);
    expect(p.cappedCents).toBe(0);
    const over = calculatePayout(
      modernWorkPayout({
        ...claim,
        highWaterMark: 0,
        paidAvailableUnits: 5000,
        paidAvailableUnitsAtClaim: 5000,
        monthlyActiveUsers: 3000,
        asOfDate: '2024-12-31',
        market: 'A',
        usageHistory: [{ month: '2024-11', paidAvailableUnits: 5000, monthlyActiveUsers: 2000 }],
      }),
    );
    // November: 2,000 units = $20,000; December: 500 more units = $5,000: exactly at the cap
    expect(over.earnedCents).toBe(2500000);
  });

  it('earnings stop after the maximum months since the claim (MXTMCPMT)', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, asOfDate: '2025-11-30', monthlyActiveUsers: 300, usageHistory: [{ month: '2025-09', paidAvailableUnits: 1000, monthlyActiveUsers: 200 }] }));
    // The claim of 2024-10-10 stops earning on 2025-10-10: November is past it.
    const nov = p.lines.find((l) => l.month === '2025-11')!;
    expect(nov.reasons[0]).toMatchObject({ code: 'MAX_TIME_SINCE_CLAIM_REACHED', partnerCenterCode: 'MXTMCPMT' });
  });

  it('takes off what was already paid, month by month', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, usageHistory: history, asOfDate: '2025-03-10', monthlyActiveUsers: 200, paidToDateCents: 60000 }));
    expect(p).toMatchObject({ earnedCents: 80000, alreadyPaidCents: 60000, owedCents: 20000 });
    expect(p.lines.map((l) => l.owedCents)).toEqual([0, 0, 0, 20000, 0]);
  });

  it('needs a market, named as the field', () => {
    try {
      calculatePayout(modernWorkPayout({ market: undefined }));
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(EngineInputError);
      expect((e as EngineInputError).issues[0]!.path).toBe('market');
    }
  });
});
