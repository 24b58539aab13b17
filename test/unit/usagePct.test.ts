/** Usage %: MAU / PAU on paid users only, MAU above PAU capped and flagged, decided on exact ratios. */
import { adviseClaim, checkEligibility, EngineInputError, usagePct, type EligibilityInput } from '../../shared';
import { codes, securityFacts } from '../support/facts';

function verdict(overrides: Partial<EligibilityInput>) {
  return checkEligibility(securityFacts(overrides));
}

describe('usage % (paid users only)', () => {
  it.each([
    [1000, 93, 9.3],
    [1000, 150, 15],
    [3, 1, 33.33],
    [10, 10, 100],
    [1000, 0, 0],
  ])('PAU %i, MAU %i is %d%%', (pau, mau, pct) => {
    expect(usagePct({ paidAvailableUnits: pau, monthlyActiveUsers: mau }).usagePct).toBe(pct);
  });

  it('caps MAU above PAU at 100% and flags it (Education free licences)', () => {
    const v = usagePct({ paidAvailableUnits: 200, monthlyActiveUsers: 450, segment: 'Education' });
    expect(v.usagePct).toBe(100);
    expect(v.countedActiveUsers).toBe(200);
    expect(v.cappedAtPaidSeats).toBe(true);
    expect(v.reasons[1]!.code).toBe('MAU_ABOVE_PAU');
    expect(v.reasons[1]!.message).toContain('free student licences');
  });

  it('has no usage % without paid seats, and says why', () => {
    const v = usagePct({ paidAvailableUnits: 0, monthlyActiveUsers: 25 });
    expect(v.usagePct).toBeNull();
    expect(v.reasons[0]!.code).toBe('NO_PAID_SEATS');
  });
});

describe('bad seat counts are named errors, never NaN', () => {
  function issues(input: unknown): Array<{ path: string; message: string }> {
    try {
      usagePct(input as never);
    } catch (e) {
      expect(e).toBeInstanceOf(EngineInputError);
      return (e as EngineInputError).issues;
    }
    throw new Error('accepted');
  }
  it.each([
    [{ paidAvailableUnits: -1, monthlyActiveUsers: 0 }, 'paidAvailableUnits', 'cannot be negative, got -1'],
    [{ paidAvailableUnits: 10.5, monthlyActiveUsers: 0 }, 'paidAvailableUnits', 'must be a whole number of seats, got 10.5'],
    [{ paidAvailableUnits: Number.NaN, monthlyActiveUsers: 0 }, 'paidAvailableUnits', 'must be a number of seats'],
    [{ paidAvailableUnits: '12', monthlyActiveUsers: 0 }, 'paidAvailableUnits', 'must be a number of seats, got "12"'],
    [{ paidAvailableUnits: 10 }, 'monthlyActiveUsers', 'is required'],
    [{ paidAvailableUnits: 10, monthlyActiveUsers: 1, segmnet: 'Education' }, 'segmnet', 'is not a field this accepts'],
    [{ paidAvailableUnits: 10, monthlyActiveUsers: 1, segment: 'Schools' }, 'segment', 'is not a known segment'],
  ])('%j -> %s', (input, path, message) => {
    const found = issues(input);
    expect(found[0]!.path).toBe(path);
    expect(found[0]!.message).toContain(message);
  });
});

describe('usage % in the eligibility verdict', () => {
  it('flags MAU above PAU without failing', () => {
    const v = verdict({ paidAvailableUnits: 200, monthlyActiveUsers: 20, segment: 'Education' });
    expect(v.eligible).toBe(true);
    const capped = verdict({ paidAvailableUnits: 200, monthlyActiveUsers: 260, segment: 'Education' });
    expect(capped.usagePct).toBe(100);
    expect(codes(capped.reasons)).toContain('MAU_ABOVE_PAU');
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
