/**
 * The task pane's views in headless Chromium under the stub Office host, against a running
 * local API and Azurite: the connection test's three failures in words (unreachable, wrong
 * key, CORS) and no error before anything is typed; this week's work and last night's changes
 * in words with amounts and dates, each selecting its row or added to the sheet; 2,000
 * tracked workloads pulled into an Excel table; the chart of a tracked workload's usage.
 * Screenshots of each view at the pane's 320 px go to test-output/addin/ (git-ignored).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransactionAction } from '@azure/data-tables';
import type { Browser, Page } from 'playwright-core';
import { startAddinServer, type AddinServer } from '../../dev/localHost/addinServer';
import { startLocalHost, type LocalHost } from '../../dev/localHost/server';
import { RunStore } from '../../functions/nightly/runStore';
import { TrackedWorkloadSchema, workloadEntity } from '../../functions/storage/trackedWorkload';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { buildAddin } from '../../addin/build';
import { PULL_COLUMNS } from '../../addin/src/pullColumns';
import { useAzurite } from '../support/azurite';
import { describeWithBrowser, launchChromium, STUB_HOST } from '../support/browser';
import { TEST_KEY } from '../support/localHost';
import { TEN_WORKLOADS } from '../../bench/support/workloadIds';

/* The page's globals, as the code handed to page.evaluate sees them (this file compiles without the DOM library). */
declare const document: any;
declare function getComputedStyle(element: unknown): { fontFamily: string };
type HTMLElement = { dataset: Record<string, string | undefined> };
type HTMLCanvasElement = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };

const OUTPUT = join(__dirname, '../../test-output/addin');
const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';
const WORKLOADS = TEN_WORKLOADS;
const bulkTenant = (t: number) => `${(t % 16).toString(16)}1000000-0000-4000-8000-${String(t).padStart(12, '0')}`;
const HISTORY = [
  { month: '2026-05', paidAvailableUnits: 1200, monthlyActiveUsers: 150 },
  { month: '2026-06', paidAvailableUnits: 1200, monthlyActiveUsers: 190 },
  { month: '2026-07', paidAvailableUnits: 1250, monthlyActiveUsers: 240 },
  { month: '2026-08', paidAvailableUnits: 1250, monthlyActiveUsers: 280 },
  { month: '2026-09', paidAvailableUnits: 1300, monthlyActiveUsers: 330 },
  { month: '2026-10', paidAvailableUnits: 1300, monthlyActiveUsers: 360 },
  { month: '2026-11', paidAvailableUnits: 1300, monthlyActiveUsers: 400 },
];

type W = Record<string, unknown> & {
  __sheets: Record<string, { tables: Array<{ headers: string[]; rows: unknown[][]; adds: number }> }>;
  __writes: Array<{ sheet: string; row: number; values: unknown[][] }>;
  __selected: unknown[][][];
  __selection: unknown;
};

