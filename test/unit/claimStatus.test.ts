import { addBusinessDays, format } from 'date-fns';
import fc from 'fast-check';
import { addBusinessDaysIso, claimDeadline, claimIsFiled, claimStatusOf, defaultCatalog, findingsOf, reevaluate, CLAIM_STATUSES } from '../../shared';
import { evaluateTracked, type TrackedRecord } from '../../functions/storage/evaluateTracked';
import { reconcileTracked } from '../../functions/storage/trackedEarnings';
import { TrackedWorkloadSchema } from '../../functions/storage/trackedWorkload';

const TENANT = '22222222-2222-4222-8222-222222222222';

/**
 * A Defender for Endpoint claim (Security usage FY26, milestones at 15% and 40%, band M pays
 * $4,000 and $6,000) filed 2026-01-12 with a baseline HWM of 100 on 1,000 seats (10%): both
 * milestones are earnable, $10,000 in all, if the claim stands.
 */
const claimed = {
  tenantId: TENANT,
  workload: 'defender-for-endpoint',
  customerName: 'Fabrikam',
  programId: 'security-usage-fy26',
  licenseProgram: 'CSP',
  cloud: 'Commercial',
  segment: 'Commercial',
  associationType: 'CPOR OSU',
  paidAvailableUnits: 1000,
  monthlyActiveUsers: 100,
  claimDate: '2026-01-12',
  claimId: 'C-1042',
  highWaterMark: 100,
  paidAvailableUnitsAtClaim: 1000,
} as const;
const record = (over: Partial<TrackedRecord>): TrackedRecord => ({ ...claimed, claimStatus: 'filed', ...over }) as TrackedRecord;

describe('claim statuses in Partner Center words', () => {
  it('reads the export words in any case and spacing, and refuses what is not a status', () => {
    expect(['Submitted', 'UNDER REVIEW', 'Partner action required', 'rejected final', 'Dispute', 'Approved', 'draft'].map(claimStatusOf)).toEqual([
      'filed',
      'under-review',
      'action-required',
      'rejected-final',
      'disputed',
      'approved',
      'draft',
    ]);
    expect(claimStatusOf('Pending')).toBeNull();
  });

  it('a claim stands from Submitted to Approved and while its rejection is disputed; not as a draft, rejected or rejected final', () => {
    expect(CLAIM_STATUSES.filter(claimIsFiled)).toEqual(['filed', 'under-review', 'action-required', 'approved', 'disputed']);
  });
});

describe('business days', () => {
  it('counts Monday to Friday from the day after', () => {
    // 2026-03-02 is a Monday: 4 weekdays that week, 5 the next, 5 the one after: Friday 2026-03-20.
    expect(addBusinessDaysIso('2026-03-02', 14)).toBe('2026-03-20');
    // 2026-03-07 is a Saturday: Monday 9 is the first business day, Thursday 26 the 14th.
    expect(addBusinessDaysIso('2026-03-07', 14)).toBe('2026-03-26');
  });

  it('agrees with date-fns addBusinessDays from any weekday (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 60 }), (d, n) => {
        const iso = d.toISOString().slice(0, 10);
        const local = new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
        if (local.getDay() === 0 || local.getDay() === 6) return true; // date-fns moves a weekend start differently
        return addBusinessDaysIso(iso, n) === format(addBusinessDays(local, n), 'yyyy-MM-dd');
      }),
    );
  });
});

