/**
 * Amounts as Partner Center's files write them (decimal strings: `1234.5`, `1,234.50`, `-12.00`)
 * read into integer minor units exactly: the digits are shifted, never multiplied as floats.
 * A currency has as many decimals as ISO 4217 gives it (USD 2, JPY 0, KWD 3); an amount with
 * more decimals than its currency has is refused, not rounded.
 */

/** Currencies without minor units, and those with three (ISO 4217); every other has two. */
const ZERO_DECIMALS = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** How many decimals a currency's amounts have. @example currencyDecimals('JPY') // => 0 */
export function currencyDecimals(currency: string): number {
  const code = currency.trim().toUpperCase();
  if (ZERO_DECIMALS.has(code)) return 0;
  if (THREE_DECIMALS.has(code)) return 3;
  return 2;
}

export type MinorUnits = { ok: true; value: number } | { ok: false; problem: string };

const AMOUNT = /^([-+])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/;

/**
 * A decimal string in minor units of its currency (cents for USD), exactly.
 * @example toMinorUnits('1,234.5', 'USD') // => { ok: true, value: 123450 }
 * @example toMinorUnits('2.505', 'USD') // => { ok: false, problem: 'has 3 decimals; USD amounts have at most 2' }
 */
export function toMinorUnits(raw: string, currency: string): MinorUnits {
  const text = raw.trim().replace(/^\((.*)\)$/, '-$1');
  const m = AMOUNT.exec(text);
  if (text === '' || m === null || (m[2] === undefined && (m[3] === undefined || m[3] === ''))) return { ok: false, problem: 'is not an amount (a decimal number such as 1234.50)' };
  const decimals = currencyDecimals(currency);
  const fraction = m[3] ?? '';
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > decimals) {
    return { ok: false, problem: `has ${fraction.length} decimals; ${currency.trim().toUpperCase() || 'USD'} amounts have at most ${decimals}` };
  }
  const whole = (m[2] ?? '0').replace(/,/g, '');
  const digits = `${whole}${significant.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || digits.length > 15) return { ok: false, problem: 'is too large to be an amount' };
  return { ok: true, value: m[1] === '-' && value !== 0 ? -value : value };
}
