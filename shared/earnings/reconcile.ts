/**
 * Reconciliation: what the engine predicted for a tracked workload, month by month from its
 * claim's approval, against what Partner Center paid (distinct earnings) and the codes it gave
 * for what it did not pay. Each line gets a status, a sentence with the numbers, the likely
 * cause, and where a dispute is possible the date by which to raise it.
 *
 * - `matched`: paid within the tolerance of the prediction (the larger of $1 and 1%);
 * - `underpaid` / `overpaid`: paid, but less / more than that;
 * - `missing`: predicted, nothing paid, and the day earnings are available (the 16th of the
 *   next month) has passed; `pending`: before that day;
 * - `unexpected-ineligible`: Partner Center's code says nothing was earnable where our rules
 *   say it was (IVDCLD on a GCC tenant, PAULWPHWM where our prior HWM leaves room);
 * - `not-predicted`: paid where our rules say nothing was earnable (our program figures or facts
 *   are probably wrong);
 * - `claim-rejected` / `claim-action-required`: the claim itself needs the partner: a rejection
 *   to dispute within 30 days, or Partner Center's question to answer within 14 business days
 *   (claimLine, from shared/claimStatus.ts).
 *
 * Milestone programs are matched by milestone: an earning that names a milestone the engine
 * predicted counts on the month that reached it, whatever month Microsoft booked it in.
 */
import { claimDeadline, type ClaimFields } from '../claimStatus';
import { addMonthsToMonth, lastDayOf } from '../dates';
import { formatCount, formatMoney } from '../format';
import { INELIGIBLE_CODES, ineligibleMeaning } from './ineligibleCodes';
import { countedEarnings, supersededWords } from './enteredByHand';
import { countsAsPaid, type Earning } from './paidEarnings';

export const RECONCILIATION_STATUSES = ['matched', 'underpaid', 'overpaid', 'missing', 'pending', 'unexpected-ineligible', 'not-predicted', 'claim-rejected', 'claim-action-required'] as const;
export type ReconciliationStatus = (typeof RECONCILIATION_STATUSES)[number];

/**
 * Days a dispute stays open. Partner Center documents 90 days for a public-sector
 * ineligibility (CUSPUBSEC); the product holds every other payment dispute to the same window,
 * counted from the day the earnings were due, so nothing is left to the last day.
 */
export const DISPUTE_WINDOW_DAYS = 90;
/** The tolerance of a match: the larger of $1 and 1% of the prediction. */
export const MATCH_TOLERANCE_CENTS = 100;
export const MATCH_TOLERANCE_PCT = 1;

/** One month (or milestone) of the engine's payout of a workload. */
export interface PredictedLine {
  month: string;
  /** The milestone the line earns (milestone programs), null for per-user months. */
  milestone: number | null;
  amountCents: number;
  /** The prior HWM the line had to beat and the units it pays for (per-user months). */
  baseline: number | null;
  compensableUnits: number | null;
}

/** A row of the ineligible revenue usage details file. */
export interface Ineligibility {
  month: string;
  reason: string;
  /** `transactionDate`, the day the dispute window counts from. */
  date: string;
}

export interface ReconcileWorkload {
  tenantId: string;
  workload: string;
  /** The workload in words (Teams, Defender for Endpoint). */
  workloadName: string;
  customerName: string | null;
  segment: string;
  cloud: string;
  country: string | null;
  /** The claim's approval date; null when the claim is not approved (nothing is predicted). */
  claimApprovedDate: string | null;
  style: 'milestone' | 'per-user';
}

export interface ReconciliationLine {
  tenantId: string;
  workload: string;
  customerName: string | null;
  segment: string;
  cloud: string;
  month: string;
  milestones: number[];
  predictedCents: number;
  paidCents: number;
  /** Of paidCents, what was entered by hand (no export has it). */
  paidByHandCents: number;
  /** Paid minus predicted. */
  differenceCents: number;
  /** The day the month's earnings are due (the 16th of the next month). */
  dueOn: string;
  partnerCenterCode: string | null;
  status: ReconciliationStatus;
  message: string;
  likelyCause: string;
  /** The last day to dispute, where a dispute is possible; null otherwise. */
  disputeBy: string | null;
  /** Distinct earnings counted (reversed, rejected or failed ones are named, not counted). */
  earningCount: number;
  /** Claim lines: what the claim can still earn if it stands (null for per-user programs, and on monthly lines). */
  atStakeCents: number | null;
}

