/**
 * What a customer workload pays (R4, R5, R6): the program's payout style decides the
 * computation; the partner cap then applies across many workloads. Every figure comes with a
 * line-by-line breakdown a person can check by hand.
 */
import { withFiguresReasons } from '../programs/figuresNotice';
import { z } from 'zod';
import { eligibilityFrom, STOPS_ALL_EARNINGS, type EligibilityVerdict, type EligibilityVerdictJson } from '../eligibility';
import { EngineInputError, parseWith } from '../errors';
import { assertFactsOrder, checkFacts, contextFor, factsFromValues, factsProblems, normalizeFacts, workloadFactsShape, type WorkloadContext } from '../facts';
import { fastArray, fastStrictObject, SLOW, withFast } from '../fastPath';
import { partnerIdSchema } from '../ids';
import { formatMoney } from '../format';
import { defaultCatalog, type Catalog } from '../programs/catalog';
import { reason, reasonsJson, type Reason, type ReasonJson } from '../reasons';
import { cents, isoDate } from '../validation';
import { marketSchema } from '../vocabulary';
import type { PayoutLine } from './lines';
import { milestonePayoutFrom } from './milestonePayout';
import { capPerProgramYear, CapSettingSchema, type PartnerCapGroup } from './partnerCapGroups';
import { perUserPayoutFrom, type PerUserExplanation } from './perUserPayout';

const milestonePaidShape = {
  milestone: withFast(z.number().int().min(1), (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : SLOW)),
  amountCents: cents(),
};
const MAX_MILESTONES_PAID = 20;

const payoutShape = {
  ...workloadFactsShape,
  /** Per-user programs: the customer's market (A, B or C) sets the rate. */
  market: marketSchema().optional(),
  /** Milestone programs: what was already paid, per milestone. */
  milestonesPaid: withFast(z.array(z.strictObject(milestonePaidShape)).max(MAX_MILESTONES_PAID), fastArray(fastStrictObject(milestonePaidShape), MAX_MILESTONES_PAID)).optional(),
  /** Per-user programs: what was already paid on this claim, in cents. */
  paidToDateCents: cents().optional(),
};

/** True when no milestone is listed twice as paid. */
function milestonesOnce(paid: readonly { milestone: number }[] | undefined): boolean {
  if (paid === undefined || paid.length < 2) return true;
  return new Set(paid.map((m) => m.milestone)).size === paid.length;
}

assertFactsOrder(payoutShape);
const fastPayoutFields = fastStrictObject(payoutShape, (v) => factsFromValues<z.output<z.ZodObject<typeof payoutShape, z.core.$strict>>>(v));

/** A payout question's input; valid input takes validation's fast path (see WorkloadFactsSchema). */
export const PayoutInputSchema = withFast(
  z
    .strictObject(payoutShape)
    .check((ctx) => {
      checkFacts(ctx);
      const seen = new Set<number>();
      ctx.value.milestonesPaid?.forEach((m, i) => {
        if (seen.has(m.milestone)) ctx.issues.push({ code: 'custom', path: ['milestonesPaid', i, 'milestone'], message: `milestone ${m.milestone} appears twice`, input: m });
        seen.add(m.milestone);
      });
    })
    .transform((f) => normalizeFacts(f)),
  (input) => {
    const f = fastPayoutFields(input);
    return f === SLOW || factsProblems(f).length > 0 || !milestonesOnce(f.milestonesPaid) ? SLOW : f;
  },
);
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
  /** Per-user programs: opportunity units (opportunityUnits.ts), the number the verdict and advice show; null for milestones. */
  opportunityUnits: number | null;
  lines: PayoutLine[];
  eligibility: EligibilityVerdict;
  readonly reasons: Reason[];
  /** The payout as JSON carries it (what JSON.stringify writes). */
  toJSON(): PayoutResultJson;
}

/** A payout as JSON carries it: everything written, reasons as plain objects. */
export type PayoutResultJson = Omit<PayoutResult, 'lines' | 'eligibility' | 'reasons' | 'toJSON'> & {
  lines: Array<Omit<PayoutLine, 'reasons'> & { reasons: ReasonJson[] }>;
  eligibility: EligibilityVerdictJson;
  reasons: ReasonJson[];
};

/** The breakdown of a payout: its lines and its reasons. */
interface Breakdown {
  lines: PayoutLine[];
  reasons: Reason[];
}

type PaidInput = Pick<ParsedPayoutInput, 'market' | 'milestonesPaid' | 'paidToDateCents'>;

