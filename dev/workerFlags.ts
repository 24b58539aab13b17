/**
 * The V8 flags the app's Node process runs with: in Azure through the app setting
 * `languageWorkers__node__arguments` (infra/main.bicep), under `npm start` on the tsx command
 * line (package.json), and for every server bench/api measures. test/deploy/infra.test.ts holds
 * the three to these figures.
 *
 * - Old space at three quarters of the instance's memory (Node's own advice: 1,536 MB on a
 *   2 GiB machine). Without it V8 sizes its heap for the machine it thinks it has (4 GiB here),
 *   grows its old generation lazily toward that, and on a 2 GiB Flex Consumption instance the
 *   process can be killed for memory before V8 collects.
 * - A 4 MB semi-space instead of Node's 16 MB: the API's garbage lives for one request or one
 *   batch, so a smaller young generation collects it as soon and keeps the process smaller.
 *   bench/api measures what it costs and saves (bench/README.md).
 */
export const SEMI_SPACE_MB = 4;

/** The Flex Consumption instance size the template deploys by default (infra/main.bicep, instanceMemoryMB). */
export const DEFAULT_INSTANCE_MEMORY_MB = 2048;

/** The old space for an instance of `instanceMemoryMb`. */
export function oldSpaceMb(instanceMemoryMb: number): number {
  return Math.floor((instanceMemoryMb * 3) / 4);
}

/** The flags, for an instance of `instanceMemoryMb`. */
export function workerNodeArguments(instanceMemoryMb = DEFAULT_INSTANCE_MEMORY_MB): string[] {
  return [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--max-old-space-size=${oldSpaceMb(instanceMemoryMb)}`];
}
