/**
 * Reading a JSON body: a documented size limit (413 past it), malformed JSON as a 400 that
 * says where, and only JSON accepted.
 */
import type { HttpRequest } from '@azure/functions';
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from './problems';

/** The largest request body the API reads: 16 MiB (a 10,000-item batch is about 3 MiB). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readJson(request: HttpRequest, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get('content-type');
  // JSON, text, or curl's default form type (people forget -H 'content-type: application/json').
  if (type !== null && !/^(application\/([a-z.+-]*\+)?json|text\/plain|application\/x-www-form-urlencoded)\b/i.test(type)) {
    throw new UnsupportedMediaType(`Send the body as application/json, not ${type}.`);
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLarge(`The body is ${declared} bytes; the limit is ${limit} bytes (16 MiB). Split the batch.`);
  const text = await request.text();
  // A UTF-16 code unit is at most 3 bytes of UTF-8: only a text that long can be over the limit.
  if (text.length * 3 > limit && Buffer.byteLength(text) > limit) throw new PayloadTooLarge(`The body is over the limit of ${limit} bytes (16 MiB). Split the batch.`);
  if (text.trim() === '')
    throw new BadRequest(
      'The request has no body; send a JSON object.',
      [{ path: '', code: 'invalid_type', message: 'a JSON body is required' }],
      'https://partner-incentives.example/problems/malformed-json',
    );
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = e instanceof SyntaxError ? e.message : 'unreadable JSON';
    throw new BadRequest(`The body is not valid JSON: ${detail}.`, [{ path: '', code: 'invalid_json', message: detail }], 'https://partner-incentives.example/problems/malformed-json');
  }
}
