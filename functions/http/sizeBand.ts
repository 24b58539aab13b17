/**
 * GET /api/v1/size-band?programId=&paidAvailableUnits=&asOfDate=: the band a PAU falls in.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { sizeBand } from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { handled, json } from './respond';

/** Query values are text; numbers are read as numbers so that validation names bad ones. */
function queryValue(value: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

export const sizeBandHandler = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const input: Record<string, string | number> = {};
  for (const [key, value] of request.query.entries()) {
    if (key === 'code') continue; // the API key, when sent in the query
    input[key] = key === 'paidAvailableUnits' ? queryValue(value) : value;
  }
  return json(sizeBand(input as never, await programCatalog()));
});
