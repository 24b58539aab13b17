import fc from 'fast-check';
import { paidSummary, sumDistinctEarnings, type Earning } from '../../shared';
import { earningRow } from '../support/earningRow';

const earning = (earningKey: string, amountUsdCents: number, over: Partial<Earning> = {}): Earning => earningRow(earningKey, '2025-03', amountUsdCents, over);

describe('sum of distinct earnings', () => {
  it('counts an earning repeated on several transaction rows once', () => {
    // e1 appears on three rows (one per transaction), e2 on one: 300 + 50 dollars, not 950.
    expect(sumDistinctEarnings([earning('e1', 30000), earning('e1', 30000), earning('e2', 5000), earning('e1', 30000)])).toBe(35000);
  });

  it('does not count reversed, rejected or failed earnings as paid', () => {
    expect(
      sumDistinctEarnings([earning('e1', 30000, { paymentStatus: 'Reversed' }), earning('e2', 5000, { paymentStatus: 'Rejected during review' }), earning('e3', 700, { paymentStatus: 'Upcoming' })]),
    ).toBe(700);
  });

  it('adds up by month and by milestone', () => {
    const s = paidSummary([earning('a', 100, { month: '2025-01', milestone: 1 }), earning('b', 200, { month: '2025-02', milestone: 1 }), earning('a', 100, { month: '2025-01', milestone: 1 })]);
    expect([s.totalCents, s.byMonth.get('2025-01'), s.byMonth.get('2025-02'), s.byMilestone.get(1)]).toEqual([300, 100, 200, 300]);
  });

  it('is invariant to row order and duplication (property)', () => {
    const rows = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), cents: fc.integer({ min: -1e9, max: 1e9 }) }), { selector: (r) => r.id, maxLength: 40 });
    fc.assert(
      fc.property(rows, fc.array(fc.nat(), { maxLength: 80 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (distinct, duplicates, order) => {
        const base = distinct.map((r) => earning(r.id, r.cents));
        const expected = distinct.reduce((t, r) => t + r.cents, 0);
        const repeated = [...base, ...(base.length > 0 ? duplicates.map((i) => ({ ...base[i % base.length]! })) : [])];
        const shuffled = repeated
          .map((e) => ({ e, k: order.next().value as number }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        return sumDistinctEarnings(shuffled) === expected && paidSummary(shuffled).totalCents === expected;
      }),
    );
  });
});
