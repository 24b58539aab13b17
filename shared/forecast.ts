/**
 * When will each earnable milestone be reached? A projection of MAU from the workload's usage
 * history, by a method a reviewer can check by hand:
 *
 * - the window: the last 6 consecutive months of usage up to the as-of month (at least 3;
 *   a gap ends the window, so months before a missing month are not used);
 * - the trend: the ordinary least-squares line of MAU over the window's months (t = 0, 1, ...);
 * - the expected month of a milestone: the first month after the window (and not before the
 *   as-of month) whose trend value reaches the milestone's active users at today's PAU,
 *   decided in exact integer arithmetic (no rounding before deciding);
 * - how sure: the residual standard deviation s = sqrt(sum of squared residuals / (n - 2));
 *   the range of a milestone's month is where the trend plus or minus 2s reaches it; the
 *   certainty is high when 2s is at most one month of trend, medium at most three, else low;
 * - the projected earnings: the amounts (at today's band) of the milestones expected by the
 *   end of the program year, with the same sum for the low and high lines.
 *
 * Why "more usage never makes the forecast later" holds for extra users that stay (the extra
 * never shrinks from one month to the next), and cannot hold for any trend for every kind of
 * extra: a higher early month means slower growth. Extra users that stay are a sum of steps
 * "c more users from month k on"; a step adds c * (sum of the weights of months k..n-1) to
 * every future trend value, and that sum is never negative (a tail of centred indices sums to
 * at least 0), so no projected value falls. The property test in test/unit/forecast.test.ts
 * checks it on random histories.
 *
 * Pure: the as-of date is an argument.
 */
import { addMonthsToMonth, monthOf } from './dates';
import { eligibilityFrom, type EligibilityVerdict } from './eligibility';
import { parseWith } from './errors';
import { contextFor, WorkloadFactsSchema, type WorkloadContext, type WorkloadFactsInput } from './facts';
import { formatCount, formatMoney, plural } from './format';
import type { UsageMonth } from './highWaterMark';
import { defaultCatalog, type Catalog } from './programs/catalog';
import { reason, type Reason } from './reasons';

/** Months of the window at most, and at least. */
export const FORECAST_WINDOW_MONTHS = 6;
export const FORECAST_MIN_MONTHS = 3;
/** The latest month of usage may be at most this many months before the as-of month. */
export const FORECAST_MAX_STALE_MONTHS = 2;
/** The range is the trend plus or minus this many residual standard deviations. */
export const FORECAST_RANGE_SDS = 2;

export const FORECAST_METHOD =
  'least-squares linear trend of MAU over the last 6 consecutive months of usage (at least 3), milestone months decided exactly; range: the trend plus or minus 2 residual standard deviations';

export type ForecastCertainty = 'high' | 'medium' | 'low';
export type MilestoneForecastStatus = 'reached' | 'expected' | 'not-within-program-year';

export interface ForecastMilestoneInput {
  number: number;
  usagePct: number;
  /** Active users needed at today's PAU. */
  activeUsersNeeded: number;
  /** What it pays at today's band, in cents. */
  amountCents: number;
}

export interface MilestoneForecast extends ForecastMilestoneInput {
  status: MilestoneForecastStatus;
  /** The month the trend reaches it (null when not within the program year, or reached already). */
  expectedMonth: string | null;
  /** The range: the month the high line reaches it, and the month the low line does (null: not within the program year). */
  earliestMonth: string | null;
  latestMonth: string | null;
}

export interface Forecast {
  method: string;
  /** False when the history cannot be projected (too short, a gap, too old): the reasons say why. */
  projected: boolean;
  /** The months the trend was fitted on. */
  window: { from: string; to: string; months: number } | null;
  /** Users per month (rounded to 0.1 for reading; decisions use the exact fit). */
  trendPerMonth: number | null;
  /** The residual standard deviation, in users (rounded to 0.1). */
  residualUsers: number | null;
  certainty: ForecastCertainty | null;
  programYearEnd: string;
  milestones: MilestoneForecast[];
  /** Amounts of the milestones expected by the end of the program year, in cents: on the trend, the low line and the high line. */
  projectedEarnings: { expectedCents: number; lowCents: number; highCents: number; currency: string } | null;
  reasons: Reason[];
}

