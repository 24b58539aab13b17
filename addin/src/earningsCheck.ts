/**
 * "Earnings check" (views/earningsCheck.ts), the part that decides: which reconciliation lines
 * need action, in which order (the most money first, then the nearest open dispute deadline),
 * and each line and the summary in words with dollars and dates. No DOM, no Excel: unit-tested
 * in test/unit/earningsCheck.test.ts.
 */
import type { ReconciliationStatus } from '../../shared';
import type { ReconciliationLineJson, ReconciliationSummaryJson } from './apiClient';
import { dateWords, money, workloadName } from './ui/words';

/** The statuses that need action (matched and pending do not), in the order the view asks for them. */
export const ACTION_STATUSES = [
  'claim-rejected',
  'claim-action-required',
  'missing',
  'underpaid',
  'unexpected-ineligible',
  'overpaid',
  'not-predicted',
] as const satisfies readonly ReconciliationStatus[];
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A status in words. */
export const STATUS_WORDS: Record<ReconciliationStatus, string> = {
  matched: 'Paid as predicted',
  pending: 'Not due yet',
  missing: 'Missing: not paid',
  underpaid: 'Underpaid',
  'unexpected-ineligible': 'Refused by Partner Center',
  overpaid: 'Overpaid: a clawback risk',
  'not-predicted': 'Paid but not predicted',
  'claim-rejected': 'Claim rejected: dispute it',
  'claim-action-required': 'Claim waits on us: answer Microsoft',
};

/** A status counted in a sentence ("2 missing, 1 refused by Partner Center"). */
const COUNTED_WORDS: Record<ActionStatus, string> = {
  missing: 'missing',
  underpaid: 'underpaid',
  'unexpected-ineligible': 'refused by Partner Center',
  overpaid: 'overpaid',
  'not-predicted': 'paid but not predicted',
  'claim-rejected': 'rejected claim to dispute',
  'claim-action-required': 'claim to answer',
};

export function needsAction(line: Pick<ReconciliationLineJson, 'status'>): boolean {
  return (ACTION_STATUSES as readonly string[]).includes(line.status);
}

/**
 * The money a line puts at stake: what is owed (missing, underpaid, refused) or paid beyond the
 * prediction; for a claim to dispute or answer, what the claim can still earn if it stands.
 */
export function atStakeCents(line: Pick<ReconciliationLineJson, 'differenceCents' | 'atStakeCents'>): number {
  return line.atStakeCents ?? Math.abs(line.differenceCents);
}

/** The money a line still puts at stake on the as-of date: none for a claim whose window to dispute or answer has closed. */
function stakeOn(line: ReconciliationLineJson, asOfDate: string): number {
  return isClaimLine(line) && line.disputeBy !== null && line.disputeBy < asOfDate ? 0 : atStakeCents(line);
}

/** The line's dispute deadline if the window is still open on the as-of date, else null. */
export function openDeadline(line: Pick<ReconciliationLineJson, 'disputeBy'>, asOfDate: string): string | null {
  return line.disputeBy !== null && line.disputeBy >= asOfDate ? line.disputeBy : null;
}

/**
 * The lines that need action, ranked: the most money at stake first; at equal money the nearest
 * open dispute deadline (a closed window or none after every open one); then the older month,
 * then the customer.
 */
export function rankEarningsLines(lines: readonly ReconciliationLineJson[], asOfDate: string): ReconciliationLineJson[] {
  const who = (l: ReconciliationLineJson) => `${l.customerName ?? ''}|${l.tenantId}|${l.workload}`;
  return lines
    .filter(needsAction)
    .map((l) => ({ l, stake: stakeOn(l, asOfDate), by: openDeadline(l, asOfDate) }))
    .sort(
      (a, b) =>
        b.stake - a.stake ||
        (a.by === b.by ? 0 : a.by === null ? 1 : b.by === null ? -1 : a.by < b.by ? -1 : 1) ||
        (a.l.month < b.l.month ? -1 : a.l.month > b.l.month ? 1 : 0) ||
        (who(a.l) < who(b.l) ? -1 : who(a.l) > who(b.l) ? 1 : 0),
    )
    .map((x) => x.l);
}

/** Whole days from one ISO date to another (UTC). */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** A signed amount in dollars: "+$100.00", "-$50.00", "$0.00". */
export function signedMoney(cents: number): string {
  return cents > 0 ? `+${money(cents)}` : money(cents);
}

/** Who and when: "Contoso · Teams · May 2025" (milestones named where the program pays by milestone). */
export function lineWho(line: ReconciliationLineJson): string {
  const milestones = line.milestones.length > 0 ? ` (milestone ${line.milestones.join(' and ')})` : '';
  return `${line.customerName ?? `Tenant ${line.tenantId}`} · ${workloadName(line.workload)} · ${dateWords(line.month)}${milestones}`;
}

/** A claim to dispute or answer (a line of the claim, not of a month's earnings). */
export function isClaimLine(line: Pick<ReconciliationLineJson, 'status'>): boolean {
  return line.status === 'claim-rejected' || line.status === 'claim-action-required';
}

/**
 * The amounts: "Predicted $400.00 · paid $0.00 · difference -$400.00"; for a claim, what it
 * can still earn: "At stake if the claim stands: $10,000.00".
 */
