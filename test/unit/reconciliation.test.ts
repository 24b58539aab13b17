import fc from 'fast-check';
import { addDaysIso } from '../../shared/dates';
import { plusDays } from '../../shared/earnings/reconcile';
import {
  Calibration,
  defaultCatalog,
  findingsOf,
  type PayoutLine,
  reconcileWorkload,
  ReconciliationTotals,
  reevaluate,
  withinTolerance,
  type Earning,
  type ReconcileWorkload,
  type WorkloadState,
} from '../../shared';
import { evaluateTracked } from '../../functions/storage/evaluateTracked';
import { payoutOfTracked, reconcileTracked } from '../../functions/storage/trackedEarnings';
import { earningRow, TEAMS_CLAIM, TEAMS_CLAIM_HISTORY } from '../support/earningRow';

const TENANT = '11111111-1111-4111-8111-111111111111';

const earning = earningRow;

/**
 * A Teams claim (Modern Work FY25, per-user, market A at $10.00 per user) filed 2025-01-10 with
 * a baseline HWM of 100 on 1,000 seats, approved 2025-01-20. MAU by month: Jan 100 (approval
 * month, earns nothing), Feb 150, Mar 200, Apr 260, May 300. The engine predicts Feb 50 units
 * = $500.00, Mar 50 = $500.00, Apr 60 = $600.00, May 40 = $400.00 (due 2025-06-16).
 */
const record = TEAMS_CLAIM;
const history = TEAMS_CLAIM_HISTORY;

describe('reconciliation of a tracked workload against the earnings paid', () => {
  it('gives every month from the approval a status, by hand-computed figures', () => {
    const earnings = [
      earning('jan', '2025-01', 10000), // $100 in the approval month, which earns nothing: not predicted
      earning('feb', '2025-02', 50000),
      earning('feb', '2025-02', 50000), // the same earning on a second transaction row: counted once
      earning('mar', '2025-03', 45000), // $50 short of $500 (more than $5, 1%): underpaid
      earning('apr', '2025-04', 70000), // $100 above $600: overpaid
    ];
    const lines = reconcileTracked(record, history, '2025-06-20', earnings, []);
    expect(lines.map((l) => [l.month, l.predictedCents, l.paidCents, l.status, l.disputeBy])).toEqual([
      ['2025-01', 0, 10000, 'not-predicted', null],
      ['2025-02', 50000, 50000, 'matched', null],
      ['2025-03', 50000, 45000, 'underpaid', '2025-07-15'], // due 2025-04-16, + 90 days
      ['2025-04', 60000, 70000, 'overpaid', null],
      ['2025-05', 40000, 0, 'missing', '2025-09-14'], // due 2025-06-16, passed on 2025-06-20
      ['2025-06', 0, 0, 'matched', null],
    ]);
    expect(lines[2]!.message).toBe('Teams of Contoso for 2025-03: predicted $500.00, paid $450.00, $50.00 short. Dispute by 2025-07-15.');
    expect(lines[3]!.message).toBe('Teams of Contoso for 2025-04: predicted $600.00, paid $700.00, $100.00 more than predicted: a clawback risk.');
    expect(lines[4]!.message).toBe('Teams of Contoso for 2025-05: $400.00 predicted and due by 2025-06-16, nothing paid. Dispute by 2025-09-14.');
  });

  it('is pending before the 16th of the next month', () => {
    const may = reconcileTracked(record, history, '2025-06-15', [], []).find((l) => l.month === '2025-05')!;
    expect([may.status, may.disputeBy, may.message]).toEqual(['pending', null, 'Teams of Contoso for 2025-05: $400.00 predicted, due by 2025-06-16; nothing paid yet.']);
  });

  it("flags Partner Center's PAULWPHWM where our prior HWM leaves room, and IVDCLD on a GCC tenant", () => {
    const lines = reconcileTracked(
      record,
      history,
      '2025-06-20',
      [earning('feb', '2025-02', 50000), earning('mar', '2025-03', 50000), earning('apr', '2025-04', 60000)],
      [{ month: '2025-05', reason: 'PAULWPHWM', date: '2025-06-10' }],
    );
    const may = lines.find((l) => l.month === '2025-05')!;
    expect([may.status, may.partnerCenterCode, may.disputeBy]).toEqual(['unexpected-ineligible', 'PAULWPHWM', '2025-09-14']);
    expect(may.likelyCause).toMatch(/^our prior HWM of 260 leaves 740 compensable units/);
    const gcc = reconcileTracked(record, history, '2025-06-20', [], [{ month: '2025-02', reason: 'IVDCLD', date: '2025-03-20' }]).find((l) => l.month === '2025-02')!;
    expect([gcc.status, gcc.disputeBy]).toEqual(['unexpected-ineligible', '2025-06-18']); // 2025-03-20 + 90 days
    expect(gcc.likelyCause).toMatch(/the tenant is GCC, which usage incentives include/);
  });

  it('a code that agrees with a month predicting nothing is matched', () => {
    const jun = reconcileTracked(record, history, '2025-07-20', [], [{ month: '2025-06', reason: 'MAULWPHWM', date: '2025-07-10' }]).find((l) => l.month === '2025-06')!;
    expect([jun.status, jun.message]).toEqual(['matched', "Teams of Contoso for 2025-06: Partner Center's MAULWPHWM (MAU is at or below the prior HWM) agrees: nothing was earnable."]);
  });

  it('does not count a reversed earning as paid, and says so', () => {
    const feb = reconcileTracked(record, history, '2025-06-20', [earning('feb', '2025-02', 50000, { paymentStatus: 'Reversed' })], []).find((l) => l.month === '2025-02')!;
    expect(feb.status).toBe('missing');
    expect(feb.message).toContain('not counted as paid: $500.00 Reversed');
    expect(feb.message).toContain('The dispute window closed on 2025-06-14.');
  });
});

