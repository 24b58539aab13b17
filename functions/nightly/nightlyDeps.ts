/**
 * The nightly's storage, made once from the configured connection string (like the API's
 * store): tracked workloads, runs and changes, and the shard queue. Reading runs and changes
 * needs tables only; the queue is made on the first message sent, and a connection string
 * without a queue endpoint says so (503) rather than failing obscurely.
 */
import type { QueueClient } from '@azure/storage-queue';
import type { Catalog } from '../../shared';
import { storageConnection, STORAGE_SETTINGS, type StorageConnection } from '../storage/connection';
import { StorageUnavailable } from '../storage/storageErrors';
import { trackedStore } from '../storage/trackedStore';
import type { WorkloadStore } from '../storage/workloadStore';
import { RunStore } from './runStore';
import { POISON_SUFFIX, queueClient, sendShard, SHARD_QUEUE } from './shardQueue';
import type { ShardMessage } from './shards';
import type { WatchPolicy } from './watchdog';

/** What the nightly's functions work with: the stores, the shard queue and the clock (tests give their own). */
export interface NightlyDeps {
  store: WorkloadStore;
  runs: RunStore;
  enqueue(message: ShardMessage): Promise<void>;
  now(): Date;
  /** Workloads per part (tests use small parts). */
  partWorkloads?: number;
  /** Called before each workload is evaluated (tests use it to fail half-way). */
  beforeWorkload?(index: number, message: ShardMessage): void;
  /** The program catalog to evaluate with (default: the app's stored catalog, catalogSource.ts). */
  catalog?: () => Promise<Catalog>;
  /** When a silent shard is queued again and a run expires (default: watchPolicy() from the environment). */
  watch?: WatchPolicy;
}

let ready: Promise<NightlyDeps> | null = null;

/** The shard queue (and its poison queue), created on first use. */
function lazyQueue(connection: StorageConnection): () => Promise<QueueClient> {
  let made: Promise<QueueClient> | null = null;
  return () => {
    made ??= (async () => {
      let queue: QueueClient;
      let poison: QueueClient;
      try {
        queue = queueClient(connection);
        poison = queueClient(connection, `${SHARD_QUEUE}${POISON_SUFFIX}`);
      } catch (e) {
        throw new StorageUnavailable(`the storage connection string has no queue endpoint the nightly can use (${e instanceof Error ? e.message : String(e)})`);
      }
      await Promise.all([queue.createIfNotExists(), poison.createIfNotExists()]);
      return queue;
    })();
    made.catch(() => (made = null));
    return made;
  };
}

export function nightlyDeps(): Promise<NightlyDeps> {
  if (!ready) {
    const connection = storageConnection();
    if (connection === null) return Promise.reject(new StorageUnavailable(`no storage is configured; set ${STORAGE_SETTINGS.join(' or ')}`));
    const runs = new RunStore(connection);
    const queue = lazyQueue(connection);
    // The tracked workloads are the API's own store (same connection, tables made once).
    ready = Promise.all([trackedStore(), runs.ensureTables()]).then(([store]) => ({ store, runs, enqueue: async (m: ShardMessage) => sendShard(await queue(), m), now: () => new Date() }));
    ready.catch(() => (ready = null));
  }
  return ready;
}

export function resetNightlyDeps(): void {
  ready = null;
}
