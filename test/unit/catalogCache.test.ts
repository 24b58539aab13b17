/**
 * The one cached catalog of the API and the nightly (functions/storage/catalogSource.ts): the
 * cache-hit path asks storage nothing; after the refresh interval one version check, and a
 * reload only when the version changed; storage out of reach keeps the catalog last loaded
 * (before any load it is a 503); a stored catalog the engine refuses is not used.
 */
import { CatalogCache } from '../../functions/storage/catalogSource';
import type { ProgramStore, StoredCatalog } from '../../functions/storage/programStore';
import { StorageUnavailable } from '../../functions/storage/storageErrors';
import { shippedCatalogData, type CatalogData } from '../../shared';

/** A store in memory, counting its calls; `down` makes every call fail as storage would. */
function fakeStore(data: CatalogData) {
  const state = { data, key: 'k1', down: false, versionChecks: 0, loads: 0 };
  const fail = () => {
    throw new StorageUnavailable('table service did not answer');
  };
  const store = {
    ensureTable: async () => (state.down ? fail() : undefined),
    seedIfEmpty: async () => (state.down ? fail() : false),
    versionKey: async () => {
      state.versionChecks++;
      return state.down ? fail() : state.key;
    },
    load: async (): Promise<StoredCatalog> => {
      state.loads++;
      if (state.down) fail();
      return { data: { ...state.data, info: { source: 'stored', version: state.key } }, versionKey: state.key, years: [] };
    },
  };
  return { state, store: store as unknown as ProgramStore };
}

const withSeatMinimum = (min: number): CatalogData => ({
  ...shippedCatalogData,
  amendments: [
    {
      programId: 'security-usage-fy26',
      effectiveFrom: '2025-10-01',
      note: 'guide',
      changes: {
        seatMinimum: min,
        sizeBands: [
          { name: 'XS', minSeats: min },
          { name: 'S', minSeats: 500 },
          { name: 'M', minSeats: 1000 },
          { name: 'L', minSeats: 2500 },
          { name: 'XL', minSeats: 5000 },
          { name: 'XXL', minSeats: 10000 },
        ],
      },
    },
  ],
});
const seatMinimumOf = (c: Awaited<ReturnType<CatalogCache['current']>>) => c.resolve('security-usage-fy26', '2026-03-01').program.seatMinimum;

describe('the cached catalog', () => {
  it('answers from memory within the refresh interval, checks the version after it, reloads only on a change', async () => {
    let now = 0;
    const { state, store } = fakeStore(withSeatMinimum(200));
    const cache = new CatalogCache(store, 30_000, () => now);
    expect(seatMinimumOf(await cache.current())).toBe(200);
    expect([state.versionChecks, state.loads]).toEqual([1, 1]);
    now = 29_999;
    await cache.current();
    expect([state.versionChecks, state.loads]).toEqual([1, 1]); // the cache-hit path asks nothing
    now = 30_000;
    await cache.current();
    expect([state.versionChecks, state.loads]).toEqual([2, 1]); // same version: not loaded again
    state.data = withSeatMinimum(250);
    state.key = 'k2';
    now = 60_000;
    expect(seatMinimumOf(await cache.current())).toBe(250);
    expect(state.loads).toBe(2);
    // A change made here: seen at the next request, whatever the interval.
    state.data = withSeatMinimum(275);
    state.key = 'k3';
    cache.invalidate();
    expect(seatMinimumOf(await cache.current())).toBe(275);
  });

  it('keeps the catalog last loaded while storage is out of reach; before any load, a 503', async () => {
    let now = 0;
    const { state, store } = fakeStore(withSeatMinimum(200));
    state.down = true;
    const cache = new CatalogCache(store, 30_000, () => now);
    await expect(cache.current()).rejects.toBeInstanceOf(StorageUnavailable);
    state.down = false;
    expect(seatMinimumOf(await cache.current())).toBe(200);
    state.down = true;
    now = 90_000;
    expect(seatMinimumOf(await cache.current())).toBe(200);
    // Asked again an interval later, not at every request.
    const checks = state.versionChecks;
    now = 119_999;
    await cache.current();
    expect(state.versionChecks).toBe(checks);
    now = 120_000;
    state.down = false;
    await cache.current();
    expect(state.versionChecks).toBe(checks + 1);
  });

  it('does not use a stored catalog the engine refuses: the last good one stays', async () => {
    let now = 0;
    const { state, store } = fakeStore(withSeatMinimum(200));
    const cache = new CatalogCache(store, 30_000, () => now);
    await cache.current();
    state.data = { ...withSeatMinimum(200), programs: [...shippedCatalogData.programs, { id: 'broken' }] };
    state.key = 'k2';
    now = 30_000;
    expect(seatMinimumOf(await cache.current())).toBe(200);
  });
});
