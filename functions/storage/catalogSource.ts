/**
 * The one catalog the API and the nightly evaluate with: the stored one (programStore.ts),
 * seeded from the shipped programs on first start, loaded once and kept. The cache-hit path is
 * a time comparison; at most every CATALOG_REFRESH_SECONDS (30 by default) one small query
 * (ids and versions of the program years) tells whether anything changed, and only then is the
 * catalog loaded and validated again. A change made through this app takes effect at once, a
 * change made by another instance within the refresh interval (under a minute).
 *
 * Without a configured storage the app computes with the shipped catalog (and every answer
 * says its figures are examples). When storage is out of reach after the catalog was loaded,
 * the loaded one is kept (and storage asked again an interval later); a stored catalog that no
 * longer validates is not used (the last good one is kept).
 */
import { defaultCatalog, loadCatalog, shippedCatalogData, type Catalog } from '../../shared';
import { storageConnection } from './connection';
import { ProgramStore } from './programStore';
import { StorageUnavailable } from './storageErrors';

const DEFAULT_REFRESH_SECONDS = 30;

function refreshMs(env: Record<string, string | undefined> = process.env): number {
  const seconds = Number(env.CATALOG_REFRESH_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_REFRESH_SECONDS * 1000;
}

export class CatalogCache {
  private catalog: Catalog | null = null;
  private key: string | null = null;
  private checkedAt = 0;
  private pending: Promise<Catalog> | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    readonly store: ProgramStore,
    private readonly refreshEveryMs: number = refreshMs(),
    private readonly now: () => number = Date.now,
    private readonly clock: () => string = () => new Date().toISOString(),
  ) {}

  /** The catalog in force: the cached one while it is fresh, else checked (and loaded) again. */
  current(): Promise<Catalog> {
    const catalog = this.catalog;
    if (catalog !== null && this.now() - this.checkedAt < this.refreshEveryMs) return Promise.resolve(catalog);
    this.pending ??= this.refresh().finally(() => (this.pending = null));
    return this.pending;
  }

  /** The catalog last loaded (the shipped one before the first load), for synchronous callers. */
  loaded(): Catalog {
    return this.catalog ?? defaultCatalog;
  }

  /** Forget the freshness: the next `current()` checks the store (after a change made here). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  /** The table exists and holds a catalog (the shipped programs on first start). */
  prepare(): Promise<void> {
    if (!this.ready) {
      this.ready = (async () => {
        await this.store.ensureTable();
        await this.store.seedIfEmpty(shippedCatalogData, this.clock());
      })();
      this.ready.catch(() => (this.ready = null));
    }
    return this.ready;
  }

  private async refresh(): Promise<Catalog> {
    try {
      await this.prepare();
      const key = await this.store.versionKey();
      if (this.catalog !== null && key === this.key) {
        this.checkedAt = this.now();
        return this.catalog;
      }
      const stored = await this.store.load();
      const catalog = loadCatalog(stored.data);
      this.catalog = catalog;
      this.key = stored.versionKey;
      this.checkedAt = this.now();
      return catalog;
    } catch (e) {
      // Keep answering with the figures last loaded, and ask storage again an interval later
      // (not at every request: each would wait for the retries).
      if (this.catalog !== null) {
        this.checkedAt = this.now();
        return this.catalog;
      }
      if (e instanceof StorageUnavailable) throw e;
      throw new StorageUnavailable(`the program catalog could not be loaded (${e instanceof Error ? e.message : String(e)})`);
    }
  }
}

let cache: CatalogCache | null = null;
let unconfigured = false;

/** The app's catalog cache, or null when no storage is configured. */
export function catalogCache(): CatalogCache | null {
  if (cache === null && !unconfigured) {
    const connection = storageConnection();
    if (connection === null) unconfigured = true;
    else cache = new CatalogCache(new ProgramStore(connection));
  }
  return cache;
}

/** The catalog the API and the nightly evaluate with now. */
export function programCatalog(): Promise<Catalog> {
  const c = catalogCache();
  return c === null ? Promise.resolve(defaultCatalog) : c.current();
}

/** The catalog last loaded, for code that cannot wait (the stored workloads' derived columns). */
export function loadedCatalog(): Catalog {
  return cache?.loaded() ?? defaultCatalog;
}

/** Forget the cache (tests point the app at another storage). */
export function resetProgramCatalog(): void {
  cache = null;
  unconfigured = false;
}
