import { reason, REASON_CODES, Reason } from '../../shared';

describe('reasons', () => {
  it("carry Partner Center's code where one matches", () => {
    expect(reason('EXCLUDED_CLOUD', { programId: 'security-usage-fy25', cloud: 'GCC High' }, 'x').partnerCenterCode).toBe('IVDCLD');
    expect(reason('SIZE_BAND', { paidAvailableUnits: 10, band: 'XXS', seatMinimum: 150 }, 'x').partnerCenterCode).toBeUndefined();
  });

  it('render a lazy message once, on first read, and serialise as plain JSON', () => {
    let renders = 0;
    const r = reason('BELOW_SEAT_MINIMUM', { paidAvailableUnits: 10, seatMinimum: 150, seatsToGo: 140 }, () => {
      renders++;
      return 'PAU 10 is below the 150 seat minimum.';
    });
    expect(renders).toBe(0);
    expect(r.message).toBe('PAU 10 is below the 150 seat minimum.');
    expect(r.message).toBe('PAU 10 is below the 150 seat minimum.');
    expect(renders).toBe(1);
    expect(JSON.parse(JSON.stringify({ reasons: [r] }))).toEqual({
      reasons: [{ code: 'BELOW_SEAT_MINIMUM', message: 'PAU 10 is below the 150 seat minimum.', params: { paidAvailableUnits: 10, seatMinimum: 150, seatsToGo: 140 }, partnerCenterCode: 'MINTHNTMT' }],
    });
    expect(JSON.parse(JSON.stringify(reason('SIZE_BAND', { paidAvailableUnits: 10, band: 'XXS', seatMinimum: 150 }, 'PAU 10 is band XXS.')))).toEqual({
      code: 'SIZE_BAND',
      message: 'PAU 10 is band XXS.',
      params: { paidAvailableUnits: 10, band: 'XXS', seatMinimum: 150 },
    });
  });

  it('codes are stable UPPER_SNAKE identifiers', () => {
    for (const code of Object.keys(REASON_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    expect(reason('ON_TRACK', { claimDate: '2025-01-15', claimApprovedDate: null }, 'x')).toBeInstanceOf(Reason);
  });
});
