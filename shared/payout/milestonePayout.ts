/**
 * R4 and R2 (milestone-style programs): which milestones were earnable at claim, which were
 * reached after approval and at which band, what each pays, and what is still owed once the
 * amounts already paid are taken off. A milestone earned again at a larger band (the customer
 * bought seats) is owed the difference between the bands; an XXS workload was paid nothing,
 * so a step-up from XXS is owed the whole amount.
 */
import { monthOf } from '../dates';
import type { WorkloadContext } from '../facts';
import { formatCount, formatMoney, formatPct, toPct } from '../format';
import type { MilestonePayoutRules } from '../programs/schema';
import { reason, type Reason } from '../reasons';
import { bandIndex } from '../sizeBand';
import { estimatedPaymentMonth } from './estimatedPaymentMonth';
import type { PayoutLine, PayoutReportingFields } from './lines';
import { earningSnapshots, type EarningSnapshot } from './snapshots';

export interface MilestoneComputation {
  earnedCents: number;
  paidCents: number;
  owedCents: number;
  /** What the milestones not yet reached would pay at today's band, less what was paid on them. */
  potentialCents: number;
  /** The milestones earned (reached by a month after approval), as bits: milestone i+1 is bit i. */
  earnedMask: number;
}

/**
 * Totals of a milestone payout; with `lines`, also the line-by-line breakdown with its reasons
 * (the same branches either way, so the lines always add up to the totals).
 */
export function milestonePayoutFrom(ctx: WorkloadContext, rules: MilestonePayoutRules, paidByMilestone: readonly number[], lines: PayoutLine[] | null): MilestoneComputation {
  // No closures here (deciding allocates nothing); lines and their sentences are written by
  // the functions below, only when `lines` is given.
  const program = ctx.program;
  const baseline = ctx.baseline;
  const snapshots = earningSnapshots(ctx);
  const currentBand = ctx.bandIndex >= 0 ? program.sizeBands[ctx.bandIndex]!.name : null;
  let earned = 0;
  let paidTotal = 0;
  let owedTotal = 0;
  let potential = 0;
  let earnedMask = 0;

  for (let i = 0; i < rules.milestones.length; i++) {
    const m = rules.milestones[i]!;
    const paid = paidByMilestone[m.number] ?? 0;
    paidTotal += paid;
    const earnable = baseline.paidAvailableUnits > 0 && baseline.highWaterMark * 100 < m.usagePct * baseline.paidAvailableUnits;
    if (!earnable) {
      if (lines) lines.push(notEarnableLine(ctx, m, paid, baseline.usagePct));
      continue;
    }
    // The snapshot that reached the milestone at the largest band (earliest on ties).
    let best: EarningSnapshot | null = null;
    let bestBand = -1;
    for (let k = 0; k < snapshots.length; k++) {
      const s = snapshots[k]!;
      if (s.users * 100 < m.usagePct * s.paidAvailableUnits) continue;
      const b = bandIndex(program, s.paidAvailableUnits);
      if (best === null || b > bestBand) {
        best = s;
        bestBand = b;
      }
    }
    if (best === null) {
      const amount = currentBand ? (rules.amountsCents[currentBand]?.[i] ?? 0) : 0;
      potential += Math.max(0, amount - paid);
      if (lines) lines.push(notReachedLine(ctx, m, paid, currentBand, amount));
      continue;
    }
    const band = program.sizeBands[bestBand]!.name;
    const amount = rules.amountsCents[band]?.[i] ?? 0;
    const owed = Math.max(0, amount - paid);
    earned += amount;
    earnedMask |= 1 << i;
    owedTotal += owed;
    if (lines) lines.push(earnedLine(ctx, m, best, band, amount, paid, owed));
  }
  return { earnedCents: earned, paidCents: paidTotal, owedCents: owedTotal, potentialCents: potential, earnedMask };
}

type Milestone = MilestonePayoutRules['milestones'][number];

/** The reporting fields of a milestone line (lines.ts); `reached` only on an earned line. */
function reporting(ctx: WorkloadContext, m: Milestone, reached: EarningSnapshot | null, amount: number | null): PayoutReportingFields {
  return {
    baseline: ctx.baseline.highWaterMark,
    baselineType: 'HWM',
    milestone: m.number,
    claimId: ctx.facts.claimId ?? null,
    earningRateCents: amount,
    compensableUnits: null,
    quantity: reached ? reached.monthlyActiveUsers : null,
    quantityType: 'MAU',
    calculationDate: ctx.facts.asOfDate,
    estimatedPaymentMonth: reached ? estimatedPaymentMonth(reached.month) : null,
  };
}

function notEarnableLine(ctx: WorkloadContext, m: Milestone, paid: number, baselinePct: number | null): PayoutLine {
  const label = `Milestone ${m.number}`;
  return Object.assign(reporting(ctx, m, null, null), {
    label,
    amountCents: 0,
    paidCents: paid,
    owedCents: 0,
    status: 'not-earnable' as const,
    reasons: [
      reason(
        'USAGE_ABOVE_MILESTONE_AT_CLAIM',
        { milestone: m.number, milestonePct: m.usagePct, baselinePct },
        () => `${label} (${m.usagePct}%) cannot be earned on this claim: usage at claim was already ${baselinePct === null ? 'no paid seats' : formatPct(baselinePct)}.`,
      ),
    ],
  });
}

