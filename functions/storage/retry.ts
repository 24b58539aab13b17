/**
 * Retrying storage calls that failed for a passing reason (500, 503, 408, a timeout, a refused
 * or reset connection) with capped exponential backoff and jitter. Nothing retries forever:
 * after the last attempt the error is a StorageUnavailable saying what failed. A 4xx answer
 * (conflict, stale ETag, not found) is never retried: it is the answer.
 */
import { StorageUnavailable } from './storageErrors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubled for each next one. */
  baseDelayMs: number;
  /** No delay exceeds this. */
  maxDelayMs: number;
}

/** About 20 s of patience in all: enough for a restarting emulator or a throttled account. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 100, maxDelayMs: 5_000 };

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'REQUEST_SEND_ERROR']);

/** True for failures worth another attempt. */
export function isTransient(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { statusCode?: number; code?: string; name?: string; cause?: unknown };
  if (err.statusCode === 500 || err.statusCode === 503 || err.statusCode === 408 || err.statusCode === 502 || err.statusCode === 504) return true;
  if (err.statusCode !== undefined && err.statusCode >= 400) return false;
  if (err.code !== undefined && TRANSIENT_CODES.has(err.code)) return true;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  return err.cause !== undefined && err.cause !== e ? isTransient(err.cause) : false;
}

/** The delay before attempt `attempt` (1 = the first retry): capped, with up to 50% jitter. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

function describe(e: unknown): string {
  if (typeof e !== 'object' || e === null) return String(e);
  const err = e as { statusCode?: number; code?: string; message?: string };
  return [err.statusCode ? `HTTP ${err.statusCode}` : '', err.code ?? '', err.message ?? ''].filter(Boolean).join(' ');
}

/** Run `call`, retrying transient failures by the policy. */
export async function withRetry<T>(what: string, call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isTransient(e)) throw e;
      if (attempt >= policy.attempts) throw new StorageUnavailable(`${what} failed ${attempt} times; last: ${describe(e)}`);
      await sleep(backoffDelay(attempt, policy));
    }
  }
}
