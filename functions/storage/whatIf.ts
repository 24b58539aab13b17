/**
 * What-if: every tracked workload's earnable and owed amounts on a date under the stored figures
 * and under a draft, and the totals, without storing the draft. Both sides go through the one
 * evaluator of a tracked record (evaluateTracked.ts) and the engine's payout, so the stored side
 * is exactly what the API answers today.
 *
 * Per workload: `owedCents` is what the figures say is earned and not paid (tracked records
 * carry no payments, so everything earned is owed), `earnableCents` what could still be earned
 * at today's band (the payout's potential). Per-user programs need a market, which tracked
 * records do not keep: the request's `market` (A by default) is used and the answer says so.
 */
import { payoutFrom, type Catalog, type UsageMonth } from '../../shared';
import { evaluateTracked } from './evaluateTracked';
import type { TrackedWorkload } from './trackedWorkload';
import type { WorkloadStore } from './workloadStore';

export interface Amounts {
  programId: string | null;
  eligible: boolean | null;
  earnableCents: number;
  owedCents: number;
}

export interface WhatIfItem {
  tenantId: string;
  workload: string;
  customerName?: string;
  stored: Amounts;
  draft: Amounts;
  /** Draft minus stored. */
  difference: { earnableCents: number; owedCents: number };
}

export interface WhatIfTotals {
  earnableCents: number;
  owedCents: number;
}

export interface WhatIfResult {
  items: WhatIfItem[];
  totals: { stored: WhatIfTotals; draft: WhatIfTotals; difference: WhatIfTotals };
  /** Workloads the engine could not judge (counted, with nothing added to the totals). */
  notJudged: number;
}

const NOTHING = (programId: string | null): Amounts => ({ programId, eligible: null, earnableCents: 0, owedCents: 0 });

/** One record's amounts under one catalog. */
export function amountsOf(record: TrackedWorkload, history: readonly UsageMonth[], asOfDate: string, catalog: Catalog, market: 'A' | 'B' | 'C'): Amounts {
  const evaluation = evaluateTracked(record, history, asOfDate, catalog);
  if (!evaluation.judged) return NOTHING(null);
  const payout = payoutFrom(catalog, evaluation.context, { market }, evaluation.verdict);
  return { programId: payout.programId, eligible: evaluation.verdict.eligible, earnableCents: payout.potentialCents, owedCents: payout.owedCents };
}

/** Every tracked workload under both catalogs, page by page. */
export async function whatIf(store: WorkloadStore, stored: Catalog, draft: Catalog, asOfDate: string, market: 'A' | 'B' | 'C'): Promise<WhatIfResult> {
  const items: WhatIfItem[] = [];
  const totals = { stored: { earnableCents: 0, owedCents: 0 }, draft: { earnableCents: 0, owedCents: 0 }, difference: { earnableCents: 0, owedCents: 0 } };
  let notJudged = 0;
  let token: string | undefined;
  do {
    const page = await store.list({}, 1000, token);
    token = page.continuationToken;
    for (const record of page.items) {
      const history = await store.usageHistory(record.tenantId, record.workload);
      const before = amountsOf(record, history, asOfDate, stored, market);
      const after = amountsOf(record, history, asOfDate, draft, market);
      if (before.eligible === null) notJudged++;
      const difference = { earnableCents: after.earnableCents - before.earnableCents, owedCents: after.owedCents - before.owedCents };
      items.push({ tenantId: record.tenantId, workload: record.workload, ...(record.customerName ? { customerName: record.customerName } : {}), stored: before, draft: after, difference });
      totals.stored.earnableCents += before.earnableCents;
      totals.stored.owedCents += before.owedCents;
      totals.draft.earnableCents += after.earnableCents;
      totals.draft.owedCents += after.owedCents;
    }
  } while (token !== undefined);
  totals.difference = { earnableCents: totals.draft.earnableCents - totals.stored.earnableCents, owedCents: totals.draft.owedCents - totals.stored.owedCents };
  return { items, totals, notJudged };
}
