/**
 * The work list (shared/workList.ts) over a fixture of tracked workloads with each action kind.
 * Amounts are Security usage FY26's (2025-10-01 to 2026-09-30): milestone 1 at 15% and 2 at
 * 40%, paying XS $1,000 / $1,500, S $2,000 / $3,000, M $4,000 / $6,000, L $8,000 / $12,000.
 */
import { contextFor, defaultCatalog, eligibilityFrom, parseWith, workList, WorkloadFactsSchema, type EarningsFinding, type WorkItem, type WorkloadFactsInput } from '../../shared';
import { addMonthsToMonth } from '../../shared/dates';

function item(tenantId: string, customerName: string, facts: Partial<WorkloadFactsInput>): WorkItem {
  const parsed = parseWith(WorkloadFactsSchema, { programId: 'security-usage', asOfDate: '2026-03-31', workload: 'MDE', tenantId, customerName, ...facts } as WorkloadFactsInput);
  const context = contextFor(defaultCatalog, parsed);
  return { tenantId, workload: 'defender-for-endpoint', customerName, context, verdict: eligibilityFrom(defaultCatalog, context) };
}

const growing = Array.from({ length: 6 }, (_, i) => ({ month: addMonthsToMonth('2025-10', i), paidAvailableUnits: 1000, monthlyActiveUsers: 40 + 10 * i }));

const T = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

const fixture: WorkItem[] = [
  // A. Claim now: 1,000 seats (band M), 90 active (9%): milestones 1 and 2 earnable, $4,000 + $6,000.
  //    MAU +10 a month from 40 (2025-10): 150 users at t = 11, 2026-09: claim before 2026-09-01.
  item(T(1), 'Alpine', { paidAvailableUnits: 1000, monthlyActiveUsers: 90, usageHistory: growing }),
  // B. Re-claim: claimed at 90 of 200 seats (45%, both milestones blocked); now 100 on 2,500 seats (4%, band L):
  //    a new claim makes 1 and 2 earnable again, $8,000 + $12,000.
  item(T(2), 'Birch', { paidAvailableUnits: 2500, monthlyActiveUsers: 100, claimDate: '2025-11-01', highWaterMark: 90, paidAvailableUnitsAtClaim: 200 }),
  // C. Exception: claimed at 160 of 1,000 (16%, milestone 1 blocked); seats grew to 1,200 and 200 are active (16.7%):
  //    milestone 1 reached again, $4,000 at band M.
  item(T(3), 'Cedar', { paidAvailableUnits: 1200, monthlyActiveUsers: 200, claimDate: '2025-11-01', highWaterMark: 160, paidAvailableUnitsAtClaim: 1000 }),
  // D. Claim now with a POE turning 12 months old on 2026-04-15 (15 days): 600 seats (band S), 50 active: $2,000 + $3,000.
  item(T(4), 'Dune', { paidAvailableUnits: 600, monthlyActiveUsers: 50, poeAcknowledgementDate: '2025-04-15' }),
  // E. The program year ends in 15 days: 300 seats (band XS), 20 active: $1,000 + $1,500.
  item(T(5), 'Elm', { asOfDate: '2026-09-15', paidAvailableUnits: 300, monthlyActiveUsers: 20 }),
  // F. Nothing to do: below the seat minimum (wait), and a claim on track.
  item(T(6), 'Fir', { paidAvailableUnits: 100, monthlyActiveUsers: 10 }),
  item(T(7), 'Gum', { paidAvailableUnits: 1000, monthlyActiveUsers: 120, claimDate: '2025-11-01', claimApprovedDate: '2025-11-10', highWaterMark: 90, paidAvailableUnitsAtClaim: 1000 }),
];

const missing: EarningsFinding = {
  tenantId: T(8),
  workload: 'intune',
  customerName: 'Hazel',
  programId: 'security-usage-fy26',
  action: 'missing-earnings',
  amountCents: 300000,
  currency: 'USD',
  deadline: '2026-05-01',
  message: 'Milestone 1 of 2026-01 ($3,000.00) is missing from the earnings; dispute by 2026-05-01.',
  reasons: [],
};

