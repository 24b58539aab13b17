import fc from 'fast-check';
import { adviseClaim, calculatePayout, calculatePayouts, checkEligibility, defaultCatalog, formatCount, type PayoutInput } from '../../shared';

/**
 * Properties of the money: payout lines add up to the totals, each month is paid
 * against the running HWM of every counting month before it, no month on or after the stop
 * date earns, the cap of each program year holds, and opportunity units are one number.
 */

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Random valid payout facts: mostly Modern Work (per-user), some Security (milestones). */
const payoutFacts: fc.Arbitrary<PayoutInput> = fc
  .record({
    programId: fc.constantFrom('modern-work-usage-fy25', 'modern-work-usage-fy26', 'modern-work-usage', 'security-usage-fy25', 'security-usage-fy26'),
    asOfDay: fc.integer({ min: 0, max: 2 * 365 - 1 }), // 2024-10-01 to 2026-09-30
    workload: fc.constantFrom('Exchange Online', 'Teams', 'SharePoint Online', 'MDE', 'Intune'),
    pau: fc.integer({ min: 0, max: 12000 }),
    mauRatio: fc.double({ min: 0, max: 1.3, noNaN: true }),
    market: fc.constantFrom('A', 'B', 'C' as const),
    claim: fc.option(fc.record({ daysBefore: fc.integer({ min: 0, max: 500 }), approvalLag: fc.option(fc.integer({ min: 0, max: 60 })), hwmRatio: fc.double({ min: 0, max: 1, noNaN: true }) }), {
      freq: 4,
    }),
    history: fc.array(fc.record({ monthsBack: fc.integer({ min: 0, max: 18 }), pau: fc.integer({ min: 0, max: 12000 }), mauRatio: fc.double({ min: 0, max: 1.2, noNaN: true }) }), { maxLength: 10 }),
    paid: fc.integer({ min: 0, max: 3_000_000 }),
    claimId: fc.option(fc.constantFrom('CLM-1', 'CLM-2')),
  })
  .map((r) => {
    const asOfT = Date.UTC(2024, 9, 1) + r.asOfDay * DAY;
    const asOfDate = iso(asOfT);
    const programId =
      r.programId.startsWith('modern-work-usage-fy') || r.programId.startsWith('security-usage-fy')
        ? asOfDate >= '2025-10-01'
          ? r.programId.replace('fy25', 'fy26')
          : r.programId.replace('fy26', 'fy25')
        : r.programId;
    const security = programId.startsWith('security');
    const facts: PayoutInput = {
      programId,
      asOfDate,
      workload: security ? (r.workload === 'Intune' ? 'Intune' : 'MDE') : r.workload === 'MDE' || r.workload === 'Intune' ? 'Teams' : r.workload,
      paidAvailableUnits: r.pau,
      monthlyActiveUsers: Math.floor(r.pau * r.mauRatio),
      market: r.market,
    };
    if (r.claimId !== null) facts.claimId = r.claimId;
    const asOf = new Date(asOfT);
    const months = new Map<string, { month: string; paidAvailableUnits: number; monthlyActiveUsers: number }>();
    for (const h of r.history) {
      const month = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - h.monthsBack, 1)).toISOString().slice(0, 7);
      months.set(month, { month, paidAvailableUnits: h.pau, monthlyActiveUsers: Math.floor(h.pau * h.mauRatio) });
    }
    if (months.size > 0) facts.usageHistory = [...months.values()];
    if (r.claim) {
      const claimT = asOfT - r.claim.daysBefore * DAY;
      facts.claimDate = iso(claimT);
      if (r.claim.approvalLag !== null) facts.claimApprovedDate = iso(Math.min(asOfT, claimT + r.claim.approvalLag * DAY));
      facts.paidAvailableUnitsAtClaim = Math.max(1, r.pau);
      facts.highWaterMark = Math.floor(facts.paidAvailableUnitsAtClaim * r.claim.hwmRatio);
      if (security) facts.milestonesPaid = [{ milestone: 1, amountCents: Math.min(r.paid, 1_000_000) }];
      else facts.paidToDateCents = r.paid;
    }
    return facts;
  });

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** The month after an ISO month, computed here independently of the engine. */
function nextMonth(month: string): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  return d.toISOString().slice(0, 7);
}

function withoutPayoutFields(f: PayoutInput) {
  const { market: _m, milestonesPaid: _p, paidToDateCents: _t, ...facts } = f;
  return facts;
}

