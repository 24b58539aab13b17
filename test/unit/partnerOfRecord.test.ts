import { partnerOfRecord, type PartnerOfRecordInput } from '../../shared';

type Events = PartnerOfRecordInput['events'];

function at(asOfDate: string, events: Events, extra: Partial<PartnerOfRecordInput> = {}) {
  return partnerOfRecord({ licenseProgram: 'EA', asOfDate, events, ...extra });
}

const OSA = '1111111';
const DPOR_A = '2222222';
const DPOR_B = '3333333';

describe('partner of record over time (R10)', () => {
  it('an OSA form makes its partner partner of record, earning from that date only', () => {
    const events: Events = [{ type: 'osa-attach', date: '2024-01-10', partnerId: OSA }];
    expect(at('2024-01-09', events)).toMatchObject({ partnerOfRecord: null, earningPartner: null });
    expect(at('2024-01-10', events)).toMatchObject({ partnerOfRecord: OSA, source: 'OSA', since: '2024-01-10', earningPartner: OSA });
  });

  it('a DPOR overrules the OSA for this subscription; the new DPOR earns once its POE passes', () => {
    const events: Events = [
      { type: 'osa-attach', date: '2024-01-10', partnerId: OSA },
      { type: 'dpor-attach', date: '2025-02-01', partnerId: DPOR_A },
      { type: 'poe-result', date: '2025-03-01', partnerId: DPOR_A, passed: true },
    ];
    const pending = at('2025-02-15', events);
    expect(pending).toMatchObject({ partnerOfRecord: DPOR_A, source: 'DPOR', poeStatus: 'pending', earningPartner: null });
    expect(pending.events.map((e) => e.reason.code)).toEqual(['OSA_ATTACHED', 'POE_REQUIRED', 'DPOR_OVERRULES_OSA', 'EVENT_IGNORED']);
    const passed = at('2025-06-01', events);
    expect(passed).toMatchObject({ partnerOfRecord: DPOR_A, earningPartner: DPOR_A, poeStatus: 'passed' });
    expect(passed.periods).toEqual([
      { from: '2024-01-10', to: '2025-02-01', partnerOfRecord: OSA, source: 'OSA', poeStatus: 'not-required', earningPartner: OSA },
      { from: '2025-02-01', to: null, partnerOfRecord: DPOR_A, source: 'DPOR', poeStatus: 'passed', earningPartner: DPOR_A },
    ]);
  });

  it('a failed POE means no partner is paid for the subscription', () => {
    const v = at('2025-06-01', [
      { type: 'osa-attach', date: '2024-01-10', partnerId: OSA },
      { type: 'dpor-attach', date: '2025-02-01', partnerId: DPOR_A },
      { type: 'poe-result', date: '2025-03-01', partnerId: DPOR_A, passed: false },
    ]);
    expect(v).toMatchObject({ partnerOfRecord: DPOR_A, earningPartner: null, poeStatus: 'failed' });
    expect(v.reasons[1]!.code).toBe('NOBODY_EARNS');
  });

  it('the last DPOR attached earns; the same partner attached again is not asked for POE again', () => {
    const v = at('2025-09-01', [
      { type: 'dpor-attach', date: '2025-01-01', partnerId: DPOR_A },
      { type: 'poe-result', date: '2025-01-20', partnerId: DPOR_A, passed: true },
      { type: 'dpor-attach', date: '2025-04-01', partnerId: DPOR_B },
      { type: 'dpor-attach', date: '2025-07-01', partnerId: DPOR_A },
    ]);
    expect(v).toMatchObject({ partnerOfRecord: DPOR_A, since: '2025-07-01', earningPartner: DPOR_A, poeStatus: 'passed' });
    expect(v.events[3]!.reason.code).toBe('POE_NOT_REQUIRED_SAME_PARTNER');
    // Partner B never passed POE: its period earns nothing.
    expect(v.periods[1]).toMatchObject({ partnerOfRecord: DPOR_B, poeStatus: 'pending', earningPartner: null });
  });

  it('once a DPOR exists, a later OSA form is not processed and the sender is told', () => {
    const v = at('2025-06-01', [
      { type: 'dpor-attach', date: '2025-01-01', partnerId: DPOR_A },
      { type: 'osa-attach', date: '2025-02-01', partnerId: OSA },
    ]);
    expect(v.partnerOfRecord).toBe(DPOR_A);
    expect(v.events[1]).toMatchObject({ outcome: 'rejected' });
    expect(v.events[1]!.reason.code).toBe('OSA_DPOR_EXISTS');
  });

  it.each([
    ['2024-06-30', 'applied'], // on the cut-over date: still accepted
    ['2024-07-01', 'rejected'], // after it: not accepted at all
  ])('an OSA form on %s with a 2024-06-30 cut-over is %s', (date, outcome) => {
    const v = at('2024-12-31', [{ type: 'osa-attach', date, partnerId: OSA }], { osaCutoverDate: '2024-06-30' });
    expect(v.events[0]!.outcome).toBe(outcome);
  });

  it('DPOR does not apply to CSP subscriptions', () => {
    const v = partnerOfRecord({ licenseProgram: 'CSP', asOfDate: '2025-06-01', events: [{ type: 'dpor-attach', date: '2025-01-01', partnerId: DPOR_A }] });
    expect(v.partnerOfRecord).toBeNull();
    expect(v.events[0]!.reason.code).toBe('DPOR_NOT_FOR_LICENSE_PROGRAM');
  });

  it('the customer can remove the partner of record at any time', () => {
    const v = at('2025-06-01', [
      { type: 'dpor-attach', date: '2025-01-01', partnerId: DPOR_A },
      { type: 'poe-result', date: '2025-01-20', partnerId: DPOR_A, passed: true },
      { type: 'dpor-remove', date: '2025-05-01' },
    ]);
    expect(v).toMatchObject({ partnerOfRecord: null, earningPartner: null });
    expect(v.periods.map((p) => [p.from, p.to, p.earningPartner])).toEqual([
      ['2025-01-01', '2025-05-01', DPOR_A],
      ['2025-05-01', null, null],
    ]);
  });

  it('events are applied in date order whatever the input order, and later events wait', () => {
    const v = at('2025-03-01', [
      { type: 'poe-result', date: '2025-02-01', partnerId: DPOR_A, passed: true },
      { type: 'dpor-attach', date: '2025-01-01', partnerId: DPOR_A },
      { type: 'dpor-remove', date: '2025-04-01' },
    ]);
    expect(v.earningPartner).toBe(DPOR_A);
    expect(v.events.map((e) => e.outcome)).toEqual(['applied', 'applied', 'after-as-of-date']);
  });

  it('names a bad event', () => {
    expect(() => at('2025-01-01', [{ type: 'dpor-attach', date: '2025-13-01', partnerId: DPOR_A }])).toThrow(/events\[0\]\.date/);
    expect(() => at('2025-01-01', [{ type: 'fax', date: '2025-01-01' } as never])).toThrow(/events\[0\]/);
  });
});

