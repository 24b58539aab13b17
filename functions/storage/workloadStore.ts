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
 */
import { odata, type TableClient, type TableEntity, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { checkEligibility, EngineInputError, parseWith, sizeBand as sizeBandOf, type UsageMonth } from '../../shared';
import { tableClient } from './connection';
import { checkEntitySize } from './entitySize';
import { allOf, booleanValue, checkedToken, textValue, type Clause } from './filters';
import { usageRange, workloadKeys } from './keys';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { EntityExists, EntityNotFound, EtagRequired, StaleEtag, StorageInputError, statusOf } from './storageErrors';
import {
  applyPatch,
  factsFor,
  fromUsageEntity,
  fromWorkloadEntity,
  NIGHTLY_COLUMNS,
  requiredCleared,
  TrackedWorkloadSchema,
  usageEntity,
  workloadEntity,
  type Derived,
  type TrackedWorkload,
  type TrackedWorkloadFields,
  type TrackedWorkloadPatch,
  type UsageSnapshot,
} from './trackedWorkload';
import { inParallel, planTransactions, submitBatch } from './transactions';

export const WORKLOADS_TABLE = 'workloads';
/** What a Table Storage ETag looks like: W/"datetime'...'" (a weak, quoted entity tag). */
const ETAG_SHAPE = /^(W\/)?"[^"\u0000-\u001f]{1,200}"$/;
export const USAGE_TABLE = 'usage';

