/**
 * Nothing a client sends to the tracked-customer and nightly endpoints gives a 500, with real
 * storage behind them: arbitrary JSON and near-valid records, odd route keys, odd query
 * strings, odd CSV. Every answer is a success or a 4xx problem with a detail.
 */
import fc from 'fast-check';
import { useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

const nearRecord = fc.record(
  {
    programId: fc.oneof(fc.constantFrom('security-usage', 'nope'), fc.string(), fc.integer()),
    paidAvailableUnits: fc.oneof(fc.integer({ min: -10, max: 100000 }), fc.double(), fc.string(), fc.constant(null)),
    monthlyActiveUsers: fc.oneof(fc.integer({ min: -10, max: 100000 }), fc.boolean()),
    claimStatus: fc.oneof(fc.constantFrom('none', 'filed', 'approved', 'x'), fc.string()),
    claimDate: fc.oneof(fc.constantFrom('2026-01-10', '2026-02-30'), fc.string()),
    notes: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
    tenantId: fc.oneof(fc.constant(TENANT), fc.string()),
    workload: fc.oneof(fc.constantFrom('MDE', 'Teams'), fc.string()),
  },
  { requiredKeys: [] },
);

/** A path segment of any text, encoded (forbidden key characters included). */
const segment = fc.oneof(fc.constantFrom(TENANT, 'MDE', 'a#b', 'x?y', '%', '..'), fc.string({ minLength: 1, maxLength: 40 })).map((s) => encodeURIComponent(s));

function expectNoServerError(r: { status: number; headers: Headers; json: { detail?: string } | null }) {
  expect(r.status).toBeLessThan(500);
  if (r.status >= 400) {
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((r.json?.detail ?? '').length).toBeGreaterThan(0);
  }
}

describe('nothing a client sends to the storage endpoints gives a 500', () => {
  it('records and patches, any body, any keys, any If-Match', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'PATCH', 'DELETE', 'GET'),
        segment,
        segment,
        fc.oneof(fc.jsonValue(), nearRecord),
        fc.option(fc.string({ maxLength: 60 })),
        async (method, t, w, body, etag) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (etag !== null) headers['if-match'] = etag.replace(/[^\x20-\x7e]/g, '');
          const r = await call(host(), method, `/api/v1/workloads/${t}/${w}`, method === 'GET' || method === 'DELETE' ? { headers } : { rawBody: JSON.stringify(body) ?? 'null', headers });
          expectNoServerError(r);
        },
      ),
      { numRuns: 250 },
    );
  }, 90_000);

  it('lists, lookups, usage, changes and runs with odd input', async () => {
    const query = fc.dictionary(
      fc.constantFrom('tenantId', 'programId', 'sizeBand', 'claimStatus', 'eligible', 'pageSize', 'continuationToken', 'since', 'kind', 'updatedSince', 'x'),
      fc.string({ maxLength: 30 }),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('list', 'changes', 'lookup', 'usage', 'run', 'reevaluate'), query, fc.jsonValue(), segment, async (kind, q, body, id) => {
        const qs = new URLSearchParams(q).toString();
        const r =
          kind === 'list'
            ? await call(host(), 'GET', `/api/v1/workloads?${qs}`)
            : kind === 'changes'
              ? await call(host(), 'GET', `/api/v1/changes?${qs}`)
              : kind === 'lookup'
                ? await call(host(), 'POST', '/api/v1/workloads/lookup', { rawBody: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } })
                : kind === 'usage'
                  ? await call(host(), 'POST', `/api/v1/workloads/${TENANT}/MDE/usage`, { rawBody: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } })
                  : kind === 'run'
                    ? await call(host(), 'GET', `/api/v1/runs/${id}`)
                    : await call(host(), 'POST', `/api/v1/reevaluate?asOfDate=${encodeURIComponent(String(q.since ?? 'x'))}`);
        expectNoServerError(r);
      }),
      { numRuns: 250 },
    );
  }, 90_000);

  it('CSV of any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 7 }), { maxLength: 6 }).map((rows) => ['tenant id,workload,pau,mau,month', ...rows.map((r) => r.join(','))].join('\n')),
        ),
        async (csv) => {
          const r = await call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
          expectNoServerError(r);
        },
      ),
      { numRuns: 150 },
    );
  }, 90_000);
});
