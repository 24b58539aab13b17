import { addDaysIso, addMonthsIso, addMonthsToMonth, daysBetween, lastDayOf, monthsBetween } from '../../shared/dates';
import { addMonthsWithDateFns } from '../../shared/dates';
import { formatCount, formatMoney, formatPct } from '../../shared';

describe('calendar arithmetic', () => {
  it('addMonthsIso agrees with date-fns addMonths on every day of 2023-2025, for -25..25 months', () => {
    let day = '2023-01-01';
    let checked = 0;
    while (day < '2026-01-01') {
      for (const n of [-25, -12, -1, 0, 1, 11, 12, 13, 25]) {
        expect([day, n, addMonthsIso(day, n)]).toEqual([day, n, addMonthsWithDateFns(day, n)]);
        checked++;
      }
      day = addDaysIso(day, 1);
    }
    expect(checked).toBe(1096 * 9);
  });

  it.each([
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
  ])('addMonthsIso(%s, %i) = %s', (d, n, out) => expect(addMonthsIso(d, n)).toBe(out));

  it('months, days and month ends', () => {
    expect(addMonthsToMonth('2025-12', 1)).toBe('2026-01');
    expect(addMonthsToMonth('2025-01', -1)).toBe('2024-12');
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(daysBetween('2025-03-31', '2025-04-30')).toBe(30);
    expect(monthsBetween('2024-03-15', '2025-03-14')).toBe(12);
  });
});

describe('formatting in messages', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12500, '12,500'],
    [1234567, '1,234,567'],
    [-4500, '-4,500'],
  ])('formatCount(%i) = %s', (n, s) => expect(formatCount(n)).toBe(s));

  it('money is integer cents shown with two decimals', () => {
    expect(formatMoney(150000, 'USD')).toBe('$1,500.00');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(123456789, 'EUR')).toBe('€1,234,567.89');
    expect(formatMoney(100, 'CHF')).toBe('1.00 CHF');
  });

  it('percentages keep at most two decimals', () => {
    expect(formatPct(9.3)).toBe('9.3%');
    expect(formatPct(33.333333)).toBe('33.33%');
    expect(formatPct(15)).toBe('15%');
  });
});