/**
 * A payout decides its totals at once and writes its breakdown (lines and reasons) the first
 * time either is read, or when it is serialised, by running the same computation again with a
 * pen. A batch that only needs the totals never builds them.
 */
class Payout implements PayoutResult {
  readonly programId: string;
  readonly programName: string;
  readonly style: 'milestone' | 'per-user';
  readonly currency: string;
  readonly #ctx: WorkloadContext;
  readonly #paid: PaidInput;
  readonly #paidByMilestone: readonly number[];
  #breakdown: Breakdown | null = null;

  constructor(
    ctx: WorkloadContext,
    paid: PaidInput,
    paidByMilestone: readonly number[],
    readonly canEarn: boolean,
    readonly earnedCents: number,
    readonly alreadyPaidCents: number,
    readonly owedCents: number,
    readonly potentialCents: number,
    readonly cappedCents: number,
    readonly opportunityUnits: number | null,
    readonly eligibility: EligibilityVerdict,
  ) {
    const program = ctx.program;
    this.programId = program.id;
    this.programName = program.name;
    this.style = program.payout.style;
    this.currency = program.currency;
    this.#ctx = ctx;
    this.#paid = paid;
    this.#paidByMilestone = paidByMilestone;
  }

  #written(): Breakdown {
    if (this.#breakdown === null) {
      this.#breakdown = this.#write();
      withFiguresReasons(this.#breakdown.reasons, this.#ctx.program);
    }
    return this.#breakdown;
  }

  #write(): Breakdown {
    const ctx = this.#ctx;
    const program = ctx.program;
    const rules = program.payout;
    if (!this.canEarn) {
      // The rules that stop all earnings.
      const stops = this.eligibility.reasons.filter((r) => STOPS_ALL_EARNINGS.has(r.code));
      const paid = this.alreadyPaidCents;
      stops.push(
        reason(
          'NOTHING_TO_CLAIM',
          paid > 0 ? { programId: program.id, alreadyPaidCents: paid } : { programId: program.id },
          () => `This workload earns nothing in ${program.name}${paid > 0 ? `; ${formatMoney(paid, program.currency)} paid before is not owed again` : ''}.`,
        ),
      );
      return { lines: [], reasons: stops };
    }
    if (rules.style === 'milestone') {
      const lines: PayoutLine[] = [];
      milestonePayoutFrom(ctx, rules, this.#paidByMilestone, lines);
      const money = (c: number) => formatMoney(c, program.currency);
      const { earnedCents, alreadyPaidCents, owedCents, potentialCents } = this;
      const summary = reason(
        owedCents > 0 ? 'MILESTONE_EARNED' : 'MILESTONE_NOT_YET_REACHED',
        { earnedCents, alreadyPaidCents, owedCents, potentialCents },
        () => `Earned ${money(earnedCents)}, paid ${money(alreadyPaidCents)}, owed ${money(owedCents)}; ${money(potentialCents)} more is possible at today's band.`,
      );
      return { lines, reasons: [summary] };
    }
    const out: PerUserExplanation = { lines: [], reasons: [] };
    perUserPayoutFrom(ctx, rules, this.#paid.market!, this.#paid.paidToDateCents ?? 0, out);
    return out;
  }

  get lines(): PayoutLine[] {
    return this.#written().lines;
  }

  get reasons(): Reason[] {
    return this.#written().reasons;
  }

  toJSON(): PayoutResultJson {
    return {
      programId: this.programId,
      programName: this.programName,
      style: this.style,
      currency: this.currency,
      canEarn: this.canEarn,
      earnedCents: this.earnedCents,
      alreadyPaidCents: this.alreadyPaidCents,
      owedCents: this.owedCents,
      potentialCents: this.potentialCents,
      cappedCents: this.cappedCents,
      opportunityUnits: this.opportunityUnits,
      lines: this.lines.map((line) => ({ ...line, reasons: reasonsJson(line.reasons) })),
      eligibility: this.eligibility.toJSON(),
      reasons: reasonsJson(this.reasons),
    };
  }
}

const NOTHING_PAID: readonly number[] = [];

/** Payout from an already derived context (the engine's fast path). */
export function payoutFrom(catalog: Catalog, ctx: WorkloadContext, p: PaidInput, eligibility = eligibilityFrom(catalog, ctx)): PayoutResult {
  const program = ctx.program;
  const rules = program.payout;
  if (rules.style === 'per-user' && p.market === undefined) {
    throw new EngineInputError([{ path: 'market', code: 'custom', message: `is required for ${program.name}: its per-user rate depends on the market (A, B or C)` }]);
  }
  if (eligibility.stopsAllEarnings) {
    const paid = rules.style === 'milestone' ? sumPaid(p.milestonesPaid) : (p.paidToDateCents ?? 0);
    return new Payout(ctx, p, NOTHING_PAID, false, 0, paid, 0, 0, 0, null, eligibility);
  }
  if (rules.style === 'milestone') {
    let paidBy = NOTHING_PAID;
    if (p.milestonesPaid !== undefined && p.milestonesPaid.length > 0) {
      // Paid per milestone, indexed by milestone number (a Map costs more than it saves here).
      const byNumber: number[] = [];
      for (const m of p.milestonesPaid) {
        if (m.milestone > rules.milestones.length) {
          throw new EngineInputError([{ path: 'milestonesPaid', code: 'custom', message: `names milestone ${m.milestone}, but ${program.name} has ${rules.milestones.length} milestones` }]);
        }
        byNumber[m.milestone] = m.amountCents;
      }
      paidBy = byNumber;
    }
    const r = milestonePayoutFrom(ctx, rules, paidBy, null);
    return new Payout(ctx, p, paidBy, true, r.earnedCents, r.paidCents, r.owedCents, r.potentialCents, 0, null, eligibility);
  }
  const r = perUserPayoutFrom(ctx, rules, p.market!, p.paidToDateCents ?? 0, null);
  return new Payout(ctx, p, NOTHING_PAID, true, r.earnedCents, r.paidCents, r.owedCents, r.potentialCents, r.cappedCents, r.opportunityUnits, eligibility);
}

function sumPaid(paid: ReadonlyArray<{ amountCents: number }> | undefined): number {
  let total = 0;
  if (paid !== undefined) for (const m of paid) total += m.amountCents;
  return total;
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
  /** The partner's cap per program year (each year's items capped on their own); the program's default cap without it. */
  partnerCapCents: cents().optional(),
  /** Earned earlier in the same program year, before these workloads: only for a batch of one program year (else see caps). */
  earnedBeforeCents: cents().default(0),
  /** Per program year: its own cap and what was earned before the batch. */
  caps: z.array(CapSettingSchema).max(100).optional(),
  asOfDate: isoDate().optional(),
  items: z.array(z.unknown()).min(1, { error: 'needs at least one workload' }).max(10_000, { error: 'can hold at most 10,000 workloads' }),
});
export type PayoutBatchInput = z.input<typeof PayoutBatchInputSchema>;

