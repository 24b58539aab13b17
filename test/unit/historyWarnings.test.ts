/** What an import warns about in a usage history (shared/historyWarnings.ts), worked by hand. */
import { historyWarnings } from '../../shared';

const m = (month: string, pau: number, mau: number, line?: number) => ({ month, paidAvailableUnits: pau, monthlyActiveUsers: mau, ...(line === undefined ? {} : { line }) });

describe('history warnings', () => {
  it('MAU above PAU: only PAU count, and whether the month raises the HWM', () => {
    // Stored: 2026-07 at 300 active users (counts: 400 seats >= 150).
    const w = historyWarnings('Intune', [m('2026-07', 400, 300), m('2026-08', 250, 280, 2), m('2026-09', 400, 500, 3), m('2026-10', 100, 120, 4)], 150);
    expect(w.map((x) => [x.line, x.kind, x.message])).toEqual([
      [2, 'mau-above-pau', 'Intune 2026-08: MAU 280 is above PAU 250; only 250 count as paid active users and the HWM stays 300'],
      [3, 'mau-above-pau', 'Intune 2026-09: MAU 500 is above PAU 400; only 400 count as paid active users and this month would raise the HWM from 300 to 400'],
      [4, 'mau-above-pau', 'Intune 2026-10: MAU 120 is above PAU 100; only 100 count as paid active users and the month does not count (PAU below the 150 seat minimum), so it leaves the HWM at 400'],
      [4, 'pau-fell-by-half', 'Intune: PAU fell from 400 in 2026-09 to 100 in 2026-10 (by 75%): check the file, or whether the customer cancelled seats'],
    ]);
  });

  it('PAU falling by exactly half is not warned; by more is', () => {
    expect(historyWarnings('Teams', [m('2026-09', 1000, 10, 2), m('2026-10', 500, 10, 3)], 300)).toEqual([]);
    expect(historyWarnings('Teams', [m('2026-09', 1000, 10, 2), m('2026-10', 499, 10, 3)], 300).map((x) => x.kind)).toEqual(['pau-fell-by-half']);
  });

  it('months missing between two months, on the line after the gap; none when the gap is between stored months only', () => {
    const w = historyWarnings('Teams', [m('2026-03', 500, 10), m('2026-04', 500, 10), m('2026-07', 500, 10, 5), m('2026-09', 500, 10, 6)], 300);
    expect(w.map((x) => [x.line, x.message])).toEqual([
      [5, 'Teams: 2026-05, 2026-06 are missing between 2026-04 and 2026-07: their usage is not in the HWM (if it was higher, the HWM is understated)'],
      [6, 'Teams: 2026-08 is missing between 2026-07 and 2026-09: their usage is not in the HWM (if it was higher, the HWM is understated)'],
    ]);
    expect(historyWarnings('Teams', [m('2026-01', 500, 10), m('2026-04', 500, 10), m('2026-05', 500, 10, 2)], 300)).toEqual([]);
  });

  it('a file month replaces the stored month of the same month', () => {
    expect(historyWarnings('Teams', [m('2026-09', 1000, 10), m('2026-09', 1000, 2000, 2)], 300).map((x) => x.kind)).toEqual(['mau-above-pau']);
  });
});
