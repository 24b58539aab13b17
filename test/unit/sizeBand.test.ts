import { seatMinimum, sizeBand, usagePct, EngineInputError } from '../../shared';

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

  it('says how many seats are missing, with Partner Center\'s code', () => {
    const v = seatMinimum({ programId: 'security-usage-fy25', paidAvailableUnits: 10 });
    expect(v.reasons[0]!.toJSON()).toEqual({
      code: 'BELOW_SEAT_MINIMUM',
      partnerCenterCode: 'MINTHNTMT',
      message: 'PAU 10 is below the 150 seat minimum of Security usage FY25; 140 more paid seats make it eligible.',
      params: { paidAvailableUnits: 10, seatMinimum: 150, seatsToGo: 140 },
    });
  });
});

describe('size band (R2)', () => {
  it.each([
    [0, 'XXS'],
    [10, 'XXS'],
    [149, 'XXS'],
    [150, 'XS'],
    [499, 'XS'],
    [500, 'S'],
    [999, 'S'],
    [1000, 'M'],
    [2499, 'M'],
    [2500, 'L'],
    [4999, 'L'],
    [5000, 'XL'],
    [9999, 'XL'],
    [10000, 'XXL'],
    [250000, 'XXL'],
  ])('Security FY25 PAU %i is band %s', (pau, band) => {
    expect(sizeBand({ programId: 'security-usage-fy25', paidAvailableUnits: pau }).band).toBe(band);
  });

  it('below the Modern Work minimum of 300, 299 seats are XXS and 300 are XS', () => {
    expect(sizeBand({ programId: 'modern-work-usage-fy25', paidAvailableUnits: 299 }).band).toBe('XXS');
    expect(sizeBand({ programId: 'modern-work-usage-fy25', paidAvailableUnits: 300 }).band).toBe('XS');
  });

  it('gives the range and the seats to the next band', () => {
    const v = sizeBand({ programId: 'security-usage-fy25', paidAvailableUnits: 1200 });
    expect(v).toMatchObject({ band: 'M', minSeats: 1000, maxSeats: 2499, nextBand: { band: 'L', minSeats: 2500, seatsToGo: 1300 } });
    expect(v.reasons.map((r) => r.message)).toEqual(['PAU 1,200 is band M (1,000-2,499 seats).', '1,300 more paid seats move it to band L (2,500 seats).']);
    const top = sizeBand({ programId: 'security-usage-fy25', paidAvailableUnits: 12000 });
    expect(top).toMatchObject({ band: 'XXL', maxSeats: null, nextBand: null });
  });

  it('needs a date to pick the year of a program family', () => {
    expect(() => sizeBand({ programId: 'security-usage', paidAvailableUnits: 10 })).toThrow(/asOfDate: is required/);
    expect(sizeBand({ programId: 'security-usage', asOfDate: '2025-11-01', paidAvailableUnits: 10 }).band).toBe('XXS');
  });
});

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
