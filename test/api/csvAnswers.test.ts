/**
 * Answers as files: the tracked workloads list, the change feed and eligibility batches answer
 * CSV when asked (`Accept: text/csv`). Each file is parsed back with csv-parse and compared,
 * row by row, with the JSON answer to the same question. Also the list's filters as people
 * type them (program family or year, band in any case, customer name prefix, advice).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { securityFacts } from '../support/facts';
import { tenant, useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { runNight, useQueueTrigger } from '../support/nightly';

jest.setTimeout(60_000);
const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();

const CSV = { accept: 'text/csv' };
const rowsOf = (text: string) => parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;

const FILE = [
  'Tenant ID,Customer,Workload,PAU,MAU,Month',
  `${tenant(8001)},"Fabrikam, Inc.",Intune,400,20,2026-10`,
  `${tenant(8001)},"Fabrikam, Inc.",MDE,100,20,2026-10`,
  `${tenant(8002)},fabulous Foods,Teams,5000,4000,2026-10`,
  `${tenant(8003)},"=HYPERLINK(""http://x"")",Exchange Online,800,100,2026-10`,
  `${tenant(8004)},"Contoso ""Labs""",Entra ID P2,2600,100,2026-10`,
].join('\n');

beforeAll(async () => {
  const r = await call(host(), 'POST', '/api/v1/import', { rawBody: FILE, headers: { 'content-type': 'text/csv' } });
  expect(r.json).toMatchObject({ workloadsCreated: 5, rowErrors: 0 });
});

describe('GET /workloads as CSV', () => {
  it('is the JSON list, one row per workload, with verdict, advice in words and the amount still earnable', async () => {
    const json = await call(host(), 'GET', '/api/v1/workloads?pageSize=1000');
    const file = await call(host(), 'GET', '/api/v1/workloads', { headers: CSV });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="tracked-workloads.csv"');
    const rows = rowsOf(file.text);
    const items = json.json.items as Array<Record<string, any>>;
    expect(rows).toHaveLength(items.length);
    expect(Object.keys(rows[0]!)).toEqual([
      'Tenant ID',
      'Customer',
      'Workload',
      'Program',
      'PAU',
      'MAU',
      'Usage month',
      'Size band',
      'Eligible',
      'Advice',
      'Why',
      'Still earnable (USD)',
      'Claim status',
      'Claim date',
      'Claim status since',
      'Cloud',
      'Segment',
      'Evaluated on',
    ]);
    items.forEach((item, i) => {
      const row = rows[i]!;
      expect(row['Tenant ID']).toBe(item.tenantId);
      expect(row.Customer).toBe(item.customerName.startsWith('=') ? `'${item.customerName}` : item.customerName);
      expect(Number(row.PAU)).toBe(item.paidAvailableUnits);
      expect(Number(row.MAU)).toBe(item.monthlyActiveUsers);
      expect(row['Size band']).toBe(item.sizeBand);
      expect(row.Eligible).toBe(item.eligible ? 'yes' : 'no');
      expect(row.Why).toBe(item.adviceReason);
      expect(row['Still earnable (USD)']).toBe(item.toEarnCents === undefined ? '' : String(item.toEarnCents / 100));
    });
    // Worked by hand: Intune with 400 seats (band XS of the security program, 150 to 499) and no claim:
    // milestones 1 and 2 of XS are still earnable, 1,000 + 1,500 = 2,500.00 USD in the example figures.
    const intune = rows.find((r) => r['Tenant ID'] === tenant(8001) && r.Workload === 'Intune')!;
    expect(intune).toMatchObject({ Customer: 'Fabrikam, Inc.', 'Size band': 'XS', Eligible: 'yes', Advice: 'Claim now', 'Still earnable (USD)': '2500', 'Claim status': 'No claim' });
    expect(rows.find((r) => r['Tenant ID'] === tenant(8001) && r.Workload === 'Defender for Endpoint')).toMatchObject({
      Eligible: 'no',
      Advice: 'Wait for more paid seats',
      'Still earnable (USD)': '0',
    });
    expect(rows.find((r) => r['Tenant ID'] === tenant(8004))!.Customer).toBe('Contoso "Labs"');
  });

  it('filters as people type them: a family or a year, a band in any case, a customer name prefix, the advice', async () => {
    const ids = async (query: string) =>
      ((await call(host(), 'GET', `/api/v1/workloads?${query}`)).json.items as Array<{ tenantId: string; workload: string }>).map((w) => `${w.tenantId.slice(-4)}/${w.workload}`).sort();
    expect(await ids('customer=FAB')).toEqual(['8001/defender-for-endpoint', '8001/intune', '8002/teams']);
    expect(await ids('customer=fabrikam,%20i')).toEqual(['8001/defender-for-endpoint', '8001/intune']);
    expect(await ids('programId=Security-Usage')).toEqual(['8001/defender-for-endpoint', '8001/intune', '8004/entra-id-p2']);
    // The imported records name the family; on today's date the family means this year (FY27 from 2026-10-01).
    const today = new Date().toISOString().slice(0, 10);
    const thisYear = today >= '2026-10-01' && today <= '2027-09-30' ? 'security-usage-fy27' : null;
    if (thisYear) expect(await ids(`programId=${thisYear}`)).toEqual(['8001/defender-for-endpoint', '8001/intune', '8004/entra-id-p2']);
    expect(await ids('programId=security-usage-fy25')).toEqual([]);
    expect(await ids('sizeBand=xxs')).toEqual(['8001/defender-for-endpoint']);
    expect(await ids('advice=claim-now&programId=security-usage')).toEqual(['8001/intune', '8004/entra-id-p2']);
    const bad = await call(host(), 'GET', '/api/v1/workloads?sizeBand=huge&programId=nope&advice=later');
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['programId', 'sizeBand', 'advice']);
    expect(bad.json.errors[1].message).toMatch(/"huge" is not a size band \(one of XXS, XS, S, M, L, XL, XXL, in any case\)/);
  });

  it('streams a long list whole (the JSON pages of 1,000)', async () => {
    const many = ['Tenant ID,Customer,Workload,PAU,MAU,Month'];
    for (let i = 0; i < 1200; i++) many.push(`${tenant(90000 + i)},Bulk ${i},Intune,200,10,2026-10`);
    await call(host(), 'POST', '/api/v1/import', { rawBody: many.join('\n'), headers: { 'content-type': 'text/csv' } });
    const rows = rowsOf((await call(host(), 'GET', '/api/v1/workloads?customer=bulk', { headers: CSV })).text);
    expect(rows).toHaveLength(1200);
    expect(new Set(rows.map((r) => r['Tenant ID'])).size).toBe(1200);
  });
});

describe('POST /eligibility as CSV', () => {
  it('answers a batch as one row per item, the same verdicts as JSON', async () => {
    const items = [
      securityFacts({ tenantId: tenant(1), paidAvailableUnits: 100 }),
      securityFacts({ tenantId: tenant(2), paidAvailableUnits: 600, monthlyActiveUsers: 30 }),
      securityFacts({ tenantId: tenant(3), cloud: 'GCC High' }),
    ];
    const json = await call(host(), 'POST', '/api/v1/eligibility', { body: { items } });
    const file = await call(host(), 'POST', '/api/v1/eligibility', { body: { items }, headers: CSV });
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = rowsOf(file.text);
    expect(rows).toHaveLength(3);
    (json.json.items as Array<Record<string, any>>).forEach((answer, i) => {
      expect(rows[i]).toMatchObject({
        'Tenant ID': items[i]!.tenantId,
        Program: answer.programId,
        Eligible: answer.eligible ? 'yes' : 'no',
        'Size band': answer.sizeBand,
        Reasons: answer.reasons.map((r: { message: string }) => r.message).join(' '),
      });
    });
    expect(rows[2]!['Partner Center code']).toBe('IVDCLD');
    // A single item is a one-row file; JSON stays the default.
    expect(rowsOf((await call(host(), 'POST', '/api/v1/eligibility', { body: items[0], headers: CSV })).text)).toHaveLength(1);
    expect((await call(host(), 'POST', '/api/v1/eligibility', { body: items[0], headers: { accept: 'application/json, text/csv' } })).json.eligible).toBe(false);
  });
});

describe('GET /changes as CSV', () => {
  useQueueTrigger(() => azurite().connectionString);

  it('is the change feed, one row per change, kinds and advice in words', async () => {
    const path = `/api/v1/workloads/${tenant(8101)}/defender-for-endpoint`;
    await call(host(), 'PUT', path, { body: { programId: 'security-usage', customerName: 'Woodgrove', paidAvailableUnits: 10, monthlyActiveUsers: 10 } });
    await runNight('2026-11-15');
    const etag = (await call(host(), 'GET', path)).headers.get('etag')!;
    await call(host(), 'PATCH', path, { body: { paidAvailableUnits: 1000, monthlyActiveUsers: 12 }, headers: { 'if-match': etag } });
    await runNight('2026-11-16');
    const json = await call(host(), 'GET', `/api/v1/changes?since=2026-11-16&tenantId=${tenant(8101)}`);
    const rows = rowsOf((await call(host(), 'GET', `/api/v1/changes?since=2026-11-16&tenantId=${tenant(8101)}`, { headers: CSV })).text);
    const items = json.json.items as Array<Record<string, any>>;
    expect(items.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(items.length);
    items.forEach((c, i) =>
      expect(rows[i]).toMatchObject({
        Night: c.night,
        'Tenant ID': c.tenantId,
        Customer: 'Woodgrove',
        'What happened': c.reasons[0].message,
        'PAU after': String(c.after.paidAvailableUnits),
        Run: c.runId,
      }),
    );
    expect(rows.map((r) => r.Change)).toContain('Crossed the seat minimum');
  });
});

describe('defaults over HTTP', () => {
  it('POST /eligibility without asOfDate or programId uses today and the program that pays for the workload, and says so', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await call(host(), 'POST', '/api/v1/eligibility', { body: { tenantId: tenant(1), workload: 'Microsoft Defender for Endpoint P2', paidAvailableUnits: 600, monthlyActiveUsers: 30 } });
    expect(r.status).toBe(200);
    expect(r.json.programId).toMatch(/^security-usage-fy\d\d$/);
    expect(r.json.defaultsUsed).toEqual([
      { field: 'asOfDate', value: today, why: `asOfDate was not given: today in UTC, ${today}` },
      {
        field: 'programId',
        value: 'security-usage',
        why: expect.stringMatching(/^programId was not given: security-usage, the program that pays for Defender for Endpoint \(Security usage FY\d\d on \d{4}-\d\d-\d\d\)$/),
      },
    ]);
    const given = await call(host(), 'POST', '/api/v1/eligibility', { body: securityFacts() });
    expect(given.json.defaultsUsed).toBeUndefined();
  });

  it('POST /payout, single and batch, the same', async () => {
    const item = { workload: 'Intune', paidAvailableUnits: 600, monthlyActiveUsers: 30 };
    const single = await call(host(), 'POST', '/api/v1/payout', { body: item });
    expect(single.status).toBe(200);
    expect(single.json.defaultsUsed.map((d: { field: string }) => d.field)).toEqual(['asOfDate', 'programId']);
    const batch = await call(host(), 'POST', '/api/v1/payout', { body: { items: [item, { ...item, asOfDate: '2025-06-30', programId: 'security-usage' }] } });
    expect(batch.status).toBe(200);
    expect(batch.json.items[0].defaultsUsed).toHaveLength(2);
    expect(batch.json.items[1].defaultsUsed).toBeUndefined();
  });

  it('a workload no program pays for still needs its programId, said in words', async () => {
    const r = await call(host(), 'POST', '/api/v1/eligibility', { body: { workload: 'Power BI', paidAvailableUnits: 600, monthlyActiveUsers: 30 } });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('programId');
  });
});

describe('npm run export', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '..', '..', 'scripts', 'export.ts'), ...args], {
      env: { ...process.env, INCENTIVES_STORAGE: azurite().connectionString },
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('writes the same CSV as the API, for workloads (with filters) and changes', async () => {
    const api = await call(host(), 'GET', '/api/v1/workloads?programId=security-usage', { headers: CSV });
    const cli = await run(['workloads', '--programId', 'security-usage']);
    expect(cli.code).toBe(0);
    expect(rowsOf(cli.stdout)).toEqual(rowsOf(api.text));
    const changes = await run(['changes', '--since', '2026-11-16', '--tenantId', tenant(8101)]);
    expect(changes.code).toBe(0);
    expect(rowsOf(changes.stdout)).toEqual(rowsOf((await call(host(), 'GET', `/api/v1/changes?since=2026-11-16&tenantId=${tenant(8101)}`, { headers: CSV })).text));
  });

  it('says what is wrong with an option (exit 2)', async () => {
    const bad = await run(['workloads', '--sizeBand', 'huge']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"huge" is not a size band/);
    expect((await run(['everything'])).code).toBe(2);
  });
});
