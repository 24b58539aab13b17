/**
 * Formula = HTTP = nightly, with a custom stored catalog (not the shipped one): the team amends
 * four program years through the API; the add-in loads that catalog from the API; on generated
 * workloads every formula gives the API's verdict, reasons and advice, and the nightly's stored
 * states agree with both. The custom figures change many answers (checked against the shipped
 * catalog), so a path still computing with the shipped figures would fail here.
 */
import { IncentivesApi } from '../../addin/src/apiClient';
import { cporEligible, cporWhy, claimAdvice, seatsToMinimum, sizeBandOf } from '../../addin/src/formulas';
import { loadCatalogFromApi, workbookCatalog } from '../../addin/src/workbookCatalog';
import { generateWorkloads } from '../../dev/support/generateWorkloads';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { checkEligibility, type WorkloadFactsInput, type WorkloadState } from '../../shared';
import { tenant, useAzurite } from '../support/azurite';
import { call, TEST_KEY, useTestHost } from '../support/localHost';
import { runNight, useQueueTrigger } from '../support/nightly';

jest.setTimeout(120_000);

const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();
useQueueTrigger(() => azurite().connectionString);

const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
const bands = (xs: number, s: number, m: number) => [
  { name: 'XS', minSeats: xs },
  { name: 'S', minSeats: s },
  { name: 'M', minSeats: m },
  { name: 'L', minSeats: 2500 },
  { name: 'XL', minSeats: 5000 },
  { name: 'XXL', minSeats: 10000 },
];
const securityChanges = {
  exampleFigures: false,
  seatMinimum: 200,
  sizeBands: bands(200, 600, 1200),
  payout: {
    milestones: [
      { number: 1, usagePct: 20 },
      { number: 2, usagePct: 45 },
    ],
    amountsCents: { XS: [110000, 160000], S: [210000, 310000], M: [420000, 630000] },
  },
};
/** The team's figures: four years amended, two of them from the middle of the year. */
const AMENDMENTS: Array<[string, object]> = [
  ['security-usage-fy25', { effectiveFrom: '2025-03-01', note: 'FY25 guide, March update', changes: securityChanges }],
  ['security-usage-fy26', { effectiveFrom: '2025-10-01', note: 'FY26 guide', changes: securityChanges }],
  [
    'modern-work-usage-fy25',
    {
      effectiveFrom: '2025-01-01',
      note: 'FY25 guide, January update',
      changes: { exampleFigures: false, seatMinimum: 250, sizeBands: bands(250, 500, 1000), payout: { ratePerUserCents: { A: 1200, B: 800, C: 500 } } },
    },
  ],
  ['modern-work-usage-fy26', { effectiveFrom: '2026-01-01', note: 'FY26 guide, January update', changes: { exampleFigures: false, seatMinimum: 350, sizeBands: bands(350, 600, 1000) } }],
];

/** The facts a formula takes (the generator's payout-only fields left out). */
function formulaFacts(n: number, seed: number): Array<Record<string, unknown>> {
  return generateWorkloads(n, seed).map((f) => {
    const facts: Record<string, unknown> = {
      programId: f.programId,
      asOfDate: f.asOfDate,
      workload: f.workload,
      paidAvailableUnits: f.paidAvailableUnits,
      monthlyActiveUsers: f.monthlyActiveUsers,
      cloud: f.cloud,
      licenseProgram: f.licenseProgram,
    };
    if (f.claimDate !== undefined) Object.assign(facts, { claimDate: f.claimDate, highWaterMark: f.highWaterMark, paidAvailableUnitsAtClaim: f.paidAvailableUnitsAtClaim });
    return facts;
  });
}

/** One range per argument, as columns of a workbook (dates as serial numbers). */
function columns(cases: Array<Record<string, unknown>>): unknown[][][] {
  const column = (key: string, date = false) => cases.map((c) => [c[key] === undefined ? '' : date ? serial(String(c[key])) : c[key]]);
  return [
    column('workload'),
    column('paidAvailableUnits'),
    column('monthlyActiveUsers'),
    column('asOfDate', true),
    column('programId'),
    column('cloud'),
    column('licenseProgram'),
    column('claimDate', true),
    column('highWaterMark'),
    column('paidAvailableUnitsAtClaim'),
  ];
}

type Args = [unknown[][], unknown[][], unknown[][], unknown[][]];

