/**
 * The nightly's comparison of last night's state with tonight's: one test per kind of change,
 * the seat-minimum story, and quiet nights raising nothing.
 */
import { addDaysIso } from '../../shared/dates';
import { CHANGE_KINDS, defaultCatalog, parseWith, reevaluate, sameState, WorkloadFactsSchema, type WorkloadFactsInput, type WorkloadState } from '../../shared';
import { securityFacts } from '../support/facts';

/** Security usage FY27 (2026-10-01 to 2027-09-30: seat minimum 150, milestones 15% and 40%). */
function facts(overrides: Partial<WorkloadFactsInput> = {}): WorkloadFactsInput {
  return { programId: 'security-usage', asOfDate: '2026-11-22', workload: 'MDE', paidAvailableUnits: 1000, monthlyActiveUsers: 100, ...overrides };
}

function night(input: WorkloadFactsInput, before: WorkloadState | null) {
  return reevaluate(defaultCatalog, parseWith(WorkloadFactsSchema, input), before);
}

/**
 * Last night's state for `beforeFacts`, then tonight's changes for `afterFacts`. The stored
 * state is dated the night before when both facts share a date: a state of the same night would
 * be a second evaluation of that night, compared with the night before it.
 */
function changesBetween(beforeFacts: WorkloadFactsInput, afterFacts: WorkloadFactsInput) {
  const last = night(beforeFacts, null).state;
  const stored = last.asOfDate === afterFacts.asOfDate ? { ...last, asOfDate: addDaysIso(last.asOfDate, -1) } : last;
  return night(afterFacts, stored).changes;
}

const kinds = (changes: Array<{ kind: string }>) => changes.map((c) => c.kind);

