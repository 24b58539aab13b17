import { adviseClaim, calculatePayout, checkEligibility, type PayoutInput } from '../../shared';
import { modernWorkPayout } from '../support/facts';

/**
 * DOMAIN.md, "Opportunity units (R5a)": PAU minus the prior HWM today (the highest counting MAU
 * so far), at least 0, within the compensable units still unpaid; verdict, advice and payout
 * show the same number.
 */
describe('opportunity units: one number for verdict, advice and payout', () => {
  /** Claim HWM 100 on 1,000 seats, approved in January; 300 active in February. */
  const facts: PayoutInput = modernWorkPayout({
    claimDate: '2025-01-10',
    claimApprovedDate: '2025-01-20',
    highWaterMark: 100,
    paidAvailableUnitsAtClaim: 1000,
    asOfDate: '2025-02-28',
    paidAvailableUnits: 1000,
    monthlyActiveUsers: 300,
  });
  const { market: _market, ...workload } = facts;

  it('is 700 (1,000 seats minus the February high of 300), not 900', () => {
    expect(checkEligibility(workload).opportunityUnits).toBe(700);
    expect(calculatePayout(facts).opportunityUnits).toBe(700);
  });

  it("the verdict's reason, the advice and the payout all say 700", () => {
    const v = checkEligibility(workload);
    expect(v.reasons.find((r) => r.code === 'ROOM_ABOVE_HWM')!.message).toMatch(/^700 opportunity units \(PAU 1,000 minus the prior HWM of 300/);
    expect(adviseClaim(workload).message).toMatch(/700 opportunity units above the prior HWM of 300/);
    const p = calculatePayout(facts);
    expect(p.reasons.find((r) => r.code === 'ROOM_ABOVE_HWM')!.message).toMatch(/700 more users above the HWM of 300/);
    expect(p.potentialCents).toBe(700 * 1000);
  });

  it('before approval the months so far still raise the HWM', () => {
    const pending = { ...workload, claimApprovedDate: undefined, usageHistory: [{ month: '2025-01', paidAvailableUnits: 1000, monthlyActiveUsers: 450 }] };
    expect(checkEligibility(pending).opportunityUnits).toBe(550);
    expect(calculatePayout({ ...pending, market: 'A' }).opportunityUnits).toBe(550);
  });

  it('within the compensable units still unpaid: 2,000 paid of 2,500 leaves at most 500', () => {
    const big = modernWorkPayout({
      claimDate: '2024-10-10',
      claimApprovedDate: '2024-10-20',
      highWaterMark: 0,
      paidAvailableUnitsAtClaim: 9000,
      asOfDate: '2024-11-30',
      paidAvailableUnits: 9000,
      monthlyActiveUsers: 2000,
    });
    const { market: _m, ...w } = big;
    expect(checkEligibility(w).opportunityUnits).toBe(500);
    expect(calculatePayout(big).opportunityUnits).toBe(500);
  });
});
