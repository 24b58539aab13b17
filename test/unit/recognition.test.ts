import { recognize, type RecognitionInput } from '../../shared';

describe('association recognition (R9)', () => {
  // product, association, metric, counted
  it.each<[string, RecognitionInput['associationType'], RecognitionInput['metric'], boolean]>([
    ['Dynamics 365 Customer Engagement', 'CPOR RevRec', 'net-customer-add', true],
    ['Dynamics 365 Customer Engagement', 'CPOR OSA', 'net-customer-add', true],
    ['Dynamics 365 Customer Engagement', 'CPOR RevRec Performance', 'net-customer-add', true],
    ['Dynamics 365 Customer Engagement', 'CSP Tier 1', 'net-customer-add', true],
    ['Dynamics 365 Customer Engagement', 'CSP Tier 2', 'net-customer-add', true],
    ['Dynamics 365 Customer Engagement', 'DPOR', 'net-customer-add', true],
    ['Dynamics 365 Customer Engagement', 'CPOR OSU', 'net-customer-add', false],
    ['Dynamics 365 Customer Engagement', 'PAL', 'net-customer-add', false],
    ['Power Apps', 'DPOR', 'net-customer-add', true],
    ['Power Automate', 'PAL', 'net-customer-add', false],
    ['Dynamics 365 Customer Engagement', 'CPOR OSU', 'usage', true],
    ['D365 CE', 'CSP Tier 1', 'usage', true],
    ['Dynamics 365 Customer Engagement', 'DPOR', 'usage', true],
    ['Dynamics 365 Customer Engagement', 'PAL', 'usage', false],
    ['Customer Insights', 'CPOR OSU', 'usage', false], // CI counts PAL only
    ['Customer Insights', 'PAL', 'usage', true],
    ['Power Apps', 'PAL', 'usage', true],
    ['Power Apps', 'CPOR OSU', 'usage', false],
    ['Copilot for Microsoft 365', 'CPOR OSU', 'usage', true], // recognition without payment
  ])('%s, %s, %s: counted %s', (workload, associationType, metric, counted) => {
    const v = recognize({ workload, associationType, metric });
    expect(v.counted).toBe(counted);
    expect(v.reasons.length).toBeGreaterThan(0);
  });

  it('says which associations count when one does not', () => {
    const v = recognize({ workload: 'Power Apps', associationType: 'CPOR OSU', metric: 'usage' });
    expect(v.reasons[0]!.message).toBe('Power Platform usage counts PAL; a CPOR OSU association does not count.');
    expect(v.reasons[1]!.message).toContain('Partner Admin Link');
  });

  it('DPOR applies to EA and CASA only, never CSP', () => {
    expect(recognize({ workload: 'Power Apps', associationType: 'DPOR', metric: 'net-customer-add', licenseProgram: 'EA' }).counted).toBe(true);
    expect(recognize({ workload: 'Power Apps', associationType: 'DPOR', metric: 'net-customer-add', licenseProgram: 'CASA' }).counted).toBe(true);
    const csp = recognize({ workload: 'Power Apps', associationType: 'DPOR', metric: 'net-customer-add', licenseProgram: 'CSP' });
    expect(csp.counted).toBe(false);
    expect(csp.reasons[0]!.code).toBe('DPOR_NOT_FOR_LICENSE_PROGRAM');
  });

  it('an EA customer needs a DPOR or a CPOR, not a CSP tier', () => {
    const v = recognize({ workload: 'Dynamics 365 Customer Engagement', associationType: 'CSP Tier 1', metric: 'net-customer-add', licenseProgram: 'EA' });
    expect(v.counted).toBe(false);
    expect(v.reasons[0]!.message).toContain('a EA customer needs CPOR RevRec or CPOR OSA or CPOR RevRec Performance or DPOR');
  });

  it('a new CSP customer is counted automatically, with the data delay', () => {
    const v = recognize({ workload: 'Dynamics 365 Customer Engagement', associationType: 'CSP Tier 2', metric: 'net-customer-add', licenseProgram: 'CSP' });
    expect(v.reasons.map((r) => r.code)).toEqual(['RECOGNIZED', 'COUNTED_AUTOMATICALLY']);
    expect(v.reasons[1]!.message).toContain('30 days');
  });

  it('the transacting partner is credited for CSP: another partner cannot claim it', () => {
    const v = recognize({ workload: 'Power Apps', associationType: 'CSP Tier 1', metric: 'net-customer-add', licenseProgram: 'CSP', partnerId: '1111111', transactingPartnerId: '2222222' });
    expect(v.counted).toBe(false);
    expect(v.reasons[0]!.code).toBe('CSP_TRANSACTED_BY_OTHER_PARTNER');
  });

  it('products outside the rules are not recognized, with a reason', () => {
    const v = recognize({ workload: 'Intune', associationType: 'CPOR OSU', metric: 'usage' });
    expect(v.counted).toBe(false);
    expect(v.reasons[0]!.code).toBe('PRODUCT_NOT_RECOGNIZED');
  });

  it('names a bad metric', () => {
    expect(() => recognize({ workload: 'Power Apps', associationType: 'PAL', metric: 'revenue' as never })).toThrow(/metric: is not a known recognition metric/);
  });
});

describe('recognition: CSP subscriptions credit the transacting partner (R9)', () => {
  it('a CPOR claim on a CSP subscription another partner transacts is not counted for Dynamics 365', () => {
    const v = recognize({ workload: 'Dynamics 365 Customer Engagement', associationType: 'CPOR OSU', metric: 'usage', licenseProgram: 'CSP', partnerId: '1111111', transactingPartnerId: '2222222' });
    expect(v.counted).toBe(false);
    expect(v.reasons[0]!.code).toBe('CSP_TRANSACTED_BY_OTHER_PARTNER');
    expect(v.reasons[0]!.message).toContain('2222222');
    const own = recognize({ workload: 'Dynamics 365 Customer Engagement', associationType: 'CPOR OSU', metric: 'usage', licenseProgram: 'CSP', partnerId: '1111111', transactingPartnerId: '1111111' });
    expect(own.counted).toBe(true);
  });
});