beforeAll(async () => {
  for (const [id, body] of AMENDMENTS) {
    const r = await call(host(), 'POST', `/api/v1/programs/${id}/amendments`, { body, headers: { 'x-changed-by': 'Equivalence test' } });
    if (r.status !== 201) throw new Error(`amending ${id}: ${r.status} ${r.text}`);
  }
  // The add-in loads the stored catalog from the running API, as its task pane does.
  const api = new IncentivesApi(() => ({ apiUrl: host().url, apiKey: TEST_KEY }));
  await loadCatalogFromApi(api, host().url);
});

describe('with a custom stored catalog', () => {
  it('formulas give the API verdicts, reasons and advice on 1,500 generated workloads, and the custom figures matter', async () => {
    expect(workbookCatalog().info.source).toBe('stored');
    const cases = formulaFacts(1500, 13);
    const r = await call(host(), 'POST', '/api/v1/eligibility', { body: { items: cases } });
    expect(r.status).toBe(200);
    const answers = r.json.items as Array<{ eligible: boolean; sizeBand: string; reasons: Array<{ code: string; message: string }>; advice: { action: string } }>;
    const args = columns(cases) as Args;
    const eligible = cporEligible(...args);
    const why = cporWhy(...args);
    const advice = claimAdvice(...args);
    let differFromShipped = 0;
    answers.forEach((a, i) => {
      expect(eligible[i]![0]).toBe(a.eligible);
      expect(why[i]![0]).toBe(a.reasons.map((x) => `${x.code}: ${x.message}`).join('; '));
      expect(advice[i]![0]).toBe(a.advice.action);
      const shipped = checkEligibility(cases[i] as unknown as WorkloadFactsInput);
      if (
        shipped.eligible !== a.eligible ||
        shipped.sizeBand !== a.sizeBand ||
        JSON.stringify(shipped.earnableMilestones) !== JSON.stringify((a as unknown as { earnableMilestones: unknown }).earnableMilestones)
      )
        differFromShipped++;
    });
    // The custom figures change a good part of the answers (a path on the shipped figures would fail above).
    expect(differFromShipped).toBeGreaterThan(100); // 155 of 1,500 with these figures and this seed
  });

  it('the nightly stores the same verdicts as the API and the formulas give for the night', async () => {
    const night = '2026-06-30';
    const cases = formulaFacts(40, 21).map(({ claimDate: _c, highWaterMark: _h, paidAvailableUnitsAtClaim: _p, ...f }) => ({ ...f, asOfDate: night }) as Record<string, unknown>);
    for (const [i, c] of cases.entries()) {
      const { asOfDate: _d, workload, ...fields } = c;
      const r = await call(host(), 'PUT', `/api/v1/workloads/${tenant(100 + i)}/${encodeURIComponent(String(workload))}`, { body: fields });
      if (r.status !== 201) throw new Error(`tracking case ${i}: ${r.status} ${r.text}`);
    }
    const run = await runNight(night);
    expect(run).toMatchObject({ status: 'completed', errors: 0, workloadsEvaluated: 40 });
    const http = (await call(host(), 'POST', '/api/v1/eligibility', { body: { items: cases } })).json.items as Array<{ eligible: boolean; sizeBand: string; seatMinimum: number; workloadId: string }>;
    const all = columns(cases);
    const eligible = cporEligible(...(all as Args));
    const band = sizeBandOf(all[1]!, all[3]!, all[4]);
    const toMinimum = seatsToMinimum(all[1]!, all[3]!, all[4]);
    const store = new WorkloadStore(azurite().connectionString);
    for (const [i, c] of cases.entries()) {
      const stored = await store.storedWorkload(tenant(100 + i), http[i]!.workloadId);
      const state = JSON.parse(stored!.night.nightState!) as WorkloadState;
      expect([state.eligible, state.sizeBand, state.seatMinimum]).toEqual([http[i]!.eligible, http[i]!.sizeBand, http[i]!.seatMinimum]);
      expect(eligible[i]![0]).toBe(state.eligible);
      expect(band[i]![0]).toBe(state.sizeBand);
      expect(toMinimum[i]![0]).toBe(Math.max(0, state.seatMinimum - Number(c.paidAvailableUnits)));
    }
    // The custom seat minimums are the ones in force on the night.
    expect(new Set(http.map((h) => h.seatMinimum))).toEqual(new Set([200, 350]));
  });
});
