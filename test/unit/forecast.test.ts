/**
 * The forecast (shared/forecast.ts) on histories with known trends: each figure below is
 * worked out by hand in the comment beside it.
 */
import { forecastUsage, projectUsage, REASON_PARAMS, type ForecastInput, type UsageMonth } from '../../shared';
import { addMonthsToMonth } from '../../shared/dates';
import { prng } from '../../dev/support/generateWorkloads';

/** Months from `first`, one per MAU given, at `pau` seats (or a PAU per month). */
function months(first: string, maus: number[], pau: number | number[] = 1000): UsageMonth[] {
  return maus.map((m, i) => ({ month: addMonthsToMonth(first, i), paidAvailableUnits: Array.isArray(pau) ? pau[i]! : pau, monthlyActiveUsers: m }));
}

/** Security usage FY26 at 1,000 seats (band M): milestone 1 at 150 users pays $4,000, milestone 2 at 400 users $6,000. */
function input(history: UsageMonth[], over: Partial<ForecastInput> = {}): ForecastInput {
  return {
    history,
    asOfDate: '2026-06-30',
    programYearEnd: '2026-09-30',
    activeUsers: history[history.length - 1]?.monthlyActiveUsers ?? 0,
    milestones: [
      { number: 1, usagePct: 15, activeUsersNeeded: 150, amountCents: 400000 },
      { number: 2, usagePct: 40, activeUsersNeeded: 400, amountCents: 600000 },
    ],
    currency: 'USD',
    ...over,
  };
}

const codes = (f: { reasons: Array<{ code: string }> }) => f.reasons.map((r) => r.code);

