import { checkEligibility, EngineInputError, type EligibilityInput } from '../../shared';
import { codes, securityFacts } from '../support/facts';

function verdict(overrides: Partial<EligibilityInput>) {
  return checkEligibility(securityFacts(overrides));
}

describe('CPOR eligibility', () => {
  it('is eligible with reasons saying why and what is earnable next', () => {
    const v = verdict({});
    expect(v.eligible).toBe(true);
    expect(v).toMatchObject({ programId: 'security-usage-fy25', workload: 'Defender for Endpoint', sizeBand: 'M', usagePct: 9.3 });
    expect(codes(v.reasons)).toEqual(expect.arrayContaining(['PROGRAM_ACTIVE', 'WORKLOAD_IN_PROGRAM', 'SEAT_MINIMUM_MET', 'SIZE_BAND', 'USAGE_PCT', 'MILESTONE_EARNABLE']));
    expect(v.earnableMilestones).toEqual([
      { number: 1, usagePct: 15, activeUsersNeeded: 150, amountCents: 400000 },
      { number: 2, usagePct: 40, activeUsersNeeded: 400, amountCents: 600000 },
    ]);
    expect(v.reasons.find((r) => r.code === 'MILESTONE_EARNABLE')!.message).toBe(
      'Milestone 1 (15%) is earnable: usage at claim 9.3% is below it. It is reached at 150 active users of 1,000 paid seats and pays $4,000.00 at band M.',
    );
  });

  // Each row: the change to an eligible workload, the blocking code, Partner Center's code.
  it.each<[string, Partial<EligibilityInput>, string, string | undefined]>([
    ['149 seats, one below the minimum', { paidAvailableUnits: 149, monthlyActiveUsers: 10 }, 'BELOW_SEAT_MINIMUM', 'MINTHNTMT'],
    ['GCC High cloud', { cloud: 'GCC High' }, 'EXCLUDED_CLOUD', 'IVDCLD'],
    ['DoD cloud', { cloud: 'dod' }, 'EXCLUDED_CLOUD', 'IVDCLD'],
    ['a date after FY25 for the FY25 program', { programId: 'security-usage-fy25', asOfDate: '2025-10-01' }, 'PROGRAM_NOT_ACTIVE', undefined],
    ['a workload outside the program', { workload: 'Exchange Online' }, 'WORKLOAD_NOT_IN_PROGRAM', undefined],
    ['a name no workload has', { workload: 'Defender for Toasters' }, 'WORKLOAD_NOT_IN_PROGRAM', undefined],
    ['a PAL association', { associationType: 'PAL' }, 'ASSOCIATION_NOT_ALLOWED', undefined],
    ['DPOR on a CSP subscription', { associationType: 'DPOR', licenseProgram: 'CSP' }, 'DPOR_NOT_FOR_LICENSE_PROGRAM', undefined],
    ['another partner holds the CPOR', { partnerId: '1111111', claimingPartnerId: '2222222' }, 'WORKLOAD_CLAIMED_BY_OTHER_PARTNER', undefined],
    ['usage at 40% at claim, the last milestone', { monthlyActiveUsers: 400 }, 'USAGE_ABOVE_MILESTONE_AT_CLAIM', undefined],
  ])('is ineligible for %s', (_label, overrides, code, pcCode) => {
    const v = verdict(overrides);
    expect(v.eligible).toBe(false);
    const r = v.reasons.find((x) => x.code === code);
    expect(r).toBeDefined();
    expect(r!.partnerCenterCode).toBe(pcCode);
    // Blocking reasons come first.
    expect(v.reasons[0]!.code).toBe(code);
  });

  it('lists every blocking reason at once', () => {
    const v = verdict({ paidAvailableUnits: 10, monthlyActiveUsers: 10, cloud: 'GCC High' });
    expect(codes(v.reasons).slice(0, 2)).toEqual(['EXCLUDED_CLOUD', 'BELOW_SEAT_MINIMUM']);
  });

  it.each([
    // usage at claim exactly at a milestone: that milestone can no longer be earned
    [149, [1, 2]], // 14.9% at claim
    [150, [2]], // exactly 15%
    [399, [2]], // 39.9%
  ])('with %i active of 1,000 at claim, earnable milestones are %j', (mau, earnable) => {
    expect(verdict({ monthlyActiveUsers: mau }).earnableMilestones.map((m) => m.number)).toEqual(earnable);
  });

  it('matches workload names case-insensitively and by the aliases people type', () => {
    for (const [typed, name] of [
      ['MDE', 'Defender for Endpoint'],
      ['mdo', 'Defender for Office 365'],
      ['MDI', 'Defender for Identity'],
      ['MDCA', 'Defender for Cloud Apps'],
      ['microsoft defender for endpoint', 'Defender for Endpoint'],
      ['  INTUNE ', 'Intune'],
    ]) {
      const v = verdict({ workload: typed });
      expect([typed, v.workload, v.eligible]).toEqual([typed, name, true]);
    }
  });

  it('GCC and Education tenants are included', () => {
    const v = verdict({ cloud: 'GCC', segment: 'Education' });
    expect(v.eligible).toBe(true);
    expect(codes(v.reasons)).toContain('CLOUD_INCLUDED');
  });

  it('usage incentives work for any license program (R9)', () => {
    for (const licenseProgram of ['CSP', 'EA', 'CASA', 'MCA-E', 'Web Direct'] as const) {
      expect(verdict({ licenseProgram }).eligible).toBe(true);
    }
  });

  it('retired workloads: Teams Phone and Teams Frontline from Modern Work FY25', () => {
    for (const workload of ['Teams Phone', 'teams frontline']) {
      const v = checkEligibility({ programId: 'modern-work-usage', asOfDate: '2025-03-31', workload, paidAvailableUnits: 1000, monthlyActiveUsers: 50 });
      expect(v.eligible).toBe(false);
      expect(v.reasons[0]!.code).toBe('WORKLOAD_RETIRED');
    }
  });

  it('Copilot pays no usage incentive but counts for designation', () => {
    const v = checkEligibility({ programId: 'modern-work-usage', asOfDate: '2025-03-31', workload: 'Microsoft 365 Copilot', paidAvailableUnits: 1000, monthlyActiveUsers: 50 });
    expect(v.eligible).toBe(false);
    expect(v.reasons[0]!.code).toBe('WORKLOAD_PAYS_NO_INCENTIVE');
    expect(v.reasons[0]!.message).toContain('designation');
  });

  it('Power Platform usage is credited through PAL, not CPOR', () => {
    const v = checkEligibility({ programId: 'modern-work-usage', asOfDate: '2025-03-31', workload: 'Power Apps', paidAvailableUnits: 1000, monthlyActiveUsers: 50 });
    expect(v.eligible).toBe(false);
    expect(codes(v.reasons)).toEqual(expect.arrayContaining(['WORKLOAD_NOT_IN_PROGRAM', 'CREDITED_THROUGH_PAL']));
  });

  it('Modern Work needs 300 seats and room above the prior HWM', () => {
    const base = { programId: 'modern-work-usage', asOfDate: '2025-03-31', workload: 'Teams' };
    expect(checkEligibility({ ...base, paidAvailableUnits: 299, monthlyActiveUsers: 50 }).reasons[0]!.code).toBe('BELOW_SEAT_MINIMUM');
    const full = checkEligibility({ ...base, paidAvailableUnits: 500, monthlyActiveUsers: 500 });
    expect(full.eligible).toBe(false);
    expect(full.reasons[0]).toMatchObject({ code: 'NO_ROOM_ABOVE_HWM', partnerCenterCode: 'PAULWPHWM' });
    const room = checkEligibility({ ...base, paidAvailableUnits: 500, monthlyActiveUsers: 120 });
    expect(room.eligible).toBe(true);
    expect(room.opportunityUnits).toBe(380);
  });

  it('per-user earnings stop after the maximum time since the claim (MXTMCPMT)', () => {
    const base = { programId: 'modern-work-usage', workload: 'Teams', paidAvailableUnits: 1000, monthlyActiveUsers: 300, claimDate: '2024-10-15', highWaterMark: 100, paidAvailableUnitsAtClaim: 1000 };
    expect(checkEligibility({ ...base, asOfDate: '2025-09-30' }).eligible).toBe(true); // September ends before the 2025-10-15 stop date
    // October contains the stop date: only months that end before it earn, so nothing is left even on the 14th.
    expect(checkEligibility({ ...base, asOfDate: '2025-10-14' }).reasons[0]!.message).toBe(
      'Earnings stop on 2025-10-15, 12 months after the 2024-10-15 claim: only months that end before it earn, so 2025-10 and later months earn nothing.',
    );
    const v = checkEligibility({ ...base, asOfDate: '2025-10-15' }); // 12 months after the claim
    expect(v.reasons[0]).toMatchObject({ code: 'MAX_TIME_SINCE_CLAIM_REACHED', partnerCenterCode: 'MXTMCPMT' });
  });
});

