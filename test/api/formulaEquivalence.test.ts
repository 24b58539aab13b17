/**
 * A formula in Excel and POST /api/v1/eligibility agree: on generated workloads, CPOR_ELIGIBLE
 * gives the API's `eligible` and CPOR_WHY its reasons (same codes, same sentences, same order),
 * and CLAIM_ADVICE its advice; the cells are given as Excel gives them (dates as serial numbers).
 */
import { claimAdvice, cporEligible, cporWhy } from '../../addin/src/formulas';
import { generateWorkloads } from '../../dev/support/generateWorkloads';
import { call, useTestHost } from '../support/localHost';

const host = useTestHost();
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

describe('formulas and the API on generated cases', () => {
  it('give the same verdicts, reasons and advice for 1,500 workloads', async () => {
    // The facts a formula takes (the generator adds payout-only fields; they are left out of both).
    const cases = generateWorkloads(1500, 7).map((f) => {
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
    const r = await call(host(), 'POST', '/api/v1/eligibility', { body: { items: cases } });
    expect(r.status).toBe(200);
    const answers = r.json.items as Array<{ eligible: boolean; reasons: Array<{ code: string; message: string }>; advice: { action: string } }>;

    // One range call per argument, as a column in a workbook would be.
    const column = (key: string, date = false) => cases.map((c) => [c[key] === undefined ? '' : date ? serial(String(c[key])) : c[key]]);
    const args = [
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
    const eligible = cporEligible(...(args as [unknown[][], unknown[][], unknown[][], unknown[][]]));
    const why = cporWhy(...(args as [unknown[][], unknown[][], unknown[][], unknown[][]]));
    const advice = claimAdvice(...(args as [unknown[][], unknown[][], unknown[][], unknown[][]]));

    let eligibleCount = 0;
    answers.forEach((a, i) => {
      expect(eligible[i]![0]).toBe(a.eligible);
      expect(why[i]![0]).toBe(a.reasons.map((x) => `${x.code}: ${x.message}`).join('; '));
      expect(advice[i]![0]).toBe(a.advice.action);
      if (a.eligible) eligibleCount++;
    });
    // Both outcomes are exercised.
    expect(eligibleCount).toBeGreaterThan(100);
    expect(eligibleCount).toBeLessThan(1400);
  }, 60_000);
});
