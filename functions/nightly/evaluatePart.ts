/**
 * One invocation of the nightly: evaluate one part of one shard. For each tracked workload it
 * computes tonight's state with the engine, compares it with the stored one, and only when
 * they differ writes the change events (each at most once per night) and then the new state
 * (with the ETag read, so a record changed meanwhile is read again rather than overwritten).
 * A part processed twice has the effect of once: its events exist, its states are equal, its
 * part row is recorded once.
 */
import { odata, type TableEntityResult } from '@azure/data-tables';
import { defaultCatalog, EngineInputError, parseWith, reevaluate, sameState, WorkloadFactsSchema, type UsageMonth, type WorkloadState } from '../../shared';
import { textValue } from '../storage/filters';
import { statusOf } from '../storage/storageErrors';
import { factsFor, fromUsageEntity, fromWorkloadEntity } from '../storage/trackedWorkload';
import type { WorkloadStore } from '../storage/workloadStore';
import type { PartResult, RunStore, StoredChange } from './runStore';
import { PAGE_SIZE, PART_WORKLOADS, shardRange, type ShardMessage } from './shards';
import type { WatchPolicy } from './watchdog';

export interface NightlyDeps {
  store: WorkloadStore;
  runs: RunStore;
  enqueue(message: ShardMessage): Promise<void>;
  now(): Date;
  /** Workloads per part (tests use small parts). */
  partWorkloads?: number;
  /** Called before each workload is evaluated (tests use it to fail half-way). */
  beforeWorkload?(index: number, message: ShardMessage): void;
  /** When a silent shard is queued again and a run expires (default: watchPolicy() from the environment). */
  watch?: WatchPolicy;
}

type Row = TableEntityResult<Record<string, unknown>>;

/** Usage months of the tenants from `first` to `last`, by `tenant|workload`. */
async function usageOf(store: WorkloadStore, first: string, last: string): Promise<Map<string, UsageMonth[]>> {
  const filter = odata`PartitionKey ge ${textValue(first, 'tenantId')} and PartitionKey le ${textValue(last, 'tenantId')}`;
  const out = new Map<string, UsageMonth[]>();
  for await (const e of store.usage.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    const key = `${e.partitionKey}|${String(e.workload)}`;
    let months = out.get(key);
    if (!months) out.set(key, (months = []));
    months.push(fromUsageEntity(e));
  }
  for (const months of out.values()) months.sort((a, b) => (a.month < b.month ? -1 : 1));
  return out;
}

interface Outcome {
  /** This run wrote the workload's state (in this attempt or an earlier one of the same run). */
  written: boolean;
  /** ... and it was the workload's first state. */
  first: boolean;
  changes: number;
  error: boolean;
}

const NOTHING: Outcome = { written: false, first: false, changes: 0, error: false };

/** Evaluate one workload row; write its events and new state if it changed. */
async function evaluateRow(deps: NightlyDeps, message: ShardMessage, row: Row, history: readonly UsageMonth[]): Promise<Outcome> {
  const record = fromWorkloadEntity(row);
  let facts;
  try {
    facts = parseWith(WorkloadFactsSchema, factsFor(record, history, message.night));
  } catch (e) {
    // A record the engine cannot judge (e.g. a filed claim without its baseline) is counted, not fatal.
    if (e instanceof EngineInputError) return { ...NOTHING, error: true };
    throw e;
  }
  const before = typeof row.nightState === 'string' ? (JSON.parse(row.nightState) as WorkloadState) : null;
  const { state, changes, retracted } = reevaluate(defaultCatalog, facts, before);
  // The row says which run wrote its state: an attempt of this run that failed after writing
  // it (or a copy of this part running beside us) still counts it, once, as this run's write.
  const mine = row.nightRun === message.runId;
  if (sameState(before, state)) return { ...NOTHING, written: mine, first: mine && row.nightFirst === true };
  const first = before === null || (mine && row.nightFirst === true);
  const time = deps.now().toISOString();
  const stored: StoredChange[] = changes.map((c) => ({ night: message.night, tenantId: record.tenantId, workload: record.workload, ...(record.customerName ? { customerName: record.customerName } : {}), kind: c.kind, before: c.before, after: c.after, reasons: c.reasons, advice: c.advice, time, runId: message.runId }));
  await deps.runs.recordChanges(stored, retracted.map((kind) => ({ night: message.night, tenantId: record.tenantId, workload: record.workload, kind })));
  const next = { partitionKey: row.partitionKey!, rowKey: row.rowKey!, nightState: JSON.stringify(state), nightOf: message.night, nightRun: message.runId, nightFirst: first, sizeBand: state.sizeBand, eligible: state.eligible, evaluatedOn: message.night };
  await deps.store.workloads.updateEntity(next, 'Merge', { etag: row.etag });
  return { written: true, first, changes: stored.length, error: false };
}

