/**
 * The program catalog in Table Storage: the figures the operations team owns (docs/programs.md).
 *
 * Table `programs`:
 * - PartitionKey = program year id (`security-usage-fy26`), RowKey `current`: the year's figures
 *   as it starts (`program`, JSON), its amendments (`amendments`, JSON, each with effectiveFrom,
 *   note, changedBy, changedAt), `version` (1, 2, ...), and who changed it, when and why.
 * - Same partition, RowKey `v000001`, `v000002`...: every version as it was written, never
 *   changed afterwards: the history. A change writes the new `current` (with the ETag read) and
 *   its version row in one transaction, so the history never misses a version.
 * - PartitionKey `_catalog`, RowKey `lists`: the workload list and the recognition rules.
 *
 * The shipped programs seed an empty table (version 1 of each, by "seed"); the `lists` row is
 * written last, so a seeding interrupted half-way is completed by the next start.
 *
 * Every update and delete carries the ETag read; a retried write that meets 409 or 412 reads
 * the row and, if it carries this write's id, knows its earlier attempt was applied.
 */
import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { Amendment, CatalogData } from '../../shared';
import { tableClient, type StorageConnection } from './connection';
import { checkEntitySize } from './entitySize';
import { keyPart } from './keys';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { EntityNotFound, EtagRequired, StaleEtag, statusOf } from './storageErrors';
import { submitBatch } from './transactions';

export const PROGRAMS_TABLE = 'programs';
const CURRENT = 'current';
const LISTS_PARTITION = '_catalog';
const LISTS_ROW = 'lists';
const WRITE_ID = 'writeId';

/** One program year as stored: its figures, its amendments and the version's record. */
export interface StoredProgramYear {
  programId: string;
  /** The year's figures as it starts (amendments apply on top, from their dates). */
  program: Record<string, unknown>;
  amendments: Amendment[];
  version: number;
  changedAt: string;
  changedBy: string;
  note: string;
  /** What the version did: seeded, created, replaced, amended. */
  action: ProgramAction;
  /** Present on the current row only. */
  etag?: string;
}

export type ProgramAction = 'seeded' | 'created' | 'replaced' | 'amended';

/** Who changes what, when and why (recorded with the version). */
export interface ChangeRecord {
  by: string;
  at: string;
  note: string;
}

/** The stored catalog as the engine loads it, and a key that changes whenever any figure does. */
export interface StoredCatalog {
  data: CatalogData;
  versionKey: string;
  years: StoredProgramYear[];
}

type Row = TableEntityResult<Record<string, unknown>>;

/** 404: no program year of that id is stored. */
export function noSuchProgram(programId: string): EntityNotFound {
  return new EntityNotFound(`Program ${programId}`, `No program "${programId}" is stored; GET /api/v1/programs lists them.`);
}

const versionRow = (version: number) => `v${String(version).padStart(6, '0')}`;

function parseRow(row: Record<string, unknown>): StoredProgramYear {
  return {
    programId: String(row.partitionKey),
    program: JSON.parse(String(row.program)) as Record<string, unknown>,
    amendments: JSON.parse(String(row.amendments ?? '[]')) as Amendment[],
    version: Number(row.version),
    changedAt: String(row.changedAt),
    changedBy: String(row.changedBy),
    note: String(row.note),
    action: String(row.action) as ProgramAction,
    ...(row.rowKey === CURRENT && typeof row.etag === 'string' ? { etag: row.etag } : {}),
  };
}

function columns(year: Omit<StoredProgramYear, 'programId' | 'etag'>, writeId: string): Record<string, unknown> {
  return {
    program: JSON.stringify(year.program),
    amendments: JSON.stringify(year.amendments),
    version: year.version,
    changedAt: year.changedAt,
    changedBy: year.changedBy,
    note: year.note,
    action: year.action,
    [WRITE_ID]: writeId,
  };
}

export class ProgramStore {
  readonly table: TableClient;
  readonly retry: RetryPolicy;

