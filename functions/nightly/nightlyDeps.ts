/**
 * The nightly's storage, made once from the configured connection string (like the API's
 * store): tracked workloads, runs and changes, and the shard queue.
 */
import { storageConnectionString, STORAGE_SETTINGS } from '../storage/connection';
import { StorageUnavailable } from '../storage/storageErrors';
import { WorkloadStore } from '../storage/workloadStore';
import type { NightlyDeps } from './evaluatePart';
import { RunStore } from './runStore';
import { queueClient, sendShard, SHARD_QUEUE, POISON_SUFFIX } from './shardQueue';

let ready: Promise<NightlyDeps> | null = null;

export function nightlyDeps(): Promise<NightlyDeps> {
  if (!ready) {
    const connection = storageConnectionString();
    if (connection === null) return Promise.reject(new StorageUnavailable(`no storage is configured; set ${STORAGE_SETTINGS.join(' or ')}`));
    const store = new WorkloadStore(connection);
    const runs = new RunStore(connection);
    const queue = queueClient(connection);
    const poison = queueClient(connection, `${SHARD_QUEUE}${POISON_SUFFIX}`);
    const deps: NightlyDeps = { store, runs, enqueue: (m) => sendShard(queue, m), now: () => new Date() };
    ready = Promise.all([store.ensureTables(), runs.ensureTables(), queue.createIfNotExists(), poison.createIfNotExists()]).then(() => deps);
    ready.catch(() => (ready = null));
  }
  return ready;
}

export function resetNightlyDeps(): void {
  ready = null;
}
