/**
 * A CPOR claim's status as Partner Center shows it (PARTNER-CENTER.md "Claims (CPOR)"), what
 * each status means for the baseline (is the claim filed?), and the deadline it sets:
 * - Rejected: the rejection can be disputed once, within 30 days of the rejection date; a claim
 *   already disputed (its `claimDisputedDate` set) cannot be disputed again, and a claim in
 *   Dispute or Rejected final has no dispute window;
 * - Partner action required: the partner has 14 business days (Monday to Friday) from the day
 *   the claim took that status to answer.
 * Browser-safe and pure: the as-of date is passed in.
 */
import { plural } from './format';

/** Claim statuses, as stored (`filed` is Partner Center's Submitted). */
export const CLAIM_STATUSES = ['none', 'draft', 'filed', 'under-review', 'action-required', 'approved', 'rejected', 'disputed', 'rejected-final'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Each status in Partner Center's words (what the claims export writes). */
export const CLAIM_STATUS_WORDS: Record<ClaimStatus, string> = {
  none: 'No claim',
  draft: 'Draft',
  filed: 'Submitted',
  'under-review': 'Under review',
  'action-required': 'Partner action required',
  approved: 'Approved',
  rejected: 'Rejected',
  disputed: 'Dispute',
  'rejected-final': 'Rejected final',
};

/** Statuses of a claim that stands: its claim date sets the baseline (Submitted to Approved, and a rejection under dispute). */
const FILED: ReadonlySet<ClaimStatus> = new Set(['filed', 'under-review', 'action-required', 'approved', 'disputed']);
/** Statuses that may carry a rejection reason. */
export const REJECTED_STATUSES: readonly ClaimStatus[] = ['rejected', 'disputed', 'rejected-final'];

/** Days after a rejection during which it can be disputed (once). */
export const CLAIM_DISPUTE_DAYS = 30;
/** Business days the partner has to answer a claim in Partner action required. */
export const PARTNER_ACTION_BUSINESS_DAYS = 14;

/**
 * Whether a claim in this status is filed (its date and baseline count). Draft, Rejected and
 * Rejected final are not: nothing stands until a claim is submitted again.
 * @example claimIsFiled('under-review') // => true
 */
export function claimIsFiled(status: string): boolean {
  return FILED.has(status as ClaimStatus);
}

/** The words of a status (the status itself when it is not one we know, e.g. from an older row). */
export function claimStatusWords(status: string): string {
  return (CLAIM_STATUS_WORDS as Record<string, string>)[status] ?? status;
}

const key = (s: string) => s.toLowerCase().replace(/[\s_\-.]+/g, '');
const BY_WORDS: ReadonlyMap<string, ClaimStatus> = new Map([
  ...CLAIM_STATUSES.map((s) => [key(s), s] as const),
  ...CLAIM_STATUSES.map((s) => [key(CLAIM_STATUS_WORDS[s]), s] as const),
  [key('Disputed'), 'disputed'],
  [key('Action required'), 'action-required'],
]);

/**
 * A status as an export or a person writes it, in any case and spacing ("Under review",
 * "REJECTED FINAL", "rejected-final"), or null when it is not one.
 * @example claimStatusOf('Partner action required') // => 'action-required'
 */
export function claimStatusOf(text: string): ClaimStatus | null {
  return BY_WORDS.get(key(text)) ?? null;
}

const DAY_MS = 86_400_000;
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * An ISO date plus business days (Monday to Friday; public holidays are not known, so none is
 * skipped). Counting starts the day after `iso`; a start on a weekend counts from Monday.
 * @example addBusinessDaysIso('2026-03-02', 14) // => '2026-03-20' (a Monday, then 14 weekdays)
 */
export function addBusinessDaysIso(iso: string, days: number): string {
  let t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** Whole days from one ISO date to another. */
function daysFrom(from: string, to: string): number {
  return Math.round((Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / DAY_MS);
}

/** The claim fields a deadline is read from. */
export interface ClaimFields {
  claimStatus: string;
  claimId?: string | undefined;
  /** The day the claim took its status (the rejection date of a Rejected claim). */
  claimStatusDate?: string | undefined;
  claimRejectionReason?: string | undefined;
  /** The day the rejection was disputed (a claim is disputed once). */
  claimDisputedDate?: string | undefined;
}

export interface ClaimDeadline {
  kind: 'dispute-rejection' | 'answer-partner-action';
  /** The day the claim took its status. */
  since: string;
  /** The last day to dispute the rejection, or to answer Partner Center. */
  by: string;
  /** Days from the as-of date to `by` (negative once it passed). */
  daysLeft: number;
  /** The deadline in a sentence, with the dates and the rejection reason. */
  message: string;
}

/**
 * The deadline a claim's status sets on a date, or null when it sets none (a claim not
 * rejected nor waiting on the partner, a rejection already disputed, a status without its date).
 * @example claimDeadline({ claimStatus: 'rejected', claimStatusDate: '2026-03-10', claimRejectionReason: 'Insufficient proof of execution' }, '2026-03-20')
 *   // => { kind: 'dispute-rejection', by: '2026-04-09', daysLeft: 20, message: 'The claim was rejected on 2026-03-10 (insufficient proof of execution): dispute it by 2026-04-09 (20 days left); a rejection can be disputed once.' }
 */
export function claimDeadline(claim: ClaimFields, asOfDate: string): ClaimDeadline | null {
  const since = claim.claimStatusDate;
  if (since === undefined || since > asOfDate) return null;
  const id = claim.claimId === undefined ? 'The claim' : `Claim ${claim.claimId}`;
  const left = (by: string, days: number) => (days < 0 ? `the window closed on ${by}` : days === 0 ? `today is the last day` : `${plural(days, 'day', 'days')} left`);
  if (claim.claimStatus === 'rejected') {
    if (claim.claimDisputedDate !== undefined) return null;
    const by = addDaysUtc(since, CLAIM_DISPUTE_DAYS);
    const daysLeft = daysFrom(asOfDate, by);
    const why = claim.claimRejectionReason === undefined ? '' : ` (${lowerFirst(claim.claimRejectionReason)})`;
    return {
      kind: 'dispute-rejection',
      since,
      by,
      daysLeft,
      message:
        daysLeft < 0
          ? `${id} was rejected on ${since}${why}: the ${CLAIM_DISPUTE_DAYS}-day dispute window closed on ${by}.`
          : `${id} was rejected on ${since}${why}: dispute it by ${by} (${left(by, daysLeft)}); a rejection can be disputed once.`,
    };
  }
  if (claim.claimStatus === 'action-required') {
    const by = addBusinessDaysIso(since, PARTNER_ACTION_BUSINESS_DAYS);
    const daysLeft = daysFrom(asOfDate, by);
    return {
      kind: 'answer-partner-action',
      since,
      by,
      daysLeft,
      message:
        daysLeft < 0
          ? `${id} has needed the partner's action since ${since}: the ${PARTNER_ACTION_BUSINESS_DAYS} business days to answer ended on ${by}.`
          : `${id} has needed the partner's action since ${since}: answer Partner Center by ${by} (${PARTNER_ACTION_BUSINESS_DAYS} business days; ${left(by, daysLeft)}).`,
    };
  }
  return null;
}

/** A reason as a clause: its first letter in lower case, unless it starts an acronym ("POE unavailable"). */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function addDaysUtc(iso: string, days: number): string {
  const d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + days * DAY_MS);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}
