/**
 * Amendments: Microsoft changes a program year's figures during the year (a July guide update),
 * and the change applies from a date. An amendment names its program year, the date from which
 * it applies (`effectiveFrom`), a note, and the figures it changes; the figures in force on a
 * date are the year's own with every amendment effective on or before that date applied in
 * date order. Answers for an earlier date stay as they were, so an as-of re-run gives the
 * answers of that date.
 *
 * Changes merge into the program: objects (`payout`, `payout.amountsCents`, `poe`, `advice`...)
 * field by field, anything else (a number, a list such as `sizeBands`) replaced whole. The
 * merged program is validated by the program schema like any other (see catalog.ts).
 */
import { z } from 'zod';
import { isoDate } from '../validation';

/** Program fields an amendment may change: every figure, not the year's identity or dates. */
export const AMENDABLE_FIELDS = [
  'name',
  'note',
  'exampleFigures',
  'assumedFrom',
  'seatMinimum',
  'belowMinimumBand',
  'sizeBands',
  'payout',
  'defaultPartnerCapCents',
  'excludedClouds',
  'excludedCountries',
  'licensePrograms',
  'associationTypes',
  'workloads',
  'recognitionOnlyWorkloads',
  'retiredWorkloads',
  'poe',
  'advice',
] as const;

const changesShape = Object.fromEntries(AMENDABLE_FIELDS.map((f) => [f, z.unknown().optional()])) as Record<(typeof AMENDABLE_FIELDS)[number], z.ZodOptional<z.ZodUnknown>>;

/** An amendment as an author writes it: from when, why, what changes. */
export const AmendmentInputSchema = z.strictObject({
  effectiveFrom: isoDate(),
  note: z.string().trim().min(1, { error: 'is required: say what changed and where it comes from (e.g. "July 2026 guide update")' }).max(1000),
  changes: z.strictObject(changesShape).refine((c) => Object.values(c).some((v) => v !== undefined), { error: 'must change at least one figure' }),
});
export type AmendmentInput = z.input<typeof AmendmentInputSchema>;

/** An amendment as stored: the author's, with who recorded it and when. */
export const AmendmentSchema = AmendmentInputSchema.extend({
  changedBy: z.string().min(1).optional(),
  changedAt: z.string().min(1).optional(),
});
export type Amendment = z.output<typeof AmendmentSchema>;

/** An amendment of the catalog data, naming its program year. */
export const CatalogAmendmentSchema = AmendmentSchema.extend({ programId: z.string().min(1) });
export type CatalogAmendment = z.output<typeof CatalogAmendmentSchema>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `changes` merged into `base`: objects field by field, everything else replaced. Pure: neither
 * argument is modified.
 * @example mergeFigures({ payout: { style: 'milestone', amountsCents: { XS: [1, 2], S: [3, 4] } } }, { payout: { amountsCents: { S: [5, 6] } } })
 * // => { payout: { style: 'milestone', amountsCents: { XS: [1, 2], S: [5, 6] } } }
 */
export function mergeFigures(base: unknown, changes: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(changes)) return changes;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    out[key] = mergeFigures(base[key], value);
  }
  return out;
}

/** Amendments in the order they apply: by date (ties keep their given order). */
export function inDateOrder<T extends { effectiveFrom: string }>(amendments: readonly T[]): T[] {
  return amendments
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.effectiveFrom < y.a.effectiveFrom ? -1 : x.a.effectiveFrom > y.a.effectiveFrom ? 1 : x.i - y.i))
    .map((x) => x.a);
}