describe('forecast: known trends', () => {
  it('linear growth: +10 users a month from 90 (2026-01) reaches 150 in 2026-07, exactly, with certainty high', () => {
    // t = 0..5 (2026-01..06): 90..140; the line is 90 + 10 t, so 150 at t = 6 (2026-07); 400 at t = 31, after 2026-09.
    const f = projectUsage(input(months('2026-01', [90, 100, 110, 120, 130, 140])));
    expect(f).toMatchObject({ projected: true, window: { from: '2026-01', to: '2026-06', months: 6 }, trendPerMonth: 10, residualUsers: 0, certainty: 'high' });
    expect(f.milestones).toEqual([
      expect.objectContaining({ number: 1, status: 'expected', expectedMonth: '2026-07', earliestMonth: '2026-07', latestMonth: '2026-07' }),
      expect.objectContaining({ number: 2, status: 'not-within-program-year', expectedMonth: null, earliestMonth: null, latestMonth: null }),
    ]);
    // Only milestone 1 ($4,000 at band M) is reached by 2026-09-30.
    expect(f.projectedEarnings).toEqual({ expectedCents: 400000, lowCents: 400000, highCents: 400000, currency: 'USD' });
    expect(codes(f)).toEqual(['FORECAST_TREND', 'FORECAST_MILESTONE_EXPECTED', 'FORECAST_MILESTONE_NOT_WITHIN_YEAR', 'FORECAST_EARNINGS']);
    expect(f.reasons[0]!.message).toBe('Least-squares trend of MAU over 6 months (2026-01 to 2026-06): +10 active users a month, residuals of 0 users (certainty high).');
    expect(f.reasons[1]!.message).toBe('Milestone 1 (15%, 150 active users) is expected in 2026-07.');
    expect(f.reasons[2]!.message).toBe('Milestone 2 (40%, 400 active users) is not expected within the program year ending 2026-09-30.');
    expect(f.reasons[3]!.message).toBe('Projected earnings from milestones reached by 2026-09-30: $4,000.00 (from $4,000.00 to $4,000.00).');
  });

  it('only the last 6 months are fitted: an older slow start does not slow the trend', () => {
    const f = projectUsage(input(months('2025-10', [10, 10, 10, 90, 100, 110, 120, 130, 140])));
    expect(f.window).toEqual({ from: '2026-01', to: '2026-06', months: 6 });
    expect(f.milestones[0]!.expectedMonth).toBe('2026-07');
  });

  it('a noisy trend: the range comes from the residuals', () => {
    // y = 100, 110, 130, 140 at t = 0..3: n = 4, st = 6, stt = 14, sy = 480, sty = 790;
    // slope = (4*790 - 6*480) / (4*14 - 36) = 280 / 20 = 14, intercept (480 - 14*6) / 4 = 99.
    // Fitted 99, 113, 127, 141: residuals 1, -3, 3, -1, so s = sqrt(20 / 2) = 3.16 and 2s = 6.32.
    // 170 users: 99 + 14 t >= 170 at t = 6 (2026-07); high line at t = 5 (2026-06); low line at t = 6.
    const f = projectUsage(input(months('2026-01', [100, 110, 130, 140]), { asOfDate: '2026-04-30', milestones: [{ number: 1, usagePct: 17, activeUsersNeeded: 170, amountCents: 100000 }] }));
    expect(f).toMatchObject({ trendPerMonth: 14, residualUsers: 3.2, certainty: 'high' }); // 2s = 6.32 users is under one month of trend (14)
    expect(f.milestones[0]).toMatchObject({ expectedMonth: '2026-07', earliestMonth: '2026-06', latestMonth: '2026-07' });
    expect(f.reasons[1]!.message).toBe('Milestone 1 (17%, 170 active users) is expected in 2026-07 (between 2026-06 and 2026-07).');
  });

  it('certainty falls as the residuals grow against the trend', () => {
    // y = 100, 130, 110, 150, 120, 160: slope 8.57, s = 16.0, 2s = 32.1 users = 3.7 months of trend: low.
    const f = projectUsage(input(months('2026-01', [100, 130, 110, 150, 120, 160])));
    expect(f.certainty).toBe('low');
    const m1 = f.milestones[0]!;
    expect(m1.earliestMonth! <= m1.expectedMonth!).toBe(true);
  });

  it('flat usage: no milestone within the program year, nothing projected to earn', () => {
    const f = projectUsage(input(months('2026-01', [100, 100, 100, 100, 100, 100])));
    expect(f).toMatchObject({ projected: true, trendPerMonth: 0, certainty: 'high' });
    expect(f.milestones.map((m) => m.status)).toEqual(['not-within-program-year', 'not-within-program-year']);
    expect(f.projectedEarnings).toMatchObject({ expectedCents: 0, lowCents: 0, highCents: 0 });
  });

  it('falling usage: a negative trend, no milestone expected', () => {
    const f = projectUsage(input(months('2026-01', [140, 130, 120, 110, 100, 90])));
    expect(f.trendPerMonth).toBe(-10);
    expect(f.milestones.every((m) => m.status === 'not-within-program-year')).toBe(true);
    expect(f.reasons[0]!.message).toContain(': -10 active users a month');
  });

  it('a milestone usage has reached already is reported as reached, not forecast', () => {
    const f = projectUsage(input(months('2026-01', [150, 160, 170, 180, 190, 200]), { activeUsers: 200 }));
    expect(f.milestones[0]).toMatchObject({ number: 1, status: 'reached', expectedMonth: null });
    // Milestone 2: 150 + 10 t >= 400 at t = 25: not within the year.
    expect(f.milestones[1]).toMatchObject({ number: 2, status: 'not-within-program-year' });
  });

  it('a seat purchase: the milestone moves to the users needed at the new PAU; the MAU trend carries on', () => {
    // Security usage FY27 (2026-10-01 to 2027-09-30). PAU 200 until 2026-12, then 1,000 (band M).
    // MAU 40..90, +10 a month: at 1,000 seats milestone 1 needs 150 users, reached at t = 11 (2027-09).
    const history = months('2026-10', [40, 50, 60, 70, 80, 90], [200, 200, 200, 1000, 1000, 1000]);
    const f = forecastUsage({ programId: 'security-usage', asOfDate: '2027-03-31', workload: 'MDE', paidAvailableUnits: 1000, monthlyActiveUsers: 90, usageHistory: history });
    expect(f.projected).toBe(true);
    expect(f.milestones[0]).toMatchObject({ number: 1, activeUsersNeeded: 150, amountCents: 400000, status: 'expected', expectedMonth: '2027-09' });
    expect(f.milestones[1]).toMatchObject({ number: 2, activeUsersNeeded: 400, status: 'not-within-program-year' });
    expect(f.projectedEarnings?.expectedCents).toBe(400000);
    // Before the purchase, at 200 seats, milestone 1 needed 30 users: it was reached already.
    const before = forecastUsage({ programId: 'security-usage', asOfDate: '2026-12-31', workload: 'MDE', paidAvailableUnits: 200, monthlyActiveUsers: 60, usageHistory: history.slice(0, 3) });
    expect(before.milestones.map((m) => m.number)).toEqual([2]); // milestone 1 (30 users) is no longer earnable: usage passed it
  });

  it('every forecast reason carries params of its declared shape', () => {
    const fs = [projectUsage(input(months('2026-01', [90, 100, 110, 120, 130, 140]))), projectUsage(input(months('2026-05', [90]))), projectUsage(input(months('2026-01', [90, 100, 110])))];
    for (const f of fs) for (const r of f.reasons) expect(REASON_PARAMS[r.code].safeParse(r.params).success).toBe(true);
  });
});

