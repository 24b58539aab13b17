/**
 * What a customer workload pays (R4, R5, R6): the program's payout style decides the
 * computation; the partner cap then applies across many workloads. Every figure comes with a
 * line-by-line breakdown a person can check by hand.
 */
import { z } from 'zod';
import { eligibilityFrom, type EligibilityVerdict } from '../eligibility';
import { EngineInputError, parseWith } from '../errors';
import { checkFacts, contextFor, normalizeFacts, partnerIdSchema, workloadFactsShape, type WorkloadContext } from '../facts';
import { formatMoney } from '../format';
import { defaultCatalog, type Catalog } from '../programs/catalog';
import { reason, type Reason, type ReasonCode } from '../reasons';
import { cents, isoDate } from '../validation';
import { marketSchema } from '../vocabulary';
import type { PayoutLine } from './lines';
import { milestonePayoutFrom } from './milestonePayout';
import { applyPartnerCapTo, type PartnerCapResult } from './partnerCap';
import { perUserPayoutFrom } from './perUserPayout';

const payoutShape = {
  ...workloadFactsShape,
  /** Per-user programs: the customer's market (A, B or C) sets the rate. */
  market: marketSchema().optional(),
  /** Milestone programs: what was already paid, per milestone. */
  milestonesPaid: z
    .array(z.strictObject({ milestone: z.number().int().min(1), amountCents: cents() }))
    .max(20)
    .optional(),
  /** Per-user programs: what was already paid on this claim, in cents. */
  paidToDateCents: cents().optional(),
};

export const PayoutInputSchema = z.strictObject(payoutShape).check((ctx) => {
  checkFacts(ctx);
  const seen = new Set<number>();
  ctx.value.milestonesPaid?.forEach((m, i) => {
    if (seen.has(m.milestone)) ctx.issues.push({ code: 'custom', path: ['milestonesPaid', i, 'milestone'], message: `milestone ${m.milestone} appears twice`, input: m });
    seen.add(m.milestone);
  });
}).transform((f) => normalizeFacts(f));
export type PayoutInput = z.input<typeof PayoutInputSchema>;
type ParsedPayoutInput = z.output<typeof PayoutInputSchema>;

export interface PayoutResult {
  programId: string;
  programName: string;
  style: 'milestone' | 'per-user';
  currency: string;
  /** False when a rule stops this workload from earning at all (see reasons). */
  canEarn: boolean;
  /** Earned on this claim to date, in cents (after the per-workload cap). */
  earnedCents: number;
  alreadyPaidCents: number;
  /** Earned and not yet paid. */
  owedCents: number;
  /** What could still be earned on this claim, in cents. */
  potentialCents: number;
  /** Held back by the per-workload cap. */
  cappedCents: number;
  lines: PayoutLine[];
  eligibility: EligibilityVerdict;
  reasons: Reason[];
}

/** Blocking reasons that stop all earnings; the others are decided month by month or per milestone. */
const STOPS_ALL_EARNINGS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'WORKLOAD_NOT_IN_PROGRAM',
  'WORKLOAD_RETIRED',
  'WORKLOAD_PAYS_NO_INCENTIVE',
  'EXCLUDED_CLOUD',
  'EXCLUDED_GEOGRAPHY',
  'LICENSE_PROGRAM_NOT_ALLOWED',
  'ASSOCIATION_NOT_ALLOWED',
  'DPOR_NOT_FOR_LICENSE_PROGRAM',
  'CSP_TIER_NOT_FOR_LICENSE_PROGRAM',
  'WORKLOAD_CLAIMED_BY_OTHER_PARTNER',
]);

