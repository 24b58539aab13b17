/**
 * What Microsoft paid against what the engine predicts (functions/storage/reconciliationOf.ts
 * over the engine's shared/earnings):
 * - GET /api/v1/reconciliation?asOfDate=&month=&status=&tenantId=&pageSize=&continuationToken=
 *   one line per tracked workload and month from the claim's approval, with its status,
 *   sentence, likely cause and dispute deadline; paged; `Accept: text/csv` answers the page as CSV;
 * - GET /api/v1/reconciliation/summary?asOfDate=&tenantId= totals predicted, paid and missing,
 *   by status and by customer segment and cloud, and Partner Center's cap report beside our
 *   figures (shared/earnings/capReport.ts; with tenantId, the caps of that customer only);
 * - GET /api/v1/workloads/{tenantId}/{workload}/payout?asOfDate= a tracked workload's payout,
 *   line by line, each line with what was predicted and what the imported earnings paid;
 * - POST /api/v1/reconciliation/lookup `{ asOfDate?, items: [{ tenantId, workload }] }` the
 *   lines of many workloads at once, in the order asked (the add-in's =PI.PAID and
 *   =PI.RECONCILED cells come in batches of up to 1,000);
 * - GET /api/v1/calibration?asOfDate= where the imported earnings show a per-user rate or a
 *   milestone amount other than the catalog's, with the units behind it.
 */
import { programCatalog } from '../storage/catalogSource';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { CapCheck, isoDate, isoMonth, parseWith, RECONCILIATION_STATUSES, ReconciliationTotals, tenantIdSchema, type ReconciliationLine } from '../../shared';
import { csvResponse, wantsCsv } from '../csv/answerCsv';
import { RECONCILIATION_COLUMNS } from '../csv/columns';
import { readCalibration, reconciledWorkloads } from '../storage/reconciliationOf';
import { ineligibleOf, type TenantEarnings, type TpidCodes } from '../storage/earningsStore';
import { EntityNotFound } from '../storage/storageErrors';
import { paidSummary } from '../../shared';
import { reconcileTracked } from '../storage/trackedEarnings';
import { readJson } from './readJson';
import { payoutOfTracked } from '../storage/trackedEarnings';
import { trackedStore } from '../storage/trackedStore';
import { WorkloadKeySchema } from '../storage/trackedWorkload';
import { todayUtc } from './defaults';
import { pageBody, pageSizeParam, queryObject } from './query';
import { handled, json } from './respond';

export const MAX_RECONCILIATION_PAGE = 1000;

const offsetToken = z
  .string()
  .max(20)
  .regex(/^l\d{1,9}$/, { error: 'is not a continuation token this list gave (pass back the one of the previous page)' })
  .transform((t) => Number(t.slice(1)));

const ListQuery = z.strictObject({
  asOfDate: isoDate().optional(),
  month: isoMonth().optional(),
  status: z.enum(RECONCILIATION_STATUSES, { error: `must be one of ${RECONCILIATION_STATUSES.join(', ')}` }).optional(),
  tenantId: tenantIdSchema().optional(),
  pageSize: pageSizeParam(MAX_RECONCILIATION_PAGE).optional(),
  continuationToken: offsetToken.optional(),
});

const SummaryQuery = z.strictObject({ asOfDate: isoDate().optional(), tenantId: tenantIdSchema().optional() });
const AsOfQuery = z.strictObject({ asOfDate: isoDate().optional() });

export const listReconciliation = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  // The team's catalog, loaded if it is not yet (the reconciliation's default is the catalog last loaded).
  await programCatalog();
  const { asOfDate = todayUtc(), month, status, tenantId, pageSize = 100, continuationToken: start = 0 } = parseWith(ListQuery, queryObject(request));
  const store = await trackedStore();
  const lines: ReconciliationLine[] = [];
  for await (const w of reconciledWorkloads(store, asOfDate, { tenantId })) {
    for (const l of w.lines) if ((month === undefined || l.month === month) && (status === undefined || l.status === status)) lines.push(l);
  }
  const page = lines.slice(start, start + pageSize);
  const next = start + pageSize < lines.length ? `l${start + pageSize}` : undefined;
  if (wantsCsv(request)) {
    const file = csvResponse(
      'reconciliation.csv',
      RECONCILIATION_COLUMNS,
      (async function* () {
        yield page;
      })(),
    );
    return next ? { ...file, headers: { ...(file.headers as Record<string, string>), 'x-continuation-token': next } } : file;
  }
  return json({ asOfDate, total: lines.length, ...pageBody(request, page, next) });
});

