/**
 * Issue 13, verdicts and explanations: one claim gives one answer whatever its form, thresholds
 * are decided on exact ratios, exclusions never promise seats, POE ages are stated as they are.
 * Security usage FY25 (2024-10-01 to 2025-09-30): seat minimum 150, milestones 15% and 40%.
 */
import { adviseClaim, calculatePayout, checkEligibility, checkPoe, recognize, reevaluate, defaultCatalog, parseWith, WorkloadFactsSchema, type PoeCheckInput } from '../../shared';
import { codes, securityFacts } from '../support/facts';

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

describe('one claim, one answer', () => {
  it('claim figures HWM 10 on 10 seats at claim count for nothing, as the same claim given as months does', () => {
    const now = { paidAvailableUnits: 1000, monthlyActiveUsers: 20, claimDate: '2025-01-10', claimApprovedDate: '2025-01-20' };
    const asFigures = checkEligibility(securityFacts({ ...now, highWaterMark: 10, paidAvailableUnitsAtClaim: 10 }));
    const asMonths = checkEligibility(securityFacts({ ...now, usageHistory: [{ month: '2024-12', paidAvailableUnits: 10, monthlyActiveUsers: 10 }, { month: '2025-01', paidAvailableUnits: 10, monthlyActiveUsers: 10 }] }));
    expect(asMonths.eligible).toBe(true);
    expect(asFigures.eligible).toBe(asMonths.eligible);
    expect(asFigures.baseline.highWaterMark).toBe(0);
    expect(asFigures.earnableMilestones.map((m) => m.number)).toEqual([1, 2]);
    expect(asFigures.reasons.find((r) => r.code === 'BASELINE_AT_CLAIM')!.message).toContain('below the 150 seat minimum');
  });
});

describe('no rounding before deciding', () => {
  it('2,999 of 20,000 is 14.995%: below 15%, shown as 14.99%, and never called 15%', () => {
    const v = checkEligibility(securityFacts({ paidAvailableUnits: 20000, monthlyActiveUsers: 2999 }));
    expect(v.usagePct).toBe(14.99);
    expect(v.earnableMilestones.map((m) => m.number)).toEqual([1, 2]);
    const text = v.reasons.map((r) => r.message).join(' ');
    expect(text).toContain('14.99%');
    expect(text).not.toMatch(/\b15%: /);
    expect(text).not.toMatch(/at claim 15%/);
  });

  it('the nightly raises no milestone-reached at 2,999 of 20,000, and does at 3,000', () => {
    const claim = { paidAvailableUnits: 20000, claimDate: '2024-11-05', claimApprovedDate: '2024-11-20', highWaterMark: 100, paidAvailableUnitsAtClaim: 20000 };
    const run = (mau: number, before: ReturnType<typeof reevaluate>['state'] | null) => reevaluate(defaultCatalog, parseWith(WorkloadFactsSchema, securityFacts({ ...claim, monthlyActiveUsers: mau })), before);
    // Last night (2025-03-30): 2,000 active; tonight (2025-03-31) 2,999 or 3,000.
    const first = reevaluate(defaultCatalog, parseWith(WorkloadFactsSchema, securityFacts({ ...claim, asOfDate: '2025-03-30', monthlyActiveUsers: 2000 })), null);
    expect(run(2999, first.state).changes.map((c) => c.kind)).not.toContain('milestone-reached');
    expect(run(2999, first.state).state.milestonesReached).toEqual([]);
    expect(run(3000, first.state).changes.map((c) => c.kind)).toContain('milestone-reached');
  });
});

describe('exclusions first: no message promises seats', () => {
  for (const [label, facts] of [
    ['GCC High', securityFacts({ cloud: 'GCC High', paidAvailableUnits: 10, monthlyActiveUsers: 1 })],
    ['retired Teams Phone', { programId: 'modern-work-usage', asOfDate: '2025-03-31', workload: 'Teams Phone', paidAvailableUnits: 10, monthlyActiveUsers: 1 }],
    ['program not active', securityFacts({ programId: 'security-usage-fy25', asOfDate: '2025-11-01', paidAvailableUnits: 10, monthlyActiveUsers: 1 })],
  ] as const) {
    it(`${label}: the seat minimum is named, no seat purchase is promised`, () => {
      const v = checkEligibility(facts);
      expect(v.eligible).toBe(false);
      const text = v.reasons.map((r) => r.message).join(' ');
      expect(text).toContain('below the');
      expect(text).not.toMatch(/more paid seats? (make|makes)/);
      const a = adviseClaim(facts);
      expect(a.reasons.map((r) => r.message).join(' ')).not.toMatch(/more paid seats?|buys more seats/);
    });
  }
});

function poe(overrides: Partial<PoeCheckInput> = {}): PoeCheckInput {
  return {
    programId: 'security-usage', claimDate: '2025-03-15', partnerId: '1234567', tenantId: TENANT, workloads: ['MDE'], acknowledgementDate: '2025-01-10',
    workloadsNamed: ['MDE'], userCount: 1200, customerNeed: 'Deploy MDE on 1,200 laptops.', engagementStartDate: '2025-01-13', engagementEndDate: '2025-04-30',
    sessionCount: 8, partnerIdNamed: '1234567', tenantIdNamed: TENANT, activities: ['deployment'], ...overrides,
  };
}
const ack = (v: ReturnType<typeof checkPoe>) => v.requirements.find((r) => r.requirement === 'acknowledgement')!;

