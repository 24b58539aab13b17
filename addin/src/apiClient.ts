/**
 * The add-in's client of the partner incentives API, for the API-backed formulas: calls made
 * while Excel recalculates are batched (many cells, one request, answers matched by key),
 * answers are cached for the recalculation, and a failed call rejects every pending cell
 * with the reason (so no cell stays on #BUSY!).
 */
import type { ReconciliationLine, ReconciliationSummary } from '../../shared';

export interface ApiSettings {
  apiUrl: string;
  apiKey: string;
}

export interface TrackedRecord {
  tenantId: string;
  workload: string;
  [field: string]: unknown;
}

/** A workload's state before or after a night (the part the task pane shows). */
export interface ChangeState {
  paidAvailableUnits: number;
  monthlyActiveUsers: number;
  sizeBand: string;
  usagePct?: number | null;
  toEarnCents?: number | null;
}

export interface ChangeItem {
  night: string;
  tenantId: string;
  workload: string;
  customerName?: string;
  kind: string;
  before?: ChangeState | null;
  after?: ChangeState;
  reasons: Array<{ code: string; message: string }>;
  advice: { action: string; reasons?: Array<{ code: string; message: string }> };
  lostCents?: number;
  time: string;
}

/** A tracked workload's reconciliation as the API answers it (POST /reconciliation/lookup), or null when it is not tracked. */
export interface Reconciled {
  paidCents: number;
  lines: Array<{
    month: string;
    status: string;
    predictedCents: number;
    paidCents: number;
    differenceCents: number;
    message: string;
    likelyCause: string;
    disputeBy: string | null;
    partnerCenterCode: string | null;
    [field: string]: unknown;
  }>;
}

/** A reconciliation line as GET /api/v1/reconciliation answers it: the engine's own line (shared/earnings/reconcile.ts). */
export type ReconciliationLineJson = ReconciliationLine;

/** GET /api/v1/reconciliation/summary: the engine's totals (by status, by segment and cloud, the next open dispute deadline) for an as-of date. */
export type ReconciliationSummaryJson = ReconciliationSummary & { asOfDate: string; workloads: number };

type Fetch = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown>; text(): Promise<string> }>;

interface Pending {
  tenantId: string;
  workload: string;
  resolve(record: TrackedRecord | null): void;
  reject(e: Error): void;
}

/** Keys per lookup request (the API's limit). */
export const LOOKUP_BATCH = 1000;
/** Lookups sent at once (the rest wait for one to finish). */
export const LOOKUPS_IN_FLIGHT = 4;

export class ApiError extends Error {}

export class IncentivesApi {
  private queue: Pending[] = [];
  private flushing: ReturnType<typeof setTimeout> | null = null;
  private readonly cache = new Map<string, { at: number; value: Promise<TrackedRecord | null> }>();
  private readonly changes = new Map<string, { at: number; value: Promise<ChangeItem[]> }>();
  private reconcileQueue: Array<{ tenantId: string; workload: string; resolve(r: Reconciled | null): void; reject(e: Error): void }> = [];
  private reconcileFlushing: ReturnType<typeof setTimeout> | null = null;
  private readonly reconciledCache = new Map<string, { at: number; value: Promise<Reconciled | null> }>();
  /** HTTP requests made (the browser benchmark counts them). */
  requests = 0;

  constructor(
    private readonly settings: () => ApiSettings,
    private readonly fetchImpl: Fetch = (url, init) => fetch(url, init),
    /** How long an answer serves other cells (one recalculation). */
    private readonly cacheMs = 30_000,
  ) {}

  /** Forget cached answers (settings changed, or the user asked to refresh). */
  clear(): void {
    this.cache.clear();
    this.changes.clear();
    this.reconciledCache.clear();
  }

  /**
   * One request to the API with the saved URL and key (and an ETag for updates): its status
   * and JSON body. Throws ApiError only when the API cannot be reached or is not set.
   */
  async send(method: string, path: string, options: { body?: unknown; etag?: string } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
    const { apiUrl, apiKey } = this.settings();
    if (!apiUrl) throw new ApiError('The API URL is not set: open the Partner incentives task pane and save its settings.');
    const headers: Record<string, string> = { 'x-functions-key': apiKey };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.etag) headers['if-match'] = options.etag;
    this.requests++;
    let res;
    try {
      res = await this.fetchImpl(`${apiUrl.replace(/\/+$/, '')}/api/v1${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    } catch (e) {
      throw new ApiError(`The API at ${apiUrl} did not answer (${e instanceof Error ? e.message : String(e)}).`);
    }
    let json: Record<string, unknown> = {};
    try {
      json = (await res.json()) as Record<string, unknown>;
    } catch {
      json = {};
    }
    return { status: res.status, json };
  }

  /** A successful answer's body, or an ApiError saying what the API said. */
  private async call(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
    const { status, json } = await this.send(init.method ?? 'GET', path, init.body !== undefined ? { body: init.body } : {});
    if (status >= 200 && status < 300) return json;
    const detail = typeof json.detail === 'string' ? json.detail : '';
    throw new ApiError(status === 401 ? 'The API key is missing or wrong: check the task pane settings.' : `The API answered ${status}${detail ? `: ${detail.replace(/\.$/, '')}` : ''}.`);
  }

  /** A tracked workload's record, or null when it is not tracked. Batched with the calls of the same moment. */
  tracked(tenantId: string, workload: string): Promise<TrackedRecord | null> {
    const key = `${tenantId.toLowerCase()}|${workload.toLowerCase()}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.value;
    const value = new Promise<TrackedRecord | null>((resolve, reject) => {
      this.queue.push({ tenantId, workload, resolve, reject });
      this.flushing ??= setTimeout(() => void this.flush(), 0);
    });
    this.cache.set(key, { at: Date.now(), value });
    // A failure is not kept: the next recalculation asks again.
    value.catch(() => this.cache.delete(key));
    return value;
  }

  private async flush(): Promise<void> {
    this.flushing = null;
    const pending = this.queue;
    this.queue = [];
    const batches: Pending[][] = [];
    for (let start = 0; start < pending.length; start += LOOKUP_BATCH) batches.push(pending.slice(start, start + LOOKUP_BATCH));
    // A few lookups in flight at once; each batch's cells answer as soon as its lookup does.
    let next = 0;
    const worker = async () => {
      while (next < batches.length) await this.lookup(batches[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUPS_IN_FLIGHT, batches.length) }, worker));
  }