export interface ReconcileInput {
  workload: ReconcileWorkload;
  predicted: readonly PredictedLine[];
  earnings: Iterable<Earning>;
  ineligible: readonly Ineligibility[];
  asOfDate: string;
  /** The day of the next month a month's earnings are available (16). */
  availableDay: number;
}

const usd = (c: number) => formatMoney(c, 'USD');

const DAY_MS = 86_400_000;
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * An ISO date plus whole days, by UTC day arithmetic (the same answer as dates.ts addDaysIso,
 * twenty times faster: reconciliation dates every line of thousands of workloads).
 * @example plusDays('2025-04-16', 90) // => '2025-07-15'
 */
export function plusDays(iso: string, days: number): string {
  const d = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * DAY_MS);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** Whether paid is within the tolerance of predicted. */
export function withinTolerance(predictedCents: number, paidCents: number): boolean {
  const tolerance = Math.max(MATCH_TOLERANCE_CENTS, Math.ceil((Math.abs(predictedCents) * MATCH_TOLERANCE_PCT) / 100));
  return Math.abs(paidCents - predictedCents) <= tolerance;
}

interface MonthAcc {
  predicted: number;
  paid: number;
  milestones: number[];
  baseline: number | null;
  compensableUnits: number | null;
  earnings: number;
  notPaid: string[];
  byHand: number;
  /** Hand-entered payments in words: counted ones, and those an imported earning supersedes. */
  handNotes: string[];
}

/**
 * The reconciliation lines of one tracked workload: a line per month from the approval month
 * to the as-of month, and one for any month before it that Microsoft paid.
 * @example reconcileWorkload({ ..., predicted: [{ month: '2025-03', amountCents: 30000, ... }], earnings: [] ,
 *   asOfDate: '2025-05-01' })[0].status // => 'missing' (due 2025-04-16, nothing paid)
 */
export function reconcileWorkload(input: ReconcileInput): ReconciliationLine[] {
  const { workload: w, asOfDate } = input;
  const asOfMonth = asOfDate.slice(0, 7);
  const months = new Map<string, MonthAcc>();
  const acc = (month: string) => {
    let a = months.get(month);
    if (!a) months.set(month, (a = { predicted: 0, paid: 0, milestones: [], baseline: null, compensableUnits: null, earnings: 0, notPaid: [], byHand: 0, handNotes: [] }));
    return a;
  };
  if (w.claimApprovedDate !== null) {
    for (let m = w.claimApprovedDate.slice(0, 7); m <= asOfMonth; m = addMonthsToMonth(m, 1)) acc(m);
  }
  const milestoneMonth = new Map<number, string>();
  for (const p of input.predicted) {
    const a = acc(p.month);
    a.predicted += p.amountCents;
    if (p.milestone !== null) {
      a.milestones.push(p.milestone);
      milestoneMonth.set(p.milestone, p.month);
    }
    if (p.baseline !== null) a.baseline = p.baseline;
    if (p.compensableUnits !== null) a.compensableUnits = (a.compensableUnits ?? 0) + p.compensableUnits;
  }
  const monthOf = (e: Earning) => (w.style === 'milestone' && e.milestone !== null ? (milestoneMonth.get(e.milestone) ?? e.month) : e.month);
  const counted = countedEarnings(input.earnings);
  for (const e of counted.earnings) {
    const a = acc(monthOf(e));
    a.earnings++;
    if (countsAsPaid(e)) {
      a.paid += e.amountUsdCents;
      if (e.entered !== undefined) {
        a.byHand += e.amountUsdCents;
        a.handNotes.push(`${usd(e.amountUsdCents)} entered by hand on ${e.entered.enteredAt.slice(0, 10)}${e.entered.enteredBy === null ? '' : ` by ${e.entered.enteredBy}`} (no export has it)`);
      }
    } else a.notPaid.push(`${usd(e.amountUsdCents)} ${e.paymentStatus}`);
  }
  for (const s of counted.superseded) acc(monthOf(s.by[0]!)).handNotes.push(supersededWords(s));
  const codes = new Map<string, Ineligibility>();
  for (const i of input.ineligible) if (!codes.has(i.month)) codes.set(i.month, i);
  for (const month of codes.keys()) if (months.has(month) || month <= asOfMonth) acc(month);

  const lines: ReconciliationLine[] = [];
  for (const month of [...months.keys()].sort()) {
    const a = months.get(month)!;
    lines.push(lineOf(w, month, a, codes.get(month) ?? null, input));
  }
  return lines;
}

