/**
 * The `earnings` table: what Partner Center's earnings files say, as imported.
 * - Earnings: PartitionKey tenantId, RowKey `E|<workload>|<hash of earningId>` (one row per
 *   distinct earning: an earning repeated on several transaction rows is one entity, and
 *   importing the same file again writes the same entities, so nothing changes).
 * - Ineligibility codes: PartitionKey tenantId (or `tpid-<TPID>` when the file names the
 *   customer by TPID), RowKey `I|<workload>|<month>|<hash of unearnedId>`.
 * - Cap report rows: PartitionKey `~cap`, RowKey a hash of participant, program, lever,
 *   customer and effective start.
 * - Payments entered by hand (handPayments.ts): earnings in the tenant's partition, RowKey
 *   `E|<workload>|<hash of "hand|" and the payment id>`, `source` "entered-by-hand" with who
 *   entered them, when and why; read with the imported earnings, so everything counts them.
 * A tenant's earnings and codes are one partition: reconciliation reads a tenant at once; the
 * codes of a customer named by TPID are matched to every tracked workload whose record has that
 * `customerTpid` (`ofTpids`, `ineligibleOf`).
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { Earning, Ineligibility } from '../../shared';
import { tableClient, type StorageConnection } from './connection';
import { textValue } from './filters';
import { keyPart, KEY_SEPARATOR } from './keys';
import { keyHash, type CapRecord, type EarningsRecord } from './reports/earningsReports';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { HAND_SOURCE } from './handPayments';
import { EntityNotFound, statusOf } from './storageErrors';
import { planTransactions, submitBatch } from './transactions';

export const EARNINGS_TABLE = 'earnings';
/** Sorts after every tenant ID (lower-case GUIDs), so tenant ranges never include it. */
const CAP_PARTITION = '~cap';
/** The partition of the codes of a customer named by TPID (sorts after every tenant ID too). */
export const tpidPartition = (tpid: string) => `tpid-${tpid}`;
/** Partitions read in one query (the service's limit of comparisons in a filter). */
const MAX_COMPARISONS = 15;

/** Codes of customers named by TPID: TPID -> workload -> codes. */
export type TpidCodes = Map<string, Map<string, Ineligibility[]>>;

/**
 * The ineligibility codes of a tracked workload: those naming its tenant, then those naming its
 * customer's TPID (when the record has one).
 * @example ineligibleOf({ workload: 'teams', customerTpid: '123456' }, undefined, tpidCodes) // => the teams codes of TPID 123456
 */
export function ineligibleOf(record: { workload: string; customerTpid?: string | undefined }, tenant: TenantEarnings | undefined, byTpid: TpidCodes): Ineligibility[] {
  const own = tenant?.ineligible.get(record.workload) ?? [];
  const viaTpid = record.customerTpid === undefined ? undefined : byTpid.get(record.customerTpid)?.get(record.workload);
  return viaTpid === undefined || viaTpid.length === 0 ? own : [...own, ...viaTpid];
}

/** The distinct TPIDs of some tracked records. */
export function tpidsOf(records: Iterable<{ customerTpid?: string | undefined }>): string[] {
  const out = new Set<string>();
  for (const r of records) if (r.customerTpid !== undefined) out.add(r.customerTpid);
  return [...out];
}

/** A tenant's imported earnings and ineligibility codes, by workload. */
export interface TenantEarnings {
  earnings: Map<string, Earning[]>;
  ineligible: Map<string, Ineligibility[]>;
}

type Row = Record<string, unknown> & { partitionKey: string; rowKey: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The entity of an imported record. */
export function earningsEntity(record: EarningsRecord): Row {
  if (record.kind === 'earning') {
    const e = record.earning;
    return {
      partitionKey: keyPart(e.tenantId, 'customerTenantId'),
      rowKey: ['E', keyPart(e.workload, 'workload'), keyHash(e.earningKey)].join(KEY_SEPARATOR),
      ...(Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null)) as Record<string, unknown>),
    };
  }
  if (record.kind === 'ineligible') {
    const i = record.ineligible;
    return {
      partitionKey: keyPart(i.customerKey, 'customerId'),
      rowKey: ['I', keyPart(i.workload, 'workload'), i.month, keyHash(i.rowKey)].join(KEY_SEPARATOR),
      workload: i.workload,
      month: i.month,
      reason: i.reason,
      date: i.date,
      customerIdType: i.customerIdType,
      sourceKey: i.rowKey,
    };
  }
  const c = record.cap;
  return {
    partitionKey: CAP_PARTITION,
    rowKey: keyHash(JSON.stringify([c.participantId, c.programId ?? c.programName, c.leverName, c.customerId, c.effectiveStart])),
    ...(Object.fromEntries(Object.entries(c).filter(([, v]) => v !== null)) as Record<string, unknown>),
  };
}

/** The row key of a payment entered by hand. */
function handRowKey(workload: string, id: string): string {
  return ['E', keyPart(workload, 'workload'), keyHash(`hand|${id}`)].join(KEY_SEPARATOR);
}

