/**
 * The other engine questions over HTTP, each a thin handler: parse, ask the engine, answer.
 *   GET  /api/v1/size-band?programId=&paidAvailableUnits=&asOfDate=
 *   POST /api/v1/poe-check      (one claim's POE facts, or { items })
 *   POST /api/v1/attribution    (a subscription's partner-of-record timeline, or { items })
 *   POST /api/v1/recognition    (association type x product x metric, or { items })
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { checkPoe, partnerOfRecord, recognize, sizeBand, type PartnerOfRecordInput, type PoeCheckInput, type RecognitionInput } from '../../shared';
import { batchItems, isBatch, parseItems } from './batch';
import { readJson } from './readJson';
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
  return json(sizeBand(input as never));
});

function singleOrBatch<I, O>(answer: (input: I) => O) {
  return handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
    const body = await readJson(request);
    if (isBatch(body)) return json({ items: parseItems(batchItems(body), (item) => answer(item as I)) });
    return json(answer(body as I));
  });
}

export const poeCheck = singleOrBatch((input: PoeCheckInput) => checkPoe(input));
export const attribution = singleOrBatch((input: PartnerOfRecordInput) => partnerOfRecord(input));
export const recognition = singleOrBatch((input: RecognitionInput) => recognize(input));
