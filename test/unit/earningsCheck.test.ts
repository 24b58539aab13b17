/**
 * The task pane's "Earnings check" decisions (addin/src/earningsCheck.ts): which reconciliation
 * lines need action, their order (the most money first, then the nearest open dispute
 * deadline), and the words of a line and of the summary.
 */
import type { ReconciliationLineJson, ReconciliationSummaryJson } from '../../addin/src/apiClient';
import { ACTION_STATUSES, daysBetween, deadlineWords, earningsState, emptyStateWords, lineFigures, lineWho, rankEarningsLines, STATUS_WORDS, summaryWords } from '../../addin/src/earningsCheck';
import { RECONCILIATION_STATUSES, type ReconciliationStatus } from '../../shared';

const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';

function line(status: ReconciliationStatus, predictedCents: number, paidCents: number, extra: Partial<ReconciliationLineJson> = {}): ReconciliationLineJson {
  return {
    tenantId: T1,
    workload: 'teams',
    customerName: 'Contoso',
    segment: 'Commercial',
    cloud: 'Commercial',
    month: '2025-03',
    milestones: [],
    predictedCents,
    paidCents,
    paidByHandCents: 0,
    differenceCents: paidCents - predictedCents,
    dueOn: '2025-04-16',
    partnerCenterCode: null,
    status,
    message: 'm',
    likelyCause: 'c',
    disputeBy: null,
    earningCount: paidCents > 0 ? 1 : 0,
    atStakeCents: null,
    ...extra,
  };
}

const summary = (over: Partial<ReconciliationSummaryJson> = {}): ReconciliationSummaryJson => ({
  asOfDate: '2025-06-20',
  workloads: 2,
  lines: 12,
  predictedCents: 350000,
  paidCents: 175000,
  missingCents: 145000,
  byStatus: { matched: 6, underpaid: 1, overpaid: 1, missing: 1, pending: 1, 'unexpected-ineligible': 1, 'not-predicted': 1, 'claim-rejected': 0, 'claim-action-required': 0 },
  bySegmentAndCloud: [
    { segment: 'Education', cloud: 'GCC', lines: 6, predictedCents: 150000, paidCents: 0, missingCents: 100000, lastPaidMonth: null },
    { segment: 'Commercial', cloud: 'Commercial', lines: 6, predictedCents: 200000, paidCents: 175000, missingCents: 45000, lastPaidMonth: '2025-04' },
  ],
  nextDisputeBy: '2025-07-15',
  ...over,
});

