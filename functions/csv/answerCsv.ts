/**
 * CSV answers over HTTP: a list asked for with `Accept: text/csv` answers a file (with a name
 * the browser saves it under), streamed as it is read.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { csvChunks, type CsvColumn } from './csvText';

/** Whether the caller asked for CSV (Accept names text/csv before or instead of JSON). */
export function wantsCsv(request: HttpRequest): boolean {
  const accept = request.headers.get('accept') ?? '';
  const csv = accept.search(/\btext\/csv\b/i);
  if (csv < 0) return false;
  const json = accept.search(/\bapplication\/json\b/i);
  return json < 0 || csv < json;
}

/** A streamed CSV response of items read page by page. */
export function csvResponse<T>(fileName: string, columns: readonly CsvColumn<T>[], pages: AsyncIterable<readonly T[]>): HttpResponseInit {
  async function* body(): AsyncGenerator<Uint8Array> {
    for await (const text of csvChunks(columns, pages)) yield Buffer.from(text, 'utf8');
  }
  return {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` },
    body: body() as unknown as HttpResponseInit['body'],
  };
}

/** Every page of a paged list, from a continuation token (or the start) to the end. */
export async function* allPages<T>(read: (token: string | undefined) => Promise<{ items: T[]; continuationToken?: string }>, from?: string): AsyncGenerator<T[]> {
  let token = from;
  do {
    const page = await read(token);
    yield page.items;
    token = page.continuationToken;
  } while (token !== undefined);
}