describe('the deadline a claim status sets', () => {
  it('a rejection can be disputed within 30 days of the rejection date', () => {
    // Rejected 2026-02-16; 30 days later is 2026-03-18; on 2026-03-06 12 days are left.
    expect(claimDeadline({ claimStatus: 'rejected', claimStatusDate: '2026-02-16', claimRejectionReason: 'Insufficient proof of execution', claimId: 'C-1042' }, '2026-03-06')).toEqual({
      kind: 'dispute-rejection',
      since: '2026-02-16',
      by: '2026-03-18',
      daysLeft: 12,
      message: 'Claim C-1042 was rejected on 2026-02-16 (insufficient proof of execution): dispute it by 2026-03-18 (12 days left); a rejection can be disputed once.',
    });
    expect(claimDeadline({ claimStatus: 'rejected', claimStatusDate: '2026-02-16' }, '2026-03-19')!.message).toBe(
      'The claim was rejected on 2026-02-16: the 30-day dispute window closed on 2026-03-18.',
    );
  });

  it('once: a rejection already disputed, a claim in Dispute or Rejected final has no dispute window', () => {
    expect(claimDeadline({ claimStatus: 'rejected', claimStatusDate: '2026-03-20', claimDisputedDate: '2026-03-01' }, '2026-03-25')).toBeNull();
    expect(claimDeadline({ claimStatus: 'disputed', claimStatusDate: '2026-03-01' }, '2026-03-05')).toBeNull();
    expect(claimDeadline({ claimStatus: 'rejected-final', claimStatusDate: '2026-03-01' }, '2026-03-05')).toBeNull();
  });

  it('Partner action required has 14 business days to answer', () => {
    // Since Monday 2026-02-16: Tue 17 to Fri 20 (4), 23 to 27 (9), Mar 2 to 6 (14): Friday 2026-03-06.
    const d = claimDeadline({ claimStatus: 'action-required', claimStatusDate: '2026-02-16' }, '2026-02-27')!;
    expect([d.kind, d.by, d.daysLeft]).toEqual(['answer-partner-action', '2026-03-06', 7]);
    expect(d.message).toBe("The claim has needed the partner's action since 2026-02-16: answer Partner Center by 2026-03-06 (14 business days; 7 days left).");
  });

  it('a status dated after the as-of date sets nothing yet', () => {
    expect(claimDeadline({ claimStatus: 'rejected', claimStatusDate: '2026-04-01' }, '2026-03-31')).toBeNull();
  });
});

describe('claim advice follows the status', () => {
  const advice = (over: Partial<TrackedRecord>) => {
    const e = evaluateTracked(record(over), [], '2026-02-20', defaultCatalog);
    if (!e.judged) throw new Error(JSON.stringify(e.problems));
    return e.derived.advice;
  };
  it('does not say claim now while the claim is submitted, under review, waiting on the partner or disputed', () => {
    for (const claimStatus of ['filed', 'under-review', 'action-required', 'disputed'] as const) {
      expect([claimStatus, advice({ claimStatus, claimStatusDate: '2026-02-16' })]).not.toEqual([claimStatus, 'claim-now']);
    }
  });
  it('a finally rejected claim is not filed: usage at 10% can be claimed again', () => {
    expect(advice({ claimStatus: 'rejected-final', claimStatusDate: '2026-02-16' })).toBe('claim-now');
  });
  it('a rejection still open to dispute is disputed, not claimed again; once its 30 days are over, or after its one dispute, claiming is the way', () => {
    expect(advice({ claimStatus: 'rejected', claimStatusDate: '2026-02-16' })).toBe('dispute-rejection');
    expect(advice({ claimStatus: 'rejected', claimStatusDate: '2026-01-20' })).toBe('claim-now'); // window closed on 2026-02-19
    expect(advice({ claimStatus: 'rejected', claimStatusDate: '2026-02-16', claimDisputedDate: '2026-01-30' })).toBe('claim-now');
  });
  it('a workload the rules exclude stays not eligible, rejected or not', () => {
    expect(advice({ claimStatus: 'rejected', claimStatusDate: '2026-02-16', cloud: 'GCC High' })).toBe('not-eligible');
  });
});

