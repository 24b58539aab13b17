/**
 * Amendments apply by date inside the engine: the figures in force on a date are the year's own
 * with every amendment effective on or before it applied, so an as-of re-run gives that date's
 * answers. Bad amendments are refused naming the field.
 */
import { calculatePayout, calculatePayouts, catalogData, checkEligibility, loadCatalog, mergeFigures, ProgramDataError, shippedCatalogData, sizeBand, type CatalogData } from '../../shared';
import { securityClaim } from '../support/facts';

/** Security usage FY26 runs 2025-10-01 to 2026-09-30; the July guide raises XS from $1,000/$1,500 to $1,200/$1,800. */
const julyUpdate = {
  programId: 'security-usage-fy26',
  effectiveFrom: '2026-07-01',
  note: 'July 2026 guide update',
  changes: { payout: { amountsCents: { XS: [120000, 180000] } }, exampleFigures: false },
};

function amended(...amendments: unknown[]): CatalogData {
  return { ...shippedCatalogData, amendments };
}

function issuePaths(data: CatalogData): string[] {
  try {
    loadCatalog(data);
  } catch (e) {
    expect(e).toBeInstanceOf(ProgramDataError);
    return (e as ProgramDataError).issues.map((i) => i.path);
  }
  throw new Error('expected the catalog to be rejected');
}

/** An XS claim of FY26 at 9% (27 of 300 seats), now at 20%: milestone 1 (15%) earned. */
const xsClaim = (asOfDate: string) =>
  securityClaim({
    programId: 'security-usage',
    asOfDate,
    claimDate: '2026-01-10',
    claimApprovedDate: '2026-01-20',
    paidAvailableUnits: 300,
    paidAvailableUnitsAtClaim: 300,
    highWaterMark: 27,
    monthlyActiveUsers: 60,
  });

describe('amendments by date', () => {
  const catalog = loadCatalog(amended(julyUpdate));

  it('merges objects field by field and replaces lists', () => {
    expect(mergeFigures({ payout: { style: 'milestone', amountsCents: { XS: [1, 2], S: [3, 4] } }, sizeBands: [1] }, { payout: { amountsCents: { S: [5, 6] } }, sizeBands: [2] })).toEqual({
      payout: { style: 'milestone', amountsCents: { XS: [1, 2], S: [5, 6] } },
      sizeBands: [2],
    });
  });

  it('leaves 30 June with the year own figures and changes them from 1 July', () => {
    const june = catalog.resolve('security-usage', '2026-06-30').program;
    const july = catalog.resolve('security-usage', '2026-07-01').program;
    expect(june.payout.style === 'milestone' && june.payout.amountsCents.XS).toEqual([100000, 150000]);
    expect(july.payout.style === 'milestone' && july.payout.amountsCents.XS).toEqual([120000, 180000]);
    expect(july.payout.style === 'milestone' && july.payout.amountsCents.S).toEqual([200000, 300000]); // untouched band kept
    expect(catalog.amendmentsOf(june)).toEqual([]);
    expect(catalog.amendmentsOf(july).map((a) => a.note)).toEqual(['July 2026 guide update']);
  });

  it('pays the amended amount for 1 July and the old one for 30 June (payout as of each date)', () => {
    expect(calculatePayout(xsClaim('2026-06-30'), catalog).owedCents).toBe(100000);
    expect(calculatePayout(xsClaim('2026-07-01'), catalog).owedCents).toBe(120000);
    // The shipped catalog is not changed by loading another.
    expect(calculatePayout(xsClaim('2026-07-01')).owedCents).toBe(100000);
  });

  it('applies several amendments in date order, whatever order they are given in', () => {
    const august = { ...julyUpdate, effectiveFrom: '2026-08-01', note: 'August correction', changes: { payout: { amountsCents: { XS: [130000, 190000] } } } };
    const c = loadCatalog(amended(august, julyUpdate));
    const amountOn = (d: string) => {
      const p = c.resolve('security-usage-fy26', d).program;
      return p.payout.style === 'milestone' ? p.payout.amountsCents.XS![0] : null;
    };
    expect([amountOn('2026-06-30'), amountOn('2026-07-15'), amountOn('2026-08-01')]).toEqual([100000, 120000, 130000]);
    expect(c.amendmentsOf(c.resolve('security-usage-fy26', '2026-08-01').program).map((a) => a.note)).toEqual(['July 2026 guide update', 'August correction']);
  });

  it('caps a batch with the partner cap in force on its date (an amended default cap)', () => {
    const capped = loadCatalog(amended({ ...julyUpdate, changes: { defaultPartnerCapCents: 150000 } }));
    const batch = (asOfDate: string) => calculatePayouts({ items: [xsClaim(asOfDate), xsClaim(asOfDate)] }, capped).partnerCaps[0]!;
    expect(batch('2026-06-30')).toMatchObject({ capCents: 20000000, cappedCents: 0 });
    expect(batch('2026-07-01')).toMatchObject({ capCents: 150000, payableCents: 150000, cappedCents: 50000 });
  });

  it('round-trips through catalogData (what an export writes, an import reads)', () => {
    const again = loadCatalog(JSON.parse(JSON.stringify(catalogData(catalog))) as CatalogData);
    expect(calculatePayout(xsClaim('2026-07-01'), again).owedCents).toBe(120000);
  });
});

