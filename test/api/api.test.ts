import { startLocalHost } from '../../dev/localHost/server';
import { ADDIN_ORIGIN, call, useTestHost, TEST_KEY } from '../support/localHost';

const facts = { programId: 'security-usage', asOfDate: '2025-03-31', workload: 'MDE', paidAvailableUnits: 149, monthlyActiveUsers: 20 };
const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

const testHost = useTestHost();

describe('the local host serves the functions registered with app', () => {
  it('registers every endpoint once', () => {
    expect(
      testHost()
        .functions.map((f) => `${f.methods.join(',')} ${f.route} ${f.authLevel}`)
        .sort(),
    ).toEqual([
      'DELETE v1/programs/{id} function',
      'DELETE v1/workloads/{tenantId}/{workload} function',
      'DELETE v1/workloads/{tenantId}/{workload}/payments/{id} function',
      'GET v1/actions function',
      'GET v1/calibration function',
      'GET v1/catalog function',
      'GET v1/changes function',
      'GET v1/health anonymous',
      'GET v1/openapi.json anonymous',
      'GET v1/programs function',
      'GET v1/programs/{id} function',
      'GET v1/programs/{id}/history function',
      'GET v1/reconciliation function',
      'GET v1/reconciliation/summary function',
      'GET v1/runs/{id} function',
      'GET v1/size-band function',
      'GET v1/workloads function',
      'GET v1/workloads-catalog function',
      'GET v1/workloads/{tenantId}/{workload} function',
      'GET v1/workloads/{tenantId}/{workload}/payments function',
      'GET v1/workloads/{tenantId}/{workload}/payout function',
      'GET v1/workloads/{tenantId}/{workload}/usage function',
      'PATCH v1/workloads/{tenantId}/{workload} function',
      'POST v1/attribution function',
      'POST v1/eligibility function',
      'POST v1/import function',
      'POST v1/payout function',
      'POST v1/poe-check function',
      'POST v1/programs/{id}/amendments function',
      'POST v1/programs/{id}/what-if function',
      'POST v1/recognition function',
      'POST v1/reconciliation/lookup function',
      'POST v1/reevaluate function',
      'POST v1/runs/{id}/cancel function',
      'POST v1/workloads/lookup function',
      'POST v1/workloads/{tenantId}/{workload}/payments function',
      'POST v1/workloads/{tenantId}/{workload}/usage function',
      'PUT v1/programs/{id} function',
      'PUT v1/workloads/{tenantId}/{workload} function',
    ]);
  });
});

