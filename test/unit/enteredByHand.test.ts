/**
 * Payments entered by hand: counted like imported earnings, superseded (never doubled) by an
 * imported earning of the same milestone or month and claim, said so in the lines; the request
 * checks (amount exact, month not in the future, milestone of the program). Figures by hand.
 */
import { countedEarnings, defaultCatalog, EngineInputError, paidSummary, reconcileWorkload, type Earning, type ReconcileWorkload } from '../../shared';
import { handEarning, handPaymentOf } from '../../functions/storage/handPayments';
import { payoutOfTracked, reconcileTracked } from '../../functions/storage/trackedEarnings';
import type { TrackedRecord } from '../../functions/storage/evaluateTracked';
import { earningRow, TEAMS_CLAIM, TEAMS_CLAIM_HISTORY } from '../support/earningRow';

const TENANT = '11111111-1111-4111-8111-111111111111';

const earning = earningRow;

const byHand = (id: string, month: string, amountCents: number, over: { milestone?: number; claimId?: string; workload?: string } = {}): Earning =>
  handEarning(
    TENANT,
    over.workload ?? 'teams',
    { id, month, amountCents, milestone: over.milestone ?? null, claimId: over.claimId ?? null, note: 'remittance email', enteredBy: 'Dana' },
    '2025-04-02T09:30:00.000Z',
  );

/** Teams (Modern Work FY25, per-user, market A $10.00) claimed on HWM 100: predicted Feb $500, Mar $500, Apr $600, May $400 (test/unit/reconciliation.test.ts). */
const record = TEAMS_CLAIM;
const history = TEAMS_CLAIM_HISTORY;

describe('which earnings count: a hand-entered payment and an imported earning of the same payment', () => {
  it('counts a hand-entered payment no export has', () => {
    const paid = paidSummary([earning('feb', '2025-02', 50000), byHand('h1', '2025-03', 50000)]);
    expect([paid.totalCents, paid.enteredByHandCents, paid.byMonth.get('2025-03'), paid.superseded]).toEqual([100000, 50000, 50000, []]);
  });

  it('an imported earning of the same month supersedes it: counted once, as imported', () => {
    const paid = paidSummary([earning('E-MAR', '2025-03', 45000), byHand('h1', '2025-03', 50000)]);
    expect([paid.totalCents, paid.enteredByHandCents]).toEqual([45000, 0]); // not 95000
    expect(paid.superseded.map((s) => [s.entry.entered!.id, s.by.map((e) => e.earningKey)])).toEqual([['h1', ['E-MAR']]]);
  });

  it('a different claim on both sides does not supersede; a claim on one side only does', () => {
    expect(countedEarnings([earning('E', '2025-03', 100, { claimId: 'C2' }), byHand('h', '2025-03', 100, { claimId: 'C1' })]).superseded).toEqual([]);
    expect(countedEarnings([earning('E', '2025-03', 100), byHand('h', '2025-03', 100, { claimId: 'C1' })]).superseded).toHaveLength(1);
  });

  it('an adjustment of the same month (a reasonCode) is another payment: it supersedes nothing', () => {
    const paid = paidSummary([byHand('h', '2025-03', 50000), earning('ADJ', '2025-03', 500, { reasonCode: 'Previous period earnings' })]);
    expect([paid.totalCents, paid.enteredByHandCents, paid.superseded]).toEqual([50500, 50000, []]); // not 500: the $500 by hand stays
  });

  it('a milestone payment is superseded by an import of the same milestone, whatever its month', () => {
    const got = countedEarnings([earning('M1', '2025-05', 400000, { milestone: 1 }), byHand('h', '2025-03', 400000, { milestone: 1 }), byHand('h2', '2025-05', 100, { milestone: 2 })]);
    expect(got.superseded.map((s) => s.entry.entered!.id)).toEqual(['h']);
    expect(got.earnings.map((e) => e.earningKey)).toEqual(['M1', 'hand:h2']);
  });
});

