/**
 * The formulas that read the tracked customers and the nightly change feed through the API.
 * Calls are batched and cached by the client; a failed call shows #N/A with the reason in
 * every cell that waited on it.
 */
import { TRACKED_WORKLOAD_FIELDS } from '../../shared';
import type { IncentivesApi } from './apiClient';
import { cellAt, dateOf, messageOf, shapeOf, textOf, type Cell } from './cells';
import { notAvailable, valueError } from './formulaErrors';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Fields TRACKED shows: a tracked workload's fields as the API returns them (shared/trackedRecord.ts). */
export const TRACKED_FIELDS = TRACKED_WORKLOAD_FIELDS;

let api: IncentivesApi | null = null;

/** The client the formulas use (set once by the functions page). */
export function useApi(client: IncentivesApi): void {
  api = client;
}

function client(): IncentivesApi {
  if (!api) throw notAvailable('The add-in is not connected to the API yet.');
  return api;
}

/**
 * A field of a tracked workload as stored (and as the last night judged it): e.g. claimStatus, sizeBand, eligible, paidAvailableUnits.
 * @customfunction TRACKED
 * @helpurl https://localhost:3000/help.html#TRACKED
 * @param tenantId The customer's tenant ID (a cell or a column).
 * @param workload Workload, e.g. "MDE" (a cell or a column).
 * @param field One of: tenantId, workload, customerName, customerTpid, programId, licenseProgram, cloud, segment, country, paidAvailableUnits (PAU), monthlyActiveUsers (MAU), usageMonth, claimStatus, claimStatusDate, claimRejectionReason, claimDisputedDate, claimDate, claimApprovedDate, highWaterMark (HWM), paidAvailableUnitsAtClaim, claimId, poeAcknowledgementDate, poeReference, partnerId, claimingPartnerId, associationType, market (A, B or C: sets per-user rates), notes, sizeBand, eligible, evaluatedOn, advice, adviceReason, toEarnCents, updatedAt.
 * @returns The field's value; #N/A when the workload is not tracked.
 */
export async function tracked(tenantId: any[][], workload: any[][], field: any[][]): Promise<any[][]> {
  let shape;
  try {
    shape = shapeOf({ tenantId, workload, field });
  } catch (e) {
    throw valueError(messageOf(e, 0));
  }
  const api = client();
  const rows: Array<Promise<unknown[]>> = [];
  for (let i = 0; i < shape.rows; i++) {
    const cols: Array<Promise<unknown>> = [];
    for (let j = 0; j < shape.cols; j++) {
      const t = textOf(cellAt(tenantId, i, j));
      const w = textOf(cellAt(workload, i, j));
      const f = textOf(cellAt(field, i, j));
      const row = shape.rows * shape.cols > 1 ? `row ${i * shape.cols + j + 1}: ` : '';
      if (t === undefined || w === undefined || f === undefined) {
        cols.push(Promise.resolve(valueError(`${row}${t === undefined ? 'tenantId' : w === undefined ? 'workload' : 'field'}: is required`)));
        continue;
      }
      // A field that is not one is refused at once, naming the valid ones (no request made).
      if (!TRACKED_FIELDS.includes(f)) {
        cols.push(Promise.resolve(valueError(`${row}field: "${f}" is not a field of a tracked workload; use one of ${TRACKED_FIELDS.join(', ')}`)));
        continue;
      }
      cols.push(
        api.tracked(t, w).then(
          (record) => {
            if (record === null) return notAvailable(`${row}${w} of tenant ${t} is not tracked`);
            const value = record[f];
            if (value === undefined || value === null) return '';
            return typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as unknown);
          },
          (e: unknown) => notAvailable(`${row}${e instanceof Error ? e.message : String(e)}`),
        ),
      );
    }
    rows.push(Promise.all(cols));
  }
  return Promise.all(rows);
}

/** Fields RECONCILED shows of a month's reconciliation line (amounts in dollars). */
export const RECONCILED_FIELDS = ['status', 'predicted', 'paid', 'difference', 'message', 'likelyCause', 'disputeBy', 'partnerCenterCode'] as const;

/** Runs one cell per (tenantId, workload, extra...) position, with the row named in messages. */
async function perCell(args: Record<string, any[][]>, cell: (get: (name: string) => Cell, row: string) => Promise<unknown> | unknown): Promise<any[][]> {
  let shape;
  try {
    shape = shapeOf(args);
  } catch (e) {
    throw valueError(messageOf(e, 0));
  }
  const rows: Array<Promise<unknown[]>> = [];
  for (let i = 0; i < shape.rows; i++) {
    const cols: Array<Promise<unknown>> = [];
    for (let j = 0; j < shape.cols; j++) {
      const row = shape.rows * shape.cols > 1 ? `row ${i * shape.cols + j + 1}: ` : '';
      cols.push(Promise.resolve().then(() => cell((name) => cellAt(args[name]!, i, j), row)));
    }
    rows.push(Promise.all(cols));
  }
  return Promise.all(rows);
}

/** A month cell as YYYY-MM (a date cell, "2025-03" or "2025-03-31"), or undefined when it is not one. */
function monthOf(v: Cell): string | undefined {
  const d = dateOf(v);
  return typeof d === 'string' && /^\d{4}-\d{2}/.test(d) ? d.slice(0, 7) : undefined;
}