describe('eligibility input errors name the field', () => {
  function issues(input: unknown) {
    try {
      checkEligibility(input as EligibilityInput);
    } catch (e) {
      expect(e).toBeInstanceOf(EngineInputError);
      return (e as EngineInputError).issues;
    }
    throw new Error('accepted');
  }
  it.each<[string, Record<string, unknown>, string, string]>([
    ['impossible date', { asOfDate: '2025-02-29' }, 'asOfDate', 'not a real date'],
    ['date in another format', { asOfDate: '31/03/2025' }, 'asOfDate', 'ISO date'],
    ['approval before claim', { claimDate: '2025-02-01', claimApprovedDate: '2025-01-01', highWaterMark: 10, paidAvailableUnitsAtClaim: 1000 }, 'claimApprovedDate', 'out of order'],
    ['claim after the as-of date', { claimDate: '2025-04-01', highWaterMark: 10, paidAvailableUnitsAtClaim: 1000 }, 'claimDate', 'out of order'],
    ['a filed claim without its baseline', { claimDate: '2025-02-01' }, 'highWaterMark', 'is required for a filed claim'],
    ['an approval without a claim', { claimApprovedDate: '2025-02-01' }, 'claimApprovedDate', 'needs claimDate'],
    ['an unknown cloud', { cloud: 'Azure China' }, 'cloud', 'not a known cloud'],
    ['fractional users', { monthlyActiveUsers: 2.5 }, 'monthlyActiveUsers', 'whole number'],
    ['a bad tenant id', { tenantId: 'contoso' }, 'tenantId', 'GUID'],
    ['a usage month in the future', { usageHistory: [{ month: '2025-05', paidAvailableUnits: 10, monthlyActiveUsers: 1 }] }, 'usageHistory[0].month', 'after asOfDate'],
  ])('%s', (_label, overrides, path, message) => {
    const found = issues(securityFacts(overrides as Partial<EligibilityInput>));
    const issue = found.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue!.message).toContain(message);
  });

  it('an unknown program is a named error', () => {
    expect(issues(securityFacts({ programId: 'azure-migrate' }))[0]!.path).toBe('programId');
  });

  it('2024-02-29 is a real date (leap year)', () => {
    expect(checkEligibility(securityFacts({ asOfDate: '2025-02-28' })).eligible).toBe(true);
    expect(() => checkEligibility(securityFacts({ asOfDate: '2024-02-29', programId: 'security-usage-fy25' }))).not.toThrow();
  });
});