describe('the payout and reconciliation of a tracked workload count them with no second path', () => {
  it('the payout sees a hand-entered payment as paid for its month', () => {
    const result = payoutOfTracked(record, history, '2025-06-20', [earning('feb', '2025-02', 50000), byHand('h-mar', '2025-03', 50000)]);
    expect([result.paid.totalCents, result.paid.enteredByHandCents]).toEqual([100000, 50000]);
  });

  it('a month paid only by hand is matched, and the line says it was entered by hand', () => {
    const mar = reconcileTracked(record, history, '2025-06-20', [byHand('h-mar', '2025-03', 50000)], []).find((l) => l.month === '2025-03')!;
    expect([mar.status, mar.paidCents, mar.paidByHandCents]).toEqual(['matched', 50000, 50000]);
    expect(mar.message).toBe('Teams of Contoso for 2025-03: predicted $500.00, paid $500.00, within $1.00 or 1%; $500.00 entered by hand on 2025-04-02 by Dana (no export has it).');
  });

  it('an import arriving later: the line counts the import only and says both exist', () => {
    const mar = reconcileTracked(record, history, '2025-06-20', [byHand('h-mar', '2025-03', 50000), earning('E-MAR', '2025-03', 45000)], []).find((l) => l.month === '2025-03')!;
    // $450 imported (not $950): $50 short of $500, underpaid; the hand-entered $500 is named, not counted.
    expect([mar.status, mar.paidCents, mar.paidByHandCents]).toEqual(['underpaid', 45000, 0]);
    expect(mar.message).toBe(
      'Teams of Contoso for 2025-03: predicted $500.00, paid $450.00, $50.00 short; the $500.00 entered by hand on 2025-04-02 by Dana is superseded by the imported earning E-MAR of $450.00 (counted once, as imported). Dispute by 2025-07-15.',
    );
  });

  it('a milestone payment by hand lands on the month the engine says reached it', () => {
    const w: ReconcileWorkload = {
      tenantId: TENANT,
      workload: 'defender-for-endpoint',
      workloadName: 'Defender for Endpoint',
      customerName: null,
      segment: 'Education',
      cloud: 'Commercial',
      country: null,
      claimApprovedDate: '2025-03-01',
      style: 'milestone',
    };
    const lines = reconcileWorkload({
      workload: w,
      predicted: [{ month: '2025-03', milestone: 1, amountCents: 400000, baseline: 90, compensableUnits: null }],
      earnings: [byHand('m1', '2025-05', 400000, { milestone: 1, workload: 'defender-for-endpoint' })],
      ineligible: [],
      asOfDate: '2025-05-20',
      availableDay: 16,
    });
    expect(lines.map((l) => [l.month, l.paidCents, l.paidByHandCents, l.status])).toEqual([
      ['2025-03', 400000, 400000, 'matched'],
      ['2025-04', 0, 0, 'matched'],
      ['2025-05', 0, 0, 'matched'],
    ]);
  });
});

describe('a payment request, checked', () => {
  const today = '2025-06-20';
  const issues = (body: unknown, r: TrackedRecord = record) => {
    try {
      handPaymentOf(body, r, defaultCatalog, today);
      return [];
    } catch (e) {
      if (!(e instanceof EngineInputError)) throw e;
      return e.issues.map((i) => `${i.path}: ${i.message}`);
    }
  };

  it('reads dollars exactly, or whole cents, and makes the same id from the same figures', () => {
    const a = handPaymentOf({ month: '2025-03', amount: '1,234.50', note: 'remittance', enteredBy: 'Dana' }, record, defaultCatalog, today);
    const b = handPaymentOf({ month: '2025-03', amountCents: 123450 }, record, defaultCatalog, today);
    expect([a.amountCents, b.amountCents, a.id === b.id, a.id.startsWith('h-')]).toEqual([123450, 123450, true, true]);
    expect(handPaymentOf({ id: 'REMIT-42', month: '2025-03', amount: '0.10' }, record, defaultCatalog, today)).toMatchObject({ id: 'REMIT-42', amountCents: 10 });
    expect(handPaymentOf({ month: '2025-03', amount: '500' }, record, defaultCatalog, today).id).not.toBe(a.id);
  });

  it('names the field of each bad value', () => {
    expect(issues({ month: '2025-03', amount: '10.005' })).toEqual(['amount: "10.005" has 3 decimals; USD amounts have at most 2']);
    expect(issues({ month: '2025-03', amount: 10.5 })[0]).toMatch(/^amount: must be a string of US dollars/);
    expect(issues({ month: '2025-03', amount: '-5.00' })).toEqual(['amount: must be more than 0: a payment Microsoft made (a reversal comes in the earnings export)']);
    expect(issues({ month: '2025-03' })[0]).toMatch(/^amount: needs exactly one of amount/);
    expect(issues({ month: '2025-03', amount: '1.00', amountCents: 100 })[0]).toMatch(/^amount: needs exactly one/);
    expect(issues({ month: '2025-07', amount: '1.00' })).toEqual(['month: is after the current month (2025-06): enter a payment once it is made']);
    expect(issues({ month: 'March', amount: '1.00' })[0]).toMatch(/^month:/);
    expect(issues({ month: '2025-03', amount: '1.00', milestone: 1 })).toEqual(["milestone: is not one of the program's: modern-work-usage-fy25 pays per user, without milestones"]);
    expect(issues({ month: '2025-03', amount: '1.00', extra: true })[0]).toMatch(/^extra/);
  });

  it('a milestone the program has is taken; one it has not is refused', () => {
    const mde = { ...record, workload: 'defender-for-endpoint', programId: 'security-usage-fy25', claimDate: '2025-01-10' } as TrackedRecord;
    const milestones = defaultCatalog.get('security-usage-fy25')!.payout;
    if (milestones.style !== 'milestone') throw new Error('security usage pays by milestone');
    const n = milestones.milestones.length;
    expect(handPaymentOf({ month: '2025-03', amount: '1.00', milestone: n }, mde, defaultCatalog, today).milestone).toBe(n);
    expect(issues({ month: '2025-03', amount: '1.00', milestone: n + 1 }, mde)).toEqual([`milestone: is not one of the program's: security-usage-fy25 has milestones 1 to ${n}`]);
    // Without its milestone, an import of that milestone booked in another month could not be told to cover it, and both would count.
    expect(issues({ month: '2025-05', amount: '4000.00' }, mde)).toEqual([`milestone: is required: security-usage-fy25 pays by milestone (1 to ${n}); say which one this payment is for`]);
  });
});
