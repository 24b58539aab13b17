/**
 * GET /api/v1/health and GET /api/v1/openapi.json: no key needed.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { defaultCatalog } from '../../shared';
import { openApiDocument } from '../openapi/document';
import { handled, json } from './respond';

export const health = handled(async (_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> =>
  json({ status: 'ok', programs: defaultCatalog.programs.length }),
);

let cachedDocument: string | null = null;

export const openApi = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const origin = new URL(request.url).origin;
  cachedDocument ??= JSON.stringify(openApiDocument('__ORIGIN__'));
  return { status: 200, body: cachedDocument.replace('__ORIGIN__', origin), headers: { 'content-type': 'application/json; charset=utf-8' } };
});