describe('nightly changes', () => {
  it('the seat-minimum story: 10 seats and 10 users, then 1,000 seats a month later: claim now, with a baseline that ignores the 10-seat months', () => {
    const history = [{ month: '2026-09', paidAvailableUnits: 10, monthlyActiveUsers: 10 }];
    const first = night(facts({ asOfDate: '2026-10-15', paidAvailableUnits: 10, monthlyActiveUsers: 10, usageHistory: history }), null);
    expect(first.state).toMatchObject({ eligible: false, sizeBand: 'XXS', usagePct: 100, belowSeatMinimum: true, advice: 'wait-for-seats' });
    expect(first.changes).toEqual([]);

    const next = night(
      facts({
        asOfDate: '2026-11-15',
        paidAvailableUnits: 1000,
        monthlyActiveUsers: 12,
        usageHistory: [...history, { month: '2026-10', paidAvailableUnits: 10, monthlyActiveUsers: 10 }, { month: '2026-11', paidAvailableUnits: 1000, monthlyActiveUsers: 12 }],
      }),
      first.state,
    );
    expect(kinds(next.changes)).toEqual(['crossed-seat-minimum']);
    const event = next.changes[0]!;
    expect(event.before).toMatchObject({ eligible: false, sizeBand: 'XXS', paidAvailableUnits: 10 });
    expect(event.after).toMatchObject({ eligible: true, sizeBand: 'M', paidAvailableUnits: 1000, advice: 'claim-now' });
    expect(event.reasons[0]).toMatchObject({ code: 'SEAT_MINIMUM_CROSSED', message: expect.stringContaining('PAU went from 10 to 1,000, reaching the 150 seat minimum: claim now') });
    expect(event.advice.action).toBe('claim-now');
    // The baseline a claim filed now would have: 12 users of 1,000 (1.2%), not the 100% of the 10-seat months.
    const baseline = event.reasons.find((r) => r.code === 'BASELINE_AT_CLAIM')!;
    expect(baseline.message).toMatch(/baseline HWM of 12 active users.*1\.2% of 1,000/);
  });

  it('band step-up', () => {
    const changes = changesBetween(facts({ paidAvailableUnits: 900 }), facts({ paidAvailableUnits: 2600 }));
    expect(kinds(changes)).toEqual(['band-step-up']);
    expect(changes[0]!.reasons[0]!.message).toContain('band S to band L');
  });

  it('milestone reached on an approved claim', () => {
    const claim = { claimDate: '2026-10-05', claimApprovedDate: '2026-10-20', highWaterMark: 100, paidAvailableUnitsAtClaim: 1000 };
    const changes = changesBetween(facts({ ...claim, monthlyActiveUsers: 140 }), facts({ ...claim, monthlyActiveUsers: 160 }));
    expect(kinds(changes)).toEqual(['milestone-reached']);
    expect(changes[0]!.reasons[0]).toMatchObject({ code: 'MILESTONE_REACHED', message: expect.stringContaining('milestone 1') });
  });

  it('usage rising before a claim is filed', () => {
    const changes = changesBetween(facts({ monthlyActiveUsers: 60 }), facts({ monthlyActiveUsers: 90 }));
    expect(kinds(changes)).toEqual(['usage-rising-before-claim']);
    expect(changes[0]!.reasons[0]!.message).toContain('rose from 60 to 90');
  });

  it('re-claim opportunity after a large seat purchase', () => {
    // Claimed at 30% (milestone 1 blocked); 10,000 seats later usage is 3.1%: a new claim makes it earnable again.
    const claim = { claimDate: '2026-10-05', claimApprovedDate: '2026-10-20', highWaterMark: 300, paidAvailableUnitsAtClaim: 1000 };
    const changes = changesBetween(facts({ ...claim, monthlyActiveUsers: 300 }), facts({ ...claim, paidAvailableUnits: 10000, monthlyActiveUsers: 310 }));
    expect(kinds(changes)).toEqual(['band-step-up', 're-claim-opportunity']);
    expect(changes[1]!.advice.action).toBe('re-claim');
    expect(changes[1]!.reasons[0]!.message).toContain('3.1%');
  });

  it('POE acknowledgement expiring within 30 days, then expired', () => {
    const expiring = changesBetween(facts({ poeAcknowledgementDate: '2025-12-30' }), facts({ asOfDate: '2026-12-05', poeAcknowledgementDate: '2025-12-30' }));
    expect(kinds(expiring)).toEqual(['poe-expiring']);
    expect(expiring[0]!.reasons[0]!.message).toContain('2026-12-30 (25 days left)');
    const expired = changesBetween(facts({ asOfDate: '2026-12-05', poeAcknowledgementDate: '2025-12-30' }), facts({ asOfDate: '2026-12-31', poeAcknowledgementDate: '2025-12-30' }));
    expect(kinds(expired)).toEqual(['poe-expired']);
  });

  it('program year ending within 30 days', () => {
    const changes = changesBetween(facts({ asOfDate: '2027-08-30' }), facts({ asOfDate: '2027-09-05' }));
    expect(kinds(changes)).toEqual(['program-year-ending']);
    expect(changes[0]!.reasons[0]!.message).toContain('2027-09-30 (25 days left)');
  });

  it('excluded when the cloud changes to GCC High', () => {
    const changes = changesBetween(facts(), facts({ cloud: 'GCC High' }));
    expect(kinds(changes)).toEqual(['excluded']);
    expect(changes[0]!.reasons[0]!.message).toContain('EXCLUDED_CLOUD');
    expect(changes[0]!.after.eligible).toBe(false);
  });

  it('partner of record lost', () => {
    const changes = changesBetween(facts({ partnerId: '1111111' }), facts({ partnerId: '1111111', claimingPartnerId: '2222222' }));
    expect(kinds(changes)).toEqual(['partner-of-record-lost']);
  });

  it('raises nothing on a quiet night, and a workload seen first raises only states worth acting on', () => {
    const first = night(facts(), null);
    expect(first.changes).toEqual([]);
    const again = night(facts(), first.state);
    expect(again.changes).toEqual([]);
    expect(sameState(first.state, again.state)).toBe(true);
    expect(sameState(first.state, night(facts({ monthlyActiveUsers: 101 }), first.state).state)).toBe(false);
    // First seen with an old acknowledgement: said at once.
    expect(kinds(night(facts({ poeAcknowledgementDate: '2025-01-01' }), null).changes)).toEqual(['poe-expired']);
  });

  it('covers every kind it declares', () => {
    expect([...CHANGE_KINDS].sort()).toEqual([
      'band-step-up',
      'crossed-seat-minimum',
      'dispute-deadline', // earnings kinds: test/unit/reconciliation.test.ts
      'earnings-missing',
      'excluded',
      'milestone-reached',
      'no-longer-claimable',
      'nothing-left-to-earn',
      'overpaid',
      'partner-of-record-lost',
      'poe-expired',
      'poe-expiring',
      'program-year-ending',
      're-claim-opportunity',
      'usage-rising-before-claim',
    ]);
  });
});

