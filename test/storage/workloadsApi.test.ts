/**
 * Tracked workloads over real HTTP against a real Azurite: create, read with its verdict,
 * replace and patch with ETags (a stale one is a 412 and loses nothing), delete, usage
 * snapshots, lists with filters and paging, and every bad input as a clear 4xx.
 */
import type { TransactionAction } from '@azure/data-tables';
import { workloadEntity } from '../../functions/storage/trackedWorkload';
import { planTransactions, submitBatch } from '../../functions/storage/transactions';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

const azurite = useAzurite();
const host = useTestHost();

const base = {
  customerName: 'Contoso Ltd',
  programId: 'security-usage',
  paidAvailableUnits: 1200,
  monthlyActiveUsers: 300,
};

describe('tracked workloads over HTTP', () => {
  it('tracks a workload (201 with ETag and Location) and reads it back with its verdict', async () => {
    const put = await call(host(), 'PUT', `/api/v1/workloads/${tenant(1)}/MDE`, { body: base });
    expect(put.status).toBe(201);
    expect(put.headers.get('etag')).toMatch(/^W\/"datetime/);
    expect(put.headers.get('location')).toBe(`/api/v1/workloads/${tenant(1)}/defender-for-endpoint`);
    expect(put.json).toMatchObject({
      tenantId: tenant(1),
      workload: 'defender-for-endpoint',
      customerName: 'Contoso Ltd',
      claimStatus: 'none',
      licenseProgram: 'CSP',
      sizeBand: expect.any(String),
      eligible: true,
    });

    const get = await call(host(), 'GET', `/api/v1/workloads/${tenant(1)}/defender-for-endpoint?asOfDate=2026-11-01`);
    expect(get.status).toBe(200);
    expect(get.headers.get('etag')).toBe(put.headers.get('etag'));
    expect(get.json.asOfDate).toBe('2026-11-01');
    expect(get.json.verdict).toMatchObject({ eligible: true, sizeBand: put.json.sizeBand, advice: { action: expect.any(String) } });
    expect(get.json.verdict.reasons.length).toBeGreaterThan(0);
  });

  it('refuses to create twice (409) and replaces only with the current ETag', async () => {
    const path = `/api/v1/workloads/${tenant(2)}/intune`;
    const created = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
    expect(created.status).toBe(201);
    const again = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(/If-Match/);

    const replaced = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage', paidAvailableUnits: 2500 }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(replaced.status).toBe(200);
    expect(replaced.json.paidAvailableUnits).toBe(2500);

    // The first ETag is stale now: 412, and the stored record is the replaced one.
    const stale = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage', paidAvailableUnits: 9 }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const now = await call(host(), 'GET', path);
    expect(now.json.paidAvailableUnits).toBe(2500);
  });

  it('takes back a record as GET returned it, changed (read-modify-write), but not one for another workload', async () => {
    const path = `/api/v1/workloads/${tenant(8)}/defender-for-endpoint`;
    await call(host(), 'PUT', path, { body: base });
    const read = await call(host(), 'GET', path);
    const sent = await call(host(), 'PUT', path, { body: { ...read.json, monthlyActiveUsers: 777 }, headers: { 'if-match': read.headers.get('etag')! } });
    expect(sent.status).toBe(200);
    expect(sent.json.monthlyActiveUsers).toBe(777);
    const other = await call(host(), 'PATCH', path, { body: { tenantId: tenant(9), workload: 'Intune', notes: 'x' }, headers: { 'if-match': sent.headers.get('etag')! } });
    expect(other.status).toBe(400);
    expect(other.json.errors.map((e: { path: string }) => e.path)).toEqual(['tenantId', 'workload']);
  });

  it('patches with If-Match (428 without, 412 when stale), null clearing an optional field', async () => {
    const path = `/api/v1/workloads/${tenant(3)}/defender-for-identity`;
    const created = await call(host(), 'PUT', path, { body: { ...base, notes: 'call back in May', country: 'nl', cloud: 'GCC', licenseProgram: 'EA' } });
    expect(created.json.country).toBe('NL');
    const noEtag = await call(host(), 'PATCH', path, { body: { monthlyActiveUsers: 10 } });
    expect(noEtag.status).toBe(428);

    const patched = await call(host(), 'PATCH', path, { body: { monthlyActiveUsers: 900, notes: null }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(patched.status).toBe(200);
    expect(patched.json.monthlyActiveUsers).toBe(900);
    expect(patched.json.notes).toBeUndefined();
    // Fields the patch leaves out keep their values (defaults are for PUT only).
    expect(patched.json).toMatchObject({ country: 'NL', cloud: 'GCC', licenseProgram: 'EA', claimStatus: 'none' });

    const stale = await call(host(), 'PATCH', path, { body: { monthlyActiveUsers: 1 }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(stale.status).toBe(412);
    expect((await call(host(), 'GET', path)).json.monthlyActiveUsers).toBe(900);

    const clearRequired = await call(host(), 'PATCH', path, { body: { paidAvailableUnits: null }, headers: { 'if-match': patched.headers.get('etag')! } });
    expect(clearRequired.status).toBe(400);
    expect(clearRequired.json.errors[0].path).toBe('paidAvailableUnits');
  });

  it('deletes with its ETag only, and its usage goes with it', async () => {
    const path = `/api/v1/workloads/${tenant(4)}/teams`;
    const created = await call(host(), 'PUT', path, { body: { ...base, programId: 'modern-work-usage' } });
    const usage = await call(host(), 'POST', `${path}/usage`, { body: { month: '2026-05', paidAvailableUnits: 1200, monthlyActiveUsers: 100 } });
    expect(usage.status).toBe(200);
    expect((await call(host(), 'DELETE', path)).status).toBe(428);
    expect((await call(host(), 'DELETE', path, { headers: { 'if-match': created.headers.get('etag')! } })).status).toBe(412);
    // Not an ETag at all: stale too (it can match nothing), never a storage error.
    expect((await call(host(), 'DELETE', path, { headers: { 'if-match': '!' } })).status).toBe(412);
    const current = await call(host(), 'GET', path);
    const deleted = await call(host(), 'DELETE', path, { headers: { 'if-match': current.headers.get('etag')! } });
    expect(deleted.status).toBe(204);
    expect((await call(host(), 'GET', path)).status).toBe(404);
    const store = new WorkloadStore(azurite().connectionString);
    expect(await store.usageHistory(tenant(4), 'teams')).toEqual([]);
  });

  it('stores usage snapshots (single and bulk); the latest month becomes PAU/MAU and the HWM comes from history', async () => {
    const path = `/api/v1/workloads/${tenant(5)}/defender-for-endpoint`;
    await call(host(), 'PUT', path, { body: { ...base, paidAvailableUnits: 10, monthlyActiveUsers: 10 } });
    const one = await call(host(), 'POST', `${path}/usage`, { body: { month: '2026-08', paidAvailableUnits: 10, monthlyActiveUsers: 10 } });
    expect(one.status).toBe(200);
    const bulk = await call(host(), 'POST', `${path}/usage`, {
      body: {
        items: [
          { month: '2026-09', paidAvailableUnits: 1000, monthlyActiveUsers: 40 },
          { month: '2026-10', paidAvailableUnits: 1000, monthlyActiveUsers: 120 },
        ],
      },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.json).toMatchObject({ paidAvailableUnits: 1000, monthlyActiveUsers: 120, usageMonth: '2026-10', monthsStored: 2 });
    const history = await call(host(), 'GET', `${path}/usage`);
    expect(history.json.months.map((m: { month: string }) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    // Re-posting a month replaces it rather than adding a row.
    await call(host(), 'POST', `${path}/usage`, { body: { month: '2026-09', paidAvailableUnits: 1000, monthlyActiveUsers: 50 } });
    const again = await call(host(), 'GET', `${path}/usage`);
    expect(again.json.months).toHaveLength(3);
    expect(again.json.months[1].monthlyActiveUsers).toBe(50);

    const dup = await call(host(), 'POST', `${path}/usage`, {
      body: {
        items: [
          { month: '2026-09', paidAvailableUnits: 1, monthlyActiveUsers: 1 },
          { month: '2026-09', paidAvailableUnits: 2, monthlyActiveUsers: 2 },
        ],
      },
    });
    expect(dup.status).toBe(400);
    expect(dup.json.errors[0].path).toBe('items[1].month');
    const untracked = await call(host(), 'POST', `/api/v1/workloads/${tenant(6)}/intune/usage`, { body: { month: '2026-09', paidAvailableUnits: 1, monthlyActiveUsers: 1 } });
    expect(untracked.status).toBe(404);

    // A mistyped month (2062 for 2026) or count is refused as the import refuses it: it would
    // become the record's latest month and hide every real month after it.
    const implausible = await call(host(), 'POST', `${path}/usage`, {
      body: {
        items: [
          { month: '2062-05', paidAvailableUnits: 1000, monthlyActiveUsers: 50 },
          { month: '1899-12', paidAvailableUnits: 1000, monthlyActiveUsers: 50 },
          { month: '2026-07', paidAvailableUnits: 1e12, monthlyActiveUsers: 50 },
        ],
      },
    });
    expect(implausible.status).toBe(400);
    expect(implausible.json.errors.map((e: { path: string }) => e.path)).toEqual(['items[0].month', 'items[1].month', 'items[2].paidAvailableUnits']);
    expect(implausible.json.errors[0].message).toMatch(/after the current month/);
    expect((await call(host(), 'GET', path)).json).toMatchObject({ usageMonth: '2026-10' });
  });

  it('looks up many workloads by key in one call, in order, each found or said why not', async () => {
    const r = await call(host(), 'POST', '/api/v1/workloads/lookup', {
      body: {
        items: [
          { tenantId: tenant(1), workload: 'MDE' },
          { tenantId: tenant(99), workload: 'intune' },
          { tenantId: 'x/y', workload: 'intune' },
          { tenantId: tenant(2), workload: 'Intune' },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.items.map((i: { found: boolean }) => i.found)).toEqual([true, false, false, true]);
    expect(r.json.items[0].record).toMatchObject({ tenantId: tenant(1), workload: 'defender-for-endpoint', customerName: 'Contoso Ltd' });
    expect(r.json.items[1].problem).toMatch(/is not tracked/);
    expect(r.json.items[2].problem).toMatch(/^tenantId: /);
    const tooMany = await call(host(), 'POST', '/api/v1/workloads/lookup', { body: { items: Array.from({ length: 1001 }, () => ({ tenantId: tenant(1), workload: 'MDE' })) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].path).toBe('items');
  });

  it('names every bad field of a record, and refuses keys Table Storage forbids', async () => {
    const bad = await call(host(), 'PUT', `/api/v1/workloads/${tenant(7)}/intune`, {
      body: { programId: 'modern-work-usage', paidAvailableUnits: -1, monthlyActiveUsers: 'ten', claimStatus: 'approved' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['monthlyActiveUsers', 'paidAvailableUnits']);
    const claim = await call(host(), 'PUT', `/api/v1/workloads/${tenant(7)}/intune`, { body: { ...base, programId: 'modern-work-usage', claimStatus: 'approved' } });
    expect(claim.status).toBe(400);
    expect(claim.json.errors.map((e: { path: string }) => e.path)).toEqual(['claimDate', 'claimApprovedDate']);

    for (const badTenant of ['a%2Fb', 'x%23y', 'tenant%3Fq', 'back%5Cslash', 'ctl%01char']) {
      const r = await call(host(), 'GET', `/api/v1/workloads/${badTenant}/intune`);
      expect(r.status).toBe(400);
      expect(r.json.errors[0].path).toBe('tenantId');
    }
    const badEncoding = await call(host(), 'GET', '/api/v1/workloads/%E0%A4%A/intune');
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.json.errors[0].path).toBe('tenantId');
    const unknown = await call(host(), 'PUT', `/api/v1/workloads/${tenant(7)}/no%23such`, { body: base });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatchObject({ path: 'workload', message: expect.stringContaining('not a workload we know') });

    const huge = await call(host(), 'PUT', `/api/v1/workloads/${tenant(7)}/intune`, { body: { ...base, programId: 'modern-work-usage', notes: 'x'.repeat(40_000) } });
    expect(huge.status).toBe(400);
    expect(huge.json.errors[0]).toMatchObject({ path: 'notes', message: expect.stringContaining('64 KiB') });
  });
});

describe('listing tracked workloads', () => {
  const many = 1050;

  beforeAll(async () => {
    // Written straight through the store's transactions: 1,050 workloads in 3 tenants.
    const store = new WorkloadStore(azurite().connectionString);
    await store.ensureTables();
    const actions: TransactionAction[] = [];
    for (let i = 0; i < many; i++) {
      const fields = {
        ...base,
        programId: 'security-usage',
        licenseProgram: 'CSP' as const,
        cloud: 'Commercial' as const,
        segment: 'Commercial' as const,
        claimStatus: i % 10 === 0 ? ('filed' as const) : ('none' as const),
        associationType: 'CPOR OSU' as const,
        ...(i % 10 === 0 ? { claimDate: '2026-01-15', highWaterMark: 10, paidAvailableUnitsAtClaim: 1200 } : {}),
      };
      actions.push([
        'create',
        workloadEntity(tenant(100 + (i % 3)), `w${String(i).padStart(5, '0')}`, fields, { sizeBand: i % 2 === 0 ? 'M' : 'L', eligible: i % 4 !== 0, evaluatedOn: '2026-11-22' }),
      ]);
    }
    for (const batch of planTransactions(actions)) await submitBatch(store.workloads, batch);
  }, 60_000);

  async function all(query: string, pageSize: number): Promise<{ items: Array<Record<string, unknown>>; pages: number }> {
    const items: Array<Record<string, unknown>> = [];
    let next: string | undefined = `/api/v1/workloads?pageSize=${pageSize}${query}`;
    let pages = 0;
    while (next) {
      const r = await call(host(), 'GET', next);
      expect(r.status).toBe(200);
      items.push(...r.json.items);
      pages++;
      next = r.json.nextLink;
    }
    return { items, pages };
  }

  it('pages through more than 1,000 workloads with continuation tokens, each exactly once', async () => {
    const { items, pages } = await all('&sizeBand=M', 200);
    const ours = items.filter((i) => String(i.workload).startsWith('w'));
    expect(ours).toHaveLength(many / 2);
    expect(new Set(ours.map((i) => `${i.tenantId}/${i.workload}`)).size).toBe(many / 2);
    expect(pages).toBeGreaterThanOrEqual(3);

    const everything = await all('', 1000);
    expect(everything.items.filter((i) => String(i.workload).startsWith('w'))).toHaveLength(many);
    expect(everything.pages).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('filters by tenant, claim status and eligibility', async () => {
    const t = await all(`&tenantId=${tenant(101)}`, 1000);
    expect(t.items).toHaveLength(350);
    expect(t.items.every((i) => i.tenantId === tenant(101))).toBe(true);
    const filed = await all('&claimStatus=filed', 1000);
    expect(filed.items.filter((i) => String(i.workload).startsWith('w'))).toHaveLength(105);
    const ineligible = await all(`&eligible=false&tenantId=${tenant(100)}`, 1000);
    expect(ineligible.items.every((i) => i.eligible === false && i.tenantId === tenant(100))).toBe(true);
    expect(ineligible.items.length).toBeGreaterThan(0);
  });

  it('treats a filter value as one value: an OData injection returns nothing', async () => {
    for (const attack of ["M' or true or 'a", "M' or PartitionKey ne '", "x') or (1 eq 1"]) {
      // A free-text filter: the attack is one value, matching no customer.
      const r = await call(host(), 'GET', `/api/v1/workloads?customer=${encodeURIComponent(attack)}`);
      expect(r.status).toBe(200);
      expect(r.json.items).toEqual([]);
      // Filters on names the catalog knows refuse anything else, naming the field.
      const band = await call(host(), 'GET', `/api/v1/workloads?sizeBand=${encodeURIComponent(attack)}`);
      expect(band.status).toBe(400);
      expect(band.json.errors[0].path).toBe('sizeBand');
    }
    const r = await call(host(), 'GET', `/api/v1/workloads?programId=${encodeURIComponent("security-usage' or RowKey ne '")}&tenantId=${tenant(100)}`);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('programId');
  });

  it('says what is wrong with bad list parameters', async () => {
    const r = await call(host(), 'GET', '/api/v1/workloads?pageSize=5000&eligible=maybe&tenantId=nope&colour=red');
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'eligible', 'pageSize', 'tenantId']);
    const token = await call(host(), 'GET', '/api/v1/workloads?continuationToken=not-a-token');
    expect(token.status).toBe(400);
    expect(token.json.errors[0].path).toBe('continuationToken');
  });
});