function notReachedLine(ctx: WorkloadContext, m: Milestone, paid: number, currentBand: string | null, amount: number): PayoutLine {
  const { program, facts: f } = ctx;
  const label = `Milestone ${m.number}`;
  const needed = Math.ceil((m.usagePct * f.paidAvailableUnits) / 100);
  const approved = f.claimApprovedDate !== undefined;
  const pays = () => (currentBand ? `; it would pay ${formatMoney(amount, program.currency)} at band ${currentBand}` : '');
  // Reached in the approval month (which earns nothing): not "not reached yet".
  if (approved && monthOf(f.asOfDate) === monthOf(f.claimApprovedDate!) && ctx.usage.countedActiveUsers * 100 >= m.usagePct * f.paidAvailableUnits) {
    return Object.assign(reporting(ctx, m, null, null), {
      label,
      band: currentBand ?? undefined,
      amountCents: 0,
      paidCents: paid,
      owedCents: 0,
      status: 'not-yet-reached' as const,
      reasons: [
        reason(
          'MILESTONE_REACHED_IN_APPROVAL_MONTH',
          {
            milestone: m.number,
            milestonePct: m.usagePct,
            month: monthOf(f.asOfDate),
            activeUsers: ctx.usage.countedActiveUsers,
            paidAvailableUnits: f.paidAvailableUnits,
            amountCents: currentBand ? amount : null,
            band: currentBand,
          },
          () =>
            `${label} (${m.usagePct}%) is reached in the approval month ${monthOf(f.asOfDate)} (${formatCount(ctx.usage.countedActiveUsers)} active of ${formatCount(f.paidAvailableUnits)} paid seats), whose usage earns nothing: it is earned by the first month after approval at or above it${pays()}.`,
        ),
      ],
    });
  }
  return Object.assign(reporting(ctx, m, null, null), {
    label,
    band: currentBand ?? undefined,
    amountCents: 0,
    paidCents: paid,
    owedCents: 0,
    status: approved ? ('not-yet-reached' as const) : ('awaiting-approval' as const),
    reasons: [
      approved
        ? reason(
            'MILESTONE_NOT_YET_REACHED',
            {
              milestone: m.number,
              milestonePct: m.usagePct,
              activeUsersNeeded: needed,
              paidAvailableUnits: f.paidAvailableUnits,
              activeUsers: ctx.usage.countedActiveUsers,
              amountCents: currentBand ? amount : null,
              band: currentBand,
            },
            () =>
              `${label} (${m.usagePct}%) is not reached yet: it needs ${formatCount(needed)} active users of ${formatCount(f.paidAvailableUnits)} paid seats, there are ${formatCount(ctx.usage.countedActiveUsers)}${pays()}.`,
          )
        : reason(
            'CLAIM_NOT_APPROVED',
            { milestone: m.number, milestonePct: m.usagePct, claimDate: f.claimDate ?? null, amountCents: currentBand ? amount : null, band: currentBand },
            () => `${label} (${m.usagePct}%) earns nothing yet: ${f.claimDate ? `the ${f.claimDate} claim is not approved` : 'no claim is filed'}, and only usage after approval earns${pays()}.`,
          ),
    ],
  });
}

function earnedLine(ctx: WorkloadContext, m: Milestone, reached: EarningSnapshot, band: string, amount: number, paid: number, owed: number): PayoutLine {
  const program = ctx.program;
  const label = `Milestone ${m.number}`;
  const money = (c: number) => formatMoney(c, program.currency);
  const reasons: Reason[] = [
    reason(
      'MILESTONE_EARNED',
      {
        milestone: m.number,
        milestonePct: m.usagePct,
        month: reached.month,
        activeUsers: reached.users,
        paidAvailableUnits: reached.paidAvailableUnits,
        usagePct: toPct(reached.users, reached.paidAvailableUnits),
        band,
        amountCents: amount,
      },
      () =>
        `${label} (${m.usagePct}%) was reached in ${reached.month}: ${formatCount(reached.users)} active of ${formatCount(reached.paidAvailableUnits)} paid seats (${formatPct(toPct(reached.users, reached.paidAvailableUnits))}) at band ${band}, which pays ${money(amount)}.`,
    ),
  ];
  if (paid > 0 && owed > 0) {
    reasons.push(
      reason(
        'BAND_STEP_UP',
        { milestone: m.number, paidCents: paid, band, amountCents: amount, owedCents: owed },
        () => `${money(paid)} was already paid for ${label} at a smaller band; band ${band} pays ${money(amount)}, so ${money(owed)} more is owed.`,
      ),
    );
  } else if (paid > 0) {
    reasons.push(reason('ALREADY_PAID', { milestone: m.number, paidCents: paid }, () => `${money(paid)} was already paid for ${label}; nothing more is owed.`));
  }
  return Object.assign(reporting(ctx, m, reached, amount), { label, month: reached.month, band, amountCents: amount, paidCents: paid, owedCents: owed, status: 'earned' as const, reasons });
}
