import { checkPoe, type PoeCheckInput } from '../../shared';
import { mdePoe } from '../support/facts';

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

/** A complete POE for a Security claim filed 2025-03-15. */
function poe(overrides: Partial<PoeCheckInput> = {}): PoeCheckInput {
  return {
    programId: 'security-usage',
    claimDate: '2025-03-15',
    partnerId: '1234567',
    tenantId: TENANT,
    workloads: ['MDE', 'Intune'],
    acknowledgementDate: '2025-01-10',
    workloadsNamed: ['Microsoft Defender for Endpoint', 'Intune'],
    userCount: 1200,
    customerNeed: 'Replace third-party antivirus on 1,200 laptops and enforce device compliance.',
    engagementStartDate: '2025-01-13',
    engagementEndDate: '2025-04-30',
    sessionCount: 8,
    partnerIdNamed: '1234567',
    tenantIdNamed: TENANT.toUpperCase(),
    activities: ['deployment', 'policy-customisation'],
    ...overrides,
  };
}

function requirement(v: ReturnType<typeof checkPoe>, name: string) {
  return v.requirements.find((r) => r.requirement === name)!;
}

describe('POE check (R11)', () => {
  it('passes a complete POE, requirement by requirement', () => {
    const v = checkPoe(poe());
    expect(v.passed).toBe(true);
    expect(v.summary).toBe('OK');
    expect(v.requirements.map((r) => r.passed)).toEqual([true, true, true, true, true, true, true]);
  });

  it.each([
    ['2024-03-16', true], // 12 months minus a day before the claim
    ['2024-03-15', true], // exactly one year before the claim: still counts (inclusive, DOMAIN decision)
    ['2024-03-14', false], // one day older: no longer counts
    ['2023-12-01', false],
    ['2025-03-15', true], // signed on the claim day
    ['2025-03-16', false], // dated after the claim
  ])('acknowledgement dated %s passes: %s', (acknowledgementDate, passed) => {
    expect(requirement(checkPoe(poe({ acknowledgementDate })), 'acknowledgement').passed).toBe(passed);
  });

  it("fails without an acknowledgement, with Partner Center's POE code", () => {
    const v = checkPoe(poe({ acknowledgementDate: undefined }));
    expect(v.passed).toBe(false);
    expect(v.summary).toBe('Missing: customer acknowledgement');
    expect(v.reasons[0]).toMatchObject({ code: 'POE_ACKNOWLEDGEMENT_MISSING', partnerCenterCode: 'IVDPOE' });
  });

  it('the documents must name every claimed workload (aliases understood)', () => {
    const v = checkPoe(poe({ workloadsNamed: ['Defender for Endpoint'] }));
    expect(requirement(v, 'workloads').reasons[0]!.message).toBe('The documents do not name Intune; the workloads in the POE must match the workloads claimed.');
  });

  it('rejects a generic feature list and an incomplete scope', () => {
    const v = checkPoe(poe({ genericFeatureList: true, sessionCount: undefined, userCount: undefined }));
    const scope = requirement(v, 'scope');
    expect(scope.passed).toBe(false);
    expect(scope.reasons.map((r) => r.code)).toEqual(['POE_SCOPE_GENERIC', 'POE_SCOPE_INCOMPLETE']);
    expect(scope.reasons[1]!.message).toBe('The scope lacks user counts, number of sessions.');
  });

  it('partner and customer named must match the claim', () => {
    const v = checkPoe(poe({ partnerIdNamed: '7654321', tenantIdNamed: undefined }));
    expect(requirement(v, 'parties').reasons.map((r) => r.code)).toEqual(['POE_PARTNER_MISMATCH', 'POE_TENANT_MISMATCH']);
  });

  it.each([
    ['Public sector', 'US', false, false],
    ['Public sector', 'pr', false, false],
    ['Public sector', 'HK', true, true],
    ['Public sector', 'IN', true, true],
    ['Public sector', 'DE', false, true], // not a listed country
    ['Commercial', 'US', false, true], // not public sector
  ])('%s customer in %s with disclosure %s passes: %s', (segment, country, feeDisclosure, passed) => {
    const v = checkPoe(poe({ segment: segment as PoeCheckInput['segment'], country, feeDisclosure }));
    expect(requirement(v, 'fee-disclosure').passed).toBe(passed);
    if (!passed) expect(requirement(v, 'fee-disclosure').reasons[0]!.partnerCenterCode).toBe('CUSPUBSEC');
  });

  it.each<[PoeCheckInput['activities'], boolean]>([
    [['deployment'], true],
    [['adoption-change-management'], true],
    [['pre-sales'], false], // pre-sales on its own does not count
    [['general-guidance', 'end-user-support', 'managed-services'], false],
    [['pre-sales', 'configuration'], true],
    [[], false],
  ])('activities %j count: %s', (activities, passed) => {
    expect(requirement(checkPoe(poe({ activities })), 'activities').passed).toBe(passed);
  });

  it.each([
    ['2024-03-15', true], // ended exactly 12 months before the claim
    ['2024-03-14', false],
    ['2025-09-30', true], // planned work: ongoing is fine
  ])('engagement ending %s is recent enough: %s', (engagementEndDate, passed) => {
    const v = checkPoe(poe({ engagementStartDate: '2024-01-01', engagementEndDate }));
    expect(requirement(v, 'engagement-dates').passed).toBe(passed);
  });

  it('names out-of-order engagement dates as an input error', () => {
    expect(() => checkPoe(poe({ engagementStartDate: '2025-05-01', engagementEndDate: '2025-04-01' }))).toThrow(/engagementEndDate: .*out of order/);
  });

  it('lists everything missing in one line', () => {
    const v = checkPoe(poe({ acknowledgementDate: undefined, activities: ['pre-sales'] }));
    expect(v.summary).toBe('Missing: customer acknowledgement; qualifying activity');
    expect(v.missing).toEqual(['customer acknowledgement', 'qualifying activity']);
  });
});

describe('public sector without a country', () => {
  it('is not OK: the fee disclosure is unknown until the country is given', () => {
    const v = checkPoe(mdePoe({ segment: 'Public sector' }));
    expect(v.summary).not.toBe('OK');
    expect(v.passed).toBe(false);
    expect(v.summary).toContain('country');
    const r = v.requirements.find((x) => x.requirement === 'fee-disclosure')!;
    expect(r).toMatchObject({ passed: false, status: 'unknown' });
    expect(r.reasons[0]!.code).toBe('POE_DISCLOSURE_UNKNOWN');
  });
});
