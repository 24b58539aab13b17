/**
 * POST /api/v1/import: a Partner Center / usage report export as CSV (text/csv), imported into
 * the tracked workloads and their monthly usage. Answers what was read, written, unchanged and
 * refused (each bad row with its line and reason). Importing the same file again writes
 * nothing. Files over the API's body limit go through `npm run import -- file.csv`.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { importCsv } from '../storage/csvImport';
import { MAX_BODY_BYTES } from './readJson';
import { PayloadTooLarge, UnsupportedMediaType } from './problems';
import { handled, json } from './respond';
import { trackedStore } from '../storage/trackedStore';
import { todayUtc } from './workloads';

const CSV_TYPES = /^(text\/csv|text\/plain|application\/csv|application\/vnd\.ms-excel|application\/octet-stream)\b/i;

export const importUsage = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const type = request.headers.get('content-type');
  if (type !== null && !CSV_TYPES.test(type)) throw new UnsupportedMediaType(`Send the file as text/csv, not ${type}.`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLarge(`The file is ${declared} bytes; the API takes up to ${MAX_BODY_BYTES} bytes (16 MiB). Import larger files with npm run import -- file.csv.`);
  const store = await trackedStore();
  const body = request.body;
  const source: AsyncIterable<Uint8Array> = body ? (body as unknown as AsyncIterable<Uint8Array>) : (async function* () {})();
  const summary = await importCsv(source, store, { asOfDate: todayUtc() });
  return json(summary);
});