describe('milestone programs are reconciled by milestone', () => {
  const w: ReconcileWorkload = {
    tenantId: TENANT,
    workload: 'defender-for-endpoint',
    workloadName: 'Defender for Endpoint',
    customerName: null,
    segment: 'Education',
    cloud: 'Commercial',
    country: null,
    claimApprovedDate: '2025-01-20',
    style: 'milestone',
  };
  it('an earning naming milestone 1 counts on the month that reached it, whatever month it was booked in', () => {
    const lines = reconcileWorkload({
      workload: w,
      predicted: [{ month: '2025-03', milestone: 1, amountCents: 400000, baseline: 90, compensableUnits: null }],
      earnings: [earning('m1', '2025-05', 396500, { workload: 'defender-for-endpoint', milestone: 1 })], // $35 short of $4,000: within 1% ($40)
      ineligible: [],
      asOfDate: '2025-06-01',
      availableDay: 16,
    });
    expect(lines.map((l) => [l.month, l.milestones, l.status])).toEqual([
      ['2025-01', [], 'matched'],
      ['2025-02', [], 'matched'],
      ['2025-03', [1], 'matched'],
      ['2025-04', [], 'matched'],
      ['2025-05', [], 'matched'],
      ['2025-06', [], 'matched'],
    ]);
  });
});

describe('tolerance and totals', () => {
  it('matches within the larger of $1 and 1%', () => {
    expect([withinTolerance(5000, 4900), withinTolerance(5000, 4899), withinTolerance(100000, 99000), withinTolerance(100000, 98999)]).toEqual([true, false, true, false]);
  });

  it('sums by status, by segment and cloud, and names the next open dispute deadline', () => {
    const totals = new ReconciliationTotals('2025-06-20');
    for (const l of reconcileTracked(record, history, '2025-06-20', [earning('mar', '2025-03', 45000)], [])) totals.add(l);
    const s = totals.result();
    expect([s.predictedCents, s.paidCents, s.missingCents, s.nextDisputeBy]).toEqual([200000, 45000, 155000, '2025-07-15']);
    expect(s.byStatus).toMatchObject({ matched: 2, missing: 3, underpaid: 1 });
    expect(s.bySegmentAndCloud).toEqual([{ segment: 'Commercial', cloud: 'GCC', lines: 6, predictedCents: 200000, paidCents: 45000, missingCents: 155000, lastPaidMonth: '2025-03' }]);
  });
});

