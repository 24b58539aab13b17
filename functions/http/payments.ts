/**
 * Payments entered by hand where no export has them (functions/storage/handPayments.ts):
 * - POST   /api/v1/workloads/{tenantId}/{workload}/payments       record one (201; 200 when the
 *   same payment, by id or by figures, is already recorded: never doubled; 409 when the id is
 *   taken by other figures)
 * - GET    /api/v1/workloads/{tenantId}/{workload}/payments       the workload's, each counted or
 *   superseded by an imported earning, in words
 * - DELETE /api/v1/workloads/{tenantId}/{workload}/payments/{id}  remove one (204)
 * The payout, reconciliation, PAID and the nightly count them with the imported earnings.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { formatMoney, paidSummary, parseWith, supersededWords, type Earning, type Superseded } from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { handEarning, handPaymentOf, samePayment } from '../storage/handPayments';
import { trackedStore } from '../storage/trackedStore';
import { WorkloadKeySchema } from '../storage/trackedWorkload';
import { todayUtc } from './defaults';
import { Conflict } from './problems';
import { readJson } from './readJson';
import { handled, json } from './respond';

const usd = (c: number) => formatMoney(c, 'USD');

/** A payment as answered, with whether it counts and why not. */
function paymentBody(e: Earning, superseded: Superseded | undefined) {
  const h = e.entered!;
  const what = `${usd(e.amountUsdCents)} for ${e.month}${e.milestone === null ? '' : ` (milestone ${e.milestone})`}${e.claimId === null ? '' : ` on claim ${e.claimId}`}, entered by hand on ${h.enteredAt.slice(0, 10)}${h.enteredBy === null ? '' : ` by ${h.enteredBy}`}`;
  return {
    id: h.id,
    month: e.month,
    amountCents: e.amountUsdCents,
    milestone: e.milestone,
    claimId: e.claimId,
    note: h.note,
    enteredBy: h.enteredBy,
    enteredAt: h.enteredAt,
    counted: superseded === undefined,
    supersededBy: superseded === undefined ? [] : superseded.by.map((i) => i.earningKey),
    message: superseded === undefined ? `${what}: counted as paid (no export has it).` : `${what}: not counted; ${supersededWords(superseded)}.`,
  };
}

async function workloadOf(request: HttpRequest) {
  const { tenantId, workload } = parseWith(WorkloadKeySchema, { tenantId: request.params.tenantId, workload: request.params.workload });
  const store = await trackedStore();
  const record = await store.get(tenantId, workload);
  const earnings = store.earningsStore();
  await earnings.ensureTable();
  return { tenantId, workload, record, earnings };
}

export const postPayment = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const catalog = await programCatalog();
  const { tenantId, workload, record, earnings } = await workloadOf(request);
  const payment = handPaymentOf(await readJson(request), record, catalog, todayUtc());
  const { earning, created } = await earnings.addHandPayment(handEarning(tenantId, workload, payment, new Date().toISOString()));
  if (!created && !samePayment(earning, payment)) {
    throw new Conflict(
      `Payment "${payment.id}" is already recorded with other figures (${usd(earning.amountUsdCents)} for ${earning.month}); nothing was written. DELETE it first, or give the new payment another id.`,
    );
  }
  const own = await earnings.ofTenant(tenantId);
  const superseded = paidSummary(own.earnings.get(workload) ?? []).superseded.find((s) => s.entry.entered?.id === payment.id);
  const location = `/api/v1/workloads/${tenantId}/${workload}/payments/${payment.id}`;
  return json({ created, payment: paymentBody(earning, superseded) }, created ? 201 : 200, { location });
});

export const listPayments = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { tenantId, workload, earnings } = await workloadOf(request);
  const own = (await earnings.ofTenant(tenantId)).earnings.get(workload) ?? [];
  const paid = paidSummary(own);
  const byId = new Map(paid.superseded.map((s) => [s.entry.entered!.id, s]));
  const items = own
    .filter((e) => e.entered !== undefined)
    .sort((a, b) => (a.entered!.enteredAt < b.entered!.enteredAt ? -1 : a.entered!.enteredAt > b.entered!.enteredAt ? 1 : 0))
    .map((e) => paymentBody(e, byId.get(e.entered!.id)));
  return json({ tenantId, workload, countedCents: paid.enteredByHandCents, items });
});

export const deletePayment = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { tenantId, workload, earnings } = await workloadOf(request);
  await earnings.deleteHandPayment(tenantId, workload, request.params.id ?? '');
  return { status: 204 };
});
