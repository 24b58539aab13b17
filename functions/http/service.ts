/**
 * GET /api/v1/health and GET /api/v1/openapi.json: no key needed.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { defaultCatalog } from '../../shared';
import { openApiDocument } from '../openapi/document';
import { handled, json } from './respond';

export const health = handled(async (_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => json({ status: 'ok', programs: defaultCatalog.programs.length }));

let cachedDocument: string | null = null;

/** The document names its server relative to itself (`/api/v1`): no request header is echoed into it. */
export const openApi = handled(async (_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  cachedDocument ??= JSON.stringify(openApiDocument());
  return { status: 200, body: cachedDocument, headers: { 'content-type': 'application/json; charset=utf-8' } };
});
