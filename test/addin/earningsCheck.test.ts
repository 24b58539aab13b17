/**
 * The task pane's "Earnings check" in headless Chromium under the stub Office host, against a
 * running local API and Azurite with the earnings files of the storage tests imported
 * (test/support/earningsFiles.ts: a reconciliation line of every status on 2025-06-20):
 * errors and empty states in words (a refused key, no approved claim, no earnings imported),
 * the summary (totals, next deadline, a segment never paid), the lines that need action in
 * words and in order, each selecting its row of the sheet (click or Enter) or added to it, and
 * a closed dispute window. A screenshot at the pane's 320 px: test-output/addin/earnings-check.png.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildAddin } from '../../addin/build';
import { startAddinServer, type AddinServer } from '../../dev/localHost/addinServer';
import { startLocalHost, type LocalHost } from '../../dev/localHost/server';
import { tenant, useAzurite } from '../support/azurite';
import { describeWithBrowser, launchChromium, STUB_HOST } from '../support/browser';
import { importEarningsFiles, trackEarningsWorkloads } from '../support/earningsFiles';
import { TEST_KEY } from '../support/localHost';

/* The page's globals, as the code handed to page.evaluate sees them (this file compiles without the DOM library). */
declare const document: any;

const OUTPUT = join(__dirname, '../../test-output/addin');
const contoso = tenant(1801);
const fabrikam = tenant(1802);
const OTHER = tenant(1899);
/** The active sheet of the stub workbook: Contoso's Teams has a row (sheet row 2), Fabrikam has none. */
const SHEET = {
  headers: ['Tenant ID', 'Customer', 'Workload', 'PAU'],
  rows: [
    [contoso.toUpperCase(), 'Contoso', 'Teams', 1000],
    [OTHER, 'Northwind', 'Intune', 500],
  ],
  rowIndex: 1,
};

type W = { __selected: unknown[][][]; __writes: Array<{ sheet: string; row: number; values: unknown[][] }> };

