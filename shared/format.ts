/**
 * Presentation of numbers inside reason messages. Pure and fast (no Intl: reasons are
 * built on the hot path of every evaluation, and Intl formatting costs microseconds).
 */

/**
 * Whole number with thousands separators.
 * @example formatCount(12500) // => "12,500"
 */
export function formatCount(n: number): string {
  const negative = n < 0;
  const digits = String(Math.abs(Math.trunc(n)));
  if (digits.length <= 3) return negative ? `-${digits}` : digits;
  let out = '';
  let i = digits.length % 3;
  if (i > 0) out = digits.slice(0, i);
  for (; i < digits.length; i += 3) out += (out ? ',' : '') + digits.slice(i, i + 3);
  return negative ? `-${out}` : out;
}

/**
 * A percentage with at most two decimals, trailing zeros dropped.
 * @example formatPct(14.999) // => "15%"   formatPct(12.5) // => "12.5%"
 */
export function formatPct(pct: number): string {
  const rounded = Math.round(pct * 100) / 100;
  return `${rounded}%`;
}

const CURRENCY_SYMBOL: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

/**
 * Integer cents as money. Money is never a float in the engine: amounts are integer cents.
 * @example formatMoney(150000, 'USD') // => "$1,500.00"
 */
export function formatMoney(cents: number, currency: string): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  const body = `${formatCount(whole)}.${fraction < 10 ? '0' : ''}${fraction}`;
  const symbol = CURRENCY_SYMBOL[currency];
  const text = symbol ? `${symbol}${body}` : `${body} ${currency}`;
  return negative ? `-${text}` : text;
}

/** Round a ratio to a percentage with two decimals (the usage % shown to users). */
export function toPct(numerator: number, denominator: number): number {
  return Math.round((numerator * 10000) / denominator) / 100;
}

/** "1 seat" / "2 seats". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