/** Payout from an already derived context (the engine's fast path). */
export function payoutFrom(catalog: Catalog, ctx: WorkloadContext, p: Pick<ParsedPayoutInput, 'market' | 'milestonesPaid' | 'paidToDateCents'>, eligibility = eligibilityFrom(catalog, ctx)): PayoutResult {
  const { program } = ctx;
  const stops = eligibility.eligible ? [] : eligibility.reasons.filter((r) => STOPS_ALL_EARNINGS.has(r.code));
  // Built as one literal (object spreads cost microseconds on this hot path).
  const result = (canEarn: boolean, earned: number, paid: number, owed: number, potential: number, capped: number, lines: PayoutLine[], reasons: Reason[]): PayoutResult => ({
    programId: program.id,
    programName: program.name,
    style: program.payout.style,
    currency: program.currency,
    canEarn,
    earnedCents: earned,
    alreadyPaidCents: paid,
    owedCents: owed,
    potentialCents: potential,
    cappedCents: capped,
    lines,
    eligibility,
    reasons,
  });
  if (program.payout.style === 'per-user' && p.market === undefined) {
    throw new EngineInputError([{ path: 'market', code: 'custom', message: `is required for ${program.name}: its per-user rate depends on the market (A, B or C)` }]);
  }
  if (stops.length > 0) {
    const paid = program.payout.style === 'milestone' ? (p.milestonesPaid ?? []).reduce((s, m) => s + m.amountCents, 0) : (p.paidToDateCents ?? 0);
    stops.push(reason('NOTHING_TO_CLAIM', () => `This workload earns nothing in ${program.name}${paid > 0 ? `; ${formatMoney(paid, program.currency)} paid before is not owed again` : ''}.`));
    return result(false, 0, paid, 0, 0, 0, [], stops);
  }
  if (program.payout.style === 'milestone') {
    // Paid per milestone, indexed by milestone number (a Map costs more than it saves here).
    const paidBy: number[] = [];
    for (const m of p.milestonesPaid ?? []) {
      if (m.milestone > program.payout.milestones.length) {
        throw new EngineInputError([{ path: 'milestonesPaid', code: 'custom', message: `names milestone ${m.milestone}, but ${program.name} has ${program.payout.milestones.length} milestones` }]);
      }
      paidBy[m.milestone] = m.amountCents;
    }
    const r = milestonePayoutFrom(ctx, program.payout, paidBy);
    const money = (c: number) => formatMoney(c, program.currency);
    const summary = reason(r.owedCents > 0 ? 'MILESTONE_EARNED' : 'MILESTONE_NOT_YET_REACHED', () => `Earned ${money(r.earnedCents)}, paid ${money(r.paidCents)}, owed ${money(r.owedCents)}; ${money(r.potentialCents)} more is possible at today's band.`);
    return result(true, r.earnedCents, r.paidCents, r.owedCents, r.potentialCents, 0, r.lines, [summary]);
  }
  const r = perUserPayoutFrom(ctx, program.payout, p.market!, p.paidToDateCents ?? 0);
  return result(true, r.earnedCents, r.paidCents, r.owedCents, r.potentialCents, r.cappedCents, r.lines, r.reasons);
}

/**
 * What one customer workload has earned, is owed and could still earn, line by line.
 * @example calculatePayout({ programId: 'security-usage', asOfDate: '2025-06-30', workload: 'MDE',
 *   paidAvailableUnits: 1000, monthlyActiveUsers: 160, claimDate: '2025-01-10', claimApprovedDate: '2025-01-20',
 *   highWaterMark: 90, paidAvailableUnitsAtClaim: 1000 }).owedCents // => 400000 (milestone 1 at band M)
 */
export function calculatePayout(input: PayoutInput, catalog: Catalog = defaultCatalog): PayoutResult {
  const p = parseWith(PayoutInputSchema, input);
  return payoutFrom(catalog, contextFor(catalog, p), p);
}

export const PayoutBatchInputSchema = z.strictObject({
  partnerId: partnerIdSchema().optional(),
  /** The partner's cap for the program year; the program's default cap without it. */
  partnerCapCents: cents().optional(),
  /** Earned earlier in the same program year, before these workloads. */
  earnedBeforeCents: cents().default(0),
  asOfDate: isoDate().optional(),
  items: z.array(z.unknown()).min(1, { error: 'needs at least one workload' }).max(10_000, { error: 'can hold at most 10,000 workloads' }),
});
export type PayoutBatchInput = z.input<typeof PayoutBatchInputSchema>;

export interface PayoutBatchResult {
  items: PayoutResult[];
  partnerCap: PartnerCapResult;
  reasons: Reason[];
}

/**
 * Payouts of many workloads of one partner, then the partner cap across them in the order
 * given (R6). Bad items are reported with their index (`items[3].paidAvailableUnits`).
 */
export function calculatePayouts(input: PayoutBatchInput, catalog: Catalog = defaultCatalog): PayoutBatchResult {
  const batch = parseWith(PayoutBatchInputSchema, input);
  const results: PayoutResult[] = [];
  const issues: EngineInputError['issues'] = [];
  batch.items.forEach((raw, i) => {
    try {
      results.push(calculatePayout(raw as PayoutInput, catalog));
    } catch (e) {
      if (!(e instanceof EngineInputError)) throw e;
      for (const issue of e.issues) issues.push({ ...issue, path: `items[${i}]${issue.path ? `.${issue.path}` : ''}` });
    }
  });
  if (issues.length > 0) throw new EngineInputError(issues);
  const first = results[0]!;
  const currencies = new Set(results.map((r) => r.currency));
  if (currencies.size > 1) {
    throw new EngineInputError([{ path: 'items', code: 'custom', message: `mix currencies (${[...currencies].join(', ')}); a partner cap applies to one currency` }]);
  }
  const program = catalog.get(first.programId)!;
  const cap = batch.partnerCapCents ?? program.defaultPartnerCapCents;
  const capResult = applyPartnerCapTo(
    cap,
    batch.earnedBeforeCents,
    results.map((r, i) => ({ id: `items[${i}] ${r.eligibility.workload}`, amountCents: r.owedCents })),
    first.currency,
  );
  return { items: results, partnerCap: capResult, reasons: capResult.reasons };
}