export function lineFigures(line: ReconciliationLineJson): string {
  if (isClaimLine(line)) return line.atStakeCents === null ? 'At stake: what the claim earns per user once it stands' : `At stake if the claim stands: ${money(line.atStakeCents)}`;
  return `Predicted ${money(line.predictedCents)} · paid ${money(line.paidCents)} · difference ${signedMoney(line.differenceCents)}`;
}

/** The dispute deadline in words, with the days left; a closed window said so; what to do where no dispute applies. */
export function deadlineWords(line: ReconciliationLineJson, asOfDate: string): string {
  if (line.disputeBy === null) {
    return line.status === 'overpaid' ? 'Nothing to dispute: keep the difference aside until it is explained.' : 'Nothing to dispute: check our program figures and the tracked facts.';
  }
  const verb = line.status === 'claim-action-required' ? 'Answer' : 'Dispute';
  if (line.disputeBy < asOfDate)
    return line.status === 'claim-action-required' ? `The time to answer ended on ${dateWords(line.disputeBy)}.` : `Dispute window closed on ${dateWords(line.disputeBy)}.`;
  const days = daysBetween(asOfDate, line.disputeBy);
  return `${verb} by ${dateWords(line.disputeBy)} (${days === 0 ? 'today' : days === 1 ? '1 day left' : `${days} days left`}).`;
}

/** A segment and cloud in words: "Education on GCC". */
export function groupWords(g: { segment: string; cloud: string }): string {
  return `${g.segment} on ${g.cloud}`;
}

/** What the summary says about the state of the earnings: nothing to reconcile, no earnings imported, or lines to read. */
export type EarningsState = 'no-claims' | 'no-earnings' | 'ready';

/**
 * No line at all: no tracked workload has an approved claim. Nothing paid anywhere and no
 * Partner Center code (no refused, overpaid or unpredicted line): the earnings report is not
 * imported yet, and every predicted month would show as missing, which would say nothing.
 */
export function earningsState(s: ReconciliationSummaryJson): EarningsState {
  if (s.lines === 0) return 'no-claims';
  // Lines to read even with no earnings imported: Partner Center's codes, and claims to dispute or answer.
  const coded = s.byStatus['unexpected-ineligible'] + s.byStatus['not-predicted'] + s.byStatus.overpaid + s.byStatus.underpaid + s.byStatus['claim-rejected'] + s.byStatus['claim-action-required'];
  return s.paidCents === 0 && coded === 0 ? 'no-earnings' : 'ready';
}

/** How to import the earnings, in words. */
export const IMPORT_HINT =
  "Import Partner Center's earnings report (Incentives > Earnings, downloaded as CSV) with npm run import -- earnings.csv, or POST the file to /api/v1/import; then check again.";

/** The empty states in words, or null when there are lines to show. */
export function emptyStateWords(s: ReconciliationSummaryJson): string | null {
  const state = earningsState(s);
  if (state === 'no-claims')
    return `Nothing to check as of ${dateWords(s.asOfDate)}: no tracked workload has an approved claim, so nothing is predicted. Track the claims first (Sheet > Track selected rows).`;
  if (state === 'no-earnings')
    return `No earnings imported yet: nothing is paid and Partner Center gave no code on any of the ${s.workloads} tracked workloads (${money(s.predictedCents)} predicted to ${dateWords(s.asOfDate)}). ${IMPORT_HINT}`;
  return null;
}

/** The summary's lines in words: totals, the next deadline, the lines to act on, and each segment and cloud with its last payment. */
export function summaryWords(s: ReconciliationSummaryJson): { totals: string; deadline: string; counts: string; groups: Array<{ text: string; neverPaid: boolean }> } {
  const acting = ACTION_STATUSES.filter((st) => s.byStatus[st] > 0).map((st) => `${s.byStatus[st]} ${COUNTED_WORDS[st]}`);
  return {
    totals: `Predicted ${money(s.predictedCents)} · paid ${money(s.paidCents)} · missing ${money(s.missingCents)}`,
    deadline:
      s.nextDisputeBy === null ? 'No dispute window open.' : `Next dispute deadline: ${dateWords(s.nextDisputeBy)} (${daysBetween(s.asOfDate, s.nextDisputeBy)} days from ${dateWords(s.asOfDate)}).`,
    counts:
      acting.length === 0 ? `All ${s.lines} months of ${s.workloads} workloads match or are not due yet.` : `${s.lines} months of ${s.workloads} workloads checked; to act on: ${acting.join(', ')}.`,
    groups: s.bySegmentAndCloud.map((g) => ({
      neverPaid: g.lastPaidMonth === null && g.predictedCents > 0,
      text:
        g.lastPaidMonth !== null
          ? `${groupWords(g)}: last paid ${dateWords(g.lastPaidMonth)} (${money(g.paidCents)} of ${money(g.predictedCents)} predicted).`
          : g.predictedCents > 0
            ? `${groupWords(g)}: never paid (${money(g.predictedCents)} predicted, ${money(g.missingCents)} missing).`
            : `${groupWords(g)}: nothing predicted, nothing paid.`,
    })),
  };
}
