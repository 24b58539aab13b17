/**
 * The add-in's client for the Earnings check (addin/src/apiClient.ts) against a fake API: every
 * page of a status followed by its continuation (nextLink), progress after each page, the
 * as-of date and status passed, and a refusal said in words.
 */
import { IncentivesApi, type ReconciliationLineJson } from '../../addin/src/apiClient';

const settings = () => ({ apiUrl: 'http://api.test/', apiKey: 'k' });
const TOTAL = 2500;

function fakeApi() {
  const urls: string[] = [];
  const fetchImpl = async (url: string) => {
    urls.push(url);
    const u = new URL(url);
    if (u.searchParams.get('asOfDate') === '2025-13-01') {
      return { ok: false, status: 400, text: async () => '', json: async () => ({ status: 400, detail: 'asOfDate: must be an ISO date like 2025-06-20.' }) };
    }
    if (u.pathname.endsWith('/summary')) return { ok: true, status: 200, text: async () => '', json: async () => ({ asOfDate: u.searchParams.get('asOfDate'), lines: TOTAL }) };
    const start = Number((u.searchParams.get('continuationToken') ?? 'l0').slice(1));
    const size = Number(u.searchParams.get('pageSize'));
    const items = Array.from({ length: Math.min(size, TOTAL - start) }, (_, i) => ({ month: '2025-05', status: u.searchParams.get('status'), n: start + i }));
    const next = start + size < TOTAL ? `l${start + size}` : undefined;
    const nextLink = next ? `/api/v1/reconciliation?${new URLSearchParams({ ...Object.fromEntries(u.searchParams), continuationToken: next }).toString()}` : undefined;
    return { ok: true, status: 200, text: async () => '', json: async () => ({ total: TOTAL, items, ...(next ? { continuationToken: next, nextLink } : {}) }) };
  };
  return { api: new IncentivesApi(settings, fetchImpl), urls };
}

describe('the Earnings check client', () => {
  it('follows every page of a status, telling progress after each', async () => {
    const { api, urls } = fakeApi();
    const progress: number[] = [];
    const lines = await api.reconciliationLines('2025-06-20', 'missing', (n) => progress.push(n));
    expect(lines).toHaveLength(TOTAL);
    expect(lines.map((l) => (l as ReconciliationLineJson & { n: number }).n)).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    expect(progress).toEqual([1000, 2000, 2500]);
    expect(urls).toEqual([
      'http://api.test/api/v1/reconciliation?asOfDate=2025-06-20&status=missing&pageSize=1000',
      'http://api.test/api/v1/reconciliation?asOfDate=2025-06-20&status=missing&pageSize=1000&continuationToken=l1000',
      'http://api.test/api/v1/reconciliation?asOfDate=2025-06-20&status=missing&pageSize=1000&continuationToken=l2000',
    ]);
  });

  it('reads the summary of a date, and says a refusal in words', async () => {
    const { api, urls } = fakeApi();
    await expect(api.reconciliationSummary('2025-06-20')).resolves.toMatchObject({ asOfDate: '2025-06-20', lines: TOTAL });
    expect(urls).toEqual(['http://api.test/api/v1/reconciliation/summary?asOfDate=2025-06-20']);
    await expect(api.reconciliationSummary('2025-13-01')).rejects.toThrow('The API answered 400: asOfDate: must be an ISO date like 2025-06-20.');
    await expect(api.reconciliationLines('2025-13-01', 'missing')).rejects.toThrow(/^The API answered 400/);
  });
});
