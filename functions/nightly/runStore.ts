/**
 * Runs of the nightly re-evaluation and the change feed, in Table Storage:
 * - `runs`: PartitionKey `run`, RowKey runId: one row per run (night, trigger, status, times);
 *   PartitionKey runId, RowKey `part|<shard>|<part>`: one row per finished part (counts, when
 *   it was recorded, where the next part starts, and `last` when the shard ends there, `poison`
 *   when it kept failing); RowKey `requeue|<shard>`: the watchdog's last re-queue of a silent
 *   shard (which part, how often, when); PartitionKey `lock`, RowKey `nightly`: the run lock.
 * - `runs`, PartitionKey `digest`, RowKey runId: the morning digest of a finished run (sent
 *   once: the row is created by the one sender, then updated with its ETag; digest.ts).
 * - `changes`: PartitionKey the night (`2026-11-22`), RowKey `<tenantId>|<workload>|<kind>`:
 *   one event per workload, kind and night, so a part processed twice writes each event once.
 * Progress is counted from the part rows, never kept in a counter several invocations update.
 */
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { ChangeEvent, ChangeKind } from '../../shared';
import { tableClient, type StorageConnection } from '../storage/connection';
import { allOf, checkedToken, textValue, type Clause } from '../storage/filters';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../storage/retry';
import { statusOf } from '../storage/storageErrors';
import { SHARDS } from './shards';

export const RUNS_TABLE = 'runs';
export const CHANGES_TABLE = 'changes';
/** A lock older than this belongs to a run that died: the next start takes it over. */
export const LOCK_STALE_MS = 6 * 60 * 60 * 1000;

export type RunStatus = 'running' | 'completed' | 'completed-with-errors' | 'cancelled' | 'expired';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'completed-with-errors', 'cancelled', 'expired'];

export interface Run {
  runId: string;
  night: string;
  trigger: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  shardsTotal: number;
  /** Why a run was cancelled or expired, in words. */
  reason?: string;
  /** Set when the run's row was lost by storage and rebuilt from a shard message (says so in words). */
  rebuilt?: string;
}

export interface RunProgress extends Run {
  shardsDone: number;
  partsDone: number;
  workloadsEvaluated: number;
  /** Workloads whose new state this run wrote (an attempt that failed after writing counts too). */
  workloadsWritten: number;
  /** Of those, workloads evaluated for the first time: nothing earlier to compare with, so no change event. */
  workloadsFirstState: number;
  /** Events this run put in the change feed. */
  changesFound: number;
  errors: number;
  /** Parts that kept failing and went to the poison queue. */
  poison: Array<{ shard: number; part: number; error: string }>;
  /** Parts the watchdog queued again because nothing was heard of them in time. */
  requeued: number;
  /** When a part of the run was last recorded (or the run started, or a part was re-queued). */
  lastHeardAt: string;
}

/** Where one shard of a run stands, as the watchdog sees it. */
export interface ShardState {
  shard: number;
  done: boolean;
  /** The part expected next (0 when none is recorded). */
  nextPart: number;
  /** Where the next part starts (from the last recorded part), absent for part 0. */
  nextToken?: string;
  /** When the shard's last part was recorded, or null. */
  lastRecordedAt: string | null;
  /** The watchdog's re-queues of `nextPart` so far, and the last one's time. */
  requeues: number;
  lastRequeuedAt: string | null;
}

export interface PartResult {
  shard: number;
  part: number;
  evaluated: number;
  written: number;
  changes: number;
  errors: number;
  /** Workloads of `written` that got their first state. */
  firstStates: number;
  /** The shard ends with this part. */
  last: boolean;
  /** Where the next part starts (absent when `last`): lets a lost next message be sent again. */
  next?: string;
  poison?: string;
}

export interface StoredChange {
  night: string;
  tenantId: string;
  workload: string;
  customerName?: string;
  kind: ChangeKind;
  before: ChangeEvent['before'];
  after: ChangeEvent['after'];
  reasons: ChangeEvent['reasons'];
  advice: ChangeEvent['advice'];
  /** no-longer-claimable and nothing-left-to-earn: the money lost, in cents, where the engine knows it. */
  lostCents?: number;
  time: string;
  runId: string;
}

export const DIGEST_STATUSES = ['sending', 'delivered', 'retrying', 'rejected', 'gave-up'] as const;
export type DigestStatus = (typeof DIGEST_STATUSES)[number];

