/**
 * The filters of `GET /workloads`, as people type them: a program family (every year of it)
 * or one program year (and the family's records that year applies to today), a size band in
 * any case, the start of a customer's name in any case, and the claim advice.
 */
import { z } from 'zod';
import { CLAIM_ACTIONS, defaultCatalog, isActive, tenantIdSchema, type Catalog } from '../../shared';
import { CLAIM_STATUSES, workloadIdSchema } from '../storage/trackedWorkload';
import { MAX_PAGE_SIZE, type WorkloadFilter } from '../storage/workloadStore';
import { dateTimeParam, pageSizeParam } from './query';

/**
 * The stored program ids a typed program means on a date: a family is itself and all its
 * years; a year is itself, and its family when the family means that year on the date.
 * @example programIdsFor(catalog, 'Security-Usage', '2026-12-01') // => ['security-usage', 'security-usage-fy25', 'security-usage-fy26', 'security-usage-fy27']
 */
export function programIdsFor(catalog: Catalog, typed: string, today: string): string[] | null {
  const id = typed.trim().toLowerCase();
  const year = catalog.get(id);
  if (year) return isActive(year, today) ? [year.id, year.family] : [year.id];
  if (!catalog.isFamily(id)) return null;
  return [id, ...catalog.programs.filter((p) => p.family === id).map((p) => p.id)];
}

/** Every band name the catalog's programs use, by lower case. */
function bandNames(catalog: Catalog): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of catalog.programs) {
    names.set(p.belowMinimumBand.toLowerCase(), p.belowMinimumBand);
    for (const b of p.sizeBands) names.set(b.name.toLowerCase(), b.name);
  }
  return names;
}

/** The list query, checked and turned into the store's filter (`today` decides which year a family means). */
export function listQuerySchema(today: string, catalog: Catalog = defaultCatalog) {
  const bands = bandNames(catalog);
  return z
    .strictObject({
      tenantId: tenantIdSchema().optional(),
      programId: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .transform((typed, ctx) => {
          const ids = programIdsFor(catalog, typed, today);
          if (ids) return ids;
          ctx.issues.push({ code: 'custom', message: `"${typed}" is not a program family or year (known: ${catalog.knownProgramIds().join(', ')})`, input: typed });
          return z.NEVER;
        })
        .optional(),
      sizeBand: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .transform((typed, ctx) => {
          const band = bands.get(typed.toLowerCase());
          if (band) return band;
          ctx.issues.push({ code: 'custom', message: `"${typed}" is not a size band (one of ${[...bands.values()].join(', ')}, in any case)`, input: typed });
          return z.NEVER;
        })
        .optional(),
      customer: z.string().trim().min(1).max(200).optional(),
      advice: z.enum(CLAIM_ACTIONS, { error: `must be one of ${CLAIM_ACTIONS.join(', ')}` }).optional(),
      claimStatus: z.enum(CLAIM_STATUSES, { error: `must be one of ${CLAIM_STATUSES.join(', ')}` }).optional(),
      eligible: z
        .enum(['true', 'false'], { error: 'must be true or false' })
        .transform((v) => v === 'true')
        .optional(),
      workload: workloadIdSchema().optional(),
      updatedSince: dateTimeParam('2026-05-01').optional(),
      pageSize: pageSizeParam(MAX_PAGE_SIZE).optional(),
      continuationToken: z.string().max(4096).optional(),
    })
    .transform(({ programId, customer, pageSize, continuationToken, ...rest }) => {
      const filter: WorkloadFilter = { ...rest };
      if (programId) filter.programIds = programId;
      if (customer !== undefined) filter.customerPrefix = customer.toLowerCase();
      return { filter, pageSize, continuationToken };
    });
}
