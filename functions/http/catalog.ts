/**
 * GET /api/v1/programs[?asOfDate], GET /api/v1/programs/{id}[?asOfDate] and GET /api/v1/catalog:
 * the catalog the engine uses (the stored one, catalogSource.ts): each program year's figures
 * in force on the date (today in UTC without one), with the amendments applied and listed.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { catalogData, isoDate, parseWith, type Catalog, type Program } from '../../shared';
import { catalogCache, programCatalog } from '../storage/catalogSource';
import type { StoredProgramYear } from '../storage/programStore';
import { NotFound } from './problems';
import { queryObject } from './query';
import { handled, json } from './respond';

const today = () => new Date().toISOString().slice(0, 10);

const DateQuery = z.object({ asOfDate: isoDate().optional() });

/** The stored rows by program id (none when no storage is configured). */
async function storedYears(): Promise<Map<string, StoredProgramYear>> {
  const cache = catalogCache();
  if (cache === null) return new Map();
  const stored = await cache.store.load();
  return new Map(stored.years.map((y) => [y.programId, y]));
}

function entry(catalog: Catalog, year: Program, asOfDate: string, stored: StoredProgramYear | undefined) {
  const inForce = catalog.inForce(year, asOfDate);
  const applied = new Set(catalog.amendmentsOf(inForce));
  return {
    id: year.id,
    name: inForce.name,
    family: year.family,
    programYear: year.programYear,
    seatMinimum: inForce.seatMinimum,
    payoutStyle: inForce.payout.style,
    currency: year.currency,
    ...(inForce.note ? { note: inForce.note } : {}),
    exampleFigures: inForce.exampleFigures === true,
    ...(inForce.assumedFrom ? { assumedFrom: inForce.assumedFrom } : {}),
    inForce,
    amendments: catalog.allAmendmentsOf(year.id).map((a) => ({ ...a, applied: applied.has(a) })),
    ...(stored ? { version: stored.version, changedAt: stored.changedAt, changedBy: stored.changedBy } : {}),
  };
}

export const listPrograms = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { asOfDate = today() } = parseWith(DateQuery, queryObject(request));
  const catalog = await programCatalog();
  const stored = await storedYears();
  return json({
    asOfDate,
    catalog: { source: catalog.info.source, version: catalog.info.version, examplePrograms: catalog.exampleProgramIds(asOfDate) },
    programs: catalog.programs.map((p) => entry(catalog, p, asOfDate, stored.get(p.id))),
    families: [...new Set(catalog.programs.map((p) => p.family))],
    recognition: catalog.recognition,
  });
});

export const getProgram = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  const { asOfDate } = parseWith(DateQuery, queryObject(request));
  const catalog = await programCatalog();
  const exact = catalog.get(id);
  if (exact) {
    // A year's own figures (what PUT replaces), with its ETag; with asOfDate, those in force then.
    const stored = asOfDate === undefined ? (await storedYears()).get(id) : undefined;
    return json(asOfDate === undefined ? exact : catalog.inForce(exact, asOfDate), 200, stored?.etag ? { etag: stored.etag } : {});
  }
  // A family id names the year that covers asOfDate (today's date in UTC without one).
  const date = asOfDate ?? today();
  const year = catalog.programOnDate(id, date);
  if (year) return json(year);
  throw new NotFound(`No program "${id}"${catalog.isFamily(id) ? ` covers ${date}` : ''}; GET /api/v1/programs lists them.`);
});

/** The whole catalog as loadCatalog takes it: what the add-in keeps offline and an export writes. */
export const getCatalog = handled(async (_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => json(catalogData(await programCatalog())));
