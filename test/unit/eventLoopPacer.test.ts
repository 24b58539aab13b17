/**
 * Long work in slices: a loop that awaits `pace()` after each item lets other callbacks (a
 * health check's, a read's) run once a slice of work has gone by, not after the whole loop.
 * Each item here busy-waits 1 ms of wall clock, so a slice of 8 ms is at most 8 items whatever
 * the machine's load.
 */
import { performance } from 'node:perf_hooks';
import { eventLoopPacer } from '../../functions/storage/eventLoopPacer';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // one item's work
  }
}

/** Runs `items` items of 1 ms, pacing with `pace`; returns how many were done each time another callback got in. */
async function othersGotInAt(items: number, pace: () => Promise<void>): Promise<number[]> {
  let done = 0;
  let running = true;
  const seen: number[] = [];
  const other = () => {
    if (!running) return;
    seen.push(done);
    setImmediate(other);
  };
  setImmediate(other);
  for (let i = 0; i < items; i++) {
    busy(1);
    done++;
    await pace();
  }
  running = false;
  return seen;
}

describe('eventLoopPacer', () => {
  it('lets other callbacks in after every slice of work (8 ms: at most 8 items of 1 ms)', async () => {
    const seen = await othersGotInAt(100, eventLoopPacer(8));
    expect(seen.length).toBeGreaterThanOrEqual(12);
    const gaps = seen.map((n, i) => n - (i === 0 ? 0 : seen[i - 1]!));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(8);
  });

  it('without a break, nothing else runs until the loop ends (what the test above tells apart)', async () => {
    const seen = await othersGotInAt(20, async () => {});
    expect(seen).toEqual([]);
  });
});
