import fc from 'fast-check';
import {
  adviseClaim,
  applyPartnerCap,
  BLOCKING_CODES,
  calculatePayout,
  checkEligibility,
  CLOUDS,
  defaultCatalog,
  LICENSE_PROGRAMS,
  sizeBand,
  STOPS_ALL_EARNINGS,
  type PayoutInput,
} from '../../shared';

const programIds = ['security-usage-fy25', 'security-usage-fy26', 'modern-work-usage-fy25', 'modern-work-usage-fy26'];
const workloads = ['MDE', 'Intune', 'Exchange Online', 'Teams', 'Teams Phone', 'Copilot', 'Power Apps', 'Sentinel', 'Entra ID P2'];
const BAND_ORDER = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL'];

const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => {
  const d = new Date(Date.UTC(2024, 9, 1) + n * 86400000);
  return d.toISOString().slice(0, 10);
});

/** Random but valid payout facts, with or without a filed claim and a usage history. */
const payoutFacts: fc.Arbitrary<PayoutInput> = fc
  .record({
    programId: fc.constantFrom(...programIds),
    asOfDate: day,
    workload: fc.constantFrom(...workloads),
    paidAvailableUnits: fc.integer({ min: 0, max: 30000 }),
    mauRatio: fc.double({ min: 0, max: 1.3, noNaN: true }),
    cloud: fc.constantFrom(...CLOUDS),
    licenseProgram: fc.constantFrom(...LICENSE_PROGRAMS),
    market: fc.constantFrom('A', 'B', 'C' as const),
    claim: fc.option(fc.record({ daysBefore: fc.integer({ min: 0, max: 500 }), approvalLag: fc.integer({ min: 0, max: 60 }), hwmRatio: fc.double({ min: 0, max: 1, noNaN: true }) })),
    history: fc.array(fc.record({ monthsBack: fc.integer({ min: 0, max: 24 }), pau: fc.integer({ min: 0, max: 30000 }), mauRatio: fc.double({ min: 0, max: 1.2, noNaN: true }) }), { maxLength: 8 }),
    paid: fc.integer({ min: 0, max: 5_000_00 }),
  })
  .map((r) => {
    const facts: PayoutInput = {
      programId: r.programId,
      asOfDate: r.asOfDate,
      workload: r.workload,
      paidAvailableUnits: r.paidAvailableUnits,
      monthlyActiveUsers: Math.floor(r.paidAvailableUnits * r.mauRatio),
      cloud: r.cloud,
      licenseProgram: r.licenseProgram,
      market: r.market,
    };
    const asOf = new Date(`${r.asOfDate}T00:00:00Z`);
    const months = new Map<string, { month: string; paidAvailableUnits: number; monthlyActiveUsers: number }>();
    for (const h of r.history) {
      const d = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - h.monthsBack, 1));
      const month = d.toISOString().slice(0, 7);
      months.set(month, { month, paidAvailableUnits: h.pau, monthlyActiveUsers: Math.floor(h.pau * h.mauRatio) });
    }
    if (months.size > 0) facts.usageHistory = [...months.values()];
    if (r.claim) {
      const claimDate = new Date(asOf.getTime() - r.claim.daysBefore * 86400000).toISOString().slice(0, 10);
      const approved = new Date(Math.min(asOf.getTime(), new Date(`${claimDate}T00:00:00Z`).getTime() + r.claim.approvalLag * 86400000)).toISOString().slice(0, 10);
      facts.claimDate = claimDate;
      facts.claimApprovedDate = approved;
      facts.paidAvailableUnitsAtClaim = Math.max(1, r.paidAvailableUnits);
      facts.highWaterMark = Math.floor(facts.paidAvailableUnitsAtClaim * r.claim.hwmRatio);
      facts.milestonesPaid = r.programId.startsWith('security') ? [{ milestone: 1, amountCents: r.paid }] : undefined;
      facts.paidToDateCents = r.programId.startsWith('modern') ? r.paid : undefined;
    }
    return facts;
  });

