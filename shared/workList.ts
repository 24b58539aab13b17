/**
 * This week's work: one line per thing to do across the tracked workloads, ranked by the money
 * at stake and then by the deadline. Each line comes from the same verdict, advice and forecast
 * the other answers give for the workload (never a second judgement):
 *
 * - claim-now: what a claim filed today can earn (the earnable milestones at today's band);
 *   deadline: the first day of the month the forecast expects the first earnable milestone
 *   (once usage reaches it before the claim, it can no longer be earned);
 * - re-claim: the milestones a new claim would make earnable again, at today's band;
 * - ask-for-exception: the milestones usage reached that the claim's baseline blocks;
 * - refresh-poe: no claim is filed yet and the POE acknowledgement is too old, or turns too
 *   old within the warning days: the amount a claim would earn; deadline: the last day it counts;
 * - program-year-ending: the program year ends within 30 days and a claim is still to file;
 * - earnings findings (missing earnings, dispute deadlines): supplied by the earnings
 *   reconciliation as `EarningsFinding`s and ranked with the rest (see `workList`).
 *
 * Per-user programs have no amount before the market is known: their lines carry a null
 * amount and rank after every line with one.
 */
import { claimAdviceFrom, poeTiming, type ClaimAdvice } from './claimAdvice';
import { daysBetween } from './dates';
import type { EligibilityVerdict } from './eligibility';
import type { WorkloadContext } from './facts';
import { forecastFrom, type Forecast } from './forecast';
import { formatMoney, plural } from './format';
import { PROGRAM_YEAR_ENDING_DAYS } from './nightlyChanges';
import type { Catalog } from './programs/catalog';
import { reasonsJson, type ReasonJson } from './reasons';

export const WORK_ACTIONS = ['claim-now', 're-claim', 'ask-for-exception', 'refresh-poe', 'program-year-ending', 'missing-earnings', 'dispute-deadline'] as const;
export type WorkAction = (typeof WORK_ACTIONS)[number];

/** The earnings kinds of the work list: found by reconciling earnings, not by the verdict. */
export const EARNINGS_ACTIONS = ['missing-earnings', 'dispute-deadline'] as const satisfies readonly WorkAction[];

export interface WorkLine {
  tenantId: string;
  customerName: string | null;
  workload: string;
  programId: string;
  action: WorkAction;
  /** The money at stake in cents, or null when the engine cannot tell (per-user rate unknown). */
  amountCents: number | null;
  currency: string;
  /** The date by which to act (ISO), or null when there is none. */
  deadline: string | null;
  /** The line in a sentence, with the amount and the deadline. */
  message: string;
  /** The reasons behind it (the advice's, and the forecast's where it sets the deadline). */
  reasons: ReasonJson[];
}

/** One evaluated tracked workload (from the one evaluator). */
export interface WorkItem {
  tenantId: string;
  workload: string;
  customerName?: string | undefined;
  context: WorkloadContext;
  verdict: EligibilityVerdict;
  /** The advice already given (a tracked record's, where its claim's status decides it); the engine's when absent. */
  advice?: ClaimAdvice;
}

/**
 * What the earnings reconciliation (not built yet) finds for a workload: money Microsoft did
 * not pay, or a dispute window closing. The work list ranks these lines with the others.
 */
export interface EarningsFinding {
  tenantId: string;
  workload: string;
  customerName?: string | undefined;
  programId: string;
  action: (typeof EARNINGS_ACTIONS)[number];
  amountCents: number;
  currency: string;
  deadline: string | null;
  message: string;
  reasons: ReasonJson[];
}

const ORDER: ReadonlyMap<WorkAction, number> = new Map(WORK_ACTIONS.map((a, i) => [a, i]));

/** Money at stake first (unknown last), then the nearest deadline (none last), then customer, workload and action. */
export function compareWorkLines(a: WorkLine, b: WorkLine): number {
  const am = a.amountCents ?? -1;
  const bm = b.amountCents ?? -1;
  if (am !== bm) return bm - am;
  if (a.deadline !== b.deadline) return a.deadline === null ? 1 : b.deadline === null ? -1 : a.deadline < b.deadline ? -1 : 1;
  const ac = a.customerName ?? a.tenantId;
  const bc = b.customerName ?? b.tenantId;
  if (ac !== bc) return ac < bc ? -1 : 1;
  if (a.workload !== b.workload) return a.workload < b.workload ? -1 : 1;
  return ORDER.get(a.action)! - ORDER.get(b.action)!;
}

/** The amounts of milestones (by number) at the workload's band today, or null for per-user programs. */
function amountOf(ctx: WorkloadContext, verdict: EligibilityVerdict, numbers: readonly number[]): number | null {
  const payout = ctx.program.payout;
  if (payout.style !== 'milestone') return null;
  const amounts = ctx.bandIndex >= 0 ? payout.amountsCents[verdict.sizeBand] : undefined;
  let sum = 0;
  for (const n of numbers) sum += amounts?.[n - 1] ?? 0;
  return sum;
}

const money = (cents: number | null, currency: string) => (cents === null ? 'an amount that depends on the market' : formatMoney(cents, currency));
const list = (numbers: readonly number[]) => numbers.join(' and ');

/** The forecast's first expected milestone, for a claim's deadline. */
function firstExpected(forecast: Forecast): { number: number; month: string } | null {
  const m = forecast.milestones.find((x) => x.status === 'expected' && x.expectedMonth !== null);
  return m ? { number: m.number, month: m.expectedMonth! } : null;
}

