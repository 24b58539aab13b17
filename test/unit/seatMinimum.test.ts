/**
 * R1. Seat minimum: a workload earns only while its PAU is at or above the program's seat
 * minimum (Security 150, Modern Work 300).
 */
import { checkEligibility, seatMinimum, type EligibilityInput } from '../../shared';
import { securityFacts } from '../support/facts';

function verdict(overrides: Partial<EligibilityInput>) {
  return checkEligibility(securityFacts(overrides));
}

describe('seat minimum (R1)', () => {
  it.each([
    ['security-usage-fy25', 149, false, 1],
    ['security-usage-fy25', 150, true, 0],
    ['security-usage-fy25', 0, false, 150],
    ['modern-work-usage-fy25', 299, false, 1],
    ['modern-work-usage-fy25', 300, true, 0],
  ])('%s with PAU %i: met %s, %i seats to go', (programId, pau, met, toGo) => {
    const v = seatMinimum({ programId, paidAvailableUnits: pau });
    expect(v.met).toBe(met);
    expect(v.seatsToGo).toBe(toGo);
    expect(v.reasons[0]!.code).toBe(met ? 'SEAT_MINIMUM_MET' : 'BELOW_SEAT_MINIMUM');
  });

  it("says how many seats are missing, with Partner Center's code", () => {
    const v = seatMinimum({ programId: 'security-usage-fy25', paidAvailableUnits: 10 });
    expect(v.reasons[0]!.toJSON()).toEqual({
      code: 'BELOW_SEAT_MINIMUM',
      partnerCenterCode: 'MINTHNTMT',
      message: 'PAU 10 is below the 150 seat minimum of Security usage FY25; 140 more paid seats make it eligible.',
      params: { paidAvailableUnits: 10, seatMinimum: 150, seatsToGo: 140 },
    });
  });
});

describe('seat minimum in the eligibility verdict', () => {
  it.each([
    ['149', 149, false],
    ['150', 150, true],
  ])('at %s seats eligibility %s (boundary)', (_l, pau, eligible) => {
    expect(verdict({ paidAvailableUnits: pau, monthlyActiveUsers: 5 }).eligible).toBe(eligible);
  });

  it('10 active users on 10 seats is 100% usage and still XXS, not claimable', () => {
    const v = verdict({ paidAvailableUnits: 10, monthlyActiveUsers: 10 });
    expect(v).toMatchObject({ eligible: false, sizeBand: 'XXS', usagePct: 100, seatsToGo: 140 });
  });
});