export interface ForecastInput {
  history: readonly UsageMonth[];
  asOfDate: string;
  programYearEnd: string;
  /** Active users counted today (MAU within PAU). */
  activeUsers: number;
  /** The milestones still earnable, with their users needed and amounts. */
  milestones: readonly ForecastMilestoneInput[];
  currency: string;
}

/** The trailing run of consecutive months up to the as-of month, at most the window's length. */
function windowOf(history: readonly UsageMonth[], asOfMonth: string): { months: UsageMonth[]; gapBefore: string | null } {
  const upTo = history.filter((m) => m.month <= asOfMonth);
  const months: UsageMonth[] = [];
  let gapBefore: string | null = null;
  for (let i = upTo.length - 1; i >= 0 && months.length < FORECAST_WINDOW_MONTHS; i--) {
    const m = upTo[i]!;
    const next = months[0];
    if (next !== undefined && addMonthsToMonth(m.month, 1) !== next.month) {
      gapBefore = addMonthsToMonth(next.month, -1);
      break;
    }
    months.unshift(m);
  }
  return { months, gapBefore };
}

/** Months from `a` to `b` (b - a). */
function monthDiff(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Project usage and the months the milestones will be reached.
 * @example projectUsage({ history: [{ month: '2026-01', paidAvailableUnits: 1000, monthlyActiveUsers: 100 },
 *   { month: '2026-02', ..., monthlyActiveUsers: 110 }, { month: '2026-03', ..., monthlyActiveUsers: 120 }],
 *   asOfDate: '2026-03-31', programYearEnd: '2026-09-30', activeUsers: 120,
 *   milestones: [{ number: 1, usagePct: 15, activeUsersNeeded: 150, amountCents: 400000 }], currency: 'USD' })
 *   .milestones[0].expectedMonth // => '2026-06' (120 + 3 * 10 = 150)
 */
export function projectUsage(input: ForecastInput): Forecast {
  const { history, asOfDate, programYearEnd, currency } = input;
  const asOfMonth = monthOf(asOfDate);
  const endMonth = monthOf(programYearEnd);
  const base = { method: FORECAST_METHOD, programYearEnd };
  const reached = (m: ForecastMilestoneInput): MilestoneForecast => ({ ...m, status: 'reached', expectedMonth: null, earliestMonth: null, latestMonth: null });
  const open = input.milestones.filter((m) => input.activeUsers < m.activeUsersNeeded);
  const done = input.milestones.filter((m) => input.activeUsers >= m.activeUsersNeeded).map(reached);

  const { months, gapBefore } = windowOf(history, asOfMonth);
  const latest = months[months.length - 1];
  const cannot = (why: Reason): Forecast => ({
    ...base,
    projected: false,
    window: latest ? { from: months[0]!.month, to: latest.month, months: months.length } : null,
    trendPerMonth: null,
    residualUsers: null,
    certainty: null,
    milestones: [...done, ...open.map((m): MilestoneForecast => ({ ...m, status: 'expected', expectedMonth: null, earliestMonth: null, latestMonth: null }))],
    projectedEarnings: null,
    reasons: [why],
  });
  const stale = latest === undefined ? 0 : monthDiff(latest.month, asOfMonth);
  if (latest !== undefined && stale > FORECAST_MAX_STALE_MONTHS) {
    return cannot(
      reason(
        'FORECAST_NOT_POSSIBLE',
        { asOfMonth, latestMonth: latest.month, monthsOld: stale, maxMonthsOld: FORECAST_MAX_STALE_MONTHS },
        () =>
          `No forecast: the latest month of usage is ${latest.month}, ${plural(stale, 'month', 'months')} before ${asOfMonth} (at most ${FORECAST_MAX_STALE_MONTHS} allowed); add the recent months.`,
      ),
    );
  }
  if (latest === undefined || months.length < FORECAST_MIN_MONTHS) {
    const n = months.length;
    return cannot(
      gapBefore === null
        ? reason(
            'FORECAST_NOT_POSSIBLE',
            { monthsUsed: n, monthsNeeded: FORECAST_MIN_MONTHS, asOfMonth },
            () => `No forecast: ${plural(n, 'month', 'months')} of usage up to ${asOfMonth}; a trend needs at least ${FORECAST_MIN_MONTHS} consecutive months.`,
          )
        : reason(
            'FORECAST_NOT_POSSIBLE',
            { monthsUsed: n, monthsNeeded: FORECAST_MIN_MONTHS, asOfMonth, missingMonth: gapBefore },
            () =>
              `No forecast: ${gapBefore} is missing from the usage history, leaving ${plural(n, 'consecutive month', 'consecutive months')} after it; a trend needs at least ${FORECAST_MIN_MONTHS}. Add ${gapBefore}'s usage.`,
          ),
    );
  }

  // Least squares over t = 0..n-1, in integers: slope = sxy / sxx, value(t) = (sy * sxx + sxy * (n * t - st)) / (n * sxx).
  const n = months.length;
  let st = 0;
  let stt = 0;
  let sy = 0;
  let sty = 0;
  months.forEach((m, t) => {
    st += t;
    stt += t * t;
    sy += m.monthlyActiveUsers;
    sty += t * m.monthlyActiveUsers;
  });
  const sxx = n * stt - st * st;
  const sxy = n * sty - st * sy;
  const numerator = (t: number) => sy * sxx + sxy * (n * t - st);
  const denominator = n * sxx;
  const value = (t: number) => numerator(t) / denominator;
  let ssr = 0;
  months.forEach((m, t) => (ssr += (m.monthlyActiveUsers - value(t)) ** 2));
  const s = Math.sqrt(ssr / (n - 2));
  const slope = sxy / sxx;
  const spread = FORECAST_RANGE_SDS * s;
  const monthsOfSpread = slope > 0 ? spread / slope : spread === 0 ? 0 : Infinity;
  const certainty: ForecastCertainty = monthsOfSpread <= 1 ? 'high' : monthsOfSpread <= 3 ? 'medium' : 'low';

  // Months searched: after the window, from the as-of month, to the end of the program year.
  const first = Math.max(n, n + monthDiff(latest.month, asOfMonth));
  const last = n - 1 + monthDiff(latest.month, endMonth);
  const monthAt = (t: number) => addMonthsToMonth(months[0]!.month, t);
  const firstExact = (needed: number): number | null => {
    for (let t = first; t <= last; t++) if (numerator(t) >= needed * denominator) return t;
    return null;
  };
  const firstWith = (needed: number, shift: number): number | null => {
    for (let t = first; t <= last; t++) if (value(t) + shift >= needed) return t;
    return null;
  };
  const forecasts: MilestoneForecast[] = [...done];
  let expectedCents = 0;
  let lowCents = 0;
  let highCents = 0;
  const milestoneReasons: Reason[] = [];
  for (const m of open) {
    const t = firstExact(m.activeUsersNeeded);
    const early = firstWith(m.activeUsersNeeded, spread);
    const late = firstWith(m.activeUsersNeeded, -spread);
    const f: MilestoneForecast = {
      ...m,
      status: t === null ? 'not-within-program-year' : 'expected',
      expectedMonth: t === null ? null : monthAt(t),
      earliestMonth: early === null ? null : monthAt(early),
      latestMonth: late === null ? null : monthAt(late),
    };
    forecasts.push(f);
    if (t !== null) expectedCents += m.amountCents;
    if (late !== null) lowCents += m.amountCents;
    if (early !== null) highCents += m.amountCents;
    const range = f.earliestMonth === f.latestMonth ? '' : ` (between ${f.earliestMonth} and ${f.latestMonth ?? `after ${programYearEnd}`})`;
    milestoneReasons.push(
      f.expectedMonth !== null
        ? reason(
            'FORECAST_MILESTONE_EXPECTED',
            { milestone: m.number, milestonePct: m.usagePct, activeUsersNeeded: m.activeUsersNeeded, expectedMonth: f.expectedMonth, earliestMonth: f.earliestMonth, latestMonth: f.latestMonth },
            () => `Milestone ${m.number} (${m.usagePct}%, ${formatCount(m.activeUsersNeeded)} active users) is expected in ${f.expectedMonth}${range}.`,
          )
        : reason(
            'FORECAST_MILESTONE_NOT_WITHIN_YEAR',
            { milestone: m.number, milestonePct: m.usagePct, activeUsersNeeded: m.activeUsersNeeded, programYearEnd, earliestMonth: f.earliestMonth },
            () =>
              `Milestone ${m.number} (${m.usagePct}%, ${formatCount(m.activeUsersNeeded)} active users) is not expected within the program year ending ${programYearEnd}${f.earliestMonth === null ? '' : ` (at best in ${f.earliestMonth})`}.`,
          ),
    );
  }
  const trend = round1(slope);
  const residual = round1(s);
  const from = months[0]!.month;
  const trendReason = reason(
    'FORECAST_TREND',
    { monthsUsed: n, from, to: latest.month, trendPerMonth: trend, residualUsers: residual, certainty },
    () =>
      `Least-squares trend of MAU over ${plural(n, 'month', 'months')} (${from} to ${latest.month}): ${trend >= 0 ? '+' : ''}${trend} active users a month, residuals of ${residual} users (certainty ${certainty}).`,
  );
  const earningsReason =
    open.length === 0
      ? []
      : [
          reason(
            'FORECAST_EARNINGS',
            { expectedCents, lowCents, highCents, programYearEnd },
            () =>
              `Projected earnings from milestones reached by ${programYearEnd}: ${formatMoney(expectedCents, currency)} (from ${formatMoney(lowCents, currency)} to ${formatMoney(highCents, currency)}).`,
          ),
        ];
  return {
    ...base,
    projected: true,
    window: { from, to: latest.month, months: n },
    trendPerMonth: trend,
    residualUsers: residual,
    certainty,
    milestones: forecasts.sort((a, b) => a.number - b.number),
    projectedEarnings: { expectedCents, lowCents, highCents, currency },
    reasons: [trendReason, ...milestoneReasons, ...earningsReason],
  };
}

/**
 * The forecast of an evaluated workload: its history, the milestones its verdict says are
 * still earnable, the end of its program year. Per-user programs have no milestones: the
 * trend is given, and no earnings are projected (their rate depends on the market).
 */
export function forecastFrom(ctx: WorkloadContext, verdict: EligibilityVerdict): Forecast {
  return projectUsage({
    history: ctx.history,
    asOfDate: ctx.facts.asOfDate,
    programYearEnd: ctx.program.programYear.end,
    activeUsers: ctx.usage.countedActiveUsers,
    milestones: verdict.eligible ? verdict.earnableMilestones : [],
    currency: ctx.program.currency,
  });
}

/**
 * The forecast of a workload's facts (with `usageHistory`), validated.
 * @example forecastUsage({ programId: 'security-usage', asOfDate: '2026-03-31', workload: 'MDE', paidAvailableUnits: 1000,
 *   monthlyActiveUsers: 120, usageHistory: [...] }).milestones[0].expectedMonth // => '2026-06'
 */
export function forecastUsage(input: WorkloadFactsInput, catalog: Catalog = defaultCatalog): Forecast {
  const facts = parseWith(WorkloadFactsSchema, input);
  const ctx = contextFor(catalog, facts);
  return forecastFrom(ctx, eligibilityFrom(catalog, ctx));
}
