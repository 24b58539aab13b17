/**
 * The import test's measure of a held event loop takes garbage collection pauses out of each gap
 * between its ticks: only the part of a pause inside the gap counts.
 */
import { pausedWithin } from '../support/loopBlocking';

describe('pausedWithin (garbage collection pauses inside a gap between two ticks)', () => {
  const pauses = [
    { startTime: 10, duration: 5 }, // 10-15
    { startTime: 18, duration: 4 }, // 18-22
    { startTime: 40, duration: 100 }, // 40-140
  ];

  it('adds up the pauses wholly inside the gap', () => {
    expect(pausedWithin(pauses, 5, 30)).toBe(9);
  });

  it('counts only the part of a pause that overlaps the gap, at either end', () => {
    expect(pausedWithin(pauses, 12, 20)).toBe(3 + 2);
    expect(pausedWithin(pauses, 100, 200)).toBe(40);
  });

  it('counts nothing for a gap between pauses or with no pauses', () => {
    expect(pausedWithin(pauses, 22, 40)).toBe(0);
    expect(pausedWithin([], 0, 1000)).toBe(0);
  });
});
