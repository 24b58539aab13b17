/**
 * What reconciliation hands the work list and the nightly: money Microsoft did not pay while
 * it can still be disputed (`missing-earnings`), a dispute window closing within 14 days
 * (`dispute-deadline`), and money paid beyond the prediction (`overpaid`, a clawback risk). A
 * rejected claim's 30 days to dispute, or Partner action required's 14 business days to answer,
 * closing within 14 days is a `dispute-deadline` too (its amount what the claim can still earn).
 */
import { daysBetween } from '../dates';
import type { ReconciliationLine } from './reconcile';

/** A dispute window closing within this many days is a deadline to act on. */
export const DISPUTE_DEADLINE_DAYS = 14;

export type EarningsFindingKind = 'missing-earnings' | 'dispute-deadline' | 'overpaid';

export interface ReconciliationFinding {
  kind: EarningsFindingKind;
  line: ReconciliationLine;
  /** Predicted and not paid (missing), or paid beyond the prediction (overpaid), in cents. */
  amountCents: number;
  deadline: string | null;
}

const OWED = new Set(['missing', 'underpaid', 'unexpected-ineligible']);
const CLAIM = new Set(['claim-rejected', 'claim-action-required']);

/**
 * The findings of reconciliation lines on a date: lines owed money whose dispute window is
 * still open (a deadline within 14 days makes it `dispute-deadline`), and overpaid lines.
 * @example findingsOf([aMissingLineDisputableUntil_2025_09_14], '2025-09-05')[0].kind // => 'dispute-deadline' (9 days left)
 */
export function findingsOf(lines: Iterable<ReconciliationLine>, asOfDate: string): ReconciliationFinding[] {
  const out: ReconciliationFinding[] = [];
  for (const line of lines) {
    if (line.status === 'overpaid') {
      out.push({ kind: 'overpaid', line, amountCents: line.paidCents - line.predictedCents, deadline: null });
      continue;
    }
    // A claim to dispute or answer is a deadline only once it closes within 14 days.
    if (CLAIM.has(line.status)) {
      if (line.disputeBy !== null && line.disputeBy >= asOfDate && daysBetween(asOfDate, line.disputeBy) <= DISPUTE_DEADLINE_DAYS)
        out.push({ kind: 'dispute-deadline', line, amountCents: line.atStakeCents ?? 0, deadline: line.disputeBy });
      continue;
    }
    if (!OWED.has(line.status) || line.disputeBy === null || line.disputeBy < asOfDate) continue;
    const kind = daysBetween(asOfDate, line.disputeBy) <= DISPUTE_DEADLINE_DAYS ? 'dispute-deadline' : 'missing-earnings';
    out.push({ kind, line, amountCents: Math.max(0, line.predictedCents - line.paidCents), deadline: line.disputeBy });
  }
  return out;
}
