/**
 * The retries of a storage call stop within the policy's time budget, not only after the
 * attempts: with each attempt ending in a 3 s request timeout (a table service that accepts
 * connections and never answers), the default policy gives up after two attempts, about 6 s,
 * and says how long it tried. The clock is simulated: nothing here waits.
 */
import { DEFAULT_RETRY, withRetry } from '../../functions/storage/retry';
import { STORAGE_REQUEST_TIMEOUT_MS } from '../../functions/storage/connection';
import { StorageUnavailable } from '../../functions/storage/storageErrors';

function simulatedClock(): { now: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, sleep: async (ms) => void (t += ms), advance: (ms) => void (t += ms) };
}

describe('the time budget of a storage call', () => {
  it('gives up on a service that never answers after about 6 s of timeouts, well before its attempts run out', async () => {
    const clock = simulatedClock();
    let calls = 0;
    const timingOut = () => {
      calls++;
      clock.advance(STORAGE_REQUEST_TIMEOUT_MS);
      return Promise.reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }));
    };
    const error = await withRetry('reading a tracked workload', timingOut, DEFAULT_RETRY, clock.sleep, clock.now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailable);
    expect((error as Error).message).toMatch(/reading a tracked workload failed 2 times in 6\.\d s \(the limit is 6 s\)/);
    expect(calls).toBe(2);
    expect(calls).toBeLessThan(DEFAULT_RETRY.attempts);
    // The answer comes within about 10 s of the first attempt.
    expect(clock.now()).toBeLessThan(10_000);
  });

  it('keeps retrying refused connections (a restarting emulator) for the budget, then stops', async () => {
    const clock = simulatedClock();
    let calls = 0;
    const refused = () => (calls++, clock.advance(5), Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
    await expect(withRetry('writing', refused, DEFAULT_RETRY, clock.sleep, clock.now)).rejects.toThrow(StorageUnavailable);
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(clock.now()).toBeLessThanOrEqual(DEFAULT_RETRY.budgetMs!);
  });

  it('succeeds when storage comes back within the budget', async () => {
    const clock = simulatedClock();
    let calls = 0;
    const back = () => (++calls < 4 ? (clock.advance(STORAGE_REQUEST_TIMEOUT_MS / 3), Promise.reject({ statusCode: 503 })) : Promise.resolve('ok'));
    await expect(withRetry('reading', back, DEFAULT_RETRY, clock.sleep, clock.now)).resolves.toBe('ok');
  });
});