function lineOf(w: ReconcileWorkload, month: string, a: MonthAcc, code: Ineligibility | null, input: ReconcileInput): ReconciliationLine {
  const dueOn = `${addMonthsToMonth(month, 1)}-${String(input.availableDay).padStart(2, '0')}`;
  const predicted = a.predicted;
  const paid = a.paid;
  const what = `${w.workloadName} of ${w.customerName ?? w.tenantId} for ${month}${a.milestones.length > 0 ? ` (milestone ${a.milestones.join(' and ')})` : ''}`;
  const figures = `predicted ${usd(predicted)}, paid ${usd(paid)}`;
  const reversed = `${a.notPaid.length > 0 ? `; not counted as paid: ${a.notPaid.join(', ')}` : ''}${a.handNotes.length > 0 ? `; ${a.handNotes.join('; ')}` : ''}`;
  const disputeFrom = (from: string) => plusDays(from, DISPUTE_WINDOW_DAYS);
  const disputeWords = (by: string) => (by < input.asOfDate ? `The dispute window closed on ${by}.` : `Dispute by ${by}.`);
  // One object literal of one shape per line (spreading a base object per line cost more than the rest of the line).
  const line = (status: ReconciliationStatus, message: string, likelyCause: string, disputeBy: string | null): ReconciliationLine => ({
    tenantId: w.tenantId,
    workload: w.workload,
    customerName: w.customerName,
    segment: w.segment,
    cloud: w.cloud,
    month,
    milestones: a.milestones,
    predictedCents: predicted,
    paidCents: paid,
    paidByHandCents: a.byHand,
    differenceCents: paid - predicted,
    dueOn,
    partnerCenterCode: code === null ? null : code.reason,
    status,
    message,
    likelyCause,
    disputeBy,
    earningCount: a.earnings,
    atStakeCents: null,
  });

  if (predicted > 0 && paid === 0 && code !== null) {
    const cause = contradiction(w, code.reason, a);
    const by = disputeFrom(code.date > dueOn ? code.date : dueOn);
    return line(
      'unexpected-ineligible',
      `${what}: Partner Center says ${code.reason} (${ineligibleMeaning(code.reason)}), but our rules predict ${usd(predicted)}; ${figures}${reversed}. ${disputeWords(by)}`,
      cause,
      by,
    );
  }
  if (predicted === 0 && paid === 0) {
    const agrees = code === null ? 'nothing was earnable and nothing was paid' : `Partner Center's ${code.reason} (${ineligibleMeaning(code.reason)}) agrees: nothing was earnable`;
    return line('matched', `${what}: ${agrees}${reversed}.`, 'nothing to check', null);
  }
  if (predicted === 0) {
    return line(
      'not-predicted',
      `${what}: paid ${usd(paid)} where our rules say nothing was earnable${reversed}.`,
      'our program figures or the tracked facts (usage history, claim dates, baseline) are probably wrong: check them against the earnings line',
      null,
    );
  }
  if (paid === 0) {
    if (input.asOfDate < dueOn) return line('pending', `${what}: ${usd(predicted)} predicted, due by ${dueOn}; nothing paid yet${reversed}.`, 'not due yet', null);
    const by = disputeFrom(dueOn);
    return line(
      'missing',
      `${what}: ${usd(predicted)} predicted and due by ${dueOn}, nothing paid${reversed}. ${disputeWords(by)}`,
      a.notPaid.length > 0
        ? 'the earning was reversed, rejected or failed: see its payment status in Partner Center'
        : 'Partner Center has not booked the earning: check the claim is approved for this workload and that the usage reached Partner Center (tenant, cloud, segment)',
      by,
    );
  }
  if (withinTolerance(predicted, paid)) return line('matched', `${what}: ${figures}, within ${usd(MATCH_TOLERANCE_CENTS)} or ${MATCH_TOLERANCE_PCT}%${reversed}.`, 'nothing to check', null);
  if (paid < predicted) {
    const by = disputeFrom(dueOn);
    return line(
      'underpaid',
      `${what}: ${figures}, ${usd(predicted - paid)} short${reversed}. ${disputeWords(by)}`,
      'a lower rate or band than the catalog has, a prior HWM higher than ours, or a partner cap: compare the earnings line (rate, baseline, compensable units) with the prediction',
      by,
    );
  }
  return line(
    'overpaid',
    `${what}: ${figures}, ${usd(paid - predicted)} more than predicted: a clawback risk${reversed}.`,
    'a higher rate than the catalog has, or facts (usage, claim dates) that differ from Partner Center: keep the difference aside until it is explained',
    null,
  );
}

