/**
 * The columns of the CSV files the API and `npm run export` give: tracked workloads (with
 * their verdict, advice and what is still earnable), the nightly change feed, and eligibility
 * answers. Headers are words; codes are shown as words; amounts as numbers a spreadsheet adds.
 */
import { adviceWords, changeKindWords, claimStatusWords, defaultCatalog, workActionWords, type ReasonJson, type ReconciliationLine, type WorkLine } from '../../shared';
import type { StoredChange } from '../nightly/runStore';
import type { TrackedWorkload } from '../storage/trackedWorkload';
import { centsAsAmount, type CsvColumn } from './csvText';

const workloadName = (id: string) => defaultCatalog.workloads.byIdOrNull(id)?.name ?? id;
const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? 'unknown' : v ? 'yes' : 'no');

/** Tracked workloads as `GET /workloads` lists them; the verdict columns as of "Evaluated on". */
export const WORKLOAD_COLUMNS: readonly CsvColumn<TrackedWorkload>[] = [
  { header: 'Tenant ID', cell: (w) => w.tenantId },
  { header: 'Customer', cell: (w) => w.customerName },
  { header: 'Workload', cell: (w) => workloadName(w.workload) },
  { header: 'Program', cell: (w) => w.programId },
  { header: 'PAU', cell: (w) => w.paidAvailableUnits },
  { header: 'MAU', cell: (w) => w.monthlyActiveUsers },
  { header: 'Usage month', cell: (w) => w.usageMonth },
  { header: 'Size band', cell: (w) => w.sizeBand },
  { header: 'Eligible', cell: (w) => yesNo(w.eligible) },
  { header: 'Advice', cell: (w) => (w.advice === undefined ? '' : adviceWords(w.advice)) },
  { header: 'Why', cell: (w) => w.adviceReason },
  { header: 'Still earnable (USD)', cell: (w) => centsAsAmount(w.toEarnCents) },
  { header: 'Claim status', cell: (w) => claimStatusWords(w.claimStatus) },
  { header: 'Claim date', cell: (w) => w.claimDate },
  { header: 'Claim status since', cell: (w) => w.claimStatusDate },
  { header: 'Cloud', cell: (w) => w.cloud },
  { header: 'Segment', cell: (w) => w.segment },
  { header: 'Evaluated on', cell: (w) => w.evaluatedOn },
];

/** The nightly change feed. */
export const CHANGE_COLUMNS: readonly CsvColumn<StoredChange>[] = [
  { header: 'Night', cell: (c) => c.night },
  { header: 'Tenant ID', cell: (c) => c.tenantId },
  { header: 'Customer', cell: (c) => c.customerName },
  { header: 'Workload', cell: (c) => workloadName(c.workload) },
  { header: 'Change', cell: (c) => changeKindWords(c.kind) },
  { header: 'What happened', cell: (c) => c.reasons[0]?.message },
  { header: 'Advice', cell: (c) => adviceWords(c.advice.action) },
  { header: 'Why', cell: (c) => c.advice.reasons[0]?.message },
  { header: 'PAU before', cell: (c) => c.before?.paidAvailableUnits },
  { header: 'PAU after', cell: (c) => c.after.paidAvailableUnits },
  { header: 'MAU before', cell: (c) => c.before?.monthlyActiveUsers },
  { header: 'MAU after', cell: (c) => c.after.monthlyActiveUsers },
  { header: 'Size band before', cell: (c) => c.before?.sizeBand },
  { header: 'Size band after', cell: (c) => c.after.sizeBand },
  { header: 'Lost (USD)', cell: (c) => centsAsAmount(c.lostCents) },
  { header: 'Time', cell: (c) => c.time },
  { header: 'Run', cell: (c) => c.runId },
];

/** An eligibility answer with the facts it answers (what `POST /eligibility` returns per item). */
export interface EligibilityRow {
  facts: { tenantId?: string | undefined; customerName?: string | undefined; asOfDate: string };
  answer: {
    eligible: boolean;
    programId: string;
    workload: string;
    sizeBand: string;
    usagePct: number | null;
    seatsToGo?: number | null;
    reasons: ReasonJson[];
    advice?: { action: string; reasons: ReasonJson[] };
  };
}