describe('forecast: histories it cannot project, and why', () => {
  it('one month', () => {
    const f = projectUsage(input(months('2026-06', [100])));
    expect(f).toMatchObject({ projected: false, trendPerMonth: null, projectedEarnings: null });
    expect(f.reasons.map((r) => [r.code, r.message])).toEqual([['FORECAST_NOT_POSSIBLE', 'No forecast: 1 month of usage up to 2026-06; a trend needs at least 3 consecutive months.']]);
  });

  it('no history at all', () => {
    expect(projectUsage(input([])).reasons[0]!.message).toBe('No forecast: 0 months of usage up to 2026-06; a trend needs at least 3 consecutive months.');
  });

  it('a gap leaves too few consecutive months', () => {
    const history = [...months('2026-01', [80, 90]), ...months('2026-05', [120, 130])];
    const f = projectUsage(input(history));
    expect(f.projected).toBe(false);
    expect(f.reasons[0]!.params).toEqual({ monthsUsed: 2, monthsNeeded: 3, asOfMonth: '2026-06', missingMonth: '2026-04' });
    expect(f.reasons[0]!.message).toBe("No forecast: 2026-04 is missing from the usage history, leaving 2 consecutive months after it; a trend needs at least 3. Add 2026-04's usage.");
  });

  it('a gap before 3 consecutive months: the months after it are used', () => {
    const history = [...months('2025-12', [10]), ...months('2026-04', [120, 130, 140])];
    expect(projectUsage(input(history))).toMatchObject({ projected: true, window: { from: '2026-04', to: '2026-06', months: 3 } });
  });

  it('a history that stops months before the as-of date', () => {
    const f = projectUsage(input(months('2025-10', [90, 100, 110, 120]), { asOfDate: '2026-06-30' }));
    expect(f.projected).toBe(false);
    expect(f.reasons[0]!.message).toBe('No forecast: the latest month of usage is 2026-01, 5 months before 2026-06 (at most 2 allowed); add the recent months.');
  });

  it('months after the as-of date are not used', () => {
    const f = projectUsage(input(months('2026-01', [90, 100, 110, 120, 130, 140, 500, 600]), { asOfDate: '2026-06-15', activeUsers: 140 }));
    expect(f.window?.to).toBe('2026-06');
    expect(f.milestones[0]!.expectedMonth).toBe('2026-07');
  });
});

describe('forecast: more usage never makes it later', () => {
  const monthIndex = (m: string | null) => (m === null ? Infinity : Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)));

  it('extra users that stay (never fewer extra from one month to the next) never move a milestone later or earnings down', () => {
    const random = prng(17);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    for (let run = 0; run < 2000; run++) {
      const n = int(3, 8);
      const start = int(20, 200);
      const maus = Array.from({ length: n }, () => 0).map((_, i) => Math.max(0, start + i * int(-20, 40) + int(-15, 15)));
      // Extra users: a non-decreasing, non-negative sequence (steps that stay).
      let extra = 0;
      const more = maus.map((m) => m + (extra += random() < 0.5 ? int(0, 30) : 0));
      const first = addMonthsToMonth('2026-06', -(n - 1));
      const a = projectUsage(input(months(first, maus), { activeUsers: maus[n - 1]! }));
      const b = projectUsage(input(months(first, more), { activeUsers: more[n - 1]! }));
      for (const ma of a.milestones) {
        const mb = b.milestones.find((x) => x.number === ma.number)!;
        const when = (m: typeof ma) => (m.status === 'reached' ? -Infinity : monthIndex(m.expectedMonth));
        if (when(mb) > when(ma)) throw new Error(`later with more usage: ${JSON.stringify({ maus, more, ma, mb })}`);
      }
      const earned = (f: typeof a) => (f.projectedEarnings?.expectedCents ?? 0) + f.milestones.filter((m) => m.status === 'reached').reduce((s, m) => s + m.amountCents, 0);
      expect(earned(b)).toBeGreaterThanOrEqual(earned(a));
    }
  });
});