/**
 * What Microsoft paid for a tracked workload, from the imported earnings (each earningId once), in dollars: in all, or for one month.
 * @customfunction PAID
 * @helpurl https://localhost:3000/help.html#PAID
 * @param tenantId The customer's tenant ID (a cell or a column).
 * @param workload Workload, e.g. "Teams" (a cell or a column).
 * @param [month] The month that earned (a date cell or 2025-03); all months without it.
 * @returns The amount paid in dollars; #N/A when the workload is not tracked.
 */
export async function paid(tenantId: any[][], workload: any[][], month?: any[][]): Promise<any[][]> {
  const api = client();
  const args: Record<string, any[][]> = { tenantId, workload };
  if (month !== undefined && month !== null) args.month = month;
  return perCell(args, async (get, row) => {
    const t = textOf(get('tenantId'));
    const w = textOf(get('workload'));
    if (t === undefined || w === undefined) return valueError(`${row}${t === undefined ? 'tenantId' : 'workload'}: is required`);
    const rawMonth = args.month ? get('month') : undefined;
    const m = rawMonth === undefined || textOf(rawMonth) === undefined ? undefined : monthOf(rawMonth);
    if (rawMonth !== undefined && textOf(rawMonth) !== undefined && m === undefined) return valueError(`${row}month: must be a month (a date cell or text like 2025-03)`);
    try {
      const r = await api.reconciled(t, w);
      if (r === null) return notAvailable(`${row}${w} of tenant ${t} is not tracked`);
      if (m === undefined) return r.paidCents / 100;
      return (r.lines.find((l) => l.month === m)?.paidCents ?? 0) / 100;
    } catch (e) {
      return notAvailable(`${row}${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/**
 * A field of a tracked workload's reconciliation for a month: status (matched, underpaid, missing...), predicted, paid, difference (dollars), message, likelyCause, disputeBy, partnerCenterCode.
 * @customfunction RECONCILED
 * @helpurl https://localhost:3000/help.html#RECONCILED
 * @param tenantId The customer's tenant ID (a cell or a column).
 * @param workload Workload, e.g. "Teams" (a cell or a column).
 * @param month The month that earned (a date cell or 2025-03).
 * @param field status, predicted, paid, difference, message, likelyCause, disputeBy or partnerCenterCode.
 * @returns The field's value; #N/A when the workload is not tracked or the month is not reconciled.
 */
export async function reconciled(tenantId: any[][], workload: any[][], month: any[][], field: any[][]): Promise<any[][]> {
  const api = client();
  return perCell({ tenantId, workload, month, field }, async (get, row) => {
    const t = textOf(get('tenantId'));
    const w = textOf(get('workload'));
    const f = textOf(get('field'));
    const m = monthOf(get('month'));
    if (t === undefined || w === undefined || f === undefined) return valueError(`${row}${t === undefined ? 'tenantId' : w === undefined ? 'workload' : 'field'}: is required`);
    if (m === undefined) return valueError(`${row}month: must be a month (a date cell or text like 2025-03)`);
    if (!(RECONCILED_FIELDS as readonly string[]).includes(f)) return valueError(`${row}field: "${f}" is not a field of a reconciliation line (one of ${RECONCILED_FIELDS.join(', ')})`);
    try {
      const r = await api.reconciled(t, w);
      if (r === null) return notAvailable(`${row}${w} of tenant ${t} is not tracked`);
      const line = r.lines.find((l) => l.month === m);
      if (!line) return notAvailable(`${row}${m} is not reconciled for ${w} of tenant ${t} (months run from the claim's approval to today)`);
      const value = f === 'predicted' ? line.predictedCents / 100 : f === 'paid' ? line.paidCents / 100 : f === 'difference' ? line.differenceCents / 100 : line[f];
      return value === null || value === undefined ? '' : value;
    } catch (e) {
      return notAvailable(`${row}${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** The columns CHANGES_SINCE spills, under a header row. */
export const CHANGE_COLUMNS = ['night', 'tenantId', 'customerName', 'workload', 'kind', 'why', 'advice'] as const;

/**
 * The nightly changes since a date, one row each under a header: night, tenant, customer, workload, kind, why, advice.
 * @customfunction CHANGES_SINCE
 * @helpurl https://localhost:3000/help.html#CHANGES_SINCE
 * @param since The date to list changes from (a date cell).
 * @returns The changes, spilled.
 */
export async function changesSince(since: any): Promise<any[][]> {
  const from = dateOf(Array.isArray(since) ? cellAt(since, 0, 0) : since);
  if (typeof from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(from)) throw valueError('since: must be a date (a date cell or text like 2026-11-22)');
  let items;
  try {
    items = await client().changesSince(from);
  } catch (e) {
    throw notAvailable(e instanceof Error ? e.message : String(e));
  }
  const out: unknown[][] = [[...CHANGE_COLUMNS]];
  for (const c of items) out.push([c.night, c.tenantId, c.customerName ?? '', c.workload, c.kind, c.reasons[0]?.message ?? '', c.advice.action]);
  return out;
}