/** The work lines of one evaluated workload (none when there is nothing to do). */
export function workLinesOf(catalog: Catalog, item: WorkItem, advice: ClaimAdvice = item.advice ?? claimAdviceFrom(catalog, item.context, item.verdict)): WorkLine[] {
  const { context: ctx, verdict } = item;
  const { program, facts } = ctx;
  const base = { tenantId: item.tenantId, customerName: item.customerName ?? null, workload: item.workload, programId: program.id, currency: program.currency };
  const adviceReasons = reasonsJson(advice.reasons);
  const lines: WorkLine[] = [];
  const claimable = advice.action === 'claim-now' || (advice.action === 'refresh-poe' && !ctx.baseline.filed);
  const earnableNumbers = verdict.earnableMilestones.map((m) => m.number);
  const claimAmount = program.payout.style === 'milestone' ? verdict.earnableMilestones.reduce((s, m) => s + m.amountCents, 0) : null;

  let stakeForDeadlines: number | null = null;
  if (claimable) {
    const forecast = forecastFrom(ctx, verdict);
    const expected = firstExpected(forecast);
    stakeForDeadlines = claimAmount;
    if (advice.action === 'claim-now') {
      const what =
        claimAmount === null
          ? `${verdict.opportunityUnits ?? 0} opportunity units`
          : `${money(claimAmount, program.currency)} earnable (milestone${earnableNumbers.length > 1 ? 's' : ''} ${list(earnableNumbers)} at band ${verdict.sizeBand})`;
      const when = expected === null ? '' : ` Milestone ${expected.number} expected in ${expected.month}: claim before then.`;
      lines.push({
        ...base,
        action: 'claim-now',
        amountCents: claimAmount,
        deadline: expected === null ? null : `${expected.month}-01`,
        message: `Claim now: ${what}. Every active user added before the claim raises the baseline.${when}`,
        reasons: [...adviceReasons, ...reasonsJson(forecast.reasons)],
      });
    }
  }
  if (advice.action === 're-claim') {
    const main = advice.reasons[0]!;
    const numbers = main.is('RECLAIM_OPPORTUNITY') && 'milestones' in main.params ? main.params.milestones : [];
    const amount = amountOf(ctx, verdict, numbers);
    stakeForDeadlines = amount;
    lines.push({
      ...base,
      action: 're-claim',
      amountCents: amount,
      deadline: null,
      message: `Re-claim: a new claim makes milestone${numbers.length > 1 ? 's' : ''} ${list(numbers)} earnable again, ${money(amount, program.currency)} at band ${verdict.sizeBand}. ${main.message}`,
      reasons: adviceReasons,
    });
  }
  if (advice.action === 'ask-for-exception') {
    const main = advice.reasons[0]!;
    const numbers = main.is('EXCEPTION_OPPORTUNITY') ? main.params.milestones : [];
    const amount = amountOf(ctx, verdict, numbers);
    lines.push({
      ...base,
      action: 'ask-for-exception',
      amountCents: amount,
      deadline: null,
      message: `Ask for an exception: milestone${numbers.length > 1 ? 's' : ''} ${list(numbers)}, ${money(amount, program.currency)} at band ${verdict.sizeBand}. ${main.message}`,
      reasons: adviceReasons,
    });
  }
  // POE: it matters while a claim is still to file (it must be dated within the months before the claim).
  const poe = poeTiming(ctx);
  if (poe !== null && (poe.expired || poe.expiring) && (claimable || advice.action === 're-claim')) {
    lines.push({
      ...base,
      action: 'refresh-poe',
      amountCents: stakeForDeadlines,
      deadline: poe.expired ? facts.asOfDate : poe.lastValidDate,
      message: poe.expired
        ? `Refresh the POE now: the customer acknowledgement of ${facts.poeAcknowledgementDate} counted for claims filed up to ${poe.lastValidDate}; ${money(stakeForDeadlines, program.currency)} waits on a claim.`
        : `Refresh the POE before ${poe.lastValidDate}: the customer acknowledgement of ${facts.poeAcknowledgementDate} stops counting then (${plural(poe.daysLeft, 'day', 'days')} left), or claim before it; ${money(stakeForDeadlines, program.currency)} is at stake.`,
      reasons: adviceReasons,
    });
  }
  const daysLeft = daysBetween(facts.asOfDate, program.programYear.end);
  if (ctx.programActive && daysLeft >= 0 && daysLeft <= PROGRAM_YEAR_ENDING_DAYS && (claimable || advice.action === 're-claim')) {
    lines.push({
      ...base,
      action: 'program-year-ending',
      amountCents: stakeForDeadlines,
      deadline: program.programYear.end,
      message: `Program year ${program.name} ends on ${program.programYear.end} (${plural(daysLeft, 'day', 'days')} left): file the claim before it; ${money(stakeForDeadlines, program.currency)} is at stake.`,
      reasons: adviceReasons,
    });
  }
  return lines;
}

/**
 * The work list of evaluated workloads, with the earnings findings (none until earnings are
 * reconciled), ranked: money at stake, then deadline.
 * @example workList(catalog, items).map((l) => `${l.action} ${l.amountCents}`) // => ['claim-now 1000000', 're-claim 400000', ...]
 */
export function workList(catalog: Catalog, items: Iterable<WorkItem>, earnings: readonly EarningsFinding[] = []): WorkLine[] {
  const lines: WorkLine[] = [];
  for (const item of items) lines.push(...workLinesOf(catalog, item));
  for (const e of earnings) lines.push({ ...e, customerName: e.customerName ?? null });
  return lines.sort(compareWorkLines);
}
