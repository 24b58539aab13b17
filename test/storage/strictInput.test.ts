/**
 * Input the API must refuse in words rather than misread or fail on: impossible dates in query
 * parameters and CSV months (never rolled over into the next month), and continuation tokens
 * that the API did not give (a 400 naming continuationToken, never a 500).
 */
import fc from 'fast-check';
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();

const base64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
const LISTS = ['/api/v1/workloads?', '/api/v1/changes?since=2026-01-01&'];

describe('impossible dates are refused, naming the field', () => {
  it.each([
    ['/api/v1/changes?since=2025-02-30', 'since', /2025-02-30.*28 days/],
    ['/api/v1/changes?since=2025-02-28T24:00:00Z', 'since', /hour 24/],
    ['/api/v1/workloads?updatedSince=2025-04-31', 'updatedSince', /2025-04-31.*30 days/],
    ['/api/v1/programs/security-usage?asOfDate=2025-02-30', 'asOfDate', /2025-02-30.*28 days/],
  ])('%s', async (path, field, reason) => {
    const r = await call(host(), 'GET', path);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe(field);
    expect(r.json.detail).toMatch(reason);
  });

  it('still reads real dates and date-times', async () => {
    expect((await call(host(), 'GET', '/api/v1/changes?since=2024-02-29')).status).toBe(200);
    expect((await call(host(), 'GET', `/api/v1/changes?since=${encodeURIComponent('2026-11-22T02:00:00+01:00')}`)).status).toBe(200);
    expect((await call(host(), 'GET', '/api/v1/programs/security-usage?asOfDate=2025-03-31')).status).toBe(200);
  });

  it('refuses a CSV month with an impossible day by its line, importing the rest', async () => {
    const csv = `tenantId,workload,pau,mau,month\n${tenant(901)},MDE,1000,100,2026-05-99\n${tenant(901)},MDE,1000,120,2026-04-30\n`;
    const r = await call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ rowsRead: 2, usageWritten: 1, rowErrors: 1 });
    expect(r.json.errors).toEqual([{ line: 2, reason: 'month "2026-05-99" is not a real date: 2026-05-99 (that month has 31 days)' }]);
    const months = await call(host(), 'GET', `/api/v1/workloads/${tenant(901)}/MDE/usage`);
    expect(months.json.months.map((m: { month: string }) => m.month)).toEqual(['2026-04']);
  });
});

describe('continuation tokens the API did not give', () => {
  it.each([
    ['a row key that is a number', base64({ nextPartitionKey: 'x', nextRowKey: 5 })],
    ['a row key that is an object', base64({ nextPartitionKey: 'x', nextRowKey: { a: 1 } })],
    ['a lone surrogate', base64('{"nextPartitionKey":"\\ud800"}')],
    ['an empty partition key', base64({ nextPartitionKey: '' })],
    ['no JSON', base64('not json')],
    ['not base64', '!!!'],
  ])('%s is a 400 naming continuationToken', async (_what, token) => {
    for (const list of LISTS) {
      const r = await call(host(), 'GET', `${list}continuationToken=${encodeURIComponent(token)}`);
      expect([list, r.status]).toEqual([list, 400]);
      expect(r.json.errors[0].path).toBe('continuationToken');
    }
  });

  it('the token of a real page still gives the next page', async () => {
    for (let n = 0; n < 3; n++) await call(host(), 'PUT', `/api/v1/workloads/${tenant(950 + n)}/MDE`, { body: { programId: 'security-usage', paidAvailableUnits: 500, monthlyActiveUsers: 100 } });
    const first = await call(host(), 'GET', '/api/v1/workloads?pageSize=2');
    expect(first.json.continuationToken).toEqual(expect.any(String));
    const second = await call(host(), 'GET', first.json.nextLink);
    expect(second.status).toBe(200);
    expect(second.json.items.length).toBeGreaterThan(0);
  });

  it('no token gives a 5xx (property over arbitrary text and crafted JSON)', async () => {
    const jsonToken = fc
      .record(
        { nextPartitionKey: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.jsonValue()), nextRowKey: fc.oneof(fc.string(), fc.jsonValue(), fc.constant(undefined)) },
        { requiredKeys: [] },
      )
      .map((o) => base64(o));
    const surrogateToken = fc
      .string({ unit: fc.integer({ min: 0xd700, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 4 })
      .map((s) => base64(`{"nextPartitionKey":${JSON.stringify(s).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}}`));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), jsonToken, surrogateToken, fc.base64String({ maxLength: 80 })), fc.constantFrom(...LISTS), async (token, list) => {
        const r = await call(host(), 'GET', `${list}continuationToken=${encodeURIComponent(token)}`);
        expect(r.status).toBeLessThan(500);
        if (r.status >= 400) expect(r.json.errors[0].path).toBe('continuationToken');
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
