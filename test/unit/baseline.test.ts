/**
 * R3. The baseline at claim: a filed claim is measured against the HWM and PAU at claim, and one
 * claim gives one answer whether given as its figures or as months.
 * Security usage FY25 (2024-10-01 to 2025-09-30): seat minimum 150, milestones 15% and 40%.
 */
import fc from 'fast-check';
import { checkEligibility, type EligibilityInput, type WorkloadFactsInput } from '../../shared';
import { securityFacts } from '../support/facts';

const codesOf = (rs: ReadonlyArray<{ code: string }>) => rs.map((r) => r.code);

function verdict(overrides: Partial<EligibilityInput>) {
  return checkEligibility(securityFacts(overrides));
}

describe('the baseline of a filed claim', () => {
  it("a filed claim is measured against its baseline, not today's usage", () => {
    const v = verdict({ monthlyActiveUsers: 300, claimDate: '2025-01-15', highWaterMark: 160, paidAvailableUnitsAtClaim: 1000 });
    expect(v.baseline).toMatchObject({ filed: true, highWaterMark: 160, usagePct: 16 });
    expect(v.earnableMilestones.map((m) => m.number)).toEqual([2]);
    expect(v.reasons.find((r) => r.code === 'MILESTONE_REACHED_BEFORE_CLAIM')!.message).toContain('usage at claim was already 16%');
  });
});

describe('one claim, one answer', () => {
  it('claim figures HWM 10 on 10 seats at claim count for nothing, as the same claim given as months does', () => {
    const now = { paidAvailableUnits: 1000, monthlyActiveUsers: 20, claimDate: '2025-01-10', claimApprovedDate: '2025-01-20' };
    const asFigures = checkEligibility(securityFacts({ ...now, highWaterMark: 10, paidAvailableUnitsAtClaim: 10 }));
    const asMonths = checkEligibility(
      securityFacts({
        ...now,
        usageHistory: [
          { month: '2024-12', paidAvailableUnits: 10, monthlyActiveUsers: 10 },
          { month: '2025-01', paidAvailableUnits: 10, monthlyActiveUsers: 10 },
        ],
      }),
    );
    expect(asMonths.eligible).toBe(true);
    expect(asFigures.eligible).toBe(asMonths.eligible);
    expect(asFigures.baseline.highWaterMark).toBe(0);
    expect(asFigures.earnableMilestones.map((m) => m.number)).toEqual([1, 2]);
    expect(asFigures.reasons.find((r) => r.code === 'BASELINE_AT_CLAIM')!.message).toContain('below the 150 seat minimum');
  });
});

/** PAU and MAU, often right at a milestone's edge (15% or 40%, plus or minus a user). */
const seatsAndUsers = fc.oneof(
  fc.record({ pau: fc.integer({ min: 0, max: 30000 }), ratio: fc.double({ min: 0, max: 1.3, noNaN: true }) }).map(({ pau, ratio }) => ({ pau, mau: Math.floor(pau * ratio) })),
  fc
    .record({ pau: fc.integer({ min: 100, max: 30000 }), pct: fc.constantFrom(15, 40), delta: fc.integer({ min: -2, max: 2 }) })
    .map(({ pau, pct, delta }) => ({ pau, mau: Math.max(0, Math.floor((pau * pct) / 100) + delta) })),
);

const MONTHS = ['2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03'];

describe('one claim, one answer (property)', () => {
  it('a filed claim given as its figures (prior HWM and PAU at claim) and as months gets the same verdict', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('security-usage-fy25', 'modern-work-usage-fy25'),
        fc.array(seatsAndUsers, { minLength: 1, maxLength: MONTHS.length }),
        seatsAndUsers,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (programId, months, now, typedRatio) => {
          const min = programId.startsWith('security') ? 150 : 300;
          const history = months.map((m, i) => ({ month: MONTHS[i]!, paidAvailableUnits: m.pau, monthlyActiveUsers: m.mau }));
          const claimMonth = history[history.length - 1]!;
          // What Partner Center shows on the claim: the highest MAU (paid users) of the months that count.
          let priorHwm = 0;
          for (const m of history) if (m.paidAvailableUnits >= min) priorHwm = Math.max(priorHwm, Math.min(m.monthlyActiveUsers, m.paidAvailableUnits));
          // Claim figures with PAU below the seat minimum count for nothing, whatever HWM they
          // carry (e.g. "HWM 10 on 10 seats at claim"): any HWM up to that PAU must agree.
          if (claimMonth.paidAvailableUnits < min) priorHwm = Math.floor(claimMonth.paidAvailableUnits * typedRatio);
          // Figures below the minimum count for nothing, yet months before the claim that counted
          // still raise the running HWM that later months are paid against (DOMAIN: HWM month by
          // month), and claim figures cannot carry them: such a history says more than figures
          // can, so only histories the figures describe fully are compared.
          fc.pre(claimMonth.paidAvailableUnits >= min || history.every((m) => m.paidAvailableUnits < min || m.monthlyActiveUsers === 0));
          const base: WorkloadFactsInput = {
            programId,
            asOfDate: '2025-06-30',
            workload: programId.startsWith('security') ? 'MDE' : 'Exchange Online',
            paidAvailableUnits: now.pau,
            monthlyActiveUsers: now.mau,
            claimDate: `${claimMonth.month}-20`,
            claimApprovedDate: `${claimMonth.month}-25`,
          };
          const asMonths = checkEligibility({ ...base, usageHistory: history });
          const asFigures = checkEligibility({ ...base, highWaterMark: priorHwm, paidAvailableUnitsAtClaim: claimMonth.paidAvailableUnits });
          expect(asFigures.eligible).toBe(asMonths.eligible);
          expect(asFigures.earnableMilestones).toEqual(asMonths.earnableMilestones);
          expect(asFigures.opportunityUnits).toBe(asMonths.opportunityUnits);
          expect(asFigures.baseline.highWaterMark).toBe(asMonths.baseline.highWaterMark);
          expect(codesOf(asFigures.reasons)).toEqual(codesOf(asMonths.reasons));
        },
      ),
      { numRuns: 400 },
    );
  });
});