describe('happy paths', () => {
  it('GET /health needs no key', async () => {
    const r = await call(testHost(), 'GET', '/api/v1/health', { key: null });
    expect(r).toMatchObject({ status: 200, json: { status: 'ok' } });
  });

  it('GET /openapi.json needs no key and describes every path', async () => {
    const r = await call(testHost(), 'GET', '/api/v1/openapi.json', { key: null });
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    expect(Object.keys(r.json.paths).sort()).toEqual(
      [
        '/attribution',
        '/eligibility',
        '/health',
        '/import',
        '/openapi.json',
        '/payout',
        '/poe-check',
        '/programs',
        '/programs/{id}',
        '/programs/{id}/amendments',
        '/programs/{id}/history',
        '/programs/{id}/what-if',
        '/catalog',
        '/recognition',
        '/size-band',
        '/workloads',
        '/workloads-catalog',
        '/workloads/{tenantId}/{workload}',
        '/workloads/{tenantId}/{workload}/usage',
        '/reevaluate',
        '/runs/{id}',
        '/runs/{id}/cancel',
        '/changes',
        '/workloads/lookup',
        '/actions',
        '/workloads/{tenantId}/{workload}/payout',
        '/workloads/{tenantId}/{workload}/payments',
        '/workloads/{tenantId}/{workload}/payments/{id}',
        '/reconciliation',
        '/reconciliation/summary',
        '/reconciliation/lookup',
        '/calibration',
      ].sort(),
    );
    expect(r.json.servers).toEqual([{ url: '/api/v1' }]); // relative: no request header is echoed into the document
    // asOfDate and programId have HTTP defaults (today, the program that pays for the workload).
    expect(r.json.components.schemas.WorkloadFacts.required).toEqual(['workload', 'paidAvailableUnits', 'monthlyActiveUsers']);
  });

  it('POST /eligibility answers one workload with reasons, Partner Center codes and advice', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(r.json).toMatchObject({ eligible: false, sizeBand: 'XXS', usagePct: 13.42, advice: { action: 'wait-for-seats' } });
    expect(r.json.reasons[0]).toEqual({
      code: 'BELOW_SEAT_MINIMUM',
      partnerCenterCode: 'MINTHNTMT',
      message: 'PAU 149 is below the 150 seat minimum of Security usage FY25; 1 more paid seat makes it eligible.',
      params: { paidAvailableUnits: 149, seatMinimum: 150, seatsToGo: 1 },
    });
  });

  it('POST /eligibility answers a batch in order', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: { items: [facts, { ...facts, paidAvailableUnits: 1000 }] } });
    expect(r.status).toBe(200);
    expect(r.json.items.map((i: { eligible: boolean; sizeBand: string }) => [i.eligible, i.sizeBand])).toEqual([
      [false, 'XXS'],
      [true, 'M'],
    ]);
  });

  it('POST /payout gives the line-by-line breakdown', async () => {
    const claim = {
      programId: 'security-usage',
      asOfDate: '2025-06-30',
      workload: 'Intune',
      paidAvailableUnits: 2600,
      monthlyActiveUsers: 420,
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 90,
      paidAvailableUnitsAtClaim: 900,
      milestonesPaid: [{ milestone: 1, amountCents: 100000 }],
    };
    const r = await call(testHost(), 'POST', '/api/v1/payout', { body: claim });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ earnedCents: 800000, alreadyPaidCents: 100000, owedCents: 700000 });
    expect(r.json.lines[0]).toMatchObject({ label: 'Milestone 1', band: 'L', status: 'earned' });
    expect(r.json.lines[0].reasons.map((x: { code: string }) => x.code)).toEqual(['MILESTONE_EARNED', 'BAND_STEP_UP']);
  });

  it('POST /payout with items applies the partner cap across them', async () => {
    const claim = {
      programId: 'security-usage',
      asOfDate: '2025-06-30',
      workload: 'MDE',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: 160,
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 90,
      paidAvailableUnitsAtClaim: 1000,
    };
    const r = await call(testHost(), 'POST', '/api/v1/payout', { body: { partnerCapCents: 500000, items: [claim, { ...claim, workload: 'Intune' }] } });
    expect(r.status).toBe(200);
    expect(r.json.partnerCaps).toEqual([expect.objectContaining({ programId: 'security-usage-fy25', capCents: 500000, payableCents: 500000, cappedCents: 300000 })]);
  });

  it('GET /size-band reads its query', async () => {
    const r = await call(testHost(), 'GET', '/api/v1/size-band?programId=security-usage-fy25&paidAvailableUnits=1200');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ band: 'M', nextBand: { band: 'L', seatsToGo: 1300 } });
  });

  it('POST /poe-check, /attribution and /recognition answer', async () => {
    const poe = await call(testHost(), 'POST', '/api/v1/poe-check', {
      body: {
        programId: 'security-usage',
        claimDate: '2025-03-15',
        partnerId: '1234567',
        tenantId: TENANT,
        workloads: ['MDE'],
        acknowledgementDate: '2024-03-14',
        workloadsNamed: ['MDE'],
        activities: ['pre-sales'],
      },
    });
    expect(poe.status).toBe(200);
    expect(poe.json.summary).toBe('Missing: customer acknowledgement; customer-specific scope; matching partner and customer; qualifying activity; engagement dates');
    const attribution = await call(testHost(), 'POST', '/api/v1/attribution', {
      body: {
        licenseProgram: 'EA',
        asOfDate: '2025-06-01',
        events: [
          { type: 'osa-attach', date: '2024-01-10', partnerId: '111' },
          { type: 'dpor-attach', date: '2025-02-01', partnerId: '222' },
          { type: 'poe-result', date: '2025-03-01', partnerId: '222', passed: true },
        ],
      },
    });
    expect(attribution.json).toMatchObject({ partnerOfRecord: '222', earningPartner: '222' });
    const recognition = await call(testHost(), 'POST', '/api/v1/recognition', {
      body: {
        items: [
          { workload: 'Power Apps', associationType: 'PAL', metric: 'usage' },
          { workload: 'Power Apps', associationType: 'CPOR OSU', metric: 'usage' },
        ],
      },
    });
    expect(recognition.json.items.map((i: { counted: boolean }) => i.counted)).toEqual([true, false]);
  });

  it("GET /programs lists the catalog; GET /programs/{id} gives one year or a family's year on a date", async () => {
    const list = await call(testHost(), 'GET', '/api/v1/programs');
    expect(list.json.programs.map((p: { id: string }) => p.id)).toContain('security-usage-fy25');
    const one = await call(testHost(), 'GET', '/api/v1/programs/modern-work-usage-fy25');
    expect(one.json).toMatchObject({ id: 'modern-work-usage-fy25', seatMinimum: 300 });
    const family = await call(testHost(), 'GET', '/api/v1/programs/security-usage?asOfDate=2025-11-01');
    expect(family.json.id).toBe('security-usage-fy26');
  });
});