describeWithBrowser('the task pane in Chromium', () => {
  jest.setTimeout(60_000);
  const azurite = useAzurite();
  const out = mkdtempSync(join(tmpdir(), 'addin-pane-'));
  let addin: AddinServer;
  let api: LocalHost;
  let strangerApi: LocalHost;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(OUTPUT, `${name}.png`) });
  const w = <T>(fn: (g: W) => T) => page.evaluate(`(${fn.toString()})(globalThis)`) as Promise<T>;
  const tab = (id: string) => page.click(`#tab-${id}`);
  const connect = async (url: string, key: string) => {
    await tab('connection');
    await page.fill('#api-url', url);
    await page.fill('#api-key', key);
    await page.click('#save');
    await page.waitForFunction(() => !['testing', undefined].includes((document.getElementById('settings-status') as HTMLElement).dataset.kind));
    return { kind: await page.getAttribute('#settings-status', 'data-kind'), text: (await page.textContent('#settings-status')) ?? '' };
  };

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    await buildAddin(out);
    addin = await startAddinServer({ folder: out });
    api = await startLocalHost({ port: 0, apiKey: TEST_KEY, corsOrigins: [addin.url], log: null });
    // An API that does not allow the add-in's origin (CORS).
    strangerApi = await startLocalHost({ port: 0, apiKey: TEST_KEY, corsOrigins: ['https://elsewhere.example'], log: null });
    const store = new WorkloadStore(azurite().connectionString);
    await store.ensureTables();
    // 2,000 tracked workloads: 200 tenants x 10 workloads, one transaction per tenant.
    for (let t = 0; t < 200; t += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, k) => t + k).map((tn) =>
          store.writeWorkloadActions(
            WORKLOADS.map((wl, i): TransactionAction => [
              'create',
              workloadEntity(
                bulkTenant(tn),
                wl,
                TrackedWorkloadSchema.parse({ customerName: `Customer ${tn}`, programId: i < 6 ? 'security-usage' : 'modern-work-usage', paidAvailableUnits: 100 + tn + i, monthlyActiveUsers: 50 }),
                {
                  sizeBand: 'XS',
                  eligible: true,
                  evaluatedOn: '2026-11-22',
                  advice: 'claim-now',
                  adviceReason: 'Claim now.',
                  toEarnCents: 250000,
                },
              ),
            ]),
          ),
        ),
      );
    // One workload with a claim and a usage history, for the work list and the chart.
    await store.create(
      TENANT,
      'defender-for-endpoint',
      TrackedWorkloadSchema.parse({
        customerName: 'Contoso',
        programId: 'security-usage',
        paidAvailableUnits: 1300,
        monthlyActiveUsers: 400,
        claimStatus: 'filed',
        claimDate: '2026-10-05',
        highWaterMark: 120,
        paidAvailableUnitsAtClaim: 1300,
      }),
      '2026-11-22',
    );
    await store.putUsage(TENANT, 'defender-for-endpoint', HISTORY);
    const runs = new RunStore(azurite().connectionString);
    await runs.ensureTables();
    await runs.recordChanges([
      {
        night: '2026-11-21',
        tenantId: TENANT,
        workload: 'defender-for-endpoint',
        customerName: 'Contoso',
        kind: 'crossed-seat-minimum',
        before: { eligible: false, sizeBand: 'XXS', usagePct: 10, paidAvailableUnits: 10, monthlyActiveUsers: 1, advice: 'wait-for-seats' },
        after: { eligible: true, sizeBand: 'M', usagePct: 1.2, paidAvailableUnits: 1000, monthlyActiveUsers: 12, advice: 'claim-now', toEarnCents: 550000 },
        reasons: [
          { code: 'SEAT_MINIMUM_CROSSED', message: 'PAU went from 10 to 1,000: claim now.', params: { paidAvailableUnitsBefore: 10, paidAvailableUnits: 1000, seatMinimum: 150, usagePct: 1.2 } },
        ],
        advice: { action: 'claim-now', reasons: [] },
        time: '2026-11-21T02:00:05Z',
        runId: 'r1',
      },
      {
        night: '2026-11-21',
        tenantId: TENANT,
        workload: 'intune',
        customerName: 'Contoso',
        kind: 'poe-expiring',
        before: null,
        after: { eligible: true, sizeBand: 'M', usagePct: 30, paidAvailableUnits: 1000, monthlyActiveUsers: 300, advice: 'refresh-poe', toEarnCents: 400000 },
        reasons: [{ code: 'POE_EXPIRING', message: 'The POE acknowledgement turns too old on 2026-12-01.', params: { lastValidDate: '2026-11-30', daysLeft: 9 } }],
        advice: { action: 'refresh-poe', reasons: [] },
        time: '2026-11-21T02:00:06Z',
        runId: 'r1',
      },
    ] as never);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(STUB_HOST);
    await page.goto(`${addin.url}/taskpane.html`);
    await page.waitForFunction(() => Object.keys((globalThis as unknown as { __associated: object }).__associated).length > 0);
    expect(errors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await strangerApi?.close();
    await addin?.close();
  });

  it('opens on the connection without a key, styled by Fabric Core, and says nothing before the user acts', async () => {
    await expect(page.isVisible('#panel-connection')).resolves.toBe(true);
    await expect(page.textContent('#settings-status')).resolves.toBe('');
    for (const id of ['work-status', 'changes-status', 'pull-status', 'chart-status']) await expect(page.textContent(`#${id}`)).resolves.toBe('');
    // Fabric Core is loaded from the add-in (not a CDN) and sets Office's font.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/Segoe UI/);
    // Keyboard: the arrow keys move between the tabs.
    await page.focus('#tab-connection');
    await page.keyboard.press('ArrowLeft');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('tab-chart');
    await expect(page.isVisible('#panel-chart')).resolves.toBe(true);
    await tab('connection');
    await shot('connection-empty');
  });

  it('connection test: unreachable, wrong key and CORS each said in words; then connected', async () => {
    const closed = await startLocalHost({ port: 0, apiKey: TEST_KEY, log: null });
    const closedUrl = closed.url;
    await closed.close();
    const unreachable = await connect(closedUrl, TEST_KEY);
    expect(unreachable).toEqual({ kind: 'unreachable', text: expect.stringContaining(`Nothing answers at ${closedUrl}`) });
    await shot('connection-unreachable');
    const wrongKey = await connect(api.url, 'not-the-key');
    expect(wrongKey).toEqual({ kind: 'wrong-key', text: expect.stringContaining('refuses this key (401)') });
    await shot('connection-wrong-key');
    const cors = await connect(strangerApi.url, TEST_KEY);
    expect(cors).toEqual({ kind: 'cors', text: expect.stringContaining(`does not allow this add-in (${addin.url})`) });
    await shot('connection-cors');
    const ok = await connect(api.url, TEST_KEY);
    expect(ok).toEqual({ kind: 'ok', text: expect.stringContaining('accepts the key') });
    // Connected: the pane moves to this week's work and loads it.
    await page.waitForSelector('#work li.work', { timeout: 20_000 });
  });

  it("this week's work: lines in words with amounts and dates, reasons expandable, each selecting its row or added to the sheet", async () => {
    await tab('work');
    const first = page.locator('#work li.work').first();
    const text = (await first.textContent()) ?? '';
    expect(text).toMatch(/^1\. /);
    expect(text).toMatch(/\$[\d,]+\.\d\d/);
    expect(text).not.toMatch(/claim-now|defender-for-endpoint|security-usage/);
    expect(await page.textContent('#work-status')).toMatch(/things to do, \$[\d,]+\.\d\d at stake/);
    await first.locator('summary').click();
    await expect(first.locator('.reasons li').count()).resolves.toBeGreaterThan(0);
    await shot('work-list');
    await first.getByText('Go to row').click();
    await page.waitForFunction(() => (globalThis as unknown as W).__selected.length > 0);
    await first.getByText('Add to sheet').click();
    await page.waitForFunction(() => (globalThis as unknown as W).__writes.length > 0);
    const write = await w((g) => g.__writes[g.__writes.length - 1]!);
    expect(await page.textContent('#work-status')).toMatch(/^Added .* to row \d+\.$/);
    expect(write.values[0]![0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("last night's changes: kinds, workloads and advice in words, with the night and the numbers", async () => {
    await tab('changes');
    await page.fill('#changes-since', '2026-11-21');
    await page.click('#changes-load');
    await page.waitForSelector('#changes li.change');
    expect(await page.textContent('#changes-status')).toBe('2 of 2 changes');
    const texts = await page.locator('#changes li.change').allTextContents();
    expect(texts[0]).toContain('Contoso · Defender for Endpoint');
    expect(texts[0]).toContain('Crossed the seat minimum');
    expect(texts[0]).toContain('Night of 21 Nov 2026 · PAU 10 → 1,000 · MAU 1 → 12 · band XXS → M · still to earn $5,500.00');
    expect(texts[0]).toContain('Advice: Claim now.');
    expect(texts.join(' ')).not.toMatch(/crossed-seat-minimum|claim-now|refresh-poe|poe-expiring/);
    await page.selectOption('#changes-kind', 'poe-expiring');
    expect(await page.locator('#changes li.change').allTextContents()).toEqual([expect.stringContaining('Proof of execution expiring')]);
    await page.selectOption('#changes-kind', '');
    await shot('changes');
  });

  it('pulls 2,000 tracked workloads into an Excel table, the columns an import reads plus verdict, advice and amounts', async () => {
    await tab('sheet');
    await page.click('#pull');
    await page.waitForFunction(() => /tracked workloads in the table/.test(document.getElementById('pull-status')!.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await page.textContent('#pull-status')).toBe('2,001 tracked workloads in the table on sheet "Tracked workloads".');
    const table = await w((g) => g.__sheets['Tracked workloads']!.tables[0]!);
    expect(table.headers).toEqual(PULL_COLUMNS.map((c) => c.header));
    expect(table.rows).toHaveLength(2001);
    // Written in chunks with progress, not one call.
    expect(table.adds).toBeGreaterThanOrEqual(5);
    const col = (h: string) => table.headers.indexOf(h);
    const contoso = table.rows.find((r) => r[col('Tenant ID')] === TENANT)!;
    expect(contoso[col('Workload')]).toBe('Defender for Endpoint');
    expect(contoso[col('PAU')]).toBe(1300);
    expect(contoso[col('Claim status')]).toBe('Submitted');
    expect(contoso[col('High water mark')]).toBe(120);
    const bulk = table.rows.find((r) => r[col('Tenant ID')] === bulkTenant(7) && r[col('Workload')] === 'Teams')!;
    expect(bulk[col('Customer')]).toBe('Customer 7');
    expect(bulk[col('PAU')]).toBe(115);
    expect(bulk[col('Advice')]).toBe('Claim now');
    expect(bulk[col('Still earnable (USD)')]).toBe(2500);
    await shot('pull-into-sheet');
    // A second pull makes a second sheet rather than writing over the first.
    await page.click('#pull');
    await page.waitForFunction(() => /sheet "Tracked workloads 2"/.test(document.getElementById('pull-status')!.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await w((g) => g.__sheets['Tracked workloads']!.tables[0]!.rows.length)).toBe(2001);
  });

  it("charts the selected row's tracked workload: the canvas is drawn and its points are the history", async () => {
    await page.evaluate((tenant) => {
      (globalThis as unknown as W).__selection = { headers: ['Tenant ID', 'Customer', 'Workload'], rows: [[tenant, 'Contoso', 'MDE']], rowIndex: 1 };
    }, TENANT);
    await tab('chart');
    await page.click('#chart-load');
    await page.waitForFunction(() => /months of usage/.test(document.getElementById('chart-status')!.textContent ?? ''), undefined, { timeout: 20_000 });
    const drawn = await page.evaluate(() => {
      const canvas = document.getElementById('usage-chart') as HTMLCanvasElement & { chart: { data: { datasets: Array<{ label: string; data: Array<number | null> }> } } };
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
      return { painted, datasets: canvas.chart.data.datasets.map((d: { label: string; data: Array<number | null> }) => ({ label: d.label, data: d.data })) };
    });
    expect(drawn.painted).toBeGreaterThan(1000);
    const series = (label: RegExp) => drawn.datasets.find((d) => label.test(d.label))!.data.filter((v) => v !== null);
    expect(series(/^PAU/)).toEqual(HISTORY.map((m) => m.paidAvailableUnits));
    expect(series(/^MAU/)).toEqual(HISTORY.map((m) => m.monthlyActiveUsers));
    expect(drawn.datasets.map((d) => d.label)).toEqual(expect.arrayContaining(['Baseline HWM 120', expect.stringMatching(/^Milestone 1: [\d,]+ active users$/), 'Forecast MAU']));
    expect(await page.textContent('#chart-title')).toBe('Contoso · Defender for Endpoint');
    await shot('chart');
  });
});
