import { highWaterMark, EngineInputError } from '../../shared';

const pilotThenPurchase = [
  { month: '2024-10', paidAvailableUnits: 10, monthlyActiveUsers: 10 }, // pilot: 100% on 10 seats, below 150
  { month: '2024-11', paidAvailableUnits: 10, monthlyActiveUsers: 10 },
  { month: '2024-12', paidAvailableUnits: 1000, monthlyActiveUsers: 12 }, // bought 1,000 seats
  { month: '2025-01', paidAvailableUnits: 1000, monthlyActiveUsers: 40 },
];

describe('the HWM that counts', () => {
  it('ignores months below the seat minimum (the 10-seat pilot is not part of the baseline)', () => {
    const v = highWaterMark({ programId: 'security-usage-fy25', usageHistory: pilotThenPurchase, claimDate: '2024-12-20' });
    expect(v).toMatchObject({ highWaterMark: 12, month: '2024-12', countedMonths: ['2024-12'], ignoredMonths: ['2024-10', '2024-11'] });
    expect(v.reasons.map((r) => r.code)).toEqual(['HWM_FROM_MONTHS', 'MONTH_IGNORED_BELOW_SEAT_MINIMUM']);
  });

  it('takes the highest counted month up to the claim month, in any input order', () => {
    const v = highWaterMark({ programId: 'security-usage-fy25', usageHistory: [...pilotThenPurchase].reverse() });
    expect(v).toMatchObject({ highWaterMark: 40, month: '2025-01' });
  });

  it('is 0 with a reason when no month counts', () => {
    const v = highWaterMark({ programId: 'security-usage-fy25', usageHistory: pilotThenPurchase.slice(0, 2) });
    expect(v.highWaterMark).toBe(0);
    expect(v.month).toBeNull();
    expect(v.reasons[0]!.code).toBe('NO_COUNTING_MONTHS');
  });

  it('counts paid users only: MAU above PAU is capped at PAU', () => {
    const v = highWaterMark({ programId: 'security-usage-fy25', usageHistory: [{ month: '2025-01', paidAvailableUnits: 200, monthlyActiveUsers: 350 }] });
    expect(v.highWaterMark).toBe(200);
  });

  it('the boundary month at exactly the seat minimum counts', () => {
    const v = highWaterMark({
      programId: 'security-usage-fy25',
      usageHistory: [
        { month: '2025-01', paidAvailableUnits: 149, monthlyActiveUsers: 149 },
        { month: '2025-02', paidAvailableUnits: 150, monthlyActiveUsers: 30 },
      ],
    });
    expect(v).toMatchObject({ highWaterMark: 30, countedMonths: ['2025-02'], ignoredMonths: ['2025-01'] });
  });

  it('gives the starting HWM: months that ended before the association date (R5a)', () => {
    const v = highWaterMark({ programId: 'security-usage-fy25', usageHistory: pilotThenPurchase, associationDate: '2025-01-15' });
    expect(v.highWaterMark).toBe(40);
    expect(v.startingHighWaterMark).toBe(12);
  });

  it('rejects a month given twice, naming it', () => {
    try {
      highWaterMark({ programId: 'security-usage-fy25', usageHistory: [pilotThenPurchase[0]!, pilotThenPurchase[0]!] });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(EngineInputError);
      expect((e as EngineInputError).issues[0]).toMatchObject({ path: 'usageHistory[1].month' });
    }
  });

  it('rejects an impossible month', () => {
    expect(() => highWaterMark({ programId: 'security-usage-fy25', usageHistory: [{ month: '2025-13', paidAvailableUnits: 1, monthlyActiveUsers: 1 }] })).toThrow(
      /usageHistory\[0\]\.month: is not a real month/,
    );
  });
});
