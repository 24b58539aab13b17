/**
 * How long the event loop was held, measured so that a loaded machine does not show as a
 * blocked loop: a timer ticks every few milliseconds and, between two ticks, the process's CPU
 * time (of its main thread) spent is the work the loop did without a break (a process that waits for a core spends
 * none). Wall-clock delays are kept beside it for the report.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

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
  /** Wall-clock milliseconds between two ticks (includes waiting for a core). */
  maxWallMs: number;
  p99WallMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Start watching; `stop()` ends the ticker and returns the figures. */
export function watchLoopBlocking(tickMs = 2): { stop: () => LoopBlocking } {
  const cpu: number[] = [];
  const wall: number[] = [];
  let lastCpu = mainThreadCpuMs();
  let lastWall = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const used = mainThreadCpuMs();
    const now = performance.now();
    cpu.push(used - lastCpu);
    wall.push(now - lastWall);
    lastCpu = used;
    lastWall = performance.now();
    timer = setTimeout(tick, tickMs);
  };
  timer = setTimeout(tick, tickMs);
  return {
    stop: () => {
      clearTimeout(timer);
      tick();
      clearTimeout(timer);
      return { turns: cpu.length, maxCpuMs: Math.max(...cpu), p99CpuMs: percentile(cpu, 99), maxWallMs: Math.max(...wall), p99WallMs: percentile(wall, 99) };
    },
  };
}
