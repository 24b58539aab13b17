/**
 * Field schemas shared by every input schema, each with messages that name what is wrong
 * and show the value received.
 */
import { z } from 'zod';
import { isoDateProblem, isoMonthProblem } from './dates';
import { SLOW, withFast } from './fastPath';

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : String(value);
}

function required(what: string) {
  return (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : `must be ${what}, got ${describeValue(iss.input)}`);
}

/** A whole, non-negative count (seats, users, units). */
export function count(unit = 'seats') {
  // One check instead of zod's int/min/max chain: this runs for every count of every item of
  // a 10,000-item batch. The JSON Schema (OpenAPI) still says integer, 0 to 100,000,000.
  const schema = z
    .number({ error: required(`a number of ${unit}`) })
    .check((ctx) => {
      const v = ctx.value;
      if (!Number.isInteger(v)) ctx.issues.push({ code: 'custom', message: `must be a whole number of ${unit}, got ${describeValue(v)}`, input: v });
      else if (v < 0) ctx.issues.push({ code: 'custom', message: `cannot be negative, got ${v}`, input: v });
      else if (v > 100_000_000) ctx.issues.push({ code: 'custom', message: `is implausibly large (${v})`, input: v });
    })
    .meta({ type: 'integer', minimum: 0, maximum: 100_000_000 });
  return withFast(schema, (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100_000_000 ? v : SLOW));
}

/** Integer cents (money is never a float). */
export function cents() {
  const schema = z
    .number({ error: required('an amount in integer cents') })
    .int({ error: (iss) => `must be whole cents (money is integer cents), got ${describeValue(iss.input)}` })
    .min(0, { error: (iss) => `cannot be negative, got ${describeValue(iss.input)}` })
    .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' });
  return withFast(schema, (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : SLOW));
}

/** A percentage between 0 and 100. */
export function percent() {
  const schema = z
    .number({ error: required('a percentage') })
    .min(0, { error: (iss) => `cannot be below 0%, got ${describeValue(iss.input)}` })
    .max(100, { error: (iss) => `cannot be above 100%, got ${describeValue(iss.input)}` });
  return withFast(schema, (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 ? v : SLOW));
}

/** A string checked by `problem`, which says what is wrong with it (or null when nothing is). */
function checkedString(what: string, problem: (value: string) => string | null, meta: Record<string, unknown>) {
  const schema = z
    .string({ error: required(what) })
    .check((ctx) => {
      const found = problem(ctx.value);
      if (found) ctx.issues.push({ code: 'custom', message: found, input: ctx.value });
    })
    .meta(meta);
  return withFast(schema, (v) => (typeof v === 'string' && problem(v) === null ? v : SLOW));
}

/** An ISO calendar date (`2025-03-31`) that exists on the calendar. */
export function isoDate() {
  return checkedString('an ISO date like 2025-03-31', isoDateProblem, { format: 'date', examples: ['2025-03-31'] });
}

/** An ISO month (`2025-03`). */
export function isoMonth() {
  return checkedString('an ISO month like 2025-03', isoMonthProblem, { pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', examples: ['2025-03'] });
}

/** A text that is not blank, up to `max` characters (one check: it runs for every batch item). */
export function text(what = 'text', max = 500) {
  const schema = z
    .string({ error: required(what) })
    .check((ctx) => {
      const v = ctx.value;
      if (v.length > max) ctx.issues.push({ code: 'custom', message: `is longer than ${max} characters`, input: v });
      else if (v.trim() === '') ctx.issues.push({ code: 'custom', message: 'cannot be empty', input: v });
    })
    .meta({ minLength: 1, maxLength: max });
  return withFast(schema, (v) => (typeof v === 'string' && v.length <= max && v.trim() !== '' ? v : SLOW));
}

function looseKey(value: string): string {
  return value.toLowerCase().replace(/[\s_\-.]+/g, '');
}

/**
 * An enumeration that forgives case, spaces, hyphens and underscores the way people type
 * them ("gcc high", "GCC-High" and "GCCHigh" all mean "GCC High"), and lists the accepted
 * values when nothing matches.
 */
export function looseEnum<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  const resolve = looseEnumResolver(values);
  const schema = z
    .string({ error: required(`one of ${values.join(', ')}`) })
    .transform((value, ctx): T[number] => {
      const found = resolve(value);
      if (found !== undefined) return found;
      ctx.issues.push({
        code: 'custom',
        message: `is not a known ${what}: ${describeValue(value)} (expected one of ${values.join(', ')})`,
        input: value,
      });
      return z.NEVER;
    })
    .meta({ enum: [...values], description: `One of ${values.join(', ')} (case, spaces and hyphens are forgiven).` });
  return withFast(schema, (v) => (typeof v === 'string' ? ((resolve(v) as Awaited<T[number]> | undefined) ?? SLOW) : SLOW));
}

/** The value of `values` a typed text means (exactly, or forgiving case, spaces, hyphens and underscores), or undefined. */
function looseEnumResolver<const T extends readonly [string, ...string[]]>(values: T): (value: string) => T[number] | undefined {
  const byKey = new Map<string, T[number]>();
  for (const v of values) byKey.set(looseKey(v), v);
  // Exact values by a keyed load on a prototype-less object: faster than a Set for a handful of short strings.
  const exact = Object.create(null) as Record<string, T[number]>;
  for (const v of values) exact[v] = v;
  return (value) => exact[value] ?? byKey.get(looseKey(value));
}