describe('payout properties', () => {
  it('the lines add up to the totals: earned, already paid and owed', () => {
    fc.assert(
      fc.property(payoutFacts, (facts) => {
        const p = calculatePayout(facts);
        if (!p.canEarn) {
          expect(p.lines).toEqual([]);
          expect(p.earnedCents).toBe(0);
          return;
        }
        expect(sum(p.lines.map((l) => l.amountCents))).toBe(p.earnedCents);
        expect(sum(p.lines.map((l) => l.owedCents))).toBe(p.owedCents);
        if (p.style === 'per-user') {
          expect(sum(p.lines.map((l) => l.paidCents))).toBe(Math.min(p.alreadyPaidCents, p.earnedCents));
          expect(sum(p.lines.map((l) => l.units ?? 0))).toBeLessThanOrEqual(2500);
        }
        for (const l of p.lines) {
          expect(l).toMatchObject({ baselineType: 'HWM', quantityType: 'MAU', calculationDate: facts.asOfDate, claimId: facts.claimId ?? null });
          if (l.amountCents > 0) expect(l.estimatedPaymentMonth).toBe(nextMonth(l.month!));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('each per-user month is paid against the highest counting paid users before it, and none on or after the stop date', () => {
    fc.assert(
      fc.property(payoutFacts, (facts) => {
        const p = calculatePayout(facts);
        if (p.style !== 'per-user' || !p.canEarn) return;
        const program = defaultCatalog.get(p.programId)!;
        const seatMinimum = program.seatMinimum;
        // Every month the engine saw: the history, and today's facts for the as-of month when missing.
        const asOfMonth = facts.asOfDate.slice(0, 7);
        const seen = [...(facts.usageHistory ?? [])];
        if (!seen.some((m) => m.month === asOfMonth)) seen.push({ month: asOfMonth, paidAvailableUnits: facts.paidAvailableUnits, monthlyActiveUsers: facts.monthlyActiveUsers });
        const baseline = p.eligibility.baseline.highWaterMark;
        const stopMonth =
          facts.claimDate === undefined
            ? null
            : (() => {
                const [y, m] = facts.claimDate!.slice(0, 7).split('-').map(Number) as [number, number];
                const idx = y * 12 + m - 1 + (program.payout.style === 'per-user' ? program.payout.maxMonthsSinceClaim : 0);
                return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
              })();
        for (const line of p.lines) {
          const before = seen.filter((m) => m.month < line.month! && m.paidAvailableUnits >= seatMinimum).map((m) => Math.min(m.monthlyActiveUsers, m.paidAvailableUnits));
          expect(line.baseline).toBe(Math.max(baseline, ...before));
          if (stopMonth !== null && line.month! >= stopMonth) expect(line.amountCents).toBe(0);
          if ((line.units ?? 0) > 0) {
            const month = seen.find((m) => m.month === line.month)!;
            expect(line.units).toBeLessThanOrEqual(Math.min(month.monthlyActiveUsers, month.paidAvailableUnits) - line.baseline);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('opportunity units are the same number in the verdict, the advice and the payout', () => {
    fc.assert(
      fc.property(payoutFacts, (facts) => {
        const p = calculatePayout(facts);
        const v = checkEligibility(withoutPayoutFields(facts));
        if (v.opportunityUnits === null) return;
        expect(p.opportunityUnits).toBe(v.opportunityUnits);
        const shown = `${formatCount(v.opportunityUnits)} opportunity units`;
        const room = v.reasons.find((r) => r.code === 'ROOM_ABOVE_HWM');
        if (room) expect(room.message.startsWith(shown)).toBe(true);
        const advice = adviseClaim(withoutPayoutFields(facts));
        if (/opportunity units/.test(advice.message)) expect(advice.message).toContain(shown);
        const payoutRoom = p.reasons.find((r) => r.code === 'ROOM_ABOVE_HWM');
        if (payoutRoom) expect(payoutRoom.message).toContain(`${formatCount(v.opportunityUnits)} more users`);
        if (v.opportunityUnits === 0) expect(advice.reasons.map((r) => r.code)).not.toContain('ON_TRACK');
      }),
      { numRuns: 1500 },
    );
  });

  it("the cap of each program year never pays more than that year's cap, and the groups add up to the batch", () => {
    fc.assert(
      fc.property(
        fc.array(payoutFacts, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 6_000_000 }),
        fc.array(
          fc.record({
            programId: fc.constantFrom('modern-work-usage-fy25', 'modern-work-usage-fy26', 'security-usage-fy25', 'security-usage-fy26'),
            earnedBeforeCents: fc.integer({ min: 0, max: 3_000_000 }),
            partnerCapCents: fc.option(fc.integer({ min: 0, max: 5_000_000 })),
          }),
          { maxLength: 4 },
        ),
        (items, cap, settings) => {
          const programs = new Set(items.map((f) => calculatePayout(f).programId));
          const caps = [
            ...new Map(
              settings
                .filter((c) => programs.has(c.programId))
                .map((c) => [c.programId, { programId: c.programId, earnedBeforeCents: c.earnedBeforeCents, ...(c.partnerCapCents === null ? {} : { partnerCapCents: c.partnerCapCents }) }]),
            ).values(),
          ];
          const r = calculatePayouts({ partnerCapCents: cap, caps, items });
          expect(r.partnerCaps.map((g) => g.programId).sort()).toEqual([...programs].sort());
          for (const g of r.partnerCaps) {
            expect(g.payableCents).toBeLessThanOrEqual(Math.max(0, g.capCents - g.earnedBeforeCents));
            expect(g.payableCents + g.cappedCents).toBe(g.totalAmountCents);
            expect(g.totalEarnedCents).toBe(g.earnedBeforeCents + g.payableCents);
            const own = caps.find((c) => c.programId === g.programId);
            expect(g.capCents).toBe(own?.partnerCapCents ?? cap);
            // The group holds exactly the items paid under its program year.
            const ids = r.items
              .map((it, i) => [it.programId, i] as const)
              .filter(([id]) => id === g.programId)
              .map(([, i]) => i);
            expect(g.lines.map((l) => Number(/^items\[(\d+)\]/.exec(l.id)![1]))).toEqual(ids);
            expect(g.effectiveStartDate <= g.effectiveEndDate).toBe(true);
          }
          expect(sum(r.partnerCaps.map((g) => g.payableCents))).toBe(r.payableCents);
          expect(r.payableCents + r.cappedCents).toBe(sum(r.items.map((i) => i.owedCents)));
        },
      ),
      { numRuns: 400 },
    );
  });
});