describe('a claim needing the partner in reconciliation, the work list and the nightly', () => {
  const rejected = record({ claimStatus: 'rejected', claimStatusDate: '2026-02-16', claimRejectionReason: 'Insufficient proof of execution' });

  it('a rejected claim is a reconciliation line with its dispute date and what the claim can still earn', () => {
    const lines = reconcileTracked(rejected, [], '2026-02-20', [], [], defaultCatalog);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ status: 'claim-rejected', month: '2026-02', disputeBy: '2026-03-18', atStakeCents: 1_000_000, predictedCents: 0, paidCents: 0 });
    expect(lines[0]!.message).toBe(
      'Defender for Endpoint of Fabrikam: Claim C-1042 was rejected on 2026-02-16 (insufficient proof of execution): dispute it by 2026-03-18 (26 days left); a rejection can be disputed once. $10,000.00 is at stake.',
    );
    expect(lines[0]!.likelyCause).toBe("Partner Center's reason: Insufficient proof of execution; dispute with what answers it");
    // 26 days left: a line, not yet a deadline to act on.
    expect(findingsOf(lines, '2026-02-20')).toEqual([]);
  });

  it('within 14 days it is a dispute-deadline finding worth the claim, and one nightly event', () => {
    const night = (date: string, before: ReturnType<typeof reevaluate>['state'] | null) => {
      const e = evaluateTracked(rejected, [], date, defaultCatalog);
      if (!e.judged) throw new Error('not judged');
      return reevaluate(defaultCatalog, e.facts, before, findingsOf(reconcileTracked(rejected, [], date, [], [], defaultCatalog), date));
    };
    const findings = findingsOf(reconcileTracked(rejected, [], '2026-03-06', [], [], defaultCatalog), '2026-03-06');
    expect(findings.map((f) => [f.kind, f.amountCents, f.deadline])).toEqual([['dispute-deadline', 1_000_000, '2026-03-18']]);
    const first = night('2026-03-06', null);
    const event = first.changes.find((c) => c.kind === 'dispute-deadline')!;
    expect(event.reasons[0]).toMatchObject({ code: 'DISPUTE_DEADLINE', params: { months: ['2026-02'], amountCents: 1_000_000, disputeBy: '2026-03-18', daysLeft: 12 } });
    expect(event.reasons[0]!.message).toBe(
      'Defender for Endpoint of Fabrikam: Claim C-1042 was rejected on 2026-02-16 (insufficient proof of execution): dispute it by 2026-03-18 (12 days left); a rejection can be disputed once. $10,000.00 is at stake.',
    );
    expect(night('2026-03-07', first.state).changes.filter((c) => c.kind === 'dispute-deadline')).toEqual([]);
  });

  it('Partner action required is a line with the day to answer by; disputed or finally rejected claims have none', () => {
    const waiting = reconcileTracked(record({ claimStatus: 'action-required', claimStatusDate: '2026-02-16' }), [], '2026-02-27', [], [], defaultCatalog);
    expect(waiting.map((l) => [l.status, l.disputeBy, l.atStakeCents])).toEqual([['claim-action-required', '2026-03-06', 1_000_000]]);
    expect(findingsOf(waiting, '2026-02-27').map((f) => f.kind)).toEqual(['dispute-deadline']);
    expect(reconcileTracked(record({ claimStatus: 'disputed', claimStatusDate: '2026-03-01', claimDisputedDate: '2026-03-01' }), [], '2026-03-05', [], [], defaultCatalog)).toEqual([]);
    expect(reconcileTracked(record({ claimStatus: 'rejected-final', claimStatusDate: '2026-03-01' }), [], '2026-03-05', [], [], defaultCatalog)).toEqual([]);
  });
});

describe('the tracked record validates its claim status fields, naming each', () => {
  const problems = (body: Record<string, unknown>) => {
    const r = TrackedWorkloadSchema.safeParse({ programId: 'security-usage', paidAvailableUnits: 1000, monthlyActiveUsers: 100, ...body });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('a rejected claim needs its rejection date; Partner action required its date', () => {
    expect(problems({ claimStatus: 'rejected', claimDate: '2026-01-12' })).toEqual([
      'claimStatusDate: is required when claimStatus is "rejected" (Rejected): the 30 days to dispute the rejection count from it',
    ]);
    expect(problems({ claimStatus: 'action-required', claimDate: '2026-01-12' })).toEqual([
      'claimStatusDate: is required when claimStatus is "action-required" (Partner action required): the 14 business days to answer count from it',
    ]);
    expect(problems({ claimStatus: 'rejected', claimDate: '2026-01-12', claimStatusDate: '2026-02-16', claimRejectionReason: 'Customer declined' })).toEqual([]);
  });
  it('refuses an unknown status, a status date before the claim, a rejection reason or a dispute date on a claim not rejected', () => {
    expect(problems({ claimStatus: 'pending' })[0]).toMatch(/^claimStatus: must be one of none, draft, filed, under-review, action-required, approved, rejected, disputed, rejected-final/);
    expect(problems({ claimStatus: 'under-review', claimDate: '2026-01-12', claimStatusDate: '2026-01-10' })).toEqual([
      'claimStatusDate: 2026-01-10 is before claimDate 2026-01-12: a claim takes a status after it is filed',
    ]);
    expect(problems({ claimStatus: 'filed', claimDate: '2026-01-12', claimRejectionReason: 'Customer declined', claimDisputedDate: '2026-02-01' })).toEqual([
      'claimRejectionReason: is set but claimStatus is "filed" (Submitted); a rejection reason belongs to a rejected claim (rejected, disputed, rejected-final)',
      'claimDisputedDate: is set but claimStatus is "filed" (Submitted); only a rejected claim is disputed (rejected, disputed, rejected-final)',
    ]);
    expect(problems({ claimStatus: 'filed', claimDate: '2026-01-12', customerTpid: 'T-12' })[0]).toBe('customerTpid: must be a TPID: digits only, up to 20, got "T-12"');
  });
});
