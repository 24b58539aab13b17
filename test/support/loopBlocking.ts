/**
 * How long the event loop was held, measured so that a loaded machine does not show as a
 * blocked loop: a timer ticks every few milliseconds and, between two ticks, the process's CPU
 * time (of its main thread) spent is the work the loop did without a break (a process that waits for a core spends
 * none). Garbage collection's pauses within each gap are measured too (V8's own `gc` entries), so
 * the work outside them can be told from a collection of a large heap: on a crowded machine, with
 * its helper threads starved, a major collection's pause in a long-lived test worker can grow to
 * hundreds of milliseconds whatever the code under test does. Wall-clock delays are kept beside
 * it for the report.
 */
import { readFileSync } from 'node:fs';
import { performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

const MAIN_THREAD_STAT = `/proc/self/task/${process.pid}/stat`;

/**
 * CPU milliseconds of the main thread alone where Linux tells it (/proc, in 10 ms ticks): the
 * garbage collector's and the thread pool's threads are not the event loop. Elsewhere the whole
 * process's CPU time, which can only say more.
 */
function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(MAIN_THREAD_STAT, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

export interface LoopBlocking {
  /** Gaps between ticks measured. */
  turns: number;
  /** CPU milliseconds spent between two ticks: the longest and the 99th percentile. */
  maxCpuMs: number;
  p99CpuMs: number;
  /** The longest, less the garbage collection pauses within each gap: what the code itself held. */
  maxCpuOutsideGcMs: number;
  /** Milliseconds of garbage collection pauses within the gap of the most CPU. */
  gcInLongestMs: number;
  /** Wall-clock milliseconds between two ticks (includes waiting for a core). */
  maxWallMs: number;
  p99WallMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Milliseconds of the pauses that fall within [from, to] (performance.now() times). */
export function pausedWithin(pauses: ReadonlyArray<Pick<PerformanceEntry, 'startTime' | 'duration'>>, from: number, to: number): number {
  let total = 0;
  for (const p of pauses) total += Math.max(0, Math.min(to, p.startTime + p.duration) - Math.max(from, p.startTime));
  return total;
}

/** Start watching; `stop()` ends the ticker and resolves to the figures. */
export function watchLoopBlocking(tickMs = 2): { stop: () => Promise<LoopBlocking> } {
  const cpu: number[] = [];
  const gaps: Array<[from: number, to: number]> = [];
  const pauses: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => pauses.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  let lastCpu = mainThreadCpuMs();
  let lastWall = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const used = mainThreadCpuMs();
    const now = performance.now();
    cpu.push(used - lastCpu);
    gaps.push([lastWall, now]);
    lastCpu = used;
    lastWall = performance.now();
    timer = setTimeout(tick, tickMs);
  };
  timer = setTimeout(tick, tickMs);
  return {
    stop: async () => {
      clearTimeout(timer);
      tick();
      clearTimeout(timer);
      // Node hands over gc entries after the turn they happen in: one more turn, then whatever is still buffered.
      await new Promise((resolve) => setImmediate(resolve));
      pauses.push(...observer.takeRecords());
      observer.disconnect();
      const gc = gaps.map(([from, to]) => pausedWithin(pauses, from, to));
      const longest = cpu.indexOf(Math.max(...cpu));
      const wall = gaps.map(([from, to]) => to - from);
      return {
        turns: cpu.length,
        maxCpuMs: cpu[longest]!,
        p99CpuMs: percentile(cpu, 99),
        maxCpuOutsideGcMs: Math.max(...cpu.map((ms, i) => Math.max(0, ms - gc[i]!))),
        gcInLongestMs: gc[longest]!,
        maxWallMs: Math.max(...wall),
        p99WallMs: percentile(wall, 99),
      };
    },
  };
}
