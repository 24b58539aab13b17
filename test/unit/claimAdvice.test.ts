import { adviseClaim } from '../../shared';
import { codes, securityFacts } from '../support/facts';

describe('claim advice (R8)', () => {
  it('wait for seats: 10 active on 10 seats is XXS whatever the usage', () => {
    const a = adviseClaim(securityFacts({ paidAvailableUnits: 10, monthlyActiveUsers: 10 }));
    expect(a.action).toBe('wait-for-seats');
    expect(a.message).toBe('Wait for seats: PAU 10 is below the 150 seat minimum. Claim as soon as 140 more paid seats are bought, while usage is still low.');
  });

  it('claim now: the pilot bought 1,000 seats and usage is still low', () => {
    const a = adviseClaim(
      securityFacts({
        paidAvailableUnits: 1000,
        monthlyActiveUsers: 10,
        usageHistory: [
          { month: '2025-01', paidAvailableUnits: 10, monthlyActiveUsers: 10 },
          { month: '2025-02', paidAvailableUnits: 10, monthlyActiveUsers: 10 },
        ],
      }),
    );
    expect(a.action).toBe('claim-now');
    expect(a.eligibility.baseline).toMatchObject({ highWaterMark: 10, usagePct: 1 }); // the 10-seat months do not count
    expect(a.message).toContain('below milestone 1 (15%)');
  });

  it('nothing to claim when usage already passed the last milestone', () => {
    const a = adviseClaim(securityFacts({ monthlyActiveUsers: 450 }));
    expect(a.action).toBe('not-eligible');
    expect(codes(a.reasons)).toEqual(['NOTHING_TO_CLAIM', 'USAGE_ABOVE_MILESTONE_AT_CLAIM']);
  });

  it('not eligible for a rule no waiting fixes, with that rule as the reason', () => {
    const a = adviseClaim(securityFacts({ cloud: 'GCC High' }));
    expect(a.action).toBe('not-eligible');
    expect(a.reasons[0]!.code).toBe('EXCLUDED_CLOUD');
  });

  it('re-claim: claimed at 45% of 160 seats, now 10 active on 1,000 seats (1%)', () => {
    const a = adviseClaim(
      securityFacts({ paidAvailableUnits: 1000, monthlyActiveUsers: 10, claimDate: '2024-11-05', claimApprovedDate: '2024-11-20', highWaterMark: 72, paidAvailableUnitsAtClaim: 160 }),
    );
    expect(a.action).toBe('re-claim');
    expect(a.message).toContain('usage fell to 1% from 45% at claim');
    expect(a.message).toContain('milestones 1 (15%) and 2 (40%) become earnable again');
  });

  it('no re-claim when usage fell only a little', () => {
    // 20% at claim, 12% now: above half the baseline
    const a = adviseClaim(
      securityFacts({ paidAvailableUnits: 1000, monthlyActiveUsers: 120, claimDate: '2024-11-05', claimApprovedDate: '2024-11-20', highWaterMark: 200, paidAvailableUnitsAtClaim: 1000 }),
    );
    expect(a.action).toBe('no-action');
  });

  it('ask for an exception: usage reached the blocked milestone after seats were bought', () => {
    // Claimed at 45% of 200 seats (both milestones blocked); now 450 of 1,000 seats active (45%).
    const a = adviseClaim(
      securityFacts({ paidAvailableUnits: 1000, monthlyActiveUsers: 450, claimDate: '2024-11-05', claimApprovedDate: '2024-11-20', highWaterMark: 90, paidAvailableUnitsAtClaim: 200 }),
    );
    expect(a.action).toBe('ask-for-exception');
    expect(a.reasons[0]!.code).toBe('EXCEPTION_OPPORTUNITY');
    expect(a.message).toContain('milestones 1 (15%) and 2 (40%)'); // every milestone reached is named
  });

  it('refresh POE: the acknowledgement is more than 12 months old at the claim', () => {
    const a = adviseClaim(securityFacts({ poeAcknowledgementDate: '2024-03-30' })); // 12 months and 1 day before 2025-03-31
    expect(a.action).toBe('refresh-poe');
    expect(a.reasons[0]).toMatchObject({ code: 'POE_EXPIRED', partnerCenterCode: 'IVDPOE' });
  });

  it.each([
    ['2024-04-30', 30, true], // turns 12 months old on 2025-04-30, 30 days after 2025-03-31
    ['2024-05-01', 31, false],
  ])('claim now and warn: acknowledgement of %s has %i days left (warned %s)', (ack, _days, warned) => {
    const a = adviseClaim(securityFacts({ poeAcknowledgementDate: ack }));
    expect(a.action).toBe('claim-now');
    expect(codes(a.reasons).includes('POE_EXPIRING')).toBe(warned);
  });

  it('on track after a claim, naming the next milestone', () => {
    const a = adviseClaim(securityFacts({ monthlyActiveUsers: 120, claimDate: '2025-01-05', claimApprovedDate: '2025-01-20', highWaterMark: 90, paidAvailableUnitsAtClaim: 1000 }));
    expect(a.action).toBe('no-action');
    expect(a.message).toBe('On track: the claim was approved on 2025-01-20; milestone 1 (15%) is reached at 150 active users, there are 120.');
  });

  it('per-user: no room above the HWM means more seats are needed', () => {
    const a = adviseClaim({
      programId: 'modern-work-usage',
      asOfDate: '2025-03-31',
      workload: 'Teams',
      paidAvailableUnits: 500,
      monthlyActiveUsers: 480,
      claimDate: '2025-01-05',
      highWaterMark: 500,
      paidAvailableUnitsAtClaim: 500,
    });
    expect(a.action).toBe('wait-for-seats');
  });
});

describe('exception advice names every milestone reached', () => {
  it('both milestones reached after seats grew: both are named', () => {
    // Claimed at 45% of 160 seats (no milestone earnable); now 450 active of 1,000 seats (45%).
    const a = adviseClaim(
      securityFacts({ paidAvailableUnits: 1000, monthlyActiveUsers: 450, claimDate: '2024-11-05', claimApprovedDate: '2024-11-20', highWaterMark: 72, paidAvailableUnitsAtClaim: 160 }),
    );
    expect(a.action).toBe('ask-for-exception');
    expect(a.message).toMatch(/milestones 1 \(15%\) and 2 \(40%\)/);
  });
});