  private async lookup(batch: Pending[]): Promise<void> {
    try {
      const answer = (await this.call('/workloads/lookup', { method: 'POST', body: { items: batch.map((p) => ({ tenantId: p.tenantId, workload: p.workload })) } })) as {
        items: Array<{ found: boolean; record?: TrackedRecord }>;
      };
      batch.forEach((p, i) => {
        const item = answer.items[i];
        p.resolve(item?.found && item.record ? item.record : null);
      });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const p of batch) p.reject(error);
    }
  }

  /**
   * A tracked workload's reconciliation today (what was paid, line by line against the
   * prediction), or null when it is not tracked. Batched like tracked(): many cells, one request.
   */
  reconciled(tenantId: string, workload: string): Promise<Reconciled | null> {
    const key = `${tenantId.toLowerCase()}|${workload.toLowerCase()}`;
    const hit = this.reconciledCache.get(key);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.value;
    const value = new Promise<Reconciled | null>((resolve, reject) => {
      this.reconcileQueue.push({ tenantId, workload, resolve, reject });
      this.reconcileFlushing ??= setTimeout(() => void this.flushReconciled(), 0);
    });
    this.reconciledCache.set(key, { at: Date.now(), value });
    value.catch(() => this.reconciledCache.delete(key));
    return value;
  }

  private async flushReconciled(): Promise<void> {
    this.reconcileFlushing = null;
    const pending = this.reconcileQueue;
    this.reconcileQueue = [];
    for (let start = 0; start < pending.length; start += LOOKUP_BATCH) {
      const batch = pending.slice(start, start + LOOKUP_BATCH);
      try {
        const answer = (await this.call('/reconciliation/lookup', { method: 'POST', body: { items: batch.map((p) => ({ tenantId: p.tenantId, workload: p.workload })) } })) as {
          items: Array<{ tenantId: string; workload: string; found: boolean; paidCents?: number; lines?: Reconciled['lines'] }>;
        };
        // Matched by key, not by position.
        const byKey = new Map(answer.items.map((a) => [`${a.tenantId.toLowerCase()}|${a.workload.toLowerCase()}`, a]));
        for (const p of batch) {
          const item = byKey.get(`${p.tenantId.toLowerCase()}|${p.workload.toLowerCase()}`);
          p.resolve(item?.found ? { paidCents: item.paidCents ?? 0, lines: item.lines ?? [] } : null);
        }
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        for (const p of batch) p.reject(error);
      }
    }
  }

  /** The change feed since a date (every page), cached for the recalculation. */
  changesSince(since: string): Promise<ChangeItem[]> {
    const hit = this.changes.get(since);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.value;
    const value = (async () => {
      const out: ChangeItem[] = [];
      let path: string | undefined = `/changes?since=${encodeURIComponent(since)}&pageSize=1000`;
      while (path) {
        const page = (await this.call(path)) as { items: ChangeItem[]; nextLink?: string };
        out.push(...page.items);
        path = page.nextLink?.replace(/^\/api\/v1/, '');
      }
      return out;
    })();
    this.changes.set(since, { at: Date.now(), value });
    value.catch(() => this.changes.delete(since));
    return value;
  }

  /** The reconciliation's totals on a date (GET /reconciliation/summary). */
  async reconciliationSummary(asOfDate: string): Promise<ReconciliationSummaryJson> {
    return (await this.call(`/reconciliation/summary?asOfDate=${encodeURIComponent(asOfDate)}`)) as ReconciliationSummaryJson;
  }

  /**
   * Every reconciliation line of a status on a date (GET /reconciliation), following the
   * continuation tokens page by page; `progress` is told the lines read so far after each page.
   */
  async reconciliationLines(asOfDate: string, status: string, progress: (read: number) => void = () => undefined): Promise<ReconciliationLineJson[]> {
    const out: ReconciliationLineJson[] = [];
    let path: string | undefined = `/reconciliation?asOfDate=${encodeURIComponent(asOfDate)}&status=${encodeURIComponent(status)}&pageSize=1000`;
    while (path) {
      const page = (await this.call(path)) as { items: ReconciliationLineJson[]; nextLink?: string };
      out.push(...page.items);
      progress(out.length);
      path = page.nextLink?.replace(/^\/api\/v1/, '');
    }
    return out;
  }
}
