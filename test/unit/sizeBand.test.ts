import { sizeBand } from '../../shared';

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
    expect(v.reasons.map((r) => r.message)).toEqual([
      'PAU 1,200 is band M (1,000-2,499 seats).',
      '1,300 more paid seats move it to band L (2,500 seats).',
      // The shipped figures are examples, and the answer says so.
      "Amounts use example figures, not your program's; enter the figures of the current incentive guide (Security usage FY25 holds the examples shipped with the product).",
    ]);
    const top = sizeBand({ programId: 'security-usage-fy25', paidAvailableUnits: 12000 });
    expect(top).toMatchObject({ band: 'XXL', maxSeats: null, nextBand: null });
  });

  it('needs a date to pick the year of a program family', () => {
    expect(() => sizeBand({ programId: 'security-usage', paidAvailableUnits: 10 })).toThrow(/asOfDate: is required/);
    expect(sizeBand({ programId: 'security-usage', asOfDate: '2025-11-01', paidAvailableUnits: 10 }).band).toBe('XXS');
  });
});