describe('the lines that need action', () => {
  it('are every status but matched and pending, each with words', () => {
    expect([...ACTION_STATUSES].sort()).toEqual(RECONCILIATION_STATUSES.filter((s) => s !== 'matched' && s !== 'pending').sort());
    for (const s of RECONCILIATION_STATUSES) expect(STATUS_WORDS[s]).toMatch(/^[A-Z][A-Za-z ,:]+$/);
    expect(rankEarningsLines([line('matched', 500, 500), line('pending', 500, 0)], '2025-06-20')).toEqual([]);
  });

  it('rank the most money first, then the nearest open deadline, a closed window after the open ones', () => {
    const asOf = '2025-06-20';
    const lines = [
      line('underpaid', 50000, 45000, { month: '2025-03', disputeBy: '2025-07-15' }), // $50
      line('overpaid', 60000, 70000, { month: '2025-04' }), // $100, no deadline
      line('not-predicted', 0, 10000, { month: '2025-01' }), // $100, no deadline, older
      line('missing', 40000, 0, { month: '2025-05', disputeBy: '2025-09-14' }), // $400
      line('unexpected-ineligible', 100000, 0, { tenantId: T2, customerName: 'Fabrikam', month: '2025-04', disputeBy: '2025-08-14' }), // $1,000
      line('missing', 40000, 0, { month: '2025-02', disputeBy: '2025-06-01' }), // $400, window closed
      line('missing', 40000, 0, { tenantId: T2, customerName: 'Fabrikam', month: '2025-05', disputeBy: '2025-08-30' }), // $400, nearer deadline
      line('matched', 50000, 50000, { month: '2025-02' }),
    ];
    const ranked = rankEarningsLines(lines, asOf).map((l) => `${l.customerName} ${l.month} ${l.status}`);
    expect(ranked).toEqual([
      'Fabrikam 2025-04 unexpected-ineligible',
      'Fabrikam 2025-05 missing',
      'Contoso 2025-05 missing',
      'Contoso 2025-02 missing',
      'Contoso 2025-01 not-predicted',
      'Contoso 2025-04 overpaid',
      'Contoso 2025-03 underpaid',
    ]);
    // The order does not depend on the order the pages came in.
    expect(rankEarningsLines([...lines].reverse(), asOf).map((l) => `${l.customerName} ${l.month} ${l.status}`)).toEqual(ranked);
  });

  it('rank a claim to dispute or answer by what it can still earn, and word its deadline', () => {
    const asOf = '2026-03-06';
    const rejected = line('claim-rejected', 0, 0, { month: '2026-02', disputeBy: '2026-03-18', atStakeCents: 1_000_000 });
    const answer = line('claim-action-required', 0, 0, { tenantId: T2, customerName: 'Fabrikam', month: '2026-02', disputeBy: '2026-03-13', atStakeCents: 250_000 });
    const missing = line('missing', 400_000, 0, { month: '2026-01', disputeBy: '2026-05-15' });
    expect(rankEarningsLines([answer, missing, rejected], asOf).map((l) => l.status)).toEqual(['claim-rejected', 'missing', 'claim-action-required']);
    expect(lineFigures(rejected)).toBe('At stake if the claim stands: $10,000.00');
    expect(lineFigures({ ...rejected, atStakeCents: null })).toBe('At stake: what the claim earns per user once it stands');
    expect(deadlineWords(rejected, asOf)).toBe('Dispute by 18 Mar 2026 (12 days left).');
    expect(deadlineWords(answer, asOf)).toBe('Answer by 13 Mar 2026 (7 days left).');
    expect(deadlineWords(answer, '2026-03-14')).toBe('The time to answer ended on 13 Mar 2026.');
    expect(STATUS_WORDS['claim-rejected']).toBe('Claim rejected: dispute it');
    // Its window closed, a claim puts nothing at stake any more: after every open line.
    const closed = line('claim-rejected', 0, 0, { month: '2026-01', disputeBy: '2026-02-20', atStakeCents: 600_000 });
    expect(rankEarningsLines([closed, missing], asOf).map((l) => l.status)).toEqual(['missing', 'claim-rejected']);
  });

  it('lists claims to dispute or answer even before any earnings file is imported', () => {
    const claimsOnly = summary({
      paidCents: 0,
      byStatus: { matched: 0, underpaid: 0, overpaid: 0, missing: 0, pending: 2, 'unexpected-ineligible': 0, 'not-predicted': 0, 'claim-rejected': 1, 'claim-action-required': 0 },
    });
    expect(earningsState(claimsOnly)).toBe('ready');
    expect(emptyStateWords(claimsOnly)).toBeNull();
  });

  it('say who, the month, the amounts in dollars and the deadline in words, never codes', () => {
    const missing = line('missing', 40000, 0, { month: '2025-05', disputeBy: '2025-09-14', workload: 'defender-for-endpoint', milestones: [1] });
    expect(lineWho(missing)).toBe('Contoso · Defender for Endpoint · May 2025 (milestone 1)');
    expect(lineWho({ ...missing, customerName: null })).toBe(`Tenant ${T1} · Defender for Endpoint · May 2025 (milestone 1)`);
    expect(lineFigures(missing)).toBe('Predicted $400.00 · paid $0.00 · difference -$400.00');
    expect(lineFigures(line('overpaid', 60000, 70000))).toBe('Predicted $600.00 · paid $700.00 · difference +$100.00');
    expect(deadlineWords(missing, '2025-06-20')).toBe('Dispute by 14 Sep 2025 (86 days left).');
    expect(deadlineWords(missing, '2025-09-13')).toBe('Dispute by 14 Sep 2025 (1 day left).');
    expect(deadlineWords(missing, '2025-09-14')).toBe('Dispute by 14 Sep 2025 (today).');
    expect(deadlineWords(missing, '2025-09-15')).toBe('Dispute window closed on 14 Sep 2025.');
    expect(deadlineWords(line('overpaid', 60000, 70000), '2025-06-20')).toMatch(/^Nothing to dispute: keep the difference aside/);
    expect(deadlineWords(line('not-predicted', 0, 10000), '2025-06-20')).toMatch(/^Nothing to dispute: check our program figures/);
  });

  it('count days by UTC calendar days, across months and years', () => {
    expect(daysBetween('2025-06-20', '2025-07-15')).toBe(25);
    expect(daysBetween('2024-12-31', '2025-03-01')).toBe(60);
    expect(daysBetween('2025-03-01', '2025-03-01')).toBe(0);
  });
});

