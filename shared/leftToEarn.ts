/**
 * What a workload can still earn, from the amounts the verdict and the payout already compute:
 * without a claim, what a claim filed now could earn (the earnable milestones at today's
 * band); with a claim, the payout's potential. Per-user programs have no amount here (their
 * rate depends on the market, which the facts do not carry): their opportunity units say it.
 * The nightly's state, the stored row of a tracked workload and the work list all use this.
 */
import type { EligibilityVerdict } from './eligibility';
import type { WorkloadContext } from './facts';
import { payoutFrom } from './payout/payout';
import type { Catalog } from './programs/catalog';

export interface LeftToEarn {
  /** In cents; null for per-user programs. */
  toEarnCents: number | null;
  /** Milestone claims: earned so far on the claim, in cents (null otherwise). */
  earnedCents: number | null;
  /** Something is left to earn (an amount, or opportunity units above the prior HWM). */
  leftToEarn: boolean;
}

/** @example amountLeftToEarn(catalog, ctx, verdict).toEarnCents // => 250000 (milestones 1 and 2 at band XS, no claim yet) */
export function amountLeftToEarn(catalog: Catalog, ctx: WorkloadContext, verdict: EligibilityVerdict): LeftToEarn {
  const { program, facts } = ctx;
  if (program.payout.style !== 'milestone') return { toEarnCents: null, earnedCents: null, leftToEarn: verdict.eligible && (verdict.opportunityUnits ?? 0) > 0 };
  if (facts.claimDate === undefined) {
    let toEarnCents = 0;
    if (verdict.eligible) for (const m of verdict.earnableMilestones) toEarnCents += m.amountCents;
    return { toEarnCents, earnedCents: null, leftToEarn: verdict.eligible };
  }
  const p = payoutFrom(catalog, ctx, { market: undefined, milestonesPaid: undefined, paidToDateCents: undefined }, verdict);
  return { toEarnCents: p.potentialCents, earnedCents: p.earnedCents, leftToEarn: p.canEarn && p.potentialCents > 0 };
}
