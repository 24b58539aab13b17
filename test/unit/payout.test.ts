import { calculatePayout, calculatePayouts, applyPartnerCap, EngineInputError, type PayoutInput } from '../../shared';
import { codes, modernWorkPayout } from '../support/facts';

/** A Security FY25 claim filed 2025-01-10 at 9% of 1,000 seats, approved 2025-01-20. */
function securityClaim(overrides: Partial<PayoutInput> = {}): PayoutInput {
  return {
    programId: 'security-usage',
    asOfDate: '2025-06-30',
    workload: 'MDE',
    paidAvailableUnits: 1000,
    monthlyActiveUsers: 160,
    claimDate: '2025-01-10',
    claimApprovedDate: '2025-01-20',
    highWaterMark: 90,
    paidAvailableUnitsAtClaim: 1000,
    ...overrides,
  };
}

describe('milestone payout (R4, R2 step-ups)', () => {
  it('pays milestone 1 at today\'s band once usage reaches it after approval', () => {
    const p = calculatePayout(securityClaim());
    expect(p).toMatchObject({ style: 'milestone', canEarn: true, earnedCents: 400000, owedCents: 400000, alreadyPaidCents: 0, potentialCents: 600000 });
    expect(p.lines.map((l) => [l.label, l.status, l.band, l.amountCents, l.owedCents])).toEqual([
      ['Milestone 1', 'earned', 'M', 400000, 400000],
      ['Milestone 2', 'not-yet-reached', 'M', 0, 0],
    ]);
    expect(p.lines[0]!.reasons[0]!.message).toBe('Milestone 1 (15%) was reached in 2025-06: 160 active of 1,000 paid seats (16%) at band M, which pays $4,000.00.');
  });

  it.each([
    [149, 'not-yet-reached'], // 14.9%: one user short
    [150, 'earned'], // exactly 15%: reached
  ])('with %i active users milestone 1 is %s (boundary)', (mau, status) => {
    expect(calculatePayout(securityClaim({ monthlyActiveUsers: mau })).lines[0]!.status).toBe(status);
  });

  it('a milestone already reached at claim can never be earned on that claim', () => {
    const p = calculatePayout(securityClaim({ highWaterMark: 150, monthlyActiveUsers: 300 }));
    expect(p.lines[0]).toMatchObject({ status: 'not-earnable', amountCents: 0 });
    expect(p.lines[0]!.reasons[0]!.code).toBe('USAGE_ABOVE_MILESTONE_AT_CLAIM');
  });

  it('band step-up: paid at XS, now M: owed the difference', () => {
    const p = calculatePayout(securityClaim({ milestonesPaid: [{ milestone: 1, amountCents: 100000 }] }));
    expect(p.lines[0]).toMatchObject({ amountCents: 400000, paidCents: 100000, owedCents: 300000 });
    expect(codes(p.lines[0]!.reasons)).toContain('BAND_STEP_UP');
    expect(p.owedCents).toBe(300000);
  });

  it('step-up from XXS: months below the minimum were paid nothing, so the whole amount is owed', () => {
    const p = calculatePayout(
      securityClaim({
        claimDate: '2025-01-10',
        highWaterMark: undefined,
        paidAvailableUnitsAtClaim: undefined,
        usageHistory: [
          { month: '2024-12', paidAvailableUnits: 10, monthlyActiveUsers: 10 }, // XXS pilot
          { month: '2025-01', paidAvailableUnits: 1000, monthlyActiveUsers: 20 },
          { month: '2025-02', paidAvailableUnits: 100, monthlyActiveUsers: 100 }, // below minimum: 100% but counts for nothing
          { month: '2025-03', paidAvailableUnits: 1200, monthlyActiveUsers: 200 },
        ],
        monthlyActiveUsers: 200,
        paidAvailableUnits: 1200,
      }),
    );
    expect(p.lines[0]).toMatchObject({ status: 'earned', month: '2025-03', band: 'M', amountCents: 400000, owedCents: 400000 });
  });

  it('the largest band that reached the milestone decides the amount', () => {
    const p = calculatePayout(
      securityClaim({
        usageHistory: [
          { month: '2025-02', paidAvailableUnits: 400, monthlyActiveUsers: 70 }, // XS, 17.5%
          { month: '2025-04', paidAvailableUnits: 2600, monthlyActiveUsers: 400 }, // L, 15.4%
        ],
        paidAvailableUnits: 2600,
        monthlyActiveUsers: 380, // 14.6% today: reached earlier stays reached
      }),
    );
    expect(p.lines[0]).toMatchObject({ status: 'earned', month: '2025-04', band: 'L', amountCents: 800000 });
  });

  it('already paid in full: nothing owed', () => {
    const p = calculatePayout(securityClaim({ milestonesPaid: [{ milestone: 1, amountCents: 400000 }] }));
    expect(p.owedCents).toBe(0);
    expect(codes(p.lines[0]!.reasons)).toContain('ALREADY_PAID');
  });

  it('nothing earns before approval', () => {
    const p = calculatePayout(securityClaim({ claimApprovedDate: undefined }));
    expect(p.earnedCents).toBe(0);
    expect(p.lines.map((l) => l.status)).toEqual(['awaiting-approval', 'awaiting-approval']);
  });

  it('usage in the approval month itself does not earn', () => {
    const p = calculatePayout(securityClaim({ asOfDate: '2025-01-31' }));
    expect(p.earnedCents).toBe(0);
  });

  it('an excluded cloud earns nothing, with the reason', () => {
    const p = calculatePayout(securityClaim({ cloud: 'GCC High' }));
    expect(p).toMatchObject({ canEarn: false, earnedCents: 0, owedCents: 0, lines: [] });
    expect(p.reasons[0]).toMatchObject({ code: 'EXCLUDED_CLOUD', partnerCenterCode: 'IVDCLD' });
  });

  it('rejects a milestone the program does not have', () => {
    expect(() => calculatePayout(securityClaim({ milestonesPaid: [{ milestone: 3, amountCents: 1 }] }))).toThrow(/milestonesPaid/);
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

  it('each month\'s message shows the HWM of that month, however late it is read', () => {
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
    const p = calculatePayout(modernWorkPayout({ ...claim, highWaterMark: 0, paidAvailableUnits: 5000, paidAvailableUnitsAtClaim: 5000, monthlyActiveUsers: 3000, asOfDate: '2024-11-30', market: 'C' }));
    expect(p.lines[0]).toMatchObject({ units: 2500, amountCents: 2500 * 400 });
    expect(codes(p.lines[0]!.reasons)).toContain('MAX_COMPENSABLE_UNITS_REACHED');
  });

  it('stops at the per-workload cap and reports the capped amount', () => {
    const p = calculatePayout(modernWorkPayout({ ...claim, highWaterMark: 0, paidAvailableUnits: 5000, paidAvailableUnitsAtClaim: 5000, monthlyActiveUsers: 3000, asOfDate: '2024-11-30', market: 'A' }));
    // 2,500 units x $10.00 = $25,000.00, exactly the cap
    expect(p.earnedCents).toBe(2500000);
    expect(p.cappedCents).toBe(0);
    const over = calculatePayout(
      modernWorkPayout({
        ...claim, highWaterMark: 0, paidAvailableUnits: 5000, paidAvailableUnitsAtClaim: 5000, monthlyActiveUsers: 3000, asOfDate: '2024-12-31', market: 'A',
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
    const r = applyPartnerCap({ partnerCapCents: 100000, items: [{ id: 'Contoso MDE', amountCents: 60000 }, { id: 'Fabrikam Intune', amountCents: 60000 }] });
    expect(r.reasons[0]!.message).toBe('The partner cap of $1,000.00 is reached at "Fabrikam Intune": $400.00 of $600.00 is paid and $200.00 is reported as capped.');
  });

  it('uses the program\'s default cap when the partner has none', () => {
    expect(applyPartnerCap({ programId: 'security-usage-fy25', items: [{ id: 'a', amountCents: 1 }] }).capCents).toBe(20000000);
    expect(() => applyPartnerCap({ items: [] })).toThrow(/partnerCapCents/);
  });

  it('applies across many workloads\' payouts', () => {
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