describe('plusDays', () => {
  it('gives the same date as addDaysIso (date-fns) for any date and span (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -1000, max: 1000 }), (d, n) => {
        const iso = d.toISOString().slice(0, 10);
        return plusDays(iso, n) === addDaysIso(iso, n);
      }),
    );
  });
});

describe('nightly: earnings-missing, dispute-deadline and overpaid events', () => {
  const night = (date: string, earnings: Earning[], before: WorkloadState | null) => {
    const evaluation = evaluateTracked(record, history, date);
    if (!evaluation.judged) throw new Error('not judged');
    return reevaluate(defaultCatalog, evaluation.facts, before, findingsOf(reconcileTracked(record, history, date, earnings, []), date));
  };

  it('raises each kind once per month, from the first night, with the numbers in words', () => {
    const paid = [earning('feb', '2025-02', 50000), earning('mar', '2025-03', 45000), earning('apr', '2025-04', 70000)];
    // 2025-07-05: March is $50 short and its window closes 2025-07-15 (10 days); May's $400 is missing (window to 2025-09-14).
    const first = night('2025-07-05', paid, null);
    const events = Object.fromEntries(first.changes.map((c) => [c.kind, c.reasons[0]]));
    expect(events['earnings-missing']).toMatchObject({ code: 'EARNINGS_MISSING', params: { months: ['2025-05'], amountCents: 40000, disputeBy: '2025-09-14' } });
    expect(events['earnings-missing']!.message).toBe('$400.00 predicted for month 2025-05 was not paid by the 16th of the next month; dispute by 2025-09-14.');
    expect(events['dispute-deadline']!.message).toBe('$50.00 predicted for month 2025-03 is not paid and the dispute window closes on 2025-07-15, in 10 days: dispute now.');
    expect(events.overpaid!.message).toBe('Partner Center paid $100.00 more than predicted for month 2025-04: a clawback risk; keep it aside until it is explained.');
    // The next night finds the same months: nothing new.
    const second = night('2025-07-06', paid, first.state);
    expect(second.changes.map((c) => c.kind).filter((k) => ['earnings-missing', 'dispute-deadline', 'overpaid'].includes(k))).toEqual([]);
  });
});

describe('calibration: the catalog against what was paid', () => {
  it('reports a per-user rate other than the catalog has, with the units paid at it', () => {
    const result = payoutOfTracked(record, history, '2025-06-20', []);
    const calibration = new Calibration();
    // Market A pays $10.00 in the catalog; Partner Center paid $12.00 per unit: 50 units in February, 40 in March.
    calibration.add(result.program!, 'A', result.payout!.lines, [
      earning('f', '2025-02', 60000, { earningRateCents: 1200 }),
      earning('m', '2025-03', 48000, { earningRateCents: 1200 }),
      earning('a', '2025-04', 60000, { earningRateCents: 1000 }),
    ]);
    const [found, ...rest] = calibration.findings();
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ kind: 'rate', market: 'A', paidCents: 1200, catalogCents: 1000, units: 90, earnings: 2, link: '/api/v1/programs/modern-work-usage-fy25' });
    expect(found!.message).toBe('modern-work-usage-fy25: paid $12.00 per unit in market A for 90 units (2 earnings); the catalog says $10.00.');
  });

  it('reports a milestone amount other than the catalog has for the band it was reached at', () => {
    const program = defaultCatalog.get('security-usage-fy25')!;
    const rules = program.payout as { amountsCents: Record<string, number[]> };
    const line = { milestone: 1, band: 'M', month: '2025-03', status: 'earned' } as unknown as PayoutLine;
    const calibration = new Calibration();
    calibration.add(program, null, [line], [earning('m1', '2025-04', rules.amountsCents.M![0]! + 50000, { milestone: 1 })]);
    expect(calibration.findings()[0]).toMatchObject({ kind: 'milestone-amount', band: 'M', milestone: 1, catalogCents: rules.amountsCents.M![0], paidCents: rules.amountsCents.M![0]! + 50000 });
  });
});
