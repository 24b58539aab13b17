/**
 * POST /api/v1/payout: one workload's facts with its usage history and what was paid, or
 * `{ items: [...], partnerCapCents?, earnedBeforeCents?, caps? }` for many workloads of one
 * partner, the partner cap of each program year applied across its workloads in the order given.
 * asOfDate and programId may be left out (defaults.ts); the answer says which defaults it used.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { calculatePayout, calculatePayouts, type PayoutBatchInput, type PayoutInput, type PayoutResultJson } from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { batchItems, isBatch } from './batch';
import { todayUtc, withDefaults, type DefaultUsed } from './defaults';
import { readJson } from './readJson';
import { handled, json } from './respond';

/** An answer with the defaults it used first, when it used any. */
function withUsed(answer: PayoutResultJson, used: DefaultUsed[] | null): PayoutResultJson & { defaultsUsed?: DefaultUsed[] } {
  return used ? { defaultsUsed: used, ...answer } : answer;
}

export const payout = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const body = await readJson(request);
  const catalog = await programCatalog();
  const today = todayUtc();
  if (isBatch(body)) {
    const filled = batchItems(body).map((item) => withDefaults(item, today, catalog));
    const result = calculatePayouts({ ...(body as object), items: filled.map((f) => f.item) } as PayoutBatchInput, catalog);
    return json({ ...result, items: result.items.map((r, i) => withUsed(r.toJSON(), filled[i]?.used ?? null)) });
  }
  const { item, used } = withDefaults(body, today, catalog);
  return json(withUsed(calculatePayout(item as PayoutInput, catalog).toJSON(), used));
});
