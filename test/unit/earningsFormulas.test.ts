/**
 * =PI.PAID and =PI.RECONCILED with a fake API: many cells become few requests to
 * POST /reconciliation/lookup (answers matched by key, not position), values in dollars, bad
 * arguments #VALUE! naming the argument, a failed call #N/A with the reason in every cell.
 */
import { IncentivesApi, LOOKUP_BATCH } from '../../addin/src/apiClient';
import { paid, reconciled, useApi } from '../../addin/src/apiFormulas';

const settings = () => ({ apiUrl: 'http://api.test', apiKey: 'k' });
const tenant = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function fakeApi(fail = false) {
  const calls: Array<{ url: string; body?: { items: Array<{ tenantId: string; workload: string }> } }> = [];
  const fetchImpl = async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    calls.push({ url, body: init?.body ? JSON.parse(init.body) : undefined });
    if (fail) throw new Error('connect ECONNREFUSED');
    const { items } = JSON.parse(init!.body!) as { items: Array<{ tenantId: string; workload: string }> };
    // Answers in reverse order (the client matches by key); odd tenants are not tracked.
    const answers = items.map((it) =>
      Number(it.tenantId.slice(-3)) % 2 === 1
        ? { ...it, found: false, problem: 'not tracked' }
        : {
            ...it,
            found: true,
            paidCents: 95000 + Number(it.tenantId.slice(-3)),
            lines: [
              {
                month: '2025-03',
                status: 'underpaid',
                predictedCents: 50000,
                paidCents: 45000,
                differenceCents: -5000,
                message: 'short',
                likelyCause: 'rate',
                disputeBy: '2025-07-15',
                partnerCenterCode: null,
              },
              {
                month: '2025-05',
                status: 'missing',
                predictedCents: 40000,
                paidCents: 0,
                differenceCents: -40000,
                message: 'missing',
                likelyCause: 'not booked',
                disputeBy: '2025-09-14',
                partnerCenterCode: null,
              },
            ],
          },
    );
    return { ok: true, status: 200, text: async () => '', json: async () => ({ asOfDate: '2025-06-20', items: answers.reverse() }) };
  };
  useApi(new IncentivesApi(settings, fetchImpl));
  return calls;
}

describe('=PI.PAID and =PI.RECONCILED', () => {
  it('serves 3,000 cells of both formulas with a few lookups, each answer matched to its own key', async () => {
    const calls = fakeApi();
    const cells = Array.from({ length: 3000 }, (_, n) => (n % 2 === 0 ? paid([[tenant(n)]], [['Teams']]) : reconciled([[tenant(n - 1)]], [['Teams']], [['2025-03']], [['status']])));
    const out = await Promise.all(cells);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(1500 / LOOKUP_BATCH) + 1);
    expect(calls.every((c) => c.url === 'http://api.test/api/v1/reconciliation/lookup')).toBe(true);
    expect(out[0]).toEqual([[950]]); // tenant 0: $950.00
    expect(out[2]).toEqual([[950.02]]); // tenant 2: 95,002 cents
    expect(out[3]).toEqual([['underpaid']]);
  });

  it('gives a month paid, the figures in dollars and the words of a line', async () => {
    fakeApi();
    expect(await paid([[tenant(4)]], [['Teams']], [['2025-03-31']])).toEqual([[450]]);
    expect(await paid([[tenant(4)]], [['Teams']], [['2025-04']])).toEqual([[0]]);
    const fields = await Promise.all(['predicted', 'paid', 'difference', 'disputeBy', 'partnerCenterCode'].map((f) => reconciled([[tenant(4)]], [['Teams']], [['2025-05']], [[f]])));
    expect(fields).toEqual([[[400]], [[0]], [[-400]], [['2025-09-14']], [['']]]);
  });

  it('answers #N/A for an untracked workload or a month not reconciled, #VALUE! for bad arguments', async () => {
    fakeApi();
    expect((await paid([[tenant(1)]], [['Teams']]))[0]![0]).toMatchObject({ code: '#N/A', message: expect.stringContaining('is not tracked') });
    expect((await reconciled([[tenant(4)]], [['Teams']], [['2024-01']], [['status']]))[0]![0]).toMatchObject({ code: '#N/A', message: expect.stringContaining('2024-01 is not reconciled') });
    expect((await reconciled([[tenant(4)]], [['Teams']], [['March']], [['status']]))[0]![0]).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('month: must be a month') });
    expect((await reconciled([[tenant(4)]], [['Teams']], [['2025-03']], [['colour']]))[0]![0]).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('field: "colour" is not a field') });
  });

  it('gives every waiting cell #N/A with the reason when the API cannot be reached', async () => {
    fakeApi(true);
    const out = await Promise.all([paid([[tenant(2)]], [['Teams']]), reconciled([[tenant(6)]], [['Teams']], [['2025-03']], [['status']])]);
    for (const cell of out) expect(cell[0]![0]).toMatchObject({ code: '#N/A', message: expect.stringContaining('did not answer') });
  });
});