const firstBlocking = (reasons: ReasonJson[]) => reasons.find((r) => r.partnerCenterCode !== undefined) ?? reasons[0];

export const ELIGIBILITY_COLUMNS: readonly CsvColumn<EligibilityRow>[] = [
  { header: 'Tenant ID', cell: (r) => r.facts.tenantId },
  { header: 'Customer', cell: (r) => r.facts.customerName },
  { header: 'Workload', cell: (r) => r.answer.workload },
  { header: 'Program', cell: (r) => r.answer.programId },
  { header: 'As of', cell: (r) => r.facts.asOfDate },
  { header: 'Eligible', cell: (r) => yesNo(r.answer.eligible) },
  { header: 'Size band', cell: (r) => r.answer.sizeBand },
  { header: 'Usage %', cell: (r) => r.answer.usagePct },
  { header: 'Seats to the minimum', cell: (r) => r.answer.seatsToGo ?? null },
  { header: 'Advice', cell: (r) => (r.answer.advice ? adviceWords(r.answer.advice.action) : '') },
  { header: 'Why', cell: (r) => r.answer.advice?.reasons[0]?.message ?? r.answer.reasons[0]?.message },
  { header: 'Partner Center code', cell: (r) => firstBlocking(r.answer.reasons)?.partnerCenterCode },
  { header: 'Reasons', cell: (r) => r.answer.reasons.map((x) => x.message).join(' ') },
];

/** A line of the ranked work list (GET /actions). */
export type RankedWorkLine = WorkLine & { rank: number; link: string };

export const ACTION_COLUMNS: readonly CsvColumn<RankedWorkLine>[] = [
  { header: 'Rank', cell: (l) => l.rank },
  { header: 'Customer', cell: (l) => l.customerName },
  { header: 'Tenant ID', cell: (l) => l.tenantId },
  { header: 'Workload', cell: (l) => workloadName(l.workload) },
  { header: 'Action', cell: (l) => workActionWords(l.action) },
  { header: 'Amount', cell: (l) => centsAsAmount(l.amountCents) },
  { header: 'Currency', cell: (l) => l.currency },
  { header: 'Deadline', cell: (l) => l.deadline },
  { header: 'What to do', cell: (l) => l.message },
  { header: 'Link', cell: (l) => l.link },
];

const STATUS_WORDS: Record<ReconciliationLine['status'], string> = {
  matched: 'matched',
  underpaid: 'underpaid',
  overpaid: 'overpaid',
  missing: 'missing',
  pending: 'pending',
  'unexpected-ineligible': 'ineligible, unexpectedly',
  'not-predicted': 'paid, not predicted',
  'claim-rejected': 'claim rejected: dispute it',
  'claim-action-required': 'claim needs the partner: answer it',
};

/** Reconciliation lines as `GET /reconciliation` lists them. */
export const RECONCILIATION_COLUMNS: readonly CsvColumn<ReconciliationLine>[] = [
  { header: 'Tenant ID', cell: (l) => l.tenantId },
  { header: 'Customer', cell: (l) => l.customerName },
  { header: 'Workload', cell: (l) => workloadName(l.workload) },
  { header: 'Month', cell: (l) => l.month },
  { header: 'Segment', cell: (l) => l.segment },
  { header: 'Cloud', cell: (l) => l.cloud },
  { header: 'Predicted (USD)', cell: (l) => centsAsAmount(l.predictedCents) },
  { header: 'Paid (USD)', cell: (l) => centsAsAmount(l.paidCents) },
  { header: 'Difference (USD)', cell: (l) => centsAsAmount(l.differenceCents) },
  { header: 'Status', cell: (l) => STATUS_WORDS[l.status] },
  { header: 'Partner Center code', cell: (l) => l.partnerCenterCode },
  { header: 'Why', cell: (l) => l.message },
  { header: 'Likely cause', cell: (l) => l.likelyCause },
  { header: 'Dispute by', cell: (l) => l.disputeBy },
  { header: 'Entered by hand (USD)', cell: (l) => centsAsAmount(l.paidByHandCents) },
  { header: 'At stake (USD)', cell: (l) => (l.atStakeCents === null ? null : centsAsAmount(l.atStakeCents)) },
];
