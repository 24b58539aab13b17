/**
 * Retrying storage calls that failed for a passing reason (500, 503, 408, a timeout, a refused
 * or reset connection) with capped exponential backoff and jitter. Nothing retries forever:
 * after the last attempt, or once the policy's time budget is spent, the error is a
 * StorageUnavailable saying what failed. A 4xx answer (conflict, stale ETag, not found) is
 * never retried: it is the answer.
 *
 * A retried write may meet its own earlier attempt (applied by storage, its answer lost): a
 * create then sees 409, a conditional update 412, a delete 404. withRetry cannot tell; the
 * store does, by comparing what is stored with what it sent (see workloadStore.ts).
 */
import { StorageUnavailable } from './storageErrors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubled for each next one. */
  baseDelayMs: number;
  /** No delay exceeds this. */
  maxDelayMs: number;
  /**
   * No new attempt starts once this much time has passed since the first one began (the
   * attempt under way is itself bounded by the client's request timeout, 3 s: see
   * connection.ts). Omitted: only `attempts` bounds the retries.
   */
  budgetMs?: number;
}

/**
 * About 6 s of patience, then the caller hears "unavailable": enough for a restarting emulator
 * or a throttled account, and with the 3 s request timeout an API answer within about 9 s even
 * when the table service accepts connections and never answers.
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 100, maxDelayMs: 2_000, budgetMs: 6_000 };

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
export async function withRetry<T>(
  what: string,
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  now: () => number = Date.now,
): Promise<T> {
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isTransient(e)) throw e;
      if (attempt >= policy.attempts) throw new StorageUnavailable(`${what} failed ${attempt} times; last: ${describe(e)}`);
      const delay = backoffDelay(attempt, policy);
      const spent = now() - started;
      if (policy.budgetMs !== undefined && spent + delay >= policy.budgetMs) {
        throw new StorageUnavailable(`${what} failed ${attempt} time${attempt === 1 ? '' : 's'} in ${(spent / 1000).toFixed(1)} s (the limit is ${policy.budgetMs / 1000} s); last: ${describe(e)}`);
      }
      await sleep(delay);
    }
  }
}