export const reconciliationSummary = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  // The team's catalog, loaded if it is not yet (the reconciliation's default is the catalog last loaded).
  const catalog = await programCatalog();
  const { asOfDate = todayUtc(), tenantId } = parseWith(SummaryQuery, queryObject(request));
  const store = await trackedStore();
  const earningsStore = store.earningsStore();
  await earningsStore.ensureTable();
  const caps = (await earningsStore.caps()).filter((c) => tenantId === undefined || c.customerId?.toLowerCase() === tenantId);
  const capCheck = new CapCheck(caps, catalog);
  const totals = new ReconciliationTotals(asOfDate);
  let workloads = 0;
  for await (const w of reconciledWorkloads(store, asOfDate, { tenantId }, catalog)) {
    workloads++;
    for (const l of w.lines) {
      totals.add(l);
      capCheck.add(w.record.programId, l);
    }
  }
  return json({ asOfDate, workloads, ...totals.result(), partnerCaps: capCheck.result() });
});

export const trackedPayout = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  // The team's catalog, loaded if it is not yet (the reconciliation's default is the catalog last loaded).
  await programCatalog();
  const { tenantId, workload } = parseWith(WorkloadKeySchema, { tenantId: request.params.tenantId, workload: request.params.workload });
  const { asOfDate = todayUtc() } = parseWith(AsOfQuery, queryObject(request));
  const store = await trackedStore();
  const earningsStore = store.earningsStore();
  await earningsStore.ensureTable();
  const [record, history, paid] = await Promise.all([store.get(tenantId, workload), store.usageHistory(tenantId, workload), earningsStore.ofTenant(tenantId)]);
  const earnings = paid.earnings.get(workload) ?? [];
  const result = payoutOfTracked(record, history, asOfDate, earnings);
  const paidFromEarnings = { totalCents: result.paid.totalCents, earnings: result.paid.earnings.length, enteredByHandCents: result.paid.enteredByHandCents };
  if (result.payout === null) {
    return json({ tenantId, workload, asOfDate, paid: paidFromEarnings, payout: null, problems: result.problems });
  }
  const payout = result.payout.toJSON();
  const lines = payout.lines.map((l) => ({
    ...l,
    predictedCents: l.amountCents,
    paidInEarningsCents: l.milestone !== null ? (result.paid.byMilestone.get(l.milestone) ?? 0) : l.month !== undefined ? (result.paid.byMonth.get(l.month) ?? 0) : 0,
  }));
  return json({ tenantId, workload, asOfDate, paid: paidFromEarnings, payout: { ...payout, lines }, problems: [] });
});

/** At most this many workloads per lookup (the add-in's cells come in batches of this size). */
export const MAX_RECONCILIATION_LOOKUP = 1000;

const LookupSchema = z.strictObject({
  asOfDate: isoDate().optional(),
  items: z
    .array(z.strictObject({ tenantId: z.string(), workload: z.string() }))
    .min(1, { error: 'needs at least one { tenantId, workload }' })
    .max(MAX_RECONCILIATION_LOOKUP, { error: `has more than ${MAX_RECONCILIATION_LOOKUP} items; split the lookup` }),
});

export const reconciliationLookup = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  // The team's catalog, loaded if it is not yet (the reconciliation's default is the catalog last loaded).
  await programCatalog();
  const { asOfDate = todayUtc(), items } = parseWith(LookupSchema, await readJson(request));
  const store = await trackedStore();
  const earningsStore = store.earningsStore();
  await earningsStore.ensureTable();
  // One read of a tenant's earnings serves all its workloads; one read of a TPID's codes all its tenants.
  const tenants = new Map<string, Promise<TenantEarnings>>();
  const tpids = new Map<string, Promise<TpidCodes>>();
  const answers = new Array<Record<string, unknown>>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i]!;
      const keys = WorkloadKeySchema.safeParse(item);
      if (!keys.success) {
        answers[i] = { ...item, found: false, problem: keys.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ') };
        continue;
      }
      const { tenantId, workload } = keys.data;
      let paid = tenants.get(tenantId);
      if (!paid) tenants.set(tenantId, (paid = earningsStore.ofTenant(tenantId)));
      try {
        const [record, history, earnings] = await Promise.all([store.get(tenantId, workload), store.usageHistory(tenantId, workload), paid]);
        const own = earnings.earnings.get(workload) ?? [];
        let byTpid: TpidCodes = new Map();
        if (record.customerTpid !== undefined) {
          let codes = tpids.get(record.customerTpid);
          if (!codes) tpids.set(record.customerTpid, (codes = earningsStore.ofTpids([record.customerTpid])));
          byTpid = await codes;
        }
        const lines = reconcileTracked(record, history, asOfDate, own, ineligibleOf(record, earnings, byTpid));
        answers[i] = { ...item, found: true, paidCents: paidSummary(own).totalCents, lines };
      } catch (e) {
        if (!(e instanceof EntityNotFound)) throw e;
        answers[i] = { ...item, found: false, problem: e.message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, items.length) }, worker));
  return json({ asOfDate, items: answers });
});

export const calibration = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  // The team's catalog, loaded if it is not yet (the reconciliation's default is the catalog last loaded).
  await programCatalog();
  const { asOfDate = todayUtc() } = parseWith(AsOfQuery, queryObject(request));
  const store = await trackedStore();
  return json({ asOfDate, ...(await readCalibration(store, asOfDate)) });
});