  constructor(connection: StorageConnection, options: { retry?: RetryPolicy; tablePrefix?: string } = {}) {
    this.table = tableClient(connection, `${options.tablePrefix ?? ''}${PROGRAMS_TABLE}`);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(what, fn, this.retry);
  }

  async ensureTable(): Promise<void> {
    await this.call('creating the programs table', () => this.table.createTable());
  }

  /**
   * Seed an empty catalog with these programs (the shipped ones): version 1 of each, then the
   * lists row. Returns whether anything was seeded; a catalog already seeded is left alone.
   */
  async seedIfEmpty(data: CatalogData, at: string): Promise<boolean> {
    if (await this.readRow(LISTS_PARTITION, LISTS_ROW)) return false;
    for (const raw of data.programs) {
      const program = raw as Record<string, unknown>;
      const programId = keyPart(String(program.id), 'id');
      const year = { program, amendments: [], version: 1, changedAt: at, changedBy: 'seed', note: 'The example figures shipped with the product', action: 'seeded' as const };
      const writeId = randomUUID();
      const body = columns(year, writeId);
      try {
        await submitBatch(
          this.table,
          [
            ['create', { partitionKey: programId, rowKey: CURRENT, ...body }],
            ['create', { partitionKey: programId, rowKey: versionRow(1), ...body }],
          ],
          this.retry,
        );
      } catch (e) {
        // Seeded by another start (or by our own lost attempt): what is there stays.
        if (statusOf(e) !== 409) throw e;
      }
    }
    try {
      await this.call('seeding the catalog lists', () =>
        this.table.createEntity({ partitionKey: LISTS_PARTITION, rowKey: LISTS_ROW, workloads: JSON.stringify(data.workloads), recognition: JSON.stringify(data.recognition), seededAt: at }),
      );
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
    return true;
  }

  private async readRow(partitionKey: string, rowKey: string): Promise<Row | null> {
    try {
      return await this.call('reading a program', () => this.table.getEntity<Record<string, unknown>>(partitionKey, rowKey));
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  /** The current rows of every program year. */
  private async currentRows(select?: string[]): Promise<Row[]> {
    return this.call('reading the program catalog', async () => {
      const rows: Row[] = [];
      const query = { filter: odata`RowKey eq ${CURRENT}`, ...(select ? { select } : {}) };
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: query })) rows.push(row);
      return rows;
    });
  }

  /**
   * A key that changes whenever any program year changes (one small query: ids and versions),
   * for the cache to know whether to load again.
   */
  async versionKey(): Promise<string> {
    const rows = await this.currentRows(['PartitionKey', 'version']);
    return versionKeyOf(rows.map((r) => ({ programId: String(r.partitionKey), version: Number(r.version), etag: String(r.etag) })));
  }

  /** The whole stored catalog, as loadCatalog takes it. */
  async load(): Promise<StoredCatalog> {
    const [rows, lists] = await Promise.all([this.currentRows(), this.readRow(LISTS_PARTITION, LISTS_ROW)]);
    if (!lists) throw new EntityNotFound('The program catalog', 'The program catalog is not seeded yet (it is, on the first request).');
    const years = rows.map(parseRow).sort((a, b) => (a.programId < b.programId ? -1 : 1));
    const versionKey = versionKeyOf(years.map((y) => ({ programId: y.programId, version: y.version, etag: y.etag ?? '' })));
    return {
      years,
      versionKey,
      data: {
        programs: years.map((y) => y.program),
        amendments: years.flatMap((y) => y.amendments.map((a) => ({ programId: y.programId, ...a }))),
        workloads: JSON.parse(String(lists.workloads)),
        recognition: JSON.parse(String(lists.recognition)),
        info: { source: 'stored', version: versionLabel(versionKey) },
      },
    };
  }

  /** One program year as stored now, or null. */
  async get(programId: string): Promise<StoredProgramYear | null> {
    const row = await this.readRow(keyPart(programId, 'id'), CURRENT);
    return row ? parseRow(row) : null;
  }

