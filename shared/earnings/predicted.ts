/**
 * The engine's payout lines of a workload as the predictions reconciliation compares with what
 * was paid: per-user months (what each month earns) and earned milestones (at the month that
 * reached them). Lines that earn nothing predict 0.
 */
import type { PayoutLine } from '../payout/lines';
import type { PredictedLine } from './reconcile';

/** Predictions from a payout's lines. */
export function predictedLines(lines: readonly PayoutLine[]): PredictedLine[] {
  const out: PredictedLine[] = [];
  for (const l of lines) {
    if (l.month === undefined) continue;
    if (l.milestone !== null) {
      if (l.status === 'earned') out.push({ month: l.month, milestone: l.milestone, amountCents: l.amountCents, baseline: l.baseline, compensableUnits: null });
      continue;
    }
    out.push({ month: l.month, milestone: null, amountCents: l.amountCents, baseline: l.baseline, compensableUnits: l.compensableUnits });
  }
  return out;
}
