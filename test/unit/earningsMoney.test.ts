import fc from 'fast-check';
import { currencyDecimals, toMinorUnits } from '../../shared';

describe('toMinorUnits: decimal strings to integer minor units, exactly', () => {
  it.each([
    ['1234.56', 'USD', 123456],
    ['1,234.5', 'USD', 123450],
    ['0.10', 'USD', 10],
    ['-12.00', 'USD', -1200],
    ['(3.25)', 'USD', -325],
    ['.5', 'EUR', 50],
    ['17', 'USD', 1700],
    ['2.50000', 'USD', 250], // trailing zeros are not decimals that matter
    ['1500', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['0.29', 'USD', 29], // 0.29 * 100 is 28.999999999999996 as a float
  ])('%s %s is %d', (raw, currency, expected) => {
    expect(toMinorUnits(raw, currency)).toEqual({ ok: true, value: expected });
  });

  it('refuses more decimals than the currency has, naming them', () => {
    expect(toMinorUnits('2.505', 'USD')).toEqual({ ok: false, problem: 'has 3 decimals; USD amounts have at most 2' });
    expect(toMinorUnits('10.5', 'JPY')).toEqual({ ok: false, problem: 'has 1 decimals; JPY amounts have at most 0' });
  });

  it.each(['', 'abc', '1.2.3', '1,23.00', '$5', '1e3'])('refuses %p as not an amount', (raw) => {
    expect(toMinorUnits(raw, 'USD').ok).toBe(false);
  });

  it('knows the decimals of currencies', () => {
    expect([currencyDecimals('usd'), currencyDecimals('JPY'), currencyDecimals('BHD')]).toEqual([2, 0, 3]);
  });

  it('agrees with integer arithmetic for every cents amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const abs = Math.abs(cents);
        const text = `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
        const read = toMinorUnits(text, 'USD');
        return read.ok && read.value === (cents === 0 ? 0 : cents);
      }),
    );
  });
});