/** Page sizes of lists: 100 by default, at most 1,000 (the service's own page limit). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface WorkloadFilter {
  tenantId?: string;
  programId?: string;
  sizeBand?: string;
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

function label(tenantId: string, workload: string): string {
  return `Workload ${workload} of tenant ${tenantId}`;
}

export class WorkloadStore {
  readonly workloads: TableClient;
  readonly usage: TableClient;
  readonly retry: RetryPolicy;

  constructor(connectionString: string, options: StoreOptions = {}) {
    const prefix = options.tablePrefix ?? '';
    this.workloads = tableClient(connectionString, `${prefix}${WORKLOADS_TABLE}`);
    this.usage = tableClient(connectionString, `${prefix}${USAGE_TABLE}`);
    this.retry = options.retry ?? DEFAULT_RETRY;
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
    const { partitionKey, rowKey } = workloadKeys(tenantId, workload);
    try {
      const entity = await this.call('reading a tracked workload', () => this.workloads.getEntity<Record<string, unknown>>(partitionKey, rowKey));
      return fromWorkloadEntity(entity);
    } catch (e) {
      if (statusOf(e) === 404) throw new EntityNotFound(label(tenantId, workload));
      throw e;
    }
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

  /** What the engine says of the record today, stored with it so lists can filter on it. */
  derive(record: Omit<TrackedWorkload, 'etag' | 'sizeBand' | 'eligible' | 'evaluatedOn'>, history: readonly UsageMonth[], asOfDate: string): Derived {
    let band: string | null = null;
    try {
      band = sizeBandOf({ programId: record.programId, paidAvailableUnits: record.paidAvailableUnits, asOfDate }).band;
    } catch (e) {
      if (!(e instanceof EngineInputError)) throw e;
    }
    try {
      const verdict = checkEligibility(factsFor(record as TrackedWorkload, history, asOfDate));
      return { sizeBand: verdict.sizeBand ?? band, eligible: verdict.eligible, evaluatedOn: asOfDate };
    } catch (e) {
      // Facts the engine cannot judge yet (a filed claim without its baseline): no verdict stored.
      if (e instanceof EngineInputError) return { sizeBand: band, eligible: null, evaluatedOn: asOfDate };
      throw e;
    }
  }

  /** Track a new workload; EntityExists when it is already tracked (replace it with its ETag). */
  async create(tenantId: string, workload: string, fields: TrackedWorkloadFields, asOfDate: string): Promise<TrackedWorkload> {
    const history = await this.usageHistory(tenantId, workload);
    const entity = workloadEntity(tenantId, workload, fields, this.derive({ tenantId, workload, ...fields }, history, asOfDate));
    checkEntitySize(entity);
    try {
      await this.call('creating a tracked workload', () => this.workloads.createEntity(entity));
    } catch (e) {
      if (statusOf(e) === 409) throw new EntityExists(label(tenantId, workload));
      throw e;
    }
    return this.get(tenantId, workload);
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
    const { partitionKey, rowKey } = workloadKeys(tenantId, workload);
    const current = await this.call('reading a tracked workload', () => this.workloads.getEntity<Record<string, unknown>>(partitionKey, rowKey)).catch((e: unknown) => {
      throw statusOf(e) === 404 ? new EntityNotFound(label(tenantId, workload)) : e;
    });
    if (current.etag !== etag) throw new StaleEtag(label(tenantId, workload));
    return current as Row;
  }

  /** Write the user's fields over `current` with its ETag; the nightly's last state stays with the row. */
  private async writeFields(tenantId: string, workload: string, fields: TrackedWorkloadFields, current: Row, asOfDate: string, history?: readonly UsageMonth[]): Promise<TrackedWorkload> {
    const months = history ?? (await this.usageHistory(tenantId, workload));
    const entity = workloadEntity(tenantId, workload, fields, this.derive({ tenantId, workload, ...fields }, months, asOfDate));
    for (const column of NIGHTLY_COLUMNS) if (current[column] !== undefined) entity[column] = current[column];
    checkEntitySize(entity);
    await this.conditional(tenantId, workload, () => this.workloads.updateEntity(entity, 'Replace', { etag: String(current.etag) }));
    return this.get(tenantId, workload);
  }

  /** Stop tracking a workload (and drop its usage), if unchanged since `etag`. */
  async delete(tenantId: string, workload: string, etag: string | undefined): Promise<void> {
    if (!etag) throw new EtagRequired(label(tenantId, workload));
    // A value that is no ETag at all can match nothing: stale, and never sent to storage.
    if (!ETAG_SHAPE.test(etag)) throw new StaleEtag(label(tenantId, workload));
    const { partitionKey, rowKey } = workloadKeys(tenantId, workload);
    await this.conditional(tenantId, workload, () => this.workloads.deleteEntity(partitionKey, rowKey, { etag }));
    const { from, to } = usageRange(workload);
    const filter = allOf([
      { text: odata`PartitionKey eq ${textValue(tenantId, 'tenantId')}`, comparisons: 1 },
      { text: odata`RowKey ge ${from} and RowKey lt ${to}`, comparisons: 2 },
    ]);
    const months: Array<{ rowKey: string; etag: string }> = [];
    for await (const e of this.usage.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) months.push({ rowKey: e.rowKey!, etag: e.etag });
    // Transactions delete with If-Match: *, so each month is deleted alone with the ETag just read.
    await inParallel(months, 8, async (m) => {
      try {
        await this.call('deleting a usage month', () => this.usage.deleteEntity(partitionKey, m.rowKey, { etag: m.etag }));
      } catch (e) {
        if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
      }
    });
  }

  private async conditional(tenantId: string, workload: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await this.call('writing a tracked workload', write);
    } catch (e) {
      if (statusOf(e) === 412) throw new StaleEtag(label(tenantId, workload));
      if (statusOf(e) === 404) throw new EntityNotFound(label(tenantId, workload));
      throw e;
    }
  }

  /** A page of tracked workloads matching the filter. */
  async list(filter: WorkloadFilter, pageSize = DEFAULT_PAGE_SIZE, continuationToken?: string): Promise<Page<TrackedWorkload>> {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new StorageInputError('pageSize', `must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
    const clauses: Clause[] = [];
    if (filter.tenantId !== undefined) clauses.push({ text: odata`PartitionKey eq ${textValue(filter.tenantId, 'tenantId')}`, comparisons: 1 });
    if (filter.workload !== undefined) clauses.push({ text: odata`RowKey eq ${textValue(filter.workload, 'workload')}`, comparisons: 1 });
    if (filter.programId !== undefined) clauses.push({ text: odata`programId eq ${textValue(filter.programId, 'programId')}`, comparisons: 1 });
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
      const out: Page<TrackedWorkload> = { items: page.map(fromWorkloadEntity) };
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

  /** The tenants with at least one tracked workload (one scan of the keys only). */
  async trackedTenants(): Promise<Set<string>> {
    return this.call('listing tracked tenants', async () => {
      const tenants = new Set<string>();
      for await (const e of this.workloads.listEntities({ queryOptions: { select: ['PartitionKey'] } })) tenants.add(e.partitionKey!);
      return tenants;
    });
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
}
