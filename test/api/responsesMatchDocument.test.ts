/**
 * Every route, called over real HTTP (the local host, a real Azurite for the stored routes and
 * the app's own queue trigger for the nightly), answers with bodies the served OpenAPI document
 * describes: for each answer, the document must declare its status and content type for that
 * path and method, and the body must validate against the declared schema (JSON Schema
 * 2020-12, with Ajv). Response schemas are closed, so a field a handler sends that the document
 * does not name fails here, as does a required field the handler leaves out. At the end, every
 * status the document declares must have been seen, but for a short list of statuses that
 * cannot be caused from outside.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { resetTrackedStore } from '../../functions/storage/trackedStore';
import { resetNightlyDeps } from '../../functions/nightly/nightlyDeps';
import { resetProgramCatalog } from '../../functions/storage/catalogSource';
import { tenant, useAzurite } from '../support/azurite';
import { call, useTestHost, type CallOptions } from '../support/localHost';
import { runNight, useQueueTrigger } from '../support/nightly';
import { rawRequest } from '../support/rawHttp';
import { modernWorkPayout, securityFacts } from '../support/facts';

// Azurite and the queue trigger take a few seconds to stop.
jest.setTimeout(30_000);

const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, unknown> }> }>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }> };
};

let doc: Doc;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();
/** `METHOD path status` of every answer checked. */
const seen = new Set<string>();

beforeAll(async () => {
  const served = await call(host(), 'GET', '/api/v1/openapi.json', { key: null });
  doc = served.json;
  ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'openapi');
});

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The validator of the body the document declares for an answer, and where it is declared. */
function declared(method: string, path: string, status: number, mediaType: string): ValidateFunction | null {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the document has no ${method} ${path}`);
  let response = operation.responses[String(status)];
  if (!response) throw new Error(`the document declares no ${status} for ${method} ${path} (it declares ${Object.keys(operation.responses).join(', ')})`);
  let at = `#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status))}`;
  if (response.$ref) {
    at = response.$ref;
    response = doc.components.responses[response.$ref.split('/').pop()!]!;
  }
  if (status === 204) {
    if (response.content) throw new Error(`${method} ${path} 204 declares a body`);
    return null;
  }
  if (!response.content?.[mediaType]) throw new Error(`${method} ${path} ${status} is declared as ${Object.keys(response.content ?? {}).join(', ') || 'no content'}, not ${mediaType}`);
  const ref = `openapi${at}/${pointer('content', mediaType, 'schema')}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

/** Why a body does not match the document, or null when it does. */
function mismatch(method: string, path: string, status: number, contentType: string | null, body: unknown): string | null {
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  const validate = declared(method, path, status, mediaType);
  if (validate === null) return body === null || body === '' ? null : 'a 204 with a body';
  if (validate(body)) return null;
  return ajv.errorsText(validate.errors, { separator: '\n', dataVar: 'body' });
}

/**
 * Call `method url` (matching the document's `path`), expect `status`, and check the answer
 * against the document.
 */
async function check(method: string, path: string, url: string, status: number, options: CallOptions = {}) {
  const r = await call(host(), method, url, options);
  if (r.status !== status) throw new Error(`${method} ${url}: expected ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
  const csv = (r.headers.get('content-type') ?? '').startsWith('text/csv');
  const problem = mismatch(method, path, r.status, r.headers.get('content-type'), r.status === 204 || csv ? r.text : r.json);
  if (problem !== null) throw new Error(`${method} ${url} ${r.status} does not match the document:\n${problem}\n${r.text.slice(0, 2000)}`);
  seen.add(`${method} ${path} ${status}`);
  return r;
}

const T = tenant(7001);
const T2 = tenant(7002);
const mdePath = `/api/v1/workloads/${T}/defender-for-endpoint`;
const claimed = {
  programId: 'security-usage',
  customerName: 'Contoso',
  country: 'us',
  paidAvailableUnits: 1000,
  monthlyActiveUsers: 160,
  claimStatus: 'approved',
  claimDate: '2026-01-10',
  claimApprovedDate: '2026-01-20',
  highWaterMark: 90,
  paidAvailableUnitsAtClaim: 1000,
  partnerId: '1234567',
  poeAcknowledgementDate: '2025-12-01',
  notes: 'Renewal in June.',
};