describe('bad amendments are refused, naming the field', () => {
  it.each([
    ['an effective date outside the program year', { ...julyUpdate, effectiveFrom: '2026-10-01' }, 'programs[security-usage-fy26].amendments[0].effectiveFrom'],
    [
      'bands not ascending',
      {
        ...julyUpdate,
        changes: {
          sizeBands: [
            { name: 'XS', minSeats: 150 },
            { name: 'S', minSeats: 500 },
            { name: 'M', minSeats: 400 },
          ],
        },
      },
      'programs[security-usage-fy26].amendments[0].changes.sizeBands[2].minSeats',
    ],
    ['a negative amount', { ...julyUpdate, changes: { payout: { amountsCents: { XS: [-1, 180000] } } } }, 'programs[security-usage-fy26].amendments[0].changes.payout.amountsCents.XS[0]'],
    [
      'a milestone at 100%',
      {
        ...julyUpdate,
        changes: {
          payout: {
            milestones: [
              { number: 1, usagePct: 15 },
              { number: 2, usagePct: 100 },
            ],
          },
        },
      },
      'programs[security-usage-fy26].amendments[0].changes.payout.milestones[1].usagePct',
    ],
    ['an unknown workload', { ...julyUpdate, changes: { workloads: ['intune', 'not-a-workload'] } }, 'programs[security-usage-fy26].amendments[0].changes.workloads[1]'],
    ['a field no amendment may change', { ...julyUpdate, changes: { programYear: { start: '2026-01-01', end: '2026-12-31' } } }, 'amendments[0].changes.programYear'],
    ['an unknown program year', { ...julyUpdate, programId: 'security-usage-fy99' }, 'amendments[0].programId'],
    ['no note', { ...julyUpdate, note: ' ' }, 'amendments[0].note'],
  ])('%s', (_what, amendment, path) => {
    expect(issuePaths(amended(amendment))).toContain(path);
  });

  it('two amendments from the same date', () => {
    expect(issuePaths(amended(julyUpdate, { ...julyUpdate, note: 'again' }))).toEqual(['programs[security-usage-fy26].amendments[1].effectiveFrom']);
  });
});

describe('honest answers about the figures', () => {
  it('says the shipped figures are examples, in every answer that uses them', () => {
    const v = checkEligibility({ programId: 'security-usage', asOfDate: '2026-03-31', workload: 'MDE', paidAvailableUnits: 1000, monthlyActiveUsers: 90 });
    const notice = v.reasons.find((r) => r.code === 'EXAMPLE_PROGRAM_FIGURES')!;
    expect(notice.message).toBe("Amounts use example figures, not your program's; enter the figures of the current incentive guide (Security usage FY26 holds the examples shipped with the product).");
    expect(notice.params).toEqual({ programId: 'security-usage-fy26' });
    expect(calculatePayout(xsClaim('2026-06-30')).reasons.map((r) => r.code)).toContain('EXAMPLE_PROGRAM_FIGURES');
    expect(sizeBand({ programId: 'security-usage-fy26', paidAvailableUnits: 300 }).reasons.map((r) => r.code)).toContain('EXAMPLE_PROGRAM_FIGURES');
  });

  it('says a carried-forward year (FY27) is an assumption', () => {
    const v = checkEligibility({ programId: 'security-usage', asOfDate: '2026-11-02', workload: 'MDE', paidAvailableUnits: 1000, monthlyActiveUsers: 90 });
    const assumed = v.reasons.find((r) => r.code === 'ASSUMED_PROGRAM_FIGURES')!;
    expect(assumed.params).toEqual({ programId: 'security-usage-fy27', assumedFrom: 'security-usage-fy26' });
    expect(assumed.message).toBe('Security usage FY27 is an assumption: the rules of security-usage-fy26 carried forward until Microsoft publishes its guide; enter its figures when it does.');
  });

  it('says nothing of the kind once the guide figures are entered (from their date)', () => {
    const catalog = loadCatalog(amended(julyUpdate));
    const codesOn = (asOfDate: string) => calculatePayout(xsClaim(asOfDate), catalog).eligibility.reasons.map((r) => r.code);
    expect(codesOn('2026-06-30')).toContain('EXAMPLE_PROGRAM_FIGURES');
    expect(codesOn('2026-07-01')).not.toContain('EXAMPLE_PROGRAM_FIGURES');
    expect(catalog.exampleProgramIds('2026-07-01')).not.toContain('security-usage-fy26');
    expect(catalog.exampleProgramIds('2026-06-30')).toContain('security-usage-fy26');
  });
});
