/**
 * The tracked-customer store: tracked workloads and their monthly usage in Table Storage.
 *
 * Tables (see docs/storage.md for why):
 * - `workloads`: PartitionKey tenantId, RowKey workload id. A tenant's workloads are one
 *   partition; program, band, claim status and eligibility are columns lists filter on.
 * - `usage`: PartitionKey tenantId, RowKey `<workload>|<YYYY-MM>`. One workload's history is a
 *   row-key range in its tenant's partition, and a tenant's months batch together.
 *
 * Every update and delete carries the ETag the caller read (never `If-Match: *`); every
 * filter is built with `odata`; every call is retried on transient failures.
 *
 * Retried writes stay truthful: each write of a workload row stamps it with a fresh `writeId`,
 * so when a retry meets 409, 412 or 404 the store reads the row and, if it carries this
 * write's id, knows that its earlier attempt was applied and only the answer was lost.
 *
 * Deleting marks the row first (`deletingSince`, with the caller's ETag: the point where the
 * delete is decided), then deletes the usage months, then the row. A marked row is not tracked
 * for every read, list and write here; a DELETE or a create that meets one finishes the job.
 * An interruption at any point thus leaves either the workload with all its months, or a
 * marked row with some of them, never usage without its workload.
 */
import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TableEntity, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { parseWith, type UsageMonth } from '../../shared';
import { tableClient, type StorageConnection } from './connection';
import { EarningsStore } from './earningsStore';
import { checkEntitySize } from './entitySize';
import { evaluateTracked } from './evaluateTracked';
import { allOf, booleanValue, checkedToken, MAX_COMPARISONS, textValue, type Clause } from './filters';
import { usageRange, workloadKeys } from './keys';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { EntityExists, EntityNotFound, EtagRequired, StaleEtag, StorageInputError, StorageUnavailable, statusOf } from './storageErrors';
import {
  applyPatch,
  derivedColumns,
  fromUsageEntity,
  fromWorkloadEntity,
  NIGHTLY_COLUMNS,
  recordFields,
  requiredCleared,
  TrackedWorkloadSchema,
  usageEntity,
  withLatestMonth,
  workloadEntity,
  type Derived,
  type NightColumns,
  type TrackedWorkload,
  type TrackedWorkloadFields,
  type TrackedWorkloadPatch,
  type UsageSnapshot,
} from './trackedWorkload';
import { inParallel, planTransactions, submitBatch } from './transactions';
import { nightColumnsOf } from './trackedWorkload';

export const WORKLOADS_TABLE = 'workloads';
/** What a Table Storage ETag looks like: W/"datetime'...'" (a weak, quoted entity tag). */
const ETAG_SHAPE = /^(W\/)?"[^"\u0000-\u001f]{1,200}"$/;
export const USAGE_TABLE = 'usage';

/** Page sizes of lists: 100 by default, at most 1,000 (the service's own page limit). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface WorkloadFilter {
  tenantId?: string;
  /** Any of these program ids (a family and its years, as the handler resolves them). */
  programIds?: string[];
  sizeBand?: string;
  /** Customer names starting with this (lower case; rows keep a lower-case copy, customerKey). */
  customerPrefix?: string;
  /** The stored claim advice (claim-now, wait-for-seats...). */
  advice?: string;
  claimStatus?: string;
  eligible?: boolean;
  workload?: string;
  /** Only rows written at or after this instant. */
  updatedSince?: Date;
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; absent on the last page. */
  continuationToken?: string;
}

export interface StoreOptions {
  retry?: RetryPolicy;
  /** Table name prefix (tests and benchmarks use their own tables). */
  tablePrefix?: string;
}

type Row = TableEntity<Record<string, unknown>>;

/** A stored workload as the nightly reads it: the record (with its ETag) and its last nightly state. */
export interface StoredWorkload {
  record: TrackedWorkload;
  night: Partial<NightColumns>;
}

function storedWorkload(row: Row): StoredWorkload {
  return { record: fromWorkloadEntity(row), night: nightColumnsOf(row) };
}

