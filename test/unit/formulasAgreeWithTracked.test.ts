/**
 * A workbook with a workload's usage history gets the answer its tracked record gets: the
 * formulas CPOR_ELIGIBLE, CPOR_WHY, CLAIM_ADVICE, MILESTONE and PAYOUT given the record's
 * fields and its monthly usage (month, PAU, MAU) against the one evaluator of a tracked
 * record (functions/storage/evaluateTracked.ts), on generated histories and claims.
 */
import fc from 'fast-check';
import { calculatePayout, type PayoutInput } from '../../shared';
import { evaluateTracked, type TrackedRecord } from '../../functions/storage/evaluateTracked';
import { TrackedWorkloadSchema } from '../../functions/storage/trackedWorkload';
import { claimAdvice, cporEligible, cporWhy, milestone, nextMilestone, payout } from '../../addin/src/formulas';

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';
const AS_OF = '2026-11-22';
const cell = <T>(v: T) => [[v]];
const OMITTED = null as unknown as unknown[][];
/** The months of FY26 and FY27 up to the as-of month, oldest first. */
const MONTHS = Array.from({ length: 18 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 5 + i, 1));
  return d.toISOString().slice(0, 7);
});

const historyArb = fc
  .record({
    first: fc.integer({ min: 0, max: 12 }),
    start: fc.integer({ min: 20, max: 3000 }),
    growth: fc.array(fc.record({ pau: fc.integer({ min: -50, max: 200 }), pct: fc.integer({ min: 0, max: 110 }) }), { minLength: 1, maxLength: 18 }),
  })
  .map(({ first, start, growth }) => {
    let pau = start;
    return growth
      .map((g, i) => {
        pau = Math.max(0, pau + g.pau);
        return { month: MONTHS[first + i], paidAvailableUnits: pau, monthlyActiveUsers: Math.floor((pau * g.pct) / 100) };
      })
      .filter((m): m is { month: string; paidAvailableUnits: number; monthlyActiveUsers: number } => m.month !== undefined);
  });

const recordArb = fc.record({
  workload: fc.constantFrom('defender-for-endpoint', 'intune', 'exchange-online', 'teams', 'defender-for-identity'),
  history: historyArb,
  claim: fc.option(fc.record({ monthsAgo: fc.integer({ min: 0, max: 14 }), approved: fc.boolean() }), { nil: undefined }),
  cloud: fc.constantFrom('Commercial', 'Commercial', 'GCC'),
  licenseProgram: fc.constantFrom('CSP', 'CSP', 'EA'),
  poeDaysAgo: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
});

const isoDaysAgo = (days: number) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

type Generated = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function scenario(g: Generated) {
  const latest = g.history[g.history.length - 1]!;
  const claimDate = g.claim ? `${MONTHS[MONTHS.length - 1 - g.claim.monthsAgo]!}-10` : undefined;
  const fields = TrackedWorkloadSchema.parse({
    customerName: 'Contoso',
    programId: g.workload.startsWith('defender') || g.workload === 'intune' ? 'security-usage' : 'modern-work-usage',
    paidAvailableUnits: latest.paidAvailableUnits,
    monthlyActiveUsers: latest.monthlyActiveUsers,
    cloud: g.cloud,
    licenseProgram: g.licenseProgram,
    ...(claimDate ? { claimStatus: g.claim!.approved ? 'approved' : 'filed', claimDate, ...(g.claim!.approved ? { claimApprovedDate: claimDate.slice(0, 8) + '20' } : {}) } : {}),
    ...(g.poeDaysAgo !== undefined ? { poeAcknowledgementDate: isoDaysAgo(g.poeDaysAgo) } : {}),
  });
  const record = { ...fields, tenantId: TENANT, workload: g.workload } as TrackedRecord;
  const range = g.history.map((m: { month: string; paidAvailableUnits: number; monthlyActiveUsers: number }) => [m.month, m.paidAvailableUnits, m.monthlyActiveUsers]);
  return { record, range };
}

