/**
 * The Excel custom functions called directly, as Excel calls them: single cells as 1x1
 * matrices, ranges as matrices, dates as Excel serial numbers, omitted arguments as null;
 * bad arguments as #VALUE! naming the argument (and the row of a range).
 */
import { LOCAL_FORMULAS, cporEligible, cporWhy, claimAdvice, sizeBandOf, seatsToMinimum, usagePctOf, milestone, payout, poeCheck, recognized, forecast } from '../../addin/src/formulas';

/** Excel's serial number of an ISO date (what a date cell holds). */
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
const cell = <T>(v: T) => [[v]];
const col = <T>(...vs: T[]) => vs.map((v) => [v]);
const D = cell(serial('2026-11-22'));
/** An omitted optional argument, as Excel passes it. */
const OMITTED = null as unknown as unknown[][];

function errorOf(v: unknown): { code: string; message: string } {
  expect(v).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  return v as { code: string; message: string };
}

describe('Excel custom functions', () => {
  it('CPOR_ELIGIBLE on single cells, with an Excel date and the program found from the workload', () => {
    expect(cporEligible(cell('MDE'), cell(1000), cell(100), D)).toEqual([[true]]);
    expect(cporEligible(cell('MDE'), cell(10), cell(10), D)).toEqual([[false]]);
    expect(cporEligible(cell('MDE'), cell(1000), cell(100), cell('2026-11-22'), OMITTED, cell('GCC High'))).toEqual([[false]]);
  });

  it('takes columns and spills the same shape, a single cell standing for every row', () => {
    expect(cporEligible(col('MDE', 'Teams', 'Intune'), col(1000, 100, 5000), cell(80), D)).toEqual([[true], [false], [true]]);
    expect(sizeBandOf(col(10, 150, 1200, 2500, 12000), D)).toEqual([['XXS'], ['XS'], ['M'], ['L'], ['XXL']]);
    expect(sizeBandOf([[10, 1200]], D)).toEqual([['XXS', 'M']]);
  });

  it('gives each bad row its own #VALUE! naming the argument and the row; the other rows answer', () => {
    const out = cporEligible(col('MDE', 'MDE', 'Nope'), col(1000, -5, 1000), cell(10), D);
    expect(out[0]).toEqual([true]);
    const bad = errorOf(out[1]![0]);
    expect(bad.code).toBe('#VALUE!');
    expect(bad.message).toMatch(/^row 2: paidAvailableUnits: /);
    expect(errorOf(out[2]![0]).message).toMatch(/^row 3: workload: "Nope" is not a workload we know/);
    // A single bad cell: the message names the argument alone.
    expect(errorOf(sizeBandOf(cell('many'), D)[0]![0]).message).toMatch(/^paidAvailableUnits: /);
    expect(errorOf(cporEligible(cell('MDE'), cell(1000), cell(10), cell('2026-02-30'))[0]![0]).message).toMatch(/^asOfDate: is not a real date/);
  });

  it('refuses ranges of different sizes as one #VALUE! naming the argument', () => {
    expect(() => cporEligible(col('MDE', 'MDE'), col(1, 2, 3), cell(1), D)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/paidAvailableUnits: is 3 x 1 cells but workload is 2 x 1/) }),
    );
  });

  it("uses Excel's own CustomFunctions.Error where the runtime provides it", () => {
    class CfError {
      constructor(
        readonly code: string,
        readonly message?: string,
      ) {}
    }
    (globalThis as Record<string, unknown>).CustomFunctions = { Error: CfError, ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A' } };
    try {
      const out = sizeBandOf(cell(-1), D)[0]![0];
      expect(out).toBeInstanceOf(CfError);
      expect((out as CfError).code).toBe('#VALUE!');
    } finally {
      delete (globalThis as Record<string, unknown>).CustomFunctions;
    }
  });

  it('CPOR_WHY explains with codes and sentences, blocking reasons first', () => {
    const why = cporWhy(cell('MDE'), cell(10), cell(10), D)[0]![0] as string;
    expect(why).toMatch(/^BELOW_SEAT_MINIMUM: PAU 10 is below the 150 seat minimum of Security usage FY27; 140 more paid seats make it eligible\./);
  });

  it('CLAIM_ADVICE, MILESTONE, SEATS_TO_MINIMUM and USAGE_PCT', () => {
    expect(claimAdvice(col('MDE', 'MDE'), col(1000, 10), cell(100), D)).toEqual([['claim-now'], ['wait-for-seats']]);
    expect(milestone(cell('MDE'), cell(1000), col(100, 200, 500), D)).toEqual([[1], [2], [0]]);
    expect(seatsToMinimum(col(10, 150, 1000), D)).toEqual([[140], [0], [0]]);
    expect(usagePctOf(cell(420), col(1250, 100))).toEqual([[33.6], [100]]);
    expect(errorOf(usagePctOf(cell(4), cell(0))[0]![0]).message).toMatch(/paidAvailableUnits: is 0/);
  });

  it('FORECAST: the month a milestone is expected, from a range of monthly usage (month, PAU, MAU)', () => {
    // Security FY27, 1,000 seats: MAU +10 a month from 40 (2026-10, a date cell) to 90 (2027-03): 150 users at t = 11, 2027-09; 400 not within the year.
    const rows = Array.from({ length: 6 }, (_, i) => [i === 0 ? serial('2026-10-01') : `${i < 3 ? 2026 : 2027}-${String(((9 + i) % 12) + 1).padStart(2, '0')}`, 1000, 40 + 10 * i]);
    const on = cell('2027-03-31');
    expect(forecast(cell('MDE'), rows, on)).toEqual([['2027-09']]);
    expect(forecast(cell('MDE'), rows, on, cell(2))).toEqual([['not within the program year ending 2027-09-30']]);
    // A blank row is skipped; 2027-02 missing leaves one month after the gap.
    expect(forecast(cell('MDE'), [...rows.slice(0, 4), [null, null, null], rows[5]!], on)).toEqual([
      ["No forecast: 2027-02 is missing from the usage history, leaving 1 consecutive month after it; a trend needs at least 3. Add 2027-02's usage."],
    ]);
    expect(forecast(cell('MDE'), rows.slice(5), on)).toEqual([['No forecast: 1 month of usage up to 2027-03; a trend needs at least 3 consecutive months.']]);
    expect(errorOf(forecast(cell('MDE'), [['March', 1000, 10]], on)[0]![0]).message).toMatch(/history: row 1: "March" is not a month/);
  });

  it('PAYOUT estimates what the claim can still pay, in currency units', () => {
    // Security FY27, band M, claimed at 100 of 1,000 (10%): milestones 1 and 2 ($4,000 + $6,000) are still earnable.
    const claim = [cell('2026-10-05'), cell('2026-10-20'), cell(100), cell(1000)];
    expect(payout(cell('MDE'), cell(1000), cell(120), D, OMITTED, OMITTED, ...claim)).toEqual([[10000]]);
    expect(payout(cell('MDE'), cell(10), cell(10), D)).toEqual([[0]]);
  });

  it('POE_CHECK says OK or what is missing; RECOGNIZED says whether an association counts', () => {
    const tenant = cell('8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b');
    const ok = poeCheck(
      cell('MDE'),
      cell(serial('2026-11-20')),
      cell('1234567'),
      tenant,
      cell('2026-06-01'),
      cell('MDE'),
      cell('Protect 800 devices against ransomware'),
      cell('deployment; configuration'),
      cell(800),
      cell(4),
      cell('2026-06-01'),
      cell('2026-09-30'),
      cell(true),
    );
    expect(ok).toEqual([['OK']]);
    const missing = poeCheck(cell('MDE'), cell('2026-11-20'), cell('1234567'), tenant)[0]![0] as string;
    expect(missing).toMatch(/^Missing: .*acknowledgement/i);
    expect(recognized(col('Power Apps', 'Power Apps'), col('CPOR OSU', 'PAL'), cell('usage'))).toEqual([[false], [true]]);
  });

  it('registers every local formula once, under the ids users type', () => {
    expect(Object.keys(LOCAL_FORMULAS).sort()).toEqual([
      'CATALOG',
      'CLAIM_ADVICE',
      'CPOR_ELIGIBLE',
      'CPOR_WHY',
      'FORECAST',
      'MILESTONE',
      'PAYOUT',
      'POE_CHECK',
      'RECOGNIZED',
      'SEATS_TO_MINIMUM',
      'SIZE_BAND',
      'USAGE_PCT',
    ]);
  });
});