describe('errors are problem details, never a 500', () => {
  it('400 lists every bad field by path', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: { ...facts, asOfDate: '2025-02-30', paidAvailableUnits: -1, cloud: 'mars' } });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.json).toMatchObject({ status: 400, title: 'Bad request', instance: '/api/v1/eligibility' });
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(['asOfDate', 'paidAvailableUnits', 'cloud']);
  });

  it('400 names the bad item of a batch by index', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: { items: [facts, { ...facts, monthlyActiveUsers: 2.5 }] } });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('items[1].monthlyActiveUsers');
  });

  it('400 for a bad query value, naming it', async () => {
    const r = await call(testHost(), 'GET', '/api/v1/size-band?programId=security-usage-fy25&paidAvailableUnits=lots');
    expect(r.status).toBe(400);
    expect(r.json.errors[0]).toMatchObject({ path: 'paidAvailableUnits' });
  });

  it('400 for malformed JSON, saying so', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { rawBody: '{"programId": "security-usage",', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json.type).toContain('malformed-json');
    expect(r.json.detail).toContain('not valid JSON');
  });

  it('400 for an unknown program, naming programId', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { body: { ...facts, programId: 'azure-migrate' } });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('programId');
  });

  it('404 for an unknown route and an unknown program id', async () => {
    expect((await call(testHost(), 'GET', '/api/v1/nothing-here')).status).toBe(404);
    const r = await call(testHost(), 'GET', '/api/v1/programs/azure-migrate');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });

  it('405 with Allow for a wrong method', async () => {
    const r = await call(testHost(), 'GET', '/api/v1/eligibility');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });

  it('routes a path as Functions does: any case, one trailing slash, the parameters of /workloads/{tenantId}/{workload} kept apart from /workloads/lookup', async () => {
    expect((await call(testHost(), 'POST', '/API/V1/Eligibility/', { body: facts })).status).toBe(200);
    expect((await call(testHost(), 'POST', '/api/v1/eligibility//', { body: facts })).status).toBe(404);
    expect((await call(testHost(), 'GET', '/api/v1/workloads/lookup')).headers.get('allow')).toBe('POST');
    const r = await call(testHost(), 'GET', `/api/v1/workloads/${TENANT}/lookup`);
    expect(r.json.detail).toMatch(/not a workload we know/);
  });

  it('413 for a body over the documented 16 MiB limit', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { rawBody: `{"items":["${'x'.repeat(17 * 1024 * 1024)}"]}`, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(413);
    expect(r.json.title).toBe('Payload too large');
  });

  it('415 for a body that cannot be JSON', async () => {
    const r = await call(testHost(), 'POST', '/api/v1/eligibility', { rawBody: 'a,b', headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(415);
  });
});

describe('keys', () => {
  it('401 without a key, with a wrong key; 200 with the right key in the header or the code query', async () => {
    expect((await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts, key: null })).status).toBe(401);
    expect((await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts, key: 'wrong-key' })).status).toBe(401);
    expect((await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts })).status).toBe(200);
    expect((await call(testHost(), 'POST', `/api/v1/eligibility?code=${TEST_KEY}`, { body: facts, key: null })).status).toBe(200);
  });

  it('401 for a wrong key of the right length, in bytes or in characters; the right key still passes after them', async () => {
    for (const key of ['test-key-0123456780', 'TEST-KEY-0123456789', 'test-key-01234567\u00e9', '\u00e9est-key-0123456789']) {
      expect(Buffer.byteLength(key) === Buffer.byteLength(TEST_KEY) || key.length === TEST_KEY.length).toBe(true);
      expect((await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts, key })).status).toBe(401);
      expect((await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts })).status).toBe(200);
    }
  });

  it('never writes a key into the request log', async () => {
    const lines: string[] = [];
    const logged = await startLocalHost({ port: 0, apiKey: TEST_KEY, log: (l) => lines.push(l) });
    try {
      await call(logged, 'POST', `/api/v1/eligibility?code=${TEST_KEY}`, { body: facts, key: null });
      await call(logged, 'POST', '/api/v1/eligibility', { body: facts, key: 'wrong-key-zzz' });
      await call(logged, 'GET', '/api/v1/health', { key: null });
    } finally {
      await logged.close();
    }
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^POST v1\/eligibility 200 \d+\.\dms$/);
    expect(lines.join('\n')).not.toContain(TEST_KEY);
    expect(lines.join('\n')).not.toContain('wrong-key-zzz');
  });

  it('makes a development key when none is configured', async () => {
    const dev = await startLocalHost({ port: 0, log: null });
    try {
      expect(dev.generatedKey).toBe(true);
      expect(dev.apiKey.length).toBeGreaterThanOrEqual(24);
      expect((await call(dev, 'POST', '/api/v1/eligibility', { body: facts, key: dev.apiKey })).status).toBe(200);
    } finally {
      await dev.close();
    }
  });
});

describe('CORS', () => {
  it('allows the add-in origin only', async () => {
    const allowed = await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts, headers: { origin: ADDIN_ORIGIN } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ADDIN_ORIGIN);
    const other = await call(testHost(), 'POST', '/api/v1/eligibility', { body: facts, headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${testHost().url}/api/v1/eligibility`, { method: 'OPTIONS', headers: { origin: ADDIN_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-functions-key');
  });
});
