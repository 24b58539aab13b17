/**
 * POST /api/v1/payout: one workload's facts with its usage history and what was paid, or
 * `{ items: [...], partnerCapCents?, earnedBeforeCents?, caps? }` for many workloads of one
 * partner, the partner cap of each program year applied across its workloads in the order given.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { calculatePayout, calculatePayouts, type PayoutBatchInput, type PayoutInput } from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { batchItems, isBatch } from './batch';
import { readJson } from './readJson';
import { handled, json } from './respond';

export const payout = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const body = await readJson(request);
  const catalog = await programCatalog();
  if (isBatch(body)) {
    batchItems(body);
    return json(calculatePayouts(body as PayoutBatchInput, catalog));
  }
  return json(calculatePayout(body as PayoutInput, catalog));
});
