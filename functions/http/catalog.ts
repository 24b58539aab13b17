/**
 * GET /api/v1/programs and GET /api/v1/programs/{id}: the catalog the engine uses.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { defaultCatalog, isoDate, parseWith, type Program } from '../../shared';
import { NotFound } from './problems';
import { queryObject } from './query';
import { handled, json } from './respond';

function summary(p: Program) {
  return {
    id: p.id,
    name: p.name,
    family: p.family,
    programYear: p.programYear,
    seatMinimum: p.seatMinimum,
    payoutStyle: p.payout.style,
    currency: p.currency,
    ...(p.note ? { note: p.note } : {}),
  };
}

export const listPrograms = handled(async (_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> =>
  json({
    programs: defaultCatalog.programs.map(summary),
    families: [...new Set(defaultCatalog.programs.map((p) => p.family))],
    recognition: defaultCatalog.recognition,
  }),
);

const ProgramQuery = z.object({ asOfDate: isoDate().optional() });

export const getProgram = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  const exact = defaultCatalog.get(id);
  if (exact) return json(exact);
  // A family id names the year that covers asOfDate (today's date in UTC without one).
  const { asOfDate = new Date().toISOString().slice(0, 10) } = parseWith(ProgramQuery, queryObject(request));
  const year = defaultCatalog.programOnDate(id, asOfDate);
  if (year) return json(year);
  throw new NotFound(`No program "${id}"${defaultCatalog.isFamily(id) ? ` covers ${asOfDate}` : ''}; GET /api/v1/programs lists them.`);
});
