/**
 * Changing the stored program catalog (docs/programs.md):
 *   PUT    /api/v1/programs/{id}              a new program year, or its figures replaced (If-Match)
 *   DELETE /api/v1/programs/{id}              a program year nothing refers to (If-Match)
 *   POST   /api/v1/programs/{id}/amendments   figures changed from a date (If-Match optional)
 *   GET    /api/v1/programs/{id}/history      every version, newest first
 *   POST   /api/v1/programs/{id}/what-if      a draft's effect on every tracked workload, not stored
 * Who changes: the X-Changed-By header (or `changedBy` in an amendment); why: X-Change-Note (or
 * the amendment's `note`).
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { parseWith } from '../../shared';
import { catalogCache, type CatalogCache } from '../storage/catalogSource';
import { changedBy, ProgramChanges, WhatIfDraftSchema } from '../storage/programChanges';
import type { StoredProgramYear } from '../storage/programStore';
import { StorageUnavailable } from '../storage/storageErrors';
import { trackedStore } from '../storage/trackedStore';
import { whatIf } from '../storage/whatIf';
import { NotFound } from './problems';
import { readJson } from './readJson';
import { handled, json } from './respond';

function cache(): CatalogCache {
  const c = catalogCache();
  if (c === null) throw new StorageUnavailable('no storage is configured, so the program catalog cannot be changed (the shipped example figures are used)');
  return c;
}

/** A stored version as answered (its ETag goes in the header). */
function versionBody(y: StoredProgramYear) {
  return { programId: y.programId, version: y.version, action: y.action, changedAt: y.changedAt, changedBy: y.changedBy, note: y.note, program: y.program, amendments: y.amendments };
}

const now = () => new Date().toISOString();
const ifMatch = (request: HttpRequest) => request.headers.get('if-match') ?? undefined;

export const putProgram = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  const body = await readJson(request);
  const by = changedBy(undefined, request.headers.get('x-changed-by'));
  const at = now();
  const note = request.headers.get('x-change-note')?.trim() || 'Figures entered';
  const { year, created } = await new ProgramChanges(cache()).put(id, body, ifMatch(request), { by, at, note });
  return json(versionBody(year), created ? 201 : 200, year.etag ? { etag: year.etag } : {});
});

export const amendProgram = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  const body = await readJson(request);
  const year = await new ProgramChanges(cache()).amend(id, body, ifMatch(request), request.headers.get('x-changed-by'), now());
  return json(versionBody(year), 201, year.etag ? { etag: year.etag } : {});
});

export const deleteProgram = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  const changes = new ProgramChanges(cache());
  await changes.delete(id, ifMatch(request), await trackedStore());
  return { status: 204 };
});

export const programHistory = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  const c = cache();
  await c.prepare();
  const versions = await c.store.history(id);
  if (versions.length === 0) throw new NotFound(`No program "${id}" is stored; GET /api/v1/programs lists them.`);
  return json({ programId: id, versions: versions.map(versionBody) });
});

export const programWhatIf = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const id = request.params.id ?? '';
  const changes = new ProgramChanges(cache());
  const body = await readJson(request);
  const parsed = parseWith(WhatIfDraftSchema, body);
  const asOfDate = parsed.asOfDate ?? now().slice(0, 10);
  const market = parsed.market ?? 'A';
  const { stored, draft } = await changes.draft(id, body);
  const result = await whatIf(await trackedStore(), stored, draft, asOfDate, market);
  return json({ programId: id, asOfDate, market, draft: parsed.program !== undefined ? 'program' : 'amendment', ...result });
});