  /** Every version of a program year, newest first. */
  async history(programId: string): Promise<StoredProgramYear[]> {
    const id = keyPart(programId, 'id');
    return this.call('reading a program history', async () => {
      const rows: StoredProgramYear[] = [];
      const filter = odata`PartitionKey eq ${id} and RowKey ge ${'v'} and RowKey lt ${'w'}`;
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(parseRow(row));
      return rows.sort((a, b) => b.version - a.version);
    });
  }

  /**
   * Write a new version of a program year: `current` replaced with the ETag read (created when
   * `expected` is null) and the version row added, in one transaction. StaleEtag when the year
   * changed since it was read.
   */
  async write(
    programId: string,
    next: { program: Record<string, unknown>; amendments: Amendment[]; action: ProgramAction },
    change: ChangeRecord,
    expected: StoredProgramYear | null,
  ): Promise<StoredProgramYear> {
    const id = keyPart(programId, 'id');
    const version = (expected?.version ?? 0) + 1;
    const year = { ...next, version, changedAt: change.at, changedBy: change.by, note: change.note };
    const writeId = randomUUID();
    const body = columns(year, writeId);
    checkEntitySize({ partitionKey: id, rowKey: CURRENT, ...body });
    const current: TransactionAction =
      expected === null ? ['create', { partitionKey: id, rowKey: CURRENT, ...body }] : ['update', { partitionKey: id, rowKey: CURRENT, ...body }, 'Replace', { etag: expected.etag! }];
    try {
      await submitBatch(this.table, [current, ['create', { partitionKey: id, rowKey: versionRow(version), ...body }]], this.retry);
    } catch (e) {
      const status = statusOf(e);
      if (status !== 409 && status !== 412) throw e;
      // Our own earlier attempt, applied with its answer lost, carries this write's id.
      const now = await this.readRow(id, CURRENT);
      if (now?.[WRITE_ID] !== writeId) throw new StaleEtag(`Program ${programId}`);
    }
    const written = await this.readRow(id, CURRENT);
    return parseRow(written!);
  }

  /** Delete a program year and its history, with the ETag read. */
  async delete(programId: string, etag: string | undefined): Promise<void> {
    const id = keyPart(programId, 'id');
    if (etag === undefined) throw new EtagRequired(`program ${programId}`);
    try {
      await this.call('deleting a program', () => this.table.deleteEntity(id, CURRENT, { etag }));
    } catch (e) {
      if (statusOf(e) === 404) throw noSuchProgram(programId);
      if (statusOf(e) === 412) throw new StaleEtag(`Program ${programId}`);
      throw e;
    }
    for (const old of await this.versionRowKeys(id)) {
      try {
        await this.call('deleting a program version', () => this.table.deleteEntity(id, old.rowKey, { etag: old.etag }));
      } catch (e) {
        if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
      }
    }
  }

  private async versionRowKeys(id: string): Promise<Array<{ rowKey: string; etag: string }>> {
    return this.call('listing program versions', async () => {
      const out: Array<{ rowKey: string; etag: string }> = [];
      const filter = odata`PartitionKey eq ${id} and RowKey ge ${'v'} and RowKey lt ${'w'}`;
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['RowKey'] } })) out.push({ rowKey: String(row.rowKey), etag: String(row.etag) });
      return out;
    });
  }
}

/** Ids, versions and ETags: a year deleted and created again has a new ETag even at version 1. */
function versionKeyOf(years: ReadonlyArray<{ programId: string; version: number; etag: string }>): string {
  return [...years]
    .sort((a, b) => (a.programId < b.programId ? -1 : 1))
    .map((y) => `${y.programId}@${y.version}:${y.etag}`)
    .join(',');
}

/** A short version label of a stored catalog, for people: the sum of the years' versions and a hash. */
export function versionLabel(versionKey: string): string {
  let hash = 0;
  for (let i = 0; i < versionKey.length; i++) hash = (Math.imul(hash, 31) + versionKey.charCodeAt(i)) | 0;
  const total = [...versionKey.matchAll(/@(\d+):/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return `v${total}-${(hash >>> 0).toString(16).padStart(8, '0').slice(0, 8)}`;
}