describe('properties', () => {
  it('the size band never decreases when PAU grows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...programIds), fc.integer({ min: 0, max: 50000 }), fc.integer({ min: 0, max: 50000 }), (programId, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const bandLow = BAND_ORDER.indexOf(sizeBand({ programId, paidAvailableUnits: low }).band);
        const bandHigh = BAND_ORDER.indexOf(sizeBand({ programId, paidAvailableUnits: high }).band);
        return bandLow >= 0 && bandLow <= bandHigh;
      }),
      { numRuns: 2000 },
    );
  });

  it('an ineligible verdict always has at least one blocking reason, and an eligible one none', () => {
    fc.assert(
      fc.property(payoutFacts, (facts) => {
        const { market: _m, milestonesPaid: _p, paidToDateCents: _t, ...eligibilityFacts } = facts;
        const v = checkEligibility(eligibilityFacts);
        const blocking = v.reasons.filter((r) => BLOCKING_CODES.has(r.code));
        expect(v.reasons.length).toBeGreaterThan(0);
        expect(blocking.length > 0).toBe(!v.eligible);
        // The decision (made without writing reasons) matches the explanation.
        expect(v.stopsAllEarnings).toBe(v.reasons.some((r) => STOPS_ALL_EARNINGS.has(r.code)));
        for (const r of v.reasons) expect(r.message).not.toMatch(/NaN|undefined|Infinity/);
        // Claim advice for the same facts always says what to do, with a sentence.
        const advice = adviseClaim(eligibilityFacts);
        expect(JSON.stringify(advice.reasons)).not.toMatch(/NaN|undefined|Infinity/);
        expect(advice.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 1500 },
    );
  });

  it('payout is never negative and never above the caps', () => {
    fc.assert(
      fc.property(payoutFacts, (facts) => {
        const p = calculatePayout(facts);
        const program = defaultCatalog.get(p.programId)!;
        for (const n of [p.earnedCents, p.owedCents, p.potentialCents, p.cappedCents, p.alreadyPaidCents]) {
          expect(Number.isInteger(n)).toBe(true);
          expect(n).toBeGreaterThanOrEqual(0);
        }
        for (const line of p.lines) {
          expect(line.amountCents).toBeGreaterThanOrEqual(0);
          expect(line.owedCents).toBeGreaterThanOrEqual(0);
          expect(line.owedCents).toBeLessThanOrEqual(line.amountCents);
        }
        if (program.payout.style === 'per-user') {
          expect(p.earnedCents).toBeLessThanOrEqual(program.payout.capPerWorkloadCents);
          const units = p.lines.reduce((s, l) => s + (l.units ?? 0), 0);
          expect(units).toBeLessThanOrEqual(program.payout.maxCompensableUnits);
        } else {
          const topBand = program.sizeBands[program.sizeBands.length - 1]!.name;
          const most = program.payout.amountsCents[topBand]!.reduce((s, a) => s + a, 0);
          expect(p.earnedCents).toBeLessThanOrEqual(most);
        }
        expect(p.owedCents).toBeLessThanOrEqual(p.earnedCents);
        // The breakdown, written on demand, adds up to the totals decided without it.
        expect(p.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(p.earnedCents);
        expect(p.lines.reduce((s, l) => s + l.owedCents, 0)).toBe(p.owedCents);
        // Every lazily written message renders, with real numbers: the whole payout as JSON,
        // its lines, their reasons and the eligibility verdict's reasons included.
        const json = JSON.stringify(p);
        expect(json).not.toMatch(/NaN|undefined|Infinity|\[object /);
        const parsed = JSON.parse(json) as { lines: Array<{ reasons: Array<{ message: string }> }>; eligibility: { reasons: unknown[] } };
        for (const line of parsed.lines) for (const r of line.reasons) expect(r.message.length).toBeGreaterThan(10);
        expect(parsed.eligibility.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('the partner cap is never exceeded and nothing is lost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 3_000_000 }), { maxLength: 50 }), (cap, before, amounts) => {
        const r = applyPartnerCap({ partnerCapCents: cap, earnedBeforeCents: before, items: amounts.map((a, i) => ({ id: String(i), amountCents: a })) });
        expect(r.payableCents).toBeLessThanOrEqual(Math.max(0, cap - before));
        expect(r.payableCents + r.cappedCents).toBe(amounts.reduce((s, a) => s + a, 0));
        for (const l of r.lines) {
          expect(l.payableCents).toBeGreaterThanOrEqual(0);
          expect(l.cappedCents).toBeGreaterThanOrEqual(0);
        }
        expect(r.balanceCents).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('results are deterministic: the same facts give the same answer', () => {
    fc.assert(
      fc.property(payoutFacts, (facts) => {
        const copy = JSON.parse(JSON.stringify(facts)) as PayoutInput;
        expect(JSON.stringify(calculatePayout(copy))).toBe(JSON.stringify(calculatePayout(facts)));
        const strip = ({ market: _m, milestonesPaid: _p, paidToDateCents: _t, ...rest }: PayoutInput) => rest;
        expect(JSON.stringify(checkEligibility(strip(copy)))).toBe(JSON.stringify(checkEligibility(strip(facts))));
      }),
      { numRuns: 500 },
    );
  });
});
