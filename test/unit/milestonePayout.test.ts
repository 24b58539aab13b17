/**
 * R4. Milestone payout: a milestone reached after approval pays at today's band; band step-ups
 * (R2) owe the difference; a milestone reached at claim never pays on that claim.
 * Security usage FY25 (2024-10-01 to 2025-09-30): seat minimum 150, milestones 15% and 40%.
 */
import { calculatePayout } from '../../shared';
import { codes, securityClaim, securityFacts } from '../support/facts';

describe('milestone payout (R4, R2 step-ups)', () => {
  it("pays milestone 1 at today's band once usage reaches it after approval", () => {
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

describe('a milestone reached in the approval month', () => {
  it('is not described as "not reached yet"', () => {
    const p = calculatePayout(
      securityFacts({
        asOfDate: '2025-01-25',
        paidAvailableUnits: 1000,
        monthlyActiveUsers: 200,
        claimDate: '2025-01-05',
        claimApprovedDate: '2025-01-20',
        highWaterMark: 90,
        paidAvailableUnitsAtClaim: 1000,
      }),
    );
    const line = p.lines.find((l) => l.milestone === 1)!;
    const text = line.reasons.map((r) => r.message).join(' ');
    expect(text).not.toContain('not reached yet');
    expect(text).toContain('approval month');
  });
});