/** The entity of a payment entered by hand (an earning with `entered`). */
export function handEntity(e: Earning): Row {
  const h = e.entered!;
  const row: Row = {
    partitionKey: keyPart(e.tenantId, 'tenantId'),
    rowKey: handRowKey(e.workload, h.id),
    earningKey: e.earningKey,
    workload: e.workload,
    month: e.month,
    amountUsdCents: e.amountUsdCents,
    source: HAND_SOURCE,
    paymentId: h.id,
    enteredAt: h.enteredAt,
  };
  if (e.milestone !== null) row.milestone = e.milestone;
  if (e.claimId !== null) row.claimId = e.claimId;
  if (h.enteredBy !== null) row.enteredBy = h.enteredBy;
  if (h.note !== null) row.note = h.note;
  return row;
}

function earningOf(row: Row): Earning {
  const earning: Earning = {
    earningKey: String(row.earningKey),
    tenantId: row.partitionKey,
    workload: String(row.workload),
    month: String(row.month),
    milestone: num(row.milestone),
    baseline: num(row.baseline),
    baselineType: str(row.baselineType),
    compensableUnits: num(row.compensableUnits),
    earningRateCents: num(row.earningRateCents),
    amountUsdCents: num(row.amountUsdCents) ?? 0,
    amountPaymentMinor: num(row.amountPaymentMinor),
    paymentCurrency: str(row.paymentCurrency),
    claimId: str(row.claimId),
    paymentStatus: str(row.paymentStatus),
    estimatedPaymentMonth: str(row.estimatedPaymentMonth),
    reasonCode: str(row.reasonCode),
    programName: str(row.programName),
  };
  if (row.source === HAND_SOURCE) earning.entered = { id: String(row.paymentId), enteredBy: str(row.enteredBy), enteredAt: String(row.enteredAt), note: str(row.note) };
  return earning;
}

function capOf(row: Row): CapRecord {
  return {
    participantId: String(row.participantId),
    participantName: str(row.participantName),
    programName: str(row.programName),
    programId: str(row.programId),
    leverName: str(row.leverName),
    customerId: str(row.customerId),
    maxCapUsdCents: num(row.maxCapUsdCents) ?? 0,
    effectiveStart: str(row.effectiveStart),
    effectiveEnd: str(row.effectiveEnd),
    totalEarningsUsdCents: num(row.totalEarningsUsdCents) ?? 0,
    balanceUsdCents: num(row.balanceUsdCents) ?? 0,
    refreshedOn: str(row.refreshedOn),
  };
}

/** Whether a stored row holds the same values as the one to write (then writing it changes nothing). */
export function sameRow(stored: Record<string, unknown>, next: Row): boolean {
  for (const [k, v] of Object.entries(next)) if (stored[k] !== v) return false;
  for (const k of Object.keys(stored)) if (!k.startsWith('odata') && k !== 'etag' && k !== 'timestamp' && !(k in next)) return false;
  return true;
}

/** A stored row added to a tenant's earnings or codes. */
function addRow(out: TenantEarnings, r: Row): void {
  const rowKey = r.rowKey;
  if (rowKey.startsWith(`E${KEY_SEPARATOR}`)) {
    const e = earningOf(r);
    const list = out.earnings.get(e.workload) ?? [];
    list.push(e);
    out.earnings.set(e.workload, list);
  } else if (rowKey.startsWith(`I${KEY_SEPARATOR}`)) {
    const w = String(r.workload);
    const list = out.ineligible.get(w) ?? [];
    list.push({ month: String(r.month), reason: String(r.reason), date: String(r.date) });
    out.ineligible.set(w, list);
  }
}

export class EarningsStore {
  readonly table: TableClient;
  readonly retry: RetryPolicy;

  constructor(connection: StorageConnection, options: { retry?: RetryPolicy; tablePrefix?: string } = {}) {
    this.table = tableClient(connection, `${options.tablePrefix ?? ''}${EARNINGS_TABLE}`);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  async ensureTable(): Promise<void> {
    await withRetry('creating the earnings table', () => this.table.createTable(), this.retry);
  }

  /** The rows of one partition as stored, by row key (what an import compares with). */
  async partitionRows(partitionKey: string): Promise<Map<string, Record<string, unknown>>> {
    const filter = odata`PartitionKey eq ${textValue(partitionKey, 'partition')}`;
    return withRetry(
      'reading imported earnings',
      async () => {
        const out = new Map<string, Record<string, unknown>>();
        for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) out.set(e.rowKey!, e);
        return out;
      },
      this.retry,
    );
  }

  /** Write rows (upserts replacing what is stored), as valid transactions. */
  async write(rows: readonly Row[]): Promise<void> {
    const actions: TransactionAction[] = rows.map((r) => ['upsert', r, 'Replace']);
    for (const batch of planTransactions(actions)) await submitBatch(this.table, batch, this.retry);
  }