export interface PayoutBatchResult {
  items: PayoutResult[];
  /** The partner cap per program year (and program), groups in the order of their first item. */
  partnerCaps: PartnerCapGroup[];
  /** Payable after the caps, over every group. */
  payableCents: number;
  /** Held back by the caps, over every group. */
  cappedCents: number;
  reasons: Reason[];
}

/**
 * Payouts of many workloads of one partner, then the partner cap of each program year across
 * that year's workloads in the order given (R6). Bad items are reported with their index
 * (`items[3].paidAvailableUnits`).
 */
export function calculatePayouts(input: PayoutBatchInput, catalog: Catalog = defaultCatalog): PayoutBatchResult {
  const batch = parseWith(PayoutBatchInputSchema, input);
  const results: PayoutResult[] = [];
  /** Each item's date: its cap is the one in force then (amendments, see programs/amendments.ts). */
  const asOfDates: string[] = [];
  const issues: EngineInputError['issues'] = [];
  batch.items.forEach((raw, i) => {
    try {
      results.push(calculatePayout(raw as PayoutInput, catalog));
      asOfDates.push(String((raw as { asOfDate?: unknown }).asOfDate ?? ''));
    } catch (e) {
      if (!(e instanceof EngineInputError)) throw e;
      for (const issue of e.issues) issues.push({ ...issue, path: `items[${i}]${issue.path ? `.${issue.path}` : ''}` });
    }
  });
  if (issues.length > 0) throw new EngineInputError(issues);
  const groups = capPerProgramYear(
    results.map((r, i) => ({ id: `items[${i}] ${r.eligibility.workload}`, amountCents: r.owedCents, program: catalog.inForce(catalog.get(r.programId)!, asOfDates[i]!) })),
    { partnerCapCents: batch.partnerCapCents, earnedBeforeCents: batch.earnedBeforeCents, caps: batch.caps },
  );
  let payable = 0;
  let capped = 0;
  const reasons: Reason[] = [];
  for (const g of groups) {
    payable += g.payableCents;
    capped += g.cappedCents;
    for (const r of g.reasons) reasons.push(r);
  }
  return { items: results, partnerCaps: groups, payableCents: payable, cappedCents: capped, reasons };
}
