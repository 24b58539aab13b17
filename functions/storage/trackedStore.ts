/**
 * The store the HTTP handlers use, made once from the configured connection string, with its
 * tables created on first use. Without a configured storage the tracked-customer endpoints
 * answer 503 saying which setting to set.
 */
import { programCatalog } from './catalogSource';
import { storageConnection, STORAGE_SETTINGS } from './connection';
import { StorageUnavailable } from './storageErrors';
import { WorkloadStore } from './workloadStore';

let ready: Promise<WorkloadStore> | null = null;

export function trackedStore(): Promise<WorkloadStore> {
  if (!ready) {
    const connection = storageConnection();
    if (connection === null)
      return Promise.reject(
        new StorageUnavailable(
          `no storage is configured; set ${STORAGE_SETTINGS.join(' or ')} to a connection string, or ${STORAGE_SETTINGS[1]}__accountName for the app's managed identity (npm start sets a connection string to its own Azurite)`,
        ),
      );
    const store = new WorkloadStore(connection);
    // The stored catalog loaded once before the first write (derived columns use it, catalogSource.ts).
    ready = store
      .ensureTables()
      .then(() => programCatalog())
      .then(() => store);
    // A failure is not remembered: the next request tries again.
    ready.catch(() => (ready = null));
  }
  return ready;
}

/** Forget the store (tests point the app at another storage). */
export function resetTrackedStore(): void {
  ready = null;
}