/**
 * The line of a claim that needs the partner: a rejection to dispute (30 days, once) or
 * Partner action required to answer (14 business days); null when the claim's status sets no
 * deadline. `atStakeCents` is what the claim can still earn if it stands.
 * @example claimLine(w, { claimStatus: 'rejected', claimStatusDate: '2026-03-10' }, '2026-03-20', 600000)!.disputeBy // => '2026-04-09'
 */
export function claimLine(w: ReconcileWorkload, claim: ClaimFields, asOfDate: string, atStakeCents: number | null): ReconciliationLine | null {
  const deadline = claimDeadline(claim, asOfDate);
  if (deadline === null) return null;
  const rejected = deadline.kind === 'dispute-rejection';
  const stake = atStakeCents === null ? '' : ` ${usd(atStakeCents)} is at stake.`;
  return {
    tenantId: w.tenantId,
    workload: w.workload,
    customerName: w.customerName,
    segment: w.segment,
    cloud: w.cloud,
    month: deadline.since.slice(0, 7),
    milestones: [],
    predictedCents: 0,
    paidCents: 0,
    paidByHandCents: 0,
    differenceCents: 0,
    dueOn: deadline.by,
    partnerCenterCode: null,
    status: rejected ? 'claim-rejected' : 'claim-action-required',
    message: `${w.workloadName} of ${w.customerName ?? w.tenantId}: ${deadline.message}${deadline.daysLeft < 0 ? '' : stake}`,
    likelyCause: rejected
      ? claim.claimRejectionReason === undefined
        ? 'Partner Center rejected the claim: see its rejection reason in Partner Center and dispute with what answers it'
        : `Partner Center's reason: ${claim.claimRejectionReason}; dispute with what answers it`
      : 'Partner Center asked the partner for something on the claim (often proof of execution): answer in Partner Center',
    disputeBy: deadline.by,
    earningCount: 0,
    atStakeCents,
  };
}

