/**
 * The age of a POE's customer acknowledgement: within the inclusive 12 months before the claim,
 * and stated as it is (months and days), in the POE check and in the claim advice.
 */
import { adviseClaim, checkPoe } from '../../shared';
import { codes, mdePoe, securityFacts } from '../support/facts';

const ack = (v: ReturnType<typeof checkPoe>) => v.requirements.find((r) => r.requirement === 'acknowledgement')!;

describe('acknowledgement age (inclusive 12 months, stated as it is)', () => {
  it('exactly one year before the claim passes; one day older fails', () => {
    expect(ack(checkPoe(mdePoe({ acknowledgementDate: '2024-03-15' }))).passed).toBe(true);
    const old = ack(checkPoe(mdePoe({ acknowledgementDate: '2024-03-14' })));
    expect(old.passed).toBe(false);
    expect(old.reasons[0]!.message).toContain('12 months and 1 day old');
  });

  it('an acknowledgement 11 months and 15 days old is not called 12 months old', () => {
    const r = ack(checkPoe(mdePoe({ acknowledgementDate: '2024-03-31', claimDate: '2025-03-15' })));
    expect(r.passed).toBe(true);
    expect(r.reasons[0]!.message).toContain('11 months and 15 days old');
    expect(r.reasons[0]!.message).not.toContain('12 months old');
  });

  it('the advice does not call an acknowledgement expired on its anniversary', () => {
    const a = adviseClaim(securityFacts({ poeAcknowledgementDate: '2024-03-31' }));
    expect(a.action).toBe('claim-now');
    expect(codes(a.reasons)).not.toContain('POE_EXPIRED');
  });
});