describe('the engine decisions', () => {
  it('POST /eligibility: one, a batch, bad fields, malformed JSON, no key, the wrong type, too large', async () => {
    const one = await check('POST', '/eligibility', '/api/v1/eligibility', 200, { body: securityFacts() });
    await check('POST', '/eligibility', '/api/v1/eligibility', 200, { body: { items: [securityFacts()] }, headers: { accept: 'text/csv' } });
    expect((await check('POST', '/eligibility', '/api/v1/eligibility', 200, { body: { workload: 'MDE', paidAvailableUnits: 600, monthlyActiveUsers: 30 } })).json.defaultsUsed).toHaveLength(2);
    expect(one.json.advice.action).toBeDefined();
    await check('POST', '/eligibility', '/api/v1/eligibility', 200, {
      body: { items: [securityFacts(), securityFacts({ paidAvailableUnits: 149, claimDate: '2025-01-10', highWaterMark: 20, paidAvailableUnitsAtClaim: 160 }), securityFacts({ cloud: 'GCC High' })] },
    });
    const bad = await check('POST', '/eligibility', '/api/v1/eligibility', 400, { body: { items: [securityFacts(), { programId: 'security-usage' }] } });
    expect(bad.json.errors.length).toBeGreaterThan(1);
    await check('POST', '/eligibility', '/api/v1/eligibility', 400, { rawBody: '{"programId":', headers: { 'content-type': 'application/json' } });
    await check('POST', '/eligibility', '/api/v1/eligibility', 401, { body: securityFacts(), key: null });
    await check('POST', '/eligibility', '/api/v1/eligibility', 415, { rawBody: 'a,b', headers: { 'content-type': 'text/csv' } });
    // Declared far over the limit: refused before a byte of it is read.
    const big = await rawRequest(
      host().port,
      '/api/v1/eligibility',
      { host: 'localhost', 'x-functions-key': 'test-key-0123456789', 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) },
      'POST',
    );
    expect(big.status).toBe(413);
    const head = big.text.slice(0, big.text.indexOf('\r\n\r\n'));
    expect(mismatch('POST', '/eligibility', 413, /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? null, JSON.parse(big.text.slice(big.text.indexOf('\r\n\r\n') + 4)))).toBeNull();
    seen.add('POST /eligibility 413');
  });

  it('POST /payout: milestones, per-user months, a capped batch, bad fields', async () => {
    const milestone = {
      programId: 'security-usage',
      asOfDate: '2025-06-30',
      workload: 'Intune',
      paidAvailableUnits: 2600,
      monthlyActiveUsers: 420,
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 90,
      paidAvailableUnitsAtClaim: 900,
      claimId: 'C-1',
      milestonesPaid: [{ milestone: 1, amountCents: 100000 }],
    };
    const r = await check('POST', '/payout', '/api/v1/payout', 200, { body: milestone });
    expect(r.json.lines.length).toBeGreaterThan(0);
    const perUser = modernWorkPayout({
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      usageHistory: [
        { month: '2025-01', paidAvailableUnits: 1000, monthlyActiveUsers: 100 },
        { month: '2025-02', paidAvailableUnits: 1000, monthlyActiveUsers: 300 },
        { month: '2025-03', paidAvailableUnits: 1000, monthlyActiveUsers: 500 },
      ],
    });
    const months = await check('POST', '/payout', '/api/v1/payout', 200, { body: perUser });
    expect(months.json.style).toBe('per-user');
    const batch = await check('POST', '/payout', '/api/v1/payout', 200, { body: { partnerCapCents: 500000, items: [milestone, { ...milestone, workload: 'MDE' }, perUser] } });
    expect(batch.json.partnerCaps.length).toBeGreaterThan(0);
    await check('POST', '/payout', '/api/v1/payout', 400, { body: { ...milestone, paidAvailableUnits: -1 } });
    await check('POST', '/payout', '/api/v1/payout', 401, { body: milestone, key: null });
    await check('POST', '/payout', '/api/v1/payout', 415, { rawBody: 'x', headers: { 'content-type': 'text/csv' } });
  });

  it('GET /size-band: a band, the top band, a bad query', async () => {
    await check('GET', '/size-band', '/api/v1/size-band?programId=security-usage-fy25&paidAvailableUnits=1200', 200);
    await check('GET', '/size-band', '/api/v1/size-band?programId=security-usage&asOfDate=2025-03-31&paidAvailableUnits=999999', 200);
    await check('GET', '/size-band', '/api/v1/size-band?programId=security-usage-fy25&paidAvailableUnits=lots', 400);
    await check('GET', '/size-band', '/api/v1/size-band?programId=security-usage-fy25&paidAvailableUnits=1200', 401, { key: null });
  });

  it('POST /poe-check, /attribution, /recognition: one, a batch, bad fields', async () => {
    const poe = {
      programId: 'security-usage',
      claimDate: '2025-03-15',
      partnerId: '1234567',
      tenantId: T,
      workloads: ['MDE'],
      acknowledgementDate: '2024-03-15',
      workloadsNamed: ['MDE'],
      activities: ['pre-sales'],
    };
    await check('POST', '/poe-check', '/api/v1/poe-check', 200, { body: poe });
    await check('POST', '/poe-check', '/api/v1/poe-check', 200, { body: { items: [poe, { ...poe, activities: ['deployment'] }] } });
    await check('POST', '/poe-check', '/api/v1/poe-check', 400, { body: { ...poe, claimDate: '2025-02-30' } });
    await check('POST', '/poe-check', '/api/v1/poe-check', 401, { body: poe, key: null });
    await check('POST', '/poe-check', '/api/v1/poe-check', 415, { rawBody: '<x/>', headers: { 'content-type': 'application/xml' } });
    const timeline = {
      licenseProgram: 'EA',
      asOfDate: '2025-06-01',
      events: [
        { type: 'osa-attach', date: '2024-01-10', partnerId: '111' },
        { type: 'dpor-attach', date: '2025-02-01', partnerId: '222' },
        { type: 'poe-result', date: '2025-03-01', partnerId: '222', passed: true },
        { type: 'dpor-remove', date: '2025-07-01' },
      ],
    };
    await check('POST', '/attribution', '/api/v1/attribution', 200, { body: timeline });
    await check('POST', '/attribution', '/api/v1/attribution', 200, { body: { items: [timeline, { licenseProgram: 'CSP', asOfDate: '2025-06-01', events: [] }] } });
    await check('POST', '/attribution', '/api/v1/attribution', 400, { body: { ...timeline, events: [{ type: 'osa-sideways', date: '2024-01-10' }] } });
    await check('POST', '/attribution', '/api/v1/attribution', 401, { body: timeline, key: null });
    await check('POST', '/attribution', '/api/v1/attribution', 415, { rawBody: '<x/>', headers: { 'content-type': 'application/xml' } });
    const pal = { workload: 'Power Apps', associationType: 'PAL', metric: 'usage' };
    await check('POST', '/recognition', '/api/v1/recognition', 200, { body: pal });
    await check('POST', '/recognition', '/api/v1/recognition', 200, { body: { items: [pal, { ...pal, associationType: 'CPOR OSU' }, { ...pal, workload: 'Flight Simulator' }] } });
    await check('POST', '/recognition', '/api/v1/recognition', 400, { body: { ...pal, metric: 'vibes' } });
    await check('POST', '/recognition', '/api/v1/recognition', 401, { body: pal, key: null });
    await check('POST', '/recognition', '/api/v1/recognition', 415, { rawBody: '<x/>', headers: { 'content-type': 'application/xml' } });
  });
});

