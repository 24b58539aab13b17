/**
 * CSV import against a real Azurite: the shapes exports come in (BOM, quoted fields with
 * commas and newlines, semicolons and European thousands, extra columns in any order), each
 * bad row reported by line with the good ones imported, re-import changing nothing, and the
 * CLI with its progress and exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { useAzurite, tenant } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';

const azurite = useAzurite();
const host = useTestHost();

function postCsv(csv: string) {
  return call(host(), 'POST', '/api/v1/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
}

const EXPORT = [
  '\ufeffCustomer Tenant ID,Customer Name,Region,Workload,PAU,MAU,Usage Month,Partner ID',
  `${tenant(201)},"Fabrikam, Inc.",EMEA,Microsoft Defender for Endpoint,"1,200",300,2026-08,123`,
  `${tenant(201)},"Fabrikam, Inc.",EMEA,MDE,"1,200",340,2026-09,123`,
  `${tenant(201)},"Fabrikam, Inc.",EMEA,Intune,800,700,2026-09-01,123`,
  `${tenant(202)},"Northwind ""Traders""\nBuilding 2",APAC,Teams,5000,4100,2026-09,123`,
  `not-a-tenant,Bad Row,EMEA,Intune,10,5,2026-09,123`,
  `${tenant(203)},Unknown,EMEA,Flight Simulator,10,5,2026-09,123`,
  `${tenant(203)},Bad numbers,EMEA,Intune,-5,ten,2026-13,123`,
  `${tenant(203)},Future,EMEA,Intune,10,5,2099-01,123`,
  '',
].join('\r\n');

describe('CSV import over HTTP', () => {
  it('imports the good rows and reports each bad one with its line and reason', async () => {
    const r = await postCsv(EXPORT);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ rowsRead: 8, usageWritten: 4, unchanged: 0, workloadsCreated: 3, workloadsUpdated: 0, rowErrors: 4, delimiter: ',' });
    expect(r.json.ignoredColumns).toEqual(['Region', 'Partner ID']);
    expect(r.json.errors).toEqual([
      { line: 7, reason: expect.stringContaining('tenantId "not-a-tenant" is not a tenant ID') },
      { line: 8, reason: expect.stringContaining('workload "Flight Simulator" is not a workload we know') },
      { line: 9, reason: expect.stringMatching(/month "2026-13".*paidAvailableUnits "-5".*monthlyActiveUsers "ten"/) },
      { line: 10, reason: expect.stringContaining('month 2099-01 is after the current month') },
    ]);

    const mde = await call(host(), 'GET', `/api/v1/workloads/${tenant(201)}/defender-for-endpoint`);
    // The latest month's figures; the customer name with its comma intact.
    expect(mde.json).toMatchObject({ customerName: 'Fabrikam, Inc.', programId: 'security-usage', paidAvailableUnits: 1200, monthlyActiveUsers: 340, usageMonth: '2026-09' });
    const teams = await call(host(), 'GET', `/api/v1/workloads/${tenant(202)}/teams`);
    expect(teams.json.customerName).toBe('Northwind "Traders"\nBuilding 2');
    expect(teams.json.programId).toBe('modern-work-usage');
    const history = await call(host(), 'GET', `/api/v1/workloads/${tenant(201)}/MDE/usage`);
    expect(history.json.months).toEqual([
      { month: '2026-08', paidAvailableUnits: 1200, monthlyActiveUsers: 300 },
      { month: '2026-09', paidAvailableUnits: 1200, monthlyActiveUsers: 340 },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const store = new WorkloadStore(azurite().connectionString);
    const before = [...(await store.tenantRows('usage', tenant(201))), ...(await store.tenantRows('workloads', tenant(201)))].map((e) => `${e.rowKey} ${e.etag}`).sort();
    const r = await postCsv(EXPORT);
    expect(r.json).toMatchObject({ rowsRead: 8, usageWritten: 0, unchanged: 4, workloadsCreated: 0, workloadsUpdated: 0, rowErrors: 4 });
    const after = [...(await store.tenantRows('usage', tenant(201))), ...(await store.tenantRows('workloads', tenant(201)))].map((e) => `${e.rowKey} ${e.etag}`).sort();
    expect(after).toEqual(before);
  });

  it('reads semicolon-separated European exports with their thousands separators, and never lets an older month overwrite a newer one', async () => {
    const csv = ['month;WORKLOAD;mau;pau;tenant id;customer', `2026-07;Intune;650;1.500;${tenant(201)};Fabrikam, Inc.`, `2026-10;Entra ID P2;10;1.000;${tenant(204)};Tailspin`].join('\n');
    const r = await postCsv(csv);
    expect(r.json).toMatchObject({ delimiter: ';', rowsRead: 2, usageWritten: 2, workloadsCreated: 1, rowErrors: 0 });
    // Intune's July row is history; its current figures stay those of September.
    const intune = await call(host(), 'GET', `/api/v1/workloads/${tenant(201)}/intune`);
    expect(intune.json).toMatchObject({ paidAvailableUnits: 800, monthlyActiveUsers: 700, usageMonth: '2026-09' });
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(201)}/intune/usage`)).json.months.map((m: { month: string }) => m.month)).toEqual(['2026-07', '2026-09']);
    const entra = await call(host(), 'GET', `/api/v1/workloads/${tenant(204)}/entra-id-p2`);
    expect(entra.json.paidAvailableUnits).toBe(1000);
  });

  it('updates a tracked workload from a newer month, keeping what the user entered', async () => {
    const path = `/api/v1/workloads/${tenant(205)}/defender-for-endpoint`;
    await call(host(), 'PUT', path, { body: { programId: 'security-usage', paidAvailableUnits: 10, monthlyActiveUsers: 10, usageMonth: '2026-08', notes: 'pilot', partnerId: '1234567' } });
    const r = await postCsv(`tenantId,workload,pau,mau,month\n${tenant(205)},MDE,1000,25,2026-09\n`);
    expect(r.json).toMatchObject({ workloadsUpdated: 1, workloadsCreated: 0, usageWritten: 1 });
    const now = await call(host(), 'GET', path);
    expect(now.json).toMatchObject({ paidAvailableUnits: 1000, monthlyActiveUsers: 25, usageMonth: '2026-09', notes: 'pilot', partnerId: '1234567' });
  });

  it('imports a tenant with more rows than one transaction holds, written in parts, and re-imports it unchanged', async () => {
    const workloads = [
      'intune',
      'teams',
      'defender-for-endpoint',
      'defender-for-identity',
      'exchange-online',
      'sharepoint-online',
      'entra-id-p2',
      'copilot-m365',
      'defender-for-office-365',
      'defender-for-cloud-apps',
    ];
    const lines = ['tenantId,workload,pau,mau,month'];
    for (let m = 0; m < 25; m++) {
      const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      for (const [i, w] of workloads.entries()) lines.push(`${tenant(206)},${w},${1000 + m},${100 + i * 10 + m},${month}`);
    }
    const csv = `${lines.join('\n')}\n`;
    const first = await postCsv(csv);
    expect(first.json).toMatchObject({ rowsRead: 250, usageWritten: 250, workloadsCreated: 10, rowErrors: 0 });
    const intune = await call(host(), 'GET', `/api/v1/workloads/${tenant(206)}/intune`);
    expect(intune.json).toMatchObject({ usageMonth: '2026-01', paidAvailableUnits: 1024, monthlyActiveUsers: 124 });
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(206)}/intune/usage`)).json.months).toHaveLength(25);
    const again = await postCsv(csv);
    expect(again.json).toMatchObject({ usageWritten: 0, unchanged: 250, workloadsCreated: 0, workloadsUpdated: 0 });
  });

  it('refuses implausible rows (a month in year 0001, 1899 or before 2015, counts of 1e20) by their line, and imports the rest with nothing orphaned', async () => {
    const csv = [
      'tenantId,workload,pau,mau,month',
      `${tenant(211)},MDE,1000,100,2026-08`,
      `${tenant(212)},MDE,1000,100,0001-05`,
      `${tenant(213)},MDE,1000,100,1899-12`,
      `${tenant(214)},MDE,1000,100,2014-12`,
      `${tenant(215)},MDE,100000000000000000000,100,2026-08`,
      `${tenant(216)},MDE,1000,${'9'.repeat(400)},2026-08`,
      `${tenant(217)},MDE,10000001,100,2026-08`,
      `${tenant(218)},MDE,10000000,100,2015-01`,
      '',
    ].join('\n');
    const r = await postCsv(csv);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ rowsRead: 8, usageWritten: 2, workloadsCreated: 2, rowErrors: 6 });
    expect(r.json.errors).toEqual([
      { line: 3, reason: 'month "0001-05" has an implausible year 1 in "0001-05"' },
      { line: 4, reason: 'month "1899-12" has an implausible year 1899 in "1899-12"' },
      { line: 5, reason: 'month 2014-12 is before 2015-01, earlier than any usage report this import reads' },
      { line: 6, reason: 'paidAvailableUnits 100000000000000000000 is implausibly large: a row holds at most 10,000,000 seats' },
      { line: 7, reason: expect.stringMatching(/^monthlyActiveUsers 9{20}\.\.\. \(400 digits\) is implausibly large: a row holds at most 10,000,000 users$/) },
      { line: 8, reason: 'paidAvailableUnits 10000001 is implausibly large: a row holds at most 10,000,000 seats' },
    ]);
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(211)}/MDE`)).json).toMatchObject({ paidAvailableUnits: 1000, usageMonth: '2026-08' });
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(218)}/MDE`)).json).toMatchObject({ paidAvailableUnits: 10_000_000, usageMonth: '2015-01' });
    // Nothing of a refused row was written: no workload, no usage month.
    const store = new WorkloadStore(azurite().connectionString);
    for (const n of [212, 213, 214, 215, 216, 217]) {
      expect([n, await store.tenantRows('workloads', tenant(n)), await store.tenantRows('usage', tenant(n))]).toEqual([n, [], []]);
    }
  });

  it('tracks afresh a workload whose deletion had begun (its old months gone), never writing into the dying row', async () => {
    const store = new WorkloadStore(azurite().connectionString);
    const t = tenant(260);
    const put = await call(host(), 'PUT', `/api/v1/workloads/${t}/intune`, { body: { programId: 'security-usage', paidAvailableUnits: 900, monthlyActiveUsers: 100 } });
    expect(put.status).toBe(201);
    expect((await call(host(), 'POST', `/api/v1/workloads/${t}/intune/usage`, { body: { month: '2026-01', paidAvailableUnits: 900, monthlyActiveUsers: 100 } })).status).toBe(200);
    // A DELETE that marked the row and was cut off before its months and the row went.
    const row = await store.workloads.getEntity(t, 'intune');
    await store.workloads.updateEntity({ partitionKey: t, rowKey: 'intune', deletingSince: '2026-11-30T00:00:00Z' }, 'Merge', { etag: row.etag });
    expect((await call(host(), 'GET', `/api/v1/workloads/${t}/intune`)).status).toBe(404);

    const r = await postCsv(`tenantId,workload,pau,mau,month\n${t},Intune,1000,250,2026-02\n`);
    expect(r.json).toMatchObject({ rowsRead: 1, rowErrors: 0, workloadsCreated: 1, workloadsUpdated: 0, usageWritten: 1 });
    const got = await call(host(), 'GET', `/api/v1/workloads/${t}/intune`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ paidAvailableUnits: 1000, monthlyActiveUsers: 250 });
    const usage = await call(host(), 'GET', `/api/v1/workloads/${t}/intune/usage`);
    expect(usage.json.months.map((m: { month: string }) => m.month)).toEqual(['2026-02']);
    // And the next write keeps what the import wrote.
    expect((await call(host(), 'PATCH', `/api/v1/workloads/${t}/intune`, { body: { notes: 'renewal in May' }, headers: { 'if-match': got.headers.get('etag')! } })).status).toBe(200);
    expect((await call(host(), 'GET', `/api/v1/workloads/${t}/intune/usage`)).json.months).toHaveLength(1);
  });

  it('refuses a file without the required columns (400 naming them) and bodies that are not CSV (415)', async () => {
    const r = await postCsv('Customer,Seats\nContoso,10\n');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('header');
    expect(r.json.detail).toMatch(/tenantId.*workload.*paidAvailableUnits.*monthlyActiveUsers.*month/);
    const empty = await postCsv('');
    expect(empty.status).toBe(400);
    const json = await call(host(), 'POST', '/api/v1/import', { body: { a: 1 } });
    expect(json.status).toBe(415);
  });
});

describe('npm run import (the CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '..', '..', 'scripts', 'import.ts'), ...args], {
      env: { ...process.env, INCENTIVES_STORAGE: azurite().connectionString },
      encoding: 'utf8',
      timeout: 60_000,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('imports a file, prints what it did, and exits 1 when rows were refused', async () => {
    const file = join(dir, 'usage.csv');
    writeFileSync(file, `tenant id,customer,workload,pau,mau,month\n${tenant(301)},Litware,Intune,300,200,2026-10\n${tenant(301)},Litware,Nope,300,200,2026-10\n`);
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 rows/);
    expect(r.stdout).toMatch(/usage months written 1/);
    expect(r.stdout).toMatch(/line 3: workload "Nope" is not a workload we know/);
    const again = await run([file, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ usageWritten: 0, unchanged: 1, rowErrors: 1 });
  }, 60_000);

  it('refuses implausible rows by line with exit 1, never a stack trace or another exit code', async () => {
    const file = join(dir, 'implausible.csv');
    writeFileSync(file, `tenantId,workload,pau,mau,month\n${tenant(311)},Intune,300,200,1899-12\n${tenant(311)},Intune,100000000000000000000,200,2026-10\n${tenant(312)},Intune,300,200,2026-10\n`);
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 2: month "1899-12" has an implausible year 1899/);
    expect(r.stdout).toMatch(/line 3: paidAvailableUnits 100000000000000000000 is implausibly large/);
    expect(r.stdout).toMatch(/usage months written 1/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('--dry-run says what would be written, with warnings, and writes nothing', async () => {
    const file = join(dir, 'preview.csv');
    writeFileSync(file, `tenant id,customer,workload,pau,mau,month\n${tenant(321)},Litware,Intune,300,200,2026-09\n${tenant(321)},Litware,Intune,100,120,2026-10\n`);
    const r = await run([file, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DRY RUN: nothing was written/);
    expect(r.stdout).toMatch(/usage months would be written 2/);
    expect(r.stdout).toMatch(/line 3: Intune 2026-10: MAU 120 is above PAU 100/);
    expect(r.stdout).toMatch(/line 3: Intune: PAU fell from 300 in 2026-09 to 100 in 2026-10 \(by 66%\)/);
    const store = new WorkloadStore(azurite().connectionString);
    expect(await store.usageHistory(tenant(321), 'intune')).toEqual([]);
    expect((await run([file, '--dry-run', '--json'])).stdout).toMatch(/"dryRun": true/);
    expect((await run([file, '--dryrun'])).code).toBe(2);
  }, 60_000);

  it('says what is wrong with a missing file (exit 2)', async () => {
    const r = await run([join(dir, 'missing.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot read/);
  }, 30_000);
});