describe('the summary', () => {
  it('says the totals, the next deadline, the lines to act on, and which segment and cloud was never paid', () => {
    const words = summaryWords(summary());
    expect(words.totals).toBe('Predicted $3,500.00 · paid $1,750.00 · missing $1,450.00');
    expect(words.deadline).toBe('Next dispute deadline: 15 Jul 2025 (25 days from 20 Jun 2025).');
    expect(words.counts).toBe('12 months of 2 workloads checked; to act on: 1 missing, 1 underpaid, 1 refused by Partner Center, 1 overpaid, 1 paid but not predicted.');
    expect(words.groups).toEqual([
      { neverPaid: true, text: 'Education on GCC: never paid ($1,500.00 predicted, $1,000.00 missing).' },
      { neverPaid: false, text: 'Commercial on Commercial: last paid Apr 2025 ($1,750.00 of $2,000.00 predicted).' },
    ]);
    expect(summaryWords(summary({ nextDisputeBy: null })).deadline).toBe('No dispute window open.');
    const quiet = summaryWords(
      summary({ byStatus: { matched: 11, underpaid: 0, overpaid: 0, missing: 0, pending: 1, 'unexpected-ineligible': 0, 'not-predicted': 0, 'claim-rejected': 0, 'claim-action-required': 0 } }),
    );
    expect(quiet.counts).toBe('All 12 months of 2 workloads match or are not due yet.');
    const nothingPredicted = summaryWords(summary({ bySegmentAndCloud: [{ segment: 'Government', cloud: 'GCC', lines: 2, predictedCents: 0, paidCents: 0, missingCents: 0, lastPaidMonth: null }] }));
    expect(nothingPredicted.groups).toEqual([{ neverPaid: false, text: 'Government on GCC: nothing predicted, nothing paid.' }]);
  });

  it('tells no claims and no earnings imported apart from lines to read, and says how to import', () => {
    expect(earningsState(summary())).toBe('ready');
    expect(emptyStateWords(summary())).toBeNull();
    const none = summary({ lines: 0, workloads: 3, predictedCents: 0, paidCents: 0, missingCents: 0, bySegmentAndCloud: [] });
    expect(earningsState(none)).toBe('no-claims');
    expect(emptyStateWords(none)).toMatch(/^Nothing to check as of 20 Jun 2025: no tracked workload has an approved claim/);
    const unpaid = summary({
      paidCents: 0,
      byStatus: { matched: 4, underpaid: 0, overpaid: 0, missing: 6, pending: 2, 'unexpected-ineligible': 0, 'not-predicted': 0, 'claim-rejected': 0, 'claim-action-required': 0 },
    });
    expect(earningsState(unpaid)).toBe('no-earnings');
    expect(emptyStateWords(unpaid)).toMatch(/^No earnings imported yet: .* 2 tracked workloads \(\$3,500\.00 predicted to 20 Jun 2025\)\..*npm run import -- earnings\.csv.*\/api\/v1\/import/);
    // A Partner Center code alone (nothing paid) is an imported file: the lines are read.
    expect(earningsState(summary({ paidCents: 0, byStatus: { ...unpaid.byStatus, 'unexpected-ineligible': 1 } }))).toBe('ready');
  });
});
