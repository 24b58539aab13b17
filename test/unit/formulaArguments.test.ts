/**
 * The formulas' newer arguments: the workload (or program) that sets SIZE_BAND's and
 * SEATS_TO_MINIMUM's seat minimum, PAYOUT's cloud, licence program and amount already paid,
 * and the usage history (one workload per formula); every refusal names its argument.
 */
import { payout, seatsToMinimum, sizeBandOf, cporEligible } from '../../addin/src/formulas';

const cell = <T>(v: T) => [[v]];
const col = <T>(...vs: T[]) => vs.map((v) => [v]);
const D = cell('2026-11-22');
const OMITTED = null as unknown as unknown[][];

/** PAYOUT of an approved MDE claim (baseline HWM 100 of PAU 1,000), with the optional tail given. */
const mdePayout = (cloud: unknown, licenseProgram: unknown, amountPaid: unknown, mau = 120) =>
  payout(cell('MDE'), cell(1000), cell(mau), D, OMITTED, OMITTED, cell('2026-10-05'), cell('2026-10-20'), cell(100), cell(1000), cell(cloud), cell(licenseProgram), cell(amountPaid))[0]![0];

describe('SIZE_BAND and SEATS_TO_MINIMUM take the workload or the program', () => {
  it('200 Exchange Online seats are XXS under Modern Work (300 seat minimum), XS under Security', () => {
    expect(sizeBandOf(cell(200), D, cell('Exchange Online'))).toEqual([['XXS']]);
    expect(sizeBandOf(cell(200), D, cell('modern-work-usage'))).toEqual([['XXS']]);
    expect(sizeBandOf(cell(200), D, cell('MDE'))).toEqual([['XS']]);
    expect(sizeBandOf(cell(200), D)).toEqual([['XS']]);
    expect(seatsToMinimum(cell(200), D, cell('Exchange Online'))).toEqual([[100]]);
    expect(seatsToMinimum(cell(100), D, cell('Intune'))).toEqual([[50]]);
  });

  it('a column of workloads, each with its own minimum', () => {
    expect(sizeBandOf(col(200, 200), D, col('Teams', 'Defender for Identity'))).toEqual([['XXS'], ['XS']]);
  });

  it('refuses a name that is neither, naming the argument', () => {
    expect(sizeBandOf(cell(200), D, cell('Exchnage'))[0]![0]).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^workloadOrProgram: "Exchnage" is neither a program/) });
  });
});

describe('PAYOUT takes cloud, licence program and the amount already paid', () => {
  it('what is still to come drops by what was paid; paying more than was earned is refused', () => {
    const all = mdePayout(null, null, null);
    expect(all).toBe(10000);
    expect(mdePayout('Commercial', 'CSP', 0)).toBe(10000);
    // MAU 800 of 1,000 seats: milestones reached, so something was earned and can have been paid.
    const before = mdePayout(null, null, null, 800) as number;
    expect(before).toBeGreaterThan(2000);
    expect(mdePayout(null, null, 2000, 800)).toBe(before - 2000);
    // Nothing earned yet at MAU 120: any amount paid is more than was earned.
    expect(mdePayout(null, null, 1, 120)).toMatchObject({ code: '#VALUE!', message: 'amountPaid: $1.00 is more than the $0.00 this claim has earned' });
    expect(mdePayout(null, null, 1e6)).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^amountPaid: \$1,000,000\.00 is more than the \$[\d,.]+ this claim has earned/) });
    expect(mdePayout(null, null, -5)).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^amountPaid: must be an amount/) });
  });

  it('a cloud that earns nothing pays nothing; an unknown licence program is refused by name', () => {
    expect(mdePayout('GCC High', 'CSP', null)).toBe(0);
    expect(mdePayout('Commercial', 'Barter', null)).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^licenseProgram: /) });
  });
});

describe('the usage history argument', () => {
  const history = [
    ['2026-09', 1000, 100],
    ['2026-10', 1000, 110],
  ];
  it('is one workload: with a column of workloads it is refused', () => {
    let thrown: unknown;
    try {
      cporEligible(col('MDE', 'Intune'), cell(1000), cell(120), D, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, history);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^usageHistory: is the months of one workload/) });
  });

  it('names its bad row', () => {
    const out = cporEligible(cell('MDE'), cell(1000), cell(120), D, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, OMITTED, [
      ['2026-09', 1000, 100],
      ['Sept', 1000, 100],
    ]);
    expect(out[0]![0]).toMatchObject({ code: '#VALUE!', message: 'usageHistory: row 2: "Sept" is not a month (a date, or text like 2026-03)' });
  });

  it('gives a filed claim its baseline from the history', () => {
    expect(cporEligible(cell('MDE'), cell(1000), cell(120), D, OMITTED, OMITTED, OMITTED, cell('2026-10-05'), OMITTED, OMITTED, OMITTED, history)).toEqual([[true]]);
  });
});