/** The formulas' answers for a record and its history range, as a workbook would type them. */
function formulaAnswers(r: TrackedRecord, range: unknown[][]) {
  const args = [
    cell(r.workload),
    cell(r.paidAvailableUnits),
    cell(r.monthlyActiveUsers),
    cell(AS_OF),
    cell(r.programId),
    cell(r.cloud),
    cell(r.licenseProgram),
    r.claimDate === undefined ? OMITTED : cell(r.claimDate),
    OMITTED,
    OMITTED,
  ] as const;
  const approved = r.claimApprovedDate === undefined ? OMITTED : cell(r.claimApprovedDate);
  return {
    eligible: cporEligible(...args, approved, range)[0]![0],
    why: cporWhy(...args, approved, range)[0]![0],
    advice: claimAdvice(...args, r.poeAcknowledgementDate === undefined ? OMITTED : cell(r.poeAcknowledgementDate), approved, range)[0]![0],
    milestone: milestone(...args, approved, range)[0]![0],
    payout: payout(
      cell(r.workload),
      cell(r.paidAvailableUnits),
      cell(r.monthlyActiveUsers),
      cell(AS_OF),
      cell(r.programId),
      cell('A'),
      r.claimDate === undefined ? OMITTED : cell(r.claimDate),
      r.claimApprovedDate === undefined ? OMITTED : cell(r.claimApprovedDate),
      OMITTED,
      OMITTED,
      cell(r.cloud),
      cell(r.licenseProgram),
      OMITTED,
      range,
    )[0]![0],
  };
}

describe('formulas with a usage history agree with the tracked record', () => {
  it('on generated histories, claims, clouds, licence programs and POE dates', () => {
    let judged = 0;
    fc.assert(
      fc.property(recordArb, (g) => {
        const { record, range } = scenario(g);
        const evaluation = evaluateTracked(record, g.history, AS_OF);
        const answers = formulaAnswers(record, range);
        if (!evaluation.judged) {
          // What the store cannot judge, the formula refuses, naming the argument.
          expect(answers.eligible).toMatchObject({ code: '#VALUE!' });
          return;
        }
        judged++;
        const { verdict, facts, derived } = evaluation;
        expect(answers.eligible).toBe(verdict.eligible);
        expect(answers.why).toBe(verdict.reasons.map((x) => `${x.code}: ${x.message}`).join('; '));
        expect(answers.advice).toBe(derived.advice);
        expect(answers.milestone).toBe(nextMilestone(verdict));
        const p = calculatePayout({ ...facts, market: 'A' } as PayoutInput);
        expect(answers.payout).toBe((p.owedCents + p.potentialCents) / 100);
      }),
      { numRuns: 300, seed: 18 },
    );
    // The property is about judged records, not only refusals.
    expect(judged).toBeGreaterThan(150);
  });

  it('without the history a filed claim has no baseline and the formula differs from the record', () => {
    const history = [
      { month: '2026-08', paidAvailableUnits: 1000, monthlyActiveUsers: 90 },
      { month: '2026-09', paidAvailableUnits: 1000, monthlyActiveUsers: 100 },
      { month: '2026-10', paidAvailableUnits: 1000, monthlyActiveUsers: 180 },
    ];
    const { record, range } = scenario({ workload: 'defender-for-endpoint', history, claim: { monthsAgo: 2, approved: true }, cloud: 'Commercial', licenseProgram: 'CSP', poeDaysAgo: 30 });
    const evaluation = evaluateTracked(record, history, AS_OF);
    expect(evaluation.judged).toBe(true);
    const withHistory = formulaAnswers(record, range);
    const withoutHistory = formulaAnswers(record, OMITTED as unknown as unknown[][]);
    expect(withHistory.eligible).toBe(true);
    expect(withHistory.milestone).toBe(evaluation.judged ? nextMilestone(evaluation.verdict) : -1);
    expect(withoutHistory.eligible).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('highWaterMark') });
  });

  it('leaves out months after the as-of month, as the tracked record does', () => {
    const range = [
      ['2026-10', 1000, 100],
      ['2026-11', 1000, 120],
      ['2027-01', 10, 1],
    ];
    expect(cporEligible(cell('MDE'), cell(1000), cell(120), cell(AS_OF), OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, range)).toEqual([[true]]);
  });
});
