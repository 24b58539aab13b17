/**
 * Tracked workloads over HTTP (all keyed, all under /api/v1):
 *   PUT    /workloads/{tenantId}/{workload}        track (201), or replace with If-Match (200)
 *   PATCH  /workloads/{tenantId}/{workload}        change some fields; If-Match required
 *   DELETE /workloads/{tenantId}/{workload}        stop tracking; If-Match required
 *   GET    /workloads/{tenantId}/{workload}        the record, its ETag and today's verdict
 *   GET    /workloads?tenantId=&programId=&sizeBand=&customer=&advice=&claimStatus=&eligible=&workload=&updatedSince=&pageSize=&continuationToken=
 *   POST   /workloads/{tenantId}/{workload}/usage  one month's snapshot, or { items: [...] }
 *   GET    /workloads/{tenantId}/{workload}/usage  the monthly history
 * A stale ETag is a 412 and nothing is written; updates without one are a 428.
 */
import { programCatalog } from '../storage/catalogSource';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { defaultCatalog, EngineInputError, forecastFrom, isoDate, parseWith, TRACKED_DERIVED_FIELDS, type InputIssue, type UsageMonth } from '../../shared';
import { evaluateTracked } from '../storage/evaluateTracked';
import { EntityNotFound } from '../storage/storageErrors';
import { TrackedWorkloadPatchSchema, TrackedWorkloadSchema, UsageSnapshotSchema, WorkloadKeySchema, type TrackedWorkload } from '../storage/trackedWorkload';
import { batchItems, isBatch, parseItems } from './batch';
import { allPages, csvResponse, wantsCsv } from '../csv/answerCsv';
import { WORKLOAD_COLUMNS } from '../csv/columns';
import { MAX_PAGE_SIZE } from '../storage/workloadStore';
import { answerFrom } from './eligibility';
import { listQuerySchema } from './listFilters';
import { pageBody, queryObject } from './query';
import { readJson } from './readJson';
import { handled, json } from './respond';
import { trackedStore } from '../storage/trackedStore';

export { todayUtc } from './defaults';
import { todayUtc } from './defaults';

function keysOf(request: HttpRequest): { tenantId: string; workload: string } {
  return parseWith(WorkloadKeySchema, { tenantId: request.params.tenantId, workload: request.params.workload });
}

/** The record as the API returns it, with its ETag in the header too. */
function recordResponse(record: TrackedWorkload, status = 200, extra: Record<string, unknown> = {}): HttpResponseInit {
  const location = `/api/v1/workloads/${record.tenantId}/${record.workload}`;
  return json({ ...record, ...extra }, status, { etag: record.etag, ...(status === 201 ? { location } : {}) });
}

/** Fields the API returns but a client does not set: dropped from PUT and PATCH bodies. */
const READ_ONLY = ['etag', ...TRACKED_DERIVED_FIELDS, 'asOfDate', 'verdict', 'verdictProblems', 'forecast', 'monthsStored'];

/**
 * A PUT or PATCH body without what GET added, so that a record read, changed and sent back
 * is accepted; its tenantId and workload, if present, must be those of the route.
 */
function writableFields(body: unknown, keys: { tenantId: string; workload: string }): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const fields: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const name of READ_ONLY) delete fields[name];
  const issues = [];
  if (fields.tenantId !== undefined) {
    if (typeof fields.tenantId !== 'string' || fields.tenantId.toLowerCase() !== keys.tenantId)
      issues.push({ path: 'tenantId', code: 'custom', message: `is ${JSON.stringify(fields.tenantId)} but the route names tenant ${keys.tenantId}; leave it out or make them agree` });
    delete fields.tenantId;
  }
  if (fields.workload !== undefined) {
    const named = typeof fields.workload === 'string' ? defaultCatalog.workloads.resolve(fields.workload)?.id : undefined;
    if (named !== keys.workload)
      issues.push({ path: 'workload', code: 'custom', message: `is ${JSON.stringify(fields.workload)} but the route names workload ${keys.workload}; leave it out or make them agree` });
    delete fields.workload;
  }
  if (issues.length > 0) throw new EngineInputError(issues);
  return fields;
}

export const putWorkload = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const keys = keysOf(request);
  const { tenantId, workload } = keys;
  const fields = parseWith(TrackedWorkloadSchema, writableFields(await readJson(request), keys));
  const store = await trackedStore();
  const etag = request.headers.get('if-match');
  if (etag === null) return recordResponse(await store.create(tenantId, workload, fields, todayUtc()), 201);
  return recordResponse(await store.replace(tenantId, workload, fields, etag, todayUtc()));
});

export const patchWorkload = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const keys = keysOf(request);
  const { tenantId, workload } = keys;
  const patch = parseWith(TrackedWorkloadPatchSchema, writableFields(await readJson(request), keys));
  const store = await trackedStore();
  return recordResponse(await store.patch(tenantId, workload, patch, request.headers.get('if-match') ?? undefined, todayUtc()));
});