/** The morning digest of a run, as recorded (PartitionKey `digest`, RowKey runId). */
export interface DigestRecord {
  status: DigestStatus;
  /** Where it goes: the webhook's scheme and host (the rest of the URL is a secret). */
  target: string;
  format: 'adaptive-card' | 'json';
  attempts: number;
  /** When the current sender took it (a sender silent for long is taken over). */
  claimedAt: string;
  /** The last answer's HTTP status, or null when there was none (timeout, refused). */
  lastStatus: number | null;
  lastError?: string;
  deliveredAt?: string;
  /** When a retry is due (status retrying). */
  nextAttemptAt?: string;
  signed: boolean;
}

/** A digest record as an entity: absent and null values are left out (a null column cannot be stored). */
function digestEntity(runId: string, record: DigestRecord): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = { partitionKey: 'digest', rowKey: runId };
  for (const [k, v] of Object.entries(record)) if (v !== undefined && v !== null) entity[k] = v;
  return entity;
}

const partKey = (shard: number, part: number) => `part|${String(shard).padStart(2, '0')}|${String(part).padStart(5, '0')}`;
const requeueKey = (shard: number) => `requeue|${String(shard).padStart(2, '0')}`;
const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

export class RunStore {
  readonly runs: TableClient;
  readonly changes: TableClient;

  constructor(
    connection: StorageConnection,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
    prefix = '',
  ) {
    this.runs = tableClient(connection, `${prefix}${RUNS_TABLE}`);
    this.changes = tableClient(connection, `${prefix}${CHANGES_TABLE}`);
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(what, fn, this.retry);
  }

  async ensureTables(): Promise<void> {
    await this.call('creating the run tables', () => Promise.all([this.runs.createTable(), this.changes.createTable()]));
  }

