/**
 * The queue the nightly fans out over (Azure Storage queues; Azurite serves them too).
 * Messages are base64-encoded JSON, the encoding the Functions host's queue trigger reads by
 * default (host.json extensions.queues.messageEncoding).
 */
import { QueueClient } from '@azure/storage-queue';
import { withRetry, DEFAULT_RETRY, type RetryPolicy } from '../storage/retry';
import type { ShardMessage } from './shards';
import type { StorageConnection } from '../storage/connection';

export const SHARD_QUEUE = 'nightly-shards';
/** Where the Functions host moves a message that failed maxDequeueCount times. */
export const POISON_SUFFIX = '-poison';
/** host.json extensions.queues.maxDequeueCount (the host's default). */
export const MAX_DEQUEUE_COUNT = 5;

export function encodeMessage(message: unknown): string {
  return Buffer.from(JSON.stringify(message)).toString('base64');
}

export function decodeMessage(text: string): unknown {
  const json = /^[A-Za-z0-9+/=\s]+$/.test(text) ? Buffer.from(text, 'base64').toString('utf8') : text;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/** A queue client from a connection string, or from an account's queue endpoint and its token credential. */
export function queueClient(connection: StorageConnection, name = SHARD_QUEUE): QueueClient {
  const options = { retryOptions: { maxTries: 1 } };
  if (typeof connection !== 'string') return new QueueClient(`${connection.queueEndpoint.replace(/\/+$/, '')}/${name}`, connection.credential(), options);
  return new QueueClient(connection, name, options);
}

/** Send a shard message (retried like every storage call). */
export async function sendShard(queue: QueueClient, message: ShardMessage, retry: RetryPolicy = DEFAULT_RETRY): Promise<void> {
  await withRetry('queueing a shard', () => queue.sendMessage(encodeMessage(message)), retry);
}