export const deleteWorkload = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { tenantId, workload } = keysOf(request);
  const store = await trackedStore();
  await store.delete(tenantId, workload, request.headers.get('if-match') ?? undefined);
  return { status: 204 };
});

/** The verdict of a stored record on a date, or the problems that keep the engine from judging it. */
async function verdictOf(record: TrackedWorkload, history: readonly UsageMonth[], asOfDate: string): Promise<{ verdict: object | null; verdictProblems?: InputIssue[]; forecast: object | null }> {
  const catalog = await programCatalog();
  const evaluation = evaluateTracked(record, history, asOfDate, catalog);
  return evaluation.judged
    ? { verdict: answerFrom(evaluation.context, evaluation.verdict, catalog, evaluation.advice), forecast: forecastFrom(evaluation.context, evaluation.verdict) }
    : { verdict: null, verdictProblems: evaluation.problems, forecast: null };
}

const AsOfQuery = z.strictObject({ asOfDate: isoDate().optional() });

export const getWorkload = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { tenantId, workload } = keysOf(request);
  const { asOfDate = todayUtc() } = parseWith(AsOfQuery, queryObject(request));
  const store = await trackedStore();
  const [record, history] = await Promise.all([store.get(tenantId, workload), store.usageHistory(tenantId, workload)]);
  return recordResponse(record, 200, { asOfDate, ...(await verdictOf(record, history, asOfDate)) });
});

export const listWorkloads = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { filter, pageSize, continuationToken } = parseWith(listQuerySchema(todayUtc(), await programCatalog()), queryObject(request));
  const store = await trackedStore();
  // As a file: every matching workload, streamed page by page.
  if (wantsCsv(request))
    return csvResponse(
      'tracked-workloads.csv',
      WORKLOAD_COLUMNS,
      allPages((token) => store.list(filter, MAX_PAGE_SIZE, token), continuationToken),
    );
  const page = await store.list(filter, pageSize, continuationToken);
  return json(pageBody(request, page.items, page.continuationToken));
});

export const postUsage = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { tenantId, workload } = keysOf(request);
  const body = await readJson(request);
  const snapshots = isBatch(body) ? parseItems(batchItems(body), (item) => parseWith(UsageSnapshotSchema, item)) : [parseWith(UsageSnapshotSchema, body)];
  const months = new Map<string, number>();
  snapshots.forEach((s, i) => {
    const first = months.get(s.month);
    if (first !== undefined) throw new EngineInputError([{ path: `items[${i}].month`, code: 'custom', message: `${s.month} appears twice (also at items[${first}])` }]);
    months.set(s.month, i);
  });
  const store = await trackedStore();
  const record = await store.recordUsage(tenantId, workload, snapshots, todayUtc());
  return recordResponse(record, 200, { monthsStored: snapshots.length });
});

export const getUsage = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { tenantId, workload } = keysOf(request);
  const store = await trackedStore();
  await store.get(tenantId, workload);
  return json({ tenantId, workload, months: await store.usageHistory(tenantId, workload) });
});

/** At most this many workloads per lookup (the add-in's TRACKED cells come in batches of this size). */
export const MAX_LOOKUP_ITEMS = 1000;

const LookupSchema = z.strictObject({
  items: z
    .array(z.strictObject({ tenantId: z.string(), workload: z.string() }))
    .min(1, { error: 'needs at least one { tenantId, workload }' })
    .max(MAX_LOOKUP_ITEMS, { error: `has more than ${MAX_LOOKUP_ITEMS} items; split the lookup` }),
});

/**
 * POST /api/v1/workloads/lookup: many tracked workloads by key in one call (the add-in's
 * TRACKED cells). Each item answers in order with `found` and the record, or why not: a key
 * that is not a valid tenant or workload is reported on its item, not as a 400 for all.
 */
export const lookupWorkloads = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { items } = parseWith(LookupSchema, await readJson(request));
  const store = await trackedStore();
  const answers = new Array<Record<string, unknown>>(items.length);
  const valid: Array<{ at: number; tenantId: string; workload: string }> = [];
  items.forEach((item, i) => {
    const keys = WorkloadKeySchema.safeParse(item);
    if (keys.success) valid.push({ at: i, tenantId: keys.data.tenantId, workload: keys.data.workload });
    else answers[i] = { ...item, found: false, problem: keys.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ') };
  });
  // By tenant: one partition read per tenant rather than a point read per key.
  const records = await store.getMany(valid);
  valid.forEach((k, n) => {
    const record = records[n];
    const item = items[k.at]!;
    answers[k.at] = record ? { ...item, found: true, record } : { ...item, found: false, problem: new EntityNotFound(`Workload ${k.workload} of tenant ${k.tenantId}`).message };
  });
  return json({ items: answers });
});