/** The column naming the write that last put a workload row (a fresh id per write). */
const WRITE_ID = 'writeId';
/** The column marking a workload row whose deletion has begun: no longer tracked. */
const DELETING = 'deletingSince';
/** Rounds of "list the months, delete them" before a deletion gives up (each round sees the months written since). */
const DELETE_ROUNDS = 5;
/** Read-modify-write rounds of a usage POST's record update before it reports contention. */
const USAGE_RECORD_ATTEMPTS = 30;

function isDeleting(row: Record<string, unknown>): boolean {
  return typeof row[DELETING] === 'string';
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function label(tenantId: string, workload: string): string {
  return `Workload ${workload} of tenant ${tenantId}`;
}

export class WorkloadStore {
  readonly workloads: TableClient;
  readonly usage: TableClient;
  readonly retry: RetryPolicy;

  constructor(
    readonly connection: StorageConnection,
    readonly options: StoreOptions = {},
  ) {
    const prefix = options.tablePrefix ?? '';
    this.workloads = tableClient(connection, `${prefix}${WORKLOADS_TABLE}`);
    this.usage = tableClient(connection, `${prefix}${USAGE_TABLE}`);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** The earnings table of the same storage (and table prefix): its own repository (earningsStore.ts). */
  earningsStore(): EarningsStore {
    return new EarningsStore(this.connection, { retry: this.retry, ...(this.options.tablePrefix !== undefined ? { tablePrefix: this.options.tablePrefix } : {}) });
  }

  /** Create the tables if they do not exist (idempotent). */
  async ensureTables(): Promise<void> {
    await withRetry('creating the tables', () => Promise.all([this.workloads.createTable(), this.usage.createTable()]), this.retry);
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(what, fn, this.retry);
  }

  /** One tracked workload, or EntityNotFound. */
  async get(tenantId: string, workload: string): Promise<TrackedWorkload> {
    return fromWorkloadEntity(await this.trackedRow(tenantId, workload));
  }

  /**
   * Many tracked workloads by key (the add-in's TRACKED cells), in the order of the keys, null
   * for one not tracked: read by tenant, up to 15 tenants' partitions in one query (the
   * service's limit of comparisons in a filter), a few queries at a time; a lone key of a
   * lone tenant is a point read.
   */
  async getMany(keys: ReadonlyArray<{ tenantId: string; workload: string }>, concurrency = 8): Promise<Array<TrackedWorkload | null>> {
    const out = new Array<TrackedWorkload | null>(keys.length).fill(null);
    const byTenant = new Map<string, number[]>();
    const rowKeys = keys.map((k, i) => {
      const { partitionKey, rowKey } = workloadKeys(k.tenantId, k.workload);
      const at = byTenant.get(partitionKey);
      if (at) at.push(i);
      else byTenant.set(partitionKey, [i]);
      return rowKey;
    });
    const tracked = (row: Row | null | undefined) => (row === null || row === undefined || isDeleting(row) ? null : fromWorkloadEntity(row));
    const tenants = [...byTenant.keys()];
    if (tenants.length === 1 && keys.length === 1) {
      out[0] = tracked(await this.readRow(keys[0]!.tenantId, keys[0]!.workload));
      return out;
    }
    const groups: string[][] = [];
    for (let i = 0; i < tenants.length; i += MAX_COMPARISONS) groups.push(tenants.slice(i, i + MAX_COMPARISONS));
    await inParallel(groups, concurrency, async (group) => {
      const filter = group.map((pk) => odata`PartitionKey eq ${pk}`).join(' or ');
      const rows = await this.call('reading the tracked workloads of tenants', async () => {
        const found = new Map<string, Row>();
        for await (const e of this.workloads.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) found.set(`${e.partitionKey!}\u0000${e.rowKey!}`, e as Row);
        return found;
      });
      for (const pk of group) for (const i of byTenant.get(pk)!) out[i] = tracked(rows.get(`${pk}\u0000${rowKeys[i]!}`));
    });
    return out;
  }

  /** The stored row as it is (a row being deleted included), or null. */
  private async readRow(tenantId: string, workload: string): Promise<Row | null> {
    const { partitionKey, rowKey } = workloadKeys(tenantId, workload);
    try {
      return (await this.call('reading a tracked workload', () => this.workloads.getEntity<Record<string, unknown>>(partitionKey, rowKey))) as Row;
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  /** The row of a tracked workload: EntityNotFound when there is none or its deletion has begun. */
  private async trackedRow(tenantId: string, workload: string): Promise<Row> {
    const row = await this.readRow(tenantId, workload);
    if (row === null || isDeleting(row)) throw new EntityNotFound(label(tenantId, workload));
    return row;
  }

  /** One workload's usage months, sorted. */
  async usageHistory(tenantId: string, workload: string): Promise<UsageMonth[]> {
    const { from, to } = usageRange(workload);
    const filter = allOf([
      { text: odata`PartitionKey eq ${textValue(tenantId, 'tenantId')}`, comparisons: 1 },
      { text: odata`RowKey ge ${from} and RowKey lt ${to}`, comparisons: 2 },
    ]);
    const rows = await this.call('reading usage history', async () => {
      const out: UsageMonth[] = [];
      for await (const e of this.usage.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) out.push(fromUsageEntity(e));
      return out;
    });
    return rows.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  }

  /** Track a new workload; EntityExists when it is already tracked (replace it with its ETag). */
  async create(tenantId: string, workload: string, fields: TrackedWorkloadFields, asOfDate: string): Promise<TrackedWorkload> {
    const writeId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const history = await this.usageHistory(tenantId, workload);
      const entity = workloadEntity(tenantId, workload, fields, evaluateTracked({ tenantId, workload, ...fields }, history, asOfDate).derived);
      entity[WRITE_ID] = writeId;
      checkEntitySize(entity);
      try {
        await this.call('creating a tracked workload', () => this.workloads.createEntity(entity));
        return await this.get(tenantId, workload);
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
        const stored = await this.readRow(tenantId, workload);
        // Our own create, applied by an attempt whose answer was lost.
        if (stored?.[WRITE_ID] === writeId && !isDeleting(stored)) return fromWorkloadEntity(stored);
        // A deletion left unfinished (or gone meanwhile): finish it, then create afresh.
        if ((stored === null || isDeleting(stored)) && attempt < 3) {
          await this.finishDelete(tenantId, workload);
          continue;
        }
        throw new EntityExists(label(tenantId, workload));
      }
    }
  }

  /**
   * Replace a tracked workload's fields, if it is unchanged since the caller read `etag`.
   * `history` saves reading the usage again when the caller has just read it.
   */
  async replace(tenantId: string, workload: string, fields: TrackedWorkloadFields, etag: string | undefined, asOfDate: string, history?: readonly UsageMonth[]): Promise<TrackedWorkload> {
    if (!etag) throw new EtagRequired(label(tenantId, workload));
    const current = await this.currentRow(tenantId, workload, etag);
    return this.writeFields(tenantId, workload, fields, current, asOfDate, history);
  }

  /** Change some fields (null clears one), if the workload is unchanged since `etag`. */
  async patch(tenantId: string, workload: string, patch: TrackedWorkloadPatch, etag: string | undefined, asOfDate: string): Promise<TrackedWorkload> {
    if (!etag) throw new EtagRequired(label(tenantId, workload));
    const cleared = requiredCleared(patch);
    if (cleared.length > 0) throw new StorageInputError(cleared[0]!, 'cannot be cleared: every tracked workload has one');
    const current = await this.currentRow(tenantId, workload, etag);
    const fields = parseWith(TrackedWorkloadSchema, applyPatch(fromWorkloadEntity(current), patch));
    return this.writeFields(tenantId, workload, fields, current, asOfDate);
  }

  /** The stored row, if it still has the ETag the caller read (404 or 412 otherwise). */
  private async currentRow(tenantId: string, workload: string, etag: string): Promise<Row> {
    const current = await this.trackedRow(tenantId, workload);
    if (current.etag !== etag) throw new StaleEtag(label(tenantId, workload));
    return current;
  }

  /** Write the user's fields over `current` with its ETag; the nightly's last state stays with the row. */
  private async writeFields(tenantId: string, workload: string, fields: TrackedWorkloadFields, current: Row, asOfDate: string, history?: readonly UsageMonth[]): Promise<TrackedWorkload> {
    const months = history ?? (await this.usageHistory(tenantId, workload));
    const entity = workloadEntity(tenantId, workload, fields, evaluateTracked({ tenantId, workload, ...fields }, months, asOfDate).derived);
    for (const column of NIGHTLY_COLUMNS) if (current[column] !== undefined) entity[column] = current[column];
    const writeId = randomUUID();
    entity[WRITE_ID] = writeId;
    checkEntitySize(entity);
    try {
      await this.call('writing a tracked workload', () => this.workloads.updateEntity(entity, 'Replace', { etag: String(current.etag) }));
    } catch (e) {
      const status = statusOf(e);
      if (status !== 412 && status !== 404) throw e;
      // Before declaring a conflict: is what is stored this very write (its answer lost)?
      const stored = await this.readRow(tenantId, workload);
      if (stored?.[WRITE_ID] === writeId && !isDeleting(stored)) return fromWorkloadEntity(stored);
      if (stored === null || isDeleting(stored)) throw new EntityNotFound(label(tenantId, workload));
      throw new StaleEtag(label(tenantId, workload));
    }
    return this.get(tenantId, workload);
  }

  /**
   * Stop tracking a workload (and drop its usage), if unchanged since `etag`: the row is marked
   * first (with the ETag: the decision), then its months go, then the row (see the top of the file).
   */
  async delete(tenantId: string, workload: string, etag: string | undefined): Promise<void> {
    if (!etag) throw new EtagRequired(label(tenantId, workload));
    // A value that is no ETag at all can match nothing: stale, and never sent to storage.
    if (!ETAG_SHAPE.test(etag)) throw new StaleEtag(label(tenantId, workload));
    const mark = { ...workloadKeys(tenantId, workload), [DELETING]: new Date().toISOString(), [WRITE_ID]: randomUUID() };
    try {
      await this.call('marking a tracked workload deleted', () => this.workloads.updateEntity(mark, 'Merge', { etag }));
    } catch (e) {
      const status = statusOf(e);
      if (status !== 412 && status !== 404) throw e;
      const stored = await this.readRow(tenantId, workload);
      if (stored === null) throw new EntityNotFound(label(tenantId, workload));
      // A marked row is this delete's own mark (its answer lost) or one an interrupted delete
      // left: either way the workload is no longer tracked, and this request finishes the job.
      if (!isDeleting(stored)) throw new StaleEtag(label(tenantId, workload));
    }
    await this.finishDelete(tenantId, workload);
  }

  /**
   * Delete the usage months of a marked workload row, then the row. Idempotent: any caller
   * may run it again after an interruption. Stops if the row is no longer a marked one
   * (another caller finished meanwhile).
   */
  private async finishDelete(tenantId: string, workload: string): Promise<void> {
    const { partitionKey, rowKey } = workloadKeys(tenantId, workload);
    for (let round = 1; ; round++) {
      const row = await this.readRow(tenantId, workload);
      if (row === null || !isDeleting(row)) return;
      const months = await this.usageKeys(tenantId, workload);
      if (months.length === 0) {
        // The months are gone: the row goes last, with the ETag it has now (the nightly may have
        // merged its state into the marked row meanwhile: then the next round reads it again).
        try {
          await this.call('deleting a tracked workload', () => this.workloads.deleteEntity(partitionKey, rowKey, { etag: String(row.etag) }));
          return;
        } catch (e) {
          if (statusOf(e) === 404) return;
          if (statusOf(e) !== 412) throw e;
        }
      } else await this.deleteMonths(partitionKey, months);
      if (round >= DELETE_ROUNDS)
        throw new StorageUnavailable(
          `deleting ${label(tenantId, workload)} did not finish in ${DELETE_ROUNDS} rounds while its usage kept changing; it is no longer tracked, and DELETE again finishes it`,
        );
    }
  }

  /** The row keys and ETags of one workload's usage months. */
  private async usageKeys(tenantId: string, workload: string): Promise<Array<{ rowKey: string; etag: string }>> {
    const { from, to } = usageRange(workload);
    const filter = allOf([
      { text: odata`PartitionKey eq ${textValue(tenantId, 'tenantId')}`, comparisons: 1 },
      { text: odata`RowKey ge ${from} and RowKey lt ${to}`, comparisons: 2 },
    ]);
    return this.call('listing usage months', async () => {
      const out: Array<{ rowKey: string; etag: string }> = [];
      for await (const e of this.usage.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) out.push({ rowKey: e.rowKey!, etag: e.etag });
      return out;
    });
  }

  /**
   * Delete usage months, each alone with the ETag just read (transactions delete with
   * If-Match: *). Gone already (404) or rewritten since (412) is left to the caller's next look.
   */
  private async deleteMonths(partitionKey: string, months: ReadonlyArray<{ rowKey: string; etag: string }>): Promise<void> {
    await inParallel(months, 8, async (m) => {
      try {
        await this.call('deleting a usage month', () => this.usage.deleteEntity(partitionKey, m.rowKey, { etag: m.etag }));
      } catch (e) {
        if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
      }
    });
  }

  /** A page of tracked workloads matching the filter. */
  async list(filter: WorkloadFilter, pageSize = DEFAULT_PAGE_SIZE, continuationToken?: string): Promise<Page<TrackedWorkload>> {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new StorageInputError('pageSize', `must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
    const clauses: Clause[] = [];
    if (filter.tenantId !== undefined) clauses.push({ text: odata`PartitionKey eq ${textValue(filter.tenantId, 'tenantId')}`, comparisons: 1 });
    if (filter.workload !== undefined) clauses.push({ text: odata`RowKey eq ${textValue(filter.workload, 'workload')}`, comparisons: 1 });
    if (filter.programIds !== undefined && filter.programIds.length > 0) {
      const ids = filter.programIds.map((id) => odata`programId eq ${textValue(id, 'programId')}`);
      clauses.push({ text: ids.length > 1 ? ids.map((t) => `(${t})`).join(' or ') : ids[0]!, comparisons: ids.length });
    }
    if (filter.customerPrefix !== undefined && filter.customerPrefix !== '') {
      const prefix = textValue(filter.customerPrefix, 'customer');
      // Every key starting with the prefix sorts from it up to the prefix with its last character raised by one.
      const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      clauses.push({ text: odata`customerKey ge ${prefix} and customerKey lt ${next}`, comparisons: 2 });
    }
    if (filter.advice !== undefined) clauses.push({ text: odata`advice eq ${textValue(filter.advice, 'advice')}`, comparisons: 1 });
    if (filter.sizeBand !== undefined) clauses.push({ text: odata`sizeBand eq ${textValue(filter.sizeBand, 'sizeBand')}`, comparisons: 1 });
    if (filter.claimStatus !== undefined) clauses.push({ text: odata`claimStatus eq ${textValue(filter.claimStatus, 'claimStatus')}`, comparisons: 1 });
    if (filter.eligible !== undefined) clauses.push({ text: odata`eligible eq ${booleanValue(filter.eligible, 'eligible')}`, comparisons: 1 });
    if (filter.updatedSince !== undefined) {
      if (!(filter.updatedSince instanceof Date) || Number.isNaN(filter.updatedSince.getTime())) throw new StorageInputError('updatedSince', 'must be a valid date');
      clauses.push({ text: odata`Timestamp ge ${filter.updatedSince}`, comparisons: 1 });
    }
    const token = checkedToken(continuationToken);
    return this.call('listing tracked workloads', async () => {
      const pages = this.workloads.listEntities<Record<string, unknown>>({ queryOptions: { filter: allOf(clauses) } }).byPage({ maxPageSize: pageSize, continuationToken: token });
      const first = await pages.next();
      if (first.done) return { items: [] };
      const page = first.value as TableEntityResult<Record<string, unknown>>[] & { continuationToken?: string };
      // A row whose deletion has begun is not tracked (a page may come out shorter for it).
      const out: Page<TrackedWorkload> = { items: page.filter((e) => !isDeleting(e)).map(fromWorkloadEntity) };
      if (page.continuationToken) out.continuationToken = page.continuationToken;
      return out;
    });
  }

  /**
   * Store usage months of one workload (a month already stored is replaced: re-posting the
   * same snapshot changes nothing). Written as transactions of at most 100 months.
   */
  async putUsage(tenantId: string, workload: string, snapshots: readonly UsageSnapshot[]): Promise<number> {
    const actions: TransactionAction[] = snapshots.map((s) => ['upsert', usageEntity(tenantId, workload, s), 'Replace']);
    for (const batch of planTransactions(actions)) await submitBatch(this.usage, batch, this.retry);
    return snapshots.length;
  }

  /**
   * Store usage months of a tracked workload and refresh its record: the latest month's PAU and
   * MAU become its current figures, and its stored verdict is derived again from the history.
   *
   * Usage and workloads are two tables (docs/storage.md), so no transaction covers a month and
   * its workload. Moving usage into the workload's table would, but every reader of usage (lists,
   * imports, the nightly) would change with it. Instead, nothing stays written for a workload
   * that is not tracked: the months are written, then the workload is read again; if it is gone
   * or being deleted, the months just written are withdrawn and the answer is 404. A DELETE marks
   * its row before it lists the months, so a month lands either before that listing (the DELETE
   * removes it) or after the mark (this POST sees the mark and removes it).
   *
   * The caller sent no ETag, so it never hears of a precondition: a record changed by someone
   * else meanwhile is read again (with the history) and the figures applied to it, with a short
   * random pause, up to USAGE_RECORD_ATTEMPTS times; past that, storage is too busy (503).
   */
  async recordUsage(tenantId: string, workload: string, snapshots: readonly UsageSnapshot[], asOfDate: string): Promise<TrackedWorkload> {
    await this.trackedRow(tenantId, workload); // 404 before anything is written for an untracked workload
    await this.putUsage(tenantId, workload, snapshots);
    for (let attempt = 1; ; attempt++) {
      const row = await this.readRow(tenantId, workload);
      if (row === null || isDeleting(row)) {
        await this.withdrawUsage(tenantId, workload, snapshots);
        throw new EntityNotFound(label(tenantId, workload));
      }
      const history = await this.usageHistory(tenantId, workload);
      const current = recordFields(fromWorkloadEntity(row));
      const latest = history[history.length - 1];
      // The latest month's figures become the record's current PAU and MAU (never an older month's).
      const fields = (latest && withLatestMonth(current, latest)) || current;
      try {
        return await this.writeFields(tenantId, workload, fields, row, asOfDate, history);
      } catch (e) {
        // Changed meanwhile: read it again. Gone meanwhile: the next round withdraws the months.
        if (!(e instanceof StaleEtag) && !(e instanceof EntityNotFound)) throw e;
        if (attempt >= USAGE_RECORD_ATTEMPTS) {
          throw new StorageUnavailable(
            `the ${snapshots.length} usage month(s) of ${label(tenantId, workload)} are stored, but its record was changed by others ${attempt} times in a row while its figures were being updated; send the same months again`,
          );
        }
        await pause(Math.round(Math.random() * 20 * Math.min(attempt, 10)));
      }
    }
  }

  /** Remove the months a usage POST wrote for a workload found untracked afterwards. */
  private async withdrawUsage(tenantId: string, workload: string, snapshots: readonly UsageSnapshot[]): Promise<void> {
    const written = new Set(snapshots.map((s) => usageEntity(tenantId, workload, s).rowKey));
    const months = (await this.usageKeys(tenantId, workload)).filter((m) => written.has(m.rowKey));
    await this.deleteMonths(workloadKeys(tenantId, workload).partitionKey, months);
  }

  /** The tenants with at least one tracked workload (one scan of the keys only). */
  async trackedTenants(): Promise<Set<string>> {
    return this.call('listing tracked tenants', async () => {
      const tenants = new Set<string>();
      for await (const e of this.workloads.listEntities({ queryOptions: { select: ['PartitionKey'] } })) tenants.add(e.partitionKey!);
      return tenants;
    });
  }

  /** Of these TPIDs, those some tracked workload has as its customerTpid (15 TPIDs a query, across tenants). */
  async trackedTpids(tpids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < tpids.length; i += MAX_COMPARISONS) {
      const filter = tpids
        .slice(i, i + MAX_COMPARISONS)
        .map((t) => odata`customerTpid eq ${textValue(t, 'customerTpid')}`)
        .join(' or ');
      await this.call('finding tracked TPIDs', async () => {
        for await (const e of this.workloads.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['customerTpid'] } })) {
          if (typeof e.customerTpid === 'string') found.add(e.customerTpid);
        }
      });
    }
    return found;
  }

  /** Raw rows of a tenant's partition (for imports comparing what is stored). */
  async tenantRows(table: 'workloads' | 'usage', tenantId: string): Promise<Row[]> {
    const client = table === 'workloads' ? this.workloads : this.usage;
    const filter = odata`PartitionKey eq ${textValue(tenantId, 'tenantId')}`;
    return this.call(`reading the ${table} of a tenant`, async () => {
      const out: Row[] = [];
      for await (const e of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) out.push(e as Row);
      return out;
    });
  }
  /**
   * The tracked workload rows of a tenant, for imports: a row whose deletion had begun is not
   * tracked, so its deletion is finished first (its months go, then the row) and it is left
   * out; an import then tracks that workload afresh rather than writing into a dying row.
   */
  async trackedWorkloadRows(tenantId: string): Promise<Row[]> {
    const rows = await this.tenantRows('workloads', tenantId);
    const tracked: Row[] = [];
    for (const row of rows) {
      if (isDeleting(row)) await this.finishDelete(tenantId, row.rowKey);
      else tracked.push(row);
    }
    return tracked;
  }

  /** Write transactions of usage months (upserts; see transactions.ts), retried like every call. */
  async writeUsageActions(actions: readonly TransactionAction[], written?: (n: number) => void): Promise<void> {
    for (const batch of planTransactions(actions)) {
      await submitBatch(this.usage, batch, this.retry);
      written?.(batch.length);
    }
  }

  /** Write transactions of workload rows (creates, and merges with the ETag read). */
  async writeWorkloadActions(actions: readonly TransactionAction[]): Promise<void> {
    for (const batch of planTransactions(actions)) await submitBatch(this.workloads, batch, this.retry);
  }

  /**
   * A page of the workload rows whose tenant is in [from, to) (a shard of the nightly), with
   * the nightly's last state of each; rows being deleted are left out (no longer tracked: no
   * event is raised for a workload whose months are being deleted).
   */
  async workloadPage(from: string, to: string, pageSize: number, continuationToken?: string): Promise<Page<StoredWorkload>> {
    const filter = odata`PartitionKey ge ${from} and PartitionKey lt ${to}`;
    return this.call('reading a page of tracked workloads', async () => {
      const pages = this.workloads.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize, continuationToken });
      const next = await pages.next();
      if (next.done) return { items: [] };
      const page = next.value as Row[] & { continuationToken?: string };
      const out: Page<StoredWorkload> = { items: page.filter((row) => !isDeleting(row)).map(storedWorkload) };
      if (page.continuationToken) out.continuationToken = page.continuationToken;
      return out;
    });
  }

  /** A workload's row with the nightly's last state, as it is now, or null when it is gone. */
  async storedWorkload(tenantId: string, workload: string): Promise<StoredWorkload | null> {
    const row = await this.readRow(tenantId, workload);
    return row === null ? null : storedWorkload(row);
  }

  /** The usage months of the tenants from `first` to `last` (a page of the nightly), by `tenant|workload`, sorted. */
  async usageOfTenants(first: string, last: string): Promise<Map<string, UsageMonth[]>> {
    const filter = odata`PartitionKey ge ${textValue(first, 'tenantId')} and PartitionKey le ${textValue(last, 'tenantId')}`;
    const out = await this.call('reading the usage of tenants', async () => {
      const byWorkload = new Map<string, UsageMonth[]>();
      for await (const e of this.usage.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const key = `${e.partitionKey}|${String(e.workload)}`;
        let months = byWorkload.get(key);
        if (!months) byWorkload.set(key, (months = []));
        months.push(fromUsageEntity(e));
      }
      return byWorkload;
    });
    for (const months of out.values()) months.sort((a, b) => (a.month < b.month ? -1 : 1));
    return out;
  }

  /**
   * Merge the nightly's state and what the engine derived into a workload's row, if it still
   * has the ETag read (412 otherwise; 404 when it is gone: the caller reads again).
   */
  async writeNightState(tenantId: string, workload: string, etag: string, night: NightColumns, derived: Derived): Promise<void> {
    const entity = { ...workloadKeys(tenantId, workload), ...night, ...derivedColumns(derived) };
    await this.call("writing a workload's nightly state", () => this.workloads.updateEntity(entity, 'Merge', { etag }));
  }
}