describe('the catalog and the service', () => {
  it('GET /programs and /programs/{id}: the list, a year, a family on a date, unknown, a bad date', async () => {
    await check('GET', '/programs', '/api/v1/programs', 200);
    await check('GET', '/programs', '/api/v1/programs', 401, { key: null });
    const list = await call(host(), 'GET', '/api/v1/programs');
    for (const p of list.json.programs as Array<{ id: string }>) await check('GET', '/programs/{id}', `/api/v1/programs/${p.id}`, 200);
    await check('GET', '/programs/{id}', '/api/v1/programs/security-usage?asOfDate=2025-03-31', 200);
    await check('GET', '/programs/{id}', '/api/v1/programs/no-such-program', 404);
    await check('GET', '/programs/{id}', '/api/v1/programs/security-usage?asOfDate=2025-13-01', 400);
    await check('GET', '/programs/{id}', '/api/v1/programs/security-usage-fy25', 401, { key: null });
    await check('GET', '/workloads-catalog', '/api/v1/workloads-catalog', 200);
    await check('GET', '/workloads-catalog', '/api/v1/workloads-catalog', 401, { key: null });
  });

  it('GET /health and /openapi.json, without a key', async () => {
    await check('GET', '/health', '/api/v1/health', 200, { key: null });
    await check('GET', '/openapi.json', '/api/v1/openapi.json', 200, { key: null });
  });
});

describe('the stored program catalog', () => {
  it('PUT, amendments, history, what-if, DELETE and GET /catalog: every answer the document declares', async () => {
    const base = (await call(host(), 'GET', '/api/v1/programs/security-usage-fy26')).json;
    // A family of its own (Sentinel is in no other program), so that no other test's answer moves.
    const draft = { ...base, id: 'sentinel-usage-fy26', name: 'Sentinel usage FY26', family: 'sentinel-usage', workloads: ['sentinel'] };
    delete draft.exampleFigures;
    const path = '/api/v1/programs/sentinel-usage-fy26';
    const by = { 'x-changed-by': 'Ops analyst' };
    await check('PUT', '/programs/{id}', path, 404, { body: draft, headers: { ...by, 'if-match': 'W/"datetime\'2020-01-01T00%3A00%3A00Z\'"' } });
    const created = await check('PUT', '/programs/{id}', path, 201, { body: draft, headers: by });
    await check('PUT', '/programs/{id}', path, 428, { body: draft, headers: by });
    await check('PUT', '/programs/{id}', path, 400, { body: { ...draft, seatMinimum: -1 }, headers: { ...by, 'if-match': created.headers.get('etag')! } });
    await check('PUT', '/programs/{id}', path, 401, { body: draft, headers: by, key: null });
    await check('PUT', '/programs/{id}', path, 415, { rawBody: '<x/>', headers: { ...by, 'content-type': 'application/xml' } });
    const replaced = await check('PUT', '/programs/{id}', path, 200, { body: { ...draft, defaultPartnerCapCents: 10000000 }, headers: { ...by, 'if-match': created.headers.get('etag')! } });
    await check('PUT', '/programs/{id}', path, 412, { body: draft, headers: { ...by, 'if-match': created.headers.get('etag')! } });
    await check('GET', '/programs/{id}', path, 200);
    const amendment = {
      effectiveFrom: '2026-07-01',
      note: 'July 2026 guide update',
      changedBy: 'Ops analyst',
      changes: { seatMinimum: 200, sizeBands: [{ name: 'XS', minSeats: 200 }, ...base.sizeBands.slice(1)] },
    };
    const amendments = `${path}/amendments`;
    await check('POST', '/programs/{id}/amendments', amendments, 412, { body: amendment, headers: { 'if-match': created.headers.get('etag')! } });
    await check('POST', '/programs/{id}/amendments', amendments, 201, { body: amendment, headers: { 'if-match': replaced.headers.get('etag')! } });
    await check('POST', '/programs/{id}/amendments', amendments, 400, { body: { ...amendment, effectiveFrom: '2026-10-01' } });
    await check('POST', '/programs/{id}/amendments', '/api/v1/programs/no-such-program/amendments', 404, { body: amendment });
    await check('POST', '/programs/{id}/amendments', amendments, 401, { body: amendment, key: null });
    await check('POST', '/programs/{id}/amendments', amendments, 415, { rawBody: '<x/>', headers: { 'content-type': 'application/xml' } });
    await check('GET', '/programs', '/api/v1/programs?asOfDate=2026-07-01', 200);
    await check('GET', '/programs', '/api/v1/programs?asOfDate=2026-02-30', 400);
    await check('GET', '/programs/{id}/history', `${path}/history`, 200);
    await check('GET', '/programs/{id}/history', '/api/v1/programs/no-such-program/history', 404);
    await check('GET', '/programs/{id}/history', `${path}/history`, 401, { key: null });
    const whatIf = `${path}/what-if`;
    await check('POST', '/programs/{id}/what-if', whatIf, 200, {
      body: { asOfDate: '2026-08-01', amendment: { ...amendment, effectiveFrom: '2026-08-01', changes: { seatMinimum: 250, sizeBands: [{ name: 'XS', minSeats: 250 }, ...base.sizeBands.slice(1)] } } },
    });
    await check('POST', '/programs/{id}/what-if', whatIf, 200, { body: { asOfDate: '2026-08-01', program: draft } });
    await check('POST', '/programs/{id}/what-if', whatIf, 400, { body: { program: draft, amendment: { ...amendment, changedBy: undefined } } });
    await check('POST', '/programs/{id}/what-if', '/api/v1/programs/no-such-program/what-if', 404, { body: { program: draft } });
    await check('POST', '/programs/{id}/what-if', whatIf, 401, { body: { program: draft }, key: null });
    await check('POST', '/programs/{id}/what-if', whatIf, 415, { rawBody: '<x/>', headers: { 'content-type': 'application/xml' } });
    await check('GET', '/catalog', '/api/v1/catalog', 200);
    await check('GET', '/catalog', '/api/v1/catalog', 401, { key: null });
    // A tracked workload of the year keeps it from being deleted.
    const sentinel = `/api/v1/workloads/${tenant(7003)}/sentinel`;
    const tracked = await call(host(), 'PUT', sentinel, { body: { programId: 'sentinel-usage-fy26', paidAvailableUnits: 300, monthlyActiveUsers: 30 } });
    expect(tracked.status).toBe(201);
    const etag = (await call(host(), 'GET', path)).headers.get('etag')!;
    await check('DELETE', '/programs/{id}', path, 409, { headers: { 'if-match': etag } });
    expect((await call(host(), 'DELETE', sentinel, { headers: { 'if-match': tracked.headers.get('etag')! } })).status).toBe(204);
    await check('DELETE', '/programs/{id}', path, 428);
    await check('DELETE', '/programs/{id}', path, 412, { headers: { 'if-match': created.headers.get('etag')! } });
    await check('DELETE', '/programs/{id}', path, 401, { headers: { 'if-match': etag }, key: null });
    await check('DELETE', '/programs/{id}', path, 204, { headers: { 'if-match': etag } });
    await check('DELETE', '/programs/{id}', path, 404, { headers: { 'if-match': etag } });
  });
});

