/**
 * The body limit of readJson (functions/http/readJson.ts) counts UTF-8 bytes, not characters, also
 * when no content-length was declared (a chunked body): a short text of wide characters can be
 * over it, a long ASCII text under it.
 */
import { HttpRequest } from '@azure/functions';
import { readJson } from '../../functions/http/readJson';
import { PayloadTooLarge } from '../../functions/http/problems';

const post = (text: string) => new HttpRequest({ method: 'POST', url: 'http://localhost/api/v1/eligibility', headers: { 'content-type': 'application/json' }, body: { string: text } });

describe('the JSON body limit', () => {
  it('refuses 23 bytes of 9 characters over a 20-byte limit, with no length declared', async () => {
    const text = '"€€€€€€€"'; // 7 x 3 bytes + 2 quotes
    expect([text.length, Buffer.byteLength(text)]).toEqual([9, 23]);
    await expect(readJson(post(text), 20)).rejects.toBeInstanceOf(PayloadTooLarge);
  });

  it('reads 20 ASCII bytes at a 20-byte limit, and 8 characters of 20 bytes', async () => {
    await expect(readJson(post('"' + 'a'.repeat(18) + '"'), 20)).resolves.toBe('a'.repeat(18));
    await expect(readJson(post('"€€€€€€"'), 20)).resolves.toBe('€€€€€€');
  });
});
