/**
 * Calibration findings carry the catalog's what-if with the amendment prefilled from the
 * finding (the paid figure), so the team sees the effect of amending before amending; payments
 * entered by hand are no evidence of the rate card. Figures by hand from the shipped catalog:
 * Modern Work FY25 pays $10.00 per user in market A; Security FY25 band M pays $4,000 and $6,000.
 */
import { AmendmentInputSchema, Calibration, defaultCatalog, type PayoutLine } from '../../shared';
import { handEarning } from '../../functions/storage/handPayments';
import { earningRow } from '../support/earningRow';

const TENANT = '11111111-1111-4111-8111-111111111111';
const earning = earningRow;

const modernWork = defaultCatalog.get('modern-work-usage-fy25')!;
const security = defaultCatalog.get('security-usage-fy25')!;
const reachedM = { milestone: 1, band: 'M', month: '2025-03', status: 'earned' } as unknown as PayoutLine;

describe("calibration findings link to the catalog's what-if", () => {
  it('a rate finding: the market and the rate paid, from the first month paid at it', () => {
    const calibration = new Calibration();
    calibration.add(modernWork, 'B', [], [earning('m', '2025-03', 48000, { earningRateCents: 1200 }), earning('f', '2025-02', 60000, { earningRateCents: 1200 })]);
    const [found] = calibration.findings('2025-06-20');
    expect(found!.whatIf).toEqual({
      method: 'POST',
      href: '/api/v1/programs/modern-work-usage-fy25/what-if',
      body: {
        asOfDate: '2025-06-20',
        market: 'B',
        amendment: {
          effectiveFrom: '2025-02-01',
          note: 'Calibration: modern-work-usage-fy25: paid $12.00 per unit in market B for 90 units (2 earnings); the catalog says $7.00.',
          changes: { payout: { ratePerUserCents: { B: 1200 } } },
        },
      },
    });
    // The body is one the what-if and the amendments route accept.
    expect(AmendmentInputSchema.safeParse(found!.whatIf.body.amendment).success).toBe(true);
  });

  it("a milestone finding: the band's amounts with the milestone's replaced by the paid amount", () => {
    const calibration = new Calibration();
    calibration.add(security, null, [reachedM], [earning('m1', '2025-04', 450000, { milestone: 1, workload: 'defender-for-endpoint' })]);
    const [found] = calibration.findings('2025-06-20');
    expect(found!.whatIf.body).toEqual({
      asOfDate: '2025-06-20',
      amendment: {
        effectiveFrom: '2025-04-01',
        note: 'Calibration: security-usage-fy25: paid $4,500.00 for milestone 1 at band M (1 earnings); the catalog says $4,000.00.',
        changes: { payout: { amountsCents: { M: [450000, 600000] } } },
      },
    });
  });

  it('an amendment never starts before the program year (an earning booked before it)', () => {
    const calibration = new Calibration();
    calibration.add(modernWork, 'A', [], [earning('x', '2024-08', 1200, { earningRateCents: 1200 })]);
    expect(calibration.findings('2025-06-20')[0]!.whatIf.body.amendment.effectiveFrom).toBe('2024-10-01');
  });

  it('leaves payments entered by hand out: only Partner Center figures calibrate', () => {
    const calibration = new Calibration();
    const typed = handEarning(
      TENANT,
      'defender-for-endpoint',
      { id: 'h', month: '2025-04', amountCents: 450000, milestone: 1, claimId: null, note: null, enteredBy: null },
      '2025-05-01T00:00:00.000Z',
    );
    calibration.add(security, null, [reachedM], [typed]);
    expect(calibration.findings('2025-06-20')).toEqual([]);
  });
});
