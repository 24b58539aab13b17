/**
 * The engine's codes in the words an analyst reads: claim advice, nightly change kinds. Used
 * wherever an answer is shown to a person rather than a program (CSV files, the task pane).
 */
import type { ClaimAction } from './claimAdvice';
import type { ChangeKind } from './nightlyChanges';
import type { WorkAction } from './workList';

export const ADVICE_WORDS: Record<ClaimAction, string> = {
  'claim-now': 'Claim now',
  'wait-for-seats': 'Wait for more paid seats',
  're-claim': 'Re-claim to reset the baseline',
  'ask-for-exception': 'Ask support for a payment exception',
  'refresh-poe': 'Refresh the proof of execution',
  'dispute-rejection': 'Dispute the rejection',
  'no-action': 'Nothing to do',
  'not-eligible': 'Not eligible',
};

export const CHANGE_KIND_WORDS: Record<ChangeKind, string> = {
  'crossed-seat-minimum': 'Crossed the seat minimum',
  'band-step-up': 'Moved up a size band',
  'milestone-reached': 'Reached a milestone',
  'usage-rising-before-claim': 'Usage rising before the claim',
  're-claim-opportunity': 'Re-claim opportunity',
  'poe-expiring': 'Proof of execution expiring',
  'poe-expired': 'Proof of execution expired',
  'program-year-ending': 'Program year ending',
  excluded: 'Excluded from the program',
  'partner-of-record-lost': 'Partner of record lost',
  'no-longer-claimable': 'No longer claimable',
  'nothing-left-to-earn': 'Nothing left to earn',
  'earnings-missing': 'Earnings missing',
  'dispute-deadline': 'Dispute window closing',
  overpaid: 'Paid more than predicted',
};

export const WORK_ACTION_WORDS: Record<WorkAction, string> = {
  'claim-now': 'Claim now',
  're-claim': 'Re-claim',
  'ask-for-exception': 'Ask for a payment exception',
  'refresh-poe': 'Refresh the proof of execution',
  'program-year-ending': 'File claims before the program year ends',
  'missing-earnings': 'Earnings missing',
  'dispute-deadline': 'Dispute before the deadline',
};

/** The words of an advice code (the code itself when it is not one we know, e.g. from an older row). */
export function adviceWords(action: string): string {
  return (ADVICE_WORDS as Record<string, string>)[action] ?? action;
}

/** The words of a change kind. */
export function changeKindWords(kind: string): string {
  return (CHANGE_KIND_WORDS as Record<string, string>)[kind] ?? kind;
}

/** The words of a work list action. */
export function workActionWords(action: string): string {
  return (WORK_ACTION_WORDS as Record<string, string>)[action] ?? action;
}
