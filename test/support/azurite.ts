import { startAzurite, type Azurite, type AzuriteOptions } from '../../dev/azurite';
import { resetTrackedStore } from '../../functions/storage/trackedStore';
import { resetNightlyDeps } from '../../functions/nightly/nightlyDeps';
import { resetProgramCatalog } from '../../functions/storage/catalogSource';

/**
 * A real Azurite on free ports for the file's tests (in memory unless a location is given),
 * stopped after them. Points the app's store at it through INCENTIVES_STORAGE.
 */
export function useAzurite(options: AzuriteOptions = {}): () => Azurite {
  let azurite: Azurite | undefined;
  const saved = process.env.INCENTIVES_STORAGE;
  beforeAll(async () => {
    azurite = await startAzurite(options);
    process.env.INCENTIVES_STORAGE = azurite.connectionString;
    resetTrackedStore();
    resetNightlyDeps();
    resetProgramCatalog();
  }, 40_000);
  afterAll(async () => {
    await azurite?.stop();
    if (saved === undefined) delete process.env.INCENTIVES_STORAGE;
    else process.env.INCENTIVES_STORAGE = saved;
    resetTrackedStore();
    resetNightlyDeps();
    resetProgramCatalog();
  });
  return () => {
    if (!azurite) throw new Error('Azurite is not started');
    return azurite;
  };
}

/** Tenant IDs for tests: GUIDs that differ in their last digits. */
export function tenant(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