describe('tracked workloads', () => {
  it('PUT: track (201), already tracked (409), replace (200), stale (412), untracked with If-Match (404), bad fields (400), the wrong type (415)', async () => {
    const created = await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 201, { body: claimed });
    expect(created.headers.get('location')).toBe(mdePath);
    await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 409, { body: claimed });
    const replaced = await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 200, { body: { ...claimed, monthlyActiveUsers: 170 }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(replaced.json.monthlyActiveUsers).toBe(170);
    await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 412, { body: claimed, headers: { 'if-match': created.headers.get('etag')! } });
    await check('PUT', '/workloads/{tenantId}/{workload}', `/api/v1/workloads/${T2}/intune`, 404, { body: claimed, headers: { 'if-match': created.headers.get('etag')! } });
    await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 400, { body: { ...claimed, claimStatus: 'none' } });
    await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 415, { rawBody: '<xml/>', headers: { 'content-type': 'application/xml' } });
    await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 401, { body: claimed, key: null });
    // A minimal record: every default filled in, no claim.
    await check('PUT', '/workloads/{tenantId}/{workload}', `/api/v1/workloads/${T2}/intune`, 201, { body: { programId: 'security-usage', paidAvailableUnits: 120, monthlyActiveUsers: 10 } });
  });

  it('GET: the record with its verdict, with no verdict (the facts do not judge), untracked (404), a bad key (400)', async () => {
    const r = await check('GET', '/workloads/{tenantId}/{workload}', `${mdePath}?asOfDate=2026-03-31`, 200);
    expect(r.json.verdict.advice).toBeDefined();
    // A claim's HWM without the PAU at claim: stored, but the engine cannot judge it.
    const unjudged = `/api/v1/workloads/${tenant(7005)}/intune`;
    await check('PUT', '/workloads/{tenantId}/{workload}', unjudged, 201, {
      body: { programId: 'security-usage', paidAvailableUnits: 500, monthlyActiveUsers: 50, claimStatus: 'filed', claimDate: '2026-01-10', highWaterMark: 40 },
    });
    const none = await check('GET', '/workloads/{tenantId}/{workload}', `${unjudged}?asOfDate=2026-03-31`, 200);
    expect(none.json.verdict).toBeNull();
    expect(none.json.verdictProblems.length).toBeGreaterThan(0);
    await check('GET', '/workloads/{tenantId}/{workload}', `/api/v1/workloads/${T2}/defender-for-endpoint`, 404);
    await check('GET', '/workloads/{tenantId}/{workload}', '/api/v1/workloads/not-a-tenant/defender-for-endpoint', 400);
    await check('GET', '/workloads/{tenantId}/{workload}', mdePath, 401, { key: null });
  });

  it('PATCH: changed (200), no If-Match (428), stale (412), bad fields (400), untracked (404)', async () => {
    const current = await call(host(), 'GET', mdePath);
    const etag = current.headers.get('etag')!;
    await check('PATCH', '/workloads/{tenantId}/{workload}', mdePath, 428, { body: { notes: null } });
    await check('PATCH', '/workloads/{tenantId}/{workload}', mdePath, 400, { body: { paidAvailableUnits: 'many' }, headers: { 'if-match': etag } });
    await check('PATCH', '/workloads/{tenantId}/{workload}', mdePath, 200, { body: { notes: null, usageMonth: '2026-02' }, headers: { 'if-match': etag } });
    await check('PATCH', '/workloads/{tenantId}/{workload}', mdePath, 412, { body: { notes: 'again' }, headers: { 'if-match': etag } });
    await check('PATCH', '/workloads/{tenantId}/{workload}', `/api/v1/workloads/${tenant(7999)}/intune`, 404, { body: { notes: 'x' }, headers: { 'if-match': etag } });
    await check('PATCH', '/workloads/{tenantId}/{workload}', mdePath, 415, { rawBody: 'notes', headers: { 'content-type': 'image/png' } });
    await check('PATCH', '/workloads/{tenantId}/{workload}', mdePath, 401, { body: {}, key: null });
  });

  it('usage: POST one and a batch (200), a month twice (400), untracked (404); GET the months (200, 404)', async () => {
    const usage = `${mdePath}/usage`;
    await check('POST', '/workloads/{tenantId}/{workload}/usage', usage, 200, { body: { month: '2026-02', paidAvailableUnits: 1000, monthlyActiveUsers: 150 } });
    const after = await check('POST', '/workloads/{tenantId}/{workload}/usage', usage, 200, {
      body: {
        items: [
          { month: '2026-03', paidAvailableUnits: 1100, monthlyActiveUsers: 200 },
          { month: '2026-04', paidAvailableUnits: 1200, monthlyActiveUsers: 260 },
        ],
      },
    });
    expect(after.json).toMatchObject({ monthsStored: 2, usageMonth: '2026-04', paidAvailableUnits: 1200 });
    await check('POST', '/workloads/{tenantId}/{workload}/usage', usage, 400, {
      body: {
        items: [
          { month: '2026-05', paidAvailableUnits: 1, monthlyActiveUsers: 1 },
          { month: '2026-05', paidAvailableUnits: 2, monthlyActiveUsers: 1 },
        ],
      },
    });
    await check('POST', '/workloads/{tenantId}/{workload}/usage', `/api/v1/workloads/${tenant(7999)}/intune/usage`, 404, { body: { month: '2026-02', paidAvailableUnits: 1, monthlyActiveUsers: 1 } });
    await check('POST', '/workloads/{tenantId}/{workload}/usage', usage, 415, { rawBody: 'x', headers: { 'content-type': 'text/html' } });
    await check('POST', '/workloads/{tenantId}/{workload}/usage', usage, 401, { body: {}, key: null });
    const months = await check('GET', '/workloads/{tenantId}/{workload}/usage', usage, 200);
    expect(months.json.months.map((m: { month: string }) => m.month)).toEqual(['2026-02', '2026-03', '2026-04']);
    await check('GET', '/workloads/{tenantId}/{workload}/usage', `/api/v1/workloads/${tenant(7999)}/intune/usage`, 404);
    await check('GET', '/workloads/{tenantId}/{workload}/usage', '/api/v1/workloads/x/intune/usage', 400);
    await check('GET', '/workloads/{tenantId}/{workload}/usage', usage, 401, { key: null });
  });

  it('POST /import: a CSV (200), not CSV (415)', async () => {
    const csv = [
      'Customer Tenant ID,Customer Name,Region,Workload,PAU,MAU,Usage Month,Partner ID',
      `${tenant(7003)},"Fabrikam, Inc.",EMEA,MDE,"1,200",300,2026-08,123`,
      `${tenant(7003)},"Fabrikam, Inc.",EMEA,Intune,800,700,2026-09-01,123`,
      'not-a-tenant,Bad Row,EMEA,Intune,10,5,2026-09,123',
    ].join('\n');
    const r = await check('POST', '/import', '/api/v1/import', 200, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.json).toMatchObject({ workloadsCreated: 2, rowErrors: 1 });
    const preview = await check('POST', '/import', '/api/v1/import?dryRun=true', 200, {
      rawBody: `${csv}\n${tenant(7003)},Fabrikam,EMEA,Intune,800,900,2026-10,123\n${tenant(7003)},Fabrikam,EMEA,Skype for Business,10,5,2026-10,1\nTotal,,,,1800,1200,,`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(preview.json).toMatchObject({ dryRun: true, skippedRows: 2, warningCount: 2 });
    await check('POST', '/import', '/api/v1/import', 400, { rawBody: 'just,some,columns\n1,2,3', headers: { 'content-type': 'text/csv' } });
    await check('POST', '/import', '/api/v1/import', 415, { body: { csv } });
    await check('POST', '/import', '/api/v1/import', 401, { rawBody: csv, headers: { 'content-type': 'text/csv' }, key: null });
  });

  it('GET /workloads: a page with a next link, filtered, a bad filter (400); POST /workloads/lookup (200, 400)', async () => {
    const first = await check('GET', '/workloads', '/api/v1/workloads?pageSize=1', 200);
    expect(first.json.nextLink).toBeDefined();
    await check('GET', '/workloads', first.json.nextLink, 200);
    await check('GET', '/workloads', `/api/v1/workloads?tenantId=${T}&eligible=true&claimStatus=approved&updatedSince=2020-01-01`, 200);
    await check('GET', '/workloads', '/api/v1/workloads?claimStatus=maybe', 400);
    await check('GET', '/workloads', '/api/v1/workloads?customer=a&advice=claim-now&sizeBand=xs&programId=security-usage', 200, { headers: { accept: 'text/csv' } });
    await check('GET', '/workloads', '/api/v1/workloads', 401, { key: null });
    const items = [
      { tenantId: T, workload: 'MDE' },
      { tenantId: T2, workload: 'defender-for-endpoint' },
      { tenantId: 'nope', workload: 'MDE' },
    ];
    const found = await check('POST', '/workloads/lookup', '/api/v1/workloads/lookup', 200, { body: { items } });
    expect(found.json.items.map((i: { found: boolean }) => i.found)).toEqual([true, false, false]);
    await check('POST', '/workloads/lookup', '/api/v1/workloads/lookup', 400, { body: { items: [] } });
    await check('POST', '/workloads/lookup', '/api/v1/workloads/lookup', 415, { rawBody: 'x', headers: { 'content-type': 'text/csv' } });
    await check('POST', '/workloads/lookup', '/api/v1/workloads/lookup', 401, { body: { items }, key: null });
  });

  it('GET /actions: the work list as JSON and as CSV, a page with a next link, a bad kind (400)', async () => {
    // Two workloads to claim now (5% of 1,000 seats).
    for (const w of ['MDE', 'Intune'])
      expect((await call(host(), 'PUT', `/api/v1/workloads/${tenant(7006)}/${w}`, { body: { programId: 'security-usage', paidAvailableUnits: 1000, monthlyActiveUsers: 50 } })).status).toBe(201);
    const list = await check('GET', '/actions', '/api/v1/actions?asOfDate=2026-03-31', 200);
    expect(list.json.total).toBeGreaterThanOrEqual(2);
    const first = await check('GET', '/actions', '/api/v1/actions?asOfDate=2026-03-31&pageSize=1', 200);
    await check('GET', '/actions', first.json.nextLink, 200);
    const csv = await check('GET', '/actions', `/api/v1/actions?asOfDate=2026-03-31&tenantId=${tenant(7006)}`, 200, { headers: { accept: 'text/csv' } });
    expect(csv.text.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('Rank,Customer,Tenant ID,Workload,Action,Amount,Currency,Deadline,What to do,Link');
    await check('GET', '/actions', '/api/v1/actions?kind=later', 400);
    await check('GET', '/actions', '/api/v1/actions', 401, { key: null });
  });

  it('earnings: an earnings report imported; GET /reconciliation (JSON, CSV, next link, 400), its summary, a tracked payout (200, no market, 404, 400)', async () => {
    const teams = `/api/v1/workloads/${tenant(7016)}/teams`;
    const record = {
      programId: 'modern-work-usage-fy25',
      customerName: 'Lakeshore',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: 200,
      claimStatus: 'approved',
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 100,
      paidAvailableUnitsAtClaim: 1000,
    };
    expect((await call(host(), 'PUT', teams, { body: { ...record, market: 'B' } })).status).toBe(201);
    expect((await call(host(), 'PUT', `/api/v1/workloads/${tenant(7017)}/teams`, { body: record })).status).toBe(201); // no market: no payout
    const items = [100, 150, 200].map((mau, i) => ({ month: `2025-0${i + 1}`, paidAvailableUnits: 1000, monthlyActiveUsers: mau }));
    expect((await call(host(), 'POST', `${teams}/usage`, { body: { items } })).status).toBe(200);
    const earnings = `earningId,customerTenantId,workload,earningDate,earningAmountUSD,paymentStatus\nE1,${tenant(7016)},teams,2025-02-28,350.00,Sent\nE1,${tenant(7016)},teams,2025-02-28,350.00,Sent\n`;
    const imported = await check('POST', '/import', '/api/v1/import', 200, { rawBody: earnings, headers: { 'content-type': 'text/csv' } });
    expect(imported.json).toMatchObject({ fileKind: 'earnings', earningsWritten: 1 });
    const list = await check('GET', '/reconciliation', '/api/v1/reconciliation?asOfDate=2025-04-20&pageSize=1', 200);
    expect(list.json.total).toBeGreaterThan(1);
    await check('GET', '/reconciliation', list.json.nextLink, 200);
    await check('GET', '/reconciliation', `/api/v1/reconciliation?asOfDate=2025-04-20&tenantId=${tenant(7016)}`, 200, { headers: { accept: 'text/csv' } });
    await check('GET', '/reconciliation', '/api/v1/reconciliation?month=May', 400);
    await check('GET', '/reconciliation', '/api/v1/reconciliation', 401, { key: null });
    const cap = `participantID,programName,maxCapUSD,maxCapEffectiveStartDate,maxCapEffectiveEndDate,totalEarningsUSD,maxCapBalanceRefreshDate\n1234567,Modern Work usage,200000.00,2024-10-01,2025-09-30,350.00,2025-04-18\n`;
    await check('POST', '/import', '/api/v1/import', 200, { rawBody: cap, headers: { 'content-type': 'text/csv' } });
    const summary = await check('GET', '/reconciliation/summary', '/api/v1/reconciliation/summary?asOfDate=2025-04-20', 200);
    expect(summary.json.paidCents).toBe(35000);
    expect(summary.json.partnerCaps[0]).toMatchObject({ agrees: true, ours: { programId: 'modern-work-usage-fy25', earnedCents: 35000 } });
    await check('GET', '/reconciliation/summary', '/api/v1/reconciliation/summary?asOfDate=soon', 400);
    await check('GET', '/reconciliation/summary', '/api/v1/reconciliation/summary', 401, { key: null });
    const payout = await check('GET', '/workloads/{tenantId}/{workload}/payout', `${teams}/payout?asOfDate=2025-04-20`, 200);
    expect(payout.json.payout.lines[0]).toMatchObject({ month: '2025-02', predictedCents: 35000, paidInEarningsCents: 35000 }); // 50 users x $7.00 (market B)
    const noMarket = await check('GET', '/workloads/{tenantId}/{workload}/payout', `/api/v1/workloads/${tenant(7017)}/teams/payout?asOfDate=2025-04-20`, 200);
    expect(noMarket.json.problems[0].path).toBe('market');
    await check('GET', '/workloads/{tenantId}/{workload}/payout', `/api/v1/workloads/${tenant(7018)}/teams/payout`, 404);
    await check('GET', '/workloads/{tenantId}/{workload}/payout', `/api/v1/workloads/x/teams/payout`, 400);
    await check('GET', '/workloads/{tenantId}/{workload}/payout', `${teams}/payout`, 401, { key: null });
    const none = await check('GET', '/calibration', '/api/v1/calibration?asOfDate=2025-04-20', 200);
    expect(none.json.findings).toEqual([]); // no earningRate in the file: nothing to compare
    // An earning paid at $8.00 a unit where market B's catalog rate is $7.00: a finding with its what-if.
    const rated = `earningId,customerTenantId,workload,earningDate,earningRate,earningAmountUSD,paymentStatus\nE2,${tenant(7016)},teams,2025-02-27,8.00,400.00,Sent\n`;
    await check('POST', '/import', '/api/v1/import', 200, { rawBody: rated, headers: { 'content-type': 'text/csv' } });
    const calibrated = await check('GET', '/calibration', '/api/v1/calibration?asOfDate=2025-04-20', 200);
    expect(calibrated.json.findings[0].whatIf.body.amendment.changes).toEqual({ payout: { ratePerUserCents: { B: 800 } } });
    await check('GET', '/calibration', '/api/v1/calibration?asOfDate=x', 400);
    await check('GET', '/calibration', '/api/v1/calibration', 401, { key: null });
    const lookup = {
      asOfDate: '2025-04-20',
      items: [
        { tenantId: tenant(7016), workload: 'Teams' },
        { tenantId: tenant(7018), workload: 'teams' },
        { tenantId: 'nope', workload: 'teams' },
      ],
    };
    const found = await check('POST', '/reconciliation/lookup', '/api/v1/reconciliation/lookup', 200, { body: lookup });
    expect(found.json.items.map((i: { found: boolean }) => i.found)).toEqual([true, false, false]);
    expect(found.json.items[0].paidCents).toBe(75000); // E1 $350.00 and E2 $400.00
    await check('POST', '/reconciliation/lookup', '/api/v1/reconciliation/lookup', 400, { body: { items: [] } });
    await check('POST', '/reconciliation/lookup', '/api/v1/reconciliation/lookup', 415, { rawBody: 'x', headers: { 'content-type': 'text/csv' } });
    await check('POST', '/reconciliation/lookup', '/api/v1/reconciliation/lookup', 401, { body: lookup, key: null });
    // Payments entered by hand: recorded (201), the same again (200), an id taken by other figures (409), bad (400), untracked (404).
    const pay = `${teams}/payments`;
    const POST_PAY = '/workloads/{tenantId}/{workload}/payments';
    const made = await check('POST', POST_PAY, pay, 201, { body: { month: '2025-03', amount: '350.00', enteredBy: 'Dana', note: 'remittance email' } });
    expect(made.json.payment).toMatchObject({ amountCents: 35000, counted: true });
    await check('POST', POST_PAY, pay, 200, { body: { month: '2025-03', amountCents: 35000 } });
    await check('POST', POST_PAY, pay, 201, { body: { id: 'R-1', month: '2025-01', amount: '1.00' } });
    await check('POST', POST_PAY, pay, 409, { body: { id: 'R-1', month: '2025-01', amount: '2.00' } });
    await check('POST', POST_PAY, pay, 400, { body: { month: '2025-03', amount: '1.001' } });
    await check('POST', POST_PAY, `/api/v1/workloads/${tenant(7018)}/teams/payments`, 404, { body: { month: '2025-03', amount: '1.00' } });
    await check('POST', POST_PAY, pay, 415, { rawBody: 'x', headers: { 'content-type': 'text/csv' } });
    await check('POST', POST_PAY, pay, 401, { body: { month: '2025-03', amount: '1.00' }, key: null });
    const listed = await check('GET', POST_PAY, pay, 200);
    expect(listed.json.countedCents).toBe(35100);
    await check('GET', POST_PAY, '/api/v1/workloads/x/teams/payments', 400);
    await check('GET', POST_PAY, `/api/v1/workloads/${tenant(7018)}/teams/payments`, 404);
    await check('GET', POST_PAY, pay, 401, { key: null });
    const ONE = '/workloads/{tenantId}/{workload}/payments/{id}';
    await check('DELETE', ONE, `${pay}/R-1`, 401, { key: null });
    await check('DELETE', ONE, `${pay}/R-1`, 204);
    await check('DELETE', ONE, `${pay}/R-1`, 404);
    await check('DELETE', ONE, '/api/v1/workloads/x/teams/payments/R-1', 400);
  });

  it('claims: a claims export imported (200), a rejected claim with its fields (PUT, GET), its reconciliation line with the dispute date', async () => {
    const mde = `/api/v1/workloads/${tenant(7019)}/defender-for-endpoint`;
    const record = { programId: 'security-usage-fy26', paidAvailableUnits: 1000, monthlyActiveUsers: 100, customerTpid: '4242', claimStatus: 'filed', claimDate: '2026-01-12', highWaterMark: 100 };
    await check('PUT', '/workloads/{tenantId}/{workload}', mde, 201, { body: record });
    await check('PUT', '/workloads/{tenantId}/{workload}', mde, 400, { body: { ...record, claimStatus: 'rejected' } });
    const claims = `Claim ID,Customer Tenant ID,Product,Status,Status Date,Rejection Reason,Notes\nC-9,${tenant(7019)},MDE,Rejected,2026-02-16,Customer declined,x\n`;
    const imported = await check('POST', '/import', '/api/v1/import', 200, { rawBody: claims, headers: { 'content-type': 'text/csv' } });
    expect(imported.json).toMatchObject({ fileKind: 'claims', workloadsUpdated: 1, ignoredColumns: ['Notes'] });
    const got = await check('GET', '/workloads/{tenantId}/{workload}', mde, 200);
    expect(got.json).toMatchObject({ claimStatus: 'rejected', claimStatusDate: '2026-02-16', claimRejectionReason: 'Customer declined', customerTpid: '4242' });
    const lines = await check('GET', '/reconciliation', `/api/v1/reconciliation?asOfDate=2026-02-20&tenantId=${tenant(7019)}`, 200);
    expect(lines.json.items).toMatchObject([{ status: 'claim-rejected', disputeBy: '2026-03-18' }]);
  });

  it('DELETE: no If-Match (428), stale (412), deleted (204), gone (404)', async () => {
    const path = `/api/v1/workloads/${T2}/intune`;
    const etag = (await call(host(), 'GET', path)).headers.get('etag')!;
    await check('DELETE', '/workloads/{tenantId}/{workload}', path, 428);
    await call(host(), 'PATCH', path, { body: { notes: 'changed' }, headers: { 'if-match': etag } });
    await check('DELETE', '/workloads/{tenantId}/{workload}', path, 412, { headers: { 'if-match': etag } });
    const fresh = (await call(host(), 'GET', path)).headers.get('etag')!;
    await check('DELETE', '/workloads/{tenantId}/{workload}', path, 401, { headers: { 'if-match': fresh }, key: null });
    await check('DELETE', '/workloads/{tenantId}/{workload}', path, 204, { headers: { 'if-match': fresh } });
    await check('DELETE', '/workloads/{tenantId}/{workload}', path, 404, { headers: { 'if-match': fresh } });
    await check('DELETE', '/workloads/{tenantId}/{workload}', '/api/v1/workloads/x/intune', 400, { headers: { 'if-match': fresh } });
  });
});

describe('nightly runs, before any shard is evaluated', () => {
  it('POST /reevaluate (202, the active run 202, bad date 400); GET /runs/{id} (200, 404); cancel (200, 409, 404)', async () => {
    const started = await check('POST', '/reevaluate', '/api/v1/reevaluate?asOfDate=2026-10-28', 202);
    expect(started.json.started).toBe(true);
    const active = await check('POST', '/reevaluate', '/api/v1/reevaluate', 202);
    expect(active.json).toMatchObject({ started: false, runId: started.json.runId });
    await check('POST', '/reevaluate', '/api/v1/reevaluate?asOfDate=yesterday', 400);
    await check('POST', '/reevaluate', '/api/v1/reevaluate', 401, { key: null });
    await check('GET', '/runs/{id}', started.json.location, 200);
    await check('GET', '/runs/{id}', '/api/v1/runs/2026-10-28-manual-000000-abcdef', 404);
    await check('GET', '/runs/{id}', started.json.location, 401, { key: null });
    const cancelled = await check('POST', '/runs/{id}/cancel', `${started.json.location}/cancel`, 200);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', reason: expect.any(String), finishedAt: expect.any(String) });
    await check('POST', '/runs/{id}/cancel', `${started.json.location}/cancel`, 409);
    await check('POST', '/runs/{id}/cancel', '/api/v1/runs/2026-10-28-manual-000000-abcdef/cancel', 404);
    await check('POST', '/runs/{id}/cancel', `${started.json.location}/cancel`, 401, { key: null });
  });
});

describe('nightly runs, evaluated by the queue trigger', () => {
  useQueueTrigger(() => azurite().connectionString);

  it('GET /runs/{id} of a finished run, GET /changes with events (200), a bad query (400)', async () => {
    const path = `/api/v1/workloads/${tenant(7004)}/defender-for-endpoint`;
    await check('PUT', '/workloads/{tenantId}/{workload}', path, 201, { body: { programId: 'security-usage', customerName: 'Woodgrove', paidAvailableUnits: 10, monthlyActiveUsers: 10 } });
    const first = await runNight('2026-11-15');
    await check('GET', '/runs/{id}', `/api/v1/runs/${first.runId}`, 200);
    const etag = (await call(host(), 'GET', path)).headers.get('etag')!;
    await call(host(), 'PATCH', path, { body: { paidAvailableUnits: 1000, monthlyActiveUsers: 12 }, headers: { 'if-match': etag } });
    await runNight('2026-11-16');
    const changes = await check('GET', '/changes', `/api/v1/changes?since=2026-11-16&tenantId=${tenant(7004)}`, 200);
    expect(changes.json.items.length).toBeGreaterThan(0);
    const paged = await check('GET', '/changes', '/api/v1/changes?since=2026-11-01T00:00:00Z&pageSize=1', 200);
    if (paged.json.nextLink) await check('GET', '/changes', paged.json.nextLink, 200);
    await check('GET', '/changes', '/api/v1/changes?since=2026-11-16&kind=crossed-seat-minimum', 200);
    await check('GET', '/changes', `/api/v1/changes?since=2026-11-16&tenantId=${tenant(7004)}`, 200, { headers: { accept: 'text/csv' } });
    await check('GET', '/changes', '/api/v1/changes', 400);
    await check('GET', '/changes', '/api/v1/changes?since=2026-11-16', 401, { key: null });
  }, 120_000);
});

describe('without storage', () => {
  it('the stored routes answer 503 problems', async () => {
    const saved = { INCENTIVES_STORAGE: process.env.INCENTIVES_STORAGE, AzureWebJobsStorage: process.env.AzureWebJobsStorage };
    delete process.env.INCENTIVES_STORAGE;
    delete process.env.AzureWebJobsStorage;
    resetTrackedStore();
    resetNightlyDeps();
    resetProgramCatalog();
    try {
      await check('GET', '/workloads', '/api/v1/workloads', 503);
      await check('GET', '/actions', '/api/v1/actions', 503);
      await check('POST', '/workloads/lookup', '/api/v1/workloads/lookup', 503, { body: { items: [{ tenantId: T, workload: 'MDE' }] } });
      await check('GET', '/workloads/{tenantId}/{workload}', mdePath, 503);
      await check('PUT', '/workloads/{tenantId}/{workload}', mdePath, 503, { body: claimed });
      await check('PATCH', '/workloads/{tenantId}/{workload}', mdePath, 503, { body: { notes: 'x' }, headers: { 'if-match': '*' } });
      await check('DELETE', '/workloads/{tenantId}/{workload}', mdePath, 503, { headers: { 'if-match': '*' } });
      await check('GET', '/workloads/{tenantId}/{workload}/usage', `${mdePath}/usage`, 503);
      await check('POST', '/workloads/{tenantId}/{workload}/usage', `${mdePath}/usage`, 503, { body: { month: '2026-02', paidAvailableUnits: 1, monthlyActiveUsers: 1 } });
      await check('POST', '/import', '/api/v1/import', 503, { rawBody: 'Customer Tenant ID,Workload,PAU,MAU,Usage Month\n', headers: { 'content-type': 'text/csv' } });
      await check('POST', '/reevaluate', '/api/v1/reevaluate', 503);
      await check('GET', '/runs/{id}', '/api/v1/runs/2026-10-28-manual-000000-abcdef', 503);
      await check('POST', '/runs/{id}/cancel', '/api/v1/runs/2026-10-28-manual-000000-abcdef/cancel', 503);
      await check('GET', '/changes', '/api/v1/changes?since=2026-11-16', 503);
      await check('PUT', '/programs/{id}', '/api/v1/programs/security-usage-fy26', 503, { body: {}, headers: { 'x-changed-by': 'Ops analyst' } });
      await check('DELETE', '/programs/{id}', '/api/v1/programs/security-usage-fy26', 503, { headers: { 'if-match': '*' } });
      await check('POST', '/programs/{id}/amendments', '/api/v1/programs/security-usage-fy26/amendments', 503, { body: {} });
      await check('GET', '/programs/{id}/history', '/api/v1/programs/security-usage-fy26/history', 503);
      await check('POST', '/programs/{id}/what-if', '/api/v1/programs/security-usage-fy26/what-if', 503, { body: {} });
      await check('GET', '/reconciliation', '/api/v1/reconciliation', 503);
      await check('GET', '/calibration', '/api/v1/calibration', 503);
      await check('POST', '/reconciliation/lookup', '/api/v1/reconciliation/lookup', 503, { body: { items: [{ tenantId: T, workload: 'MDE' }] } });
      await check('GET', '/reconciliation/summary', '/api/v1/reconciliation/summary', 503);
      await check('GET', '/workloads/{tenantId}/{workload}/payout', `${mdePath}/payout`, 503);
      await check('POST', '/workloads/{tenantId}/{workload}/payments', `${mdePath}/payments`, 503, { body: { month: '2025-03', amount: '1.00' } });
      await check('GET', '/workloads/{tenantId}/{workload}/payments', `${mdePath}/payments`, 503);
      await check('DELETE', '/workloads/{tenantId}/{workload}/payments/{id}', `${mdePath}/payments/R-1`, 503);
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
      resetTrackedStore();
      resetNightlyDeps();
      resetProgramCatalog();
    }
  });
});

describe('coverage', () => {
  /** Declared statuses no test above can cause from outside: bodies too large on every route (checked once, on /eligibility). */
  const notCaused = (operation: string, status: string) => status === '413' && operation !== 'POST /eligibility';

  it('every status the document declares for every route was answered and checked', () => {
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        for (const status of Object.keys(operation.responses)) if (!seen.has(`${name} ${status}`) && !notCaused(name, status)) missing.push(`${name} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