/** Evaluate a row, reading it again when it changed since the page was read (412). */
async function evaluateWithRetry(deps: NightlyDeps, message: ShardMessage, row: Row, history: readonly UsageMonth[]): Promise<Outcome> {
  let current = row;
  for (let attempt = 1; ; attempt++) {
    try {
      return await evaluateRow(deps, message, current, history);
    } catch (e) {
      if (statusOf(e) === 404) return NOTHING; // deleted meanwhile
      if (statusOf(e) !== 412 || attempt >= 3) throw e;
      current = await deps.store.workloads.getEntity<Record<string, unknown>>(row.partitionKey!, row.rowKey!);
    }
  }
}

/**
 * Process one part: returns what it did, or null when there is nothing to do: the part was
 * done already (a repeated message), or its run is over (cancelled or expired). A part of a
 * run whose row storage lost records the run again first, so the run never vanishes. The
 * next part's message is sent before this part is recorded, so a crash in between repeats
 * the part (harmless) rather than losing the rest of the shard; the part's row keeps where
 * the next part starts, so the watchdog can send a lost next message again.
 */
export async function evaluatePart(deps: NightlyDeps, message: ShardMessage): Promise<PartResult | null> {
  const run = await deps.runs.getRun(message.runId);
  if (run === null) await deps.runs.rebuildRun(message.runId, message.night, deps.now());
  else if (run.status !== 'running') return null;
  if (await deps.runs.partDone(message.runId, message.shard, message.part)) return null;
  const limit = deps.partWorkloads ?? PART_WORKLOADS;
  const { from, to } = shardRange(message.shard);
  const filter = odata`PartitionKey ge ${from} and PartitionKey lt ${to}`;
  const result: PartResult = { shard: message.shard, part: message.part, evaluated: 0, written: 0, firstStates: 0, changes: 0, errors: 0, last: true };
  let token: string | undefined = message.continuationToken;
  let index = 0;
  do {
    const pages = deps.store.workloads.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(PAGE_SIZE, limit - result.evaluated), continuationToken: token });
    const next = await pages.next();
    if (next.done) {
      token = undefined;
      break;
    }
    const page = next.value as Row[] & { continuationToken?: string };
    token = page.continuationToken;
    if (page.length === 0) continue;
    const usage = await usageOf(deps.store, page[0]!.partitionKey!, page[page.length - 1]!.partitionKey!);
    for (const row of page) {
      deps.beforeWorkload?.(index++, message);
      const outcome = await evaluateWithRetry(deps, message, row, usage.get(`${row.partitionKey}|${row.rowKey}`) ?? []);
      result.evaluated++;
      if (outcome.written) result.written++;
      if (outcome.first) result.firstStates++;
      if (outcome.error) result.errors++;
      result.changes += outcome.changes;
    }
  } while (token !== undefined && result.evaluated < limit);
  if (token !== undefined) {
    result.last = false;
    result.next = token;
    await deps.enqueue({ runId: message.runId, night: message.night, shard: message.shard, part: message.part + 1, continuationToken: token });
  }
  await deps.runs.recordPart(message.runId, result, deps.now());
  if (result.last) await deps.runs.finishIfDone(message.runId, deps.now());
  return result;
}
