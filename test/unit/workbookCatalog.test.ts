/**
 * The workbook's catalog (addin/src/workbookCatalog.ts): the shipped examples until one is
 * loaded; a loaded catalog kept in the add-in's storage and used again after a restart; a kept
 * catalog the engine refuses dropped; =PI.CATALOG() says which one is in use.
 */
import { catalogData, loadCatalog, shippedCatalogData, type CatalogData } from '../../shared';
import type { IncentivesApi } from '../../addin/src/apiClient';

const kept = new Map<string, string>();
(globalThis as { localStorage?: unknown }).localStorage = {
  getItem: (k: string) => kept.get(k) ?? null,
  setItem: (k: string, v: string) => void kept.set(k, v),
  removeItem: (k: string) => void kept.delete(k),
};

/** The module afresh (a restart of the add-in). */
function restart(): typeof import('../../addin/src/workbookCatalog') {
  let mod: typeof import('../../addin/src/workbookCatalog') | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual<typeof import('../../addin/src/workbookCatalog')>('../../addin/src/workbookCatalog');
  });
  mod!.restoreCatalog();
  return mod!;
}

const amended: CatalogData = {
  ...catalogData(loadCatalog({ ...shippedCatalogData, amendments: [{ programId: 'security-usage-fy26', effectiveFrom: '2026-07-01', note: 'July', changes: { exampleFigures: false } }] })),
  info: { source: 'stored', version: 'v7-0123abcd' },
};
const api = (status: number, body: unknown) => ({ send: async () => ({ status, json: body }) }) as unknown as IncentivesApi;

describe('the workbook catalog', () => {
  it('is the shipped examples until one is loaded, and says so', () => {
    kept.clear();
    const w = restart();
    expect(w.workbookCatalog().info.source).toBe('shipped');
    expect(w.catalogDescription()).toMatch(/^Shipped example figures \(not your program's\): load your catalog in the task pane\. Example figures in Modern Work usage FY25, Modern Work usage FY26, /);
    expect(w.exampleYears()).toHaveLength(6);
  });

  it('keeps a loaded catalog for offline use: a restart computes with it', async () => {
    kept.clear();
    const w = restart();
    await w.loadCatalogFromApi(api(200, amended), 'https://api.example', new Date('2026-07-02T09:15:00Z'));
    expect(w.catalogDescription()).toBe(
      'Catalog v7-0123abcd from https://api.example, loaded 2026-07-02 09:15 UTC. Example figures in Modern Work usage FY25, Modern Work usage FY26, Modern Work usage FY27, Security usage FY25, Security usage FY27.',
    );
    const again = restart();
    expect(again.workbookCatalog().info.version).toBe('v7-0123abcd');
    expect(again.exampleYears()).not.toContain('Security usage FY26');
  });

  it('refuses what the API answers when it is not a catalog, keeping the one in use', async () => {
    kept.clear();
    const w = restart();
    await expect(w.loadCatalogFromApi(api(503, { detail: 'Storage is unavailable' }), 'https://api.example')).rejects.toThrow('The API answered 503: Storage is unavailable');
    await expect(w.loadCatalogFromApi(api(200, { ...amended, programs: [{ id: 'x' }] }), 'https://api.example')).rejects.toThrow(/programs\[x\]/);
    expect(w.workbookCatalog().info.source).toBe('shipped');
    expect(kept.size).toBe(0);
  });

  it('drops a kept catalog the engine refuses', () => {
    kept.set('partnerIncentives.catalog', JSON.stringify({ data: { programs: [] }, origin: { apiUrl: 'x', loadedAt: '2026-01-01T00:00:00Z' } }));
    const w = restart();
    expect(w.workbookCatalog().info.source).toBe('shipped');
    expect(kept.has('partnerIncentives.catalog')).toBe(false);
  });
});