  /** A tenant's earnings and codes, by workload. */
  async ofTenant(tenantId: string): Promise<TenantEarnings> {
    const rows = await this.partitionRows(tenantId);
    const out: TenantEarnings = { earnings: new Map(), ineligible: new Map() };
    for (const [rowKey, row] of rows) addRow(out, { ...row, partitionKey: tenantId, rowKey } as Row);
    return out;
  }

  /**
   * The earnings and codes of the tenants from `first` to `last` (a page of tracked workloads),
   * in one query; none when no earnings file was ever imported (the table does not exist).
   */
  async ofTenants(first: string, last: string): Promise<Map<string, TenantEarnings>> {
    const filter = odata`PartitionKey ge ${textValue(first, 'tenantId')} and PartitionKey le ${textValue(last, 'tenantId')}`;
    return withRetry(
      'reading the earnings of tenants',
      async () => {
        const out = new Map<string, TenantEarnings>();
        const entities = this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } });
        try {
          for await (const e of entities) {
            let t = out.get(e.partitionKey!);
            if (!t) out.set(e.partitionKey!, (t = { earnings: new Map(), ineligible: new Map() }));
            addRow(t, e as Row);
          }
        } catch (e) {
          if (statusOf(e) !== 404) throw e;
        }
        return out;
      },
      this.retry,
    );
  }
  /** A payment entered by hand, stored as it was, or null. */
  async handPayment(tenantId: string, workload: string, id: string): Promise<{ earning: Earning; etag: string } | null> {
    const rowKey = handRowKey(workload, id);
    return withRetry(
      'reading a payment entered by hand',
      async () => {
        try {
          const e = await this.table.getEntity<Record<string, unknown>>(keyPart(tenantId, 'tenantId'), rowKey);
          if (e.source !== HAND_SOURCE) return null;
          return { earning: earningOf({ ...e, partitionKey: tenantId, rowKey } as Row), etag: String(e.etag) };
        } catch (e) {
          if (statusOf(e) === 404) return null;
          throw e;
        }
      },
      this.retry,
    );
  }

  /**
   * Stores a payment entered by hand unless one of the same id is stored: then the stored one
   * is answered (`created: false`), so a payment posted again (or a retry whose answer was
   * lost) is never doubled. The caller compares the figures.
   */
  async addHandPayment(earning: Earning): Promise<{ earning: Earning; created: boolean }> {
    const row = handEntity(earning);
    try {
      await withRetry('storing a payment entered by hand', () => this.table.createEntity(row), this.retry);
      return { earning, created: true };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      const stored = await this.handPayment(earning.tenantId, earning.workload, earning.entered!.id);
      if (stored === null) throw e;
      return { earning: stored.earning, created: false };
    }
  }

  /** Deletes a payment entered by hand (with the ETag read); EntityNotFound when there is none. */
  async deleteHandPayment(tenantId: string, workload: string, id: string): Promise<Earning> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.handPayment(tenantId, workload, id);
      if (stored === null) throw new EntityNotFound(`payment ${id}`, `No payment "${id}" was entered by hand for ${workload} of ${tenantId}; GET .../payments lists them.`);
      try {
        await withRetry('deleting a payment entered by hand', () => this.table.deleteEntity(tenantId, handRowKey(workload, id), { etag: stored.etag }), this.retry);
        return stored.earning;
      } catch (e) {
        // 404: gone meanwhile (our own earlier attempt whose answer was lost); 412: changed, read again.
        if (statusOf(e) === 404) return stored.earning;
        if (statusOf(e) !== 412 || attempt >= 3) throw e;
      }
    }
  }

  /** The codes of customers named by these TPIDs, by TPID and workload (15 TPIDs a query); none before any earnings file. */
  async ofTpids(tpids: readonly string[]): Promise<TpidCodes> {
    const out: TpidCodes = new Map();
    for (let i = 0; i < tpids.length; i += MAX_COMPARISONS) {
      const group = tpids.slice(i, i + MAX_COMPARISONS);
      const filter = group.map((t) => odata`PartitionKey eq ${textValue(tpidPartition(t), 'customerTpid')}`).join(' or ');
      const found = await withRetry(
        'reading the ineligibility codes of TPIDs',
        async () => {
          const rows: Row[] = [];
          try {
            for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push(e as Row);
          } catch (e) {
            if (statusOf(e) !== 404) throw e;
          }
          return rows;
        },
        this.retry,
      );
      for (const r of found) {
        const tpid = r.partitionKey.slice('tpid-'.length);
        let t = out.get(tpid);
        if (!t) out.set(tpid, (t = new Map()));
        const holder: TenantEarnings = { earnings: new Map(), ineligible: t };
        addRow(holder, r);
      }
    }
    return out;
  }

  /** The cap report's rows as last imported. */
  async caps(): Promise<CapRecord[]> {
    const rows = await this.partitionRows(CAP_PARTITION);
    return [...rows.entries()].map(([rowKey, row]) => capOf({ ...row, partitionKey: CAP_PARTITION, rowKey } as Row));
  }
}