  /**
   * Take the run lock for `runId`, or say which run holds it. The lock is an entity written
   * with its ETag: two starts at once cannot both take it.
   */
  async takeLock(runId: string, now: Date): Promise<{ taken: true } | { taken: false; heldBy: string }> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        await this.call('taking the run lock', () => this.runs.createEntity({ partitionKey: 'lock', rowKey: 'nightly', runId, takenAt: now.toISOString() }));
        return { taken: true };
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
      }
      let lock: TableEntityResult<Record<string, unknown>>;
      try {
        lock = await this.call('reading the run lock', () => this.runs.getEntity<Record<string, unknown>>('lock', 'nightly'));
      } catch (e) {
        if (statusOf(e) === 404) continue; // released meanwhile: try again
        throw e;
      }
      const holder = String(lock.runId);
      const run = await this.getRun(holder);
      const stale = now.getTime() - Date.parse(String(lock.takenAt)) > LOCK_STALE_MS;
      if (run !== null && run.status === 'running' && !stale) return { taken: false, heldBy: holder };
      try {
        await this.call('taking over the run lock', () => this.runs.updateEntity({ partitionKey: 'lock', rowKey: 'nightly', runId, takenAt: now.toISOString() }, 'Replace', { etag: lock.etag }));
        return { taken: true };
      } catch (e) {
        if (statusOf(e) !== 412 && statusOf(e) !== 404) throw e;
      }
    }
    throw new Error('the run lock changed hands five times in a row; try again');
  }

  /** Release the lock if `runId` holds it. */
  async releaseLock(runId: string): Promise<void> {
    try {
      const lock = await this.call('reading the run lock', () => this.runs.getEntity<Record<string, unknown>>('lock', 'nightly'));
      if (lock.runId !== runId) return;
      await this.call('releasing the run lock', () => this.runs.deleteEntity('lock', 'nightly', { etag: lock.etag }));
    } catch (e) {
      if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
    }
  }

  async createRun(run: Run): Promise<void> {
    await this.call('recording the run', () => this.runs.createEntity({ partitionKey: 'run', rowKey: run.runId, ...run }));
  }

  /**
   * Record a run again whose row storage lost (an emulator killed before it saved) while its
   * shard messages survived: the run is what its messages say, and says it was rebuilt.
   */
  async rebuildRun(runId: string, night: string, now: Date): Promise<void> {
    const trigger = /^\d{4}-\d{2}-\d{2}-(timer|manual)-/.exec(runId)?.[1] ?? 'unknown';
    const run: Run = {
      runId,
      night,
      trigger,
      status: 'running',
      startedAt: now.toISOString(),
      shardsTotal: SHARDS,
      rebuilt: `The run's record was lost by storage and rebuilt at ${now.toISOString()} from a shard message; its start time is that of the rebuild.`,
    };
    try {
      await this.createRun(run);
    } catch (e) {
      if (statusOf(e) !== 409) throw e; // rebuilt meanwhile by another part
    }
  }

  /** The run holding the lock, or null. */
  async lockHolder(): Promise<string | null> {
    try {
      const lock = await this.call('reading the run lock', () => this.runs.getEntity<Record<string, unknown>>('lock', 'nightly'));
      return String(lock.runId);
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  /**
   * End a running run as cancelled or expired, with the reason in words, and release its
   * lock. False when it is not running (finished, or ended by someone else meanwhile).
   */
  async endRun(runId: string, status: 'cancelled' | 'expired', reason: string, now: Date): Promise<boolean> {
    let entity: TableEntityResult<Record<string, unknown>>;
    try {
      entity = await this.call('reading a run', () => this.runs.getEntity<Record<string, unknown>>('run', runId));
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw e;
    }
    if (entity.status !== 'running') return false;
    try {
      await this.call('ending the run', () => this.runs.updateEntity({ partitionKey: 'run', rowKey: runId, status, reason, finishedAt: now.toISOString() }, 'Merge', { etag: entity.etag }));
    } catch (e) {
      if (statusOf(e) === 412) return false;
      throw e;
    }
    await this.releaseLock(runId);
    return true;
  }

  /** Where each shard of a run stands: done, or which part is expected next and when it was last heard of. */
  async shardStates(runId: string, shardsTotal: number): Promise<ShardState[]> {
    const states: ShardState[] = Array.from({ length: shardsTotal }, (_, shard) => ({ shard, done: false, nextPart: 0, lastRecordedAt: null, requeues: 0, lastRequeuedAt: null }));
    const requeues = new Map<number, { part: number; count: number; at: string }>();
    const filter = odata`PartitionKey eq ${textValue(runId, 'runId')}`;
    await this.call('reading the parts of a run', async () => {
      for await (const e of this.runs.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const state = states[Number(e.shard)];
        if (state === undefined) continue;
        if (String(e.rowKey).startsWith('requeue|')) {
          requeues.set(state.shard, { part: Number(e.part), count: Number(e.count ?? 0), at: String(e.at) });
          continue;
        }
        if (e.last === true || typeof e.poison === 'string') state.done = true;
        const part = Number(e.part);
        if (part + 1 > state.nextPart) {
          state.nextPart = part + 1;
          if (typeof e.next === 'string') state.nextToken = e.next;
          else delete state.nextToken;
        }
        state.lastRecordedAt = later(state.lastRecordedAt, typeof e.recordedAt === 'string' ? e.recordedAt : null);
      }
    });
    for (const [shard, r] of requeues) {
      const state = states[shard]!;
      // Re-queues of an earlier part do not count against the part expected now.
      if (r.part === state.nextPart) {
        state.requeues = r.count;
        state.lastRequeuedAt = r.at;
      }
    }
    return states;
  }

  /** Note that the watchdog sent part `part` of `shard` again (the `count`-th time). */
  async noteRequeue(runId: string, shard: number, part: number, count: number, now: Date): Promise<void> {
    await this.call('noting a re-queued part', () => this.runs.upsertEntity({ partitionKey: runId, rowKey: requeueKey(shard), shard, part, count, at: now.toISOString() }, 'Replace'));
  }

  async getRun(runId: string): Promise<Run | null> {
    try {
      const e = await this.call('reading a run', () => this.runs.getEntity<Record<string, unknown>>('run', runId));
      const run: Run = { runId, night: String(e.night), trigger: String(e.trigger), status: e.status as RunStatus, startedAt: String(e.startedAt), shardsTotal: Number(e.shardsTotal) };
      if (typeof e.finishedAt === 'string') run.finishedAt = e.finishedAt;
      if (typeof e.reason === 'string') run.reason = e.reason;
      if (typeof e.rebuilt === 'string') run.rebuilt = e.rebuilt;
      return run;
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  /**
   * Record a finished part. A part recorded already (its message came twice) is not counted
   * again: the first record stands. Returns false for such a repeat.
   */
  async recordPart(runId: string, result: PartResult, now: Date): Promise<boolean> {
    try {
      await this.call('recording a finished part', () => this.runs.createEntity({ partitionKey: runId, rowKey: partKey(result.shard, result.part), ...result, recordedAt: now.toISOString() }));
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  }

  /** Whether a part is recorded as finished (a repeated message then has nothing to do). */
  async partDone(runId: string, shard: number, part: number): Promise<boolean> {
    try {
      await this.call('reading a part', () => this.runs.getEntity(runId, partKey(shard, part)));
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw e;
    }
  }

  /** A run with its progress, counted from its part rows. */
  async progress(runId: string): Promise<RunProgress | null> {
    const run = await this.getRun(runId);
    if (run === null) return null;
    const p: RunProgress = {
      ...run,
      shardsDone: 0,
      partsDone: 0,
      workloadsEvaluated: 0,
      workloadsWritten: 0,
      workloadsFirstState: 0,
      changesFound: 0,
      errors: 0,
      poison: [],
      requeued: 0,
      lastHeardAt: run.startedAt,
    };
    const filter = odata`PartitionKey eq ${textValue(runId, 'runId')}`;
    const finished = new Set<number>();
    await this.call('reading run progress', async () => {
      for await (const e of this.runs.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        if (String(e.rowKey).startsWith('requeue|')) {
          p.requeued += Number(e.count ?? 0);
          p.lastHeardAt = later(p.lastHeardAt, String(e.at))!;
          continue;
        }
        p.partsDone++;
        if (typeof e.recordedAt === 'string') p.lastHeardAt = later(p.lastHeardAt, e.recordedAt)!;
        p.workloadsEvaluated += Number(e.evaluated ?? 0);
        p.workloadsWritten += Number(e.written ?? 0);
        p.workloadsFirstState += Number(e.firstStates ?? 0);
        p.errors += Number(e.errors ?? 0);
        if (typeof e.poison === 'string') p.poison.push({ shard: Number(e.shard), part: Number(e.part), error: e.poison });
        if (e.last === true || typeof e.poison === 'string') finished.add(Number(e.shard));
      }
    });
    p.shardsDone = finished.size;
    // Changes found: the run's events in the feed (an event written by an attempt that then
    // failed counts once, as it stands in the feed once).
    const mine = odata`PartitionKey eq ${textValue(run.night, 'night')} and runId eq ${textValue(runId, 'runId')}`;
    p.changesFound = await this.call("counting a run's changes", async () => {
      let n = 0;
      for await (const _ of this.changes.listEntities({ queryOptions: { filter: mine, select: ['RowKey'] } })) n++;
      return n;
    });
    return p;
  }

  /** A run's digest record and its ETag, or null when none is recorded. */
  async getDigest(runId: string): Promise<{ record: DigestRecord; etag: string } | null> {
    try {
      const e = await this.call('reading a digest', () => this.runs.getEntity<Record<string, unknown>>('digest', runId));
      const record: DigestRecord = {
        status: e.status as DigestStatus,
        target: String(e.target),
        format: e.format === 'json' ? 'json' : 'adaptive-card',
        attempts: Number(e.attempts ?? 0),
        claimedAt: String(e.claimedAt),
        lastStatus: typeof e.lastStatus === 'number' ? e.lastStatus : null,
        signed: e.signed === true,
      };
      if (typeof e.lastError === 'string') record.lastError = e.lastError;
      if (typeof e.deliveredAt === 'string') record.deliveredAt = e.deliveredAt;
      if (typeof e.nextAttemptAt === 'string') record.nextAttemptAt = e.nextAttemptAt;
      return { record, etag: e.etag };
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  /**
   * Take the sending of a run's digest: create its record (first sender), or replace it with the
   * ETag read (a due retry, a sender gone silent). Returns the new ETag, or null when someone
   * else took it first.
   */
  async claimDigest(runId: string, record: DigestRecord, etag?: string): Promise<string | null> {
    const entity = digestEntity(runId, record);
    try {
      const r = await this.call('taking the digest', () => (etag === undefined ? this.runs.createEntity(entity) : this.runs.updateEntity(entity, 'Replace', { etag })));
      return r.etag ?? null;
    } catch (e) {
      if (statusOf(e) === 409 || statusOf(e) === 412) return null;
      throw e;
    }
  }

  /** Record how a digest went, with the ETag of the claim; false when someone else took it meanwhile. */
  async recordDigest(runId: string, record: DigestRecord, etag: string): Promise<boolean> {
    try {
      await this.call('recording the digest', () => this.runs.updateEntity(digestEntity(runId, record), 'Replace', { etag }));
      return true;
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return false;
      throw e;
    }
  }

  /** Every run recorded (one a night, plus those started on demand), oldest first. */
  async listRuns(): Promise<Run[]> {
    const filter = odata`PartitionKey eq 'run'`;
    return this.call('listing runs', async () => {
      const runs: Run[] = [];
      for await (const e of this.runs.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const run: Run = {
          runId: String(e.rowKey),
          night: String(e.night),
          trigger: String(e.trigger),
          status: e.status as RunStatus,
          startedAt: String(e.startedAt),
          shardsTotal: Number(e.shardsTotal),
        };
        if (typeof e.finishedAt === 'string') run.finishedAt = e.finishedAt;
        if (typeof e.reason === 'string') run.reason = e.reason;
        runs.push(run);
      }
      return runs;
    });
  }

  /** Mark the run finished once every shard is; the lock goes with it. True when this call finished it. */
  async finishIfDone(runId: string, now: Date): Promise<boolean> {
    const p = await this.progress(runId);
    if (p === null || p.status !== 'running' || p.shardsDone < p.shardsTotal) return false;
    const entity = await this.call('reading a run', () => this.runs.getEntity<Record<string, unknown>>('run', runId));
    if (entity.status !== 'running') return false;
    const status: RunStatus = p.poison.length > 0 || p.errors > 0 ? 'completed-with-errors' : 'completed';
    try {
      await this.call('finishing the run', () => this.runs.updateEntity({ partitionKey: 'run', rowKey: runId, status, finishedAt: now.toISOString() }, 'Merge', { etag: entity.etag }));
    } catch (e) {
      if (statusOf(e) === 412) return false; // another invocation finished it
      throw e;
    }
    await this.releaseLock(runId);
    return true;
  }

  /**
   * Write the night's events, replacing an event of the same kind written earlier the same night
   * (the engine reports the night's net change), and remove the retracted ones.
   */
  async recordChanges(changes: StoredChange[], retracted: Array<Pick<StoredChange, 'night' | 'tenantId' | 'workload' | 'kind'>> = []): Promise<void> {
    for (const c of changes) {
      const entity = {
        partitionKey: c.night,
        rowKey: `${c.tenantId}|${c.workload}|${c.kind}`,
        tenantId: c.tenantId,
        workload: c.workload,
        customerName: c.customerName,
        kind: c.kind,
        before: JSON.stringify(c.before),
        after: JSON.stringify(c.after),
        reasons: JSON.stringify(c.reasons),
        advice: JSON.stringify(c.advice),
        ...(c.lostCents !== undefined ? { lostCents: c.lostCents } : {}),
        time: c.time,
        runId: c.runId,
      };
      await this.call('recording a change', () => this.changes.upsertEntity(entity, 'Replace'));
    }
    for (const r of retracted) {
      try {
        const old = await this.call('reading a retracted change', () => this.changes.getEntity(r.night, `${r.tenantId}|${r.workload}|${r.kind}`));
        await this.call('removing a retracted change', () => this.changes.deleteEntity(r.night, `${r.tenantId}|${r.workload}|${r.kind}`, { etag: old.etag }));
      } catch (e) {
        if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
      }
    }
  }

  /** A page of the change feed from `since` (a date, or a date-time), oldest night first. */
  async listChanges(query: { since: Date; kind?: string; tenantId?: string }, pageSize: number, continuationToken?: string): Promise<{ items: StoredChange[]; continuationToken?: string }> {
    const sinceNight = query.since.toISOString().slice(0, 10);
    const clauses: Clause[] = [{ text: odata`PartitionKey ge ${textValue(sinceNight, 'since')}`, comparisons: 1 }];
    if (query.since.getTime() !== Date.parse(`${sinceNight}T00:00:00Z`)) clauses.push({ text: odata`time ge ${textValue(query.since.toISOString(), 'since')}`, comparisons: 1 });
    if (query.kind !== undefined) clauses.push({ text: odata`kind eq ${textValue(query.kind, 'kind')}`, comparisons: 1 });
    if (query.tenantId !== undefined) clauses.push({ text: odata`tenantId eq ${textValue(query.tenantId, 'tenantId')}`, comparisons: 1 });
    return this.call('reading the change feed', async () => {
      const pages = this.changes
        .listEntities<Record<string, unknown>>({ queryOptions: { filter: allOf(clauses) } })
        .byPage({ maxPageSize: pageSize, continuationToken: checkedToken(continuationToken) });
      const first = await pages.next();
      if (first.done) return { items: [] };
      const page = first.value as TableEntityResult<Record<string, unknown>>[] & { continuationToken?: string };
      const items = page.map((e) => {
        const c: StoredChange = {
          night: String(e.partitionKey),
          tenantId: String(e.tenantId),
          workload: String(e.workload),
          kind: e.kind as ChangeKind,
          before: JSON.parse(String(e.before)) as StoredChange['before'],
          after: JSON.parse(String(e.after)) as StoredChange['after'],
          reasons: JSON.parse(String(e.reasons)) as StoredChange['reasons'],
          advice: JSON.parse(String(e.advice)) as StoredChange['advice'],
          time: String(e.time),
          runId: String(e.runId),
        };
        if (typeof e.customerName === 'string') c.customerName = e.customerName;
        if (typeof e.lostCents === 'number') c.lostCents = e.lostCents;
        return c;
      });
      return page.continuationToken ? { items, continuationToken: page.continuationToken } : { items };
    });
  }
}
