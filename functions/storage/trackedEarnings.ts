/**
 * A tracked workload's payout and reconciliation: the one evaluator (evaluateTracked.ts) judges
 * the record and its history, the engine computes the payout with what the imported earnings
 * say was paid (per milestone, or to date), and the engine's reconciliation compares its lines
 * with the distinct earnings and Partner Center's ineligibility codes.
 */
import { loadedCatalog } from './catalogSource';
import {
  claimDeadline,
  claimIsFiled,
  claimLine,
  EngineInputError,
  paidSummary,
  payoutFrom,
  predictedLines,
  reconcileWorkload,
  type Catalog,
  type Earning,
  type Ineligibility,
  type InputIssue,
  type PaidSummary,
  type PayoutResult,
  type Program,
  type ReconcileWorkload,
  type ReconciliationLine,
  type UsageMonth,
} from '../../shared';
import { evaluateTracked, type TrackedRecord } from './evaluateTracked';

export type TrackedPayout =
  | { payout: PayoutResult; paid: PaidSummary; program: Program }
  /** The engine cannot compute it: why (a per-user workload without its market, facts it cannot judge). */
  | { payout: null; paid: PaidSummary; program: Program | null; problems: InputIssue[] };

/** The payout of a tracked workload, with what was paid taken from its earnings. */
export function payoutOfTracked(
  record: TrackedRecord & { market?: string | undefined },
  history: readonly UsageMonth[],
  asOfDate: string,
  earnings: readonly Earning[],
  catalog: Catalog = loadedCatalog(),
): TrackedPayout {
  const paid = paidSummary(earnings);
  const evaluation = evaluateTracked(record, history, asOfDate, catalog);
  if (!evaluation.judged) return { payout: null, paid, program: null, problems: evaluation.problems };
  const program = evaluation.context.program;
  const rules = program.payout;
  try {
    const milestonesPaid =
      rules.style === 'milestone'
        ? [...paid.byMilestone.entries()].filter(([m, c]) => m >= 1 && m <= rules.milestones.length && c > 0).map(([milestone, amountCents]) => ({ milestone, amountCents }))
        : undefined;
    const payout = payoutFrom(
      catalog,
      evaluation.context,
      {
        market: record.market as 'A' | 'B' | 'C' | undefined,
        milestonesPaid,
        paidToDateCents: rules.style === 'per-user' ? Math.max(0, paid.totalCents) : undefined,
      },
      evaluation.verdict,
    );
    return { payout, paid, program };
  } catch (e) {
    if (!(e instanceof EngineInputError)) throw e;
    return { payout: null, paid, program, problems: e.issues };
  }
}

/**
 * Whether a tracked workload has anything to reconcile on a date: an approved claim (its
 * earnings), or a claim whose status sets a deadline (a rejection to dispute, Partner action
 * required to answer).
 */
export function hasReconciliation(record: TrackedRecord, asOfDate: string): boolean {
  return record.claimStatus === 'approved' || claimDeadline(record, asOfDate) !== null;
}

/** What a claim can still earn if it stands: the record judged with its claim filed (null for per-user programs). */
function claimAtStake(record: TrackedRecord, history: readonly UsageMonth[], asOfDate: string, catalog: Catalog): number | null {
  const asFiled: TrackedRecord = claimIsFiled(record.claimStatus) ? record : { ...record, claimStatus: 'filed' };
  const evaluation = evaluateTracked(asFiled, history, asOfDate, catalog);
  return evaluation.judged ? (evaluation.derived.toEarnCents ?? null) : null;
}

/** The reconciliation lines of a tracked workload on a date (with its claim's line when the claim needs the partner). */
export function reconcileTracked(
  record: TrackedRecord & { market?: string | undefined },
  history: readonly UsageMonth[],
  asOfDate: string,
  earnings: readonly Earning[],
  ineligible: readonly Ineligibility[],
  catalog: Catalog = loadedCatalog(),
): ReconciliationLine[] {
  const result = payoutOfTracked(record, history, asOfDate, earnings, catalog);
  const program = result.program;
  const style = program?.payout.style === 'per-user' ? 'per-user' : 'milestone';
  const availableDay = program?.payout.style === 'per-user' ? program.payout.earningsAvailableDay : 16;
  const approved = record.claimStatus === 'approved' && record.claimApprovedDate !== undefined && record.claimApprovedDate <= asOfDate ? record.claimApprovedDate : null;
  const workload: ReconcileWorkload = {
    tenantId: record.tenantId,
    workload: record.workload,
    workloadName: catalog.workloads.resolve(record.workload)?.name ?? record.workload,
    customerName: record.customerName ?? null,
    segment: record.segment,
    cloud: record.cloud,
    country: record.country ?? null,
    claimApprovedDate: approved,
    style,
  };
  const claim = claimDeadline(record, asOfDate) === null ? null : claimLine(workload, record, asOfDate, claimAtStake(record, history, asOfDate, catalog));
  const lines = reconcileWorkload({
    workload,
    predicted: result.payout === null ? [] : predictedLines(result.payout.lines),
    earnings,
    ineligible,
    asOfDate,
    availableDay,
  });
  if (claim !== null) lines.push(claim);
  return lines;
}
