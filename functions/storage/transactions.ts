/**
 * Bulk writes as table transactions, cut to the real service's rules, which our code enforces
 * itself because Azurite accepts batches the service rejects: one PartitionKey per batch, at
 * most 100 operations, one operation per entity, and a request under 4 MiB. Input that breaks
 * a rule is split (or, for two writes of one entity, reduced to the last), never sent as is.
 */
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { withRetry, type RetryPolicy, DEFAULT_RETRY } from './retry';

export const MAX_BATCH_OPERATIONS = 100;
/** The service's limit is 4 MiB per batch request; we keep a margin for the multipart framing. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;
/** Framing of one operation in the multipart body (boundary, request line, headers). */
const OPERATION_OVERHEAD_BYTES = 600;

type Entity = TableEntity<Record<string, unknown>>;

function entityOf(action: TransactionAction): Entity {
  const [, entity] = action as [string, Entity];
  return entity;
}

function bytesOf(action: TransactionAction): number {
  return Buffer.byteLength(JSON.stringify(entityOf(action))) + OPERATION_OVERHEAD_BYTES;
}

/**
 * The actions cut into valid transactions: grouped by partition (in first-seen order), each
 * entity's last action kept, at most 100 operations and under 4 MiB per transaction.
 */
export function planTransactions(actions: readonly TransactionAction[]): TransactionAction[][] {
  const byPartition = new Map<string, Map<string, TransactionAction>>();
  for (const action of actions) {
    const { partitionKey, rowKey } = entityOf(action);
    let rows = byPartition.get(partitionKey);
    if (!rows) byPartition.set(partitionKey, (rows = new Map()));
    // One operation per entity: a later write of the same row replaces the earlier one.
    rows.delete(rowKey);
    rows.set(rowKey, action);
  }
  const batches: TransactionAction[][] = [];
  for (const rows of byPartition.values()) {
    let batch: TransactionAction[] = [];
    let bytes = 0;
    for (const action of rows.values()) {
      const size = bytesOf(action);
      if (batch.length > 0 && (batch.length >= MAX_BATCH_OPERATIONS || bytes + size > MAX_BATCH_BYTES)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(action);
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}

/** Send one planned transaction, retried on transient failures (a batch is all or nothing). */
export async function submitBatch(client: TableClient, batch: TransactionAction[], policy: RetryPolicy = DEFAULT_RETRY): Promise<void> {
  await withRetry(`a batch of ${batch.length} writes to ${client.tableName}`, () => client.submitTransaction(batch), policy);
}

/** Run tasks with at most `limit` in flight; the first failure stops new starts and is thrown. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await task(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
