/**
 * The built add-in in headless Chromium, loaded as Excel loads it: the shared-runtime page
 * with office.js from @microsoft/office-js, under a stub host that records
 * CustomFunctions.associate and fakes Excel.run's selection. Every registered function is
 * called through that registry; the task pane renders, saves its settings, shows the changes
 * of a running local API and tracks selected rows through it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startAddinServer, type AddinServer } from '../../dev/localHost/addinServer';
import { startLocalHost, type LocalHost } from '../../dev/localHost/server';
import { RunStore } from '../../functions/nightly/runStore';
import { TrackedWorkloadSchema, workloadEntity } from '../../functions/storage/trackedWorkload';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { buildAddin } from '../../addin/build';
import { useAzurite } from '../support/azurite';
import { describeWithBrowser, launchChromium, STUB_HOST } from '../support/browser';
import { call, TEST_KEY } from '../support/localHost';

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

describeWithBrowser('the add-in in Chromium', () => {
  jest.setTimeout(30_000);
  const azurite = useAzurite();
  // Its own build folder: other test files build the add-in at the same time.
  const out = mkdtempSync(join(tmpdir(), 'addin-'));
  let addin: AddinServer;
  let api: LocalHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await buildAddin(out);
    addin = await startAddinServer({ folder: out });
    api = await startLocalHost({ port: 0, apiKey: TEST_KEY, corsOrigins: [addin.url], log: null });
    const store = new WorkloadStore(azurite().connectionString);
    await store.ensureTables();
    const fields = TrackedWorkloadSchema.parse({
      customerName: 'Contoso',
      programId: 'security-usage',
      paidAvailableUnits: 1200,
      monthlyActiveUsers: 300,
      claimStatus: 'filed',
      claimDate: '2026-10-01',
      highWaterMark: 250,
      paidAvailableUnitsAtClaim: 1200,
    });
    await store.workloads.createEntity(workloadEntity(TENANT, 'defender-for-endpoint', fields, { sizeBand: 'M', eligible: true, evaluatedOn: '2026-11-21' }));
    const runs = new RunStore(azurite().connectionString);
    await runs.ensureTables();
    await runs.recordChanges([
      {
        night: '2026-11-21',
        tenantId: TENANT,
        workload: 'defender-for-endpoint',
        customerName: 'Contoso',
        kind: 'crossed-seat-minimum',
        before: null,
        after: { eligible: true, sizeBand: 'M', usagePct: 1.2, paidAvailableUnits: 1000, monthlyActiveUsers: 12, advice: 'claim-now' },
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
        after: { eligible: true, sizeBand: 'M', usagePct: 30, paidAvailableUnits: 1000, monthlyActiveUsers: 300, advice: 'refresh-poe' },
        reasons: [{ code: 'POE_EXPIRING', message: 'The POE acknowledgement turns too old on 2026-12-01.', params: { lastValidDate: '2026-11-30', daysLeft: 9 } }],
        advice: { action: 'refresh-poe', reasons: [] },
        time: '2026-11-21T02:00:06Z',
        runId: 'r1',
      },
    ]);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('console', (m) => process.env.DEBUG_BROWSER && console.log(`[page] ${m.text()}`));
    await page.addInitScript(STUB_HOST);
    await page.goto(`${addin.url}/taskpane.html`);
    await page.waitForFunction(() => Object.keys((globalThis as unknown as { __associated: object }).__associated).length > 0);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await addin?.close();
  });

  it('registers every function functions.json declares, under its id', async () => {
    const metadata = JSON.parse(readFileSync(join(out, 'functions.json'), 'utf8')) as { functions: Array<{ id: string; parameters: Array<{ dimensionality?: string }> }> };
    const ids = metadata.functions.map((f) => f.id).sort();
    expect(ids).toEqual([
      'CATALOG',
      'CHANGES_SINCE',
      'CLAIM_ADVICE',
      'CPOR_ELIGIBLE',
      'CPOR_WHY',
      'FORECAST',
      'MILESTONE',
      'PAID',
      'PAYOUT',
      'POE_CHECK',
      'RECOGNIZED',
      'RECONCILED',
      'SEATS_TO_MINIMUM',
      'SIZE_BAND',
      'TRACKED',
      'USAGE_PCT',
    ]);
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { __associated: object }).__associated).sort())).toEqual(ids);
    // Row-wise arguments are matrices: a cell or a range.
    expect(metadata.functions.find((f) => f.id === 'CPOR_ELIGIBLE')!.parameters.every((p) => p.dimensionality === 'matrix')).toBe(true);
  });

  it('answers through the registry, single cells and ranges, bad arguments as #VALUE! naming them', async () => {
    const results = await page.evaluate(() => {
      const f = (globalThis as unknown as { __associated: Record<string, (...a: unknown[]) => unknown> }).__associated;
      const d = [[46348]]; // 2026-11-22 as an Excel date
      return {
        eligible: f.CPOR_ELIGIBLE!([['MDE'], ['MDE']], [[1000], [10]], [[100]], d),
        why: (f.CPOR_WHY!([['MDE']], [[10]], [[10]], d) as string[][])[0]![0]!.slice(0, 60),
        advice: f.CLAIM_ADVICE!([['MDE']], [[1000]], [[100]], d),
        band: f.SIZE_BAND!([[10, 1200, 2500]], d),
        seats: f.SEATS_TO_MINIMUM!([[10]], d),
        usage: f.USAGE_PCT!([[420]], [[1250]]),
        milestone: f.MILESTONE!([['MDE']], [[1000]], [[200]], d),
        payout: f.PAYOUT!([['MDE']], [[1000]], [[120]], d, null, null, [['2026-10-05']], [['2026-10-20']], [[100]], [[1000]]),
        poe: f.POE_CHECK!([['MDE']], [['2026-11-20']], [['1234567']], [['8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b']]),
        recognized: f.RECOGNIZED!([['Power Apps']], [['PAL']], [['usage']]),
        bad: f.SIZE_BAND!([[-5]], d),
        badIsExcelError: (f.SIZE_BAND!([[-5]], d) as unknown[][])[0]![0] instanceof (globalThis as unknown as { CustomFunctions: { Error: new () => unknown } }).CustomFunctions.Error,
      };
    });
    expect(results.eligible).toEqual([[true], [false]]);
    expect(results.why).toBe('BELOW_SEAT_MINIMUM: PAU 10 is below the 150 seat minimum of ');
    expect(results.advice).toEqual([['claim-now']]);
    expect(results.band).toEqual([['XXS', 'M', 'L']]);
    expect(results.seats).toEqual([[140]]);
    expect(results.usage).toEqual([[33.6]]);
    expect(results.milestone).toEqual([[2]]);
    expect(results.payout).toEqual([[10000]]);
    expect((results.poe as string[][])[0]![0]).toMatch(/^Missing: /);
    expect(results.recognized).toEqual([[true]]);
    expect(results.bad).toEqual([[{ code: '#VALUE!', message: expect.stringMatching(/^paidAvailableUnits: /) }]]);
    expect(results.badIsExcelError).toBe(true);
  });

  it('task pane: renders, saves the settings in the add-in, and shows the changes of the running API', async () => {
    await expect(page.locator('h1').textContent()).resolves.toBe('Partner incentives');
    await page.click('#tab-connection');
    await page.fill('#api-url', api.url);
    await page.fill('#api-key', TEST_KEY);
    await page.click('#save');
    await expect(page.locator('#settings-status').textContent()).resolves.toMatch(/^Saved/);
    // The connection test ends by opening this week's work: wait for it before choosing another tab.
    await page.waitForFunction(() => (globalThis as any).document.getElementById('settings-status').dataset.kind !== 'testing');
    expect(
      await page.evaluate(() => [
        (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('partnerIncentives.apiUrl'),
        (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('partnerIncentives.apiKey'),
      ]),
    ).toEqual([api.url, TEST_KEY]);
    await page.click('#tab-changes');
    await page.fill('#changes-since', '2026-11-21');
    await page.click('#changes-load');
    await page.waitForSelector('#changes li.change', { timeout: 10_000 }).catch(async (e: unknown) => {
      throw new Error(`no changes listed; the pane says: ${await page.locator('#changes-status').textContent()} (${String(e)})`);
    });
    expect(await page.locator('#changes li.change').count()).toBe(2);
    await expect(page.locator('#changes-status').textContent()).resolves.toBe('2 of 2 changes');
    await page.selectOption('#changes-kind', 'poe-expiring');
    expect(await page.locator('#changes li.change').allTextContents()).toEqual([expect.stringContaining('Contoso · IntuneProof of execution expiring')]);
    // Each change leads to its tenant's row.
    await page.locator('#changes li.change').getByText('Go to row').click();
    await page.waitForFunction(() => (globalThis as unknown as { __selected: unknown[] }).__selected.length > 0);
    expect(await page.evaluate(() => (globalThis as unknown as { __selected: unknown[][] }).__selected[0])).toEqual([[TENANT]]);
  });

  it('TRACKED and CHANGES_SINCE read the running API through the saved settings, in few requests', async () => {
    const out = await page.evaluate(async () => {
      const w = globalThis as unknown as { __associated: Record<string, (...a: unknown[]) => Promise<unknown[][]>>; PartnerIncentives: { api: { requests: number; clear(): void } } };
      w.PartnerIncentives.api.clear();
      const before = w.PartnerIncentives.api.requests;
      const cells = await Promise.all(Array.from({ length: 500 }, (_, i) => w.__associated.TRACKED!([['8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b']], [[i % 2 ? 'MDE' : 'intune']], [['claimStatus']])));
      return { cells: [cells[0], cells[1]], requests: w.PartnerIncentives.api.requests - before, changes: await w.__associated.CHANGES_SINCE!([[46347]]) };
    });
    expect(out.requests).toBe(1);
    expect(out.cells[1]).toEqual([['filed']]);
    expect(out.cells[0]![0]![0]).toEqual({ code: '#N/A', message: expect.stringContaining('is not tracked') });
    expect(out.changes[0]).toEqual(['night', 'tenantId', 'customerName', 'workload', 'kind', 'why', 'advice']);
    expect(out.changes).toHaveLength(3);
  });

  it('Track selected rows sends each row to the API and says what happened to it', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { __selection: unknown }).__selection = {
        headers: ['Customer Tenant ID', 'Customer', 'Workload', 'PAU', 'MAU', 'Program'],
        rows: [
          ['0f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b', 'Fabrikam', 'Intune', 800, 200, 'security-usage'],
          ['8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b', 'Contoso', 'MDE', 1500, 310, ''],
          ['not-a-tenant', 'Bad', 'Intune', 10, 5, 'security-usage'],
        ],
        rowIndex: 1,
      };
    });
    await page.click('#tab-sheet');
    await page.click('#track');
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('#track-results li').length === 3);
    expect(await page.locator('#track-results li').allTextContents()).toEqual(['Row 2: tracked', 'Row 3: updated', expect.stringMatching(/^Row 4: tenantId: /)]);
    await expect(page.locator('#track-status').textContent()).resolves.toBe('3 of 3 rows');
    const store = new WorkloadStore(azurite().connectionString);
    expect(await store.get('0f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b', 'intune')).toMatchObject({ customerName: 'Fabrikam', paidAvailableUnits: 800 });
    expect(await store.get(TENANT, 'defender-for-endpoint')).toMatchObject({ paidAvailableUnits: 1500, claimStatus: 'filed' });
  });
  it('loads the catalog from a running API, computes with an amended figure, keeps it after the API stops; the banner shows example figures', async () => {
    // An API of its own (the one above serves the other tests), over the same Azurite.
    const own = await startLocalHost({ port: 0, apiKey: TEST_KEY, corsOrigins: [addin.url], log: null });
    const formulas = () =>
      page.evaluate(() => {
        const f = (globalThis as unknown as { __associated: Record<string, (...a: unknown[]) => unknown[][]> }).__associated;
        // An XS claim of Security usage FY26 at 9% (27 of 300), now at 20% on 2026-07-15: milestone 1 owed, 2 to come.
        const owed = f.PAYOUT!([['MDE']], [[300]], [[60]], [['2026-07-15']], null, null, [['2026-01-10']], [['2026-01-20']], [[27]], [[300]]);
        return {
          owed: owed[0]![0],
          catalog: f.CATALOG!()[0]![0] as string,
          banner: (globalThis as any).document.getElementById('catalog-banner').hidden ? null : ((globalThis as any).document.getElementById('catalog-banner').textContent as string),
        };
      });
    try {
      // A fresh add-in: no key saved (so nothing is loaded at start), no catalog kept.
      await page.evaluate(() => {
        const storage = (globalThis as any).localStorage;
        storage.removeItem('partnerIncentives.catalog');
        storage.removeItem('partnerIncentives.apiKey');
      });
      await page.reload();
      await page.waitForFunction(() => Object.keys((globalThis as unknown as { __associated: object }).__associated).length > 0);
      // Nothing loaded: the shipped examples, and the pane says so.
      const shipped = await formulas();
      expect(shipped.owed).toBe(2500); // owed $1,000 + $1,500 still to earn at XS
      expect(shipped.catalog).toMatch(/^Shipped example figures \(not your program's\)/);
      expect(shipped.banner).toContain(
        "Amounts use example figures, not your program's (Modern Work usage FY25, Modern Work usage FY26, Modern Work usage FY27, Security usage FY25, Security usage FY26, Security usage FY27)",
      );

      // The team enters the July guide: XS pays $1,200 for milestone 1 from 1 July.
      const amended = await call(own, 'POST', '/api/v1/programs/security-usage-fy26/amendments', {
        body: { effectiveFrom: '2026-07-01', note: 'July 2026 guide update', changedBy: 'Dana (ops)', changes: { exampleFigures: false, payout: { amountsCents: { XS: [120000, 180000] } } } },
      });
      expect(amended.status).toBe(201);
      await page.fill('#api-url', own.url);
      await page.fill('#api-key', TEST_KEY);
      await page.click('#save');
      await page.waitForFunction(() => /^Catalog v\d+-/.test((globalThis as any).document.getElementById('catalog-status').textContent ?? ''));
      const loaded = await formulas();
      expect(loaded.owed).toBe(3000); // $1,200 + $1,800 from the amended figures
      expect(loaded.catalog).toMatch(new RegExp(`^Catalog v7-[0-9a-f]{8} from ${own.url}, loaded \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.`));
      expect(loaded.banner).not.toContain('Security usage FY26');
      expect(loaded.banner).toContain('Security usage FY25');

      // The API stops; the add-in restarts offline: the kept catalog is still the one used.
      await own.close();
      await page.reload();
      await page.waitForFunction(() => Object.keys((globalThis as unknown as { __associated: object }).__associated).length > 0);
      await page.waitForFunction(() => /Could not load the catalog/.test((globalThis as any).document.getElementById('catalog-status').textContent ?? ''));
      const offline = await formulas();
      expect(offline.owed).toBe(3000);
      expect(offline.catalog).toBe(loaded.catalog);
      await expect(page.locator('#catalog-status').textContent()).resolves.toContain(`Formulas keep using: ${loaded.catalog}`);
      await page.screenshot({ path: join(out, 'taskpane-catalog.png'), fullPage: true });
    } finally {
      await own.close().catch(() => undefined);
    }
  });
});
