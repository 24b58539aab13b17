/**
 * No reason message contradicts its verdict (property): percentages shown sit on the side of
 * each threshold the exact ratio is on, and no seat promise sits next to a rule no purchase can
 * fix. Exclusions come first and name the seat minimum without promising seats.
 */
import fc from 'fast-check';
import { adviseClaim, checkEligibility, CLOUDS, STOPS_ALL_EARNINGS, type WorkloadFactsInput } from '../../shared';
import { securityFacts } from '../support/facts';

/** PAU and MAU, often right at a milestone's edge (15% or 40%, plus or minus a user). */
const seatsAndUsers = fc.oneof(
  fc.record({ pau: fc.integer({ min: 0, max: 30000 }), ratio: fc.double({ min: 0, max: 1.3, noNaN: true }) }).map(({ pau, ratio }) => ({ pau, mau: Math.floor(pau * ratio) })),
  fc
    .record({ pau: fc.integer({ min: 100, max: 30000 }), pct: fc.constantFrom(15, 40), delta: fc.integer({ min: -2, max: 2 }) })
    .map(({ pau, pct, delta }) => ({ pau, mau: Math.max(0, Math.floor((pau * pct) / 100) + delta) })),
);

const facts: fc.Arbitrary<WorkloadFactsInput> = fc
  .record({
    programId: fc.constantFrom('security-usage-fy25', 'security-usage-fy26', 'modern-work-usage-fy25'),
    asOfDate: fc.constantFrom('2025-03-31', '2025-06-30', '2025-11-15'),
    workload: fc.constantFrom('MDE', 'Intune', 'Exchange Online', 'Teams Phone', 'Copilot', 'Power Apps'),
    cloud: fc.constantFrom(...CLOUDS),
    segment: fc.constantFrom('Commercial', 'Education', 'Public sector' as const),
    now: seatsAndUsers,
    claim: fc.option(seatsAndUsers),
  })
  .map((r) => {
    const f: WorkloadFactsInput = {
      programId: r.programId,
      asOfDate: r.asOfDate,
      workload: r.workload,
      cloud: r.cloud,
      segment: r.segment,
      paidAvailableUnits: r.now.pau,
      monthlyActiveUsers: r.now.mau,
    };
    if (r.claim) Object.assign(f, { claimDate: '2025-01-10', claimApprovedDate: '2025-01-20', highWaterMark: r.claim.mau, paidAvailableUnitsAtClaim: r.claim.pau });
    return f;
  });

const pct = (text: string) => Number(text.replace('%', ''));

describe('no reason message contradicts its verdict (property)', () => {
  it('percentages shown sit on the side of each threshold the decision is on, and no seat promise sits next to an exclusion', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const v = checkEligibility(f);
        const advice = adviseClaim(f);
        const all = [...v.reasons, ...advice.reasons];
        for (const r of all) {
          const m = r.message;
          // "Milestone 1 (15%) is earnable: usage at claim 14.99% is below it."
          const earnable = /Milestone \d+ \((\d+)%\) is earnable: usage at claim ([\d.]+%)/.exec(m);
          if (earnable) expect(pct(earnable[2]!)).toBeLessThan(pct(earnable[1]!));
          // "Milestone 1 (15%) cannot be earned on this claim: usage at claim was already 15%."
          const before = /Milestone \d+ \((\d+)%\) cannot be earned on this claim: usage at claim was already ([\d.]+%)/.exec(m);
          if (before) expect(pct(before[2]!)).toBeGreaterThanOrEqual(pct(before[1]!));
          // "Claim now: usage is 14.99%, below milestone 1 (15%)."
          const claimNow = /usage is ([\d.]+%), below milestone \d+ \((\d+)%\)/.exec(m);
          if (claimNow) expect(pct(claimNow[1]!)).toBeLessThan(pct(claimNow[2]!));
          // "... already above milestone eligibility: the last milestone is 40% ..." with the usage at claim.
          const above = /Usage at claim \(([\d.]+%)\) was already above milestone eligibility: the last milestone is (\d+)%/.exec(m);
          if (above) expect(pct(above[1]!)).toBeGreaterThanOrEqual(pct(above[2]!));
        }
        // Each earnable milestone is decided on the exact ratio, and so is what the message shows.
        for (const e of v.earnableMilestones) expect(v.baseline.highWaterMark * 100).toBeLessThan(e.usagePct * v.baseline.paidAvailableUnits);
        const noPurchaseHelps = v.reasons.some((r) => STOPS_ALL_EARNINGS.has(r.code) || r.code === 'PROGRAM_NOT_ACTIVE');
        if (noPurchaseHelps) {
          for (const r of all) expect(r.message).not.toMatch(/more paid seats? (make|makes|is|are|would)|buys more seats|Claim as soon as/);
        }
        if (f.segment === 'Education' && f.monthlyActiveUsers > f.paidAvailableUnits) {
          for (const r of [...v.reasons, ...advice.reasons]) expect(r.message).not.toMatch(/more paid seats? (make|makes|would|are bought)|buys more seats/);
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe('exclusions first: no message promises seats', () => {
  for (const [label, facts] of [
    ['GCC High', securityFacts({ cloud: 'GCC High', paidAvailableUnits: 10, monthlyActiveUsers: 1 })],
    ['retired Teams Phone', { programId: 'modern-work-usage', asOfDate: '2025-03-31', workload: 'Teams Phone', paidAvailableUnits: 10, monthlyActiveUsers: 1 }],
    ['program not active', securityFacts({ programId: 'security-usage-fy25', asOfDate: '2025-11-01', paidAvailableUnits: 10, monthlyActiveUsers: 1 })],
  ] as const) {
    it(`${label}: the seat minimum is named, no seat purchase is promised`, () => {
      const v = checkEligibility(facts);
      expect(v.eligible).toBe(false);
      const text = v.reasons.map((r) => r.message).join(' ');
      expect(text).toContain('below the');
      expect(text).not.toMatch(/more paid seats? (make|makes)/);
      const a = adviseClaim(facts);
      expect(a.reasons.map((r) => r.message).join(' ')).not.toMatch(/more paid seats?|buys more seats/);
    });
  }
});

describe('Education with MAU above PAU, below the seat minimum', () => {
  it('advises no seat purchase, in the verdict or the advice (a case the property found)', () => {
    const f: WorkloadFactsInput = {
      programId: 'security-usage-fy26',
      asOfDate: '2025-11-15',
      workload: 'MDE',
      cloud: 'Commercial',
      segment: 'Education',
      paidAvailableUnits: 4,
      monthlyActiveUsers: 5,
    };
    const messages = [...checkEligibility(f).reasons, ...adviseClaim(f).reasons].map((r) => r.message);
    for (const m of messages) expect(m).not.toMatch(/more paid seats? (make|makes|would|are bought)|buys more seats/);
    expect(messages.join(' ')).toMatch(/PAU 4 is 146 short of the 150 seat minimum/);
    expect(messages.join(' ')).toMatch(/free student licences/);
  });
});
