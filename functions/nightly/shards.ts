/**
 * How a night's work is cut: tracked workloads are keyed by tenant ID (a GUID, lower-case
 * hex), so 16 shards by the first hex digit cover every tenant with ranges the service reads
 * directly; a shard is worked in parts of at most PART_WORKLOADS workloads, each part one
 * queue message and one short invocation, the next part's message carrying where to go on.
 */

export const HEX = '0123456789abcdef';
export const SHARDS = HEX.length;
/** Workloads one invocation evaluates at most (a few seconds of work, far inside 5 minutes). */
export const PART_WORKLOADS = 5000;
/** Page size of the reads (the service's maximum). */
export const PAGE_SIZE = 1000;

/** One queue message: a part of a shard of a run. */
export interface ShardMessage {
  runId: string;
  /** The night's date, the asOfDate of every verdict. */
  night: string;
  shard: number;
  part: number;
  /** Where the previous part stopped (the SDK's continuation token), absent for part 0. */
  continuationToken?: string;
}

/** The PartitionKey range of a shard: [from, to). */
export function shardRange(shard: number): { from: string; to: string } {
  if (!Number.isInteger(shard) || shard < 0 || shard >= SHARDS) throw new RangeError(`shard must be 0 to ${SHARDS - 1}, got ${shard}`);
  return { from: HEX[shard]!, to: shard === SHARDS - 1 ? 'g' : HEX[shard + 1]! };
}

/** A message as it arrives, checked (a malformed one is poison from the start). */
export function parseShardMessage(raw: unknown): ShardMessage {
  const m = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Partial<ShardMessage> | null;
  if (
    m === null ||
    typeof m !== 'object' ||
    typeof m.runId !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(String(m.night)) ||
    !Number.isInteger(m.shard) ||
    !Number.isInteger(m.part) ||
    (m.continuationToken !== undefined && typeof m.continuationToken !== 'string')
  ) {
    throw new TypeError(`not a shard message: ${JSON.stringify(raw).slice(0, 200)}`);
  }
  shardRange(m.shard!);
  return m as ShardMessage;
}