describe('partner of record: DOMAIN decisions', () => {
  const OTHER = '4444444';

  it('the same partner, OSA then DPOR: not asked for POE again, and earns without a gap', () => {
    const events: Events = [
      { type: 'osa-attach', date: '2024-01-10', partnerId: OSA },
      { type: 'dpor-attach', date: '2025-02-01', partnerId: OSA },
    ];
    const v = at('2025-03-01', events);
    expect(v).toMatchObject({ partnerOfRecord: OSA, source: 'DPOR', earningPartner: OSA });
    expect(v.poeStatus).not.toBe('pending');
    expect(v.events.map((e) => e.reason.code)).toContain('POE_NOT_REQUIRED_SAME_PARTNER');
    // Every period from the OSA form on is earned by the same partner.
    expect(v.periods.filter((p) => p.from >= '2024-01-10').every((p) => p.earningPartner === OSA)).toBe(true);
    expect(v.reasons.map((r) => r.message).join(' ')).toContain('since 2024-01-10');
  });

  it("a second partner's OSA form: POE from both, nobody earns until one passes", () => {
    const events: Events = [
      { type: 'osa-attach', date: '2024-01-10', partnerId: OSA },
      { type: 'osa-attach', date: '2024-06-01', partnerId: OTHER },
    ];
    const contested = at('2024-07-01', events);
    expect(contested.earningPartner).toBeNull();
    expect(contested.poeStatus).toBe('pending');
    expect(contested.reasons.map((r) => r.code)).toContain('OSA_CONTESTED');
    expect(contested.reasons.map((r) => r.message).join(' ')).toMatch(new RegExp(`${OSA}.*${OTHER}|${OTHER}.*${OSA}`));
    // The earlier form passes first: it earns.
    const earlierPasses = at('2024-08-01', [...events, { type: 'poe-result', date: '2024-07-15', partnerId: OSA, passed: true }]);
    expect(earlierPasses).toMatchObject({ partnerOfRecord: OSA, earningPartner: OSA });
    // Both pass: the later form wins.
    const bothPass = at('2024-09-01', [
      ...events,
      { type: 'poe-result', date: '2024-07-15', partnerId: OSA, passed: true },
      { type: 'poe-result', date: '2024-08-15', partnerId: OTHER, passed: true },
    ]);
    expect(bothPass).toMatchObject({ partnerOfRecord: OTHER, source: 'OSA', earningPartner: OTHER });
    // The later passes, the earlier fails: the later earns.
    const laterOnly = at('2024-09-01', [
      ...events,
      { type: 'poe-result', date: '2024-07-15', partnerId: OSA, passed: false },
      { type: 'poe-result', date: '2024-08-15', partnerId: OTHER, passed: true },
    ]);
    expect(laterOnly).toMatchObject({ partnerOfRecord: OTHER, earningPartner: OTHER });
  });

  it('after the OSA cut-over an OSA-only attachment stops earning: the partner must attach as DPOR', () => {
    const events: Events = [{ type: 'osa-attach', date: '2024-01-10', partnerId: OSA }];
    expect(at('2025-06-30', events, { osaCutoverDate: '2025-06-30' }).earningPartner).toBe(OSA);
    const after = at('2025-07-01', events, { osaCutoverDate: '2025-06-30' });
    expect(after).toMatchObject({ partnerOfRecord: OSA, source: 'OSA', earningPartner: null });
    expect(after.reasons.map((r) => r.code)).toContain('OSA_ONLY_AFTER_CUTOVER');
    expect(after.reasons.map((r) => r.message).join(' ')).toContain('DPOR');
    expect(after.periods[after.periods.length - 1]).toMatchObject({ from: '2025-07-01', earningPartner: null });
    // Attaching as DPOR (same partner) earns again, without a new POE.
    const dpor = at('2025-08-01', [...events, { type: 'dpor-attach', date: '2025-07-15', partnerId: OSA }], { osaCutoverDate: '2025-06-30' });
    expect(dpor).toMatchObject({ source: 'DPOR', earningPartner: OSA });
  });
});
