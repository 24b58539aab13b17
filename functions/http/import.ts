/**
 * POST /api/v1/import[?dryRun=true]: a usage file or Partner Center's Office 365 / Enterprise
 * Mobility license usage report as CSV (text/csv; the kind is told by its columns), imported
 * into the tracked workloads and their monthly usage. Answers what was read, written,
 * unchanged, skipped and refused (each bad row with its line and reason), with warnings per
 * line; a dry run answers the same and writes nothing. Importing the same file again writes
 * nothing. Files over the API's body limit go through `npm run import -- file.csv`.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { parseWith } from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { importCsv } from '../storage/csvImport';
import { queryObject } from './query';
import { MAX_BODY_BYTES } from './readJson';
import { PayloadTooLarge, UnsupportedMediaType } from './problems';
import { handled, json } from './respond';
import { trackedStore } from '../storage/trackedStore';
import { todayUtc } from './workloads';

const CSV_TYPES = /^(text\/csv|text\/plain|application\/csv|application\/vnd\.ms-excel|application\/octet-stream)\b/i;

const ImportQuery = z.strictObject({
  dryRun: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});

export const importUsage = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { dryRun } = parseWith(ImportQuery, queryObject(request));
  const type = request.headers.get('content-type');
  if (type !== null && !CSV_TYPES.test(type)) throw new UnsupportedMediaType(`Send the file as text/csv, not ${type}.`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLarge(`The file is ${declared} bytes; the API takes up to ${MAX_BODY_BYTES} bytes (16 MiB). Import larger files with npm run import -- file.csv.`);
  const store = await trackedStore();
  // The readers check programs and workload names against the team's catalog (loaded now if it is not yet).
  await programCatalog();
  const body = request.body;
  const source: AsyncIterable<Uint8Array> = body ? (body as unknown as AsyncIterable<Uint8Array>) : (async function* () {})();
  const summary = await importCsv(source, store, { asOfDate: todayUtc(), dryRun: dryRun === 'true' });
  return json(summary);
});
