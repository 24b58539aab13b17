/**
 * Presentation of numbers inside reason messages. Pure and fast (no Intl: reasons are
 * built on the hot path of every evaluation, and Intl formatting costs microseconds).
 */

/**
 * Whole number with thousands separators. Integer arithmetic only: converting small integers
 * to text is cheap, converting doubles is not, and this runs for every number in a message.
 * @example formatCount(12500) // => "12,500"
 */
export function formatCount(n: number): string {
  if (n < 0) return `-${formatCount(-n)}`;
  const whole = Math.trunc(n);
  if (whole < 1000) return `${whole}`;
  const head = Math.floor(whole / 1000);
  const tail = whole - head * 1000;
  return `${formatCount(head)},${tail < 10 ? '00' : tail < 100 ? '0' : ''}${tail}`;
}

/**
 * A percentage with at most two decimals, trailing zeros dropped.
 * @example formatPct(14.999) // => "15%"   formatPct(12.5) // => "12.5%"
 */
export function formatPct(pct: number): string {
  if (pct < 0) return `-${formatPct(-pct)}`;
  const hundredths = Math.round(pct * 100);
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths - whole * 100;
  if (fraction === 0) return `${whole}%`;
  if (fraction % 10 === 0) return `${whole}.${fraction / 10}%`;
  return `${whole}.${fraction < 10 ? '0' : ''}${fraction}%`;
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

/**
 * A ratio as a percentage with two decimals, cut (not rounded) so that the number shown never
 * reaches a threshold the exact ratio does not reach: decisions compare exact ratios, and a
 * shown 15% next to "milestone 1 (15%) not reached" would contradict them.
 * @example toPct(2999, 20000) // => 14.99 (14.995% is below 15%)
 */
export function toPct(numerator: number, denominator: number): number {
  return Math.floor((numerator * 10000) / denominator) / 100;
}

/** "1 seat" / "2 seats". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
