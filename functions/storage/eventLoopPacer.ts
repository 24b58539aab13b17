/**
 * Long work in slices: a loop over many items (rows of a large import) awaits `pace()` after
 * each one, and once a slice of work has run without a break, the loop waits for the next turn
 * of the event loop (after pending I/O and timers), so other requests (a health check, a read)
 * are answered meanwhile instead of after the whole file.
 *
 * @example
 *   const pace = eventLoopPacer();
 *   for (const row of rows) { check(row); await pace(); } // yields every ~8 ms of work
 */
import { performance } from 'node:perf_hooks';

/** Work run without letting other requests in, at most (ms); short enough for a p99 far under 100 ms. */
export const SLICE_MS = 8;

/** Resolves on the next turn of the event loop, after the I/O already waiting. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A pacer for one loop: `await pace()` yields to the event loop once `sliceMs` of work has run since the last break. */
export function eventLoopPacer(sliceMs = SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn();
    since = performance.now();
  };
}