describeWithBrowser('the Earnings check view in Chromium', () => {
  jest.setTimeout(60_000);
  useAzurite();
  const out = mkdtempSync(join(tmpdir(), 'addin-earnings-'));
  let addin: AddinServer;
  let api: LocalHost;
  let browser: Browser;
  let page: Page;

  const w = <T>(fn: (g: W) => T) => page.evaluate(`(${fn.toString()})(globalThis)`) as Promise<T>;
  const connect = async (key: string) => {
    await page.click('#tab-connection');
    await page.fill('#api-url', api.url);
    await page.fill('#api-key', key);
    await page.click('#save');
    await page.waitForFunction(() => !['testing', undefined].includes(document.getElementById('settings-status').dataset.kind));
  };
  /** Check the earnings as of a date; the status line once the view has answered. */
  const check = async (asOfDate: string) => {
    await page.click('#tab-earnings');
    await page.fill('#earnings-as-of', asOfDate);
    await page.evaluate(() => (document.getElementById('earnings-status').textContent = ''));
    await page.click('#earnings-load');
    await page.waitForFunction(() => {
      const text: string = document.getElementById('earnings-status').textContent ?? '';
      return text !== '' && !/^Reading/.test(text);
    });
    return (await page.textContent('#earnings-status')) ?? '';
  };
  const items = () => page.locator('#earnings li.earning');

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    await buildAddin(out);
    addin = await startAddinServer({ folder: out });
    api = await startLocalHost({ port: 0, apiKey: TEST_KEY, corsOrigins: [addin.url], log: null });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(STUB_HOST);
    await page.addInitScript(`window.__selection = ${JSON.stringify(SHEET)};`);
    await page.goto(`${addin.url}/taskpane.html`);
    await page.waitForFunction(() => Object.keys((globalThis as unknown as { __associated: object }).__associated).length > 0);
    expect(errors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await addin?.close();
  });

  it('says nothing before the user asks; a refused key and no approved claim are said in words', async () => {
    await page.click('#tab-earnings');
    await expect(page.isVisible('#panel-earnings')).resolves.toBe(true);
    await expect(page.textContent('#earnings-status')).resolves.toBe('');
    await expect(page.inputValue('#earnings-as-of')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await connect('not-the-key');
    expect(await check('2025-06-20')).toBe('The API key is missing or wrong: check the task pane settings.');
    await connect(TEST_KEY);
    expect(await check('2025-06-20')).toMatch(/^Nothing to check as of 20 Jun 2025: no tracked workload has an approved claim/);
    await expect(items().count()).resolves.toBe(0);
  });

  it('before the earnings are imported, says so and how to import them', async () => {
    await trackEarningsWorkloads(api, contoso, fabrikam);
    const text = await check('2025-06-20');
    expect(text).toMatch(/^No earnings imported yet: nothing is paid and Partner Center gave no code on any of the 2 tracked workloads \(\$3,500\.00 predicted to 20 Jun 2025\)\./);
    expect(text).toContain('npm run import -- earnings.csv');
    expect(text).toContain('/api/v1/import');
    await expect(items().count()).resolves.toBe(0);
  });

  it('lists the months that need action in words, the most money then the nearest deadline first, under the summary', async () => {
    await importEarningsFiles(api, contoso, fabrikam);
    expect(await check('2025-06-20')).toBe('5 months to act on, $1,650.00 at stake.');
    // The summary: totals, the next open deadline, and the segment and cloud never paid.
    const summary = (await page.textContent('#earnings-summary')) ?? '';
    expect(summary).toContain('Predicted$3,500.00');
    expect(summary).toContain('Paid$1,750.00');
    expect(summary).toContain('Missing$1,450.00');
    expect(summary).toContain('Next dispute deadline: 15 Jul 2025 (25 days from 20 Jun 2025).');
    expect(summary).toContain('to act on: 1 missing, 1 underpaid, 1 refused by Partner Center, 1 overpaid, 1 paid but not predicted.');
    await expect(page.textContent('#earnings-summary .never-paid')).resolves.toBe('Education on GCC: never paid ($1,500.00 predicted, $1,000.00 missing).');
    expect(summary).toContain('Commercial on Commercial: last paid Apr 2025 ($1,750.00 of $2,000.00 predicted).');

    const lines = await items().evaluateAll((els: any[]) => els.map((e) => ({ status: e.dataset.status, tenant: e.dataset.tenantId, month: e.dataset.month, hasRow: e.dataset.hasRow })));
    expect(lines).toEqual([
      { status: 'unexpected-ineligible', tenant: fabrikam, month: '2025-04', hasRow: 'false' },
      { status: 'missing', tenant: contoso, month: '2025-05', hasRow: 'true' },
      { status: 'not-predicted', tenant: contoso, month: '2025-01', hasRow: 'true' },
      { status: 'overpaid', tenant: contoso, month: '2025-04', hasRow: 'true' },
      { status: 'underpaid', tenant: contoso, month: '2025-03', hasRow: 'true' },
    ]);
    const texts = await items().allInnerTexts();
    const expected = [
      [
        '1. Refused by Partner Center',
        '$1,000.00',
        'Fabrikam · Teams · Apr 2025',
        'Predicted $1,000.00 · paid $0.00 · difference -$1,000.00',
        'Likely cause: the tenant is GCC',
        'Dispute by 14 Aug 2025 (55 days left).',
      ],
      [
        '2. Missing: not paid',
        '$400.00',
        'Contoso · Teams · May 2025',
        'Predicted $400.00 · paid $0.00 · difference -$400.00',
        'Likely cause: Partner Center has not booked the earning',
        'Dispute by 14 Sep 2025 (86 days left).',
      ],
      [
        '3. Paid but not predicted',
        '$100.00',
        'Contoso · Teams · Jan 2025',
        'Predicted $0.00 · paid $100.00 · difference +$100.00',
        'Likely cause: our program figures',
        'Nothing to dispute: check our program figures',
      ],
      [
        '4. Overpaid: a clawback risk',
        '$100.00',
        'Contoso · Teams · Apr 2025',
        'Predicted $600.00 · paid $700.00 · difference +$100.00',
        'Likely cause: a higher rate',
        'Nothing to dispute: keep the difference aside',
      ],
      ['5. Underpaid', '$50.00', 'Contoso · Teams · Mar 2025', 'Predicted $500.00 · paid $450.00 · difference -$50.00', 'Likely cause: a lower rate', 'Dispute by 15 Jul 2025 (25 days left).'],
    ];
    expected.forEach((parts, i) => {
      for (const part of parts) expect(texts[i]).toContain(part);
    });
    // Codes never shown as such: statuses and workloads are words.
    expect(texts.join('\n')).not.toMatch(/unexpected-ineligible|not-predicted|\bteams\b|modern-work/);
    // Each line offers what fits its sheet row: Go to row where the sheet has one, Add to sheet where not.
    await expect(items().nth(0).locator('button').allTextContents()).resolves.toEqual(['Add to sheet']);
    await expect(items().nth(1).locator('button').allTextContents()).resolves.toEqual(['Go to row']);
    // Readable at 320 px: nothing wider than the pane.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(OUTPUT, 'earnings-check.png'), fullPage: true });
  });

  it('selects the sheet row of a line (click or Enter), and adds a line the sheet has no row for', async () => {
    const before = await w((g) => g.__selected.length);
    await items().nth(1).locator('.meta').click();
    await page.waitForFunction((n) => (globalThis as unknown as W).__selected.length > n, before);
    expect(await w((g) => g.__selected[g.__selected.length - 1])).toEqual([[contoso.toUpperCase(), 'Contoso', 'Teams', 1000]]);
    expect(await page.textContent('#earnings-status')).toBe('Selected row 2: Contoso · Teams.');
    // The keyboard: the line has the focus, Enter selects its row.
    await items().nth(4).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => (globalThis as unknown as W).__selected.length > n, before + 1);
    expect(await w((g) => g.__selected[g.__selected.length - 1])).toEqual([[contoso.toUpperCase(), 'Contoso', 'Teams', 1000]]);
    // Fabrikam has no row: clicking the line selects nothing, Add to sheet appends it under the sheet's own columns.
    await items().nth(0).locator('.meta').click();
    await items().nth(0).getByText('Add to sheet').click();
    await page.waitForFunction(() => (globalThis as unknown as W).__writes.length > 0);
    expect(await w((g) => g.__selected.length)).toBe(before + 2);
    expect(await w((g) => g.__writes[g.__writes.length - 1])).toMatchObject({ sheet: 'Sheet1', row: 3, values: [[fabrikam, 'Fabrikam', 'Teams', '']] });
    expect(await page.textContent('#earnings-status')).toBe('Added Fabrikam · Teams, Apr 2025 to row 4.');
    await expect(items().nth(0).locator('button').allTextContents()).resolves.toEqual(['Go to row']);
  });

  it('says a dispute window closed, and ranks the lines of a later date', async () => {
    expect(await check('2025-08-20')).toMatch(/^\d+ months to act on, \$[\d,]+\.\d\d at stake\.$/);
    const underpaid = items().filter({ hasText: 'Mar 2025' });
    await expect(underpaid.textContent()).resolves.toContain('Dispute window closed on 15 Jul 2025.');
    // Fabrikam's June became missing (due 16 Jul 2025): $500 ranks second, after its refused April.
    const order = await items().evaluateAll((els: any[]) => els.slice(0, 3).map((e) => `${e.dataset.month} ${e.dataset.status}`));
    expect(order).toEqual(['2025-04 unexpected-ineligible', '2025-06 missing', '2025-05 missing']);
  });
});