describe('nightly changes that lose money', () => {
  it('no longer claimable: usage passed the last milestone before any claim, with the reason and the $6,000 lost', () => {
    // 300 of 1,000 (30%): milestone 2 (40%) pays $6,000 at band M; 450 of 1,000 (45%): nothing left.
    const changes = changesBetween(facts({ monthlyActiveUsers: 300 }), facts({ monthlyActiveUsers: 450 }));
    expect(kinds(changes)).toEqual(['no-longer-claimable']);
    const e = changes[0]!;
    expect(e.reasons[0]!.code).toBe('NO_LONGER_CLAIMABLE');
    expect(e.reasons[0]!.message).toContain('$6,000.00');
    expect(e.reasons[0]!.message).toContain('40%');
    expect(e.lostCents).toBe(600000);
    expect(e.advice.action).toBe('not-eligible');
    expect(e.reasons.map((r) => r.message).join(' ')).not.toMatch(/claim now/i);
  });

  it('nothing left to earn on a filed claim, with what is lost', () => {
    // Modern Work FY26 per-user claim filed 2025-11-10: earnings stop 12 months later, on
    // 2026-11-10, and the month holding that date earns nothing: 2026-10 is the last to earn.
    const claim = {
      programId: 'modern-work-usage',
      workload: 'Exchange Online',
      paidAvailableUnits: 2000,
      monthlyActiveUsers: 600,
      claimDate: '2025-11-10',
      claimApprovedDate: '2025-11-20',
      highWaterMark: 500,
      paidAvailableUnitsAtClaim: 2000,
    };
    const changes = changesBetween({ ...claim, asOfDate: '2026-10-31' }, { ...claim, asOfDate: '2026-11-01' });
    expect(kinds(changes)).toEqual(['nothing-left-to-earn']);
    expect(changes[0]!.reasons[0]!.code).toBe('NOTHING_LEFT_TO_EARN');
    expect(changes[0]!.reasons[0]!.message).toContain('2026-11-10');
    // PAU 2,000 minus today's HWM of 600 (DOMAIN: opportunity units against the highest MAU so far).
    expect(changes[0]!.reasons[0]!.message).toContain('1,400 opportunity units');
  });

  it('milestone-reached names every milestone reached the same night and what each pays', () => {
    const claim = { claimDate: '2026-10-05', claimApprovedDate: '2026-10-20', highWaterMark: 100, paidAvailableUnitsAtClaim: 1000 };
    const changes = changesBetween(facts({ ...claim, monthlyActiveUsers: 140 }), facts({ ...claim, monthlyActiveUsers: 420 }));
    expect(kinds(changes)).toEqual(['milestone-reached']);
    const text = changes[0]!.reasons[0]!.message;
    expect(text).toMatch(/milestones 1 \(15%, \$4,000\.00\) and 2 \(40%, \$6,000\.00\)/);
  });

  it('a milestone reached in the approval month is announced the night it is earned, in the first month after approval, and loses nothing', () => {
    // Security usage, 1,000 seats, claim filed 2025-03-01 (HWM 100), approved 2025-03-15.
    const claim = { asOfDate: '2025-03-19', claimDate: '2025-03-01', claimApprovedDate: '2025-03-15', highWaterMark: 100, paidAvailableUnitsAtClaim: 1000 };
    // 20 March, 450 active: the approval month earns nothing, so nothing is reached yet.
    const march = changesBetween(facts({ ...claim, monthlyActiveUsers: 140 }), facts({ ...claim, asOfDate: '2025-03-20', monthlyActiveUsers: 450 }));
    expect(kinds(march)).not.toContain('milestone-reached');
    // The first night of April, the same usage: both milestones are earned (no "nothing left to earn": nothing is lost).
    const april = changesBetween(facts({ ...claim, asOfDate: '2025-03-31', monthlyActiveUsers: 450 }), facts({ ...claim, asOfDate: '2025-04-01', monthlyActiveUsers: 450 }));
    expect(kinds(april)).toEqual(['milestone-reached']);
    expect(april[0]!.reasons[0]!.message).toMatch(/milestones 1 \(15%, \$4,000\.00\) and 2 \(40%, \$6,000\.00\)/);
  });

  it('a second change of the same kind the same night is reported as the night net change (XS to M, then M to L: XS to L)', () => {
    const lastNight = night(facts({ asOfDate: '2026-11-21', paidAvailableUnits: 200 }), null).state;
    const first = night(facts({ paidAvailableUnits: 1200 }), lastNight);
    expect(kinds(first.changes)).toEqual(['band-step-up']);
    expect(first.changes[0]!.reasons[0]!.message).toContain('band XS to band M');
    const second = night(facts({ paidAvailableUnits: 2600 }), first.state);
    expect(kinds(second.changes)).toEqual(['band-step-up']);
    expect(second.changes[0]!.before).toMatchObject({ sizeBand: 'XS', paidAvailableUnits: 200 });
    expect(second.changes[0]!.after).toMatchObject({ sizeBand: 'L', paidAvailableUnits: 2600 });
    expect(second.changes[0]!.reasons[0]!.message).toContain('band XS to band L');
    expect(second.retracted).toEqual([]);
    // Back to 200 seats the same night: the step-up no longer describes the night, so it is retracted.
    const third = night(facts({ paidAvailableUnits: 200 }), second.state);
    expect(third.changes).toEqual([]);
    expect(third.retracted).toEqual(['band-step-up']);
    // The next night compares with the state stored at the end of this one.
    const nextNight = night(facts({ asOfDate: '2026-11-23', paidAvailableUnits: 1200 }), third.state);
    expect(nextNight.changes[0]!.before).toMatchObject({ sizeBand: 'XS' });
  });

  it('a nightly sentence never says "claim now" when the advice is not to claim', () => {
    // PAU crosses the minimum, but the usage is already above the last milestone: nothing to claim.
    const changes = changesBetween(facts({ paidAvailableUnits: 100, monthlyActiveUsers: 100 }), facts({ paidAvailableUnits: 200, monthlyActiveUsers: 180 }));
    expect(kinds(changes)).toContain('crossed-seat-minimum');
    for (const c of changes) {
      expect(c.advice.action).toBe('not-eligible');
      expect(c.reasons[0]!.message).not.toMatch(/(^|[:;.,] )claim now\b/i); // the imperative, not "a claim now earns nothing"
    }
  });
});

describe('no rounding before deciding', () => {
  it('the nightly raises no milestone-reached at 2,999 of 20,000, and does at 3,000', () => {
    const claim = { paidAvailableUnits: 20000, claimDate: '2024-11-05', claimApprovedDate: '2024-11-20', highWaterMark: 100, paidAvailableUnitsAtClaim: 20000 };
    const run = (mau: number, before: ReturnType<typeof reevaluate>['state'] | null) =>
      reevaluate(defaultCatalog, parseWith(WorkloadFactsSchema, securityFacts({ ...claim, monthlyActiveUsers: mau })), before);
    // Last night (2025-03-30): 2,000 active; tonight (2025-03-31) 2,999 or 3,000.
    const first = reevaluate(defaultCatalog, parseWith(WorkloadFactsSchema, securityFacts({ ...claim, asOfDate: '2025-03-30', monthlyActiveUsers: 2000 })), null);
    expect(run(2999, first.state).changes.map((c) => c.kind)).not.toContain('milestone-reached');
    expect(run(2999, first.state).state.milestonesReached).toEqual([]);
    expect(run(3000, first.state).changes.map((c) => c.kind)).toContain('milestone-reached');
  });
});
