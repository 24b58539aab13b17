/**
 * TRACKED and CHANGES_SINCE with a fake API: many cells become few requests (answers matched
 * by key), answers are reused within a recalculation, and a failed call gives every waiting
 * cell #N/A with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncentivesApi, LOOKUP_BATCH } from '../../addin/src/apiClient';
import { changesSince, tracked, TRACKED_FIELDS, useApi } from '../../addin/src/apiFormulas';
import { trackedWorkloadFields } from '../../functions/storage/trackedWorkload';

const settings = () => ({ apiUrl: 'http://api.test', apiKey: 'k' });
const tenant = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function fakeApi(fail = false) {
  const calls: Array<{ url: string; body?: unknown; headers?: Record<string, string> }> = [];
  const fetchImpl = async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    calls.push({ url, body: init?.body ? JSON.parse(init.body) : undefined, headers: init?.headers });
    if (fail) throw new Error('connect ECONNREFUSED');
    if (url.includes('/workloads/lookup')) {
      const { items } = JSON.parse(init!.body!) as { items: Array<{ tenantId: string; workload: string }> };
      // Answers in order; odd tenants are not tracked.
      return {
        ok: true,
        status: 200,
        text: async () => '',
        json: async () => ({
          items: items.map((it) =>
            Number(it.tenantId.slice(-3)) % 2 === 1
              ? { ...it, found: false }
              : { ...it, found: true, record: { tenantId: it.tenantId, workload: 'defender-for-endpoint', claimStatus: 'filed', paidAvailableUnits: Number(it.tenantId.slice(-5)) } },
          ),
        }),
      };
    }
    const page = url.includes('continuationToken') ? 2 : 1;
    return {
      ok: true,
      status: 200,
      text: async () => '',
      json: async () => ({
        items: [
          {
            night: '2026-11-22',
            tenantId: tenant(page),
            customerName: `C${page}`,
            workload: 'defender-for-endpoint',
            kind: 'crossed-seat-minimum',
            reasons: [{ code: 'SEAT_MINIMUM_CROSSED', message: `page ${page}` }],
            advice: { action: 'claim-now' },
            time: 't',
          },
        ],
        ...(page === 1 ? { nextLink: '/api/v1/changes?since=2026-11-22&continuationToken=abc' } : {}),
      }),
    };
  };
  const api = new IncentivesApi(settings, fetchImpl);
  useApi(api);
  return { api, calls };
}

describe('API-backed formulas', () => {
  it('serves 10,000 TRACKED cells with at most 20 requests, each answer matched to its own key', async () => {
    const { calls } = fakeApi();
    const cells = Array.from({ length: 10_000 }, (_, n) => tracked([[tenant(n)]], [['MDE']], [['paidAvailableUnits']]));
    const out = await Promise.all(cells);
    expect(calls.length).toBeLessThanOrEqual(20);
    expect(calls.length).toBe(10_000 / LOOKUP_BATCH);
    expect(calls[0]!.headers!['x-functions-key']).toBe('k');
    expect(out[2]).toEqual([[2]]);
    expect(out[9998]).toEqual([[9998]]);
    expect(out[3]![0]![0]).toMatchObject({ code: '#N/A', message: expect.stringContaining('is not tracked') });
  });

  it('takes a column and reuses answers within the recalculation', async () => {
    const { calls } = fakeApi();
    const column = [[tenant(2)], [tenant(4)], [tenant(2)]];
    expect(await tracked(column, [['MDE']], [['claimStatus']])).toEqual([['filed'], ['filed'], ['filed']]);
    expect(await tracked([[tenant(2)]], [['MDE']], [['paidAvailableUnits']])).toEqual([[2]]);
    expect(calls).toHaveLength(1);
    const bad = await tracked([[tenant(2)]], [['MDE']], [['colour']]);
    expect(bad[0]![0]).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('"colour" is not a field') });
  });

  it('refuses a field that is not one at once, naming the valid ones, and its help lists them all', async () => {
    const { calls } = fakeApi();
    const bad = await tracked([[tenant(7)]], [['MDE']], [['seats']]);
    expect(bad[0]![0]).toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/^field: "seats" is not a field of a tracked workload; use one of tenantId, workload, .*paidAvailableUnits, .*sizeBand, eligible/),
    });
    expect(calls).toHaveLength(0);
    // The formula help (the JSDoc functions.json is made from) names every valid field.
    const source = readFileSync(join(__dirname, '../../addin/src/apiFormulas.ts'), 'utf8');
    const fieldDoc = /@param field ([^\n]*)/.exec(source)![1]!;
    for (const f of TRACKED_FIELDS) expect(fieldDoc).toMatch(new RegExp(`\\b${f}\\b`));
  });

  it('answers every waiting cell #N/A with the reason when the API is down, never leaving one pending', async () => {
    fakeApi(true);
    const out = await Promise.all(Array.from({ length: 5 }, (_, n) => tracked([[tenant(n)]], [['MDE']], [['claimStatus']])));
    for (const cell of out) expect(cell[0]![0]).toMatchObject({ code: '#N/A', message: expect.stringContaining('did not answer (connect ECONNREFUSED)') });
    await expect(changesSince([[46348]])).rejects.toMatchObject({ code: '#N/A' });
  });

  it('spills the change feed under a header, following every page', async () => {
    const { calls } = fakeApi();
    const out = await changesSince([[46348]]); // 2026-11-22 as an Excel date
    expect(out[0]).toEqual(['night', 'tenantId', 'customerName', 'workload', 'kind', 'why', 'advice']);
    expect(out.slice(1).map((r) => r[5])).toEqual(['page 1', 'page 2']);
    expect(calls.map((c) => c.url)).toEqual(['http://api.test/api/v1/changes?since=2026-11-22&pageSize=1000', 'http://api.test/api/v1/changes?since=2026-11-22&continuationToken=abc']);
    await expect(changesSince('next week')).rejects.toMatchObject({ code: '#VALUE!', message: expect.stringMatching(/^since: /) });
  });

  it('offers exactly the fields a tracked workload has', () => {
    const extras = ['tenantId', 'workload', 'sizeBand', 'eligible', 'evaluatedOn', 'advice', 'adviceReason', 'toEarnCents', 'updatedAt'];
    expect([...TRACKED_FIELDS].sort()).toEqual([...Object.keys(trackedWorkloadFields), ...extras].sort());
  });
});