describe('acknowledgement age (inclusive 12 months, stated as it is)', () => {
  it('exactly one year before the claim passes; one day older fails', () => {
    expect(ack(checkPoe(poe({ acknowledgementDate: '2024-03-15' }))).passed).toBe(true);
    const old = ack(checkPoe(poe({ acknowledgementDate: '2024-03-14' })));
    expect(old.passed).toBe(false);
    expect(old.reasons[0]!.message).toContain('12 months and 1 day old');
  });

  it('an acknowledgement 11 months and 15 days old is not called 12 months old', () => {
    const r = ack(checkPoe(poe({ acknowledgementDate: '2024-03-31', claimDate: '2025-03-15' })));
    expect(r.passed).toBe(true);
    expect(r.reasons[0]!.message).toContain('11 months and 15 days old');
    expect(r.reasons[0]!.message).not.toContain('12 months old');
  });

  it('the advice does not call an acknowledgement expired on its anniversary', () => {
    const a = adviseClaim(securityFacts({ poeAcknowledgementDate: '2024-03-31' }));
    expect(a.action).toBe('claim-now');
    expect(codes(a.reasons)).not.toContain('POE_EXPIRED');
  });
});

describe('public sector without a country', () => {
  it('is not OK: the fee disclosure is unknown until the country is given', () => {
    const v = checkPoe(poe({ segment: 'Public sector' }));
    expect(v.summary).not.toBe('OK');
    expect(v.passed).toBe(false);
    expect(v.summary).toContain('country');
    const r = v.requirements.find((x) => x.requirement === 'fee-disclosure')!;
    expect(r).toMatchObject({ passed: false, status: 'unknown' });
    expect(r.reasons[0]!.code).toBe('POE_DISCLOSURE_UNKNOWN');
  });
});

describe('exception advice names every milestone reached', () => {
  it('both milestones reached after seats grew: both are named', () => {
    // Claimed at 45% of 160 seats (no milestone earnable); now 450 active of 1,000 seats (45%).
    const a = adviseClaim(securityFacts({ paidAvailableUnits: 1000, monthlyActiveUsers: 450, claimDate: '2024-11-05', claimApprovedDate: '2024-11-20', highWaterMark: 72, paidAvailableUnitsAtClaim: 160 }));
    expect(a.action).toBe('ask-for-exception');
    expect(a.message).toMatch(/milestones 1 \(15%\) and 2 \(40%\)/);
  });
});

describe('Education: MAU above PAU', () => {
  it('says active users on paid seats are unknown and the HWM is probably inflated; never advises buying seats', () => {
    const facts = securityFacts({ segment: 'Education', paidAvailableUnits: 500, monthlyActiveUsers: 4000 });
    const v = checkEligibility(facts);
    const flag = v.reasons.find((r) => r.code === 'MAU_ABOVE_PAU')!;
    expect(flag.message).toContain('active users on paid seats are unknown');
    expect(flag.message).toMatch(/HWM is probably inflated by free student licences/);
    expect(v.usagePct).toBe(100);
    const a = adviseClaim(facts);
    expect(a.reasons.map((r) => r.message).join(' ')).not.toMatch(/buys more seats|more paid seats/i);
  });
});

describe('a milestone reached in the approval month', () => {
  it('is not described as "not reached yet"', () => {
    const p = calculatePayout(securityFacts({ asOfDate: '2025-01-25', paidAvailableUnits: 1000, monthlyActiveUsers: 200, claimDate: '2025-01-05', claimApprovedDate: '2025-01-20', highWaterMark: 90, paidAvailableUnitsAtClaim: 1000 }));
    const line = p.lines.find((l) => l.milestone === 1)!;
    const text = line.reasons.map((r) => r.message).join(' ');
    expect(text).not.toContain('not reached yet');
    expect(text).toContain('approval month');
  });
});

describe('recognition: CSP subscriptions credit the transacting partner (R9)', () => {
  it('a CPOR claim on a CSP subscription another partner transacts is not counted for Dynamics 365', () => {
    const v = recognize({ workload: 'Dynamics 365 Customer Engagement', associationType: 'CPOR OSU', metric: 'usage', licenseProgram: 'CSP', partnerId: '1111111', transactingPartnerId: '2222222' });
    expect(v.counted).toBe(false);
    expect(v.reasons[0]!.code).toBe('CSP_TRANSACTED_BY_OTHER_PARTNER');
    expect(v.reasons[0]!.message).toContain('2222222');
    const own = recognize({ workload: 'Dynamics 365 Customer Engagement', associationType: 'CPOR OSU', metric: 'usage', licenseProgram: 'CSP', partnerId: '1111111', transactingPartnerId: '1111111' });
    expect(own.counted).toBe(true);
  });
});