describe('work list', () => {
  const lines = workList(defaultCatalog, fixture, [missing]);

  it('one line per thing to do, ranked by money and then by deadline (worked out by hand)', () => {
    expect(lines.map((l) => [l.customerName, l.action, l.amountCents, l.deadline])).toEqual([
      ['Birch', 're-claim', 2000000, null],
      ['Alpine', 'claim-now', 1000000, '2026-09-01'],
      ['Dune', 'refresh-poe', 500000, '2026-04-15'], // same amount: the dated line first
      ['Dune', 'claim-now', 500000, null],
      ['Cedar', 'ask-for-exception', 400000, null],
      ['Hazel', 'missing-earnings', 300000, '2026-05-01'],
      ['Elm', 'program-year-ending', 250000, '2026-09-30'],
      ['Elm', 'claim-now', 250000, null],
    ]);
  });

  it('each line says what to do with the amount and the deadline in words', () => {
    const byAction = (customer: string, action: string) => lines.find((l) => l.customerName === customer && l.action === action)!;
    expect(byAction('Alpine', 'claim-now').message).toBe(
      'Claim now: $10,000.00 earnable (milestones 1 and 2 at band M). Every active user added before the claim raises the baseline. Milestone 1 expected in 2026-09: claim before then.',
    );
    expect(byAction('Birch', 're-claim').message).toMatch(/^Re-claim: a new claim makes milestones 1 and 2 earnable again, \$20,000\.00 at band L\. Re-claim: usage fell to 4%/);
    expect(byAction('Cedar', 'ask-for-exception').message).toMatch(/^Ask for an exception: milestone 1, \$4,000\.00 at band M\. Ask support for a payment exception/);
    expect(byAction('Dune', 'refresh-poe').message).toBe(
      'Refresh the POE before 2026-04-15: the customer acknowledgement of 2025-04-15 stops counting then (15 days left), or claim before it; $5,000.00 is at stake.',
    );
    expect(byAction('Elm', 'program-year-ending').message).toBe('Program year Security usage FY26 ends on 2026-09-30 (15 days left): file the claim before it; $2,500.00 is at stake.');
  });

  it("the claim-now line carries the advice's and the forecast's reasons", () => {
    const alpine = lines.find((l) => l.customerName === 'Alpine')!;
    expect(alpine.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['CLAIM_NOW', 'FORECAST_TREND', 'FORECAST_MILESTONE_EXPECTED']));
  });

  it('an expired POE with no claim filed: refresh it now, with what a claim would earn', () => {
    const [line] = workList(defaultCatalog, [item(T(9), 'Ivy', { paidAvailableUnits: 600, monthlyActiveUsers: 50, poeAcknowledgementDate: '2025-01-15' })]);
    expect(line).toMatchObject({ action: 'refresh-poe', amountCents: 500000, deadline: '2026-03-31' });
    expect(line!.message).toBe('Refresh the POE now: the customer acknowledgement of 2025-01-15 counted for claims filed up to 2026-01-15; $5,000.00 waits on a claim.');
  });

  it('per-user programs: no amount before the market is known, ranked after every amount', () => {
    const mw = item(T(9), 'Juniper', { programId: 'modern-work-usage', workload: 'Exchange Online', paidAvailableUnits: 1000, monthlyActiveUsers: 100 });
    const ranked = workList(defaultCatalog, [mw, fixture[4]!]);
    expect(ranked.map((l) => [l.customerName, l.action, l.amountCents])).toEqual([
      ['Elm', 'program-year-ending', 250000],
      ['Elm', 'claim-now', 250000],
      ['Juniper', 'claim-now', null],
    ]);
    expect(ranked[2]!.message).toMatch(/^Claim now: 900 opportunity units\./);
  });
});