/** Why Partner Center's code contradicts our verdict, in words with our numbers. */
function contradiction(w: ReconcileWorkload, code: string, a: MonthAcc): string {
  const upper = code.toUpperCase();
  if (upper === 'IVDCLD') {
    return w.cloud === 'GCC' || w.cloud === 'Commercial'
      ? `the tenant is ${w.cloud}, which usage incentives include (only GCC High and DoD are excluded): ask Partner Center support to correct the cloud`
      : `the tenant is ${w.cloud}; check the cloud recorded for it`;
  }
  if (upper === 'PAULWPHWM' || upper === 'MAULWPHWM') {
    const room =
      a.compensableUnits !== null && a.baseline !== null ? `our prior HWM of ${formatCount(a.baseline)} leaves ${formatCount(a.compensableUnits)} compensable units` : 'our prior HWM leaves room';
    return `${room}: Partner Center's prior HWM is probably higher (months counted that should not be, or free licences in the MAU): ask for its HWM months`;
  }
  if (upper === 'CUSPUBSEC') {
    return ['US', 'PR', 'IN'].includes((w.country ?? '').toUpperCase())
      ? `the customer is public sector in ${w.country}: dispute with POE within ${DISPUTE_WINDOW_DAYS} days`
      : 'the customer is public sector; check the segment recorded for it';
  }
  const known = INELIGIBLE_CODES[upper];
  if (known?.partnerCanAct) return `${known.meaning}: fix it and dispute`;
  return `${ineligibleMeaning(code)}, which our facts do not show: check the tracked facts and ask Partner Center support`;
}

export interface ReconciliationGroup {
  lines: number;
  predictedCents: number;
  paidCents: number;
  missingCents: number;
  /** The latest month with a payment, null when nothing was ever paid. */
  lastPaidMonth: string | null;
}

export interface ReconciliationSummary {
  lines: number;
  predictedCents: number;
  paidCents: number;
  /** Predicted and not paid on missing, underpaid and unexpected-ineligible lines. */
  missingCents: number;
  byStatus: Record<ReconciliationStatus, number>;
  /** By customer segment and cloud (`Education / GCC`): one glance shows a segment never paid. */
  bySegmentAndCloud: Array<{ segment: string; cloud: string } & ReconciliationGroup>;
  /** The earliest dispute deadline still open, null when none is. */
  nextDisputeBy: string | null;
}

/** Adds lines to a summary as they are computed (lists of any length, in constant memory). */
export class ReconciliationTotals {
  private readonly summary: ReconciliationSummary = {
    lines: 0,
    predictedCents: 0,
    paidCents: 0,
    missingCents: 0,
    byStatus: Object.fromEntries(RECONCILIATION_STATUSES.map((s) => [s, 0])) as Record<ReconciliationStatus, number>,
    bySegmentAndCloud: [],
    nextDisputeBy: null,
  };
  private readonly groups = new Map<string, { segment: string; cloud: string } & ReconciliationGroup>();

  constructor(private readonly asOfDate: string) {}

  add(line: ReconciliationLine): void {
    const s = this.summary;
    const missing = line.status === 'missing' || line.status === 'underpaid' || line.status === 'unexpected-ineligible' ? Math.max(0, line.predictedCents - line.paidCents) : 0;
    s.lines++;
    s.predictedCents += line.predictedCents;
    s.paidCents += line.paidCents;
    s.missingCents += missing;
    s.byStatus[line.status]++;
    if (line.disputeBy !== null && line.disputeBy >= this.asOfDate && (s.nextDisputeBy === null || line.disputeBy < s.nextDisputeBy)) s.nextDisputeBy = line.disputeBy;
    const key = `${line.segment}|${line.cloud}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { segment: line.segment, cloud: line.cloud, lines: 0, predictedCents: 0, paidCents: 0, missingCents: 0, lastPaidMonth: null }));
    g.lines++;
    g.predictedCents += line.predictedCents;
    g.paidCents += line.paidCents;
    g.missingCents += missing;
    if (line.paidCents > 0 && (g.lastPaidMonth === null || line.month > g.lastPaidMonth)) g.lastPaidMonth = line.month;
  }

  result(): ReconciliationSummary {
    return { ...this.summary, bySegmentAndCloud: [...this.groups.values()].sort((a, b) => b.missingCents - a.missingCents || (a.segment + a.cloud < b.segment + b.cloud ? -1 : 1)) };
  }
}

/** The last day of a month, for ineligibility rows that give only a month. */
export function monthEnd(month: string): string {
  return lastDayOf(month);
}
